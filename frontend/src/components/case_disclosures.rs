//! The disclosures made from a case (公示), on the case page: status and a link to each, for
//! the roles that work on disclosures. Shows nothing when there are none.

use crate::api::Session;
use crate::format::{chinese_part, date_zh, wire};
use crate::i18n::{resource_type_key, t, Key};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::disclosure::{DisclosureQuery, DisclosureSummary};
use uuid::Uuid;

#[component]
pub fn CaseDisclosures(case_id: Uuid) -> impl IntoView {
    let session = Session::use_session();
    let items = RwSignal::new(Vec::<DisclosureSummary>::new());
    let may = session.user.with_untracked(|u| {
        u.as_ref()
            .is_some_and(|u| Page::Disclosure.allowed_for(&u.roles))
    });
    if may {
        spawn_local(async move {
            let q = DisclosureQuery {
                status: None,
                case_id: Some(case_id),
            };
            if let Ok(list) = session.disclosures(&q).await {
                items.try_set(list.items);
            }
        });
    }
    move || {
        let list = items.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="card disclosure-card" id="case-disclosures">
                    <h2 class="section-title">{t(Key::DiscCaseTitle)}</h2>
                    <ul class="deadline-list">
                        {list
                            .into_iter()
                            .map(|d| {
                                view! {
                                    <li class="deadline">
                                        <a href=Page::DisclosureItem(d.id).href()>{t(resource_type_key(d.resource_type))}</a>
                                        " "
                                        <span class=format!("badge disclosure-status-{}", wire(&d.status))>{d.status_label}</span>
                                        {d.overdue.then(|| view! { " " <span class="badge badge-danger">{t(Key::OverdueBadge)}</span> })}
                                        <div class="muted small">{t(Key::DiscColDueOn)} " " {d.due_on.map(date_zh).or(d.due_note.as_deref().map(chinese_part)).unwrap_or_else(|| "—".to_owned())}</div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
