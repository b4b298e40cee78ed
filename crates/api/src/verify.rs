//! `sanxiang verify`: offline checks of the tamper-evident log, and the case export format they
//! read.
//!
//! # The case export (`GET /api/v1/cases/{id}/export`, a ZIP archive, format `sanxiang-case-export/v1`)
//!
//! ```text
//! manifest.json                 format, log origin, case, and per record: id, seq, log index,
//!                               leaf hash and the paths below
//! records.json                  every record's log entry as JSON, in seq order (for reading)
//! checkpoint.txt                the signed checkpoint every proof is against
//! entries/<seq>.json            each record's canonical bytes (RFC 8785), recomputed from its
//!                               database row at export time
//! proofs/<seq>.tlog-proof       each record's C2SP tlog-proof@v1 against checkpoint.txt
//! attachments/<sha256>          each attached file
//! ```
//!
//! [`verify_export`] checks the checkpoint's signature under the given key, then record by record:
//! the entry is canonical JSON of that record, its leaf hash is included at its index in the
//! checkpoint's tree, each attachment's bytes hash to the SHA-256 the entry names, and
//! `records.json` says the same. The first record that fails is named.
//!
//! [`verify_live`] checks the live log in the database against a checkpoint saved earlier: every
//! leaf's entry and its `case_records` row are re-encoded and re-hashed, the first entry that
//! does not match is named, then the saved checkpoint's root must be reproduced and the latest
//! signed checkpoint must be consistent with it. Then what is public is checked against the
//! publication entries of the log (see `sanxiang_persistence::tlog::publication`): each row of
//! `public_decisions` (what the public API and the daily snapshot serve) must be the latest
//! logged change of its decision, with the same version and body hash; each kept version in
//! `disclosure_versions` and each change of the feed (`disclosure_changes`, `/changes`) must be
//! what its entry says; the first row that differs is named with its log index. Then every
//! legal-review event (`review_events`) must re-encode to its log entry. Last, every
//! authentication event (`auth_events`: sign-ins, lockouts, refresh-token reuse) must re-encode
//! to its log entry, and every logged one must still be there (see
//! `sanxiang_persistence::tlog::auth_entry`).

use sanxiang_domain::tlog::{
    canonical_json, consistency_proof, leaf_hash, node_hash, root_at, verify_consistency,
    Checkpoint, Hash, HashSource, LeafMissing, TlogProof, VerifierKey,
};
use sanxiang_persistence::tlog::{
    self as store, AuthEventCheck, LoggedPublication, PublishedRow, ReviewEventCheck, ScannedRecord,
};
use sanxiang_persistence::Db;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Read, Seek};
use uuid::Uuid;

/// The `format` of a case export's manifest.
pub const EXPORT_FORMAT: &str = "sanxiang-case-export/v1";
pub const MANIFEST_PATH: &str = "manifest.json";
pub const RECORDS_PATH: &str = "records.json";
pub const CHECKPOINT_PATH: &str = "checkpoint.txt";
/// The largest JSON or text member read from an export.
const MAX_TEXT: u64 = 64 * 1024 * 1024;

pub fn entry_path(seq: i32) -> String {
    format!("entries/{seq:06}.json")
}
pub fn proof_path(seq: i32) -> String {
    format!("proofs/{seq:06}.tlog-proof")
}
pub fn attachment_path(sha256: &str) -> String {
    format!("attachments/{sha256}")
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub log_origin: String,
    /// The key the server signs with (informational: verify with a key you trust).
    pub verifier_key: String,
    pub tree_size: u64,
    pub checkpoint: String,
    pub exported_at: chrono::DateTime<chrono::Utc>,
    pub case: serde_json::Value,
    pub records: Vec<ManifestRecord>,
}

/// One record in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestRecord {
    pub id: Uuid,
    pub seq: i32,
    pub log_index: u64,
    /// Base64 leaf hash as logged.
    pub leaf_hash: String,
    pub entry: String,
    pub proof: String,
    pub attachments: Vec<ManifestAttachment>,
}

