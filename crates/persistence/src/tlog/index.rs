//! Where records sit in the log: their leaf index once integrated.

use crate::entity::{log_entry, log_leaf};
use crate::{Db, StoreError};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The leaf index of each record that has been integrated (records not yet integrated are absent).
pub async fn leaf_indexes(db: &Db, record_ids: &[Uuid]) -> Result<HashMap<Uuid, u64>, StoreError> {
    let mut out = HashMap::new();
    if record_ids.is_empty() {
        return Ok(out);
    }
    let entries: Vec<(Uuid, Option<Uuid>)> = log_entry::Entity::find()
        .select_only()
        .column(log_entry::Column::Id)
        .column(log_entry::Column::RecordId)
        .filter(log_entry::Column::RecordId.is_in(record_ids.to_vec()))
        .into_tuple()
        .all(&db.conn())
        .await?;
    let by_entry: HashMap<Uuid, Uuid> = entries
        .into_iter()
        .filter_map(|(e, r)| r.map(|r| (e, r)))
        .collect();
    if by_entry.is_empty() {
        return Ok(out);
    }
    for leaf in log_leaf::Entity::find()
        .filter(log_leaf::Column::EntryId.is_in(by_entry.keys().copied().collect::<Vec<_>>()))
        .all(&db.conn())
        .await?
    {
        if let (Some(rec), Ok(idx)) = (by_entry.get(&leaf.entry_id), u64::try_from(leaf.idx)) {
            out.insert(*rec, idx);
        }
    }
    Ok(out)
}

/// [`leaf_indexes`] of every record of one case, in one indexed join (the timeline's case: no
/// list of a thousand ids sent to the database).
pub async fn case_leaf_indexes(db: &Db, case_id: Uuid) -> Result<HashMap<Uuid, u64>, StoreError> {
    let q = Query::select()
        .column((log_entry::Entity, log_entry::Column::RecordId))
        .column((log_leaf::Entity, log_leaf::Column::Idx))
        .from(log_entry::Entity)
        .inner_join(
            log_leaf::Entity,
            Expr::col((log_leaf::Entity, log_leaf::Column::EntryId))
                .equals((log_entry::Entity, log_entry::Column::Id)),
        )
        .and_where(Expr::col((log_entry::Entity, log_entry::Column::CaseId)).eq(case_id))
        .to_owned();
    let backend = db.conn().get_database_backend();
    let mut out = HashMap::new();
    for row in db.conn().query_all(backend.build(&q)).await? {
        let rec: Option<Uuid> = row.try_get_by_index(0)?;
        let idx: i64 = row.try_get_by_index(1)?;
        if let (Some(rec), Ok(idx)) = (rec, u64::try_from(idx)) {
            out.insert(rec, idx);
        }
    }
    Ok(out)
}
