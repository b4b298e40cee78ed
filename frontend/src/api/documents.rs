//! Typed calls of the enforcement-document endpoints (执法文书): the case's documents, preview,
//! issue, PDFs and signed copies, the case file, and the agency's document settings.

use super::files::fetch_object_url;
use super::{decode_text, to_json, ApiError, Session};
use gloo_net::http::Method;
use sanxiang_api_types::documents::{
    AttachSignedCopy, CaseDocuments, DocumentSettingsView, DocumentView, IssueDocument,
    SaveDocumentSettings,
};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

impl Session {
    /// `GET /cases/{id}/documents`: issued ones and those the case can produce, pre-filled.
    pub async fn case_documents(self, case_id: Uuid) -> Result<CaseDocuments, ApiError> {
        self.get(&format!("/cases/{case_id}/documents")).await
    }

    /// `POST /cases/{id}/documents`: issues (numbers, typesets and records) one document.
    pub async fn issue_document(
        self,
        case_id: Uuid,
        body: &IssueDocument,
    ) -> Result<DocumentView, ApiError> {
        self.post(&format!("/cases/{case_id}/documents"), body)
            .await
    }

    /// `POST /cases/{id}/documents/preview`: the draft (样稿) PDF as an object URL.
    pub async fn preview_document(
        self,
        case_id: Uuid,
        body: &IssueDocument,
    ) -> Result<String, ApiError> {
        let path = format!("/cases/{case_id}/documents/preview");
        let resp = self
            .authed(Method::POST, &path, Some(to_json(body)?))
            .await?;
        if !resp.ok() {
            let status = resp.status();
            let text = resp.text().await.unwrap_or_default();
            return match decode_text::<serde_json::Value>(status, &text) {
                Err(err) => Err(err),
                Ok(_) => Err(ApiError::Unexpected(format!("status {status}"))),
            };
        }
        let raw: web_sys::Response = resp.into();
        let net = |e: wasm_bindgen::JsValue| ApiError::Network(format!("{e:?}"));
        let blob: web_sys::Blob = JsFuture::from(raw.blob().map_err(net)?)
            .await
            .map_err(net)?
            .unchecked_into();
        web_sys::Url::create_object_url_with_blob(&blob)
            .map_err(|e| ApiError::Unexpected(format!("{e:?}")))
    }

    /// An issued document's PDF (`GET /documents/{id}.pdf`) as an object URL.
    pub async fn document_pdf(self, doc: &DocumentView) -> Result<String, ApiError> {
        fetch_object_url(self, &doc.pdf_url).await
    }

    /// The case file (电子案卷, `GET /cases/{id}/case-file.pdf`) as an object URL.
    pub async fn case_file_pdf(self, case_id: Uuid) -> Result<String, ApiError> {
        fetch_object_url(self, &format!("/cases/{case_id}/case-file.pdf")).await
    }

    /// A signed copy's scan (`GET /blobs/{sha256}`) as an object URL.
    pub async fn signed_copy(self, sha256: &str) -> Result<String, ApiError> {
        fetch_object_url(self, &format!("/blobs/{sha256}")).await
    }

    /// `POST /documents/{id}/signed-copy`: the scan of the signed paper, uploaded before.
    pub async fn attach_signed_copy(
        self,
        document_id: Uuid,
        sha256: String,
    ) -> Result<DocumentView, ApiError> {
        self.post(
            &format!("/documents/{document_id}/signed-copy"),
            &AttachSignedCopy { sha256 },
        )
        .await
    }

    /// `GET /document-settings`.
    pub async fn document_settings(self) -> Result<DocumentSettingsView, ApiError> {
        self.get("/document-settings").await
    }

    /// `PUT /document-settings` (administrators; 409 when saved by someone else since).
    pub async fn save_document_settings(
        self,
        body: &SaveDocumentSettings,
    ) -> Result<DocumentSettingsView, ApiError> {
        self.put("/document-settings", body).await
    }
}

/// `GET /api/public/v1/documents/check`: whether a document with this SHA-256, or this number and
/// verification code, was issued — no sign-in.
pub async fn check_document(
    sha256: Option<&str>,
    number: Option<&str>,
    code: Option<&str>,
) -> Result<sanxiang_api_types::documents::DocumentCheck, ApiError> {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    let query = match (sha256, number, code) {
        (Some(h), _, _) => format!("sha256={}", enc(h)),
        (None, Some(n), Some(c)) => format!("number={}&code={}", enc(n), enc(c)),
        _ => String::new(),
    };
    let resp = super::send_url(
        gloo_net::http::Method::GET,
        &format!("{}/documents/check?{query}", super::PUBLIC_API_BASE),
        None,
        None,
    )
    .await?;
    super::decode(resp).await
}