/// One attachment in the manifest; `path` is None when the file was missing from the store.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestAttachment {
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub path: Option<String>,
}

/// Why verification failed: one line, naming the first thing that does not match.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The input is not what it should be (unreadable archive, bad key, malformed file).
    #[error("{0}")]
    Malformed(String),
    /// The checkpoint does not verify under the key.
    #[error("checkpoint: {0}")]
    Checkpoint(String),
    /// A record of an export does not match the log.
    #[error("record {id} (seq {seq}, log index {index}) does not match: {reason}")]
    Record {
        id: Uuid,
        seq: i32,
        index: u64,
        reason: String,
    },
    /// An entry of the live log does not match.
    #[error("log entry {index} ({what}) does not match: {reason}")]
    Entry {
        index: u64,
        /// `entry <uuid>` or `record <uuid>`.
        what: String,
        /// The record it is about, if any.
        record_id: Option<Uuid>,
        reason: String,
    },
    /// The log as a whole does not reproduce a signed checkpoint.
    #[error("log: {0}")]
    Log(String),
    /// The database holds fewer entries than a checkpoint saved outside it (a restored backup
    /// that lost the last ones): `index` is the first missing.
    #[error("log entry {index} is missing: the database holds {held} of the {size} entries of the expected checkpoint (entries {index}..{last} are gone)", last = size - 1)]
    Missing { index: u64, held: u64, size: u64 },
    /// What is public (or kept, or in the change feed) differs from what the log holds.
    #[error("{what} (log index {}) does not match the log: {reason}", index.map_or_else(|| "none".to_owned(), |i| i.to_string()))]
    Publication {
        /// `public decision <uuid> version <n>`, `disclosure version <uuid>/<n>`, `feed change <seq>`.
        what: String,
        /// The public resource (a decision's id).
        resource_id: Uuid,
        /// The leaf index of the entry it was compared with, if integrated.
        index: Option<u64>,
        reason: String,
    },
    /// A legal-review event differs from its log entry, has none, or is gone.
    #[error("review event {event_id} (log index {}) does not match the log: {reason}", index.map_or_else(|| "none".to_owned(), |i| i.to_string()))]
    ReviewEvent {
        event_id: Uuid,
        /// The case it belongs to (when the row is still there).
        case_id: Option<Uuid>,
        index: Option<u64>,
        reason: String,
    },
    /// An authentication event differs from its log entry, has none, or is gone.
    #[error("auth event {event_id} (log index {}) does not match the log: {reason}", index.map_or_else(|| "none".to_owned(), |i| i.to_string()))]
    AuthEvent {
        event_id: Uuid,
        index: Option<u64>,
        reason: String,
    },
}

/// Parses a verifier key given as text, or as the path of a file holding it.
pub fn read_key(arg: &str) -> Result<VerifierKey, VerifyError> {
    if let Ok(k) = VerifierKey::parse(arg.trim()) {
        return Ok(k);
    }
    let text = std::fs::read_to_string(arg).map_err(|e| {
        VerifyError::Malformed(format!(
            "--key: not a verifier key, nor a readable file ({e})"
        ))
    })?;
    VerifierKey::parse(text.trim()).map_err(|e| VerifyError::Malformed(format!("--key {arg}: {e}")))
}

/// What a successful export verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub case_id: Option<String>,
    pub records: usize,
    pub attachments: usize,
    pub tree_size: u64,
}

fn read_member<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Vec<u8>, VerifyError> {
    let f = zip
        .by_name(name)
        .map_err(|e| VerifyError::Malformed(format!("export: {name}: {e}")))?;
    let mut out = Vec::new();
    f.take(MAX_TEXT)
        .read_to_end(&mut out)
        .map_err(|e| VerifyError::Malformed(format!("export: {name}: {e}")))?;
    Ok(out)
}

