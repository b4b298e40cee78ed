//! The integrator's transaction: give pending entries consecutive leaf indexes and sign a
//! checkpoint of the grown tree, after checking that the stored tree still reproduces the
//! previous checkpoint and that the new tree extends it.

use super::entry::log_record;
use super::proofs::{latest_in, LeafSnapshot};
use super::{hex, stored_hash, to_i64, LogError};
use crate::entity::{
    case_record, log_checkpoint, log_entry, log_leaf, log_pending, record_attachment,
};
use crate::Db;
use chrono::{DateTime, Utc};
use sanxiang_domain::tlog::{
    consistency_proof, leaf_hash, root_at, root_from_leaves, verify_consistency, Checkpoint,
    SignerKey,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The PostgreSQL advisory lock key of the integrator ("sanxiang" in ASCII).
const LOCK_KEY: i64 = 0x7361_6e78_6961_6e67;

/// What one integration round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Integrated {
    /// Entries given a leaf index.
    pub integrated: u64,
    /// The signed tree size afterwards.
    pub size: u64,
    /// Whether a checkpoint was signed.
    pub signed: bool,
    /// Another node holds the integrator lock (PostgreSQL): nothing was done.
    pub busy: bool,
}

/// One integration round: takes up to `batch` pending entries in `(created_at, id)` order,
/// appends them as leaves and signs a checkpoint of the new tree with `signer` (whose name is
/// the log's origin). Signs the empty tree once when there is no checkpoint yet.
///
/// Refuses ([`LogError::Integrity`], nothing written) when the stored leaves do not reproduce
/// the previous signed checkpoint, when an entry's leaf hash does not match its canonical
/// bytes, or when the new root does not extend the previous one: a checkpoint is never
/// signed for a tree the server cannot reproduce, and never two inconsistent ones.
#[tracing::instrument(skip_all)]
pub async fn integrate(
    db: &Db,
    signer: &SignerKey,
    batch: u64,
    now: DateTime<Utc>,
) -> Result<Integrated, LogError> {
    let pending = log_pending::Entity::find().one(&db.conn).await?.is_some();
    let latest = latest_in(&db.conn).await?;
    if !pending {
        if let Some(cp) = &latest {
            return Ok(Integrated {
                size: cp.size,
                ..Integrated::default()
            });
        }
    }
    let tx = db.conn.begin().await?;
    match tx.get_database_backend() {
        DatabaseBackend::Postgres => {
            let row = tx
                .query_one(Statement::from_string(
                    DatabaseBackend::Postgres,
                    format!("SELECT pg_try_advisory_xact_lock({LOCK_KEY}) AS locked"),
                ))
                .await?;
            let locked = match row {
                Some(r) => r.try_get::<bool>("", "locked")?,
                None => false,
            };
            if !locked {
                tx.rollback().await?;
                return Ok(Integrated {
                    busy: true,
                    ..Integrated::default()
                });
            }
        }
        _ => {
            // SQLite: take the write lock first, so that the reads below cannot go stale.
            tx.execute_unprepared("DELETE FROM log_pending WHERE 1 = 0")
                .await?;
        }
    }
    let origin = signer.name().to_owned();
    let verifier = signer.verifier();
    let previous = match latest_in(&tx).await? {
        Some(stored) => {
            let (cp, _) = Checkpoint::open(&stored.note, &origin, std::slice::from_ref(&verifier))
                .map_err(|e| {
                    LogError::Integrity(format!("stored checkpoint {}: {e}", stored.size))
                })?;
            if cp.size != stored.size || cp.root != stored.root {
                return Err(LogError::Integrity(format!(
                    "stored checkpoint {}: the columns differ from the signed note",
                    stored.size
                )));
            }
            Some(cp)
        }
        None => None,
    };
    let mut snap = LeafSnapshot::load(&tx, u64::MAX).await?;
    if let Some(prev) = &previous {
        if snap.len() < prev.size {
            return Err(LogError::Integrity(format!(
                "the log has {} leaves, fewer than signed checkpoint {}",
                snap.len(),
                prev.size
            )));
        }
        let root = root_at(prev.size, &snap)
            .map_err(|e| LogError::Integrity(format!("recomputing checkpoint: {e}")))?;
        if root != prev.root {
            return Err(LogError::Integrity(format!(
                "the stored leaves no longer reproduce signed checkpoint {}",
                prev.size
            )));
        }
        if snap.len() > prev.size {
            return Err(LogError::Integrity(format!(
                "the log has {} leaves, more than the latest signed checkpoint {}",
                snap.len(),
                prev.size
            )));
        }
    }
    let queue = log_pending::Entity::find()
        .order_by_asc(log_pending::Column::CreatedAt)
        .order_by_asc(log_pending::Column::EntryId)
        .limit(batch.max(1))
        .all(&tx)
        .await?;
    let ids: Vec<Uuid> = queue.iter().map(|p| p.entry_id).collect();
    let mut entries: HashMap<Uuid, log_entry::Model> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for e in log_entry::Entity::find()
            .filter(log_entry::Column::Id.is_in(chunk.to_vec()))
            .all(&tx)
            .await?
        {
            entries.insert(e.id, e);
        }
    }
    let first = snap.len();
    let mut new_leaves = Vec::with_capacity(ids.len());
    for id in &ids {
        let e = entries
            .get(id)
            .ok_or_else(|| LogError::Integrity(format!("pending entry {id} does not exist")))?;
        let stated = stored_hash(&e.leaf_hash, "log_entries")?;
        if leaf_hash(e.canonical.as_bytes()) != stated {
            return Err(LogError::Integrity(format!(
                "entry {id}: the leaf hash does not match its canonical bytes"
            )));
        }
        new_leaves.push(log_leaf::ActiveModel {
            idx: Set(to_i64(snap.len())),
            entry_id: Set(*id),
            leaf_hash: Set(e.leaf_hash.clone()),
        });
        snap.push(stated);
    }
    let size = snap.len();
    if previous.as_ref().is_some_and(|p| p.size == size) {
        tx.rollback().await?;
        return Ok(Integrated {
            size,
            ..Integrated::default()
        });
    }
    let root = root_from_leaves(snap.as_slice());
    if let Some(prev) = previous.as_ref().filter(|p| p.size > 0) {
        let proof = consistency_proof(prev.size, size, &snap)
            .map_err(|e| LogError::Integrity(format!("consistency proof: {e}")))?;
        verify_consistency(prev.size, size, &prev.root, &root, &proof).map_err(|e| {
            LogError::Integrity(format!(
                "tree {size} does not extend signed checkpoint {}: {e}",
                prev.size
            ))
        })?;
    }
    for chunk in new_leaves.chunks(1000) {
        log_leaf::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&tx)
            .await?;
    }
    for chunk in ids.chunks(1000) {
        log_pending::Entity::delete_many()
            .filter(log_pending::Column::EntryId.is_in(chunk.to_vec()))
            .exec(&tx)
            .await?;
    }
    let note = Checkpoint::new(origin, size, root)
        .sign(&[signer])
        .map_err(|e| LogError::Integrity(format!("signing: {e}")))?;
    log_checkpoint::ActiveModel {
        size: Set(to_i64(size)),
        root: Set(hex(&root)),
        note: Set(note),
        created_at: Set(now),
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(Integrated {
        integrated: size - first,
        size,
        signed: true,
        busy: false,
    })
}

/// Writes the missing log entries of records stored before the log existed (once, at start).
/// Returns how many were written.
pub async fn backfill_unlogged_records(db: &Db) -> Result<u64, LogError> {
    let logged = Query::select()
        .column(log_entry::Column::RecordId)
        .from(log_entry::Entity)
        .and_where(log_entry::Column::RecordId.is_not_null())
        .to_owned();
    let rows = case_record::Entity::find()
        .filter(case_record::Column::Id.not_in_subquery(logged))
        .order_by_asc(case_record::Column::RecordedAt)
        .order_by_asc(case_record::Column::CaseId)
        .order_by_asc(case_record::Column::Seq)
        .all(&db.conn)
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let tx = db.conn.begin().await?;
    for r in &rows {
        let atts = record_attachment::Entity::find()
            .filter(record_attachment::Column::RecordId.eq(r.id))
            .all(&tx)
            .await?;
        log_record(&tx, r, &atts, r.recorded_at).await?;
    }
    tx.commit().await?;
    Ok(rows.len() as u64)
}
