//! The tamper-evident log (RFC 6962 Merkle log with signed checkpoints): entries, proofs,
//! checkpoints and the record of auditors' reads.
//!
//! Hashes are standard base64, as in checkpoints and `tlog-proof`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// `?start=&end=`: leaf indexes `start..end`; at most 1000 are returned.
#[derive(Debug, Clone, Serialize, Deserialize, IntoParams)]
pub struct EntriesQuery {
    /// First index (inclusive).
    #[serde(deserialize_with = "crate::query::required_position")]
    pub start: u64,
    /// End index (exclusive); clipped to the signed size and to `start + 1000`.
    #[serde(deserialize_with = "crate::query::required_position")]
    pub end: u64,
}

/// One leaf of the log.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LogEntry {
    pub index: u64,
    /// `SHA-256(0x00 ‖ canonical)`, base64.
    pub leaf_hash: String,
    /// `record`, `state_change`, `publication` (a change of the public change feed),
    /// `review_event` (a legal-review event) or `auth_event` (a sign-in event; it belongs to no
    /// agency, so it is always redacted).
    pub kind: String,
    /// True when the entry belongs to an agency the caller cannot read: only its hash is shown.
    pub redacted: bool,
    pub agency_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub record_id: Option<Uuid>,
    /// The entry's canonical bytes (RFC 8785 JSON) exactly as hashed.
    pub canonical: Option<String>,
}

/// A page of log entries.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LogEntries {
    /// The size of the latest signed tree.
    pub tree_size: u64,
    pub entries: Vec<LogEntry>,
}

/// `?index=&tree_size=`.
#[derive(Debug, Clone, Serialize, Deserialize, IntoParams)]
pub struct InclusionQuery {
    /// The leaf index.
    #[serde(deserialize_with = "crate::query::required_position")]
    pub index: u64,
    /// The tree size to prove inclusion in (at most the latest signed size).
    #[serde(deserialize_with = "crate::query::required_position")]
    pub tree_size: u64,
}

/// An RFC 9162 inclusion proof (audit path).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InclusionProof {
    pub index: u64,
    pub tree_size: u64,
    /// The leaf hash at `index`, base64.
    pub leaf_hash: String,
    /// From the leaf's sibling up to the root's child, base64.
    pub hashes: Vec<String>,
}

/// `?from=&to=`.
#[derive(Debug, Clone, Serialize, Deserialize, IntoParams)]
pub struct ConsistencyQuery {
    /// The earlier tree size (at least 1).
    #[serde(deserialize_with = "crate::query::required_position")]
    #[param(minimum = 1, maximum = 9223372036854775807_u64)]
    pub from: u64,
    /// The later tree size (at most the latest signed size).
    #[serde(deserialize_with = "crate::query::required_position")]
    #[param(minimum = 1, maximum = 9223372036854775807_u64)]
    pub to: u64,
}

/// An RFC 9162 consistency proof.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    /// Base64 hashes.
    pub hashes: Vec<String>,
}

/// `?before=&limit=` over checkpoint sizes.
#[derive(Debug, Clone, Serialize, Deserialize, IntoParams)]
pub struct CheckpointQuery {
    /// Only checkpoints of a smaller tree (for paging back).
    #[serde(default, deserialize_with = "crate::query::position")]
    #[param(minimum = 0, maximum = 9223372036854775807_u64)]
    pub before: Option<u64>,
    /// At most this many (1–200, default 50).
    #[serde(default, deserialize_with = "crate::query::limit::<_, 1, 200>")]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// A signed checkpoint.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SignedCheckpoint {
    pub size: u64,
    /// Base64 root hash.
    pub root: String,
    /// The signed note, verbatim.
    pub note: String,
    pub signed_at: DateTime<Utc>,
}

/// Checkpoint history, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Checkpoints {
    pub items: Vec<SignedCheckpoint>,
}

/// `?user_id=&limit=`.
#[derive(Debug, Clone, Serialize, Deserialize, IntoParams)]
pub struct ReadsQuery {
    /// Only reads by this auditor.
    pub user_id: Option<Uuid>,
    /// At most this many (1–500, default 100).
    #[serde(default, deserialize_with = "crate::query::limit::<_, 1, 500>")]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
}

/// A read by an auditor.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditorRead {
    pub id: Uuid,
    pub user_id: Uuid,
    /// The auditor's agency.
    pub agency_id: Uuid,
    /// The agency whose data was read, when one was.
    pub target_agency_id: Option<Uuid>,
    /// What was read: `log.entries`, `log.inclusion`, `log.consistency`, `log.checkpoints`,
    /// `record.proof`, `case.export`.
    pub what: String,
    /// Which object or range.
    pub target: String,
    pub at: DateTime<Utc>,
    pub request_id: Option<String>,
}

/// Reads by auditors, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditorReads {
    pub items: Vec<AuditorRead>,
}

/// `?index=&tree_size=` of the public inclusion proof of a publication entry.
#[derive(Debug, Clone, Serialize, Deserialize, IntoParams)]
pub struct PublicInclusionQuery {
    /// The leaf index (a change's `log_index`).
    #[serde(deserialize_with = "crate::query::required_position")]
    pub index: u64,
    /// The size of a signed checkpoint to prove inclusion in (one the portal holds); the latest
    /// when absent.
    #[serde(default, deserialize_with = "crate::query::position")]
    #[param(minimum = 0, maximum = 9223372036854775807_u64)]
    pub tree_size: Option<u64>,
}

/// The inclusion proof of a publication entry (a change of the public change feed) in a signed
/// tree, with everything needed to check it offline: the entry's bytes, the audit path and the
/// signed checkpoint whose root the path leads to.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicationProof {
    pub index: u64,
    pub tree_size: u64,
    /// The entry's canonical bytes (RFC 8785 JSON), exactly as hashed.
    pub leaf: String,
    /// `SHA-256(0x00 ‖ leaf)`, base64.
    pub leaf_hash: String,
    /// The audit path (RFC 9162 §2.1.3), from the leaf's sibling up to the root's child, base64.
    pub hashes: Vec<String>,
    /// The C2SP signed checkpoint of `tree_size` leaves, verbatim (verify it with `/log/key`).
    pub checkpoint: String,
}
