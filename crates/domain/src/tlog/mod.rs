//! The tamper-evident log, as pure functions: RFC 6962 / RFC 9162 Merkle hashing and proofs,
//! C2SP signed notes with Ed25519 keys, C2SP checkpoints and `tlog-proof@v1`, and the canonical
//! encoding of log entries.
//!
//! - [`hash`]: `leaf = SHA-256(0x00 ‖ bytes)`, `node = SHA-256(0x01 ‖ left ‖ right)`, the empty
//!   tree is `SHA-256("")` ([`EMPTY_ROOT`]).
//! - [`proof`]: inclusion and consistency proofs built from any [`HashSource`] (a slice, or a
//!   database later) and verified per RFC 9162 §2.1.3.2 and §2.1.4.2.
//! - [`note`]: signed notes (`— name base64(keyid ‖ sig)` lines), signer and verifier keys.
//! - [`checkpoint`]: `origin\nsize\nbase64(root)\n[extensions]`, parsed strictly.
//! - [`tlog_proof`]: the offline proof format `c2sp.org/tlog-proof@v1`.
//! - [`canonical`]: entries are JSON values, canonicalized with RFC 8785 (JCS).
//!
//! Everything agrees with the published vectors in `crates/domain/tests/data/tlog-vectors.json`
//! (see `tests/tlog_vectors.rs`). Nothing here does I/O, reads the clock or draws random
//! numbers: signing keys come from a seed the caller supplies.

pub mod canonical;
pub mod checkpoint;
pub mod hash;
pub mod note;
pub mod proof;
pub mod tlog_proof;

pub use canonical::{canonical_json, entry_leaf_hash, CanonicalError};
pub use checkpoint::{cosignature_message, Checkpoint, CheckpointError, Cosignature};
pub use hash::{
    hash_from_slice, leaf_hash, node_hash, root_from_leaves, Hash, HashLengthError, EMPTY_ROOT,
    HASH_LEN,
};
pub use note::{
    key_id, open_note, sign_note, split_note, KeyError, Note, NoteError, NoteSignature,
    RawSignature, SignerKey, VerifierKey,
};
pub use proof::{
    consistency_proof, inclusion_proof, root_at, root_from_inclusion_proof, verify_consistency,
    verify_consistency_bytes, verify_inclusion, verify_inclusion_bytes, BuildError, HashSource,
    LeafMissing, ProofError,
};
pub use tlog_proof::{TlogProof, TlogProofError, TLOG_PROOF_HEADER};
