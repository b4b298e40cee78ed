//! `/disclosures/…`: decisions and inspection results on their way to the public (行政执法公示,
//! 国办发〔2018〕118号). A draft is made automatically when a case is decided (see
//! [`draft::for_transition`]); editors check the masked preview, a second person reviews, and
//! only then is it public (`/api/public/v1/decisions`, the change feed, the webhooks).

pub(crate) mod deadlines;
pub(crate) mod draft;
mod list;
mod steps;
pub(crate) mod sweeper;
pub(crate) mod view;

use crate::auth::guard::Policy;
use sanxiang_domain::account::Role;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list)
        .service(list::get_one)
        .service(steps::edit)
        .service(steps::submit)
        .service(steps::review)
        .service(steps::withhold)
        .service(steps::correct)
        .service(steps::require_withdrawal)
        .service(steps::withdraw)
        .service(steps::remove_early);
}

/// Who works on disclosures: editors, approvers, admins.
pub struct DisclosureEditor;
impl Policy for DisclosureEditor {
    const ROLES: &'static [Role] = &[Role::DisclosureEditor, Role::Approver, Role::Admin];
}

/// Who reads the queue: editors, approvers, admins, officers (their cases' drafts), auditors.
pub struct DisclosureReader;
impl Policy for DisclosureReader {
    const ROLES: &'static [Role] = &[
        Role::DisclosureEditor,
        Role::Approver,
        Role::Admin,
        Role::Officer,
        Role::Auditor,
    ];
}
