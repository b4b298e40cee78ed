use super::{access_token, new_refresh_token, pair, refresh_ttl};
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::request_id;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::auth::{RefreshRequest, TokenPair};
use sanxiang_persistence::accounts;
use sanxiang_persistence::auth_store::{self, RotateOutcome};

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting it again
/// revokes every token descended from the same login (`refresh_token_reused`).
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "New token pair", body = TokenPair),
    (status = 401, description = "Invalid, expired or reused refresh token", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Valid<RefreshRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let old_hash = auth_store::hash_token(&body.0.refresh_token);
    let (token, new_hash) = new_refresh_token();
    let t = state.now();
    match auth_store::rotate_refresh(&state.db, &old_hash, new_hash, t, refresh_ttl(&state)).await?
    {
        RotateOutcome::Rotated { user_id, family_id } => {
            let user = accounts::get_user(&state.db, user_id).await?;
            let agency = accounts::get_agency(&state.db, user.agency_id).await?;
            if !user.active || !agency.active {
                auth_store::revoke_by_token(&state.db, &auth_store::hash_token(&token), t).await?;
                state.sessions.revoked(family_id);
                return Err(ApiError::unauthorized("The account is disabled."));
            }
            Ok(web::Json(pair(
                &state,
                access_token(&state, &user, family_id)?,
                token,
            )))
        }
        RotateOutcome::Reused { family_id } => {
            state.sessions.revoked(family_id);
            tracing::warn!(
                outcome = "refresh_reused",
                "refresh token presented twice; login family revoked"
            );
            auth_store::record_auth_event(
                &state.db,
                "-",
                None,
                "refresh_reused",
                request_id::current(),
                t,
            )
            .await?;
            Err(ApiError::new(
                ErrorCode::RefreshTokenReused,
                "This refresh token was already used; every session of this login is now revoked.",
            ))
        }
        RotateOutcome::Expired => Err(ApiError::unauthorized("The refresh token has expired.")),
        RotateOutcome::Unknown => Err(ApiError::unauthorized("Unknown refresh token.")),
    }
}
