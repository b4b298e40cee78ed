//! What every handler shares.

use crate::auth::jwt::JwtKeys;
use crate::config::Config;
use sanxiang_domain::account::LockoutPolicy;
use sanxiang_persistence::Db;
use std::sync::Arc;

/// Application state, behind `web::Data`.
pub struct AppState {
    /// Agencies for the authentication path (30-second cache).
    pub agencies: crate::auth::agency_cache::AgencyCache,
    pub db: Db,
    pub jwt: JwtKeys,
    pub config: Arc<Config>,
    pub lockout: LockoutPolicy,
    /// A hash verified against when the username is unknown, so that the response time does
    /// not tell which usernames exist.
    pub dummy_hash: String,
    /// Evidence files (content-addressed; local disk under `<data_dir>/blobs` by default).
    pub blobs: Arc<dyn sanxiang_persistence::blob::BlobStore>,
    /// Signs the tamper-evident log's checkpoints; its name is the log's origin.
    pub log_signer: sanxiang_domain::tlog::SignerKey,
    /// Record appends, written in batches (write combining).
    pub appender: crate::appender::Appender,
    /// Officers' display names for record views (30-second cache; cleared on this node when a
    /// profile changes).
    pub names: crate::auth::agency_cache::NameCache,
    /// Revoked logins and failed sign-ins per address, as this node knows them.
    pub sessions: crate::auth::sessions::Sessions,
    /// The one clock the server reads (tests move it forward).
    pub clock: crate::clock::Clock,
    /// Typesets enforcement documents; `None` when no font was found (issuing answers 503,
    /// and the start-up log says which package to install).
    pub documents: Option<Arc<sanxiang_documents::Engine>>,
}

impl AppState {
    /// The current time, from the one clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Today in China (UTC+8), from the one clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}
