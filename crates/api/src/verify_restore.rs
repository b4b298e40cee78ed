//! `sanxiang verify --expect-checkpoint` and `--blobs`: proving that a restored backup lost
//! nothing.
//!
//! A checkpoint saved *outside* the backup (`GET /api/public/v1/log/checkpoint`, kept by the
//! operator or a witness) names a tree size and root. [`verify_expected`] requires the database
//! to hold at least that tree: every entry `0..size` present, each one re-hashing to its logged
//! leaf hash and matching its record row (as `sanxiang verify --checkpoint` checks), and the
//! first `size` leaves reproducing the saved root. A database restored from an older dump holds
//! fewer entries: the first missing index is named. An entry rewritten together with its hashes
//! keeps the database self-consistent but changes the root: the signed checkpoints the database
//! still holds narrow down where (the altered entry lies after the last one that still matches).
//! Then everything `verify --checkpoint` checks follows, against the saved checkpoint.
//!
//! [`verify_blobs`] reads every attachment the log names (`record_attachments`, checked against
//! the log entries by the above) from the blob store (local or S3-compatible) and re-hashes its
//! bytes: each missing file,
//! each file whose SHA-256 or size differs, is named.

use crate::verify::{self, check_page, LiveReport, MemTree, VerifyError, SCAN_PAGE};
use sanxiang_domain::tlog::{root_at, Checkpoint, Hash, VerifierKey};
use sanxiang_persistence::blob::{hash_stored, BlobAddress, BlobError, BlobStore};
use sanxiang_persistence::tlog as store;
use sanxiang_persistence::{ops, Db};

/// What [`verify_expected`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedReport {
    /// The expected checkpoint's tree size: all of it is in the database.
    pub expected_size: u64,
    /// The rest, as `verify --checkpoint` reports it.
    pub live: LiveReport,
}

/// Checks that `db` holds at least the tree of `expected` (a signed checkpoint saved outside the
/// backup), then everything [`verify::verify_live`] checks (see the module docs).
pub async fn verify_expected(
    db: &Db,
    expected: &str,
    key: &VerifierKey,
) -> Result<ExpectedReport, VerifyError> {
    let keys = std::slice::from_ref(key);
    let (cp, _) = Checkpoint::open(expected, key.name(), keys)
        .map_err(|e| VerifyError::Checkpoint(format!("the expected checkpoint: {e}")))?;
    let mut leaves: Vec<Hash> = Vec::new();
    while (leaves.len() as u64) < cp.size {
        let start = leaves.len() as u64;
        let page = store::scan_log(db, start, SCAN_PAGE.min(cp.size - start))
            .await
            .map_err(|e| VerifyError::Log(e.to_string()))?;
        if page.is_empty() {
            break;
        }
        let checked = actix_web::rt::task::spawn_blocking(move || check_page(page, start))
            .await
            .map_err(|e| VerifyError::Log(format!("checking a page of entries: {e}")))??;
        leaves.extend(checked);
    }
    let held = leaves.len() as u64;
    if held < cp.size {
        return Err(VerifyError::Missing {
            index: held,
            held,
            size: cp.size,
        });
    }
    let tree = MemTree::new(leaves);
    let root = root_at(cp.size, &tree).map_err(|e| VerifyError::Log(e.to_string()))?;
    if root != cp.root {
        return Err(VerifyError::Log(
            altered_where(db, key, &tree, cp.size).await,
        ));
    }
    let live = verify::verify_live(db, expected, key).await?;
    Ok(ExpectedReport {
        expected_size: cp.size,
        live,
    })
}

/// Where an entry below `size` was rewritten with its hashes: between the last checkpoint
/// stored in the database (and validly signed) whose root the entries still reproduce and the
/// first that they do not.
async fn altered_where(db: &Db, key: &VerifierKey, tree: &MemTree, size: u64) -> String {
    let keys = std::slice::from_ref(key);
    let stored = store::list_checkpoints(db, Some(size.saturating_add(1)), u64::MAX >> 1)
        .await
        .unwrap_or_default();
    let mut good = 0u64;
    let mut bad = size;
    for c in stored.iter().rev() {
        let Ok((signed, _)) = Checkpoint::open(&c.note, key.name(), keys) else {
            continue;
        };
        if signed.size == 0 || signed.size > size {
            continue;
        }
        match root_at(signed.size, tree) {
            Ok(r) if r == signed.root => good = good.max(signed.size),
            _ => bad = bad.min(signed.size),
        }
    }
    let first = good.min(bad.saturating_sub(1));
    format!(
        "the first {size} entries no longer have the expected checkpoint's root: an entry \
         between index {first} and {} was rewritten together with its hashes",
        bad.saturating_sub(1)
    )
}

/// One attachment that does not match the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobProblem {
    pub sha256: String,
    pub file_name: String,
    /// Where it should be: a path, or a URL of the object store (without credentials).
    pub location: String,
    pub reason: String,
}

impl std::fmt::Display for BlobProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "attachment {} ({}) at {}: {}",
            self.sha256, self.file_name, self.location, self.reason
        )
    }
}

/// What [`verify_blobs`] found: how many files matched, and each one that did not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlobReport {
    pub checked: u64,
    pub bytes: u64,
    pub problems: Vec<BlobProblem>,
}

/// Re-hashes every attachment the database's log names from the blob store `blobs` (local or
/// remote; each read as a stream).
pub async fn verify_blobs(db: &Db, blobs: &dyn BlobStore) -> Result<BlobReport, VerifyError> {
    let files = ops::attachments(db)
        .await
        .map_err(|e| VerifyError::Log(format!("reading the attachments: {e}")))?;
    let mut report = BlobReport::default();
    for (sha256, file_name, size) in files {
        let Some(address) = BlobAddress::parse(&sha256) else {
            report.problems.push(BlobProblem {
                location: String::new(),
                reason: "the log names no valid SHA-256".into(),
                sha256,
                file_name,
            });
            continue;
        };
        let reason = match hash_stored(blobs, &address).await {
            Err(BlobError::NotFound) => Some("missing".to_owned()),
            Err(e) => Some(format!("unreadable: {e}")),
            Ok((digest, _)) if digest != address => Some(format!(
                "altered: its bytes hash to {digest}, the log says {sha256}"
            )),
            Ok((_, n)) if i64::try_from(n).ok() != Some(size) => {
                Some(format!("altered: {n} bytes, the log says {size}"))
            }
            Ok((_, n)) => {
                report.checked += 1;
                report.bytes += n;
                None
            }
        };
        if let Some(reason) = reason {
            report.problems.push(BlobProblem {
                location: blobs.location(&address),
                sha256,
                file_name,
                reason,
            });
        }
    }
    Ok(report)
}
