//! Discretion standards (行政处罚裁量基准): versions per agency and violation type, stored like the
//! catalogue of major decisions (a new version closes the current one in the same transaction).

use crate::entity::discretion_standard as ds;
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::review::DiscretionStandard;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

/// A discretion-standard version as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredStandard {
    pub id: Uuid,
    pub standard: DiscretionStandard,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

fn json_err(what: &str, e: serde_json::Error) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("stored {what}: {e}")))
}

fn to_stored(m: ds::Model) -> Result<StoredStandard, StoreError> {
    Ok(StoredStandard {
        id: m.id,
        standard: DiscretionStandard {
            agency_id: m.agency_id,
            code: m.code,
            violation_type: m.violation_type,
            version: u32::try_from(m.version).unwrap_or(0),
            effective_from: m.effective_from,
            effective_until: m.effective_until,
            legal_basis: serde_json::from_value(m.legal_basis)
                .map_err(|e| json_err("legal basis", e))?,
            text: m.text,
            ranges: serde_json::from_value(m.ranges).map_err(|e| json_err("ranges", e))?,
        },
        created_by: m.created_by,
        created_at: m.created_at,
    })
}

fn all(models: Vec<ds::Model>) -> Result<Vec<StoredStandard>, StoreError> {
    models.into_iter().map(to_stored).collect()
}

/// Every version of one standard of the agency, oldest first.
#[tracing::instrument(skip_all, fields(%agency_id, code))]
pub async fn standard_versions(
    db: &Db,
    agency_id: Uuid,
    code: &str,
) -> Result<Vec<StoredStandard>, StoreError> {
    all(ds::Entity::find()
        .filter(ds::Column::AgencyId.eq(agency_id))
        .filter(ds::Column::Code.eq(code))
        .order_by_asc(ds::Column::Version)
        .all(&db.conn())
        .await?)
}

/// Every version of every standard of the agency, by code then version.
#[tracing::instrument(skip_all, fields(%agency_id))]
pub async fn all_versions(db: &Db, agency_id: Uuid) -> Result<Vec<StoredStandard>, StoreError> {
    all(ds::Entity::find()
        .filter(ds::Column::AgencyId.eq(agency_id))
        .order_by_asc(ds::Column::Code)
        .order_by_asc(ds::Column::Version)
        .all(&db.conn())
        .await?)
}

/// The versions in force on `day`, of one agency or of all, by agency and code (the public list).
#[tracing::instrument(skip_all)]
pub async fn in_force(
    db: &Db,
    agency_id: Option<Uuid>,
    day: NaiveDate,
) -> Result<Vec<StoredStandard>, StoreError> {
    let mut q = ds::Entity::find()
        .filter(ds::Column::EffectiveFrom.lte(day))
        .filter(
            Condition::any()
                .add(ds::Column::EffectiveUntil.is_null())
                .add(ds::Column::EffectiveUntil.gte(day)),
        );
    if let Some(a) = agency_id {
        q = q.filter(ds::Column::AgencyId.eq(a));
    }
    all(q
        .order_by_asc(ds::Column::AgencyId)
        .order_by_asc(ds::Column::Code)
        .all(&db.conn())
        .await?)
}

/// Stores a version published by the domain (`DiscretionHistory::publish`), closing the previous
/// one on `closed = (version, until)`, in one transaction. A concurrent publication of the same
/// number is `Conflict("discretion_version")`.
#[tracing::instrument(skip_all, fields(code = %next.code, version = next.version))]
pub async fn insert_version(
    db: &Db,
    next: &DiscretionStandard,
    closed: Option<(u32, Option<NaiveDate>)>,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredStandard, StoreError> {
    let to_json = |v: serde_json::Result<serde_json::Value>| {
        v.map_err(|e| StoreError::Db(DbErr::Custom(format!("serialise: {e}"))))
    };
    let i32_of = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    let tx = db.begin_write().await?;
    if let Some((version, until)) = closed {
        let res = ds::Entity::update_many()
            .col_expr(ds::Column::EffectiveUntil, Expr::value(until))
            .filter(ds::Column::AgencyId.eq(next.agency_id))
            .filter(ds::Column::Code.eq(next.code.as_str()))
            .filter(ds::Column::Version.eq(i32_of(version)))
            .filter(ds::Column::EffectiveUntil.is_null())
            .exec(&tx)
            .await?;
        if res.rows_affected != 1 {
            return Err(StoreError::Conflict("discretion_version"));
        }
    }
    let m = ds::ActiveModel {
        id: Set(Uuid::new_v4()),
        agency_id: Set(next.agency_id),
        code: Set(next.code.clone()),
        version: Set(i32_of(next.version)),
        violation_type: Set(next.violation_type.clone()),
        effective_from: Set(next.effective_from),
        effective_until: Set(next.effective_until),
        legal_basis: Set(to_json(serde_json::to_value(&next.legal_basis))?),
        text: Set(next.text.clone()),
        ranges: Set(to_json(serde_json::to_value(&next.ranges))?),
        created_by: Set(Some(created_by)),
        created_at: Set(now),
    }
    .insert(&tx)
    .await
    .map_err(|e| StoreError::unique(e, "discretion_version"))?;
    tx.commit().await?;
    to_stored(m)
}
