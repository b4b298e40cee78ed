//! Authentication: login, token refresh, logout, and the signed-in user.

use crate::Role;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Credentials.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "admin", "password": "correct horse battery"}))]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub username: String,
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub password: String,
}

/// A token pair. The access token is a JWT (HS256) valid for `expires_in` seconds; the refresh
/// token is opaque, single-use, and rotates on every refresh.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJhbGciOiJIUzI1NiJ9…", "refresh_token": "q2V…", "token_type": "Bearer", "expires_in": 900}))]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: u64,
}

/// A refresh token, to rotate (`/auth/refresh`) or revoke (`/auth/logout`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 512))]
    #[schema(min_length = 1, max_length = 512)]
    pub refresh_token: String,
}

/// An agency in brief.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct AgencyRef {
    pub id: Uuid,
    pub name: String,
}

/// The signed-in user.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[schema(example = json!({"id": "0b7c2f4e-8d0a-4f57-9d7e-1d2f3a4b5c6d", "username": "demo_officer", "display_name": "张执法", "agency": {"id": "4a1e…", "name": "桓仁满族自治县财政局"}, "roles": ["officer"]}))]
pub struct Me {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub agency: AgencyRef,
    pub roles: Vec<Role>,
}
