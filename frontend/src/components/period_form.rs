//! Records an extension (approved by the agency head) or the start or end of a period not
//! counted (hearing, testing, announcement, expert review) for one of the case's running
//! deadlines. The server decides which deadlines may be extended, how far and how often.

use crate::api::Session;
use crate::format::{date_value, parse_date, today, wire};
use crate::i18n::{suspension_ground_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseDetail, DeadlineState};
use sanxiang_api_types::periods::PeriodRequest;
use sanxiang_api_types::Role;
use sanxiang_domain::case::{DeadlineKind, SuspensionGround};
use uuid::Uuid;

const GROUNDS: [SuspensionGround; 5] = [
    SuspensionGround::Hearing,
    SuspensionGround::Testing,
    SuspensionGround::Announcement,
    SuspensionGround::ExpertReview,
    SuspensionGround::TenderOrAuction,
];

fn deadline_kind(code: &str) -> Option<DeadlineKind> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}

fn ground(code: &str) -> Option<SuspensionGround> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}

#[component]
pub fn PeriodForm(case: CaseDetail, on_done: Callback<CaseDetail>) -> impl IntoView {
    let session = Session::use_session();
    let me = session.user.get_untracked();
    let is_approver = me
        .as_ref()
        .is_some_and(|u| u.roles.contains(&Role::Approver));
    let case_id = case.summary.id;
    // The deadlines still running (not done): (code, label, suspended now).
    let running: Vec<(String, String, bool)> = case
        .deadlines
        .iter()
        .filter(|d| d.completed_on.is_none() && d.status != DeadlineState::Met)
        .filter(|d| deadline_kind(&d.kind).is_some())
        .map(|d| {
            (
                d.kind.clone(),
                d.label.clone(),
                d.status == DeadlineState::Suspended,
            )
        })
        .collect();
    if running.is_empty() {
        return view! { <p class="muted small">{t(Key::PeriodNoneRunning)}</p> }.into_any();
    }
    let kind = RwSignal::new("extension".to_owned());
    let deadline = RwSignal::new(running[0].0.clone());
    let days = RwSignal::new(String::new());
    let approver = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let ground_sel = RwSignal::new("hearing".to_owned());
    let on = RwSignal::new(date_value(today()));
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    // The agency head to name: the agency's officers, plus oneself when one is an approver.
    let people = RwSignal::new(Vec::<(Uuid, String)>::new());
    let me_entry = me
        .as_ref()
        .filter(|_| is_approver)
        .map(|u| (u.id, u.display_name.clone()));
    if let Some((id, _)) = &me_entry {
        approver.set(id.to_string());
    }
    spawn_local(async move {
        let mut list: Vec<(Uuid, String)> = me_entry.into_iter().collect();
        if let Ok(officers) = session.officers().await {
            for o in officers.items {
                if !list.iter().any(|(id, _)| *id == o.user_id) {
                    list.push((o.user_id, o.name));
                }
            }
        }
        people.try_set(list);
    });

    let build = move || -> Result<PeriodRequest, Key> {
        let d = deadline_kind(&deadline.get_untracked()).ok_or(Key::ErrValidationFailed)?;
        let day = parse_date(&on.get_untracked()).ok_or(Key::ErrDateRequired)?;
        Ok(match kind.get_untracked().as_str() {
            "extension" => {
                let n: u32 = days
                    .get_untracked()
                    .trim()
                    .parse()
                    .map_err(|_| Key::ErrDaysRequired)?;
                let r = reason.get_untracked().trim().to_owned();
                if r.is_empty() {
                    return Err(Key::ErrReasonRequired);
                }
                PeriodRequest::Extension {
                    deadline: d,
                    days: n,
                    approved_by: Uuid::parse_str(&approver.get_untracked()).ok(),
                    reason: r,
                    on: day,
                }
            }
            "suspension_start" => PeriodRequest::SuspensionStart {
                deadline: d,
                ground: ground(&ground_sel.get_untracked()).ok_or(Key::ErrValidationFailed)?,
                on: day,
            },
            _ => PeriodRequest::SuspensionEnd {
                deadline: d,
                on: day,
            },
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let body = match build() {
            Ok(b) => b,
            Err(k) => {
                error.set(Some(t(k).to_owned()));
                return;
            }
        };
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            match session.record_period(case_id, &body).await {
                Ok(detail) => {
                    pending.try_set(false);
                    on_done.run(detail);
                }
                Err(err) => {
                    pending.try_set(false);
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    let is = move |k: &'static str| move || kind.get() == k;
    view! {
        <details class="period-details">
            <summary>{t(Key::PeriodFormTitle)}</summary>
            <form id="period-form" class="action-form" on:submit=on_submit novalidate=true>
                <div class="field">
                    <label for="period-kind">{t(Key::PeriodKind)}</label>
                    <select id="period-kind" bind:value=kind>
                        <option value="extension">{t(Key::PeriodKindExtension)}</option>
                        <option value="suspension_start">{t(Key::PeriodKindSuspensionStart)}</option>
                        <option value="suspension_end">{t(Key::PeriodKindSuspensionEnd)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="period-deadline">{t(Key::PeriodDeadline)}</label>
                    <select id="period-deadline" bind:value=deadline>
                        {running
                            .iter()
                            .map(|(code, label, suspended)| {
                                let text = if *suspended {
                                    format!("{label}（{}）", t(Key::DeadlineSuspended))
                                } else {
                                    label.clone()
                                };
                                view! { <option value=code.clone()>{text}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <Show when=is("extension")>
                    <div class="field">
                        <label for="period-days">{t(Key::PeriodDays)}</label>
                        <input id="period-days" type="number" min="1" inputmode="numeric" bind:value=days />
                    </div>
                    <div class="field">
                        <label for="period-approver">{t(Key::PeriodApprover)}</label>
                        <select id="period-approver" bind:value=approver>
                            <option value="">"—"</option>
                            {move || {
                                people
                                    .get()
                                    .into_iter()
                                    .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <div class="field">
                        <label for="period-reason">{t(Key::PeriodReason)}</label>
                        <textarea id="period-reason" rows="2" bind:value=reason></textarea>
                    </div>
                </Show>
                <Show when=is("suspension_start")>
                    <div class="field">
                        <label for="period-ground">{t(Key::PeriodGround)}</label>
                        <select id="period-ground" bind:value=ground_sel>
                            {GROUNDS
                                .iter()
                                .map(|g| {
                                    view! { <option value=wire(g)>{t(suspension_ground_key(*g))}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </Show>
                <div class="field">
                    <label for="period-on">{t(Key::PeriodOn)}</label>
                    <input id="period-on" type="date" bind:value=on />
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <div class="form-actions">
                    <button id="period-submit" type="submit" class="btn btn-secondary" disabled=move || pending.get()>
                        {move || if pending.get() { t(Key::Submitting) } else { t(Key::PeriodSubmit) }}
                    </button>
                </div>
            </form>
        </details>
    }
    .into_any()
}
