//! The tamper-evident log: every case record is also a log entry, written in the same
//! transaction as the record; a single integrator later gives entries consecutive leaf indexes
//! in an RFC 6962 Merkle tree and signs a C2SP checkpoint whenever the tree grew.
//!
//! # Tables
//!
//! - `log_entries` (append-only): one row per entry: `id`, `agency_id`, `case_id`, `record_id`,
//!   `kind` (`record`, `state_change` for a stage-machine transition record, `publication`
//!   for a change of the public change feed — see `publication` —, `review_event` for a
//!   legal-review event — see `review_entry` —, or `auth_event` for a sign-in event — see
//!   `auth_entry`), `canonical`
//!   (the entry's canonical bytes, UTF-8 JSON), `leaf_hash` (hex), `created_at`.
//! - `log_pending`: entries not yet integrated (a queue the integrator empties).
//! - `log_leaves` (append-only): `idx` → `entry_id`, `leaf_hash`.
//! - `log_nodes` (append-only): `(level, idx)` → the hash of every complete subtree of height
//!   `level ≥ 1`, written by the integrator in the same transaction as the leaves completing it.
//! - `log_checkpoints` (append-only): every signed checkpoint, by size.
//! - `log_publications` (append-only): feed change `seq` → its publication entry (see
//!   `public_proof`).
//! - `auditor_reads` (append-only): who (an auditor) read what, when, in which request.
//!
//! # The canonical encoding of a record entry (version 1; stable — never change it)
//!
//! The entry is a JSON object serialized with RFC 8785 (JCS, see
//! `sanxiang_domain::tlog::canonical`); its leaf hash is `SHA-256(0x00 ‖ bytes)`. Members:
//!
//! | member | value |
//! |---|---|
//! | `type` | `"case_record"` |
//! | `v` | `1`, or `2` for a record with `persons_named` |
//! | `id`, `case_id`, `agency_id`, `created_by` | UUIDs, lowercase hyphenated strings |
//! | `seq` | the record's number in its case (integer) |
//! | `stage`, `kind` | snake_case strings (`kind` is `transition` for a stage change; its `title` and `body` state the new stage) |
//! | `action`, `document_type`, `activity`, `place`, `corrects`, `correction_reason` | string or `null` |
//! | `title`, `body` | strings, exactly as stored |
//! | `officers_present` | array of UUID strings, in stored order |
//! | `occurred_at` | timestamp or `null`; `recorded_at`: timestamp |
//! | `attachments` | array of `{"sha256", "file_name", "content_type", "size"}` sorted by `sha256` (lowercase hex; size an integer) |
//! | `persons_named` | only in `v` `2`, for a record that names persons besides the party: array of `{"name", "role"}` in stored order (id numbers stay out of the log) |
//!
//! Timestamps are UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, always six fractional digits (truncated
//! to microseconds, the precision both databases keep). Every member is always present (`persons_named` exactly when `v` is 2). The
//! encoding is computed from the database row, so the same function re-encodes a row later and
//! any change to the row changes the leaf hash (`sanxiang verify`).
//!
//! # Cost
//!
//! Proofs and roots read only the complete subtrees they need from `log_nodes` / `log_leaves`
//! (O(log n) rows, one query: see `nodes`). The integrator keeps the tree's frontier (the
//! O(log n) roots of its maximal complete subtrees): each batch checks that the stored frontier
//! reproduces the last signed root, checks each new entry's leaf hash against its canonical
//! bytes, appends, and proves the new tree consistent with the old one, without rereading
//! older leaves. `sanxiang verify` rereads and rehashes everything.

mod audit;
mod auth_entry;
pub(crate) mod entry;
mod export;
mod index;
mod integrate;
mod nodes;
mod proofs;
mod public_proof;
mod publication;
mod review_entry;
mod scan;

