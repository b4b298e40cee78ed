//! The portal API's machinery: API keys of registered portals (stored as SHA-256 hashes
//! only, revocable), webhook endpoints (with their signing secret, their cursor in the change feed
//! and a lease so that one API node at a time delivers to an endpoint), one delivery per endpoint
//! and feed entry, and the append-only log of every delivery attempt.

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE api_keys (
    id UUID_T NOT NULL PRIMARY KEY,
    agency_id UUID_T NOT NULL REFERENCES agencies (id),
    name VARCHAR(100) NOT NULL,
    portal VARCHAR(200) NOT NULL,
    scope VARCHAR(16) NOT NULL,
    key_prefix VARCHAR(16) NOT NULL,
    key_hash VARCHAR(64) NOT NULL,
    created_by UUID_T NOT NULL,
    created_at TS_T NOT NULL,
    revoked_at TS_T NULL,
    revoked_by UUID_T NULL
);
CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);
CREATE INDEX idx_api_keys_agency ON api_keys (agency_id, created_at);
CREATE TABLE webhook_endpoints (
    id UUID_T NOT NULL PRIMARY KEY,
    agency_id UUID_T NOT NULL REFERENCES agencies (id),
    url TEXT NOT NULL,
    description VARCHAR(500) NOT NULL,
    event_types TEXT NOT NULL,
    secret VARCHAR(100) NOT NULL,
    active BOOLEAN NOT NULL,
    cursor_seq BIGINT NOT NULL,
    lease_owner UUID_T NULL,
    lease_until TS_T NULL,
    created_by UUID_T NOT NULL,
    created_at TS_T NOT NULL,
    updated_at TS_T NOT NULL
);
CREATE INDEX idx_webhook_endpoints_agency ON webhook_endpoints (agency_id, created_at);
CREATE TABLE webhook_deliveries (
    id UUID_T NOT NULL PRIMARY KEY,
    endpoint_id UUID_T NOT NULL REFERENCES webhook_endpoints (id),
    seq BIGINT NOT NULL,
    event_id VARCHAR(64) NOT NULL,
    event_type VARCHAR(64) NOT NULL,
    payload TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL,
    window_start TS_T NOT NULL,
    next_attempt_at TS_T NOT NULL,
    last_status_code INTEGER NULL,
    last_error TEXT NULL,
    created_at TS_T NOT NULL,
    delivered_at TS_T NULL
);
CREATE UNIQUE INDEX ux_webhook_deliveries_endpoint_seq ON webhook_deliveries (endpoint_id, seq);
CREATE INDEX idx_webhook_deliveries_status ON webhook_deliveries (endpoint_id, status, seq);
CREATE TABLE webhook_attempts (
    id UUID_T NOT NULL PRIMARY KEY,
    delivery_id UUID_T NOT NULL REFERENCES webhook_deliveries (id),
    endpoint_id UUID_T NOT NULL,
    attempt INTEGER NOT NULL,
    started_at TS_T NOT NULL,
    status_code INTEGER NULL,
    duration_ms BIGINT NOT NULL,
    error TEXT NULL
);
CREATE INDEX idx_webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt)
"#;

const TABLES: [&str; 4] = [
    "webhook_attempts",
    "webhook_deliveries",
    "webhook_endpoints",
    "api_keys",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (uuid, ts) = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => ("UUID", "TIMESTAMPTZ"),
            _ => ("uuid_text", "timestamp_with_timezone_text"),
        };
        let db = manager.get_connection();
        for stmt in SQL.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            db.execute_unprepared(&stmt.replace("UUID_T", uuid).replace("TS_T", ts))
                .await?;
        }
        append_only(manager, "webhook_attempts").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_append_only(manager, "webhook_attempts").await?;
        let db = manager.get_connection();
        for t in TABLES {
            db.execute_unprepared(&format!("DROP TABLE IF EXISTS {t}"))
                .await?;
        }
        Ok(())
    }
}
