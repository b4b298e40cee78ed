//! Merkle inclusion and consistency proofs: generation (RFC 9162 §2.1.3.1, §2.1.4.1) from a
//! [`HashSource`], and verification (RFC 9162 §2.1.3.2, §2.1.4.2).
//!
//! Generation asks the source only for the hashes of complete, aligned subtrees
//! ([`HashSource::complete_subtree`]). The default implementation of that method rebuilds the
//! subtree from its leaves, so a proof costs O(n) leaf reads and hashes, and so does
//! [`root_at`]. A store that keeps interior node hashes (tiles) can override
//! `complete_subtree` to make both O(log n) reads without any change here.

use thiserror::Error;

use super::hash::{
    hash_from_slice, node_hash, root_from_leaves, split_point, Hash, HashLengthError, EMPTY_ROOT,
};

/// Where proof generation reads leaf hashes (and, optionally, stored subtree hashes) from:
/// a slice in memory, or a database table.
pub trait HashSource {
    /// What reading a hash can fail with.
    type Error;

    /// The hash of leaf `index` (0-based).
    fn leaf(&self, index: u64) -> Result<Hash, Self::Error>;

    /// The leaf hashes of `start..end`, in order. Override to fetch a range in one query.
    fn leaves(&self, start: u64, end: u64) -> Result<Vec<Hash>, Self::Error> {
        (start..end).map(|i| self.leaf(i)).collect()
    }

    /// The hash of the complete subtree of height `level` (2^level leaves) that covers leaves
    /// `index·2^level .. (index+1)·2^level`. The default rebuilds it from its leaves (O(2^level));
    /// override to read a stored node hash instead.
    fn complete_subtree(&self, level: u32, index: u64) -> Result<Hash, Self::Error> {
        let width = 1u64 << level.min(63);
        let start = index.saturating_mul(width);
        let end = start.saturating_add(width);
        Ok(root_from_leaves(&self.leaves(start, end)?))
    }
}

/// A leaf asked of an in-memory source that does not hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("leaf {index} is not in the source")]
pub struct LeafMissing {
    /// The index asked for.
    pub index: u64,
}

impl HashSource for [Hash] {
    type Error = LeafMissing;

    fn leaf(&self, index: u64) -> Result<Hash, LeafMissing> {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.get(i))
            .copied()
            .ok_or(LeafMissing { index })
    }

    fn leaves(&self, start: u64, end: u64) -> Result<Vec<Hash>, LeafMissing> {
        let range = usize::try_from(start).ok().zip(usize::try_from(end).ok());
        match range.and_then(|(s, e)| self.get(s..e)) {
            Some(slice) => Ok(slice.to_vec()),
            None => Err(LeafMissing {
                index: start.max(self.len() as u64),
            }),
        }
    }
}

impl HashSource for Vec<Hash> {
    type Error = LeafMissing;

    fn leaf(&self, index: u64) -> Result<Hash, LeafMissing> {
        self.as_slice().leaf(index)
    }

    fn leaves(&self, start: u64, end: u64) -> Result<Vec<Hash>, LeafMissing> {
        self.as_slice().leaves(start, end)
    }
}

/// Why a proof could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BuildError<E> {
    /// The leaf index is not inside the tree.
    #[error("leaf index {index} is outside a tree of size {size}")]
    IndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// The tree size asked for.
        size: u64,
    },
    /// A consistency proof needs `0 < from <= to`.
    #[error("no consistency proof from size {from} to size {to}: need 0 < from <= to")]
    InvalidSizes {
        /// The earlier tree size.
        from: u64,
        /// The later tree size.
        to: u64,
    },
    /// The hash source failed.
    #[error("reading hashes: {0}")]
    Source(E),
}

/// Why a proof did not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProofError {
    /// The leaf index is not inside the tree.
    #[error("leaf index {index} is outside a tree of size {size}")]
    IndexOutOfRange {
        /// The leaf index claimed.
        index: u64,
        /// The tree size claimed.
        size: u64,
    },
    /// Consistency is only defined for `0 < from <= to`.
    #[error("no consistency proof from size {from} to size {to}: need 0 < from <= to")]
    InvalidSizes {
        /// The earlier tree size.
        from: u64,
        /// The later tree size.
        to: u64,
    },
    /// The proof has too many or too few hashes for the sizes given.
    #[error("the proof has the wrong number of hashes for these tree sizes")]
    WrongLength,
    /// The proof does not lead to the root(s) given.
    #[error("the proof does not match the given root")]
    RootMismatch,
    /// A leaf, root or proof hash is not 32 bytes.
    #[error("malformed hash: {0}")]
    BadHash(#[from] HashLengthError),
}

