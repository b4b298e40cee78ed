//! Placeholder (即将推出) for pages that later issues build.

use crate::i18n::{t, Key};
use crate::route::Page;
use leptos::prelude::*;

#[component]
pub fn ComingSoon(page: Page) -> impl IntoView {
    view! {
        <section id="coming-soon" class="page" data-page=page.slug()>
            <h1 class="page-title">
                {t(page.label())}
                <span class="badge">{t(Key::ComingSoonBadge)}</span>
            </h1>
            <div class="card placeholder">
                <p>{t(Key::ComingSoonBody)}</p>
            </div>
        </section>
    }
}
