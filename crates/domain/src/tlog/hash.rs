//! RFC 6962 / RFC 9162 §2.1 Merkle tree hashing with SHA-256.
//!
//! - leaf hash: `SHA-256(0x00 ‖ data)`
//! - node hash: `SHA-256(0x01 ‖ left ‖ right)`
//! - the empty tree: `SHA-256("")`
//!
//! The 0x00/0x01 prefixes separate leaves from interior nodes, so a leaf can never be passed off
//! as a subtree (and an empty leaf is not the empty tree).

use sha2::{Digest, Sha256};
use thiserror::Error;

/// A SHA-256 hash: a leaf hash, a node hash or a tree root.
pub type Hash = [u8; 32];

/// The length of a [`Hash`](type@Hash) in bytes.
pub const HASH_LEN: usize = 32;

/// The Merkle tree hash of the empty tree, `SHA-256("")`
/// (base64 `47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=`).
pub const EMPTY_ROOT: Hash = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

const LEAF_PREFIX: u8 = 0x00;
const NODE_PREFIX: u8 = 0x01;

/// A byte string that should have been a 32-byte hash but is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a hash must be {HASH_LEN} bytes, got {0}")]
pub struct HashLengthError(pub usize);

/// Converts a byte slice into a [`Hash`](type@Hash), refusing anything that is not exactly 32 bytes.
pub fn hash_from_slice(bytes: &[u8]) -> Result<Hash, HashLengthError> {
    Hash::try_from(bytes).map_err(|_| HashLengthError(bytes.len()))
}

/// The RFC 6962 leaf hash of `data`: `SHA-256(0x00 ‖ data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([LEAF_PREFIX]);
    h.update(data);
    h.finalize().into()
}

/// The RFC 6962 interior node hash: `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([NODE_PREFIX]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The Merkle tree hash (MTH, RFC 9162 §2.1.1) of a list of leaf hashes; [`EMPTY_ROOT`] for
/// an empty list.
///
/// Computed bottom-up in O(n) time and O(n) scratch space: adjacent pairs are hashed level by
/// level and a lone last node is carried up unchanged, which gives exactly RFC 6962's split at
/// the largest power of two smaller than n.
pub fn root_from_leaves(leaves: &[Hash]) -> Hash {
    let Some(first) = leaves.first() else {
        return EMPTY_ROOT;
    };
    if leaves.len() == 1 {
        return *first;
    }
    let mut level: Vec<Hash> = leaves.to_vec();
    while level.len() > 1 {
        let mut next = Vec::with_capacity(level.len().div_ceil(2));
        for pair in level.chunks(2) {
            match pair {
                [l, r] => next.push(node_hash(l, r)),
                [lone] => next.push(*lone),
                _ => {}
            }
        }
        level = next;
    }
    level.first().copied().unwrap_or(EMPTY_ROOT)
}

/// The largest power of two strictly smaller than `n` (RFC 9162's `k`), for `n > 1`; 0 otherwise.
pub(crate) fn split_point(n: u64) -> u64 {
    n.saturating_sub(1)
        .checked_ilog2()
        .map_or(0, |log| 1u64 << log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        let h: Hash = Sha256::digest(b"").into();
        assert_eq!(h, EMPTY_ROOT);
        assert_eq!(root_from_leaves(&[]), EMPTY_ROOT);
    }

    #[test]
    fn empty_leaf_is_not_empty_tree() {
        assert_ne!(leaf_hash(b""), EMPTY_ROOT);
    }

    #[test]
    fn split_points() {
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(3), 2);
        assert_eq!(split_point(4), 2);
        assert_eq!(split_point(5), 4);
        assert_eq!(split_point(8), 4);
        assert_eq!(split_point(9), 8);
        assert_eq!(split_point(u64::MAX), 1 << 63);
        assert_eq!(split_point(1), 0);
        assert_eq!(split_point(0), 0);
    }

    /// The recursive definition, for comparison.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => EMPTY_ROOT,
            1 => leaves[0],
            n => {
                let k = split_point(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    #[test]
    fn bottom_up_matches_recursive_definition() {
        let leaves: Vec<Hash> = (0u32..70).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for n in 0..=leaves.len() {
            assert_eq!(
                root_from_leaves(&leaves[..n]),
                mth(&leaves[..n]),
                "size {n}"
            );
        }
    }

    #[test]
    fn hash_length_is_checked() {
        assert!(hash_from_slice(&[0; 32]).is_ok());
        assert_eq!(hash_from_slice(&[0; 31]), Err(HashLengthError(31)));
        assert_eq!(hash_from_slice(&[]), Err(HashLengthError(0)));
    }
}