fn hash_member<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, VerifyError> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(VerifyError::Malformed(format!("export: {name}: {e}"))),
    };
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)
        .map_err(|e| VerifyError::Malformed(format!("export: {name}: {e}")))?;
    let digest = h.finalize();
    Ok(Some(digest.iter().map(|b| format!("{b:02x}")).collect()))
}

/// Verifies a case export (see the module docs) against `key`; the checkpoint's origin must be
/// the key's name.
pub fn verify_export<R: Read + Seek>(
    archive: R,
    key: &VerifierKey,
) -> Result<ExportReport, VerifyError> {
    let mut zip = zip::ZipArchive::new(archive)
        .map_err(|e| VerifyError::Malformed(format!("not a case export archive: {e}")))?;
    let manifest: Manifest = serde_json::from_slice(&read_member(&mut zip, MANIFEST_PATH)?)
        .map_err(|e| VerifyError::Malformed(format!("export: {MANIFEST_PATH}: {e}")))?;
    if manifest.format != EXPORT_FORMAT {
        return Err(VerifyError::Malformed(format!(
            "export: unknown format {:?} (expected {EXPORT_FORMAT})",
            manifest.format
        )));
    }
    let cp_text = String::from_utf8(read_member(&mut zip, &manifest.checkpoint)?)
        .map_err(|_| VerifyError::Malformed("export: the checkpoint is not UTF-8".into()))?;
    let (cp, _) = Checkpoint::open(&cp_text, key.name(), std::slice::from_ref(key))
        .map_err(|e| VerifyError::Checkpoint(e.to_string()))?;
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&read_member(&mut zip, RECORDS_PATH)?)
            .map_err(|e| VerifyError::Malformed(format!("export: {RECORDS_PATH}: {e}")))?;
    if records.len() != manifest.records.len() {
        return Err(VerifyError::Malformed(format!(
            "export: {RECORDS_PATH} has {} records, the manifest {}",
            records.len(),
            manifest.records.len()
        )));
    }
    let case_id = manifest
        .case
        .get("id")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let mut attachments = 0;
    for (m, listed) in manifest.records.iter().zip(&records) {
        let fail = |reason: String| VerifyError::Record {
            id: m.id,
            seq: m.seq,
            index: m.log_index,
            reason,
        };
        let bytes = read_member(&mut zip, &m.entry)?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| fail(format!("its entry is not JSON: {e}")))?;
        let canonical = canonical_json(&value).map_err(|e| fail(e.to_string()))?;
        if canonical != bytes {
            return Err(fail("its entry is not in canonical (RFC 8785) form".into()));
        }
        if value.get("id").and_then(|v| v.as_str()) != Some(m.id.to_string().as_str())
            || value.get("seq").and_then(|v| v.as_i64()) != Some(i64::from(m.seq))
            || value.get("case_id").and_then(|v| v.as_str()) != case_id.as_deref()
        {
            return Err(fail("the entry is about another record or case".into()));
        }
        let proof_text = String::from_utf8(read_member(&mut zip, &m.proof)?)
            .map_err(|_| fail("its proof is not UTF-8".into()))?;
        let proof = TlogProof::parse(&proof_text).map_err(|e| fail(format!("its proof: {e}")))?;
        if proof.index != m.log_index {
            return Err(fail(format!("its proof is for index {}", proof.index)));
        }
        let leaf = leaf_hash(&bytes);
        let proved = proof
            .verify(&leaf, key.name(), std::slice::from_ref(key))
            .map_err(|e| fail(format!("its content is not what the log holds ({e})")))?;
        if proved.size != cp.size || proved.root != cp.root {
            return Err(fail("its proof is against another checkpoint".into()));
        }
        let listed = canonical_json(listed).map_err(|e| fail(e.to_string()))?;
        if listed != bytes {
            return Err(fail(format!("{RECORDS_PATH} differs from its entry")));
        }
        let named = value
            .get("attachments")
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        for a in named {
            let sha = a.get("sha256").and_then(|v| v.as_str()).unwrap_or_default();
            match hash_member(&mut zip, &attachment_path(sha))? {
                None => return Err(fail(format!("attachment {sha} is missing from the export"))),
                Some(actual) if actual != sha => {
                    return Err(fail(format!(
                        "attachment {sha}: the file's SHA-256 is {actual}"
                    )))
                }
                Some(_) => attachments += 1,
            }
        }
    }
    Ok(ExportReport {
        case_id,
        records: manifest.records.len(),
        attachments,
        tree_size: cp.size,
    })
}