pub use audit::{list_auditor_reads, record_auditor_read, AuditorRead, NewAuditorRead};
pub(crate) use auth_entry::write_auth_event;
pub use auth_entry::{
    auth_event_canonical, backfill_unlogged_auth_events, check_auth_events, AuthEventCheck,
    KIND_AUTH_EVENT,
};
pub(crate) use entry::log_record;
pub use entry::{record_entry, ENTRY_TYPE_RECORD, KIND_RECORD, KIND_STATE_CHANGE};
pub use export::{case_export, CaseExport, ExportRecord};
pub use index::{case_leaf_indexes, leaf_indexes};
pub use integrate::{backfill_nodes, backfill_unlogged_records, integrate, Integrated};
pub use proofs::{
    consistency, entries, inclusion, latest_checkpoint, list_checkpoints, record_proof, tree_size,
    LeafSnapshot, LogEntryRow, StoredCheckpoint,
};
pub use public_proof::{
    backfill_publication_index, publication_leaves, publication_proof, PublicationLeaf,
    PublicationProof,
};
pub(crate) use publication::log_publication;
pub use publication::{
    backfill_unlogged_publications, body_sha256, disclosure_version_rows, feed_rows,
    logged_publications, public_decision_rows, publication_entry, stored_body_sha256,
    LoggedPublication, PublicationRef, PublishedRow, ENTRY_TYPE_PUBLICATION, KIND_PUBLICATION,
};
pub(crate) use review_entry::log_review_event;
pub use review_entry::{
    backfill_unlogged_review_events, check_review_events, review_event_canonical, ReviewEventCheck,
    KIND_REVIEW_EVENT,
};
pub use scan::{scan_log, ScannedLeaf, ScannedRecord};

use crate::StoreError;
use sanxiang_domain::tlog::Hash;
use sea_orm::DbErr;

/// What a log operation can fail with, beyond the store's errors.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// A database error, or the object was not found.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The entry exists but is not yet covered by a signed checkpoint.
    #[error("not yet integrated into a signed checkpoint")]
    NotIntegrated,
    /// An index or size outside the log, or `from > to` (the caller's mistake: a 4xx).
    #[error("{field}: {message}")]
    BadRange {
        /// The query parameter at fault.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The stored log does not reproduce itself (tampering or a bug): refuse, log, alarm.
    #[error("log integrity: {0}")]
    Integrity(String),
}

impl LogError {
    /// Whether the database pool was closed (the server is shutting down).
    pub fn is_pool_closed(&self) -> bool {
        matches!(
            self,
            LogError::Store(StoreError::Db(DbErr::ConnectionAcquire(
                sea_orm::ConnAcquireErr::ConnectionClosed
            )))
        )
    }
}

impl From<DbErr> for LogError {
    fn from(e: DbErr) -> Self {
        LogError::Store(StoreError::Db(e))
    }
}

/// Whether the database has a single writer (SQLite): there the integrator's commits must not
/// interleave with request transactions that read before they write.
pub fn single_writer(db: &crate::Db) -> bool {
    db.backend() == sea_orm::DatabaseBackend::Sqlite
}

/// Lowercase hex of a hash.
pub fn hex(h: &Hash) -> String {
    let mut s = String::with_capacity(64);
    for b in h {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    s
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Parses 64 hex digits.
pub fn unhex(s: &str) -> Option<Hash> {
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let hi = char::from(*pair.first()?).to_digit(16)?;
        let lo = char::from(*pair.get(1)?).to_digit(16)?;
        *out.get_mut(i)? = u8::try_from(hi * 16 + lo).ok()?;
    }
    Some(out)
}

/// A stored hash that is not 64 hex digits.
pub(crate) fn stored_hash(s: &str, what: &str) -> Result<Hash, LogError> {
    unhex(s).ok_or_else(|| LogError::Integrity(format!("{what}: malformed hash {s:?}")))
}

/// A u64 size or index as the database's i64.
pub(crate) fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// A database i64 as a u64 (negative values never occur; they read as 0).
pub(crate) fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let h: Hash = std::array::from_fn(|i| (i * 37 % 256) as u8);
        assert_eq!(unhex(&hex(&h)), Some(h));
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex(&"g".repeat(64)), None);
    }
}
