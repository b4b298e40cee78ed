//! `/cases`, `/deadlines`, `/stats/cases`: whole-process recording (执法全过程记录).

mod acts;
mod completeness;
mod create;
mod deadlines;
pub(crate) mod duty;
mod get;
mod list;
mod periods;
mod records;
mod recusal;
mod stats;
mod timeline;
mod transition;
pub(crate) mod view;

pub(crate) use deadlines::agency_deadlines;
pub(crate) use list::day_start;

use crate::auth::guard::Policy;
use sanxiang_domain::account::Role;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create::create_case)
        .service(list::list_cases)
        .service(get::get_case)
        .service(transition::transition)
        .service(periods::record_period)
        .service(records::create_record)
        .service(recusal::record_recusal)
        .service(timeline::timeline)
        .service(completeness::completeness)
        .service(deadlines::deadlines)
        .service(stats::stats);
}

/// Who opens cases: officers.
pub struct CaseOpener;
impl Policy for CaseOpener {
    const ROLES: &'static [Role] = &[Role::Officer];
}

/// Who may reach the case-changing handlers: officers, approvers and legal reviewers; what each
/// may do on a given case is `duty::require` (the table in `sanxiang_domain::case::duty`).
pub struct CaseWorker;
impl Policy for CaseWorker {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Approver, Role::LegalReviewer];
}
