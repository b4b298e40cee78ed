use super::to_dto;
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::org::UserList;
use sanxiang_persistence::accounts;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Filters for the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    /// Only users of this agency (platform admins; others always see their own agency).
    pub agency_id: Option<Uuid>,
}

/// Lists users the caller administers.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(UserQuery), responses(
    (status = 200, description = "Users", body = UserList),
    (status = 403, description = "Not an admin", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/users")]
pub async fn list_users(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    q: web::Query<UserQuery>,
) -> Result<web::Json<UserList>, ApiError> {
    let filter = match q.agency_id {
        Some(a) if auth.can_manage_agency(a) => Some(a),
        Some(_) => return Err(ApiError::not_found()),
        None if auth.agency.is_platform => None,
        None => Some(auth.agency_id()),
    };
    let items = accounts::list_users(&state.db, filter)
        .await?
        .into_iter()
        .map(to_dto)
        .collect();
    Ok(web::Json(UserList { items }))
}
