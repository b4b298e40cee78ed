use super::{parse_target, target_dto, InspectionManager};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{put, web};
use sanxiang_api_types::inspections::{Target, TargetBody};
use sanxiang_persistence::inspections;
use uuid::Uuid;

/// Replaces a target's fields. Plans already fixed keep the snapshot they published.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), request_body = TargetBody, params(("id" = Uuid, Path)), responses(
    (status = 200, description = "Updated", body = Target),
    (status = 404, description = "No such target in the agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Credit code already in the pool", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid field", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
// Only an id-shaped segment: `PUT /inspections/targets/import` is a method the import does not
// take (405), not a malformed target id.
#[put("/inspections/targets/{id:[0-9a-fA-F-]+}")]
pub async fn update_target(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<TargetBody>,
) -> Result<web::Json<Target>, ApiError> {
    let t = parse_target(body.0)?;
    let stored =
        inspections::update_target(&state.db, auth.agency_id(), id.into_inner(), t, state.now())
            .await?;
    Ok(web::Json(target_dto(stored)))
}
