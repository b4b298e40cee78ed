//! One record of the timeline: what happened, when, by whom, its files, and its correction links.

use crate::components::attachment_view::AttachmentView;
use crate::components::review_note::{is_review_note, ReviewNote};
use crate::format::{date_time, wire};
use crate::i18n::{
    activity_key, document_type_label, person_role_key, record_kind_key, record_text, record_title,
    t, Key,
};
use leptos::prelude::*;
use sanxiang_api_types::cases::Record;
use sanxiang_domain::case::RecordKind;
use std::collections::HashMap;
use uuid::Uuid;

/// Scrolls the timeline to a record.
pub fn scroll_to_record(id: Uuid) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("record-{id}")))
    {
        el.scroll_into_view();
    }
}

#[component]
pub fn RecordItem(
    record: Record,
    /// Sequence numbers of the case's records, to name linked records.
    seqs: HashMap<Uuid, i32>,
    /// Labels of document types, from the completeness standard.
    doc_labels: HashMap<String, String>,
    on_correct: Callback<Record>,
    /// Without the 更正 button (e.g. the reviewer reading the file).
    #[prop(optional)]
    read_only: bool,
) -> impl IntoView {
    let link = move |id: Uuid| {
        let seq = seqs.get(&id).copied().unwrap_or_default();
        view! {
            <button type="button" class="link-button record-link" on:click=move |_| scroll_to_record(id)>
                {format!("#{seq}")}
            </button>
        }
    };
    let corrects = record.corrects.map(link.clone());
    let corrected_by: Vec<_> = record.corrected_by.iter().copied().map(link).collect();
    let is_corrected = !record.corrected_by.is_empty();
    let kind = record.kind;
    let can_correct = !read_only && kind != RecordKind::Transition;
    let doc_label = record
        .document_type
        .as_ref()
        .filter(|d| !is_review_note(Some(d.as_str())))
        .map(|d| {
            doc_labels
                .get(d)
                .cloned()
                .unwrap_or_else(|| document_type_label(d))
        });
    // Persons the record names (staff only; masked in every publication).
    let persons: Vec<String> = record
        .persons_named
        .iter()
        .map(|p| format!("{}（{}）", p.name, t(person_role_key(p.role))))
        .collect();
    let present: Vec<String> = record
        .officers_present
        .iter()
        .map(|o| o.name.clone())
        .collect();
    let for_correct = record.clone();
    let title = record_title(&record);
    let text = record_text(&record);
    // Review notes are stored as JSON: shown in words.
    let review_note = is_review_note(record.document_type.as_deref());

    view! {
        <li
            id=format!("record-{}", record.id)
            class=format!("record record-{}", wire(&kind))
            class:corrected=is_corrected
            data-seq=record.seq
            data-kind=wire(&kind)
            data-document-type=record.document_type.clone().unwrap_or_default()
        >
            <div class="record-head">
                <span class="record-seq">{format!("#{}", record.seq)}</span>
                <span class="tag">{t(record_kind_key(kind))}</span>
                <span class="stage-chip">{record.stage_label.clone()}</span>
                <span class="record-title">{title}</span>
            </div>
            {review_note.then(|| view! { <ReviewNote text=record.text.clone() /> })}
            {(!text.is_empty() && !review_note)
                .then(|| {
                    view! {
                        <p class="record-text" class:muted=!can_correct class:small=!can_correct>
                            {text}
                        </p>
                    }
                })}
            <dl class="record-facts">
                {doc_label
                    .map(|d| {
                        view! {
                            <dt>{t(Key::RecordDocumentType)}</dt>
                            <dd>{d}</dd>
                        }
                    })}
                {record
                    .activity
                    .map(|a| {
                        view! {
                            <dt>{t(Key::RecordActivity)}</dt>
                            <dd>{t(activity_key(a))}</dd>
                        }
                    })}
                {record
                    .occurred_at
                    .map(|at| {
                        view! {
                            <dt>{t(Key::RecordOccurredAt)}</dt>
                            <dd>{date_time(at)}</dd>
                        }
                    })}
                <dt>{t(Key::RecordRecordedAt)}</dt>
                <dd>{date_time(record.recorded_at)}</dd>
                {record
                    .place
                    .clone()
                    .map(|p| {
                        view! {
                            <dt>{t(Key::RecordPlace)}</dt>
                            <dd>{p}</dd>
                        }
                    })}
                <dt>{t(Key::RecordBy)}</dt>
                <dd>{record.created_by.name.clone()}</dd>
                {(!present.is_empty())
                    .then(|| {
                        view! {
                            <dt>{t(Key::RecordOfficersPresent)}</dt>
                            <dd>{present.join("、")}</dd>
                        }
                    })}
                {(!persons.is_empty())
                    .then(|| {
                        view! {
                            <dt>{t(Key::RecordPersonsNamed)}</dt>
                            <dd>{persons.join("、")}</dd>
                        }
                    })}
            </dl>
            {corrects
                .map(|l| {
                    view! {
                        <p class="correction-note">
                            {t(Key::RecordCorrects)} " " {l}
                            {record
                                .correction_reason
                                .clone()
                                .map(|r| format!("；{}：{r}", t(Key::RecordCorrectionReason)))}
                        </p>
                    }
                })}
            {is_corrected
                .then(|| {
                    view! {
                        <p class="correction-note corrected-note">
                            {t(Key::RecordCorrectedBy)} " " {corrected_by}
                        </p>
                    }
                })}
            {(!record.attachments.is_empty())
                .then(|| {
                    view! {
                        <ul class="attachments" aria-label=t(Key::Attachments)>
                            {record
                                .attachments
                                .clone()
                                .into_iter()
                                .map(|a| view! { <AttachmentView attachment=a /> })
                                .collect_view()}
                        </ul>
                    }
                })}
            {can_correct
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="link-button correct-button"
                            on:click=move |_| on_correct.run(for_correct.clone())
                        >
                            {t(Key::RecordCorrect)}
                        </button>
                    }
                })}
        </li>
    }
}
