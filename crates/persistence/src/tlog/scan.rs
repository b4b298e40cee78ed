//! Reading the whole log back, page by page, for `sanxiang verify`: each leaf with its entry as
//! logged and the canonical bytes recomputed from the record row as it is now.

use super::entry::record_canonical;
use super::{to_i64, to_u64, LogError};
use crate::entity::{case_record, log_entry, log_leaf, record_attachment};
use crate::Db;
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect};
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

/// Leaves `start..start + limit` in index order (fewer at the end of the log): one query for the
/// leaves with their entries (a join over an index range), then the records they name.
pub async fn scan_log(db: &Db, start: u64, limit: u64) -> Result<Vec<ScannedLeaf>, LogError> {
    type Row = (
        i64,
        Uuid,
        String,
        Option<String>,
        Option<String>,
        Option<Uuid>,
    );
    let end = start.saturating_add(limit);
    let rows: Vec<Row> = log_leaf::Entity::find()
        .select_only()
        .column(log_leaf::Column::Idx)
        .column(log_leaf::Column::EntryId)
        .column(log_leaf::Column::LeafHash)
        .column_as(log_entry::Column::LeafHash, "entry_leaf_hash")
        .column(log_entry::Column::Canonical)
        .column(log_entry::Column::RecordId)
        .join(
            JoinType::LeftJoin,
            log_leaf::Entity::belongs_to(log_entry::Entity)
                .from(log_leaf::Column::EntryId)
                .to(log_entry::Column::Id)
                .into(),
        )
        .filter(log_leaf::Column::Idx.gte(to_i64(start)))
        .filter(log_leaf::Column::Idx.lt(to_i64(end)))
        .order_by_asc(log_leaf::Column::Idx)
        .into_tuple()
        .all(&db.conn())
        .await?;
    let record_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.5).collect();
    let mut records: HashMap<Uuid, case_record::Model> = HashMap::new();
    let mut atts: HashMap<Uuid, Vec<record_attachment::Model>> = HashMap::new();
    for chunk in record_ids.chunks(1000) {
        for r in case_record::Entity::find()
            .filter(case_record::Column::Id.is_in(chunk.to_vec()))
            .all(&db.conn())
            .await?
        {
            records.insert(r.id, r);
        }
        for a in record_attachment::Entity::find()
            .filter(record_attachment::Column::RecordId.is_in(chunk.to_vec()))
            .all(&db.conn())
            .await?
        {
            atts.entry(a.record_id).or_default().push(a);
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for (idx, entry_id, leaf_hash, entry_leaf_hash, canonical, record_id) in rows {
        let record = match record_id {
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
            index: to_u64(idx),
            entry_id,
            leaf_hash,
            entry_leaf_hash,
            canonical,
            record,
        });
    }
    Ok(out)
}
