//! The target pool (监管对象): one row per organisation or person under supervision.

use crate::entity::inspection_target;
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::inspection::{NewTarget, TargetKind};
use sea_orm::prelude::Json;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// A target as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTarget {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    pub kind: TargetKind,
    pub tier: String,
    pub address: String,
    pub tags: Vec<String>,
    pub last_inspected_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which targets to list: keyset pagination by id.
#[derive(Debug, Clone, Default)]
pub struct TargetFilter {
    pub tier: Option<String>,
    /// Part of the name or the credit code.
    pub q: Option<String>,
    pub after: Option<Uuid>,
    pub limit: u64,
}

pub(crate) fn kind_str(k: TargetKind) -> &'static str {
    match k {
        TargetKind::Organisation => "organisation",
        TargetKind::Person => "person",
    }
}

fn parse_kind(s: &str) -> Result<TargetKind, StoreError> {
    TargetKind::parse(s)
        .ok_or_else(|| StoreError::Db(DbErr::Custom(format!("stored target kind `{s}`"))))
}

pub(crate) fn to_target(m: inspection_target::Model) -> Result<StoredTarget, StoreError> {
    let tags = match &m.tags {
        Json::Array(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    Ok(StoredTarget {
        kind: parse_kind(&m.kind)?,
        id: m.id,
        agency_id: m.agency_id,
        name: m.name,
        credit_code: m.credit_code,
        tier: m.tier,
        address: m.address,
        tags,
        last_inspected_on: m.last_inspected_on,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn active(
    agency_id: Uuid,
    id: Uuid,
    t: NewTarget,
    now: DateTime<Utc>,
) -> inspection_target::ActiveModel {
    inspection_target::ActiveModel {
        id: Set(id),
        agency_id: Set(agency_id),
        name: Set(t.name),
        credit_code: Set(t.credit_code.map(String::from)),
        kind: Set(kind_str(t.kind).to_owned()),
        tier: Set(t.tier),
        address: Set(t.address),
        tags: Set(Json::Array(t.tags.into_iter().map(Json::String).collect())),
        last_inspected_on: Set(t.last_inspected_on),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Adds a target. A credit code already in the agency's pool is `Conflict("credit_code")`.
#[tracing::instrument(skip_all, fields(agency_id = %agency_id))]
pub async fn create_target(
    db: &Db,
    agency_id: Uuid,
    t: NewTarget,
    now: DateTime<Utc>,
) -> Result<StoredTarget, StoreError> {
    let m = active(agency_id, Uuid::new_v4(), t, now)
        .insert(&db.conn())
        .await
        .map_err(|e| StoreError::unique(e, "credit_code"))?;
    to_target(m)
}

/// Replaces a target's fields (its id stays). Another agency's target is `NotFound`.
#[tracing::instrument(skip_all, fields(target_id = %id))]
pub async fn update_target(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    t: NewTarget,
    now: DateTime<Utc>,
) -> Result<StoredTarget, StoreError> {
    let old = get_target(db, agency_id, id).await?;
    let mut am = active(agency_id, id, t, now);
    am.created_at = Set(old.created_at);
    let m = am
        .update(&db.conn())
        .await
        .map_err(|e| StoreError::unique(e, "credit_code"))?;
    to_target(m)
}

/// One target of the agency.
pub async fn get_target(db: &Db, agency_id: Uuid, id: Uuid) -> Result<StoredTarget, StoreError> {
    let m = inspection_target::Entity::find_by_id(id)
        .filter(inspection_target::Column::AgencyId.eq(agency_id))
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    to_target(m)
}

/// Targets of the agency in id order, after `filter.after`.
pub async fn list_targets(
    db: &Db,
    agency_id: Uuid,
    filter: &TargetFilter,
) -> Result<Vec<StoredTarget>, StoreError> {
    let mut q = inspection_target::Entity::find()
        .filter(inspection_target::Column::AgencyId.eq(agency_id))
        .order_by_asc(inspection_target::Column::Id)
        .limit(filter.limit.clamp(1, 1000));
    if let Some(t) = &filter.tier {
        q = q.filter(inspection_target::Column::Tier.eq(t.clone()));
    }
    if let Some(s) = filter.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        q = q.filter(
            sea_orm::Condition::any()
                .add(inspection_target::Column::Name.contains(s))
                .add(inspection_target::Column::CreditCode.contains(s.to_uppercase())),
        );
    }
    if let Some(a) = filter.after {
        q = q.filter(inspection_target::Column::Id.gt(a));
    }
    q.all(&db.conn())
        .await?
        .into_iter()
        .map(to_target)
        .collect()
}

/// Credit codes already in the agency's pool (for the import's duplicate check).
pub async fn existing_codes(db: &Db, agency_id: Uuid) -> Result<HashSet<String>, StoreError> {
    let codes: Vec<Option<String>> = inspection_target::Entity::find()
        .select_only()
        .column(inspection_target::Column::CreditCode)
        .filter(inspection_target::Column::AgencyId.eq(agency_id))
        .into_tuple()
        .all(&db.conn())
        .await?;
    Ok(codes.into_iter().flatten().collect())
}

/// Adds many checked targets in one transaction (all or none); returns how many.
#[tracing::instrument(skip_all, fields(agency_id = %agency_id, rows = rows.len()))]
pub async fn import_targets(
    db: &Db,
    agency_id: Uuid,
    rows: Vec<NewTarget>,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let n = rows.len() as u64;
    if rows.is_empty() {
        return Ok(0);
    }
    let tx = db.begin_write().await?;
    let mut batch = Vec::with_capacity(500);
    for t in rows {
        batch.push(active(agency_id, Uuid::new_v4(), t, now));
        if batch.len() == 500 {
            inspection_target::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(&tx)
                .await
                .map_err(|e| StoreError::unique(e, "credit_code"))?;
        }
    }
    if !batch.is_empty() {
        inspection_target::Entity::insert_many(batch)
            .exec_without_returning(&tx)
            .await
            .map_err(|e| StoreError::unique(e, "credit_code"))?;
    }
    tx.commit().await?;
    Ok(n)
}

/// Targets per credit tier in the agency's pool.
pub async fn tier_counts(db: &Db, agency_id: Uuid) -> Result<BTreeMap<String, i64>, StoreError> {
    let rows: Vec<(String, i64)> = inspection_target::Entity::find()
        .select_only()
        .column(inspection_target::Column::Tier)
        .column_as(Expr::col(inspection_target::Column::Id).count(), "n")
        .filter(inspection_target::Column::AgencyId.eq(agency_id))
        .group_by(inspection_target::Column::Tier)
        .into_tuple()
        .all(&db.conn())
        .await?;
    Ok(rows.into_iter().collect())
}
