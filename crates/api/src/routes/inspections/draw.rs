use super::{plan_dto, plan_error, InspectionManager};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::inspections::Plan;
use sanxiang_persistence::inspections;
use uuid::Uuid;

/// Draws a fixed plan with its committed seed (algorithm `sanxiang-draw-v1`) and publishes the
/// seed and the result. Once: a second call is `draw_already_made` and changes nothing.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, description = "Drawn and published", body = Plan),
    (status = 404, description = "No such plan in the agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not fixed or already drawn (`plan_not_fixed`, `draw_already_made`, `plan_cancelled`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "The pools cannot satisfy the plan (`not_enough_inspectors`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/inspections/plans/{id}/draw")]
pub async fn draw_plan(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Plan>, ApiError> {
    let p = inspections::draw_plan(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(plan_error)?;
    Ok(web::Json(plan_dto(p)))
}
