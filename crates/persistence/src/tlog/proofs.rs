//! Reading the log: checkpoints, leaf hashes, entries, inclusion and consistency proofs.

use super::{nodes, stored_hash, to_i64, to_u64, LogError};
use crate::entity::{log_checkpoint, log_entry, log_leaf};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sanxiang_domain::tlog::{
    consistency_proof, inclusion_proof, BuildError, Hash, HashSource, LeafMissing,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The leaf hashes `0..len` of the log, loaded from `log_leaves` into memory (O(n): for tools
/// and tests; the server's proofs read stored nodes instead, see `nodes`).
#[derive(Debug, Clone, Default)]
pub struct LeafSnapshot {
    leaves: Vec<Hash>,
}

impl LeafSnapshot {
    /// Loads leaves `0..end` (fewer if the log is shorter), checking that the indexes are
    /// contiguous from 0.
    pub async fn load<C: ConnectionTrait>(conn: &C, end: u64) -> Result<Self, LogError> {
        let rows: Vec<(i64, String)> = log_leaf::Entity::find()
            .select_only()
            .column(log_leaf::Column::Idx)
            .column(log_leaf::Column::LeafHash)
            .filter(log_leaf::Column::Idx.lt(to_i64(end)))
            .order_by_asc(log_leaf::Column::Idx)
            .into_tuple()
            .all(conn)
            .await?;
        let mut leaves = Vec::with_capacity(rows.len());
        for (i, (idx, h)) in rows.into_iter().enumerate() {
            if to_u64(idx) != i as u64 || idx < 0 {
                return Err(LogError::Integrity(format!(
                    "log_leaves: index {i} is missing (found {idx} in its place)"
                )));
            }
            leaves.push(stored_hash(&h, "log_leaves")?);
        }
        Ok(Self { leaves })
    }

    /// The number of leaves loaded.
    pub fn len(&self) -> u64 {
        self.leaves.len() as u64
    }

    /// Whether no leaf was loaded.
    pub fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }

    /// The leaf hashes.
    pub fn as_slice(&self) -> &[Hash] {
        &self.leaves
    }
}

impl HashSource for LeafSnapshot {
    type Error = LeafMissing;

    fn leaf(&self, index: u64) -> Result<Hash, LeafMissing> {
        self.leaves.as_slice().leaf(index)
    }

    fn leaves(&self, start: u64, end: u64) -> Result<Vec<Hash>, LeafMissing> {
        self.leaves.as_slice().leaves(start, end)
    }
}

/// A signed checkpoint as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    pub size: u64,
    pub root: Hash,
    /// The signed note, verbatim.
    pub note: String,
    pub created_at: DateTime<Utc>,
}

fn to_checkpoint(m: log_checkpoint::Model) -> Result<StoredCheckpoint, LogError> {
    Ok(StoredCheckpoint {
        size: to_u64(m.size),
        root: stored_hash(&m.root, "log_checkpoints")?,
        note: m.note,
        created_at: m.created_at,
    })
}

/// The latest signed checkpoint (None before the integrator's first run).
pub async fn latest_checkpoint(db: &Db) -> Result<Option<StoredCheckpoint>, LogError> {
    latest_in(&db.conn()).await
}

pub(crate) async fn latest_in<C: ConnectionTrait>(
    conn: &C,
) -> Result<Option<StoredCheckpoint>, LogError> {
    log_checkpoint::Entity::find()
        .order_by_desc(log_checkpoint::Column::Size)
        .one(conn)
        .await?
        .map(to_checkpoint)
        .transpose()
}

/// Signed checkpoints, newest first, strictly below `before` (a size) when given.
pub async fn list_checkpoints(
    db: &Db,
    before: Option<u64>,
    limit: u64,
) -> Result<Vec<StoredCheckpoint>, LogError> {
    let mut q = log_checkpoint::Entity::find();
    if let Some(b) = before {
        q = q.filter(log_checkpoint::Column::Size.lt(to_i64(b)));
    }
    q.order_by_desc(log_checkpoint::Column::Size)
        .limit(limit)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_checkpoint)
        .collect()
}

/// The size of the latest signed tree (0 before the first checkpoint).
pub async fn tree_size(db: &Db) -> Result<u64, LogError> {
    Ok(latest_checkpoint(db).await?.map_or(0, |c| c.size))
}

/// A proof built from stored nodes: a missing node is an integrity failure.
pub(crate) fn node_err(e: BuildError<nodes::NodeMissing>) -> LogError {
    match e {
        BuildError::Source(m) => nodes::missing(m),
        other => LogError::BadRange {
            field: "index",
            message: other.to_string(),
        },
    }
}

fn bad(field: &'static str, message: impl Into<String>) -> LogError {
    LogError::BadRange {
        field,
        message: message.into(),
    }
}

/// The leaf hash at `index` and its inclusion proof in the tree of the first `size` leaves.
/// `size` must be between 1 and the latest signed size.
pub async fn inclusion(db: &Db, index: u64, size: u64) -> Result<(Hash, Vec<Hash>), LogError> {
    let current = tree_size(db).await?;
    if size == 0 || size > current {
        return Err(bad(
            "tree_size",
            format!("must be between 1 and the log's signed size {current}"),
        ));
    }
    if index >= size {
        return Err(bad("index", format!("must be below tree_size {size}")));
    }
    let src = nodes::fetch_for(&db.conn(), |r| {
        let _ = inclusion_proof(index, size, r);
        let _ = r.leaf(index);
    })
    .await?;
    let path = inclusion_proof(index, size, &src).map_err(node_err)?;
    let leaf = src.leaf(index).map_err(nodes::missing)?;
    Ok((leaf, path))
}

