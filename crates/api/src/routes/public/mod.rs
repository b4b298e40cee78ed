//! `/api/public/v1`: what anyone may read without signing in. The log's checkpoints hold only
//! hashes, and its verifier key is what outsiders check them with.

mod checkpoint;
mod key;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every `/api/public/v1` route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(checkpoint::checkpoint).service(key::key);
}
