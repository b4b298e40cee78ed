//! Stored node hashes (`log_nodes`): the hash of every complete subtree of height ≥ 1, written by
//! the integrator with the leaves that complete it. Roots and proofs read only the O(log n)
//! complete subtrees they need, fetched in one query ([`fetch_for`]).
//!
//! - A tree of `n` leaves is described by its *frontier* ([`frontier_coords`]): the roots of its
//!   maximal complete subtrees, one per set bit of `n`, largest (leftmost) first. Its root is
//!   those hashes folded right to left ([`root_of_frontier`]).
//! - Appending leaves to a frontier ([`append`]) yields every newly completed node and the new
//!   frontier, without reading anything else.

use super::{hex, stored_hash, to_i64, to_u64, LogError};
use crate::entity::{log_leaf, log_node};
use sanxiang_domain::tlog::{node_hash, Hash, HashSource, EMPTY_ROOT};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

/// A complete subtree: `(level, index)`, covering leaves `index·2^level .. (index+1)·2^level`.
pub(crate) type Coord = (u32, u64);

/// The most coordinates one fetch query names.
const FETCH_CHUNK: usize = 400;
/// Rows per multi-row INSERT.
const INSERT_CHUNK: usize = 2000;

/// The roots of the maximal complete subtrees of a tree of `size` leaves, largest first.
pub(crate) fn frontier_coords(size: u64) -> Vec<Coord> {
    (0..64u32)
        .rev()
        .filter(|l| (size >> l) & 1 == 1)
        .map(|l| (l, (size >> l) - 1))
        .collect()
}

/// The root of a tree from its frontier hashes (largest first); [`EMPTY_ROOT`] when empty.
pub(crate) fn root_of_frontier(frontier: &[Hash]) -> Hash {
    let mut it = frontier.iter().rev();
    let Some(last) = it.next() else {
        return EMPTY_ROOT;
    };
    it.fold(*last, |acc, h| node_hash(h, &acc))
}

/// Appends `leaves` (indexes `size..`) to a tree of `size` leaves with frontier `frontier`
/// (largest first). Returns every newly completed node of level ≥ 1, in the order they complete
/// (children before parents), and the new frontier. `None` if `frontier` does not fit `size`.
#[allow(clippy::type_complexity)]
pub(crate) fn append(
    size: u64,
    frontier: &[Hash],
    leaves: &[Hash],
) -> Option<(Vec<(Coord, Hash)>, Vec<Hash>)> {
    let coords = frontier_coords(size);
    if coords.len() != frontier.len() {
        return None;
    }
    let mut stack: Vec<(Coord, Hash)> = coords.into_iter().zip(frontier.iter().copied()).collect();
    let mut made = Vec::with_capacity(leaves.len() + 64);
    for (i, leaf) in leaves.iter().enumerate() {
        let mut level = 0u32;
        let mut idx = size + i as u64;
        let mut cur = *leaf;
        while idx & 1 == 1 {
            let ((ll, li), left) = stack.pop()?;
            if ll != level || li + 1 != idx {
                return None;
            }
            cur = node_hash(&left, &cur);
            level += 1;
            idx >>= 1;
            made.push(((level, idx), cur));
        }
        stack.push(((level, idx), cur));
    }
    Some((made, stack.into_iter().map(|(_, h)| h).collect()))
}

/// A node a [`NodeMap`] does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("node (level {0}, index {1}) is not stored")]
pub(crate) struct NodeMissing(pub u32, pub u64);

/// Complete-subtree hashes in memory, keyed by coordinate (level 0: leaf hashes).
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeMap(pub HashMap<Coord, Hash>);

impl HashSource for NodeMap {
    type Error = NodeMissing;

    fn leaf(&self, index: u64) -> Result<Hash, NodeMissing> {
        self.complete_subtree(0, index)
    }

    fn complete_subtree(&self, level: u32, index: u64) -> Result<Hash, NodeMissing> {
        self.0
            .get(&(level, index))
            .copied()
            .ok_or(NodeMissing(level, index))
    }
}

/// A [`HashSource`] that answers zeros and notes which complete subtrees were asked for: proof
/// generation reads the same coordinates whatever the hashes are.
#[derive(Debug, Default)]
pub(crate) struct Recorder(RefCell<BTreeSet<Coord>>);

impl HashSource for Recorder {
    type Error = std::convert::Infallible;

    fn leaf(&self, index: u64) -> Result<Hash, Self::Error> {
        self.complete_subtree(0, index)
    }

    fn complete_subtree(&self, level: u32, index: u64) -> Result<Hash, Self::Error> {
        self.0.borrow_mut().insert((level, index));
        Ok([0; 32])
    }
}

impl Recorder {
    pub(crate) fn into_coords(self) -> BTreeSet<Coord> {
        self.0.into_inner()
    }
}

