//! Shown when the current page is not open to the user's roles.

use crate::i18n::{t, Key};
use crate::route::Page;
use leptos::prelude::*;

#[component]
pub fn NotAllowed() -> impl IntoView {
    view! {
        <section id="not-allowed" class="page">
            <div class="card notice" role="alert">
                <p>{t(Key::NotAllowed)}</p>
                <p>
                    <a href=Page::DEFAULT.href()>{t(Page::DEFAULT.label())}</a>
                </p>
            </div>
        </section>
    }
}
