//! 执法文书 on the case page: the documents the stage usually produces first, each with 生成 (its
//! form, pre-filled), the others below; the issued documents with their PDFs and signed copies;
//! and the case file (电子案卷) as one PDF.

use crate::api::Session;
use crate::components::document_editor::{open_in_new_tab, DocumentEditor};
use crate::components::form_error::FormError;
use crate::components::issued_document::IssuedDocument;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::documents::{AvailableDocument, DocumentView};
use uuid::Uuid;

#[component]
pub fn DocumentsPanel(
    case_id: Uuid,
    /// The case's version, whether it is archived, and whether the signed-in user is one of its
    /// officers (who alone issue its documents): the lists reload when the case moves.
    case_state: Signal<Option<(i32, bool, bool)>>,
    /// A document was issued (the timeline and checklist hold a new record).
    on_issued: Callback<DocumentView>,
) -> impl IntoView {
    let session = Session::use_session();
    let reload = RwSignal::new(0u32);
    let documents = LocalResource::new(move || {
        let _ = case_state.get();
        let _ = reload.get();
        async move { session.case_documents(case_id).await }
    });
    // Documents are issued (and signed copies attached) by the case's officers, until archived.
    let editable = move || {
        case_state
            .get()
            .is_some_and(|(_, a, officer)| officer && !a)
    };
    let editing = RwSignal::new(None::<AvailableDocument>);
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let case_file_url = RwSignal::new(None::<String>);
    let case_file_busy = RwSignal::new(false);

    let issued_done = Callback::new(move |doc: DocumentView| {
        notice.set(Some(format!(
            "{}：{} {}",
            t(Key::DocIssued),
            doc.title,
            doc.number
        )));
        editing.set(None);
        reload.update(|n| *n += 1);
        on_issued.run(doc);
    });
    let cancel = Callback::new(move |_| editing.set(None));

    let open_case_file = move |_| {
        if case_file_busy.get_untracked() {
            return;
        }
        case_file_busy.set(true);
        error.set(None);
        spawn_local(async move {
            match session.case_file_pdf(case_id).await {
                Ok(url) => {
                    if let Some(old) = case_file_url.get_untracked() {
                        crate::api::revoke_object_url(&old);
                    }
                    case_file_url.try_set(Some(url.clone()));
                    open_in_new_tab(&url);
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            case_file_busy.try_set(false);
        });
    };

    let loaded = move || documents.get();
    let load_error = move || match loaded() {
        Some(Err(err)) => Some(err.message()),
        _ => None,
    };
    let available = move |due: bool| -> Vec<AvailableDocument> {
        match loaded() {
            Some(Ok(d)) => d
                .available
                .into_iter()
                .filter(|a| a.due_now == due)
                .collect(),
            _ => Vec::new(),
        }
    };
    let issued = move || match loaded() {
        Some(Ok(d)) => d.issued,
        _ => Vec::new(),
    };
    let row = move |a: AvailableDocument| {
        let kind = a.kind.as_str();
        let issued_already = a.issued;
        let chosen = a.clone();
        view! {
            <li class="available-document" data-kind=kind data-issued=issued_already.to_string()>
                <span class="document-title">{a.title.clone()}</span>
                {issued_already.then(|| view! { <span class="badge badge-muted">{t(Key::DocAlreadyIssued)}</span> })}
                {move || editable().then(|| {
                    let chosen = chosen.clone();
                    view! {
                        <button type="button" class="btn btn-light btn-small generate-button"
                            on:click=move |_| {
                                notice.set(None);
                                editing.set(Some(chosen.clone()));
                            }>
                            {t(Key::DocGenerate)}
                        </button>
                    }
                })}
            </li>
        }
    };

    view! {
        <div class="card documents-card" id="documents">
            <div class="documents-head">
                <h2 class="section-title">{t(Key::DocPanelTitle)}</h2>
                <button type="button" id="case-file-button" class="btn btn-light btn-small"
                    on:click=open_case_file disabled=move || case_file_busy.get()>
                    {move || case_file_busy.get().then(|| view! { <span class="spinner spinner-small" aria-hidden="true"></span> })}
                    {t(Key::DocCaseFile)}
                </button>
                {move || case_file_url.get().map(|url| view! {
                    <a id="case-file-link" class="small" href=url target="_blank" rel="noopener">{t(Key::DocPdfLink)}</a>
                })}
            </div>
            <FormError error=error id="documents-error" />
            {move || load_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <Show when=move || notice.with(Option::is_some)>
                <p id="documents-notice" class="ok-text" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || documents.get().is_none()>
                <p class="muted small">{t(Key::Loading)}</p>
            </Show>
            <h3 class="subsection-title">{t(Key::DocDueNow)}</h3>
            <ul id="documents-due" class="document-list">
                {move || {
                    let due = available(true);
                    if due.is_empty() {
                        view! { <li class="muted small">{t(Key::DocNoneDue)}</li> }.into_any()
                    } else {
                        due.into_iter().map(row).collect_view().into_any()
                    }
                }}
            </ul>
            <details id="documents-other" class="documents-other">
                <summary>{t(Key::DocOthers)}</summary>
                <ul class="document-list">
                    {move || available(false).into_iter().map(row).collect_view()}
                </ul>
            </details>
            {move || editing.get().map(|a| view! {
                <DocumentEditor
                    case_id=case_id
                    kind=a.kind
                    title=a.title.clone()
                    prefill=a.prefill.clone()
                    on_issued=issued_done
                    on_cancel=cancel
                />
            })}
            <h3 class="subsection-title">{t(Key::DocIssuedTitle)}</h3>
            <ul id="documents-issued" class="document-list">
                {move || {
                    let list = issued();
                    if list.is_empty() {
                        view! { <li class="muted small">{t(Key::DocNoneIssued)}</li> }.into_any()
                    } else {
                        let e = editable();
                        list.into_iter()
                            .map(|d| view! { <IssuedDocument doc=d editable=e /> })
                            .collect_view()
                            .into_any()
                    }
                }}
            </ul>
        </div>
    }
}
