//! `/auth/*` and `/me`.

mod login;
mod logout;
mod me;
mod refresh;

use crate::error::ApiError;
use crate::state::AppState;
use base64::Engine;
use rand::RngCore;
use sanxiang_api_types::auth::TokenPair;
use sanxiang_domain::account::UserAccount;
use sanxiang_persistence::auth_store;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login::login)
        .service(refresh::refresh)
        .service(logout::logout)
        .service(me::me);
}

/// A new opaque refresh token (256 random bits, base64url) and its storage hash.
fn new_refresh_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = auth_store::hash_token(&token);
    (token, hash)
}

fn refresh_ttl(state: &AppState) -> chrono::Duration {
    chrono::Duration::days(i64::from(state.config.refresh_token_ttl_days))
}

fn access_token(state: &AppState, user: &UserAccount, sid: Uuid) -> Result<String, ApiError> {
    state
        .jwt
        .issue(user, sid, state.now().timestamp())
        .map_err(ApiError::internal)
}

fn pair(state: &AppState, access: String, refresh: String) -> TokenPair {
    TokenPair {
        access_token: access,
        refresh_token: refresh,
        token_type: "Bearer".into(),
        expires_in: state.jwt.ttl_secs(),
    }
}

/// Issues a token pair that starts a new login family.
async fn start_family(state: &AppState, user: &UserAccount) -> Result<TokenPair, ApiError> {
    let family = Uuid::new_v4();
    let access = access_token(state, user, family)?;
    let (token, hash) = new_refresh_token();
    auth_store::insert_refresh(
        &state.db,
        user.id,
        family,
        hash,
        state.now(),
        refresh_ttl(state),
    )
    .await?;
    Ok(pair(state, access, token))
}
