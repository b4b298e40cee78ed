//! Evidence files: content-addressed (SHA-256), never deleted.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An uploaded file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "size": 1048576, "content_type": "video/mp4", "file_name": "现场检查.mp4", "url": "/api/v1/blobs/9f86…"}))]
pub struct BlobInfo {
    /// Hex SHA-256 of the content: its address.
    pub sha256: String,
    pub size: i64,
    /// Sniffed from the bytes.
    pub content_type: String,
    pub file_name: String,
    pub url: String,
}
