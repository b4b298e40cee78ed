//! Checking a case's records against the tamper-evident log, in the browser, with the project's
//! own log code (`sanxiang_domain::tlog`) compiled to wasm.
//!
//! For every record of the timeline the client fetches its `c2sp.org/tlog-proof@v1` and checks:
//!
//! 1. the proof's checkpoint is signed by the log's verifier key (fetched once from the public
//!    `/log/key`) and names the key's origin, so every proof is against the same log;
//! 2. the inclusion proof leads from `leaf_hash(extra)` (the entry's canonical bytes, carried
//!    in the proof's `extra` line) at the proof's index to the checkpoint's root;
//! 3. the entry bytes describe the record the server showed: type, id, case, sequence number,
//!    title, text (`body`) and attachment hashes — so a record altered in the database after it
//!    was logged (or altered in the answer) is caught — and the record's `log_index`, if shown,
//!    is the proof's index.
//!
//! Records not yet in a signed checkpoint (409 `not_integrated`, normally for under a second)
//! are retried a few times, one second apart, before the case is reported as 待上链.

use crate::api::{self, ApiError, Session};
use crate::i18n::{t, Key};
use sanxiang_api_types::cases::Record;
use sanxiang_domain::tlog::{leaf_hash, Checkpoint, TlogProof, VerifierKey};
use std::cell::RefCell;
use std::collections::HashMap;
use uuid::Uuid;

/// How many times a record not yet integrated is asked for again.
const PENDING_RETRIES: u32 = 5;
/// Pause between those tries.
const RETRY_MS: i32 = 1_000;

thread_local! {
    /// The log's verifier key, fetched once per page load.
    static VERIFIER_KEY: RefCell<Option<VerifierKey>> = const { RefCell::new(None) };
}

/// Why a record failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The latest checkpoint does not open under the log's key.
    Checkpoint,
    /// The proof text is malformed.
    Proof,
    /// The proof carries no entry bytes.
    NoEntry,
    /// Wrong signature, wrong origin, or the inclusion proof does not lead to the root.
    Inclusion,
    /// The logged entry does not describe the record shown.
    Entry,
    /// The record's log index is not the proof's.
    Index,
}

impl Failure {
    /// The reason, for the user.
    pub fn key(self) -> Key {
        match self {
            Failure::Checkpoint => Key::VerifyReasonCheckpoint,
            Failure::Proof => Key::VerifyReasonProof,
            Failure::NoEntry => Key::VerifyReasonNoEntry,
            Failure::Inclusion => Key::VerifyReasonInclusion,
            Failure::Entry => Key::VerifyReasonEntry,
            Failure::Index => Key::VerifyReasonIndex,
        }
    }
}

/// Where the check of a case stands.
#[derive(Debug, Clone, PartialEq)]
pub enum VerifyState {
    /// Checked `done` of `total` records so far.
    Running { done: usize, total: usize },
    /// Every record is in the log, proved against signed checkpoints; `size` is the largest.
    Verified { count: usize, size: u64 },
    /// The first record that does not check out.
    Failed { seq: i32, reason: Failure },
    /// The first record still not integrated after the retries.
    Pending { seq: i32 },
    /// No record to check.
    Empty,
    /// The check could not be made (network, key); the message says why.
    Error(String),
}

/// One record checked: its log index and the checkpoint it was proved against.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub index: u64,
    pub checkpoint: Checkpoint,
}

/// Checks one record against its proof text (see the module docs).
pub fn check_record(
    record: &Record,
    proof_text: &str,
    key: &VerifierKey,
) -> Result<Checked, Failure> {
    let proof = TlogProof::parse(proof_text).map_err(|_| Failure::Proof)?;
    let entry = proof.extra.as_deref().ok_or(Failure::NoEntry)?;
    let checkpoint = proof
        .verify(&leaf_hash(entry), key.name(), std::slice::from_ref(key))
        .map_err(|_| Failure::Inclusion)?;
    if !entry_describes(entry, record) {
        return Err(Failure::Entry);
    }
    if record.log_index.is_some_and(|i| i != proof.index) {
        return Err(Failure::Index);
    }
    Ok(Checked {
        index: proof.index,
        checkpoint,
    })
}

