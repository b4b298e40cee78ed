//! The top bar: product name, the signed-in user, and the logout button.

use crate::api::Session;
use crate::components::nav_menu::NavOpen;
use crate::i18n::{t, Key};
use crate::route::{set_hash, use_page, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TopBar() -> impl IntoView {
    let session = Session::use_session();
    let page = use_page();
    let pending = RwSignal::new(false);
    let nav_open = use_context::<NavOpen>().map(|o| o.0);
    let expanded = move || nav_open.is_some_and(|o| o.get());

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
                <button
                    id="nav-toggle"
                    type="button"
                    class="nav-toggle"
                    aria-controls="main-nav"
                    aria-expanded=move || expanded().to_string()
                    on:click=move |_| {
                        if let Some(o) = nav_open {
                            o.update(|v| *v = !*v);
                        }
                    }
                >
                    <span class="nav-toggle-bars" aria-hidden="true"></span>
                    {t(Key::NavMenuButton)}
                </button>
                <span class="brand-mark" aria-hidden="true"></span>
                <span class="brand-name">{t(Key::AppName)}</span>
                <span class="brand-latin" data-latin-ok="">{t(Key::AppNameLatin)}</span>
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
