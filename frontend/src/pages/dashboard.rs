//! 工作台: a greeting and the entries the user's roles allow.

use crate::api::Session;
use crate::i18n::{t, t_name, Key};
use crate::route::{is_placeholder, Page};
use leptos::prelude::*;

#[component]
pub fn Dashboard() -> impl IntoView {
    let session = Session::use_session();
    let greeting = move || {
        session.user.with(|u| {
            t_name(
                Key::DashboardWelcome,
                u.as_ref().map(|u| u.display_name.as_str()).unwrap_or(""),
            )
        })
    };
    let entries = move || {
        session.user.with(|u| {
            u.as_ref()
                .map(|u| Page::visible_for(&u.roles))
                .unwrap_or_default()
                .into_iter()
                .filter(|p| *p != Page::Dashboard)
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section id="dashboard" class="page">
            <h1 class="page-title">{greeting}</h1>
            <p class="muted">{t(Key::DashboardIntro)}</p>
            <h2 class="section-title">{t(Key::DashboardEntries)}</h2>
            <ul class="tiles">
                {move || {
                    entries()
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <a class="tile" href=p.href() data-page=p.slug()>
                                        <span class="tile-title">{t(p.label())}</span>
                                        {is_placeholder(p)
                                            .then(|| {
                                                view! {
                                                    <span class="badge">{t(Key::ComingSoonBadge)}</span>
                                                }
                                            })}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
