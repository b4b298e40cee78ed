use super::list::day_start;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::cases::{CaseStats, StatsQuery};
use sanxiang_persistence::cases;
use std::collections::BTreeMap;

/// Case counts by kind, stage and outcome, and how many are overdue, for one agency and period.
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(StatsQuery), responses(
    (status = 200, description = "Counts", body = CaseStats),
    (status = 404, description = "Agency not readable by you", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/stats/cases")]
pub async fn stats(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<StatsQuery>,
) -> Result<web::Json<CaseStats>, ApiError> {
    let agency_id = q.agency_id.unwrap_or(auth.agency_id());
    if !auth.can_read_agency(agency_id) {
        return Err(ApiError::not_found());
    }
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "case.stats",
        agency_id.to_string(),
        Some(agency_id),
    )
    .await?;
    let from = q.from.and_then(day_start);
    let to = q.to.and_then(|d| d.succ_opt()).and_then(day_start);
    let today = state.today();
    let all = cases::all_cases(&state.db, agency_id, from, to).await?;
    let mut s = CaseStats {
        agency_id,
        from: q.from,
        to: q.to,
        total: all.len() as u64,
        overdue: 0,
        by_kind: BTreeMap::new(),
        by_stage: BTreeMap::new(),
        by_outcome: BTreeMap::new(),
    };
    for c in &all {
        *s.by_kind.entry(c.kind.to_string()).or_default() += 1;
        *s.by_stage.entry(c.state.stage.to_string()).or_default() += 1;
        *s.by_outcome
            .entry(c.outcome.clone().unwrap_or_else(|| "pending".into()))
            .or_default() += 1;
        if c.next_due_on.is_some_and(|d| d < today) {
            s.overdue += 1;
        }
    }
    Ok(web::Json(s))
}
