//! Authorization in the handler signature: `Auth<Admin>` in a handler's arguments means the
//! request carries a valid access token of an active user who holds the role, and resolves the
//! caller's agency. A handler without an `Auth<…>` argument is public.

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use sanxiang_domain::account::{Agency, Role, UserAccount};
use sanxiang_persistence::{accounts, StoreError};
use std::marker::PhantomData;
use uuid::Uuid;

/// Which roles a handler admits.
pub trait Policy: 'static {
    /// Any of these roles admits the caller; empty means any signed-in user.
    const ROLES: &'static [Role];
}

/// Any signed-in user.
pub struct AnyUser;
impl Policy for AnyUser {
    const ROLES: &'static [Role] = &[];
}

/// Administrators.
pub struct Admin;
impl Policy for Admin {
    const ROLES: &'static [Role] = &[Role::Admin];
}

/// The authenticated caller, admitted by policy `P`.
pub struct Auth<P: Policy = AnyUser> {
    pub user: UserAccount,
    pub agency: Agency,
    _policy: PhantomData<P>,
}

impl<P: Policy> Auth<P> {
    /// The caller's own agency.
    pub fn agency_id(&self) -> Uuid {
        self.agency.id
    }

    /// Whether the caller may read data of `agency_id` (own agency, or granted to an auditor).
    pub fn can_read_agency(&self, agency_id: Uuid) -> bool {
        self.user.readable_agencies().contains(&agency_id)
    }

    /// Whether the caller may manage accounts of `agency_id`: admins of their own agency, and
    /// admins of the platform agency for every agency.
    pub fn can_manage_agency(&self, agency_id: Uuid) -> bool {
        self.user.has_role(Role::Admin) && (self.agency.is_platform || self.agency.id == agency_id)
    }
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthorized("Sign in: send `Authorization: Bearer <access token>`.")
    })?;
    let s = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("Malformed Authorization header."))?;
    let (scheme, token) = s
        .split_once(' ')
        .ok_or_else(|| ApiError::unauthorized("Malformed Authorization header."))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::unauthorized("Use the Bearer scheme."));
    }
    Ok(token.trim().to_owned())
}

impl<P: Policy> FromRequest for Auth<P> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("app state missing")))?;
            let token = token?;
            let claims = state
                .jwt
                .verify(&token, state.now().timestamp())
                .map_err(|e| ApiError::unauthorized(format!("Invalid access token: {e}")))?;
            // The role is judged from the token before anything is awaited, so a caller without
            // it is refused (403) before the other extractors of the handler (a body that does
            // not parse) can answer. A token's roles are the user's: changing roles bumps the
            // token version checked below.
            if !P::ROLES.is_empty() && !P::ROLES.iter().any(|r| claims.roles.contains(r)) {
                let needed: Vec<&str> = P::ROLES.iter().map(|r| r.as_str()).collect();
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    format!("Requires role: {}.", needed.join(" or ")),
                )
                .into());
            }
            let user = match accounts::auth_user(&state.db, claims.sub, &claims.roles).await {
                Ok(u) => u,
                Err(StoreError::NotFound) => {
                    return Err(ApiError::unauthorized("Unknown user.").into())
                }
                Err(e) => return Err(ApiError::from(e).into()),
            };
            // A password, role or grant change, or disabling, bumps the version; logging out
            // or reusing a refresh token revokes the login the token belongs to.
            if !user.active
                || user.token_version != claims.ver
                || state
                    .sessions
                    .is_revoked(&state.db, claims.sid)
                    .await
                    .map_err(ApiError::from)?
            {
                return Err(
                    ApiError::unauthorized("The token has been revoked; sign in again.").into(),
                );
            }
            let agency = state
                .agencies
                .get(&state.db, user.agency_id)
                .await
                .map_err(ApiError::from)?;
            if !agency.active {
                return Err(ApiError::unauthorized("The agency is disabled.").into());
            }
            tracing::Span::current().record("user_id", tracing::field::display(user.id));
            Ok(Auth {
                user,
                agency,
                _policy: PhantomData,
            })
        })
    }
}
