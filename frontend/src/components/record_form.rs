//! Adds a record to the case file: kind, title, text, the document it is for the completeness
//! check, the filmed activity for audio/video, and files uploaded with a progress bar. With a
//! record to correct, it writes the correction (a new record pointing at the old one).

use crate::api::{Session, UploadProgress};
use crate::format::{from_wire, parse_local_datetime, wire};
use crate::i18n::{activity_key, record_kind_key, t, t_name, Key};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{AttachmentInput, Completeness, CreateRecord, OfficerRef, Record};
use sanxiang_domain::case::{Activity, PersonNamed, PersonRole, RecordKind};
use uuid::Uuid;

const KINDS: [RecordKind; 7] = [
    RecordKind::Transcript,
    RecordKind::Document,
    RecordKind::Photo,
    RecordKind::Video,
    RecordKind::Audio,
    RecordKind::Note,
    RecordKind::Signature,
];

const ACTIVITIES: [Activity; 7] = [
    Activity::Seizure,
    Activity::ForcedExecution,
    Activity::EvidencePreservation,
    Activity::OnSiteInspection,
    Activity::Hearing,
    Activity::Service,
    Activity::EvidenceCollection,
];

/// The persons a record names, one per line: name, role (证人, 近亲属, 雇员, 翻译, 代理人, 见证人;
/// anything else is "other") and optionally an id number, separated by spaces or commas. The
/// server validates them; every name is masked in the case's publications.
fn persons(text: &str) -> Vec<PersonNamed> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line
                .split([' ', ',', '，', '、', '\t', '　'])
                .filter(|p| !p.is_empty());
            let name = parts.next()?.to_owned();
            let role = match parts.next().unwrap_or("") {
                "证人" => PersonRole::Witness,
                "近亲属" | "亲属" => PersonRole::Relative,
                "雇员" | "员工" | "工作人员" => PersonRole::Employee,
                "翻译" | "翻译人员" => PersonRole::Interpreter,
                "代理人" | "委托代理人" => PersonRole::Agent,
                "见证人" => PersonRole::Observer,
                _ => PersonRole::Other,
            };
            let id_number = {
                let rest: String = parts.collect::<Vec<_>>().join("");
                (!rest.is_empty()).then_some(rest)
            };
            Some(PersonNamed {
                name,
                role,
                id_number,
            })
        })
        .collect()
}

