use super::{plan_dto, plan_error, InspectionManager};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{post, web};
use rand::RngCore;
use sanxiang_api_types::inspections::Plan;
use sanxiang_persistence::inspections;
use uuid::Uuid;

/// Fixes and publishes a draft plan: snapshots the pools (targets, inspectors with certificates
/// for the item's category, conflicts), draws a 32-byte seed from the operating system's
/// randomness, keeps it secret and publishes its SHA-256 commitment with the snapshot hash.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, description = "Fixed and published", body = Plan),
    (status = 404, description = "No such plan in the agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a draft (`plan_already_fixed`, `plan_cancelled`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/inspections/plans/{id}/fix")]
pub async fn fix_plan(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Plan>, ApiError> {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut seed)
        .map_err(ApiError::internal)?;
    let p = inspections::fix_plan(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        seed,
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(plan_error)?;
    Ok(web::Json(plan_dto(p)))
}
