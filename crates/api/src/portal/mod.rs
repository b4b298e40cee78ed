//! The portal API's machinery: API keys, rate limits and HTTP caching on `/api/public/v1`
//! ([`access`]), and the webhook push ([`dispatcher`], signed per [`signature`]).

pub mod access;
pub mod dispatcher;
pub mod keys;
mod settings;
pub mod signature;

pub use access::PortalAccess;
pub use settings::PortalSettings;
