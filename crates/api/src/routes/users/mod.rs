//! `/users`: accounts, roles, auditor grants.

mod create;
mod list;
mod update;

use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use sanxiang_api_types::org::User;
use sanxiang_domain::account::{check_password_policy, Role, UserAccount};
use sanxiang_persistence::StoreError;
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

/// Grants only make sense for auditors and supervisors (the read-only roles), and an admin can grant only agencies they administer
/// (their own; a platform admin, any agency that exists). Grants the user already holds stay
/// as they are when someone else edits the user: otherwise an agency admin could give
/// an auditor — or themselves — read access to another agency's case files.
pub(crate) async fn check_grants(
    auth: &Auth<Admin>,
    state: &AppState,
    roles: &[Role],
    grants: &[uuid::Uuid],
    already_granted: &[uuid::Uuid],
) -> Result<(), ApiError> {
    if !grants.is_empty() && !roles.iter().any(|r| r.reads_granted_agencies()) {
        return Err(ApiError::field(
            "auditor_agency_ids",
            "only users with the auditor or supervisor role can be granted agencies",
        ));
    }
    for id in grants.iter().filter(|g| !already_granted.contains(g)) {
        if !auth.can_manage_agency(*id) {
            return Err(ApiError::forbidden(format!(
                "You can grant auditors and supervisors only agencies you administer; not {id}."
            )));
        }
        match state.agencies.get(&state.db, *id).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => return Err(ApiError::not_found()),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
