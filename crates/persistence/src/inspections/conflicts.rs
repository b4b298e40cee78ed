//! Declared conflicts of interest (回避): an officer never inspects a target they declared.

use crate::entity::{inspection_conflict, inspection_target, user};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;
use uuid::Uuid;

/// A declared pair, with names for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredConflict {
    pub id: Uuid,
    pub officer_id: Uuid,
    pub officer_name: String,
    pub target_id: Uuid,
    pub target_name: String,
    pub reason: String,
    pub declared_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// Declares a pair. The officer and the target must both be the agency's (else `NotFound`); a
/// pair already declared is `Conflict("conflict")`.
#[tracing::instrument(skip_all, fields(agency_id = %agency_id))]
pub async fn declare_conflict(
    db: &Db,
    agency_id: Uuid,
    officer_id: Uuid,
    target_id: Uuid,
    reason: String,
    declared_by: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredConflict, StoreError> {
    let officer = user::Entity::find_by_id(officer_id)
        .filter(user::Column::AgencyId.eq(agency_id))
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let target = inspection_target::Entity::find_by_id(target_id)
        .filter(inspection_target::Column::AgencyId.eq(agency_id))
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let m = inspection_conflict::ActiveModel {
        id: Set(Uuid::new_v4()),
        agency_id: Set(agency_id),
        officer_id: Set(officer_id),
        target_id: Set(target_id),
        reason: Set(reason),
        declared_by: Set(declared_by),
        created_at: Set(now),
    }
    .insert(&db.conn())
    .await
    .map_err(|e| StoreError::unique(e, "conflict"))?;
    let names = crate::officers::officer_names(db, &[officer_id]).await?;
    Ok(StoredConflict {
        id: m.id,
        officer_id,
        officer_name: names
            .get(&officer_id)
            .cloned()
            .unwrap_or(officer.display_name),
        target_id,
        target_name: target.name,
        reason: m.reason,
        declared_by,
        created_at: m.created_at,
    })
}

/// Every declared pair of the agency, newest first.
pub async fn list_conflicts(db: &Db, agency_id: Uuid) -> Result<Vec<StoredConflict>, StoreError> {
    let rows = inspection_conflict::Entity::find()
        .filter(inspection_conflict::Column::AgencyId.eq(agency_id))
        .order_by_desc(inspection_conflict::Column::CreatedAt)
        .all(&db.conn())
        .await?;
    let officer_ids: Vec<Uuid> = rows.iter().map(|r| r.officer_id).collect();
    let names = crate::officers::officer_names(db, &officer_ids).await?;
    let target_ids: Vec<Uuid> = rows.iter().map(|r| r.target_id).collect();
    let mut targets: HashMap<Uuid, String> = HashMap::new();
    for chunk in target_ids.chunks(500) {
        for t in inspection_target::Entity::find()
            .filter(inspection_target::Column::Id.is_in(chunk.to_vec()))
            .all(&db.conn())
            .await?
        {
            targets.insert(t.id, t.name);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| StoredConflict {
            id: r.id,
            officer_name: names.get(&r.officer_id).cloned().unwrap_or_default(),
            target_name: targets.get(&r.target_id).cloned().unwrap_or_default(),
            officer_id: r.officer_id,
            target_id: r.target_id,
            reason: r.reason,
            declared_by: r.declared_by,
            created_at: r.created_at,
        })
        .collect())
}