/// Fetches the hashes of `coords` (level 0 from `log_leaves`, the rest from `log_nodes`), in
/// one query per [`FETCH_CHUNK`] coordinates. Absent rows are simply absent from the map.
pub(crate) async fn fetch<C: ConnectionTrait>(
    conn: &C,
    coords: &BTreeSet<Coord>,
) -> Result<NodeMap, LogError> {
    let mut map = NodeMap(HashMap::with_capacity(coords.len()));
    let all: Vec<Coord> = coords.iter().copied().collect();
    for chunk in all.chunks(FETCH_CHUNK) {
        let leaves: Vec<String> = chunk
            .iter()
            .filter(|(l, _)| *l == 0)
            .map(|(_, i)| to_i64(*i).to_string())
            .collect();
        let nodes: Vec<String> = chunk
            .iter()
            .filter(|(l, _)| *l > 0)
            .map(|(l, i)| format!("(level = {l} AND idx = {})", to_i64(*i)))
            .collect();
        let mut parts = Vec::new();
        if !leaves.is_empty() {
            parts.push(format!(
                "SELECT 0 AS level, idx, leaf_hash AS hash FROM log_leaves WHERE idx IN ({})",
                leaves.join(",")
            ));
        }
        if !nodes.is_empty() {
            parts.push(format!(
                "SELECT level, idx, hash FROM log_nodes WHERE {}",
                nodes.join(" OR ")
            ));
        }
        if parts.is_empty() {
            continue;
        }
        let sql = parts.join(" UNION ALL ");
        let backend = conn.get_database_backend();
        for row in conn.query_all(Statement::from_string(backend, sql)).await? {
            let level: i32 = row.try_get_by_index(0)?;
            let idx: i64 = row.try_get_by_index(1)?;
            let hash: String = row.try_get_by_index(2)?;
            let what = if level == 0 {
                "log_leaves"
            } else {
                "log_nodes"
            };
            map.0.insert(
                (u32::try_from(level).unwrap_or(0), to_u64(idx)),
                stored_hash(&hash, what)?,
            );
        }
    }
    Ok(map)
}

/// Runs `plan` against a [`Recorder`] to learn which complete subtrees it reads, and fetches
/// exactly those: the result answers the same computation on the real hashes.
pub(crate) async fn fetch_for<C, F>(conn: &C, plan: F) -> Result<NodeMap, LogError>
where
    C: ConnectionTrait,
    F: FnOnce(&Recorder),
{
    let rec = Recorder::default();
    plan(&rec);
    fetch(conn, &rec.into_coords()).await
}

/// The error for a node a stored tree should hold but does not.
pub(crate) fn missing(e: NodeMissing) -> LogError {
    if e.0 == 0 {
        LogError::Integrity(format!("leaf {} is missing from log_leaves", e.1))
    } else {
        LogError::Integrity(format!(
            "node (level {}, index {}) is missing from log_nodes",
            e.0, e.1
        ))
    }
}

