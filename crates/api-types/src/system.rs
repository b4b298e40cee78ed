//! Health and readiness.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The process is alive.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"status": "ok", "version": "0.1.0"}))]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// The instance can serve requests: database reachable and all migrations applied.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"status": "ready", "database": "ok", "pending_migrations": 0}))]
pub struct Ready {
    /// `ready`, `not_ready` or `shutting_down` (a graceful shutdown began).
    pub status: String,
    /// `ok` or `unreachable`.
    pub database: String,
    /// Migrations not yet applied.
    pub pending_migrations: u32,
}
