use super::key_dto;
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::portal::PortalAccess;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::portal::ApiKey;
use sanxiang_persistence::portal as store;
use uuid::Uuid;

/// Revokes an API key: from then on it is refused with 401 (on other API nodes within 10
/// seconds). Revoking twice keeps the first time.
#[utoipa::path(tag = "portal", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "API key id")),
    responses(
    (status = 200, description = "Revoked", body = ApiKey),
    (status = 404, description = "No such key (or another agency's)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/portal/api-keys/{id}/revoke")]
pub async fn revoke_api_key(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    access: web::Data<PortalAccess>,
    id: web::Path<Uuid>,
) -> Result<web::Json<ApiKey>, ApiError> {
    let id = id.into_inner();
    let k = store::get_api_key(&state.db, id).await?;
    if !auth.can_manage_agency(k.agency_id) {
        return Err(ApiError::not_found());
    }
    let k = store::revoke_api_key(&state.db, id, auth.user.id, state.now()).await?;
    access.forget_keys();
    tracing::info!(key_id = %k.id, "API key revoked");
    Ok(web::Json(key_dto(k)))
}
