//! The credit push connector (`[credit.push]`): every decision publication, correction and
//! withdrawal in the change feed is pushed once to the provincial credit platform. One state row
//! holds the connector's cursor in the feed and its lease (one API node at a time pushes); one
//! delivery per feed entry pushed; the append-only log of every attempt, replays included.

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE credit_push_state (
    id INTEGER NOT NULL PRIMARY KEY,
    cursor_seq BIGINT NOT NULL,
    lease_owner UUID_T NULL,
    lease_until TS_T NULL
);
INSERT INTO credit_push_state (id, cursor_seq) VALUES (1, 0);
CREATE TABLE credit_push_deliveries (
    id UUID_T NOT NULL PRIMARY KEY,
    seq BIGINT NOT NULL,
    agency_id UUID_T NOT NULL REFERENCES agencies (id),
    action VARCHAR(16) NOT NULL,
    template VARCHAR(16) NOT NULL,
    resource_id UUID_T NOT NULL,
    version INTEGER NOT NULL,
    idempotency_key VARCHAR(100) NOT NULL,
    payload TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TS_T NOT NULL,
    last_status_code INTEGER NULL,
    last_error TEXT NULL,
    created_at TS_T NOT NULL,
    updated_at TS_T NOT NULL,
    delivered_at TS_T NULL
);
CREATE UNIQUE INDEX ux_credit_push_deliveries_seq ON credit_push_deliveries (seq);
CREATE INDEX idx_credit_push_deliveries_status ON credit_push_deliveries (status, seq);
CREATE INDEX idx_credit_push_deliveries_agency ON credit_push_deliveries (agency_id, seq);
CREATE TABLE credit_push_attempts (
    id UUID_T NOT NULL PRIMARY KEY,
    delivery_id UUID_T NOT NULL REFERENCES credit_push_deliveries (id),
    attempt INTEGER NOT NULL,
    replay BOOLEAN NOT NULL,
    started_at TS_T NOT NULL,
    status_code INTEGER NULL,
    duration_ms BIGINT NOT NULL,
    error TEXT NULL
);
CREATE INDEX idx_credit_push_attempts_delivery ON credit_push_attempts (delivery_id, attempt)
"#;

const TABLES: [&str; 3] = [
    "credit_push_attempts",
    "credit_push_deliveries",
    "credit_push_state",
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
        append_only(manager, "credit_push_attempts").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_append_only(manager, "credit_push_attempts").await?;
        let db = manager.get_connection();
        for t in TABLES {
            db.execute_unprepared(&format!("DROP TABLE IF EXISTS {t}"))
                .await?;
        }
        Ok(())
    }
}
