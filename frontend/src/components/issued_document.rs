//! One issued document: number, title, date, its PDF (opened with the session's token), and the
//! scans of the signed paper kept beside it (uploaded as a blob, then attached).

use crate::api::{Session, UploadProgress};
use crate::components::document_editor::open_in_new_tab;
use crate::components::form_error::FormError;
use crate::format::{date_time, date_zh};
use crate::i18n::{t, Key};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::documents::DocumentView;

#[component]
pub fn IssuedDocument(
    doc: DocumentView,
    /// Signed copies may be attached (one of the case's officers, not archived).
    editable: bool,
) -> impl IntoView {
    let session = Session::use_session();
    let doc = RwSignal::new(doc);
    let pdf_url = RwSignal::new(None::<String>);
    let opening = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let uploading = RwSignal::new(None::<UploadProgress>);
    let file_input = NodeRef::<html::Input>::new();

    let open_pdf = move |_| {
        if opening.get_untracked() {
            return;
        }
        opening.set(true);
        error.set(None);
        let d = doc.get_untracked();
        spawn_local(async move {
            match session.document_pdf(&d).await {
                Ok(url) => {
                    if let Some(old) = pdf_url.get_untracked() {
                        crate::api::revoke_object_url(&old);
                    }
                    pdf_url.try_set(Some(url.clone()));
                    open_in_new_tab(&url);
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            opening.try_set(false);
        });
    };

    let on_file = move |_| {
        let Some(file) = file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|l| l.get(0))
        else {
            return;
        };
        error.set(None);
        uploading.set(Some(UploadProgress {
            loaded: 0.0,
            total: file.size(),
        }));
        let id = doc.get_untracked().id;
        spawn_local(async move {
            let result = match session
                .upload_blob(&file, move |p| {
                    uploading.try_set(Some(p));
                })
                .await
            {
                Ok(blob) => session.attach_signed_copy(id, blob.sha256).await,
                Err(err) => Err(err),
            };
            match result {
                Ok(updated) => {
                    doc.try_set(updated);
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            uploading.try_set(None);
            if let Some(input) = file_input.get_untracked() {
                input.set_value("");
            }
        });
    };

    let open_copy = move |sha256: String| {
        spawn_local(async move {
            match session.signed_copy(&sha256).await {
                Ok(url) => open_in_new_tab(&url),
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    let d = doc.get_untracked();
    let input_id = format!("signed-copy-{}", d.id);
    view! {
        <li class="issued-document" data-kind=d.kind.as_str() data-id=d.id.to_string() data-sha256=d.sha256.clone()>
            <div class="issued-head">
                <span class="document-number">{d.number.clone()}</span>
                <span class="document-title">{d.title.clone()}</span>
                <span class="muted small">{date_zh(d.issued_on)}</span>
            </div>
            <div class="issued-actions">
                <button type="button" class="btn btn-light btn-small open-pdf" on:click=open_pdf disabled=move || opening.get()>
                    {t(Key::DocOpenPdf)}
                </button>
                {move || pdf_url.get().map(|url| view! {
                    <a class="pdf-link small" href=url target="_blank" rel="noopener">{t(Key::DocPdfLink)}</a>
                })}
                {editable.then(|| view! {
                    <label class="btn btn-light btn-small upload-label" for=input_id.clone()>{t(Key::DocUploadSigned)}</label>
                    <input id=input_id.clone() class="signed-copy-input visually-hidden" type="file"
                        accept="application/pdf,image/*" node_ref=file_input on:change=on_file />
                })}
                {move || uploading.get().map(|p| view! {
                    <progress class="signed-copy-progress" max="100" value=p.percent()></progress>
                })}
            </div>
            <ul class="signed-copies">
                {move || doc.with(|d| d.signed_copies.clone())
                    .into_iter()
                    .map(|c| {
                        let sha = c.sha256.clone();
                        view! {
                            <li class="signed-copy" data-sha256=c.sha256.clone()>
                                <span class="small">{t(Key::DocSignedCopy)}" "{date_time(c.uploaded_at)}</span>
                                <button type="button" class="btn btn-light btn-small open-copy"
                                    on:click=move |_| open_copy(sha.clone())>{t(Key::DocOpenCopy)}</button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <FormError error=error id=format!("issued-error-{}", d.id) />
        </li>
    }
}
