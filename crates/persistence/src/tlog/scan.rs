//! Reading the whole log back, page by page, for `sanxiang verify`: each leaf with its entry as
//! logged and the canonical bytes recomputed from the record row as it is now.

use super::entry::record_canonical;
use super::{to_i64, to_u64, LogError};
use crate::entity::{case_record, log_entry, log_leaf, record_attachment};
use crate::Db;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The record behind an entry, re-encoded from its row now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannedRecord {
    /// The entry is not about a record.
    NotARecord,
    /// The entry names a record that is no longer in `case_records`.
    Missing(Uuid),
    /// The record's canonical bytes, computed from its row and attachments now.
    Canonical(Uuid, Vec<u8>),
}

/// One leaf of the log, with everything needed to check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedLeaf {
    pub index: u64,
    pub entry_id: Uuid,
    /// `log_leaves.leaf_hash` (hex).
    pub leaf_hash: String,
    /// `log_entries.leaf_hash` (hex); None if the entry row is gone.
    pub entry_leaf_hash: Option<String>,
    /// `log_entries.canonical`; None if the entry row is gone.
    pub canonical: Option<String>,
    pub record: ScannedRecord,
}

/// Leaves `start..start + limit` in index order (fewer at the end of the log).
pub async fn scan_log(db: &Db, start: u64, limit: u64) -> Result<Vec<ScannedLeaf>, LogError> {
    let leaves = log_leaf::Entity::find()
        .filter(log_leaf::Column::Idx.gte(to_i64(start)))
        .order_by_asc(log_leaf::Column::Idx)
        .limit(limit)
        .all(&db.conn)
        .await?;
    let entry_ids: Vec<Uuid> = leaves.iter().map(|l| l.entry_id).collect();
    let mut entries: HashMap<Uuid, log_entry::Model> = HashMap::new();
    for chunk in entry_ids.chunks(500) {
        for e in log_entry::Entity::find()
            .filter(log_entry::Column::Id.is_in(chunk.to_vec()))
            .all(&db.conn)
            .await?
        {
            entries.insert(e.id, e);
        }
    }
    let record_ids: Vec<Uuid> = entries.values().filter_map(|e| e.record_id).collect();
    let mut records: HashMap<Uuid, case_record::Model> = HashMap::new();
    let mut atts: HashMap<Uuid, Vec<record_attachment::Model>> = HashMap::new();
    for chunk in record_ids.chunks(500) {
        for r in case_record::Entity::find()
            .filter(case_record::Column::Id.is_in(chunk.to_vec()))
            .all(&db.conn)
            .await?
        {
            records.insert(r.id, r);
        }
        for a in record_attachment::Entity::find()
            .filter(record_attachment::Column::RecordId.is_in(chunk.to_vec()))
            .all(&db.conn)
            .await?
        {
            atts.entry(a.record_id).or_default().push(a);
        }
    }
    let mut out = Vec::with_capacity(leaves.len());
    for l in leaves {
        let entry = entries.remove(&l.entry_id);
        let record = match entry.as_ref().and_then(|e| e.record_id) {
            None => ScannedRecord::NotARecord,
            Some(rid) => match records.get(&rid) {
                None => ScannedRecord::Missing(rid),
                Some(r) => ScannedRecord::Canonical(
                    rid,
                    record_canonical(r, atts.get(&rid).map_or(&[][..], Vec::as_slice))?,
                ),
            },
        };
        out.push(ScannedLeaf {
            index: to_u64(l.idx),
            entry_id: l.entry_id,
            leaf_hash: l.leaf_hash,
            entry_leaf_hash: entry.as_ref().map(|e| e.leaf_hash.clone()),
            canonical: entry.map(|e| e.canonical),
            record,
        });
    }
    Ok(out)
}
