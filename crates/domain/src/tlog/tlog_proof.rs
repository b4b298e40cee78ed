//! C2SP transparency log proofs (<https://c2sp.org/tlog-proof>), `c2sp.org/tlog-proof@v1`: an
//! offline-verifiable proof that an entry is in a log, made of an optional `extra` line, the
//! entry's index, its inclusion proof and the signed checkpoint it is proved against.
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! extra <base64>            (optional, unauthenticated)
//! index <decimal>
//! <base64 hash>             zero or more: the inclusion proof, leaf's sibling first
//!
//! <signed checkpoint note, verbatim>
//! ```

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use thiserror::Error;

use super::checkpoint::{parse_hash_base64, parse_size, Checkpoint, CheckpointError};
use super::hash::Hash;
use super::note::{split_note, NoteError, VerifierKey};
use super::proof::{verify_inclusion, ProofError};

/// The first line of a proof.
pub const TLOG_PROOF_HEADER: &str = "c2sp.org/tlog-proof@v1";

/// Why a proof was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TlogProofError {
    /// The first line is not `c2sp.org/tlog-proof@v1`.
    #[error("not a c2sp.org/tlog-proof@v1 proof")]
    BadHeader,
    /// The `extra` line is not `extra <base64>`.
    #[error("invalid extra line")]
    BadExtra,
    /// The `index` line is missing or not `index <canonical decimal>`.
    #[error("invalid or missing index line")]
    BadIndex,
    /// A proof line is not the base64 of a 32-byte hash.
    #[error("invalid proof hash line {0:?}")]
    BadProofHash(String),
    /// There is no blank line and checkpoint after the proof.
    #[error("missing checkpoint")]
    MissingCheckpoint,
    /// The checkpoint note is malformed.
    #[error("checkpoint note: {0}")]
    Note(#[from] NoteError),
    /// The checkpoint is malformed, unsigned by a known key, or for another log.
    #[error("checkpoint: {0}")]
    Checkpoint(#[from] CheckpointError),
    /// The inclusion proof does not verify against the checkpoint.
    #[error("inclusion proof: {0}")]
    Proof(#[from] ProofError),
}

/// A parsed `c2sp.org/tlog-proof@v1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogProof {
    /// Opaque, unauthenticated extra data (not to be trusted).
    pub extra: Option<Vec<u8>>,
    /// The entry's 0-based index.
    pub index: u64,
    /// The inclusion proof, from the leaf's sibling up to the root's child.
    pub path: Vec<Hash>,
    /// The signed checkpoint note, verbatim (ends with a newline).
    pub checkpoint: String,
}

impl TlogProof {
    /// The proof text.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(64 + 45 * self.path.len() + self.checkpoint.len());
        out.push_str(TLOG_PROOF_HEADER);
        out.push('\n');
        if let Some(extra) = &self.extra {
            out.push_str("extra ");
            out.push_str(&STANDARD.encode(extra));
            out.push('\n');
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.path {
            out.push_str(&STANDARD.encode(h));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Parses a proof. The checkpoint note's structure is checked (blank line, signature lines)
    /// but its signatures are not decoded or verified: see [`TlogProof::verify`].
    pub fn parse(text: &str) -> Result<Self, TlogProofError> {
        let mut rest = text;
        let mut next_line = || -> Option<&str> {
            let (line, tail) = rest.split_once('\n')?;
            rest = tail;
            Some(line)
        };
        if next_line() != Some(TLOG_PROOF_HEADER) {
            return Err(TlogProofError::BadHeader);
        }
        let mut line = next_line().ok_or(TlogProofError::BadIndex)?;
        let mut extra = None;
        if let Some(b64) = line.strip_prefix("extra ") {
            extra = Some(STANDARD.decode(b64).map_err(|_| TlogProofError::BadExtra)?);
            line = next_line().ok_or(TlogProofError::BadIndex)?;
        }
        let index = line
            .strip_prefix("index ")
            .and_then(parse_size)
            .ok_or(TlogProofError::BadIndex)?;
        let mut path = Vec::new();
        loop {
            let line = next_line().ok_or(TlogProofError::MissingCheckpoint)?;
            if line.is_empty() {
                break;
            }
            path.push(
                parse_hash_base64(line)
                    .ok_or_else(|| TlogProofError::BadProofHash(line.to_owned()))?,
            );
        }
        let checkpoint = rest.to_owned();
        if checkpoint.is_empty() {
            return Err(TlogProofError::MissingCheckpoint);
        }
        split_note(&checkpoint)?;
        Ok(Self {
            extra,
            index,
            path,
            checkpoint,
        })
    }

    /// The checkpoint body (the note's text), without verifying any signature.
    pub fn checkpoint_body(&self) -> Result<&str, NoteError> {
        split_note(&self.checkpoint).map(|(text, _)| text)
    }

    /// Verifies the proof for the entry with leaf hash `leaf`: the checkpoint must be signed by
    /// a key in `known` and be for `origin`, and the inclusion proof must lead from `leaf` at
    /// `index` to the checkpoint's root. Returns the checkpoint.
    pub fn verify(
        &self,
        leaf: &Hash,
        origin: &str,
        known: &[VerifierKey],
    ) -> Result<Checkpoint, TlogProofError> {
        let (cp, _) = Checkpoint::open(&self.checkpoint, origin, known)?;
        verify_inclusion(self.index, cp.size, leaf, &self.path, &cp.root)?;
        Ok(cp)
    }
}

#[cfg(test)]
mod tests {
    use super::super::hash::leaf_hash;
    use super::super::note::SignerKey;
    use super::super::proof::{inclusion_proof, root_at};
    use super::*;

    #[test]
    fn emit_parse_verify() {
        let leaves: Vec<Hash> = (0u8..11).map(|i| leaf_hash(&[i])).collect();
        let key = SignerKey::from_seed("log.example", [5; 32]).unwrap();
        let cp = Checkpoint::new("log.example", 11, root_at(11, &leaves).unwrap());
        let signed = cp.sign(&[&key]).unwrap();
        for extra in [None, Some(b"hello".to_vec()), Some(Vec::new())] {
            let proof = TlogProof {
                extra,
                index: 6,
                path: inclusion_proof(6, 11, &leaves).unwrap(),
                checkpoint: signed.clone(),
            };
            let text = proof.to_text();
            let back = TlogProof::parse(&text).unwrap();
            assert_eq!(back, proof);
            assert_eq!(back.checkpoint_body(), Ok(cp.to_body().as_str()));
            assert_eq!(
                back.verify(&leaves[6], "log.example", &[key.verifier()]),
                Ok(cp.clone())
            );
            assert!(matches!(
                back.verify(&leaves[5], "log.example", &[key.verifier()]),
                Err(TlogProofError::Proof(_))
            ));
            assert!(back.verify(&leaves[6], "other", &[key.verifier()]).is_err());
        }
    }

    #[test]
    fn malformed_proofs() {
        assert_eq!(TlogProof::parse(""), Err(TlogProofError::BadHeader));
        assert_eq!(
            TlogProof::parse("c2sp.org/tlog-proof@v2\n"),
            Err(TlogProofError::BadHeader)
        );
        let h = TLOG_PROOF_HEADER;
        assert_eq!(
            TlogProof::parse(&format!("{h}\nindex 01\n\n")),
            Err(TlogProofError::BadIndex)
        );
        assert_eq!(
            TlogProof::parse(&format!("{h}\nextra !!\nindex 1\n\n")),
            Err(TlogProofError::BadExtra)
        );
        assert_eq!(
            TlogProof::parse(&format!("{h}\nindex 1\n")),
            Err(TlogProofError::MissingCheckpoint)
        );
        assert_eq!(
            TlogProof::parse(&format!("{h}\nindex 1\n\n")),
            Err(TlogProofError::MissingCheckpoint)
        );
        assert!(matches!(
            TlogProof::parse(&format!("{h}\nindex 1\nAAAA\n\n")),
            Err(TlogProofError::BadProofHash(_))
        ));
        assert!(matches!(
            TlogProof::parse(&format!("{h}\nindex 1\n\nnot a note\n")),
            Err(TlogProofError::Note(_))
        ));
    }
}
