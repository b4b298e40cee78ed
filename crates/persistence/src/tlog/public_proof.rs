//! What a portal needs to check the public change feed against the log without trusting the
//! server: for each feed change, its publication entry (the canonical bytes the leaf hashes) and
//! its leaf index (`log_publications` maps `seq` to the entry); for a publication entry, its
//! inclusion proof in a signed tree. Only publication entries are served here: the other entries
//! are internal case records, so for them the public proof is "not found".

use super::nodes;
use super::proofs::{node_err, StoredCheckpoint};
use super::publication::{logged_publications, KIND_PUBLICATION};
use super::{stored_hash, to_i64, to_u64, LogError};
use crate::entity::{log_checkpoint, log_entry, log_leaf, log_publication};
use crate::{Db, StoreError};
use sanxiang_domain::tlog::{inclusion_proof, Hash};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use std::collections::{HashMap, HashSet};

/// The log entry of one feed change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationLeaf {
    /// The entry's canonical bytes (RFC 8785 JSON), exactly as hashed.
    pub canonical: String,
    /// Its leaf index, once the integrator has covered it with a signed checkpoint.
    pub index: Option<u64>,
}

/// The log entries of the feed changes `seqs` (changes without one are absent from the map).
pub async fn publication_leaves(
    db: &Db,
    seqs: &[i64],
) -> Result<HashMap<i64, PublicationLeaf>, StoreError> {
    let mut out = HashMap::with_capacity(seqs.len());
    for chunk in seqs.chunks(500) {
        let rows: Vec<(i64, String, Option<i64>)> = log_publication::Entity::find()
            .select_only()
            .column(log_publication::Column::Seq)
            .column(log_entry::Column::Canonical)
            .column(log_leaf::Column::Idx)
            .join(
                JoinType::InnerJoin,
                log_publication::Entity::belongs_to(log_entry::Entity)
                    .from(log_publication::Column::EntryId)
                    .to(log_entry::Column::Id)
                    .into(),
            )
            .join(
                JoinType::LeftJoin,
                log_publication::Entity::belongs_to(log_leaf::Entity)
                    .from(log_publication::Column::EntryId)
                    .to(log_leaf::Column::EntryId)
                    .into(),
            )
            .filter(log_publication::Column::Seq.is_in(chunk.to_vec()))
            .into_tuple()
            .all(&db.conn())
            .await?;
        for (seq, canonical, idx) in rows {
            out.insert(
                seq,
                PublicationLeaf {
                    canonical,
                    index: idx.map(to_u64),
                },
            );
        }
    }
    Ok(out)
}

/// Writes the `log_publications` rows of publication entries logged before that table existed
/// (once, when a database is upgraded past its migration). Returns how many were written.
pub async fn backfill_publication_index(db: &Db) -> Result<u64, StoreError> {
    let logged = logged_publications(db).await?;
    let tx = db.conn().begin().await?;
    let known: HashSet<i64> = log_publication::Entity::find()
        .select_only()
        .column(log_publication::Column::Seq)
        .into_tuple::<i64>()
        .all(&tx)
        .await?
        .into_iter()
        .collect();
    let missing: Vec<log_publication::ActiveModel> = logged
        .iter()
        .filter(|p| !known.contains(&p.seq))
        .map(|p| log_publication::ActiveModel {
            seq: sea_orm::Set(p.seq),
            entry_id: sea_orm::Set(p.entry_id),
        })
        .collect();
    let n = missing.len() as u64;
    for chunk in missing.chunks(1000) {
        log_publication::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(n)
}

/// The inclusion proof of a publication entry.
#[derive(Debug, Clone)]
pub struct PublicationProof {
    pub index: u64,
    pub leaf_hash: Hash,
    /// The audit path, from the leaf's sibling up.
    pub path: Vec<Hash>,
    /// The entry's canonical bytes (RFC 8785 JSON), exactly as hashed.
    pub canonical: String,
    /// The signed checkpoint of the tree the path leads to.
    pub checkpoint: StoredCheckpoint,
}

/// The inclusion proof of leaf `index` — a publication entry, or "not found" — in the signed
/// tree of `tree_size` leaves (the size of a stored checkpoint; the latest when `None`).
pub async fn publication_proof(
    db: &Db,
    index: u64,
    tree_size: Option<u64>,
) -> Result<PublicationProof, LogError> {
    let checkpoint = match tree_size {
        Some(size) => log_checkpoint::Entity::find_by_id(to_i64(size))
            .one(&db.conn())
            .await?
            // No signed checkpoint of that size: nothing to prove inclusion in (404).
            .ok_or(LogError::Store(crate::StoreError::NotFound))?,
        None => log_checkpoint::Entity::find()
            .order_by_desc(log_checkpoint::Column::Size)
            .one(&db.conn())
            .await?
            .ok_or(LogError::NotIntegrated)?,
    };
    let checkpoint = StoredCheckpoint {
        size: to_u64(checkpoint.size),
        root: stored_hash(&checkpoint.root, "log_checkpoints")?,
        note: checkpoint.note,
        created_at: checkpoint.created_at,
    };
    let size = checkpoint.size;
    let row: Option<(String, String, String)> = log_leaf::Entity::find()
        .select_only()
        .column(log_leaf::Column::LeafHash)
        .column(log_entry::Column::Kind)
        .column(log_entry::Column::Canonical)
        .join(
            JoinType::InnerJoin,
            log_leaf::Entity::belongs_to(log_entry::Entity)
                .from(log_leaf::Column::EntryId)
                .to(log_entry::Column::Id)
                .into(),
        )
        .filter(log_leaf::Column::Idx.eq(to_i64(index)))
        .into_tuple()
        .one(&db.conn())
        .await?;
    let Some((leaf_hash, kind, canonical)) = row else {
        return Err(LogError::Store(StoreError::NotFound));
    };
    if kind != KIND_PUBLICATION {
        return Err(LogError::Store(StoreError::NotFound));
    }
    if index >= size {
        return Err(LogError::BadRange {
            field: "index",
            message: format!("must be below tree_size {size}"),
        });
    }
    let src = nodes::fetch_for(&db.conn(), |r| {
        let _ = inclusion_proof(index, size, r);
    })
    .await?;
    let path = inclusion_proof(index, size, &src).map_err(node_err)?;
    Ok(PublicationProof {
        index,
        leaf_hash: stored_hash(&leaf_hash, "log_leaves")?,
        path,
        canonical,
        checkpoint,
    })
}
