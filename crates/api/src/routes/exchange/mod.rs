//! `/exchange/…`: data the agency hands to other systems, entered once in Sanxiang. Today the
//! 双公示 export for the provincial credit platform (`credit`) and the log of its push connector
//! (`push_deliveries`, `push_replay`; `crate::credit_push`).

mod credit;
mod push_deliveries;
mod push_replay;

pub(crate) use credit::csv_bytes;

use crate::auth::guard::Policy;
use sanxiang_domain::account::Role;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(credit::export_credit)
        .service(push_deliveries::list_push_deliveries)
        .service(push_replay::replay_push);
}

/// Who hands the agency's decisions to the credit platform: disclosure editors and admins.
pub struct CreditExporter;
impl Policy for CreditExporter {
    const ROLES: &'static [Role] = &[Role::DisclosureEditor, Role::Admin];
}
