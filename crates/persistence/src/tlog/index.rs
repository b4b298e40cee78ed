//! Where records sit in the log: their leaf index once integrated.

use crate::entity::{log_entry, log_leaf};
use crate::{Db, StoreError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// The leaf index of each record that has been integrated (records not yet integrated are absent).
pub async fn leaf_indexes(db: &Db, record_ids: &[Uuid]) -> Result<HashMap<Uuid, u64>, StoreError> {
    let mut out = HashMap::new();
    if record_ids.is_empty() {
        return Ok(out);
    }
    let entries = log_entry::Entity::find()
        .filter(log_entry::Column::RecordId.is_in(record_ids.to_vec()))
        .all(&db.conn)
        .await?;
    let by_entry: HashMap<Uuid, Uuid> = entries
        .iter()
        .filter_map(|e| e.record_id.map(|r| (e.id, r)))
        .collect();
    if by_entry.is_empty() {
        return Ok(out);
    }
    for leaf in log_leaf::Entity::find()
        .filter(log_leaf::Column::EntryId.is_in(by_entry.keys().copied().collect::<Vec<_>>()))
        .all(&db.conn)
        .await?
    {
        if let (Some(rec), Ok(idx)) = (by_entry.get(&leaf.entry_id), u64::try_from(leaf.idx)) {
            out.insert(*rec, idx);
        }
    }
    Ok(out)
}
