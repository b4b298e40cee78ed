//! Shown while the session is being restored.

use crate::i18n::{t, Key};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div id="app-loading" class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{t(Key::Loading)}</span>
        </div>
    }
}
