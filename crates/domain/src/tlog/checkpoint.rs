//! C2SP checkpoints (<https://c2sp.org/tlog-checkpoint>): the signed statement of a log's size
//! and root, and C2SP cosignatures (<https://c2sp.org/tlog-cosignature>).
//!
//! A checkpoint body is the text of a signed note:
//!
//! ```text
//! <origin>\n            non-empty: the log's unique name
//! <tree size>\n         ASCII decimal, no sign, no leading zeros, below 2^64
//! <base64 root>\n       strict standard base64 of exactly 32 bytes
//! [<extension line>\n]  zero or more non-empty lines
//! ```
//!
//! Parsing is strict: anything else is refused.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use thiserror::Error;

use super::hash::Hash;
use super::note::{open_note, sign_note, Note, NoteError, SignerKey, VerifierKey};

/// Why a checkpoint body was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CheckpointError {
    /// Fewer than three lines, or no final newline.
    #[error("a checkpoint needs origin, size and root lines, each ending in a newline")]
    TooShort,
    /// The origin line is empty.
    #[error("the checkpoint origin is empty")]
    EmptyOrigin,
    /// A line holds a control character.
    #[error("control character in checkpoint")]
    ControlCharacter,
    /// The size is not a canonical decimal below 2^64.
    #[error("invalid tree size {0:?}")]
    BadSize(String),
    /// The root is not strict base64 of 32 bytes.
    #[error("invalid root hash {0:?}")]
    BadRoot(String),
    /// An extension line is empty.
    #[error("empty extension line")]
    EmptyExtension,
    /// The signed note around the checkpoint did not open.
    #[error(transparent)]
    Note(#[from] NoteError),
    /// The checkpoint is for another log.
    #[error("checkpoint origin {found:?}, expected {expected:?}")]
    WrongOrigin {
        /// The origin the caller trusts.
        expected: String,
        /// The origin in the checkpoint.
        found: String,
    },
}

/// A log checkpoint: origin, tree size, root hash and optional extension lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's unique name (e.g. `sanxiang.example.gov.cn/log`).
    pub origin: String,
    /// The number of leaves.
    pub size: u64,
    /// The Merkle tree hash of those leaves.
    pub root: Hash,
    /// Extension lines, without their newlines (NOT RECOMMENDED by the spec; usually empty).
    pub extensions: Vec<String>,
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Parses a tree size: ASCII digits, no sign, no leading zero (except `0`), below 2^64.
pub fn parse_size(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// Decodes strict standard base64 (padded, canonical) of exactly 32 bytes.
pub fn parse_hash_base64(s: &str) -> Option<Hash> {
    let bytes = STANDARD.decode(s).ok()?;
    Hash::try_from(bytes.as_slice()).ok()
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: impl Into<String>, size: u64, root: Hash) -> Self {
        Self {
            origin: origin.into(),
            size,
            root,
            extensions: Vec::new(),
        }
    }

    /// Checks that the fields can be written as a body that parses back to them.
    pub fn validate(&self) -> Result<(), CheckpointError> {
        if self.origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        if has_control(&self.origin) {
            return Err(CheckpointError::ControlCharacter);
        }
        for e in &self.extensions {
            if e.is_empty() {
                return Err(CheckpointError::EmptyExtension);
            }
            if has_control(e) {
                return Err(CheckpointError::ControlCharacter);
            }
        }
        Ok(())
    }

    /// The checkpoint body (the note text): origin, size, base64 root and extension lines,
    /// each ending in a newline. Call [`Checkpoint::validate`] first for fields from outside.
    pub fn to_body(&self) -> String {
        let mut out = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        );
        for e in &self.extensions {
            out.push_str(e);
            out.push('\n');
        }
        out
    }

    /// Parses a checkpoint body strictly.
    pub fn parse(body: &str) -> Result<Self, CheckpointError> {
        let body = body.strip_suffix('\n').ok_or(CheckpointError::TooShort)?;
        let mut lines = body.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(CheckpointError::TooShort);
        };
        let size = parse_size(size).ok_or_else(|| CheckpointError::BadSize(size.to_owned()))?;
        let root =
            parse_hash_base64(root).ok_or_else(|| CheckpointError::BadRoot(root.to_owned()))?;
        let cp = Self {
            origin: origin.to_owned(),
            size,
            root,
            extensions: lines.map(str::to_owned).collect(),
        };
        cp.validate()?;
        Ok(cp)
    }

    /// Signs the checkpoint as a note with every signer.
    pub fn sign(&self, signers: &[&SignerKey]) -> Result<String, CheckpointError> {
        self.validate()?;
        Ok(sign_note(&self.to_body(), signers)?)
    }

    /// Opens a signed checkpoint: the note must verify under `known` (Go `note.Open` rules), its
    /// body must parse strictly, and its origin must be `origin`.
    pub fn open(
        signed: &str,
        origin: &str,
        known: &[VerifierKey],
    ) -> Result<(Checkpoint, Note), CheckpointError> {
        let note = open_note(signed, known)?;
        let cp = Checkpoint::parse(&note.text)?;
        if cp.origin != origin {
            return Err(CheckpointError::WrongOrigin {
                expected: origin.to_owned(),
                found: cp.origin,
            });
        }
        Ok((cp, note))
    }
}

