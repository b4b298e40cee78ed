//! 公示清单: the registers staff edit (agency profile, enforcement matters, random-inspection
//! items, service guides). Every edit is a version; a second person reviews it before it is
//! public; the history shows who did what.

use crate::api::Session;
use crate::format::date_zh;
use crate::i18n::{register_field_zh, register_type_key, t, version_status_key, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::registers::{
    AnnualReportDraft, RegisterEntryList, RegisterEntryView, RegisterType, ReviewRegisterVersion,
    SaveRegisterDraft, VersionStatus, WithdrawRegisterEntry,
};
use serde_json::{Map, Value};
use uuid::Uuid;

/// How a field is edited.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Long,
    /// One item per line.
    Lines,
    Number,
    /// A case kind (`penalty`, `licence`, …).
    CaseKind,
    /// An optional id.
    OptId,
    /// Supervision contacts, one `name｜channel` per line.
    Contacts,
}

/// The fields of each register type, in display order.
pub fn fields(t: RegisterType) -> &'static [(&'static str, FieldKind)] {
    use FieldKind as F;
    match t {
        RegisterType::AgencyProfile => &[
            ("name", F::Text),
            ("legal_basis", F::Long),
            ("duties", F::Long),
            ("remedy_channels", F::Long),
            ("supervision_contacts", F::Contacts),
            ("address", F::Text),
            ("phone", F::Text),
        ],
        RegisterType::EnforcementMatter => &[
            ("name", F::Text),
            ("kind", F::CaseKind),
            ("legal_basis", F::Long),
            ("duties_and_powers", F::Long),
            ("agency", F::Text),
            ("code", F::Text),
        ],
        RegisterType::InspectionItem => &[
            ("item", F::Text),
            ("sub_item", F::Text),
            ("legal_basis", F::Long),
            ("agency", F::Text),
            ("target_type", F::Text),
            ("content", F::Long),
            ("ratio_percent", F::Number),
            ("frequency", F::Text),
            ("method", F::Text),
            ("inspector_requirements", F::Long),
            ("enforcement_category", F::Text),
        ],
        RegisterType::ServiceGuide => &[
            ("item", F::Text),
            ("legal_basis", F::Long),
            ("accepting_body", F::Text),
            ("approving_body", F::Text),
            ("conditions", F::Long),
            ("materials", F::Lines),
            ("process", F::Long),
            ("time_limit", F::Text),
            ("fees", F::Text),
            ("supervision", F::Long),
            ("accountability", F::Long),
            ("remedies", F::Long),
            ("office_hours", F::Text),
            ("address", F::Text),
            ("phone", F::Text),
            ("enforcement_matter_id", F::OptId),
        ],
    }
}

