//! C2SP signed notes (<https://c2sp.org/signed-note>) with Ed25519 keys, compatible with Go's
//! `golang.org/x/mod/sumdb/note`.
//!
//! A signed note is UTF-8 text ending in a newline, a blank line, and one or more signature lines
//! `— <name> <base64(key ID ‖ signature)>\n` (U+2014 EM DASH, then a space). The signature covers
//! the text including its final newline.
//!
//! Keys:
//! - verifier key: `<name>+<key ID, 8 lowercase hex digits>+<base64(0x01 ‖ 32-byte public key)>`
//! - signer key: `PRIVATE+KEY+<name>+<key ID>+<base64(0x01 ‖ 32-byte seed)>`
//! - key ID: the first 4 bytes (big-endian) of `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)`.
//!
//! Key names are non-empty and hold no Unicode space, no `+` and no control character. Keys are
//! parsed by splitting at the first `+` signs only, because base64 has `+` in it.
//!
//! Signing is deterministic (Ed25519, RFC 8032) and keys come from a caller-supplied seed: nothing
//! here reads a random number generator.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The signature-type byte of an Ed25519 key.
pub const ALG_ED25519: u8 = 0x01;

/// The prefix of a signature line: U+2014 EM DASH and a space.
pub const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Notes with more signature lines than this are refused (as Go does).
pub const MAX_SIGNATURES: usize = 100;

/// Why a key string was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// Not of the form `name+keyid+base64` (or `PRIVATE+KEY+name+keyid+base64`).
    #[error("a key must have the form <name>+<key id>+<base64 key>")]
    Format,
    /// The key name is empty or has a space, a `+` or a control character.
    #[error("invalid key name {0:?}")]
    BadName(String),
    /// The key ID is not 8 hex digits.
    #[error("the key ID must be 8 hex digits")]
    BadKeyId,
    /// The key material is not standard, padded base64.
    #[error("the key is not valid base64")]
    BadBase64,
    /// The key is not an Ed25519 key (type byte 0x01).
    #[error("unsupported key type 0x{0:02x}: only Ed25519 (0x01) is supported")]
    UnsupportedAlgorithm(u8),
    /// The key material is not 32 bytes after the type byte.
    #[error("an Ed25519 key must be 32 bytes, got {0}")]
    BadKeyLength(usize),
    /// The stated key ID is not the one computed from the name and key.
    #[error("key ID {stated:08x} does not match the key (expected {computed:08x})")]
    KeyIdMismatch {
        /// The key ID in the string.
        stated: u32,
        /// The key ID computed from the name and key.
        computed: u32,
    },
    /// The 32 bytes are not a valid Ed25519 public key.
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
}

/// Why a note could not be signed or opened.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NoteError {
    /// The note text has a control character other than newline.
    #[error("malformed note: control character in text")]
    ControlCharacter,
    /// The note text to sign is empty or does not end with a newline.
    #[error("malformed note: the text must end with a newline")]
    TextWithoutFinalNewline,
    /// There is no blank line separating the text from the signatures.
    #[error("malformed note: no blank line before the signatures")]
    NoSignatureBlock,
    /// The signature block is empty or does not end with a newline.
    #[error("malformed note: missing signatures or final newline")]
    BadSignatureBlock,
    /// A line in the signature block is not a well-formed signature line.
    #[error("malformed note: bad signature line {0:?}")]
    BadSignatureLine(String),
    /// More than [`MAX_SIGNATURES`] signature lines.
    #[error("malformed note: too many signatures")]
    TooManySignatures,
    /// No signer was given.
    #[error("a note needs at least one signer")]
    NoSigners,
    /// A signature by a known key (matching name and key ID) does not verify.
    #[error("invalid signature by {name} ({key_id:08x})")]
    InvalidSignature {
        /// The signer's name.
        name: String,
        /// The signer's key ID.
        key_id: u32,
    },
    /// No signature line is by a known key.
    #[error("the note has no signature by a known key")]
    Unverified,
}

/// The key ID of a key: the first 4 bytes (big-endian) of
/// `SHA-256(name ‖ 0x0A ‖ type byte ‖ key)`. `key` includes the type byte.
pub fn key_id(name: &str, key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update(key);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Whether `name` may name a key: non-empty, no Unicode space, no `+`, no control character.
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

fn ed25519_key_id(name: &str, public: &[u8; 32]) -> u32 {
    let mut key = [0u8; 33];
    key[0] = ALG_ED25519;
    key[1..].copy_from_slice(public);
    key_id(name, &key)
}

fn encode_key(material: &[u8; 32]) -> String {
    let mut key = [0u8; 33];
    key[0] = ALG_ED25519;
    key[1..].copy_from_slice(material);
    STANDARD.encode(key)
}

fn parse_key_id(hex: &str) -> Result<u32, KeyError> {
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyError::BadKeyId);
    }
    u32::from_str_radix(hex, 16).map_err(|_| KeyError::BadKeyId)
}

