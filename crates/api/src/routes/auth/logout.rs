use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::auth::RefreshRequest;
use sanxiang_persistence::auth_store;

/// Signs out: revokes the refresh token and every token of the same login, access tokens
/// included.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "Signed out"),
    (status = 422, description = "Invalid body", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: Valid<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    if let Some(family) = auth_store::revoke_by_token(
        &state.db,
        &auth_store::hash_token(&body.0.refresh_token),
        state.now(),
    )
    .await?
    {
        // The access tokens of this login end now too (`crate::auth::sessions`).
        state.sessions.revoked(family);
    }
    Ok(HttpResponse::NoContent().finish())
}
