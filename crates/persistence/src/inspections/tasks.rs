//! Inspection tasks: the `inspection` case opened for each drawn target (append-only link).

use crate::cases::NewCase;
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

/// Opens the `inspection` case of each drawn target and links it to the plan as its task, all in
/// one transaction: after an error (e.g. a concurrent call linked one of the targets first,
/// `Conflict("task")`) no case and no task of this call exists. Returns how many were opened.
pub async fn open_tasks(
    db: &Db,
    agency_id: Uuid,
    plan_id: Uuid,
    tasks: Vec<(Uuid, NewCase)>,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let tx = db.begin_write().await?;
    let mut opened = 0;
    for (target_id, new) in tasks {
        let c = crate::cases::create_case_in(&tx, new, now).await?;
        inspection_task::ActiveModel {
            plan_id: Set(plan_id),
            target_id: Set(target_id),
            agency_id: Set(agency_id),
            case_id: Set(c.id),
            created_at: Set(now),
        }
        .insert(&tx)
        .await
        .map_err(|e| StoreError::unique(e, "task"))?;
        opened += 1;
    }
    tx.commit().await?;
    Ok(opened)
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
        .all(&db.conn())
        .await?;
    let mut cases: HashMap<Uuid, case::Model> = HashMap::new();
    let ids: Vec<Uuid> = tasks.iter().map(|t| t.case_id).collect();
    for chunk in ids.chunks(500) {
        for c in case::Entity::find()
            .filter(case::Column::Id.is_in(chunk.to_vec()))
            .all(&db.conn())
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