/// Splits `name+keyid+base64`, checks the name and decodes the key ID and the Ed25519 key.
fn parse_key_parts(s: &str) -> Result<(&str, u32, [u8; 32]), KeyError> {
    let (name, rest) = s.split_once('+').ok_or(KeyError::Format)?;
    let (id_hex, key64) = rest.split_once('+').ok_or(KeyError::Format)?;
    if key64.is_empty() {
        return Err(KeyError::Format);
    }
    if !is_valid_key_name(name) {
        return Err(KeyError::BadName(name.to_owned()));
    }
    let id = parse_key_id(id_hex)?;
    let key = STANDARD.decode(key64).map_err(|_| KeyError::BadBase64)?;
    let (&alg, material) = key.split_first().ok_or(KeyError::Format)?;
    if alg != ALG_ED25519 {
        return Err(KeyError::UnsupportedAlgorithm(alg));
    }
    let material: [u8; 32] = material
        .try_into()
        .map_err(|_| KeyError::BadKeyLength(material.len()))?;
    Ok((name, id, material))
}

/// A public key that verifies note signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl VerifierKey {
    /// Parses a verifier key `name+keyid+base64(0x01 ‖ public key)`, checking that the key ID
    /// matches. Only Ed25519 keys are accepted; other types are refused, not mis-parsed.
    pub fn parse(s: &str) -> Result<Self, KeyError> {
        let (name, stated, public) = parse_key_parts(s)?;
        let computed = ed25519_key_id(name, &public);
        if stated != computed {
            return Err(KeyError::KeyIdMismatch { stated, computed });
        }
        let key = VerifyingKey::from_bytes(&public).map_err(|_| KeyError::InvalidPublicKey)?;
        Ok(Self {
            name: name.to_owned(),
            key_id: computed,
            key,
        })
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// Whether `signature` (64 bytes, without the key ID) is this key's Ed25519 signature of
    /// `msg`. Uses strict verification (canonical encodings, no small-order keys or points).
    pub fn verify(&self, msg: &[u8], signature: &[u8]) -> bool {
        let Ok(bytes) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        self.key
            .verify_strict(msg, &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

impl fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}+{:08x}+{}",
            self.name,
            self.key_id,
            encode_key(self.key.as_bytes())
        )
    }
}

impl FromStr for VerifierKey {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        Self::parse(s)
    }
}

/// A private key that signs notes. Its `Debug` output does not show the key.
#[derive(Clone)]
pub struct SignerKey {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl SignerKey {
    /// The signer for `name` with the Ed25519 private key derived from `seed` (RFC 8032). The
    /// caller supplies the 32 random bytes: the domain reads no random number generator.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, KeyError> {
        if !is_valid_key_name(name) {
            return Err(KeyError::BadName(name.to_owned()));
        }
        let key = SigningKey::from_bytes(&seed);
        let key_id = ed25519_key_id(name, key.verifying_key().as_bytes());
        Ok(Self {
            name: name.to_owned(),
            key_id,
            key,
        })
    }

    /// Parses a signer key `PRIVATE+KEY+name+keyid+base64(0x01 ‖ seed)`, checking that the key
    /// ID matches the derived public key.
    pub fn parse(s: &str) -> Result<Self, KeyError> {
        let rest = s.strip_prefix("PRIVATE+KEY+").ok_or(KeyError::Format)?;
        let (name, stated, seed) = parse_key_parts(rest)?;
        let signer = Self::from_seed(name, seed)?;
        if signer.key_id != stated {
            return Err(KeyError::KeyIdMismatch {
                stated,
                computed: signer.key_id,
            });
        }
        Ok(signer)
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The matching verifier key.
    pub fn verifier(&self) -> VerifierKey {
        VerifierKey {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }

    /// The private key in the `PRIVATE+KEY+…` form, for storing it. Keep it secret.
    pub fn to_private_key_string(&self) -> String {
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.key_id,
            encode_key(self.key.as_bytes())
        )
    }

    /// The Ed25519 signature of `msg` (deterministic).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }
}

impl fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignerKey")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

/// A decoded signature line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// The signer's key name.
    pub name: String,
    /// The key ID the signature claims.
    pub key_id: u32,
    /// The signature bytes after the key ID (64 bytes for Ed25519, 72 for a cosignature).
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The signature line, with its final newline.
    pub fn to_line(&self) -> String {
        let mut bytes = Vec::with_capacity(4 + self.signature.len());
        bytes.extend_from_slice(&self.key_id.to_be_bytes());
        bytes.extend_from_slice(&self.signature);
        format!(
            "{SIGNATURE_PREFIX}{} {}\n",
            self.name,
            STANDARD.encode(bytes)
        )
    }
}

