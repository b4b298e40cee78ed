//! `/api/public/v1`: what anyone may read without signing in. The log's checkpoints hold only
//! hashes, and its verifier key is what outsiders check them with; publication entries (only
//! those) have public inclusion proofs, so portals can check the change feed against the log.

mod annual_report;
mod changes;
mod checkpoint;
mod decisions;
mod discretion;
mod document_check;
mod draw;
mod flowcharts;
mod key;
mod log_proofs;
mod major_decision_catalogue;
mod officers;
mod registers;
mod snapshot;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every `/api/public/v1` route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(checkpoint::checkpoint)
        .service(document_check::check_document)
        .service(decisions::list_decisions)
        .service(decisions::get_decision)
        .service(decisions::list_inspections)
        .service(decisions::get_inspection)
        .service(changes::changes)
        .service(snapshot::latest)
        .service(snapshot::file)
        .service(key::key)
        .service(log_proofs::public_inclusion)
        .service(log_proofs::public_consistency)
        .service(log_proofs::public_checkpoints)
        .service(draw::draw)
        .service(discretion::public_standards)
        .service(discretion::public_standard_version)
        .service(major_decision_catalogue::public_catalogues)
        .service(major_decision_catalogue::public_catalogue_version)
        .service(registers::public_register)
        .service(registers::public_register_entry)
        .service(flowcharts::kind_flowchart)
        .service(flowcharts::matter_flowchart)
        .service(officers::public_officers)
        .service(officers::check_certificate)
        .service(officers::certificate_qr)
        .service(annual_report::public_annual_reports);
}