/// What a successful live verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveReport {
    pub saved_size: u64,
    pub latest_size: u64,
    pub entries: u64,
    /// Publication entries checked against what is public.
    pub publications: u64,
    /// Legal-review events checked against their log entries.
    pub review_events: u64,
    /// Authentication events checked against their log entries.
    pub auth_events: u64,
}

/// Leaves read per query by [`verify_live`].
pub(crate) const SCAN_PAGE: u64 = 50_000;

/// Every complete subtree of a list of leaves, computed once (O(n) hashes), so that roots and
/// proofs over it cost O(log n).
pub(crate) struct MemTree {
    levels: Vec<Vec<Hash>>,
}

impl MemTree {
    pub(crate) fn new(leaves: Vec<Hash>) -> Self {
        let mut levels = vec![leaves];
        while let Some(below) = levels.last().filter(|l| l.len() > 1) {
            let up: Vec<Hash> = below
                .chunks_exact(2)
                .map(|p| match p {
                    [l, r] => node_hash(l, r),
                    _ => [0; 32],
                })
                .collect();
            levels.push(up);
        }
        Self { levels }
    }
}

impl HashSource for MemTree {
    type Error = LeafMissing;

    fn leaf(&self, index: u64) -> Result<Hash, LeafMissing> {
        self.complete_subtree(0, index)
    }

    fn complete_subtree(&self, level: u32, index: u64) -> Result<Hash, LeafMissing> {
        usize::try_from(level)
            .ok()
            .and_then(|l| self.levels.get(l))
            .and_then(|l| l.get(usize::try_from(index).ok()?))
            .copied()
            .ok_or(LeafMissing { index })
    }
}

/// Whether `hex` is the lowercase hex of `h` (without allocating).
fn hex_eq(h: &Hash, hex: &str) -> bool {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = hex.as_bytes();
    b.len() == 64
        && h.iter().zip(b.chunks_exact(2)).all(|(x, pair)| {
            pair.first() == HEX.get(usize::from(x >> 4))
                && pair.get(1) == HEX.get(usize::from(x & 0x0f))
        })
}

fn joined<T>(
    r: Result<Result<T, VerifyError>, actix_web::rt::task::JoinError>,
) -> Result<T, VerifyError> {
    r.map_err(|e| VerifyError::Log(format!("checking a page of entries: {e}")))?
}

/// Checks one page of leaves (the first at index `start`) and returns their leaf hashes.
pub(crate) fn check_page(
    page: Vec<store::ScannedLeaf>,
    start: u64,
) -> Result<Vec<Hash>, VerifyError> {
    let mut out = Vec::with_capacity(page.len());
    for (next, l) in (start..).zip(page) {
        let entry_name = format!("entry {}", l.entry_id);
        let record_id = match &l.record {
            ScannedRecord::Canonical(id, _) | ScannedRecord::Missing(id) => Some(*id),
            ScannedRecord::NotARecord => None,
        };
        let what = record_id.map_or(entry_name, |id| format!("record {id}"));
        let fail = |reason: &str| VerifyError::Entry {
            index: l.index,
            what: what.clone(),
            record_id,
            reason: reason.to_owned(),
        };
        if l.index != next {
            return Err(VerifyError::Log(format!("leaf {next} is missing")));
        }
        let (Some(canonical), Some(entry_hash)) = (&l.canonical, &l.entry_leaf_hash) else {
            return Err(fail("its log entry row is gone"));
        };
        let computed = leaf_hash(canonical.as_bytes());
        if !hex_eq(&computed, entry_hash) {
            return Err(fail(
                "the logged bytes no longer hash to the logged leaf hash",
            ));
        }
        if l.leaf_hash != *entry_hash {
            return Err(fail("log_leaves and log_entries disagree on the leaf hash"));
        }
        match &l.record {
            ScannedRecord::NotARecord => {}
            ScannedRecord::Missing(_) => {
                return Err(fail("the record is no longer in case_records"))
            }
            ScannedRecord::Canonical(_, bytes) => {
                if bytes != canonical.as_bytes() {
                    return Err(fail(
                        "the case_records row (or its attachments) changed after it was logged",
                    ));
                }
            }
        }
        out.push(computed);
    }
    Ok(out)
}