/// The text shown in a field's input for a JSON value.
pub fn field_text(kind: FieldKind, v: Option<&Value>) -> String {
    match (kind, v) {
        (_, None | Some(Value::Null)) => String::new(),
        (FieldKind::Lines, Some(Value::Array(items))) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::Contacts, Some(Value::Array(items))) => items
            .iter()
            .map(|c| {
                format!(
                    "{}｜{}",
                    c["name"].as_str().unwrap_or_default(),
                    c["channel"].as_str().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (_, Some(Value::String(s))) => s.clone(),
        (_, Some(other)) => other.to_string(),
    }
}

fn field_value(kind: FieldKind, text: &str) -> Value {
    let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty());
    match kind {
        FieldKind::Lines => Value::Array(lines().map(|l| Value::String(l.to_owned())).collect()),
        FieldKind::Contacts => Value::Array(
            lines()
                .map(|l| {
                    let (name, channel) = l
                        .split_once('｜')
                        .or_else(|| l.split_once('|'))
                        .unwrap_or((l, ""));
                    serde_json::json!({"name": name.trim(), "channel": channel.trim()})
                })
                .collect(),
        ),
        FieldKind::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        FieldKind::OptId => match text.trim() {
            "" => Value::Null,
            s => Value::String(s.to_owned()),
        },
        _ => Value::String(text.trim().to_owned()),
    }
}

const CASE_KINDS: [(&str, Key); 5] = [
    ("penalty", Key::KindPenalty),
    ("licence", Key::KindLicence),
    ("inspection", Key::KindInspection),
    ("fee", Key::KindFee),
    ("coercive_measure", Key::KindCoerciveMeasure),
];

/// The editor of one draft: a field per content key, the effective date and a change note.
#[component]
fn DraftEditor(
    register: RegisterType,
    /// `None`: a new entry.
    entry: Option<Uuid>,
    initial: Map<String, Value>,
    on_saved: Callback<Uuid>,
) -> impl IntoView {
    let session = Session::use_session();
    let values: Vec<(&'static str, FieldKind, RwSignal<String>)> = fields(register)
        .iter()
        .map(|(k, kind)| (*k, *kind, RwSignal::new(field_text(*kind, initial.get(*k)))))
        .collect();
    let effective_from = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let values_for_save = values.clone();
    let save = move |_| {
        let mut content = Map::new();
        for (k, kind, sig) in &values_for_save {
            content.insert((*k).to_owned(), field_value(*kind, &sig.get_untracked()));
        }
        let body = SaveRegisterDraft {
            content: Value::Object(content),
            effective_from: effective_from.get_untracked().parse().ok(),
            effective_until: None,
            change_note: note.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = match entry {
                None => session.create_register_entry(register, &body).await,
                Some(id) => session.save_register_draft(register, id, &body).await,
            };
            busy.try_set(false);
            match r {
                Ok(v) => on_saved.run(v.entry_id),
                Err(e) => {
                    let fields = e.field_errors();
                    let detail = fields
                        .iter()
                        .map(|(k, m)| format!("{}：{}", register_field_zh(k), m.join("；")))
                        .collect::<Vec<_>>()
                        .join("；");
                    error.try_set(Some(if detail.is_empty() {
                        e.message()
                    } else {
                        format!("{}（{detail}）", e.message())
                    }));
                }
            }
        });
    };
    view! {
        <form id="register-editor" class="card form" on:submit=|ev| ev.prevent_default()>
            {values
                .into_iter()
                .map(|(k, kind, sig)| {
                    let id = format!("register-field-{k}");
                    let input = match kind {
                        FieldKind::Long | FieldKind::Lines | FieldKind::Contacts => view! {
                            <textarea id=id.clone() rows="3" prop:value=move || sig.get()
                                on:input=move |ev| sig.set(event_target_value(&ev))></textarea>
                        }
                        .into_any(),
                        FieldKind::CaseKind => view! {
                            <select id=id.clone() on:change=move |ev| sig.set(event_target_value(&ev))>
                                <option value="">"—"</option>
                                {CASE_KINDS
                                    .into_iter()
                                    .map(|(v, key)| view! { <option value=v selected=move || sig.get() == v>{t(key)}</option> })
                                    .collect_view()}
                            </select>
                        }
                        .into_any(),
                        _ => view! {
                            <input id=id.clone() type="text" prop:value=move || sig.get()
                                on:input=move |ev| sig.set(event_target_value(&ev)) />
                        }
                        .into_any(),
                    };
                    let hint = match kind {
                        FieldKind::Lines => t(Key::RegisterHintLines),
                        FieldKind::Contacts => t(Key::RegisterHintContacts),
                        _ => "",
                    };
                    view! {
                        <label for=id class="field">
                            <span>{register_field_zh(k)}</span>
                            {input}
                            <small class="muted">{hint}</small>
                        </label>
                    }
                })
                .collect_view()}
            <label class="field">
                <span>{t(Key::RegisterEffectiveFrom)}</span>
                <input id="register-effective-from" type="date" prop:value=move || effective_from.get()
                    on:input=move |ev| effective_from.set(event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t(Key::RegisterChangeNote)}</span>
                <input id="register-change-note" type="text" prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev)) />
            </label>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <button id="register-save" type="button" class="btn btn-primary" disabled=move || busy.get() on:click=save>
                {t(Key::RegisterSaveDraft)}
            </button>
        </form>
    }
}

