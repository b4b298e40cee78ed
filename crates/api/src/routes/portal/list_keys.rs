use super::{key_dto, listed_agency};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::portal::ApiKeyList;
use sanxiang_persistence::portal as store;

/// Lists API keys (never the keys themselves): the admin's agency's, or every agency's for
/// platform admins. Newest first; revoked keys stay listed with `revoked_at`.
#[utoipa::path(tag = "portal", security(("bearer" = [])), responses(
    (status = 200, description = "API keys", body = ApiKeyList),
    (status = 403, description = "Not an administrator", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/portal/api-keys")]
pub async fn list_api_keys(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
) -> Result<web::Json<ApiKeyList>, ApiError> {
    let items = store::list_api_keys(&state.db, listed_agency(&auth))
        .await?
        .into_iter()
        .map(key_dto)
        .collect();
    Ok(web::Json(ApiKeyList { items }))
}
