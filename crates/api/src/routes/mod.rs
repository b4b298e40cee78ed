//! HTTP routes, one action per file. Each handler carries its `#[utoipa::path]` and is
//! registered through `utoipa-actix-web`, so the OpenAPI document lists exactly what is served.

pub mod agencies;
pub mod auth;
pub mod blobs;
pub mod calendar;
pub mod cases;
pub mod disclosure;
pub mod documents;
pub mod exchange;
pub mod inspections;
pub mod log;
pub mod officers;
pub mod portal;
pub mod public;
pub mod registers;
pub mod reports;
pub mod review;
pub mod supervision;
pub mod system;
pub mod users;
pub mod workbench;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every `/api/v1` route.
pub fn configure(cfg: &mut ServiceConfig) {
    system::configure(cfg);
    auth::configure(cfg);
    agencies::configure(cfg);
    users::configure(cfg);
    officers::configure(cfg);
    calendar::configure(cfg);
    blobs::configure(cfg);
    cases::configure(cfg);
    disclosure::configure(cfg);
    documents::configure(cfg);
    exchange::configure(cfg);
    inspections::configure(cfg);
    log::configure(cfg);
    review::configure(cfg);
    portal::configure(cfg);
    registers::configure(cfg);
    reports::configure(cfg);
    supervision::configure(cfg);
    workbench::configure(cfg);
}
