//! The integrator's transaction: give pending entries consecutive leaf indexes, store the node
//! hashes they complete, and sign a checkpoint of the grown tree, after checking that the stored
//! tree (its frontier) still reproduces the previous checkpoint and that the new tree extends it.
//! Its cost is O(batch + log n): older leaves are never reread.

use super::entry::log_record;
use super::nodes;
use super::proofs::latest_in;
use super::{hex, stored_hash, to_i64, to_u64, LogError};
use crate::entity::{
    case_record, log_checkpoint, log_entry, log_leaf, log_pending, record_attachment,
};
use crate::Db;
use chrono::{DateTime, Utc};
use sanxiang_domain::tlog::{
    consistency_proof, leaf_hash, verify_consistency, Checkpoint, Hash, HashSource, SignerKey,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
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
/// Refuses ([`LogError::Integrity`], nothing written) when the stored leaf count differs from
/// the previous signed size, when the stored frontier nodes do not reproduce its root, when an
/// entry's leaf hash does not match its canonical bytes, or when the new root does not extend
/// the previous one: a checkpoint is never signed for a tree the server cannot reproduce, and
/// never two inconsistent ones.
#[tracing::instrument(skip_all)]
pub async fn integrate(
    db: &Db,
    signer: &SignerKey,
    batch: u64,
    now: DateTime<Utc>,
) -> Result<Integrated, LogError> {
    // Through the queue's index: a plain scan would wade through the dead rows of the entries
    // just integrated (PostgreSQL) until they are vacuumed.
    let pending = log_pending::Entity::find()
        .order_by_asc(log_pending::Column::CreatedAt)
        .order_by_asc(log_pending::Column::EntryId)
        .one(&db.conn())
        .await?
        .is_some();
    let latest = latest_in(&db.conn()).await?;
    if !pending {
        if let Some(cp) = &latest {
            return Ok(Integrated {
                size: cp.size,
                ..Integrated::default()
            });
        }
    }
    let tx = db.begin_write().await?;
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
    let first = previous.as_ref().map_or(0, |p| p.size);
    // The stored leaves end exactly at the signed size.
    let max_idx: Option<i64> = log_leaf::Entity::find()
        .select_only()
        .column(log_leaf::Column::Idx)
        .order_by_desc(log_leaf::Column::Idx)
        .limit(1)
        .into_tuple()
        .one(&tx)
        .await?;
    let stored = max_idx.map_or(0, |m| to_u64(m) + 1);
    if stored != first {
        return Err(LogError::Integrity(format!(
            "the log has {stored} leaves, but the latest signed checkpoint has {first}"
        )));
    }
    // Nodes of a log integrated before they were stored (once).
    let backfilled = nodes::backfill(&tx, first).await?;
    if backfilled > 0 {
        tracing::info!(nodes = backfilled, "stored the log's missing node hashes");
    }
    // The stored frontier must reproduce the signed root.
    let coords = nodes::frontier_coords(first);
    let stored_nodes = nodes::fetch(&tx, &coords.iter().copied().collect()).await?;
    let frontier: Vec<Hash> = coords
        .iter()
        .map(|&(l, i)| stored_nodes.complete_subtree(l, i))
        .collect::<Result<_, _>>()
        .map_err(nodes::missing)?;
    if let Some(prev) = &previous {
        if nodes::root_of_frontier(&frontier) != prev.root {
            return Err(LogError::Integrity(format!(
                "the stored tree no longer reproduces signed checkpoint {}",
                prev.size
            )));
        }
    }
    let queue: Vec<(Uuid, Option<String>, Option<String>)> = log_pending::Entity::find()
        .select_only()
        .column(log_pending::Column::EntryId)
        .column(log_entry::Column::Canonical)
        .column(log_entry::Column::LeafHash)
        .join(
            JoinType::LeftJoin,
            log_pending::Entity::belongs_to(log_entry::Entity)
                .from(log_pending::Column::EntryId)
                .to(log_entry::Column::Id)
                .into(),
        )
        .order_by_asc(log_pending::Column::CreatedAt)
        .order_by_asc(log_pending::Column::EntryId)
        .limit(batch.max(1))
        .into_tuple()
        .all(&tx)
        .await?;
    let mut ids = Vec::with_capacity(queue.len());
    let mut new_leaves = Vec::with_capacity(queue.len());
    let mut hashes = Vec::with_capacity(queue.len());
    for (id, canonical, stated_hex) in queue {
        let (Some(canonical), Some(stated_hex)) = (canonical, stated_hex) else {
            return Err(LogError::Integrity(format!(
                "pending entry {id} does not exist"
            )));
        };
        let stated = stored_hash(&stated_hex, "log_entries")?;
        if leaf_hash(canonical.as_bytes()) != stated {
            return Err(LogError::Integrity(format!(
                "entry {id}: the leaf hash does not match its canonical bytes"
            )));
        }
        new_leaves.push(log_leaf::ActiveModel {
            idx: Set(to_i64(first + hashes.len() as u64)),
            entry_id: Set(id),
            leaf_hash: Set(stated_hex),
        });
        ids.push(id);
        hashes.push(stated);
    }
    let size = first + hashes.len() as u64;
    if previous.is_some() && hashes.is_empty() {
        tx.rollback().await?;
        return Ok(Integrated {
            size,
            ..Integrated::default()
        });
    }
    let (made, new_frontier) = nodes::append(first, &frontier, &hashes)
        .ok_or_else(|| LogError::Integrity("appending to the stored frontier".into()))?;
    let root = nodes::root_of_frontier(&new_frontier);
    if let Some(prev) = previous.as_ref().filter(|p| p.size > 0) {
        // Prove old → new from the old frontier, the new leaves and the new nodes alone.
        let mut src = stored_nodes;
        src.0.extend(made.iter().copied());
        for (k, h) in hashes.iter().enumerate() {
            src.0.insert((0, first + k as u64), *h);
        }
        let proof = consistency_proof(prev.size, size, &src)
            .map_err(|e| LogError::Integrity(format!("consistency proof: {e}")))?;
        verify_consistency(prev.size, size, &prev.root, &root, &proof).map_err(|e| {
            LogError::Integrity(format!(
                "tree {size} does not extend signed checkpoint {}: {e}",
                prev.size
            ))
        })?;
    }
    for chunk in new_leaves.chunks(2000) {
        log_leaf::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&tx)
            .await?;
    }
    nodes::insert_nodes(&tx, &made).await?;
    for chunk in ids.chunks(2000) {
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

/// Stores the node hashes of a log integrated before `log_nodes` existed (once, at start; the
/// integrator's rounds also do it when they find nodes missing). Waits for the integrator lock.
/// Returns how many nodes were written.
pub async fn backfill_nodes(db: &Db) -> Result<u64, LogError> {
    let tx = db.begin_write().await?;
    match tx.get_database_backend() {
        DatabaseBackend::Postgres => {
            tx.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({LOCK_KEY})"))
                .await?;
        }
        _ => {
            tx.execute_unprepared("DELETE FROM log_pending WHERE 1 = 0")
                .await?;
        }
    }
    let size = latest_in(&tx).await?.map_or(0, |c| c.size);
    let n = nodes::backfill(&tx, size).await?;
    tx.commit().await?;
    Ok(n)
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
        .all(&db.conn())
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let tx = db.begin_write().await?;
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
