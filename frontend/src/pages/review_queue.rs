//! 法制审核: the reviewer's queue — new requests awaiting a reviewer, resubmissions after a
//! return, overdue reviews, one's own, or all.

use crate::api::Session;
use crate::format::{date_time, date_zh, wire};
use crate::i18n::{review_status_key, t, t_name, Key};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::review::{ReviewQueueQuery, ReviewSummary};
use sanxiang_domain::review::ReviewStatus;

/// A tab of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    New,
    Resubmitted,
    Overdue,
    Mine,
    All,
}

impl Tab {
    fn query(self, me: Option<uuid::Uuid>) -> ReviewQueueQuery {
        let mut q = ReviewQueueQuery::default();
        match self {
            Tab::New => q.status = Some(ReviewStatus::Requested),
            Tab::Resubmitted => q.status = Some(ReviewStatus::Resubmitted),
            Tab::Overdue => q.overdue = Some(true),
            Tab::Mine => q.reviewer = me,
            Tab::All => {}
        }
        q
    }
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let session = Session::use_session();
    let me = session.user.get_untracked().map(|u| u.id);
    let tab = RwSignal::new(Tab::New);
    let items = RwSignal::new(None::<Vec<ReviewSummary>>);
    let error = RwSignal::new(None::<String>);

    Effect::new(move |_| {
        let query = tab.get().query(me);
        items.set(None);
        spawn_local(async move {
            match session.review_queue(&query).await {
                Ok(list) => {
                    error.try_set(None);
                    items.try_set(Some(list.items));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    });

    let tab_button = move |value: Tab, key: Key, id: &'static str| {
        view! {
            <button
                id=id
                type="button"
                class="tab"
                class:active=move || tab.get() == value
                aria-pressed=move || (tab.get() == value).to_string()
                on:click=move |_| tab.set(value)
            >
                {t(key)}
            </button>
        }
    };

    view! {
        <section id="review-queue" class="page page-wide">
            <div class="page-head">
                <h1 class="page-title">{t(Key::ReviewQueueTitle)}</h1>
                <a class="btn btn-secondary" href=Page::Catalogue.href()>{t(Key::NavCatalogue)}</a>
            </div>
            <div class="tabs" role="group">
                {tab_button(Tab::New, Key::ReviewTabNew, "queue-new")}
                {tab_button(Tab::Resubmitted, Key::ReviewTabResubmitted, "queue-resubmitted")}
                {tab_button(Tab::Overdue, Key::ReviewTabOverdue, "queue-overdue")}
                {tab_button(Tab::Mine, Key::ReviewTabMine, "queue-mine")}
                {tab_button(Tab::All, Key::All, "queue-all")}
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match items.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => {
                    view! { <p id="queue-empty" class="card muted">{t(Key::ReviewQueueEmpty)}</p> }.into_any()
                }
                Some(list) => {
                    view! {
                        <table id="queue-table" class="data-table stack-on-phone">
                            <thead>
                                <tr>
                                    <th>{t(Key::ColCaseNumber)}</th>
                                    <th>{t(Key::ColTitle)}</th>
                                    <th>{t(Key::ColParty)}</th>
                                    <th>{t(Key::ColHandler)}</th>
                                    <th>{t(Key::ColStatus)}</th>
                                    <th>{t(Key::ReviewReviewer)}</th>
                                    <th>{t(Key::ColDue)}</th>
                                    <th>{t(Key::ReviewRequestedAt)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|r| {
                                        view! {
                                            <tr class="queue-row" class:overdue=r.overdue data-case-id=r.case_id.to_string() data-status=wire(&r.status)>
                                                <td data-label=t(Key::ColCaseNumber) class="cell-main">
                                                    <a class="queue-link" href=Page::Review(r.case_id).href()>{r.case_number}</a>
                                                </td>
                                                <td data-label=t(Key::ColTitle)>{r.case_title}</td>
                                                <td data-label=t(Key::ColParty)>{r.party_name}</td>
                                                <td data-label=t(Key::ColHandler)>{r.handling_officer.name}</td>
                                                <td data-label=t(Key::ColStatus)>
                                                    <span class=format!("badge review-status-{}", wire(&r.status))>{t(review_status_key(r.status))}</span>
                                                    {(r.round > 1).then(|| view! { <span class="muted small">" " {t_name(Key::ReviewRoundN, &r.round.to_string())}</span> })}
                                                    {r.overdue.then(|| view! { <span class="badge badge-danger">{t(Key::OverdueBadge)}</span> })}
                                                </td>
                                                <td data-label=t(Key::ReviewReviewer)>
                                                    {r.reviewer.map(|u| u.name).unwrap_or_else(|| t(Key::ReviewUnassigned).to_owned())}
                                                </td>
                                                <td data-label=t(Key::ColDue)>{r.due_on.map(date_zh).unwrap_or_else(|| "—".to_owned())}</td>
                                                <td data-label=t(Key::ReviewRequestedAt) class="muted small">{date_time(r.requested_at)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
