use super::to_dto;
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{patch, web};
use sanxiang_api_types::org::{Agency, UpdateAgency};
use sanxiang_persistence::accounts;
use uuid::Uuid;

/// Enables or disables an agency (platform admins). Disabling signs out all its users.
#[utoipa::path(tag = "agencies", security(("bearer" = [])), request_body = UpdateAgency,
    params(("id" = Uuid, Path, description = "Agency id")),
    responses(
    (status = 200, description = "Updated", body = Agency),
    (status = 404, description = "No such agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Cannot disable the platform agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[patch("/agencies/{id}")]
pub async fn update_agency(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<UpdateAgency>,
) -> Result<web::Json<Agency>, ApiError> {
    let id = id.into_inner();
    if !auth.agency.is_platform {
        return Err(if auth.agency.id == id {
            ApiError::forbidden("Only platform administrators change agencies.")
        } else {
            ApiError::not_found()
        });
    }
    let current = accounts::get_agency(&state.db, id).await?;
    let Some(active) = body.0.active else {
        return Ok(web::Json(to_dto(current)));
    };
    if current.is_platform && !active {
        return Err(ApiError::new(
            crate::error::ErrorCode::Conflict,
            "The platform agency cannot be disabled.",
        ));
    }
    Ok(web::Json(to_dto(
        accounts::set_agency_active(&state.db, id, active, state.now()).await?,
    )))
}
