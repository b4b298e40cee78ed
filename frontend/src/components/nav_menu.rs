//! Navigation: the entries the signed-in user's roles allow.

use crate::api::Session;
use crate::i18n::{t, Key};
use crate::route::{use_page, Page};
use leptos::prelude::*;

/// Whether the navigation is open on a phone screen (style.css shows it always on wider ones).
#[derive(Debug, Clone, Copy)]
pub struct NavOpen(pub RwSignal<bool>);

#[component]
pub fn NavMenu() -> impl IntoView {
    let session = Session::use_session();
    let page = use_page();
    let open = use_context::<NavOpen>().map(|o| o.0);

    let entries = Memo::new(move |_| {
        session.user.with(|u| {
            u.as_ref()
                .map(|u| Page::visible_for(&u.roles))
                .unwrap_or_default()
        })
    });

    view! {
        <nav
            id="main-nav"
            class="nav"
            class:open=move || open.is_some_and(|o| o.get())
            aria-label=t(Key::MainNav)
        >
            <ul>
                {move || {
                    entries
                        .get()
                        .into_iter()
                        .map(|p| {
                            let active = move || page.get().nav_root() == p;
                            view! {
                                <li>
                                    <a
                                        href=p.href()
                                        data-page=p.slug()
                                        class="nav-link"
                                        class:active=active
                                        aria-current=move || active().then_some("page")
                                        on:click=move |_| {
                                            if let Some(o) = open {
                                                o.set(false);
                                            }
                                        }
                                    >
                                        {t(p.label())}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </nav>
    }
}
