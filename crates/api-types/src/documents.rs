//! Enforcement documents (执法文书) on the wire.

use chrono::{DateTime, NaiveDate, Utc};
pub use sanxiang_domain::document::{
    BankAccount, DocumentForm, DocumentKind, DocumentSettings, LegalCitation, ListedItem,
    MissingField, QaPair, ServiceForm,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// The scan of the signed paper, kept beside the issued PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SignedCopyView {
    /// SHA-256 of the scan (`GET /api/v1/blobs/{sha256}` returns it).
    pub sha256: String,
    /// The record that holds it in the case file.
    pub record_id: Uuid,
    pub uploaded_at: DateTime<Utc>,
}

/// An issued document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DocumentView {
    pub id: Uuid,
    pub case_id: Uuid,
    pub kind: DocumentKind,
    /// The document's title, e.g. 行政处罚决定书.
    pub title: String,
    /// Its number, e.g. 桓财罚决〔2026〕1号.
    pub number: String,
    pub issued_on: NaiveDate,
    /// SHA-256 of the PDF: in the issuing record's log entry.
    pub sha256: String,
    /// PDF size in bytes.
    pub size: i64,
    /// The issuing record (its log entry proves the PDF).
    pub record_id: Uuid,
    /// Printed on the document; with the number it checks the document publicly.
    pub verification_code: String,
    /// `GET` it for the PDF.
    pub pdf_url: String,
    pub signed_copies: Vec<SignedCopyView>,
    /// The form it was composed from.
    pub form: DocumentForm,
}

/// A document the case can produce now, with its form pre-filled from what the case holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AvailableDocument {
    pub kind: DocumentKind,
    pub title: String,
    /// Usual at the case's current stage (the app offers these first).
    pub due_now: bool,
    /// Issued already (a later one supersedes, e.g. a renewed notice).
    pub issued: bool,
    /// The form pre-filled from the case and the documents issued before: facts, citations,
    /// discretion, the proposed sanction, the party's address; for a 送达回证, the latest
    /// document served on the party (行政处罚法 art. 61).
    pub prefill: DocumentForm,
}

/// The case's documents: issued and available.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CaseDocuments {
    pub issued: Vec<DocumentView>,
    pub available: Vec<AvailableDocument>,
}

/// Issue (or preview) a document: its type and the officer's part of it. Everything the case
/// holds (party, officers, evidence, sanction, the agency's settings) is filled in by the server.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct IssueDocument {
    pub kind: DocumentKind,
    #[serde(default, deserialize_with = "object_only")]
    pub form: DocumentForm,
}

/// Attach the scan of the signed paper (uploaded first through `POST /api/v1/blobs`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AttachSignedCopy {
    /// SHA-256 of the uploaded scan (64 hex digits).
    #[validate(length(equal = 64))]
    #[schema(min_length = 64, max_length = 64)]
    pub sha256: String,
}

/// The agency's document settings in force and their version (0: never saved).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DocumentSettingsView {
    pub version: i32,
    pub settings: DocumentSettings,
}

/// A new version of the agency's document settings.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SaveDocumentSettings {
    /// The version read (0 for the first save); another save since is 409.
    pub expected_version: i32,
    #[serde(deserialize_with = "object_only")]
    pub settings: DocumentSettings,
}

/// Reads a JSON object only: serde would also take a struct from an array of its fields, which
/// the schema does not allow.
fn object_only<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error;
    let v = serde_json::Value::deserialize(d)?;
    if !v.is_object() {
        return Err(D::Error::custom("must be an object"));
    }
    serde_json::from_value(v).map_err(D::Error::custom)
}

/// The public check's answer: whether such a document was issued, and nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DocumentCheck {
    /// `issued` or `unknown`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The issuing agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<NaiveDate>,
    /// SHA-256 of the issued PDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Index of the issuing record's entry in the transparency log, once integrated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
    /// In words: "document … issued by … on …, unaltered (log index N)" or "unknown".
    pub message: String,
}

/// What the public check is asked with: the SHA-256 of a file, or the number and verification
/// code printed on the paper.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentCheckQuery {
    /// SHA-256 of the PDF in hand (64 hex digits).
    #[serde(default)]
    #[param(min_length = 64, max_length = 64, pattern = "^[0-9a-fA-F]{64}$")]
    pub sha256: Option<String>,
    /// The number printed on the document, e.g. 桓财罚决〔2026〕1号 (with `code`).
    #[serde(default)]
    #[param(min_length = 1, max_length = 100)]
    pub number: Option<String>,
    /// The verification code printed beside it (with `number`).
    #[serde(default)]
    #[param(min_length = 1, max_length = 16)]
    pub code: Option<String>,
}
