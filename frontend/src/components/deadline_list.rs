//! A case's statutory deadlines, coloured by state (met, pending, due soon, overdue, unknown).

use crate::format::{date_value, wire};
use crate::i18n::{deadline_state_key, t, Key};
use leptos::prelude::*;
use sanxiang_api_types::cases::DeadlineInfo;

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
                                        {d.due.map(date_value).unwrap_or_else(|| "—".to_owned())}
                                    </strong>
                                </span>
                                <span class="muted">
                                    {t(Key::DeadlineStart)} " " {date_value(d.start)} " · " {d.amount}
                                    " " {unit}
                                </span>
                                {d
                                    .completed_on
                                    .map(|c| {
                                        view! {
                                            <span class="muted">
                                                {t(Key::DeadlineCompleted)} " " {date_value(c)}
                                            </span>
                                        }
                                    })}
                            </div>
                            <div class="deadline-article muted small">{d.article.clone()}</div>
                            {d.note.clone().map(|n| view! { <div class="muted small">{n}</div> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
