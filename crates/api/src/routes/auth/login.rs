use super::start_family;
use crate::auth::password;
use crate::auth::sessions;
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::request_id;
use crate::state::AppState;
use actix_web::{post, web, HttpRequest};
use sanxiang_api_types::auth::{LoginRequest, TokenPair};
use sanxiang_persistence::{accounts, auth_store};

/// Signs in with username and password. After 5 failures in a row an account is locked for
/// 15 minutes, and after 20 failures within 5 minutes from one address that address waits
/// (both 429 with `Retry-After`). Every attempt is logged with its request id.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 401, description = "Wrong username or password (`invalid_credentials`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body (`validation_failed`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 429, description = "Locked out (`rate_limited`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds until the lock ends"))),
))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Valid<LoginRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let LoginRequest { username, password } = body.0;
    let username = username.trim().to_ascii_lowercase();
    let t = state.now();
    let rid = request_id::current();
    let ip = sessions::client_ip(&req, &state.config.portal.trusted_proxies);

    // Besides each account's lockout, an address that failed too often waits: one password
    // tried on many usernames is slowed down as much as many passwords on one.
    // Refused attempts of a throttled address go to the server log only: each auth event is a
    // permanent entry of the record log, which a flood must not be able to grow.
    if let Some(secs) = ip.and_then(|ip| state.sessions.throttled(ip)) {
        tracing::warn!(username = %username, outcome = "address_throttled", "login attempt");
        return Err(ApiError::rate_limited(secs));
    }

    if let Some(until) = auth_store::locked_until(&state.db, &username, t).await? {
        tracing::warn!(username = %username, outcome = "locked", "login attempt");
        auth_store::record_auth_event(&state.db, &username, None, "locked", rid, t).await?;
        let secs = (until - t).num_seconds().max(1);
        return Err(ApiError::rate_limited(u64::try_from(secs).unwrap_or(1)));
    }

    let found = accounts::find_credentials(&state.db, &username).await?;
    let (user, hash) = match &found {
        Some((u, h)) => (Some(u), h.clone()),
        None => (None, state.dummy_hash.clone()),
    };
    let password_ok = password::verify(password, hash).await?;
    let agency_active = match user {
        Some(u) => accounts::get_agency(&state.db, u.agency_id).await?.active,
        None => false,
    };
    match user {
        Some(u) if password_ok && u.active && agency_active => {
            auth_store::clear_failures(&state.db, &username).await?;
            auth_store::record_auth_event(&state.db, &username, Some(u.id), "success", rid, t)
                .await?;
            tracing::info!(username = %username, user_id = %u.id, outcome = "success", "login attempt");
            Ok(web::Json(start_family(&state, u).await?))
        }
        _ => {
            if let Some(ip) = ip {
                state.sessions.failed(ip);
            }
            let locked = auth_store::record_failure(&state.db, &username, t, state.lockout).await?;
            let outcome = if locked.is_some() {
                "failure_locked"
            } else {
                "failure"
            };
            auth_store::record_auth_event(
                &state.db,
                &username,
                user.map(|u| u.id),
                outcome,
                rid,
                t,
            )
            .await?;
            tracing::warn!(username = %username, outcome, "login attempt");
            Err(ApiError::new(
                ErrorCode::InvalidCredentials,
                "Wrong username or password.",
            ))
        }
    }
}