/// Verifies the live log in `db` against `saved` (a signed checkpoint saved earlier) under
/// `key` (see the module docs).
pub async fn verify_live(
    db: &Db,
    saved: &str,
    key: &VerifierKey,
) -> Result<LiveReport, VerifyError> {
    let keys = std::slice::from_ref(key);
    let (saved, _) = Checkpoint::open(saved, key.name(), keys)
        .map_err(|e| VerifyError::Checkpoint(format!("the saved checkpoint: {e}")))?;
    let latest = store::latest_checkpoint(db)
        .await
        .map_err(|e| VerifyError::Log(e.to_string()))?
        .ok_or_else(|| VerifyError::Log("the log has no signed checkpoint".into()))?;
    let (latest_cp, _) = Checkpoint::open(&latest.note, key.name(), keys)
        .map_err(|e| VerifyError::Checkpoint(format!("the latest stored checkpoint: {e}")))?;
    if latest_cp.size < saved.size {
        return Err(VerifyError::Log(format!(
            "the latest signed checkpoint has {} entries, fewer than the saved one ({})",
            latest_cp.size, saved.size
        )));
    }
    // Page k is checked on a blocking thread while page k + 1 is read from the database.
    let mut leaves: Vec<Hash> = Vec::with_capacity(usize::try_from(latest_cp.size).unwrap_or(0));
    let mut checking: Option<actix_web::rt::task::JoinHandle<Result<Vec<Hash>, VerifyError>>> =
        None;
    let mut fetched = 0u64;
    while fetched < latest_cp.size {
        let page = store::scan_log(db, fetched, SCAN_PAGE.min(latest_cp.size - fetched))
            .await
            .map_err(|e| VerifyError::Log(e.to_string()))?;
        if page.is_empty() {
            break;
        }
        let start = fetched;
        fetched += page.len() as u64;
        if let Some(done) = checking.take() {
            leaves.extend(joined(done.await)?);
        }
        checking = Some(actix_web::rt::task::spawn_blocking(move || {
            check_page(page, start)
        }));
    }
    if let Some(done) = checking.take() {
        leaves.extend(joined(done.await)?);
    }
    if (leaves.len() as u64) < latest_cp.size {
        return Err(VerifyError::Log(format!(
            "the log holds {} leaves, the latest checkpoint says {}",
            leaves.len(),
            latest_cp.size
        )));
    }
    let entries = leaves.len() as u64;
    let leaves = MemTree::new(leaves);
    let saved_root = root_at(saved.size, &leaves).map_err(|e| VerifyError::Log(e.to_string()))?;
    if saved_root != saved.root {
        return Err(VerifyError::Log(format!(
            "the first {} entries no longer have the saved checkpoint's root",
            saved.size
        )));
    }
    let latest_root =
        root_at(latest_cp.size, &leaves).map_err(|e| VerifyError::Log(e.to_string()))?;
    if latest_root != latest_cp.root {
        return Err(VerifyError::Log(format!(
            "the entries do not reproduce the latest signed checkpoint ({})",
            latest_cp.size
        )));
    }
    if saved.size > 0 {
        let proof = consistency_proof(saved.size, latest_cp.size, &leaves)
            .map_err(|e| VerifyError::Log(e.to_string()))?;
        verify_consistency(
            saved.size,
            latest_cp.size,
            &saved.root,
            &latest_cp.root,
            &proof,
        )
        .map_err(|e| {
            VerifyError::Log(format!(
                "the latest checkpoint is not consistent with the saved one: {e}"
            ))
        })?;
    }
    let logged = store::logged_publications(db)
        .await
        .map_err(|e| VerifyError::Log(e.to_string()))?;
    let public = store::public_decision_rows(db)
        .await
        .map_err(|e| VerifyError::Log(e.to_string()))?;
    let versions = store::disclosure_version_rows(db)
        .await
        .map_err(|e| VerifyError::Log(e.to_string()))?;
    let feed = store::feed_rows(db)
        .await
        .map_err(|e| VerifyError::Log(e.to_string()))?;
    let publications = check_publications(&logged, &public, &versions, &feed)?;
    let (review, review_events) = store::check_review_events(db)
        .await
        .map_err(|e| VerifyError::Log(e.to_string()))?;
    let fail = |event_id, case_id, index, reason: &str| VerifyError::ReviewEvent {
        event_id,
        case_id,
        index,
        reason: reason.to_owned(),
    };
    match review {
        ReviewEventCheck::Matches => {}
        ReviewEventCheck::NotLogged { event_id, case_id } => {
            return Err(fail(event_id, Some(case_id), None, "it has no log entry"))
        }
        ReviewEventCheck::Differs {
            event_id,
            case_id,
            index,
        } => {
            return Err(fail(
                event_id,
                Some(case_id),
                index,
                "the review_events row changed after it was logged",
            ))
        }
        ReviewEventCheck::Missing { event_id, index } => {
            return Err(fail(
                event_id,
                None,
                index,
                "the event is no longer in review_events",
            ))
        }
    }
    let auth_events = check_auth_events(db).await?;
    Ok(LiveReport {
        saved_size: saved.size,
        latest_size: latest_cp.size,
        entries,
        publications,
        review_events,
        auth_events,
    })
}