/// The Merkle tree hash of the first `size` leaves of `src` ([`EMPTY_ROOT`] for 0).
pub fn root_at<S: HashSource + ?Sized>(size: u64, src: &S) -> Result<Hash, S::Error> {
    if size == 0 {
        return Ok(EMPTY_ROOT);
    }
    range_hash(src, 0, size)
}

/// The hash of leaves `start..end` as they appear in an RFC 6962 tree: `start` must be a
/// multiple of the largest power of two not above `end - start`, which holds for every range
/// the RFC 9162 recursions produce. Aligned power-of-two ranges are complete subtrees.
fn range_hash<S: HashSource + ?Sized>(src: &S, start: u64, end: u64) -> Result<Hash, S::Error> {
    let len = end - start;
    if len.is_power_of_two() && start & (len - 1) == 0 {
        let level = len.trailing_zeros();
        return src.complete_subtree(level, start >> level);
    }
    let k = split_point(len);
    let left = range_hash(src, start, start + k)?;
    let right = range_hash(src, start + k, end)?;
    Ok(node_hash(&left, &right))
}

/// The inclusion proof (audit path, RFC 9162 §2.1.3.1) for leaf `index` in the tree of the
/// first `size` leaves, ordered from the leaf's sibling up to the root's child.
pub fn inclusion_proof<S: HashSource + ?Sized>(
    index: u64,
    size: u64,
    src: &S,
) -> Result<Vec<Hash>, BuildError<S::Error>> {
    if index >= size {
        return Err(BuildError::IndexOutOfRange { index, size });
    }
    let mut out = Vec::new();
    audit_path(src, index, 0, size, &mut out).map_err(BuildError::Source)?;
    Ok(out)
}

/// PATH(m, D[start:end]) with `m` relative to `start`.
fn audit_path<S: HashSource + ?Sized>(
    src: &S,
    m: u64,
    start: u64,
    end: u64,
    out: &mut Vec<Hash>,
) -> Result<(), S::Error> {
    let n = end - start;
    if n <= 1 {
        return Ok(());
    }
    let k = split_point(n);
    if m < k {
        audit_path(src, m, start, start + k, out)?;
        out.push(range_hash(src, start + k, end)?);
    } else {
        audit_path(src, m - k, start + k, end, out)?;
        out.push(range_hash(src, start, start + k)?);
    }
    Ok(())
}

/// The consistency proof (RFC 9162 §2.1.4.1) that the tree of the first `from` leaves is a
/// prefix of the tree of the first `to` leaves. Empty when `from == to`; `from` must be > 0.
pub fn consistency_proof<S: HashSource + ?Sized>(
    from: u64,
    to: u64,
    src: &S,
) -> Result<Vec<Hash>, BuildError<S::Error>> {
    if from == 0 || from > to {
        return Err(BuildError::InvalidSizes { from, to });
    }
    let mut out = Vec::new();
    if from < to {
        subproof(src, from, 0, to, true, &mut out).map_err(BuildError::Source)?;
    }
    Ok(out)
}

/// SUBPROOF(m, D[start:end], b) with `m` relative to `start`.
fn subproof<S: HashSource + ?Sized>(
    src: &S,
    m: u64,
    start: u64,
    end: u64,
    known: bool,
    out: &mut Vec<Hash>,
) -> Result<(), S::Error> {
    let n = end - start;
    if m == n {
        if !known {
            out.push(range_hash(src, start, end)?);
        }
        return Ok(());
    }
    let k = split_point(n);
    if m <= k {
        subproof(src, m, start, start + k, known, out)?;
        out.push(range_hash(src, start + k, end)?);
    } else {
        subproof(src, m - k, start + k, end, false, out)?;
        out.push(range_hash(src, start, start + k)?);
    }
    Ok(())
}

/// The root that an inclusion proof for `leaf` at `index` leads to in a tree of `size`
/// (RFC 9162 §2.1.3.2 without the final comparison).
pub fn root_from_inclusion_proof(
    index: u64,
    size: u64,
    leaf: &Hash,
    path: &[Hash],
) -> Result<Hash, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut fn_ = index;
    let mut sn = size - 1;
    let mut r = *leaf;
    for p in path {
        if sn == 0 {
            return Err(ProofError::WrongLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::WrongLength);
    }
    Ok(r)
}

