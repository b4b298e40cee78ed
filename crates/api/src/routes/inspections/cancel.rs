use super::{plan_dto, plan_error, plan_violation, InspectionManager};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::inspections::{CancelPlan, Plan};
use sanxiang_domain::inspection::cancel_reason;
use sanxiang_persistence::inspections;
use uuid::Uuid;

/// Cancels a plan. The reason is published with the draw (and the seed, once committed); the
/// draw's result, if any, stays public.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = CancelPlan, responses(
    (status = 200, description = "Cancelled", body = Plan),
    (status = 404, description = "No such plan in the agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already cancelled (`plan_cancelled`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "No reason (`reason_required`, `validation_failed`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/inspections/plans/{id}/cancel")]
pub async fn cancel_plan(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<CancelPlan>,
) -> Result<web::Json<Plan>, ApiError> {
    let reason = cancel_reason(&body.0.reason).map_err(|v| plan_violation(&v))?;
    let p = inspections::cancel_plan(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        reason,
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(plan_error)?;
    Ok(web::Json(plan_dto(p)))
}
