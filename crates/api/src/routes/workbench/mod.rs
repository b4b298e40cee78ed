//! `/workbench` (工作台): the landing page's one request — each role's to-do items, built from
//! the same rules and repositories as the lists they summarise (`/deadlines`, `/review/queue`,
//! `/disclosures`, `/officers`), so the counts agree with those lists.

mod get;
mod sections;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get::get_workbench);
}
