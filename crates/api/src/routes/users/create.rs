use super::{check_grants, check_password, to_dto};
use crate::auth::{password, Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::org::{CreateUser, User};
use sanxiang_domain::account::Username;
use sanxiang_persistence::accounts::{self, NewUser};

/// Creates a user in the caller's agency (or, for platform admins, in any agency).
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = CreateUser, responses(
    (status = 201, description = "Created", body = User),
    (status = 403, description = "Not an admin", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "Agency not found", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Username taken", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/users")]
pub async fn create_user(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    body: Valid<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let agency_id = b.agency_id.unwrap_or(auth.agency_id());
    if !auth.can_manage_agency(agency_id) {
        return Err(ApiError::not_found());
    }
    let username =
        Username::parse(&b.username).map_err(|e| ApiError::field("username", e.to_string()))?;
    check_password(&b.password)?;
    check_grants(&auth, &state, &b.roles, &b.auditor_agency_ids, &[]).await?;
    let hash = password::hash(b.password).await?;
    let u = accounts::create_user(
        &state.db,
        NewUser {
            agency_id,
            username: username.as_str().to_owned(),
            display_name: b.display_name.trim().to_owned(),
            password_hash: hash,
            roles: b.roles,
            auditor_agency_ids: b.auditor_agency_ids,
        },
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(to_dto(u)))
}
