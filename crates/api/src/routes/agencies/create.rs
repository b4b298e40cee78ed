use super::to_dto;
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::org::{Agency, CreateAgency};
use sanxiang_persistence::accounts::{self, NewAgency};

/// Creates an agency. Only admins of the platform agency may.
#[utoipa::path(tag = "agencies", security(("bearer" = [])), request_body = CreateAgency, responses(
    (status = 201, description = "Created", body = Agency),
    (status = 403, description = "Not a platform admin", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Name taken", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/agencies")]
pub async fn create_agency(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    body: Valid<CreateAgency>,
) -> Result<HttpResponse, ApiError> {
    if !auth.agency.is_platform {
        return Err(ApiError::forbidden(
            "Only administrators of the platform agency create agencies.",
        ));
    }
    let b = body.0;
    let a = accounts::create_agency(
        &state.db,
        NewAgency {
            name: b.name.trim().to_owned(),
            short_name: b.short_name.trim().to_owned(),
            credit_code: b.credit_code,
            is_platform: false,
        },
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(to_dto(a)))
}
