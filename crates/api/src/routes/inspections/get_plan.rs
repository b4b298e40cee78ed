use super::{plan_dto, InspectionReader};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::inspections::Plan;
use sanxiang_persistence::inspections;
use uuid::Uuid;

/// One plan: status, snapshot hash, commitment, and after the draw the seed and the result.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The plan", body = Plan),
    (status = 404, description = "No such plan in the agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/inspections/plans/{id}")]
pub async fn get_plan(
    auth: Auth<InspectionReader>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Plan>, ApiError> {
    let p = inspections::get_plan(&state.db, auth.agency_id(), id.into_inner()).await?;
    Ok(web::Json(plan_dto(p)))
}