/// The consistency proof from the tree of `from` leaves to the tree of `to` leaves
/// (`1 <= from <= to <= ` the latest signed size).
pub async fn consistency(db: &Db, from: u64, to: u64) -> Result<Vec<Hash>, LogError> {
    let current = tree_size(db).await?;
    if from == 0 {
        return Err(bad("from", "must be at least 1"));
    }
    if from > to {
        return Err(bad("from", format!("must not exceed `to` ({to})")));
    }
    if to > current {
        return Err(bad(
            "to",
            format!("must not exceed the log's signed size {current}"),
        ));
    }
    let src = nodes::fetch_for(&db.conn(), |r| {
        let _ = consistency_proof(from, to, r);
    })
    .await?;
    consistency_proof(from, to, &src).map_err(node_err)
}

/// One integrated entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntryRow {
    pub index: u64,
    pub leaf_hash: Hash,
    pub entry_id: Uuid,
    pub kind: String,
    pub agency_id: Uuid,
    pub case_id: Option<Uuid>,
    pub record_id: Option<Uuid>,
    /// The canonical bytes (UTF-8 JSON).
    pub canonical: String,
}

/// Entries `start..end` of the signed tree (`end` clipped to its size). Returns the signed
/// size too.
pub async fn entries(db: &Db, start: u64, end: u64) -> Result<(u64, Vec<LogEntryRow>), LogError> {
    let size = tree_size(db).await?;
    if start > end {
        return Err(bad("start", format!("must not exceed `end` ({end})")));
    }
    let end = end.min(size);
    if start >= end {
        return Ok((size, Vec::new()));
    }
    let leaves = log_leaf::Entity::find()
        .filter(log_leaf::Column::Idx.gte(to_i64(start)))
        .filter(log_leaf::Column::Idx.lt(to_i64(end)))
        .order_by_asc(log_leaf::Column::Idx)
        .all(&db.conn())
        .await?;
    let ids: Vec<Uuid> = leaves.iter().map(|l| l.entry_id).collect();
    let mut by_id: HashMap<Uuid, log_entry::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        for e in log_entry::Entity::find()
            .filter(log_entry::Column::Id.is_in(chunk.to_vec()))
            .all(&db.conn())
            .await?
        {
            by_id.insert(e.id, e);
        }
    }
    let mut out = Vec::with_capacity(leaves.len());
    for l in leaves {
        let e = by_id.remove(&l.entry_id).ok_or_else(|| {
            LogError::Integrity(format!("leaf {}: entry {} is missing", l.idx, l.entry_id))
        })?;
        out.push(LogEntryRow {
            index: to_u64(l.idx),
            leaf_hash: stored_hash(&l.leaf_hash, "log_leaves")?,
            entry_id: e.id,
            kind: e.kind,
            agency_id: e.agency_id,
            case_id: e.case_id,
            record_id: e.record_id,
            canonical: e.canonical,
        });
    }
    Ok((size, out))
}

/// What `c2sp.org/tlog-proof@v1` needs for one record: its index, the inclusion proof in the
/// latest signed tree, that checkpoint, and the entry's canonical bytes as logged.
#[derive(Debug, Clone)]
pub struct RecordProof {
    pub record_id: Uuid,
    pub agency_id: Uuid,
    pub index: u64,
    pub leaf_hash: Hash,
    pub path: Vec<Hash>,
    pub checkpoint: StoredCheckpoint,
    pub canonical: String,
}

/// The proof of a record of one of `agencies` (others are "not found"); [`LogError::NotIntegrated`]
/// until the integrator has covered it.
pub async fn record_proof(
    db: &Db,
    agencies: &[Uuid],
    record_id: Uuid,
) -> Result<RecordProof, LogError> {
    let entry = log_entry::Entity::find()
        .filter(log_entry::Column::RecordId.eq(record_id))
        .filter(log_entry::Column::AgencyId.is_in(agencies.to_vec()))
        .one(&db.conn())
        .await?;
    let Some(entry) = entry else {
        // A record without an entry yet (written before this log existed, not yet backfilled)
        // is "not integrated"; an unknown or foreign record is "not found".
        let visible = crate::entity::case_record::Entity::find_by_id(record_id)
            .filter(crate::entity::case_record::Column::AgencyId.is_in(agencies.to_vec()))
            .one(&db.conn())
            .await?
            .is_some();
        return Err(if visible {
            LogError::NotIntegrated
        } else {
            LogError::Store(StoreError::NotFound)
        });
    };
    let leaf = log_leaf::Entity::find()
        .filter(log_leaf::Column::EntryId.eq(entry.id))
        .one(&db.conn())
        .await?
        .ok_or(LogError::NotIntegrated)?;
    let checkpoint = latest_checkpoint(db)
        .await?
        .ok_or(LogError::NotIntegrated)?;
    let index = to_u64(leaf.idx);
    if index >= checkpoint.size {
        return Err(LogError::NotIntegrated);
    }
    let size = checkpoint.size;
    let src = nodes::fetch_for(&db.conn(), |r| {
        let _ = inclusion_proof(index, size, r);
    })
    .await?;
    let path = inclusion_proof(index, size, &src).map_err(node_err)?;
    Ok(RecordProof {
        record_id,
        agency_id: entry.agency_id,
        index,
        leaf_hash: stored_hash(&leaf.leaf_hash, "log_leaves")?,
        path,
        checkpoint,
        canonical: entry.canonical,
    })
}
