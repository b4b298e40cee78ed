use super::{check_grants, check_password, to_dto};
use crate::auth::{password, Admin, Auth};
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{patch, web};
use sanxiang_api_types::org::{UpdateUser, User};
use sanxiang_domain::account::Role;
use sanxiang_persistence::accounts::{self, UserChanges};
use sanxiang_persistence::StoreError;
use uuid::Uuid;

/// Changes a user: name, password, roles, active, auditor grants. A user of another agency is
/// 404. An admin cannot disable themselves or drop their own admin role.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = UpdateUser,
    params(("id" = Uuid, Path, description = "User id")),
    responses(
    (status = 200, description = "Updated", body = User),
    (status = 404, description = "No such user in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Would lock yourself out", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[patch("/users/{id}")]
pub async fn update_user(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<UpdateUser>,
) -> Result<web::Json<User>, ApiError> {
    let id = id.into_inner();
    let target = match accounts::get_user(&state.db, id).await {
        Ok(u) if auth.can_manage_agency(u.agency_id) => u,
        Ok(_) | Err(StoreError::NotFound) => return Err(ApiError::not_found()),
        Err(e) => return Err(e.into()),
    };
    let b = body.0;
    if id == auth.user.id {
        let drops_admin = b.roles.as_ref().is_some_and(|r| !r.contains(&Role::Admin));
        if b.active == Some(false) || drops_admin {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "You cannot disable yourself or remove your own admin role.",
            ));
        }
    }
    let roles = b.roles.clone().unwrap_or_else(|| target.roles.clone());
    let grants = b
        .auditor_agency_ids
        .clone()
        .unwrap_or_else(|| target.auditor_agency_ids.clone());
    check_grants(&auth, &state, &roles, &grants, &target.auditor_agency_ids).await?;
    let password_hash = match b.password {
        Some(p) => {
            check_password(&p)?;
            Some(password::hash(p).await?)
        }
        None => None,
    };
    let changes = UserChanges {
        display_name: b.display_name.map(|d| d.trim().to_owned()),
        password_hash,
        roles: b.roles,
        active: b.active,
        auditor_agency_ids: b.auditor_agency_ids,
    };
    Ok(web::Json(to_dto(
        accounts::update_user(&state.db, id, changes, state.now()).await?,
    )))
}
