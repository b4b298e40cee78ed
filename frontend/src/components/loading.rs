//! Loading states: [`Loading`] while the session is being restored, [`PageLoading`] while a
//! page's own wasm file is fetched (lazy_pages.rs).

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

/// A page whose code is still on its way (lazy_pages.rs); the shell around it stays usable.
#[component]
pub fn PageLoading() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{t(Key::PageLoading)}</span>
        </div>
    }
}
