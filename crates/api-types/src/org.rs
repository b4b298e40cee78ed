//! Agencies (执法主体) and users.

use crate::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Creates an agency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "桓仁满族自治县财政局", "short_name": "桓财"}))]
pub struct CreateAgency {
    /// Full name of the enforcement agency.
    #[validate(length(min = 2, max = 100))]
    #[schema(min_length = 2, max_length = 100)]
    pub name: String,
    /// Short name used in document numbers (e.g. `桓财` in `桓财罚〔2026〕12号`).
    #[validate(length(min = 1, max = 20))]
    #[schema(min_length = 1, max_length = 20)]
    pub short_name: String,
    /// Unified social credit code of the agency, when known.
    #[serde(default)]
    #[validate(length(equal = 18))]
    #[schema(min_length = 18, max_length = 18)]
    pub credit_code: Option<String>,
}

/// Changes an agency. Absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateAgency {
    /// `false` disables the agency: its users can no longer sign in.
    #[serde(default)]
    pub active: Option<bool>,
}

/// An agency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Agency {
    pub id: Uuid,
    pub name: String,
    pub short_name: String,
    pub credit_code: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// A list of agencies.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgencyList {
    pub items: Vec<Agency>,
}

/// Creates a user. Admins of the platform agency may create users in any agency; other admins
/// only in their own (`agency_id` omitted or equal to theirs).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "zhangsan", "display_name": "张三", "password": "a long passphrase", "roles": ["officer"]}))]
pub struct CreateUser {
    #[validate(length(min = 3, max = 64))]
    #[schema(min_length = 3, max_length = 64)]
    pub username: String,
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub display_name: String,
    /// At least 10 characters.
    #[validate(length(min = 10, max = 256))]
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    #[validate(length(min = 1, max = 7))]
    #[schema(min_items = 1, max_items = 7)]
    pub roles: Vec<Role>,
    /// For auditors and supervisors: the agencies whose data they may read (their own is always
    /// included).
    #[serde(default)]
    pub auditor_agency_ids: Vec<Uuid>,
}

/// Changes a user. Absent fields stay as they are. Disabling a user or changing the password,
/// the roles or the auditor grants revokes every token the user holds (tokens carry the roles).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[serde(default)]
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub display_name: Option<String>,
    #[serde(default)]
    #[validate(length(min = 10, max = 256))]
    #[schema(min_length = 10, max_length = 256)]
    pub password: Option<String>,
    #[serde(default)]
    #[validate(length(min = 1, max = 7))]
    #[schema(min_items = 1, max_items = 7)]
    pub roles: Option<Vec<Role>>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub auditor_agency_ids: Option<Vec<Uuid>>,
}

/// A user account.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub agency_id: Uuid,
    pub roles: Vec<Role>,
    pub active: bool,
    pub auditor_agency_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// A list of users.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UserList {
    pub items: Vec<User>,
}
