use super::{target_dto, InspectionReader};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::inspections::{TargetPage, TargetQuery, TierCount};
use sanxiang_persistence::inspections::{self, TargetFilter};

/// Lists the agency's target pool (监管对象名录) in id order, with its size per credit tier.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), params(TargetQuery), responses(
    (status = 200, description = "A page of targets", body = TargetPage),
    (status = 403, description = "Role not allowed", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/inspections/targets")]
pub async fn list_targets(
    auth: Auth<InspectionReader>,
    state: web::Data<AppState>,
    q: web::Query<TargetQuery>,
) -> Result<web::Json<TargetPage>, ApiError> {
    let q = q.into_inner();
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let items = inspections::list_targets(
        &state.db,
        auth.agency_id(),
        &TargetFilter {
            tier: q.tier,
            q: q.q,
            after: q.after,
            limit,
        },
    )
    .await?;
    let next_after = (items.len() as u64 == limit)
        .then(|| items.last().map(|t| t.id))
        .flatten();
    let tiers = inspections::tier_counts(&state.db, auth.agency_id())
        .await?
        .into_iter()
        .map(|(tier, count)| TierCount { tier, count })
        .collect();
    Ok(web::Json(TargetPage {
        items: items.into_iter().map(target_dto).collect(),
        next_after,
        tiers,
    }))
}