/// One entry: versions, history and the actions its latest version allows.
#[component]
fn EntryPanel(
    register: RegisterType,
    entry: RegisterEntryView,
    reload: Callback<Uuid>,
) -> impl IntoView {
    let session = Session::use_session();
    let id = entry.entry_id;
    let latest = entry.versions.last().cloned();
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let editing = RwSignal::new(false);
    let act = move |which: &'static str| {
        let Some(v) = latest.clone() else { return };
        let body_comment = comment.get_untracked();
        error.set(None);
        spawn_local(async move {
            let r = match which {
                "submit" => {
                    session
                        .submit_register_version(register, id, v.version)
                        .await
                }
                "approve" | "reject" => {
                    session
                        .review_register_version(
                            register,
                            id,
                            v.version,
                            &ReviewRegisterVersion {
                                approve: which == "approve",
                                comment: Some(body_comment).filter(|c| !c.is_empty()),
                            },
                        )
                        .await
                }
                _ => {
                    session
                        .withdraw_register_entry(
                            register,
                            id,
                            &WithdrawRegisterEntry {
                                reason: body_comment,
                            },
                        )
                        .await
                }
            };
            match r {
                Ok(_) => reload.run(id),
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    let status = entry.versions.last().map(|v| v.status);
    let in_force = entry.versions.iter().any(|v| v.in_force);
    let initial = entry
        .versions
        .last()
        .and_then(|v| v.content.as_object().cloned())
        .unwrap_or_default();
    let act2 = act.clone();
    let act3 = act.clone();
    let act4 = act.clone();
    view! {
        <div id="register-entry" class="card" data-entry-id=id.to_string()>
            <h2>{entry.versions.last().map(|v| v.title.clone()).unwrap_or_default()}</h2>
            <table class="data-table">
                <thead>
                    <tr>
                        <th>{t(Key::RegisterVersion)}</th>
                        <th>{t(Key::ColStatus)}</th>
                        <th>{t(Key::RegisterEffectiveFrom)}</th>
                        <th>{t(Key::RegisterEffectiveUntil)}</th>
                        <th>{t(Key::RegisterChangeNote)}</th>
                    </tr>
                </thead>
                <tbody>
                    {entry
                        .versions
                        .iter()
                        .map(|v| {
                            view! {
                                <tr class="register-version" class:in-force=v.in_force data-version=v.version data-status=v.status.as_str()>
                                    <td>{v.version}</td>
                                    <td>
                                        {t(version_status_key(v.status))}
                                        {v.in_force.then(|| format!("（{}）", t(Key::RegisterInForce)))}
                                    </td>
                                    <td>{date_zh(v.effective_from)}</td>
                                    <td>{v.effective_until.map(date_zh).unwrap_or_default()}</td>
                                    <td>{v.change_note.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h3>{t(Key::RegisterHistory)}</h3>
            <ul class="register-history small">
                {entry
                    .history
                    .iter()
                    .map(|h| {
                        view! {
                            <li>
                                {h.created_at.format("%Y-%m-%d %H:%M").to_string()} " · v" {h.version} " · "
                                {h.action.clone()} {h.comment.clone().map(|c| format!("：{c}"))}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <label class="field">
                <span>{t(Key::RegisterComment)}</span>
                <input id="register-comment" type="text" prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev)) />
            </label>
            <div class="button-row">
                {(status == Some(VersionStatus::Draft)).then(|| view! {
                    <button id="register-submit" type="button" class="btn" on:click=move |_| act("submit")>{t(Key::RegisterSubmit)}</button>
                })}
                {(status == Some(VersionStatus::Submitted)).then(|| view! {
                    <button id="register-approve" type="button" class="btn btn-primary" on:click=move |_| act2("approve")>{t(Key::RegisterApprove)}</button>
                    <button id="register-reject" type="button" class="btn" on:click=move |_| act3("reject")>{t(Key::RegisterReject)}</button>
                })}
                {in_force.then(|| view! {
                    <button id="register-withdraw" type="button" class="btn btn-danger" on:click=move |_| act4("withdraw")>{t(Key::RegisterWithdraw)}</button>
                })}
                {(status != Some(VersionStatus::Submitted)).then(|| view! {
                    <button id="register-edit" type="button" class="btn" on:click=move |_| editing.update(|e| *e = !*e)>{t(Key::RegisterEdit)}</button>
                })}
            </div>
            <Show when=move || editing.get()>
                <DraftEditor register=register entry=Some(id) initial=initial.clone() on_saved=reload />
            </Show>
        </div>
    }
}

/// Last year's annual report (118号): the draft's status and publication (approvers, admins).
#[component]
fn AnnualReportPanel() -> impl IntoView {
    use chrono::Datelike;
    let session = Session::use_session();
    let year = crate::format::today().year() - 1;
    let draft = RwSignal::new(None::<AnnualReportDraft>);
    let message = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match session.annual_report(year).await {
                Ok(d) => {
                    draft.try_set(Some(d));
                }
                Err(e) => {
                    message.try_set(Some(e.message()));
                }
            }
        });
    };
    load();
    let publish = move |_| {
        spawn_local(async move {
            match session.publish_annual_report(year).await {
                Ok(_) => load(),
                Err(e) => {
                    message.try_set(Some(e.message()));
                }
            }
        });
    };
    view! {
        <div id="annual-report-panel" class="card">
            <h2>{t(Key::PublicAnnualTitle).replace("{name}", &year.to_string())}</h2>
            {move || draft.get().map(|d| {
                let state = match (&d.published, d.overdue) {
                    (Some(p), _) => format!("{} v{}", t(Key::VersionPublished), p.version),
                    (None, true) => t(Key::AnnualOverdue).to_owned(),
                    (None, false) => t(Key::AnnualDue).replace("{name}", &d.due_on.map(date_zh).unwrap_or_default()),
                };
                view! {
                    <p id="annual-report-state">{state}</p>
                    <a href=format!("/public/reports/annual/{year}") target="_blank">{t(Key::PublicNavAnnualReport)}</a>
                }
            })}
            <Show when=move || message.with(Option::is_some)>
                <p class="form-error" role="alert">{move || message.get().unwrap_or_default()}</p>
            </Show>
            <button id="annual-report-publish" type="button" class="btn" on:click=publish>{t(Key::AnnualPublish)}</button>
        </div>
    }
}

#[component]
pub fn RegistersPage() -> impl IntoView {
    let session = Session::use_session();
    let register = RwSignal::new(RegisterType::EnforcementMatter);
    let list = RwSignal::new(None::<RegisterEntryList>);
    let selected = RwSignal::new(None::<RegisterEntryView>);
    let creating = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load_list = move || {
        let t = register.get_untracked();
        spawn_local(async move {
            match session.register_entries(t).await {
                Ok(l) => {
                    list.try_set(Some(l));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    let open = Callback::new(move |id: Uuid| {
        let t = register.get_untracked();
        creating.set(false);
        load_list();
        spawn_local(async move {
            match session.register_entry(t, id).await {
                Ok(e) => {
                    selected.try_set(Some(e));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    });
    Effect::new(move |_| {
        register.track();
        selected.set(None);
        list.set(None);
        load_list();
    });
    view! {
        <section id="registers-page" class="page page-wide">
            <h1 class="page-title">{t(Key::RegistersTitle)}</h1>
            <p class="muted">{t(Key::RegistersHint)}</p>
            <div class="tabs" role="group">
                {RegisterType::ALL
                    .into_iter()
                    .map(|rt| view! {
                        <button type="button" class="tab" id=format!("register-tab-{}", rt.as_str())
                            class:active=move || register.get() == rt
                            on:click=move |_| register.set(rt)>{t(register_type_key(rt))}</button>
                    })
                    .collect_view()}
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <button id="register-new" type="button" class="btn btn-primary" on:click=move |_| {
                selected.set(None);
                creating.set(true);
            }>{t(Key::RegisterNew)}</button>
            {move || creating.get().then(|| view! {
                <DraftEditor register=register.get_untracked() entry=None initial=Map::new() on_saved=open />
            })}
            {move || match list.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(l) if l.items.is_empty() => view! { <p class="card muted">{t(Key::RegisterEmpty)}</p> }.into_any(),
                Some(l) => view! {
                    <table id="register-table" class="data-table stack-on-phone">
                        <thead>
                            <tr>
                                <th>{t(Key::ColTitle)}</th>
                                <th>{t(Key::RegisterVersion)}</th>
                                <th>{t(Key::ColStatus)}</th>
                                <th>{t(Key::RegisterInForce)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {l.items
                                .into_iter()
                                .map(|s| {
                                    let id = s.entry_id;
                                    view! {
                                        <tr class="register-row" data-entry-id=id.to_string() data-status=s.latest_status.as_str()>
                                            <td class="cell-main">
                                                <a href="#" on:click=move |ev| { ev.prevent_default(); open.run(id); }>{s.title}</a>
                                            </td>
                                            <td>{s.latest_version}</td>
                                            <td>{t(version_status_key(s.latest_status))}</td>
                                            <td>{s.in_force_version.map(|v| format!("v{v}")).unwrap_or_else(|| "—".into())}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
            {move || selected.get().map(|e| view! { <EntryPanel register=register.get_untracked() entry=e reload=open /> })}
            <AnnualReportPanel />
        </section>
    }
}
