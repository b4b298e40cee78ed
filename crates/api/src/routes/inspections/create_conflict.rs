use super::list_conflicts::conflict_dto;
use super::InspectionManager;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::inspections::{Conflict, CreateConflict};
use sanxiang_persistence::inspections;

/// Declares a conflict of interest (回避): the officer is never drawn for the target. Plans fixed
/// earlier keep their published snapshot.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), request_body = CreateConflict, responses(
    (status = 201, description = "Declared", body = Conflict),
    (status = 404, description = "Officer or target not in the agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already declared", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/inspections/conflicts")]
pub async fn create_conflict(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    body: Valid<CreateConflict>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let c = inspections::declare_conflict(
        &state.db,
        auth.agency_id(),
        b.officer_id,
        b.target_id,
        b.reason.trim().to_owned(),
        auth.user.id,
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(conflict_dto(c)))
}