/// A signature line, split but not decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSignature<'a> {
    /// The signer's key name.
    pub name: &'a str,
    /// The base64 of key ID ‖ signature.
    pub base64: &'a str,
    /// The whole line without the final newline.
    pub line: &'a str,
}

impl RawSignature<'_> {
    /// Decodes the base64 into the key ID and the signature.
    pub fn decode(&self) -> Result<NoteSignature, NoteError> {
        let bad = || NoteError::BadSignatureLine(self.line.to_owned());
        let bytes = STANDARD.decode(self.base64).map_err(|_| bad())?;
        if bytes.len() < 5 {
            return Err(bad());
        }
        let (id, sig) = bytes.split_at(4);
        let key_id = u32::from_be_bytes([id[0], id[1], id[2], id[3]]);
        Ok(NoteSignature {
            name: self.name.to_owned(),
            key_id,
            signature: sig.to_vec(),
        })
    }
}

fn check_text_chars(s: &str) -> Result<(), NoteError> {
    if s.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::ControlCharacter);
    }
    Ok(())
}

/// Splits a signed note into its text (with its final newline) and its signature lines, checking
/// the structure only: no control characters, a blank line before the signature block (the
/// **last** blank line: the text may have blank lines of its own), every signature line well
/// formed and ending in a newline. Signatures are neither decoded nor verified.
pub fn split_note(msg: &str) -> Result<(&str, Vec<RawSignature<'_>>), NoteError> {
    check_text_chars(msg)?;
    let split = msg.rfind("\n\n").ok_or(NoteError::NoSignatureBlock)?;
    let text = &msg[..split + 1];
    let block = &msg[split + 2..];
    let Some(block) = block.strip_suffix('\n') else {
        return Err(NoteError::BadSignatureBlock);
    };
    let mut sigs = Vec::new();
    for line in block.split('\n') {
        let bad = || NoteError::BadSignatureLine(line.to_owned());
        let rest = line.strip_prefix(SIGNATURE_PREFIX).ok_or_else(bad)?;
        let (name, base64) = rest.split_once(' ').ok_or_else(bad)?;
        if !is_valid_key_name(name) || base64.is_empty() {
            return Err(bad());
        }
        if sigs.len() == MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        sigs.push(RawSignature { name, base64, line });
    }
    Ok((text, sigs))
}

/// A note whose signatures have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The signed text, with its final newline.
    pub text: String,
    /// The signatures that verified under a known key (at least one).
    pub signatures: Vec<NoteSignature>,
    /// The signatures by keys not in the known list (not verified).
    pub unverified: Vec<NoteSignature>,
}

/// Opens a signed note with Go `note.Open` semantics: a signature whose name and key ID match a
/// known key must verify, or the note is refused; signatures by unknown keys (another name, or
/// the same name with another key ID) are set aside unverified; repeated lines are dropped; at
/// least one signature must verify.
pub fn open_note(msg: &str, known: &[VerifierKey]) -> Result<Note, NoteError> {
    let (text, raw) = split_note(msg)?;
    let mut signatures: Vec<NoteSignature> = Vec::new();
    let mut unverified: Vec<NoteSignature> = Vec::new();
    let mut seen_unverified: Vec<&str> = Vec::new();
    for r in raw {
        let sig = r.decode()?;
        let key = known
            .iter()
            .find(|k| k.name == sig.name && k.key_id == sig.key_id);
        match key {
            None => {
                if !seen_unverified.contains(&r.line) {
                    seen_unverified.push(r.line);
                    unverified.push(sig);
                }
            }
            Some(key) => {
                if signatures
                    .iter()
                    .any(|s| s.name == sig.name && s.key_id == sig.key_id)
                {
                    continue;
                }
                if !key.verify(text.as_bytes(), &sig.signature) {
                    return Err(NoteError::InvalidSignature {
                        name: sig.name,
                        key_id: sig.key_id,
                    });
                }
                signatures.push(sig);
            }
        }
    }
    if signatures.is_empty() {
        return Err(NoteError::Unverified);
    }
    Ok(Note {
        text: text.to_owned(),
        signatures,
        unverified,
    })
}