/// Verifies that `leaf` is the leaf at `index` in the tree of `size` leaves with root `root`
/// (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    path: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if root_from_inclusion_proof(index, size, leaf, path)? == *root {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

/// Verifies that the tree of `from` leaves with root `root1` is a prefix of the tree of `to`
/// leaves with root `root2` (RFC 9162 §2.1.4.2). A proof from the empty tree (`from == 0`) is
/// refused as meaningless; for `from == to` the proof must be empty and the roots equal.
pub fn verify_consistency(
    from: u64,
    to: u64,
    root1: &Hash,
    root2: &Hash,
    path: &[Hash],
) -> Result<(), ProofError> {
    if from == 0 || from > to {
        return Err(ProofError::InvalidSizes { from, to });
    }
    if from == to {
        if !path.is_empty() {
            return Err(ProofError::WrongLength);
        }
        return if root1 == root2 {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    let Some((first, rest)) = path.split_first() else {
        return Err(ProofError::WrongLength);
    };
    // If `from` is a power of two, the old root is itself a node of the new tree and the proof
    // leaves it out: start from it.
    let (seed, rest) = if from.is_power_of_two() {
        (root1, path)
    } else {
        (first, rest)
    };
    let mut fn_ = from - 1;
    let mut sn = to - 1;
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let mut fr = *seed;
    let mut sr = *seed;
    for c in rest {
        if sn == 0 {
            return Err(ProofError::WrongLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::WrongLength);
    }
    if fr == *root1 && sr == *root2 {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

fn hashes<P: AsRef<[u8]>>(path: &[P]) -> Result<Vec<Hash>, ProofError> {
    path.iter()
        .map(|p| hash_from_slice(p.as_ref()).map_err(ProofError::from))
        .collect()
}

/// [`verify_inclusion`] for untrusted byte strings (e.g. decoded from a request or a file):
/// the leaf hash, the root and every proof hash must be exactly 32 bytes.
pub fn verify_inclusion_bytes<P: AsRef<[u8]>>(
    index: u64,
    size: u64,
    leaf: &[u8],
    path: &[P],
    root: &[u8],
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let leaf = hash_from_slice(leaf)?;
    let path = hashes(path)?;
    let root = hash_from_slice(root)?;
    verify_inclusion(index, size, &leaf, &path, &root)
}

/// [`verify_consistency`] for untrusted byte strings: every proof hash must be exactly 32 bytes,
/// and so must the roots whenever the proof is evaluated (`from < to`).
///
/// When `from == to` nothing is computed: the claim is only that the two roots are the same
/// value, so they are compared as given (this is what transparency-dev/merkle does, and one of
/// its published golden probes, "sizes are equal (one) and proof is empty", has equal 12-byte
/// roots and must verify).
pub fn verify_consistency_bytes<P: AsRef<[u8]>>(
    from: u64,
    to: u64,
    root1: &[u8],
    root2: &[u8],
    path: &[P],
) -> Result<(), ProofError> {
    if from == 0 || from > to {
        return Err(ProofError::InvalidSizes { from, to });
    }
    if from == to {
        if !path.is_empty() {
            return Err(ProofError::WrongLength);
        }
        return if root1 == root2 {
            Ok(())
        } else {
            Err(ProofError::RootMismatch)
        };
    }
    let path = hashes(path)?;
    let root1 = hash_from_slice(root1)?;
    let root2 = hash_from_slice(root2)?;
    verify_consistency(from, to, &root1, &root2, &path)
}

#[cfg(test)]
mod tests {
    use super::super::hash::leaf_hash;
    use super::*;

    fn leaves(n: u32) -> Vec<Hash> {
        (0..n)
            .map(|i| leaf_hash(format!("entry {i}").as_bytes()))
            .collect()
    }

    #[test]
    fn every_inclusion_proof_round_trips() {
        let all = leaves(40);
        for size in 1..=all.len() as u64 {
            let root = root_at(size, &all).unwrap();
            assert_eq!(root, root_from_leaves(&all[..size as usize]));
            for index in 0..size {
                let path = inclusion_proof(index, size, &all).unwrap();
                let leaf = all[index as usize];
                assert_eq!(verify_inclusion(index, size, &leaf, &path, &root), Ok(()));
                // The wrong leaf, index or size fails.
                let other = leaf_hash(b"other");
                assert!(verify_inclusion(index, size, &other, &path, &root).is_err());
                if index + 1 < size {
                    assert!(verify_inclusion(index + 1, size, &leaf, &path, &root).is_err());
                }
            }
        }
    }

    #[test]
    fn every_consistency_proof_round_trips() {
        let all = leaves(40);
        for to in 1..=all.len() as u64 {
            let root2 = root_at(to, &all).unwrap();
            for from in 1..=to {
                let root1 = root_at(from, &all).unwrap();
                let path = consistency_proof(from, to, &all).unwrap();
                assert_eq!(
                    verify_consistency(from, to, &root1, &root2, &path),
                    Ok(()),
                    "{from}->{to}"
                );
                assert!(
                    verify_consistency(from, to, &root2, &root1, &path).is_err() || root1 == root2
                );
                if from < to {
                    let mut bad = path.clone();
                    bad[0][0] ^= 1;
                    assert!(verify_consistency(from, to, &root1, &root2, &bad).is_err());
                    assert!(verify_consistency(from, to, &root1, &root2, &path[1..]).is_err());
                }
            }
        }
    }

    #[test]
    fn out_of_range_requests_are_errors_not_panics() {
        let all = leaves(5);
        assert_eq!(
            inclusion_proof(5, 5, &all),
            Err(BuildError::IndexOutOfRange { index: 5, size: 5 })
        );
        assert_eq!(
            inclusion_proof(0, 6, &all),
            Err(BuildError::Source(LeafMissing { index: 5 }))
        );
        assert_eq!(
            consistency_proof(0, 5, &all),
            Err(BuildError::InvalidSizes { from: 0, to: 5 })
        );
        assert_eq!(
            consistency_proof(4, 3, &all),
            Err(BuildError::InvalidSizes { from: 4, to: 3 })
        );
        assert_eq!(consistency_proof(3, 3, &all), Ok(vec![]));
        assert!(root_at(6, &all).is_err());
        assert_eq!(root_at(0, &all), Ok(EMPTY_ROOT));
        assert_eq!(
            verify_inclusion(u64::MAX, 1, &all[0], &[], &all[0]),
            Err(ProofError::IndexOutOfRange {
                index: u64::MAX,
                size: 1
            })
        );
        assert!(verify_consistency(0, 0, &EMPTY_ROOT, &EMPTY_ROOT, &[]).is_err());
    }

    /// A source that counts reads and serves complete subtrees from a precomputed table, as a
    /// store with interior nodes would.
    struct Stored {
        leaves: Vec<Hash>,
        reads: std::cell::Cell<u64>,
    }

    impl HashSource for Stored {
        type Error = LeafMissing;
        fn leaf(&self, index: u64) -> Result<Hash, LeafMissing> {
            self.reads.set(self.reads.get() + 1);
            self.leaves.leaf(index)
        }
        fn complete_subtree(&self, level: u32, index: u64) -> Result<Hash, LeafMissing> {
            self.reads.set(self.reads.get() + 1);
            let w = 1usize << level;
            let s = index as usize * w;
            self.leaves
                .get(s..s + w)
                .map(root_from_leaves)
                .ok_or(LeafMissing { index })
        }
    }

    #[test]
    fn overridden_subtrees_give_logarithmic_reads() {
        let src = Stored {
            leaves: leaves(1000),
            reads: std::cell::Cell::new(0),
        };
        let root = root_at(1000, &src).unwrap();
        assert_eq!(root, root_from_leaves(&src.leaves));
        src.reads.set(0);
        let path = inclusion_proof(517, 1000, &src).unwrap();
        assert!(src.reads.get() <= 2 * 10 * 10, "reads: {}", src.reads.get());
        assert_eq!(
            verify_inclusion(517, 1000, &src.leaves[517], &path, &root),
            Ok(())
        );
    }

    #[test]
    fn bytes_variants_check_lengths() {
        let all = leaves(3);
        let root = root_at(3, &all).unwrap();
        let path = inclusion_proof(2, 3, &all).unwrap();
        assert_eq!(verify_inclusion_bytes(2, 3, &all[2], &path, &root), Ok(()));
        assert_eq!(
            verify_inclusion_bytes(2, 3, &all[2][..31], &path, &root),
            Err(ProofError::BadHash(HashLengthError(31)))
        );
        let short: Vec<&[u8]> = vec![&path[0][..]; 1];
        assert_eq!(
            verify_inclusion_bytes(2, 3, &all[2], &short, &root[..]),
            Ok(())
        );
        assert!(verify_inclusion_bytes::<&[u8]>(0, 1, b"", &[], b"").is_err());
    }
}
