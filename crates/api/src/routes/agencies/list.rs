use super::to_dto;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::org::AgencyList;
use sanxiang_persistence::accounts;

/// Lists the agencies the caller can see: every agency for platform admins, otherwise the
/// caller's own and (for auditors) the granted ones.
#[utoipa::path(tag = "agencies", security(("bearer" = [])), responses(
    (status = 200, description = "Agencies", body = AgencyList),
    (status = 401, description = "Not signed in", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/agencies")]
pub async fn list_agencies(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
) -> Result<web::Json<AgencyList>, ApiError> {
    let all = accounts::list_agencies(&state.db).await?;
    let platform_admin =
        auth.agency.is_platform && auth.user.has_role(sanxiang_domain::account::Role::Admin);
    let items = all
        .into_iter()
        .filter(|a| platform_admin || auth.can_read_agency(a.id))
        .map(to_dto)
        .collect();
    Ok(web::Json(AgencyList { items }))
}
