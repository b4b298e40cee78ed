//! The top bar: product name, the signed-in user, and the logout button.

use crate::api::Session;
use crate::i18n::{t, Key};
use crate::route::{set_hash, use_page, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TopBar() -> impl IntoView {
    let session = Session::use_session();
    let page = use_page();
    let pending = RwSignal::new(false);

    let display_name = move || {
        session
            .user
            .with(|u| u.as_ref().map(|u| u.display_name.clone()))
            .unwrap_or_default()
    };

    let on_logout = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            session.logout().await;
            page.set(Page::DEFAULT);
            set_hash(Page::DEFAULT);
            pending.try_set(false);
        });
    };

    view! {
        <header class="top-bar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true"></span>
                <span class="brand-name">{t(Key::AppName)}</span>
                <span class="brand-latin">{t(Key::AppNameLatin)}</span>
            </div>
            <div class="user-box">
                <span class="visually-hidden">{t(Key::CurrentUser)}</span>
                <span id="current-user" class="current-user">
                    {display_name}
                </span>
                <button
                    id="logout"
                    type="button"
                    class="btn btn-light"
                    on:click=on_logout
                    disabled=move || pending.get()
                >
                    {move || if pending.get() { t(Key::LogoutPending) } else { t(Key::Logout) }}
                </button>
            </div>
        </header>
    }
}
