use super::InspectionReader;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::inspections::{PlanProgress, StageCount, TaskProgress};
use sanxiang_persistence::inspections;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Progress of a drawn plan: each drawn target with its inspectors and its case's stage, and
/// the number of tasks per stage (`not_started` before the case is opened).
#[utoipa::path(tag = "inspections", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, description = "Progress", body = PlanProgress),
    (status = 404, description = "No such plan in the agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/inspections/plans/{id}/progress")]
pub async fn progress(
    auth: Auth<InspectionReader>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<PlanProgress>, ApiError> {
    let agency_id = auth.agency_id();
    let plan = inspections::get_plan(&state.db, agency_id, id.into_inner()).await?;
    let selections = plan
        .result
        .as_ref()
        .map(|r| r.selections.clone())
        .unwrap_or_default();
    let (targets, inspectors): (HashMap<Uuid, String>, HashMap<Uuid, String>) =
        if selections.is_empty() {
            (HashMap::new(), HashMap::new())
        } else {
            let d = inspections::public_draw(&state.db, plan.id).await?;
            (
                d.snapshot
                    .targets
                    .into_iter()
                    .map(|t| (t.id, t.name))
                    .collect(),
                d.snapshot
                    .inspectors
                    .into_iter()
                    .map(|i| (i.id, i.name))
                    .collect(),
            )
        };
    let mut tasks = inspections::plan_tasks(&state.db, agency_id, plan.id).await?;
    let mut by_stage: BTreeMap<String, u32> = BTreeMap::new();
    let mut out = Vec::with_capacity(selections.len());
    for s in selections {
        let task = tasks.remove(&s.target_id);
        let stage = task.as_ref().map(|t| t.stage.clone());
        *by_stage
            .entry(stage.clone().unwrap_or_else(|| "not_started".into()))
            .or_default() += 1;
        out.push(TaskProgress {
            target_name: targets.get(&s.target_id).cloned().unwrap_or_default(),
            inspector_names: s
                .inspector_ids
                .iter()
                .map(|i| inspectors.get(i).cloned().unwrap_or_default())
                .collect(),
            target_id: s.target_id,
            tier: s.tier,
            inspector_ids: s.inspector_ids,
            case_id: task.as_ref().map(|t| t.case_id),
            case_number: task.as_ref().map(|t| t.case_number.clone()),
            stage,
            outcome: task.and_then(|t| t.outcome),
        });
    }
    Ok(web::Json(PlanProgress {
        plan_id: plan.id,
        total: u32::try_from(out.len()).unwrap_or(u32::MAX),
        by_stage: by_stage
            .into_iter()
            .map(|(stage, count)| StageCount { stage, count })
            .collect(),
        tasks: out,
    }))
}