/// Signs `text` (which must end with a newline and hold no control character but newline) with
/// every signer, in order, and returns the signed note.
pub fn sign_note(text: &str, signers: &[&SignerKey]) -> Result<String, NoteError> {
    check_text_chars(text)?;
    if !text.ends_with('\n') {
        return Err(NoteError::TextWithoutFinalNewline);
    }
    if signers.is_empty() {
        return Err(NoteError::NoSigners);
    }
    let mut out = String::with_capacity(text.len() + 1 + signers.len() * 110);
    out.push_str(text);
    out.push('\n');
    for s in signers {
        let sig = NoteSignature {
            name: s.name.clone(),
            key_id: s.key_id,
            signature: s.sign(text.as_bytes()).to_vec(),
        };
        out.push_str(&sig.to_line());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PETER_SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    #[test]
    fn signer_round_trips_and_matches_its_verifier() {
        let s = SignerKey::parse(PETER_SKEY).unwrap();
        assert_eq!(s.to_private_key_string(), PETER_SKEY);
        assert_eq!(s.verifier().to_string(), PETER_VKEY);
        assert_eq!(VerifierKey::parse(PETER_VKEY).unwrap(), s.verifier());
        assert!(!format!("{s:?}").contains("AYEK"));
    }

    #[test]
    fn sign_then_open() {
        let a = SignerKey::from_seed("sanxiang.example/log", [7; 32]).unwrap();
        let b = SignerKey::from_seed("witness", [9; 32]).unwrap();
        let text = "line one\n\nline three\n";
        let note = sign_note(text, &[&a, &b]).unwrap();
        let opened = open_note(&note, &[a.verifier()]).unwrap();
        assert_eq!(opened.text, text);
        assert_eq!(opened.signatures.len(), 1);
        assert_eq!(opened.unverified.len(), 1);
        let both = open_note(&note, &[b.verifier(), a.verifier()]).unwrap();
        assert_eq!(both.signatures.len(), 2);
        assert_eq!(open_note(&note, &[]), Err(NoteError::Unverified));
        // Tampering with the text breaks the known signature.
        let tampered = note.replacen("one", "One", 1);
        assert!(matches!(
            open_note(&tampered, &[a.verifier()]),
            Err(NoteError::InvalidSignature { .. })
        ));
    }

    #[test]
    fn bad_texts_are_not_signed() {
        let a = SignerKey::from_seed("a", [1; 32]).unwrap();
        assert_eq!(
            sign_note("no newline", &[&a]),
            Err(NoteError::TextWithoutFinalNewline)
        );
        assert_eq!(
            sign_note("", &[&a]),
            Err(NoteError::TextWithoutFinalNewline)
        );
        assert_eq!(
            sign_note("tab\there\n", &[&a]),
            Err(NoteError::ControlCharacter)
        );
        assert_eq!(sign_note("ok\n", &[]), Err(NoteError::NoSigners));
    }

    #[test]
    fn bad_names_are_refused() {
        for name in ["", "a b", "a+b", "a\u{3000}b", "a\u{1}b"] {
            assert!(
                matches!(
                    SignerKey::from_seed(name, [1; 32]),
                    Err(KeyError::BadName(_))
                ),
                "{name:?}"
            );
        }
    }

    #[test]
    fn key_id_must_be_hex() {
        let vkey = PETER_VKEY.replace("c74f20a3", "+74f20a3");
        assert!(VerifierKey::parse(&vkey).is_err());
        let upper = PETER_VKEY.replace("c74f20a3", "C74F20A3");
        assert_eq!(VerifierKey::parse(&upper).unwrap().to_string(), PETER_VKEY);
    }

    #[test]
    fn too_many_signatures() {
        let a = SignerKey::from_seed("a", [1; 32]).unwrap();
        let note = sign_note("x\n", &[&a]).unwrap();
        let line = note.trim_start_matches("x\n\n");
        let many = format!("x\n\n{}", line.repeat(MAX_SIGNATURES + 1));
        assert_eq!(
            open_note(&many, &[a.verifier()]),
            Err(NoteError::TooManySignatures)
        );
        let ok = format!("x\n\n{}", line.repeat(MAX_SIGNATURES));
        assert_eq!(open_note(&ok, &[a.verifier()]).unwrap().signatures.len(), 1);
    }
}