/// Every `auth_events` row against its log entry (see the module docs); returns how many rows.
async fn check_auth_events(db: &Db) -> Result<u64, VerifyError> {
    let (check, n) = store::check_auth_events(db)
        .await
        .map_err(|e| VerifyError::Log(e.to_string()))?;
    let (event_id, index, reason) = match check {
        AuthEventCheck::Matches => return Ok(n),
        AuthEventCheck::NotLogged { event_id, .. } => (event_id, None, "it has no log entry"),
        AuthEventCheck::Differs {
            event_id, index, ..
        } => (
            event_id,
            index,
            "the auth_events row changed after it was logged",
        ),
        AuthEventCheck::Missing { event_id, index } => {
            (event_id, index, "the event is no longer in auth_events")
        }
    };
    Err(VerifyError::AuthEvent {
        event_id,
        index,
        reason: reason.to_owned(),
    })
}

/// Resource types whose current version `public_decisions` serves.
const PROJECTED: [&str; 2] = ["decision", "inspection_result"];

/// Checks what is public, kept and in the feed against the logged publications (see the module
/// docs); returns how many publication entries there are.
pub fn check_publications(
    logged: &[LoggedPublication],
    public: &[PublishedRow],
    versions: &[PublishedRow],
    feed: &[PublishedRow],
) -> Result<u64, VerifyError> {
    let mut by_seq: HashMap<i64, &LoggedPublication> = HashMap::with_capacity(logged.len());
    let mut by_version: HashMap<(Uuid, i32), &LoggedPublication> = HashMap::new();
    let mut latest: HashMap<Uuid, &LoggedPublication> = HashMap::new();
    for p in logged {
        if !p.intact {
            return Err(VerifyError::Publication {
                what: format!("log entry {} (feed change {})", p.entry_id, p.seq),
                resource_id: p.resource_id,
                index: p.index,
                reason: "the logged bytes no longer hash to the logged leaf hash".into(),
            });
        }
        by_seq.insert(p.seq, p);
        if matches!(p.change.as_str(), "publish" | "correct") {
            by_version.insert((p.resource_id, p.version), p);
        }
        // `logged` is in feed order: the last one is the latest.
        latest.insert(p.resource_id, p);
    }
    let body = |r: &PublishedRow| r.body_sha256.clone();
    for r in public {
        let what = format!("public decision {} version {}", r.resource_id, r.version);
        let fail = |index: Option<u64>, reason: &str| VerifyError::Publication {
            what: what.clone(),
            resource_id: r.resource_id,
            index,
            reason: reason.to_owned(),
        };
        let Some(p) = latest.get(&r.resource_id) else {
            return Err(fail(None, "no publication of it is in the log"));
        };
        if !matches!(p.change.as_str(), "publish" | "correct") {
            return Err(fail(
                p.index,
                &format!("the log says it was taken down ({})", p.change),
            ));
        }
        if p.version != r.version {
            return Err(fail(
                p.index,
                &format!("the log's latest version is {}", p.version),
            ));
        }
        if body(r) != p.body_sha256 {
            return Err(fail(
                p.index,
                "the body served differs from the body published (SHA-256)",
            ));
        }
    }
    let served: std::collections::HashSet<Uuid> = public.iter().map(|r| r.resource_id).collect();
    for p in logged {
        let current = latest.get(&p.resource_id).is_some_and(|l| l.seq == p.seq);
        if current
            && PROJECTED.contains(&p.resource_type.as_str())
            && matches!(p.change.as_str(), "publish" | "correct")
            && !served.contains(&p.resource_id)
        {
            return Err(VerifyError::Publication {
                what: format!("public decision {} version {}", p.resource_id, p.version),
                resource_id: p.resource_id,
                index: p.index,
                reason: "published in the log but no longer served (removed without a tombstone)"
                    .into(),
            });
        }
    }
    for r in versions {
        let fail = |index: Option<u64>, reason: &str| VerifyError::Publication {
            what: format!("disclosure version {}/{}", r.resource_id, r.version),
            resource_id: r.resource_id,
            index,
            reason: reason.to_owned(),
        };
        let Some(p) = by_version.get(&(r.resource_id, r.version)) else {
            return Err(fail(None, "no publication of it is in the log"));
        };
        if body(r) != p.body_sha256 {
            return Err(fail(
                p.index,
                "the kept body differs from the body published (SHA-256)",
            ));
        }
    }
    for r in feed {
        let seq = r.seq.unwrap_or_default();
        let fail = |index: Option<u64>, reason: &str| VerifyError::Publication {
            what: format!("feed change {seq}"),
            resource_id: r.resource_id,
            index,
            reason: reason.to_owned(),
        };
        let Some(p) = by_seq.get(&seq) else {
            return Err(fail(None, "it is not in the log"));
        };
        if p.resource_id != r.resource_id
            || p.version != r.version
            || r.change.as_deref() != Some(p.change.as_str())
        {
            return Err(fail(
                p.index,
                "its resource, version or change differs from the log",
            ));
        }
        if body(r) != p.body_sha256 || r.has_body != p.body_sha256.is_some() {
            return Err(fail(p.index, "its body differs from the log (SHA-256)"));
        }
    }
    if feed.len() != logged.len() {
        let present: std::collections::HashSet<i64> = feed.iter().filter_map(|r| r.seq).collect();
        if let Some(p) = logged.iter().find(|p| !present.contains(&p.seq)) {
            return Err(VerifyError::Publication {
                what: format!("feed change {}", p.seq),
                resource_id: p.resource_id,
                index: p.index,
                reason: "logged but missing from the change feed".into(),
            });
        }
    }
    Ok(logged.len() as u64)
}