/// The message a witness signs for a C2SP `cosignature/v1` (signature type 0x04) over a
/// checkpoint body at a UNIX time in seconds.
pub fn cosignature_message(body: &str, timestamp: u64) -> String {
    format!("cosignature/v1\ntime {timestamp}\n{body}")
}

/// A decoded cosignature: the 72 bytes after the key ID are an 8-byte big-endian timestamp
/// and a 64-byte Ed25519 signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosignature {
    /// UNIX time in seconds at which the witness signed.
    pub timestamp: u64,
    /// The Ed25519 signature of [`cosignature_message`].
    pub signature: [u8; 64],
}

impl Cosignature {
    /// Splits the signature bytes of a cosignature line (after the key ID); `None` if they are
    /// not 72 bytes.
    pub fn from_signature_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != 72 {
            return None;
        }
        let (ts, sig) = bytes.split_at(8);
        Some(Self {
            timestamp: u64::from_be_bytes(ts.try_into().ok()?),
            signature: sig.try_into().ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::hash::leaf_hash;
    use super::*;

    #[test]
    fn body_round_trips() {
        let mut cp = Checkpoint::new("sanxiang.example/log", 42, leaf_hash(b"x"));
        assert_eq!(Checkpoint::parse(&cp.to_body()), Ok(cp.clone()));
        cp.extensions.push("ext one".into());
        cp.extensions.push("ext two".into());
        assert_eq!(Checkpoint::parse(&cp.to_body()), Ok(cp));
    }

    #[test]
    fn strict_parsing() {
        let root = STANDARD.encode([0u8; 32]);
        let ok = |size: &str| Checkpoint::parse(&format!("o\n{size}\n{root}\n"));
        assert_eq!(ok("0").map(|c| c.size), Ok(0));
        assert_eq!(ok("18446744073709551615").map(|c| c.size), Ok(u64::MAX));
        for bad in [
            "",
            "01",
            "+1",
            "-1",
            " 1",
            "1 ",
            "18446744073709551616",
            "0x1",
            "１",
        ] {
            assert!(
                matches!(ok(bad), Err(CheckpointError::BadSize(_))),
                "{bad:?}"
            );
        }
        assert!(Checkpoint::parse(&format!("\n1\n{root}\n")).is_err());
        assert!(Checkpoint::parse(&format!("o\n1\n{root}")).is_err());
        assert!(Checkpoint::parse(&format!("o\n1\n{root}\n\n")).is_err());
        assert!(Checkpoint::parse(&format!("o\n1\n{}\n", root.trim_end_matches('='))).is_err());
        // Non-canonical trailing bits.
        let noncanon = format!("{}B=", &root[..root.len() - 2]);
        assert!(Checkpoint::parse(&format!("o\n1\n{noncanon}\n")).is_err());
        assert!(Checkpoint::parse("o\r\n1\n").is_err());
    }

    #[test]
    fn sign_and_open() {
        let key = SignerKey::from_seed("sanxiang.example/log", [3; 32]).unwrap();
        let cp = Checkpoint::new("sanxiang.example/log", 7, leaf_hash(b"y"));
        let signed = cp.sign(&[&key]).unwrap();
        let (back, note) =
            Checkpoint::open(&signed, "sanxiang.example/log", &[key.verifier()]).unwrap();
        assert_eq!(back, cp);
        assert_eq!(note.signatures.len(), 1);
        assert!(matches!(
            Checkpoint::open(&signed, "other", &[key.verifier()]),
            Err(CheckpointError::WrongOrigin { .. })
        ));
        let empty = Checkpoint::new("", 0, [0; 32]);
        assert_eq!(empty.sign(&[&key]), Err(CheckpointError::EmptyOrigin));
    }
}