/// Whether the logged entry bytes (RFC 8785 JSON of a `case_record`) are the record shown.
fn entry_describes(entry: &[u8], record: &Record) -> bool {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(entry) else {
        return false;
    };
    let text = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
    let mut logged: Vec<&str> = value
        .get("attachments")
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get("sha256").and_then(serde_json::Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    logged.sort_unstable();
    let mut shown: Vec<&str> = record
        .attachments
        .iter()
        .map(|a| a.sha256.as_str())
        .collect();
    shown.sort_unstable();
    text("type") == Some("case_record")
        && text("id") == Some(record.id.to_string().as_str())
        && text("case_id") == Some(record.case_id.to_string().as_str())
        && value.get("seq").and_then(serde_json::Value::as_i64) == Some(i64::from(record.seq))
        && text("title") == Some(record.title.as_str())
        && text("body") == Some(record.text.as_str())
        && logged == shown
}

/// The log's verifier key (fetched once, then kept for the page's life).
async fn verifier_key() -> Result<VerifierKey, String> {
    if let Some(key) = VERIFIER_KEY.with(|k| k.borrow().clone()) {
        return Ok(key);
    }
    let text = api::log_key().await.map_err(|e| e.message())?;
    let key =
        VerifierKey::parse(text.trim()).map_err(|_| t(Key::VerifyReasonVerifier).to_owned())?;
    VERIFIER_KEY.with(|k| *k.borrow_mut() = Some(key.clone()));
    Ok(key)
}

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let mut start = |resolve: js_sys::Function, _reject: js_sys::Function| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    };
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut start)).await;
}

/// Fetches a record's proof, retrying while it is not yet integrated. `Ok(None)`: still not.
async fn fetch_proof(
    session: Session,
    record: &Record,
    retries: u32,
) -> Result<Option<String>, ApiError> {
    for attempt in 0..=retries {
        match session
            .record_proof(record.id, record.proof_url.as_deref())
            .await
        {
            Ok(text) => return Ok(Some(text)),
            Err(err) if err.code() == Some("not_integrated") => {
                if attempt < retries {
                    sleep(RETRY_MS).await;
                }
            }
            Err(err) => return Err(err),
        }
    }
    Ok(None)
}

/// Checks every record of a case, one at a time, reporting progress through `report` (which
/// answers `false` when nobody is listening any more, to stop early) and each record's proved
/// log index through `on_index`. Answers the final state.
pub async fn verify_case(
    session: Session,
    records: Vec<Record>,
    report: impl Fn(VerifyState) -> bool,
    on_index: impl Fn(Uuid, u64),
) -> VerifyState {
    if records.is_empty() {
        return VerifyState::Empty;
    }
    let total = records.len();
    if !report(VerifyState::Running { done: 0, total }) {
        return VerifyState::Running { done: 0, total };
    }
    let key = match verifier_key().await {
        Ok(k) => k,
        Err(msg) => return VerifyState::Error(msg),
    };
    // The latest checkpoint must open under the key too (it is what the proofs are against).
    let mut size = match api::latest_checkpoint().await {
        Ok(note) => match Checkpoint::open(&note, key.name(), std::slice::from_ref(&key)) {
            Ok((cp, _)) => cp.size,
            Err(_) => {
                return VerifyState::Failed {
                    seq: records.first().map(|r| r.seq).unwrap_or_default(),
                    reason: Failure::Checkpoint,
                }
            }
        },
        Err(err) => return VerifyState::Error(err.message()),
    };
    let mut pending: Option<i32> = None;
    for (done, record) in records.iter().enumerate() {
        // Once one record stays pending, the log is behind: the rest are asked for only once.
        let retries = if pending.is_some() {
            0
        } else {
            PENDING_RETRIES
        };
        match fetch_proof(session, record, retries).await {
            Ok(Some(text)) => match check_record(record, &text, &key) {
                Ok(checked) => {
                    size = size.max(checked.checkpoint.size);
                    on_index(record.id, checked.index);
                }
                Err(reason) => {
                    return VerifyState::Failed {
                        seq: record.seq,
                        reason,
                    }
                }
            },
            Ok(None) => {
                pending.get_or_insert(record.seq);
            }
            Err(err) => return VerifyState::Error(err.message()),
        }
        if !report(VerifyState::Running {
            done: done + 1,
            total,
        }) {
            return VerifyState::Running { done, total };
        }
    }
    match pending {
        Some(seq) => VerifyState::Pending { seq },
        None => VerifyState::Verified { count: total, size },
    }
}

/// The records' proved log indexes, for display beside the timeline.
pub type LogIndexes = HashMap<Uuid, u64>;