/// Inserts nodes (level ≥ 1) with multi-row INSERTs.
pub(crate) async fn insert_nodes<C: ConnectionTrait>(
    conn: &C,
    nodes: &[(Coord, Hash)],
) -> Result<(), LogError> {
    for chunk in nodes.chunks(INSERT_CHUNK) {
        let rows: Vec<log_node::ActiveModel> = chunk
            .iter()
            .map(|((level, idx), h)| log_node::ActiveModel {
                level: Set(i32::try_from(*level).unwrap_or(i32::MAX)),
                idx: Set(to_i64(*idx)),
                hash: Set(hex(h)),
            })
            .collect();
        log_node::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Whether `log_nodes` holds every node of the tree of `size` leaves: nodes are only ever
/// written in order and never removed, so the last node of each level tells.
async fn complete<C: ConnectionTrait>(conn: &C, size: u64) -> Result<bool, LogError> {
    let coords: BTreeSet<Coord> = (1..64u32)
        .filter(|l| size >> l > 0)
        .map(|l| (l, (size >> l) - 1))
        .collect();
    let got = fetch(conn, &coords).await?;
    Ok(got.0.len() == coords.len())
}

/// Makes sure `log_nodes` holds every node of the first `size` leaves, computing the missing
/// ones from `log_leaves` (a log integrated before nodes were stored). Call inside the
/// integrator's transaction, with its lock held. Returns how many nodes were written.
pub(crate) async fn backfill<C: ConnectionTrait>(conn: &C, size: u64) -> Result<u64, LogError> {
    if complete(conn, size).await? {
        return Ok(0);
    }
    let mut have: HashMap<u32, i64> = HashMap::new();
    for l in 1..64u32 {
        if size >> l == 0 {
            break;
        }
        let max: Option<i64> = log_node::Entity::find()
            .select_only()
            .column(log_node::Column::Idx)
            .filter(log_node::Column::Level.eq(i32::try_from(l).unwrap_or(i32::MAX)))
            .order_by_desc(log_node::Column::Idx)
            .limit(1)
            .into_tuple()
            .one(conn)
            .await?;
        have.insert(l, max.unwrap_or(-1));
    }
    let mut frontier: Vec<Hash> = Vec::new();
    let mut done = 0u64;
    let mut written = 0u64;
    const PAGE: u64 = 100_000;
    while done < size {
        let end = (done + PAGE).min(size);
        let rows: Vec<(i64, String)> = log_leaf::Entity::find()
            .select_only()
            .column(log_leaf::Column::Idx)
            .column(log_leaf::Column::LeafHash)
            .filter(log_leaf::Column::Idx.gte(to_i64(done)))
            .filter(log_leaf::Column::Idx.lt(to_i64(end)))
            .order_by_asc(log_leaf::Column::Idx)
            .into_tuple()
            .all(conn)
            .await?;
        let mut leaves = Vec::with_capacity(rows.len());
        for (i, (idx, h)) in rows.into_iter().enumerate() {
            if to_u64(idx) != done + i as u64 || idx < 0 {
                return Err(LogError::Integrity(format!(
                    "log_leaves: index {} is missing",
                    done + i as u64
                )));
            }
            leaves.push(stored_hash(&h, "log_leaves")?);
        }
        if (leaves.len() as u64) < end - done {
            return Err(LogError::Integrity(format!(
                "log_leaves: index {} is missing",
                done + leaves.len() as u64
            )));
        }
        let (made, next) = append(done, &frontier, &leaves)
            .ok_or_else(|| LogError::Integrity("rebuilding log_nodes".into()))?;
        let missing: Vec<(Coord, Hash)> = made
            .into_iter()
            .filter(|((l, i), _)| to_i64(*i) > have.get(l).copied().unwrap_or(-1))
            .collect();
        insert_nodes(conn, &missing).await?;
        written += missing.len() as u64;
        frontier = next;
        done = end;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sanxiang_domain::tlog::{
        consistency_proof, inclusion_proof, leaf_hash, root_at, root_from_leaves,
    };

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    /// Every node of a tree built by appending, in batches, from any starting size.
    fn build(all: &[Hash], cuts: &[usize]) -> NodeMap {
        let mut map = NodeMap::default();
        let mut frontier = Vec::new();
        let mut done = 0usize;
        for &cut in cuts.iter().chain(std::iter::once(&all.len())) {
            let (made, next) = append(done as u64, &frontier, &all[done..cut]).unwrap();
            for (c, h) in made {
                assert!(map.0.insert(c, h).is_none(), "{c:?} made twice");
            }
            frontier = next;
            done = cut;
            assert_eq!(root_of_frontier(&frontier), root_from_leaves(&all[..done]));
        }
        for (i, h) in all.iter().enumerate() {
            map.0.insert((0, i as u64), *h);
        }
        map
    }

    #[test]
    fn appended_nodes_answer_every_proof() {
        let all = leaves(70);
        let map = build(&all, &[1, 5, 6, 33, 64]);
        for size in 1..=all.len() as u64 {
            assert_eq!(root_at(size, &map).unwrap(), root_at(size, &all).unwrap());
            for i in (0..size).step_by(3) {
                assert_eq!(
                    inclusion_proof(i, size, &map).unwrap(),
                    inclusion_proof(i, size, &all).unwrap()
                );
            }
            for from in 1..=size {
                assert_eq!(
                    consistency_proof(from, size, &map).unwrap(),
                    consistency_proof(from, size, &all).unwrap()
                );
            }
        }
        assert_eq!(root_of_frontier(&[]), EMPTY_ROOT);
        assert!(append(3, &[], &all).is_none());
    }

    /// The integrator proves old → new from the old frontier, the new leaves and the new nodes
    /// alone: nothing else of the old tree is ever needed.
    #[test]
    fn consistency_needs_only_the_old_frontier_and_the_new_nodes() {
        let all = leaves(40);
        let full = build(&all, &[]);
        for from in 1..all.len() as u64 {
            for to in from + 1..=all.len() as u64 {
                let mut map = NodeMap::default();
                let coords = frontier_coords(from);
                let frontier: Vec<Hash> = coords
                    .iter()
                    .map(|&(l, i)| full.complete_subtree(l, i).unwrap())
                    .collect();
                for (c, h) in coords.iter().zip(&frontier) {
                    map.0.insert(*c, *h);
                }
                let new = &all[from as usize..to as usize];
                let (made, _) = append(from, &frontier, new).unwrap();
                map.0.extend(made);
                for (k, h) in new.iter().enumerate() {
                    map.0.insert((0, from + k as u64), *h);
                }
                assert_eq!(
                    consistency_proof(from, to, &map).unwrap(),
                    consistency_proof(from, to, &all).unwrap(),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn recorder_lists_what_a_proof_reads() {
        let all = leaves(21);
        let map = build(&all, &[]);
        let rec = Recorder::default();
        let _ = inclusion_proof(7, 21, &rec);
        let coords = rec.into_coords();
        let mut sub = NodeMap::default();
        for c in &coords {
            sub.0.insert(*c, map.complete_subtree(c.0, c.1).unwrap());
        }
        assert!(coords.len() <= 2 * 5);
        assert_eq!(
            inclusion_proof(7, 21, &sub).unwrap(),
            inclusion_proof(7, 21, &all).unwrap()
        );
    }
}
