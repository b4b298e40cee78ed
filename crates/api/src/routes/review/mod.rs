//! `/review/…`, `/cases/{id}/review…`, `/cases/{id}/deliberation`, `/stats/review`: legal review
//! of major decisions (重大执法决定法制审核). The domain (`sanxiang_domain::review`)
//! decides every step; these handlers load, convert and store. The decision gate itself is in
//! [`gate`], called by the case transition handler inside the deciding transaction.

mod actions;
mod catalogue;
mod deliberation;
pub(crate) mod discretion;
pub(crate) mod gate;
pub(crate) mod lists;
pub(crate) mod view;

use crate::auth::guard::Policy;
use sanxiang_domain::account::Role;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(catalogue::list_catalogue)
        .service(catalogue::get_catalogue_version)
        .service(catalogue::create_catalogue_version)
        .service(discretion::list_standards)
        .service(discretion::standard_history)
        .service(discretion::get_standard_version)
        .service(discretion::create_standard_version)
        .service(lists::queue)
        .service(lists::deadlines)
        .service(lists::stats)
        .service(actions::get_review)
        .service(actions::request_review)
        .service(actions::resubmit)
        .service(actions::assign)
        .service(actions::answer)
        .service(actions::adviser_opinion)
        .service(actions::give_opinion)
        .service(actions::extend)
        .service(deliberation::list_deliberations)
        .service(deliberation::record_deliberation);
}

/// Who reads reviews: case workers (officers, approvers, legal reviewers) and admins.
pub struct ReviewReader;
impl Policy for ReviewReader {
    const ROLES: &'static [Role] = &[
        Role::Officer,
        Role::Approver,
        Role::LegalReviewer,
        Role::Admin,
    ];
}

/// Who submits a review request: officers.
pub struct ReviewSubmitter;
impl Policy for ReviewSubmitter {
    const ROLES: &'static [Role] = &[Role::Officer];
}

/// Who assigns reviewers and grants extensions: the review office (legal reviewers) and approvers.
pub struct ReviewOffice;
impl Policy for ReviewOffice {
    const ROLES: &'static [Role] = &[Role::LegalReviewer, Role::Approver];
}

/// Who answers the checklist and gives opinions: legal reviewers (the domain checks assignment).
pub struct Reviewer;
impl Policy for Reviewer {
    const ROLES: &'static [Role] = &[Role::LegalReviewer];
}

/// Who edits the catalogue: approvers and admins.
pub struct CatalogueEditor;
impl Policy for CatalogueEditor {
    const ROLES: &'static [Role] = &[Role::Approver, Role::Admin];
}

/// Who records a collective deliberation: approvers (the agency head presides) and officers.
pub struct DeliberationRecorder;
impl Policy for DeliberationRecorder {
    const ROLES: &'static [Role] = &[Role::Approver, Role::Officer];
}
