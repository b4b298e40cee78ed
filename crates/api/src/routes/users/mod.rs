//! `/users`: accounts, roles, auditor grants.

mod create;
mod list;
mod update;

use crate::error::ApiError;
use sanxiang_api_types::org::User;
use sanxiang_domain::account::{check_password_policy, Role, UserAccount};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create::create_user)
        .service(list::list_users)
        .service(update::update_user);
}

pub(crate) fn to_dto(u: UserAccount) -> User {
    User {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        agency_id: u.agency_id,
        roles: u.roles,
        active: u.active,
        auditor_agency_ids: u.auditor_agency_ids,
        created_at: u.created_at,
    }
}

pub(crate) fn check_password(p: &str) -> Result<(), ApiError> {
    check_password_policy(p).map_err(|e| ApiError::field("password", e.to_string()))
}

/// Grants only make sense for auditors.
pub(crate) fn check_grants(roles: &[Role], grants: &[uuid::Uuid]) -> Result<(), ApiError> {
    if !grants.is_empty() && !roles.contains(&Role::Auditor) {
        return Err(ApiError::field(
            "auditor_agency_ids",
            "only users with the auditor role can be granted agencies",
        ));
    }
    Ok(())
}
