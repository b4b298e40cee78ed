//! Collective deliberation (集体讨论, 行政处罚法 art. 57) on the case page: what was recorded
//! (attendees, each one's opinion, the conclusion) and the form to record it.

use crate::api::Session;
use crate::format::{date_time, date_value, date_zh, parse_date, today};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::review::{DeliberationOpinionInput, DeliberationView, RecordDeliberation};
use sanxiang_api_types::Role;
use std::collections::HashMap;
use uuid::Uuid;

#[component]
pub fn DeliberationPanel(case_id: Uuid, editable: bool) -> impl IntoView {
    let session = Session::use_session();
    let editable = editable
        && session
            .user
            .get_untracked()
            .is_some_and(|u| u.roles.contains(&Role::Approver) || u.roles.contains(&Role::Officer));
    let items = RwSignal::new(None::<Vec<DeliberationView>>);
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);

    let load = move || {
        spawn_local(async move {
            match session.deliberations(case_id).await {
                Ok(list) => {
                    items.try_set(Some(list));
                }
                Err(err) if err.code() == Some("not_found") => {
                    items.try_set(Some(Vec::new()));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    load();

    // The form.
    let me = session.user.get_untracked();
    let people = RwSignal::new(
        me.iter()
            .map(|u| (u.id, u.display_name.clone()))
            .collect::<Vec<(Uuid, String)>>(),
    );
    if editable {
        spawn_local(async move {
            if let Ok(list) = session.officers().await {
                people.try_update(|p| {
                    for o in list.items {
                        if !p.iter().any(|(id, _)| *id == o.user_id) {
                            p.push((o.user_id, o.name));
                        }
                    }
                });
            }
        });
    }
    let held_on = RwSignal::new(date_value(today()));
    let attending = RwSignal::new(Vec::<Uuid>::new());
    let opinions = RwSignal::new(HashMap::<Uuid, String>::new());
    let conclusion = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(on) = parse_date(&held_on.get_untracked()) else {
            form_error.set(Some(t(Key::ErrDateRequired).to_owned()));
            return;
        };
        let attendee_ids = attending.get_untracked();
        if attendee_ids.is_empty() {
            form_error.set(Some(t(Key::DeliberationErrAttendees).to_owned()));
            return;
        }
        let c = conclusion.get_untracked().trim().to_owned();
        if c.is_empty() {
            form_error.set(Some(t(Key::DeliberationErrConclusion).to_owned()));
            return;
        }
        let ops: Vec<DeliberationOpinionInput> = opinions.with_untracked(|o| {
            attendee_ids
                .iter()
                .filter_map(|id| {
                    let text = o.get(id)?.trim().to_owned();
                    (!text.is_empty()).then_some(DeliberationOpinionInput {
                        attendee_id: *id,
                        opinion: text,
                    })
                })
                .collect()
        });
        let body = RecordDeliberation {
            held_on: on,
            attendee_ids,
            opinions: ops,
            conclusion: c,
        };
        form_error.set(None);
        pending.set(true);
        spawn_local(async move {
            match session.record_deliberation(case_id, &body).await {
                Ok(()) => {
                    pending.try_set(false);
                    open.try_set(false);
                    load();
                }
                Err(err) => {
                    pending.try_set(false);
                    form_error.try_set(Some(err.message()));
                }
            }
        });
    };

    view! {
        <div id="deliberation-panel">
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || {
                items
                    .get()
                    .map(|list| {
                        if list.is_empty() {
                            return view! { <p id="deliberation-none" class="muted">{t(Key::DeliberationNone)}</p> }.into_any();
                        }
                        list.into_iter()
                            .map(|d| {
                                let names: Vec<String> = d.attendees.iter().map(|a| a.name.clone()).collect();
                                view! {
                                    <div class="deliberation">
                                        <p class="muted small">{date_zh(d.held_on)} " · " {t(Key::DeliberationRecordedBy)} " " {d.recorded_by.name.clone()} " · " {date_time(d.recorded_at)}</p>
                                        <dl class="facts facts-compact">
                                            <dt>{t(Key::DeliberationAttendees)}</dt>
                                            <dd>{names.join("、")}</dd>
                                            {d.opinions
                                                .into_iter()
                                                .map(|o| view! { <dt>{o.attendee.name}</dt><dd class="record-text">{o.opinion}</dd> })
                                                .collect_view()}
                                            <dt>{t(Key::DeliberationConclusion)}</dt>
                                            <dd class="deliberation-conclusion record-text">{d.conclusion}</dd>
                                        </dl>
                                    </div>
                                }
                            })
                            .collect_view()
                            .into_any()
                    })
            }}
            <Show when=move || editable && !open.get()>
                <button id="deliberation-open" type="button" class="btn btn-action" on:click=move |_| open.set(true)>
                    {t(Key::DeliberationRecord)}
                </button>
            </Show>
            <Show when=move || open.get()>
                <form id="deliberation-form" class="action-form" on:submit=on_submit novalidate=true>
                    <div class="field">
                        <label for="deliberation-on">{t(Key::DeliberationHeldOn)}</label>
                        <input id="deliberation-on" type="date" bind:value=held_on />
                    </div>
                    <fieldset class="form-section">
                        <legend class="subsection-title">{t(Key::DeliberationAttendees)}</legend>
                        {move || {
                            people
                                .get()
                                .into_iter()
                                .map(|(id, name)| {
                                    view! {
                                        <div class="attendee" data-user-id=id.to_string()>
                                            <label class="check">
                                                <input
                                                    type="checkbox"
                                                    prop:checked=move || attending.with(|a| a.contains(&id))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        attending.update(|a| {
                                                            a.retain(|x| *x != id);
                                                            if on {
                                                                a.push(id);
                                                            }
                                                        });
                                                    }
                                                />
                                                <span>{name}</span>
                                            </label>
                                            <Show when=move || attending.with(|a| a.contains(&id))>
                                                <textarea
                                                    class="attendee-opinion"
                                                    rows="2"
                                                    placeholder=t(Key::DeliberationOpinion)
                                                    prop:value=move || opinions.with(|o| o.get(&id).cloned().unwrap_or_default())
                                                    on:input=move |ev| {
                                                        let v = event_target_value(&ev);
                                                        opinions.update(|o| {
                                                            o.insert(id, v);
                                                        });
                                                    }
                                                ></textarea>
                                            </Show>
                                        </div>
                                    }
                                })
                                .collect_view()
                        }}
                    </fieldset>
                    <div class="field">
                        <label for="deliberation-conclusion">{t(Key::DeliberationConclusion)}</label>
                        <textarea id="deliberation-conclusion" rows="3" bind:value=conclusion></textarea>
                    </div>
                    <Show when=move || form_error.with(Option::is_some)>
                        <p id="deliberation-error" class="form-error" role="alert">{move || form_error.get().unwrap_or_default()}</p>
                    </Show>
                    <div class="form-actions">
                        <button id="deliberation-submit" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                            {move || if pending.get() { t(Key::Submitting) } else { t(Key::DeliberationRecord) }}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| open.set(false)>
                            {t(Key::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}
