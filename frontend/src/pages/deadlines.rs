//! 期限: deadlines across the agency that need attention (overdue, due soon), with case counts.

use crate::api::Session;
use crate::format::{date_zh, wire};
use crate::i18n::{deadline_state_key, t, Key};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseStats, DeadlineEntry, DeadlineState};

#[component]
pub fn DeadlinesPage() -> impl IntoView {
    let session = Session::use_session();
    // `None`: every open deadline.
    let filter = RwSignal::new(Some(DeadlineState::Overdue));
    let items = RwSignal::new(None::<Vec<DeadlineEntry>>);
    let stats = RwSignal::new(None::<CaseStats>);
    let error = RwSignal::new(None::<String>);

    Effect::new(move |_| {
        let status = filter.get();
        items.set(None);
        spawn_local(async move {
            match session.deadlines(status).await {
                Ok(list) => {
                    let mut list = list.items;
                    list.sort_by_key(|e| e.deadline.due);
                    items.try_set(Some(list));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    });
    spawn_local(async move {
        if let Ok(s) = session.case_stats().await {
            stats.try_set(Some(s));
        }
    });

    let tab = move |value: Option<DeadlineState>, key: Key, id: &'static str| {
        view! {
            <button
                id=id
                type="button"
                class="tab"
                class:active=move || filter.get() == value
                aria-pressed=move || (filter.get() == value).to_string()
                on:click=move |_| filter.set(value)
            >
                {t(key)}
            </button>
        }
    };

    view! {
        <section id="deadlines-page" class="page page-wide">
            <h1 class="page-title">{t(Key::DeadlinesPageTitle)}</h1>
            {move || {
                stats
                    .get()
                    .map(|s| {
                        view! {
                            <div class="stat-row">
                                <div class="stat card">
                                    <span class="stat-label">{t(Key::StatsTotal)}</span>
                                    <strong class="stat-value">{s.total}</strong>
                                </div>
                                <div class="stat card stat-danger">
                                    <span class="stat-label">{t(Key::StatsOverdue)}</span>
                                    <strong id="stats-overdue" class="stat-value">{s.overdue}</strong>
                                </div>
                            </div>
                        }
                    })
            }}
            <div class="tabs" role="group">
                {tab(Some(DeadlineState::Overdue), Key::DeadlinesShowOverdue, "deadlines-overdue")}
                {tab(Some(DeadlineState::DueSoon), Key::DeadlinesShowDueSoon, "deadlines-due-soon")}
                {tab(None, Key::DeadlinesShowOpen, "deadlines-open")}
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match items.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => {
                    view! { <p id="deadlines-empty" class="card muted">{t(Key::DeadlinesEmpty)}</p> }
                        .into_any()
                }
                Some(list) => {
                    view! {
                        <table id="deadline-table" class="data-table stack-on-phone">
                            <thead>
                                <tr>
                                    <th>{t(Key::ColCaseNumber)}</th>
                                    <th>{t(Key::ColTitle)}</th>
                                    <th>{t(Key::ColDeadline)}</th>
                                    <th>{t(Key::ColDue)}</th>
                                    <th>{t(Key::ColStatus)}</th>
                                    <th>{t(Key::ColArticle)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|e| {
                                        let status = wire(&e.deadline.status);
                                        view! {
                                            <tr class=format!("deadline-row deadline-{status}")>
                                                <td data-label=t(Key::ColCaseNumber) class="cell-main">
                                                    {match e.case_id {
                                                        Some(id) => view! { <a href=Page::Case(id).href()>{e.case_number}</a> }.into_any(),
                                                        None => view! { <span class="muted">"—"</span> }.into_any(),
                                                    }}
                                                </td>
                                                <td data-label=t(Key::ColTitle)>{e.title}</td>
                                                <td data-label=t(Key::ColDeadline)>{e.deadline.label}</td>
                                                <td data-label=t(Key::ColDue)>
                                                    {e.deadline.due.map(date_zh).unwrap_or_else(|| "—".to_owned())}
                                                </td>
                                                <td data-label=t(Key::ColStatus)>
                                                    <span class=format!("badge status-{status}")>
                                                        {t(deadline_state_key(e.deadline.status))}
                                                    </span>
                                                </td>
                                                <td data-label=t(Key::ColArticle) class="muted small">
                                                    {e.deadline.article}
                                                </td>
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
