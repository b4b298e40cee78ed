//! A case's statutory deadlines, coloured by state (met, pending, due soon, overdue, unknown,
//! suspended), each with the base period's due date, its approved extensions and the periods
//! not counted (hearing, testing, …).

use crate::format::{chinese_part, date_zh, wire};
use crate::i18n::{deadline_state_key, suspension_ground_key, t, Key};
use leptos::prelude::*;
use sanxiang_api_types::cases::DeadlineInfo;
use sanxiang_api_types::periods::{ExtensionView, SuspensionView};

/// One approved extension: 延长 30 日（批准人 张三，2025-08-20）：理由.
fn extension_item(e: ExtensionView, unit: &'static str) -> impl IntoView {
    let approver = e
        .approved_by
        .map(|o| format!("{} {}，", t(Key::DeadlineApprovedBy), o.name))
        .unwrap_or_default();
    view! {
        <li class="deadline-extension">
            {t(Key::DeadlineExtended)} " " {e.days} " " {unit} "（" {approver} {date_zh(e.on)} "）：" {e.reason}
        </li>
    }
}

/// One period not counted: 听证 2025-07-01 至 2025-07-10，扣除 10 日.
fn suspension_item(x: SuspensionView, unit: &'static str) -> impl IntoView {
    let end =
        x.to.map(date_zh)
            .unwrap_or_else(|| t(Key::DeadlineSuspensionOpen).to_owned());
    let excluded = x
        .excluded_days
        .map(|n| format!("，{} {n} {unit}", t(Key::DeadlineExcludedDays)))
        .unwrap_or_default();
    view! {
        <li class="deadline-suspension">
            {t(suspension_ground_key(x.ground))} " " {t(Key::DeadlineSuspendedFor)} "：" {date_zh(x.from)} " — " {end} {excluded}
        </li>
    }
}

#[component]
pub fn DeadlineList(deadlines: Vec<DeadlineInfo>) -> impl IntoView {
    if deadlines.is_empty() {
        return view! { <p class="muted">{t(Key::NoDeadlines)}</p> }.into_any();
    }
    view! {
        <ul id="deadlines" class="deadline-list">
            {deadlines
                .into_iter()
                .map(|d| {
                    let status = wire(&d.status);
                    let unit = if d.unit == "working" {
                        t(Key::DeadlineUnitWorking)
                    } else {
                        t(Key::DeadlineUnitCalendar)
                    };
                    view! {
                        <li class=format!("deadline deadline-{status}") data-kind=d.kind.clone() data-status=status.clone()>
                            <div class="deadline-head">
                                <span class="deadline-label">{d.label.clone()}</span>
                                <span class=format!("badge status-{status}")>
                                    {t(deadline_state_key(d.status))}
                                </span>
                            </div>
                            <div class="deadline-meta">
                                <span>
                                    {t(Key::DeadlineDue)} " "
                                    <strong>
                                        {d.due.map(date_zh).unwrap_or_else(|| "—".to_owned())}
                                    </strong>
                                </span>
                                <span class="muted">
                                    {t(Key::DeadlineStart)} " " {date_zh(d.start)} " · " {d.amount}
                                    " " {unit}
                                </span>
                                {d
                                    .completed_on
                                    .map(|c| {
                                        view! {
                                            <span class="muted">
                                                {t(Key::DeadlineCompleted)} " " {date_zh(c)}
                                            </span>
                                        }
                                    })}
                            </div>
                            {(!d.extensions.is_empty() || !d.suspensions.is_empty())
                                .then(|| {
                                    let base = d.base_due.map(date_zh).unwrap_or_else(|| "—".to_owned());
                                    view! {
                                        <div class="deadline-adjustments small">
                                            <span class="muted">{t(Key::DeadlineBaseDue)} " " {base}</span>
                                            <ul class="deadline-adjustment-list">
                                                {d.extensions.clone().into_iter().map(|e| extension_item(e, unit)).collect_view()}
                                                {d.suspensions.clone().into_iter().map(|x| suspension_item(x, unit)).collect_view()}
                                            </ul>
                                        </div>
                                    }
                                })}
                            <div class="deadline-article muted small">{d.article.clone()}</div>
                            {d.note.as_deref().map(chinese_part).map(|n| view! { <div class="muted small">{n}</div> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
