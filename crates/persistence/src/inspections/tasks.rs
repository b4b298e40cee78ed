//! Inspection tasks: the `inspection` case opened for each drawn target (append-only link).

use crate::entity::{case, inspection_task};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;
use uuid::Uuid;

/// A drawn target's task and where its case is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTask {
    pub target_id: Uuid,
    pub case_id: Uuid,
    pub case_number: String,
    pub stage: String,
    pub outcome: Option<String>,
}

/// Links the case opened for a drawn target. A target that already has one is
/// `Conflict("task")`.
pub async fn record_task(
    db: &Db,
    agency_id: Uuid,
    plan_id: Uuid,
    target_id: Uuid,
    case_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    inspection_task::ActiveModel {
        plan_id: Set(plan_id),
        target_id: Set(target_id),
        agency_id: Set(agency_id),
        case_id: Set(case_id),
        created_at: Set(now),
    }
    .insert(&db.conn)
    .await
    .map_err(|e| StoreError::unique(e, "task"))?;
    Ok(())
}

/// The plan's tasks with their cases' stage and outcome, by target.
pub async fn plan_tasks(
    db: &Db,
    agency_id: Uuid,
    plan_id: Uuid,
) -> Result<HashMap<Uuid, PlanTask>, StoreError> {
    let tasks = inspection_task::Entity::find()
        .filter(inspection_task::Column::PlanId.eq(plan_id))
        .filter(inspection_task::Column::AgencyId.eq(agency_id))
        .all(&db.conn)
        .await?;
    let mut cases: HashMap<Uuid, case::Model> = HashMap::new();
    let ids: Vec<Uuid> = tasks.iter().map(|t| t.case_id).collect();
    for chunk in ids.chunks(500) {
        for c in case::Entity::find()
            .filter(case::Column::Id.is_in(chunk.to_vec()))
            .all(&db.conn)
            .await?
        {
            cases.insert(c.id, c);
        }
    }
    Ok(tasks
        .into_iter()
        .filter_map(|t| {
            let c = cases.get(&t.case_id)?;
            Some((
                t.target_id,
                PlanTask {
                    target_id: t.target_id,
                    case_id: t.case_id,
                    case_number: c.case_number.clone(),
                    stage: c.stage.clone(),
                    outcome: c.outcome.clone(),
                },
            ))
        })
        .collect())
}
