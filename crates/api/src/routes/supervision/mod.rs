//! `/supervision/…` (执法监督): the supervisor's read-only view over the agencies granted to them
//! (a county justice bureau over the county's agencies, 行政执法监督条例) — the dashboard of
//! measures per agency, as JSON or CSV. Every read is recorded as an auditor's is
//! (`crate::routes::log::note_auditor_read`).

mod dashboard;
mod export;
mod measures;

use crate::auth::guard::Policy;
use sanxiang_domain::account::Role;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(dashboard::dashboard)
        .service(export::dashboard_csv);
}

/// Who reads the dashboard: supervisors.
pub struct Supervisor;
impl Policy for Supervisor {
    const ROLES: &'static [Role] = &[Role::Supervisor];
}
