use super::{parse_target, target_dto, InspectionManager};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::inspections::{Target, TargetBody};
use sanxiang_persistence::inspections;

/// Adds a target to the pool. The credit code's check character is verified (GB 32100-2015);
/// a code already in the pool is 409.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), request_body = TargetBody, responses(
    (status = 201, description = "Added", body = Target),
    (status = 409, description = "Credit code already in the pool", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/inspections/targets")]
pub async fn create_target(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    body: Valid<TargetBody>,
) -> Result<HttpResponse, ApiError> {
    let t = parse_target(body.0)?;
    let stored = inspections::create_target(&state.db, auth.agency_id(), t, state.now()).await?;
    Ok(HttpResponse::Created().json(target_dto(stored)))
}
