//! 公示管理: the disclosure queue — drafts made automatically from decided cases (due soon,
//! overdue), awaiting the second person's review, published, not published, withdrawn, expired.

use crate::api::Session;
use crate::format::{chinese_part, date_zh, wire};
use crate::i18n::{disclosure_status_key, kind_key, resource_type_key, t, t_name, Key};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::disclosure::{DisclosureQuery, DisclosureStatus, DisclosureSummary};

/// The tabs: everything (most urgent first), then one per status.
const TABS: [Option<DisclosureStatus>; 7] = [
    None,
    Some(DisclosureStatus::Draft),
    Some(DisclosureStatus::PendingReview),
    Some(DisclosureStatus::Published),
    Some(DisclosureStatus::NotPublished),
    Some(DisclosureStatus::Withdrawn),
    Some(DisclosureStatus::Expired),
];

#[component]
pub fn DisclosureQueuePage() -> impl IntoView {
    let session = Session::use_session();
    let tab = RwSignal::new(None::<DisclosureStatus>);
    let items = RwSignal::new(None::<Vec<DisclosureSummary>>);
    let error = RwSignal::new(None::<String>);

    Effect::new(move |_| {
        let query = DisclosureQuery {
            status: tab.get(),
            case_id: None,
        };
        items.set(None);
        spawn_local(async move {
            match session.disclosures(&query).await {
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

    let tab_button = move |value: Option<DisclosureStatus>| {
        let id = format!(
            "disc-tab-{}",
            value.map(|s| wire(&s)).unwrap_or_else(|| "all".to_owned())
        );
        let label = value.map(disclosure_status_key).unwrap_or(Key::All);
        view! {
            <button
                id=id
                type="button"
                class="tab"
                class:active=move || tab.get() == value
                aria-pressed=move || (tab.get() == value).to_string()
                on:click=move |_| tab.set(value)
            >
                {t(label)}
            </button>
        }
    };

    view! {
        <section id="disclosure-queue" class="page page-wide">
            <div class="page-head">
                <h1 class="page-title">{t(Key::DiscQueueTitle)}</h1>
                <a class="btn btn-secondary" href="/public/decisions" target="_blank">{t(Key::DiscOpenPublic)}</a>
            </div>
            <p class="muted small">{t(Key::DiscQueueHint)}</p>
            <div class="tabs" role="group">{TABS.into_iter().map(tab_button).collect_view()}</div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match items.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => {
                    view! { <p id="disc-queue-empty" class="card muted">{t(Key::DiscQueueEmpty)}</p> }.into_any()
                }
                Some(list) => {
                    view! {
                        <table id="disc-queue-table" class="data-table stack-on-phone">
                            <thead>
                                <tr>
                                    <th>{t(Key::ColCaseNumber)}</th>
                                    <th>{t(Key::ColParty)}</th>
                                    <th>{t(Key::DiscColType)}</th>
                                    <th>{t(Key::PdDecidedOn)}</th>
                                    <th>{t(Key::DiscColDueOn)}</th>
                                    <th>{t(Key::ColStatus)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(row).collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

fn row(d: DisclosureSummary) -> impl IntoView {
    let href = Page::DisclosureItem(d.id).href();
    view! {
        <tr class="queue-row" class:overdue=d.overdue data-id=d.id.to_string() data-status=wire(&d.status)>
            <td data-label=t(Key::ColCaseNumber) class="cell-main">
                <a class="queue-link" href=href>{d.case_number.clone()}</a>
            </td>
            <td data-label=t(Key::ColParty)>{d.party_name.clone()}</td>
            <td data-label=t(Key::DiscColType)>
                {t(resource_type_key(d.resource_type))}
                <span class="muted small">" · " {t(kind_key(d.case_kind))}</span>
            </td>
            <td data-label=t(Key::PdDecidedOn)>{date_zh(d.decided_on)}</td>
            <td data-label=t(Key::DiscColDueOn)>
                {d.due_on.map(date_zh).or(d.due_note.as_deref().map(chinese_part)).unwrap_or_else(|| "—".to_owned())}
                {d.overdue.then(|| view! { " " <span class="badge badge-danger">{t(Key::OverdueBadge)}</span> })}
                {d.withdrawal_due_on.map(date_zh).or(d.withdrawal_due_note.as_deref().map(chinese_part)).map(|w| view! {
                    <div class="warn-text small">{t_name(Key::DiscWithdrawalDueOn, &w)}</div>
                })}
            </td>
            <td data-label=t(Key::ColStatus)>
                <span class=format!("badge disclosure-status-{}", wire(&d.status))>{d.status_label.clone()}</span>
                {(d.published_version > 0).then(|| view! {
                    <span class="muted small">" " {t_name(Key::DiscVersionN, &d.published_version.to_string())}</span>
                })}
            </td>
        </tr>
    }
}
