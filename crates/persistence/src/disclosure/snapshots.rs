//! Which blobs make each day's public snapshot, shared by every API node: the first node to
//! finish a day's snapshot records it, and every node serves that one.

use crate::entity::public_snapshot;
use crate::{Db, StoreError};
use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::EntityTrait;

pub use public_snapshot::Model as Snapshot;

/// The snapshot recorded for `day`, if any.
pub async fn of_day(db: &Db, day: NaiveDate) -> Result<Option<Snapshot>, StoreError> {
    Ok(public_snapshot::Entity::find_by_id(day)
        .one(&db.conn())
        .await?)
}

/// Records `s` as its day's snapshot unless another node did first; returns the day's snapshot
/// (`s`, or the one recorded first).
pub async fn record(db: &Db, s: Snapshot) -> Result<Snapshot, StoreError> {
    let day = s.day;
    public_snapshot::Entity::insert(public_snapshot::ActiveModel::from(s))
        .on_conflict(
            OnConflict::column(public_snapshot::Column::Day)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&db.conn())
        .await?;
    of_day(db, day).await?.ok_or(StoreError::NotFound)
}
