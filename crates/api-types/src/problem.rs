//! RFC 9457 problem details.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The media type of every error response.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error, as `application/problem+json` (RFC 9457). `code` is stable and machine-readable;
/// `title` and `detail` are for people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[schema(example = json!({
    "type": "urn:sanxiang:problem:validation_failed",
    "title": "输入有误",
    "status": 422,
    "detail": "One or more fields are invalid.",
    "code": "validation_failed",
    "errors": {"password": ["the password must have at least 10 characters"]},
    "request_id": "5f0c8a5e-2c4b-4c1e-9a49-2f0a3c1d9b7e"
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:sanxiang:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary (Chinese).
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable snake_case code, e.g. `validation_failed`, `unauthorized`, `not_found`.
    pub code: String,
    /// For validation failures: messages per field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// The request id (also in the `x-request-id` response header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