fn optional(text: String) -> Option<String> {
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

#[component]
pub fn RecordForm(
    case_id: Uuid,
    officers: Vec<OfficerRef>,
    completeness: RwSignal<Option<Completeness>>,
    correcting: RwSignal<Option<Record>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let session = Session::use_session();
    let kind = RwSignal::new(wire(&RecordKind::Transcript));
    let title = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let document_type = RwSignal::new(String::new());
    let activity = RwSignal::new(String::new());
    let occurred_at = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let persons_named = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let present = RwSignal::new(officers.iter().map(|o| o.id).collect::<Vec<Uuid>>());
    let file_input = NodeRef::<html::Input>::new();
    let progress = RwSignal::new(UploadProgress::default());
    let uploading = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);

    // Document types the file standard asks for, missing ones first.
    let doc_options = move || {
        completeness.with(|c| {
            let mut items: Vec<(String, String, bool)> = Vec::new();
            if let Some(c) = c {
                for i in &c.items {
                    if !items.iter().any(|(d, _, _)| *d == i.document_type) {
                        items.push((i.document_type.clone(), i.label.clone(), i.present));
                    }
                }
            }
            items.sort_by_key(|(_, _, present)| *present);
            items
        })
    };
    let is_media = move || {
        let k = kind.get();
        k == wire(&RecordKind::Video) || k == wire(&RecordKind::Audio)
    };

    let reset = move || {
        title.set(String::new());
        text.set(String::new());
        document_type.set(String::new());
        activity.set(String::new());
        occurred_at.set(String::new());
        place.set(String::new());
        persons_named.set(String::new());
        reason.set(String::new());
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        saved.set(false);
        let title_v = title.get_untracked().trim().to_owned();
        if title_v.is_empty() {
            error.set(Some(t(Key::ErrRecordTitleRequired).to_owned()));
            return;
        }
        let corrects = correcting.get_untracked().map(|r| r.id);
        let reason_v = optional(reason.get_untracked());
        if corrects.is_some() && reason_v.is_none() {
            error.set(Some(t(Key::ErrCorrectionReasonRequired).to_owned()));
            return;
        }
        let kind_v = if corrects.is_some() {
            RecordKind::Correction
        } else {
            from_wire(&kind.get_untracked()).unwrap_or(RecordKind::Note)
        };
        let files: Vec<web_sys::File> = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        let mut body = CreateRecord {
            kind: kind_v,
            title: title_v,
            text: text.get_untracked(),
            document_type: optional(document_type.get_untracked()),
            activity: if is_media() {
                from_wire(&activity.get_untracked())
            } else {
                None
            },
            officer_ids_present: present.get_untracked(),
            occurred_at: parse_local_datetime(&occurred_at.get_untracked()),
            place: optional(place.get_untracked()),
            attachments: Vec::new(),
            corrects,
            correction_reason: if corrects.is_some() { reason_v } else { None },
            persons_named: persons(&persons_named.get_untracked()),
        };
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            for file in files {
                let name = file.name();
                uploading.try_set(Some(name.clone()));
                progress.try_set(UploadProgress {
                    loaded: 0.0,
                    total: file.size(),
                });
                let on_progress = move |p: UploadProgress| {
                    progress.try_set(p);
                };
                match session.upload_blob(&file, on_progress).await {
                    Ok(blob) => {
                        progress.try_set(UploadProgress {
                            loaded: file.size(),
                            total: file.size(),
                        });
                        body.attachments.push(AttachmentInput {
                            sha256: blob.sha256,
                            file_name: blob.file_name,
                        });
                    }
                    Err(err) => {
                        error.try_set(Some(format!(
                            "{} {}",
                            t_name(Key::UploadFailed, &name),
                            err.message()
                        )));
                        uploading.try_set(None);
                        pending.try_set(false);
                        return;
                    }
                }
            }
            uploading.try_set(None);
            match session.create_record(case_id, &body).await {
                Ok(_) => {
                    reset();
                    correcting.try_set(None);
                    saved.try_set(true);
                    on_saved.run(());
                }
                Err(err) => {
                    let fields = err.field_errors();
                    let detail = fields
                        .into_iter()
                        .map(|(k, v)| format!("{k}: {}", v.join("；")))
                        .collect::<Vec<_>>()
                        .join("；");
                    let msg = if detail.is_empty() {
                        err.message()
                    } else {
                        format!("{}（{detail}）", err.message())
                    };
                    error.try_set(Some(msg));
                }
            }
            pending.try_set(false);
        });
    };

    let heading = move || match correcting.get() {
        Some(r) => t_name(Key::RecordFormCorrection, &r.seq.to_string()),
        None => t(Key::RecordFormTitle).to_owned(),
    };

    view! {
        <form id="record-form" class="record-form form-grid" on:submit=on_submit novalidate=true>
            <h3 class="form-title span-2">{heading}</h3>
            <Show when=move || correcting.with(Option::is_some)>
                <div class="field span-2">
                    <p class="correction-note">
                        {move || correcting.get().map(|r| r.title).unwrap_or_default()}
                    </p>
                    <label for="record-correction-reason">{t(Key::FieldCorrectionReason)}</label>
                    <textarea id="record-correction-reason" rows="2" bind:value=reason></textarea>
                    <button type="button" class="link-button" on:click=move |_| correcting.set(None)>
                        {t(Key::Cancel)}
                    </button>
                </div>
            </Show>
            <Show when=move || correcting.with(Option::is_none)>
                <div class="field">
                    <label for="record-kind">{t(Key::FieldRecordKind)}</label>
                    <select
                        id="record-kind"
                        prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        {KINDS
                            .iter()
                            .map(|k| view! { <option value=wire(k)>{t(record_kind_key(*k))}</option> })
                            .collect_view()}
                    </select>
                </div>
            </Show>
            <div class="field">
                <label for="record-document-type">{t(Key::FieldDocumentType)}</label>
                <select
                    id="record-document-type"
                    prop:value=move || document_type.get()
                    on:change=move |ev| document_type.set(event_target_value(&ev))
                >
                    <option value="">{t(Key::DocumentTypeNone)}</option>
                    {move || {
                        doc_options()
                            .into_iter()
                            .map(|(d, label, present)| {
                                let sel = document_type.get_untracked() == d;
                                let text = if present {
                                    format!("{label}（{}）", t(Key::ItemPresent))
                                } else {
                                    label
                                };
                                view! { <option value=d selected=sel>{text}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field span-2">
                <label for="record-title">{t(Key::FieldRecordTitle)}</label>
                <input id="record-title" type="text" maxlength="200" bind:value=title />
            </div>
            <div class="field span-2">
                <label for="record-text">{t(Key::FieldRecordText)}</label>
                <textarea id="record-text" rows="4" bind:value=text></textarea>
            </div>
            <Show when=is_media>
                <div class="field">
                    <label for="record-activity">{t(Key::FieldActivity)}</label>
                    <select
                        id="record-activity"
                        prop:value=move || activity.get()
                        on:change=move |ev| activity.set(event_target_value(&ev))
                    >
                        <option value="">{t(Key::ActivityNone)}</option>
                        {ACTIVITIES
                            .iter()
                            .map(|a| view! { <option value=wire(a)>{t(activity_key(*a))}</option> })
                            .collect_view()}
                    </select>
                </div>
            </Show>
            <div class="field">
                <label for="record-occurred-at">{t(Key::FieldOccurredAt)}</label>
                <input id="record-occurred-at" type="datetime-local" bind:value=occurred_at />
            </div>
            <div class="field">
                <label for="record-place">{t(Key::FieldPlace)}</label>
                <input id="record-place" type="text" maxlength="200" bind:value=place />
            </div>
            <div class="field span-2">
                <label for="record-persons">{t(Key::FieldPersonsNamed)}</label>
                <textarea id="record-persons" rows="2" bind:value=persons_named
                    placeholder=t(Key::FieldPersonsNamedHint)></textarea>
                <p class="muted small">{t(Key::FieldPersonsNamedNote)}</p>
            </div>
            <fieldset class="field span-2 checklist">
                <legend>{t(Key::RecordOfficersPresent)}</legend>
                {officers
                    .into_iter()
                    .map(|o| {
                        let id = o.id;
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || present.with(|v| v.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        present
                                            .update(|v| {
                                                v.retain(|x| *x != id);
                                                if on {
                                                    v.push(id);
                                                }
                                            });
                                    }
                                />
                                <span>{o.name}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="field span-2">
                <label for="record-files">{t(Key::FieldFiles)}</label>
                <input
                    id="record-files"
                    type="file"
                    multiple=true
                    accept="image/*,video/*,audio/*,application/pdf"
                    node_ref=file_input
                />
            </div>
            <Show when=move || uploading.with(Option::is_some)>
                <div id="upload-status" class="upload-status span-2" role="status" aria-live="polite">
                    <span>{move || t_name(Key::Uploading, &uploading.get().unwrap_or_default())}</span>
                    <progress
                        id="upload-progress"
                        max="100"
                        prop:value=move || progress.get().percent()
                    ></progress>
                    <span class="small">{move || format!("{:.0}%", progress.get().percent())}</span>
                </div>
            </Show>
            <Show when=move || error.with(Option::is_some)>
                <p id="record-error" class="form-error span-2" role="alert">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <Show when=move || saved.get()>
                <p id="record-saved" class="ok-text span-2" role="status">
                    {t(Key::RecordSaved)}
                </p>
            </Show>
            <div class="form-actions span-2">
                <button id="record-submit" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t(Key::Saving) } else { t(Key::RecordSubmit) }}
                </button>
            </div>
        </form>
    }
}
