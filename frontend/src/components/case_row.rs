//! One case of the list: a table row on a desktop, a card on a phone.

use crate::format::{date_zh, wire};
use crate::i18n::{kind_key, t, Key};
use crate::route::Page;
use leptos::prelude::*;
use sanxiang_api_types::cases::CaseSummary;

/// One case: a table row, or a card on a phone.
#[component]
pub fn CaseRow(case: CaseSummary) -> impl IntoView {
    let href = Page::Case(case.id).href();
    let overdue = case.overdue;
    let archived = case.archived;
    view! {
        <tr class="case-row" class:overdue=overdue data-case-id=case.id.to_string()>
            <td data-label=t(Key::ColCaseNumber) class="cell-main">
                <a class="case-link" href=href>
                    {case.case_number.clone()}
                </a>
                {overdue
                    .then(|| {
                        view! { <span class="badge badge-danger overdue-badge">{t(Key::OverdueBadge)}</span> }
                    })}
            </td>
            <td data-label=t(Key::ColTitle)>
                <span class="kind-tag">{t(kind_key(case.kind))}</span>
                {case.title.clone()}
            </td>
            <td data-label=t(Key::ColParty)>{case.party_name.clone()}</td>
            <td data-label=t(Key::ColStage)>
                <span class="stage-chip" data-stage=wire(&case.stage)>
                    {case.stage_label.clone()}
                </span>
                {archived
                    .then(|| view! { <span class="badge badge-muted">{t(Key::ArchivedBadge)}</span> })}
            </td>
            <td data-label=t(Key::ColHandler)>{case.handling_officer.name.clone()}</td>
            <td data-label=t(Key::ColNextDue) class:text-danger=overdue>
                {case.next_due_on.map(date_zh).unwrap_or_else(|| "—".to_owned())}
            </td>
        </tr>
    }
}
