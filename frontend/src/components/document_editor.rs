//! The form of one enforcement document: only the parts its type prints (frontend/src/documents.rs),
//! pre-filled from what the case holds and the earlier documents; 预览 shows the draft (样稿) PDF,
//! 签发 issues it. A refusal (`document_incomplete`) names every missing element in Chinese, beside
//! its field and in one list (the party's address or the agency's settings have no field here).

use crate::api::{ApiError, Session};
use crate::components::citation_rows::CitationRows;
use crate::components::field_error::FieldError;
use crate::components::form_error::FormError;
use crate::components::item_rows::ItemRows;
use crate::components::qa_rows::QaRows;
use crate::components::sanction_fields::{SanctionFields, SanctionInput};
use crate::components::submit_button::SubmitButton;
use crate::components::text_rows::TextRows;
use crate::documents::{from_case_alone, uses};
use crate::format::{
    date_value, from_wire, naive_datetime_value, parse_date, parse_naive_datetime, wire,
};
use crate::i18n::{service_method_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::documents::{
    DocumentForm, DocumentKind, DocumentView, IssueDocument, ServiceForm,
};
use sanxiang_domain::case::ServiceMethod;
use std::collections::BTreeMap;
use uuid::Uuid;

const METHODS: [ServiceMethod; 5] = [
    ServiceMethod::Direct,
    ServiceMethod::Leaving,
    ServiceMethod::Post,
    ServiceMethod::Electronic,
    ServiceMethod::Announcement,
];

fn some_text(s: String) -> Option<String> {
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// A labelled text field bound to `value`, with the server's message for `field` beneath.
fn text_field(
    id: &'static str,
    label: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    multiline: bool,
    errors: RwSignal<BTreeMap<String, Vec<String>>>,
) -> AnyView {
    let input = if multiline {
        view! {
            <textarea id=id class="input" rows="4" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id class="input" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
        }
        .into_any()
    };
    view! {
        <div class="field" data-field=field>
            <label for=id>{label}</label>
            {input}
            <FieldError errors=errors field=field />
        </div>
    }
    .into_any()
}

/// A labelled `datetime-local` or `date` field.
fn time_field(
    id: &'static str,
    label: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    date_only: bool,
    errors: RwSignal<BTreeMap<String, Vec<String>>>,
) -> AnyView {
    let kind = if date_only { "date" } else { "datetime-local" };
    view! {
        <div class="field" data-field=field>
            <label for=id>{label}</label>
            <input id=id type=kind class="input" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            <FieldError errors=errors field=field />
        </div>
    }
    .into_any()
}

#[component]
pub fn DocumentEditor(
    case_id: Uuid,
    kind: DocumentKind,
    title: String,
    prefill: DocumentForm,
    on_issued: Callback<DocumentView>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = Session::use_session();
    let u = uses(kind);
    let base = prefill.clone();
    let p = prefill;
    let dt = |v: Option<chrono::NaiveDateTime>| v.map(naive_datetime_value).unwrap_or_default();
    let legal_rep = RwSignal::new(p.legal_representative.clone().unwrap_or_default());
    let facts = RwSignal::new(p.facts.clone().unwrap_or_default());
    let violated = RwSignal::new(p.violated.clone());
    let basis = RwSignal::new(p.basis.clone());
    let discretion = RwSignal::new(p.discretion.clone().unwrap_or_default());
    let place = RwSignal::new(p.place.clone().unwrap_or_default());
    let started_at = RwSignal::new(dt(p.started_at));
    let ended_at = RwSignal::new(dt(p.ended_at));
    let persons = RwSignal::new(if p.persons_present.is_empty() && u.persons_present {
        vec![String::new()]
    } else {
        p.persons_present.clone()
    });
    let qa = RwSignal::new(p.qa.clone());
    if u.qa && qa.with_untracked(Vec::is_empty) && kind != DocumentKind::DefenceRecord {
        qa.update(|q| {
            q.push(sanxiang_domain::document::QaPair {
                question: String::new(),
                answer: String::new(),
            })
        });
    }
    let findings = RwSignal::new(p.findings.clone().unwrap_or_default());
    let text = RwSignal::new(p.text.clone().unwrap_or_default());
    let items = RwSignal::new(p.items.clone());
    let hearing_at = RwSignal::new(dt(p.hearing_at));
    let hearing_place = RwSignal::new(p.hearing_place.clone().unwrap_or_default());
    let presiding = RwSignal::new(p.presiding.clone().unwrap_or_default());
    let period_days = RwSignal::new(p.period_days.map(|d| d.to_string()).unwrap_or_default());
    let sanction = SanctionInput::new(p.sanction.as_ref());
    let service = p.service.clone();
    let served_docs = RwSignal::new({
        let docs = service
            .as_ref()
            .map(|s| s.documents.clone())
            .unwrap_or_default();
        match (&docs[..], u.service) {
            ([], Some(true)) => vec![String::new()],
            _ => docs,
        }
    });
    let service_method = RwSignal::new(
        service
            .as_ref()
            .and_then(|s| s.method)
            .map(|m| wire(&m))
            .unwrap_or_default(),
    );
    let service_address = RwSignal::new(
        service
            .as_ref()
            .and_then(|s| s.address.clone())
            .unwrap_or_default(),
    );
    let service_recipient = RwSignal::new(
        service
            .as_ref()
            .and_then(|s| s.recipient.clone())
            .unwrap_or_default(),
    );
    let served_on = RwSignal::new(
        service
            .as_ref()
            .and_then(|s| s.served_on)
            .map(date_value)
            .unwrap_or_default(),
    );

    let errors = RwSignal::new(BTreeMap::<String, Vec<String>>::new());
    let error = RwSignal::new(None::<String>);
    let previewing = RwSignal::new(false);
    let issuing = RwSignal::new(false);
    let preview_url = RwSignal::new(None::<String>);

    let build = move || -> IssueDocument {
        let mut f = base.clone();
        f.legal_representative = some_text(legal_rep.get_untracked());
        f.facts = some_text(facts.get_untracked());
        f.violated = violated.get_untracked();
        f.basis = basis.get_untracked();
        f.discretion = some_text(discretion.get_untracked());
        f.place = some_text(place.get_untracked());
        f.started_at = parse_naive_datetime(&started_at.get_untracked());
        f.ended_at = parse_naive_datetime(&ended_at.get_untracked());
        f.persons_present = persons
            .get_untracked()
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect();
        f.qa = qa
            .get_untracked()
            .into_iter()
            .filter(|q| !(q.question.trim().is_empty() && q.answer.trim().is_empty()))
            .collect();
        f.findings = some_text(findings.get_untracked());
        f.text = some_text(text.get_untracked());
        f.items = items
            .get_untracked()
            .into_iter()
            .filter(|i| !i.name.trim().is_empty())
            .collect();
        f.hearing_at = parse_naive_datetime(&hearing_at.get_untracked());
        f.hearing_place = some_text(hearing_place.get_untracked());
        f.presiding = some_text(presiding.get_untracked());
        f.period_days = period_days.get_untracked().trim().parse().ok();
        if u.sanction {
            // Blank: the sanction the case holds; an amount that is not a number of 元 is sent as
            // none, and the refusal names the field.
            f.sanction = if sanction.is_blank() {
                None
            } else {
                sanction.value()
            };
        }
        if u.service.is_some() || f.service.is_some() {
            f.service = Some(ServiceForm {
                documents: served_docs
                    .get_untracked()
                    .into_iter()
                    .filter(|d| !d.trim().is_empty())
                    .collect(),
                method: from_wire(&service_method.get_untracked()),
                address: some_text(service_address.get_untracked()),
                recipient: some_text(service_recipient.get_untracked()),
                served_on: parse_date(&served_on.get_untracked()),
            });
        }
        IssueDocument { kind, form: f }
    };
    let build = StoredValue::new(build);

    let refused = move |err: ApiError| {
        errors.try_set(err.field_errors());
        error.try_set(Some(err.message()));
    };

    let on_preview = Callback::new(move |_| {
        previewing.set(true);
        errors.set(BTreeMap::new());
        error.set(None);
        let body = build.with_value(|b| b());
        spawn_local(async move {
            match session.preview_document(case_id, &body).await {
                Ok(url) => {
                    if let Some(old) = preview_url.get_untracked() {
                        crate::api::revoke_object_url(&old);
                    }
                    preview_url.try_set(Some(url.clone()));
                    open_in_new_tab(&url);
                }
                Err(err) => refused(err),
            }
            previewing.try_set(false);
        });
    });
    let on_issue = Callback::new(move |_| {
        issuing.set(true);
        errors.set(BTreeMap::new());
        error.set(None);
        let body = build.with_value(|b| b());
        spawn_local(async move {
            match session.issue_document(case_id, &body).await {
                Ok(doc) => {
                    issuing.try_set(false);
                    on_issued.run(doc);
                }
                Err(err) => {
                    refused(err);
                    issuing.try_set(false);
                }
            }
        });
    });

    let missing = move || {
        errors.with(|e| {
            e.iter()
                .map(|(field, labels)| (field.clone(), labels.join("；")))
                .collect::<Vec<_>>()
        })
    };

    let method_options = METHODS
        .iter()
        .map(|m| view! { <option value=wire(m)>{t(service_method_key(*m))}</option> })
        .collect_view();

    view! {
        <form id="document-form" class="document-form" data-kind=kind.as_str()
            on:submit=|ev| ev.prevent_default()>
            <h3 class="document-form-title">{title}</h3>
            {from_case_alone(kind).then(|| view! { <p class="muted small">{t(Key::DocFromCaseAlone)}</p> })}
            {u.legal_representative.then(|| text_field("doc-legal-representative", t(Key::DocLegalRepresentative), "form.legal_representative", legal_rep, false, errors))}
            {u.facts.map(|k| text_field("doc-facts", t(k), "form.facts", facts, true, errors))}
            {u.violated.then(|| view! {
                <fieldset class="field" data-field="form.violated">
                    <legend>{t(Key::DocViolated)}</legend>
                    <CitationRows rows=violated id="doc-violated" />
                    <FieldError errors=errors field="form.violated" />
                </fieldset>
            })}
            {u.basis.map(|k| view! {
                <fieldset class="field" data-field="form.basis">
                    <legend>{t(k)}</legend>
                    <CitationRows rows=basis id="doc-basis" />
                    <FieldError errors=errors field="form.basis" />
                </fieldset>
            })}
            {u.sanction.then(|| view! {
                <fieldset class="field" data-field="form.sanction">
                    <legend>{t(Key::DocSanction)}</legend>
                    <SanctionFields input=sanction prefix="doc-sanction" />
                    <FieldError errors=errors field="form.sanction" />
                </fieldset>
            })}
            {u.discretion.then(|| text_field("doc-discretion", t(Key::DocDiscretion), "form.discretion", discretion, true, errors))}
            {u.started_at.map(|k| time_field("doc-started-at", t(k), "form.started_at", started_at, false, errors))}
            {u.ended_at.then(|| time_field("doc-ended-at", t(Key::DocEndedAt), "form.ended_at", ended_at, false, errors))}
            {u.place.map(|k| text_field("doc-place", t(k), "form.place", place, false, errors))}
            {u.persons_present.then(|| view! {
                <fieldset class="field" data-field="form.persons_present">
                    <legend>{t(Key::DocPersonsPresent)}</legend>
                    <TextRows rows=persons id="doc-persons" label=t(Key::DocPerson) add_label=t(Key::DocPersonAdd) />
                    <FieldError errors=errors field="form.persons_present" />
                </fieldset>
            })}
            {u.presiding.then(|| text_field("doc-presiding", t(Key::DocPresiding), "form.presiding", presiding, false, errors))}
            {u.hearing_at.then(|| time_field("doc-hearing-at", t(Key::DocHearingAt), "form.hearing_at", hearing_at, false, errors))}
            {u.hearing_place.then(|| text_field("doc-hearing-place", t(Key::DocHearingPlace), "form.hearing_place", hearing_place, false, errors))}
            {u.qa.then(|| view! {
                <fieldset class="field" data-field="form.qa">
                    <legend>{t(Key::DocQa)}</legend>
                    <QaRows rows=qa />
                    <FieldError errors=errors field="form.qa" />
                </fieldset>
            })}
            {u.findings.map(|k| text_field("doc-findings", t(k), "form.findings", findings, true, errors))}
            {u.items.then(|| view! {
                <fieldset class="field" data-field="form.items">
                    <legend>{t(Key::DocItems)}</legend>
                    <ItemRows rows=items />
                    <FieldError errors=errors field="form.items" />
                </fieldset>
            })}
            {u.period_days.then(|| view! {
                <div class="field" data-field="form.period_days">
                    <label for="doc-period-days">{t(Key::DocPeriodDays)}</label>
                    <input id="doc-period-days" type="number" min="1" max="30" class="input"
                        prop:value=move || period_days.get()
                        on:input=move |ev| period_days.set(event_target_value(&ev)) />
                    <FieldError errors=errors field="form.period_days" />
                </div>
            })}
            {u.service.map(|full| view! {
                <fieldset class="field service-fields">
                    <legend>{t(Key::DocService)}</legend>
                    {full.then(|| view! {
                        <div class="field" data-field="form.service.documents">
                            <span class="label">{t(Key::DocServedDocuments)}</span>
                            <TextRows rows=served_docs id="doc-served-documents" label=t(Key::DocServedDocument) add_label=t(Key::DocServedDocumentAdd) />
                            <FieldError errors=errors field="form.service.documents" />
                        </div>
                    })}
                    <div class="field" data-field="form.service.method">
                        <label for="doc-service-method">{t(Key::DocServiceMethod)}</label>
                        <select id="doc-service-method" class="input"
                            prop:value=move || service_method.get()
                            on:change=move |ev| service_method.set(event_target_value(&ev))>
                            <option value="">{t(Key::DocChoose)}</option>
                            {method_options}
                        </select>
                        <FieldError errors=errors field="form.service.method" />
                    </div>
                    {text_field("doc-service-address", t(Key::DocServiceAddress), "form.service.address", service_address, false, errors)}
                    {text_field("doc-service-recipient", t(Key::DocServiceRecipient), "form.service.recipient", service_recipient, false, errors)}
                    {full.then(|| time_field("doc-served-on", t(Key::DocServedOn), "form.service.served_on", served_on, true, errors))}
                </fieldset>
            })}
            {u.text.map(|k| text_field("doc-text", t(k), "form.text", text, true, errors))}
            <FormError error=error id="document-error" />
            <Show when=move || errors.with(|e| !e.is_empty())>
                <div id="document-missing" class="missing-list" role="alert">
                    <p class="small">{t(Key::DocMissingTitle)}</p>
                    <ul>
                        {move || missing()
                            .into_iter()
                            .map(|(field, label)| view! { <li class="missing-field" data-field=field>{label}</li> })
                            .collect_view()}
                    </ul>
                </div>
            </Show>
            <div class="form-actions">
                <SubmitButton id="document-preview" label=t(Key::DocPreview) busy=previewing secondary=true on_click=on_preview />
                <SubmitButton id="document-issue" label=t(Key::DocIssue) busy=issuing on_click=on_issue />
                <button type="button" id="document-cancel" class="btn btn-light" on:click=move |_| on_cancel.run(())>
                    {t(Key::DocCancel)}
                </button>
                {move || preview_url.get().map(|url| view! {
                    <a id="document-preview-link" class="small" href=url target="_blank" rel="noopener">{t(Key::DocPreviewOpen)}</a>
                })}
            </div>
        </form>
    }
}

/// Opens `url` in a new tab (the browser may refuse a pop-up; the link beside stays).
pub fn open_in_new_tab(url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.open_with_url_and_target(url, "_blank");
    }
}
