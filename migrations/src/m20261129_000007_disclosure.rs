//! Disclosure: the public change feed (`disclosure_changes`, append-only, strictly
//! increasing `seq` handed out by the one-row `disclosure_feed_head` so commit order is seq
//! order), the decision disclosures (draft → review → published / not published → withdrawn or
//! expired) with their append-only events and published versions, and `public_decisions`, the
//! projection of what is public now (the rows the portal API lists).

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE disclosure_feed_head (
    id INTEGER NOT NULL PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO disclosure_feed_head (id, seq) VALUES (1, 0);
CREATE TABLE disclosure_changes (
    seq BIGINT NOT NULL PRIMARY KEY,
    agency_id UUID_T NOT NULL REFERENCES agencies (id),
    resource_type VARCHAR(32) NOT NULL,
    resource_id UUID_T NOT NULL,
    version INTEGER NOT NULL,
    change VARCHAR(16) NOT NULL,
    resource_url TEXT NOT NULL,
    body TEXT NULL,
    reason TEXT NULL,
    occurred_at TS_T NOT NULL
);
CREATE INDEX idx_disclosure_changes_resource ON disclosure_changes (resource_type, resource_id);
CREATE TABLE disclosures (
    id UUID_T NOT NULL PRIMARY KEY,
    agency_id UUID_T NOT NULL REFERENCES agencies (id),
    case_id UUID_T NOT NULL REFERENCES cases (id),
    resource_type VARCHAR(32) NOT NULL,
    case_kind VARCHAR(32) NOT NULL,
    status VARCHAR(24) NOT NULL,
    source TEXT NOT NULL,
    extra_masks TEXT NOT NULL,
    not_published_ground TEXT NULL,
    severity VARCHAR(16) NOT NULL,
    decided_on DATE_T NOT NULL,
    due_on DATE_T NOT NULL,
    publication_end DATE_T NULL,
    published_version INTEGER NOT NULL,
    published_at TS_T NULL,
    editor_id UUID_T NULL,
    submitted_by UUID_T NULL,
    withdrawal_required_on DATE_T NULL,
    withdrawal_due_on DATE_T NULL,
    withdrawal_basis TEXT NULL,
    version INTEGER NOT NULL,
    created_at TS_T NOT NULL,
    updated_at TS_T NOT NULL
);
CREATE UNIQUE INDEX ux_disclosures_case_type ON disclosures (case_id, resource_type);
CREATE INDEX idx_disclosures_agency_status ON disclosures (agency_id, status, due_on);
CREATE TABLE disclosure_events (
    id UUID_T NOT NULL PRIMARY KEY,
    disclosure_id UUID_T NOT NULL REFERENCES disclosures (id),
    agency_id UUID_T NOT NULL,
    action VARCHAR(32) NOT NULL,
    actor_id UUID_T NULL,
    detail TEXT NOT NULL,
    created_at TS_T NOT NULL
);
CREATE INDEX idx_disclosure_events_disclosure ON disclosure_events (disclosure_id, created_at);
CREATE TABLE disclosure_versions (
    disclosure_id UUID_T NOT NULL REFERENCES disclosures (id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    published_by UUID_T NULL,
    published_at TS_T NOT NULL,
    PRIMARY KEY (disclosure_id, version)
);
CREATE TABLE public_decisions (
    id UUID_T NOT NULL PRIMARY KEY,
    agency_id UUID_T NOT NULL,
    resource_type VARCHAR(32) NOT NULL,
    case_kind VARCHAR(32) NOT NULL,
    violation_type VARCHAR(200) NOT NULL,
    decided_on DATE_T NOT NULL,
    publication_end DATE_T NULL,
    search_text TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX idx_public_decisions_order ON public_decisions (resource_type, decided_on DESC, id DESC);
CREATE INDEX idx_public_decisions_agency ON public_decisions (resource_type, agency_id, decided_on DESC, id DESC);
CREATE INDEX idx_public_decisions_kind ON public_decisions (resource_type, case_kind, decided_on DESC, id DESC);
CREATE INDEX idx_public_decisions_violation ON public_decisions (resource_type, violation_type, decided_on DESC, id DESC);
CREATE INDEX idx_public_decisions_end ON public_decisions (publication_end);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (uuid, ts, date) = match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
                ("UUID", "TIMESTAMPTZ", "DATE")
            }
            _ => ("uuid_text", "timestamp_with_timezone_text", "date_text"),
        };
        let db = manager.get_connection();
        for stmt in SQL.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            db.execute_unprepared(
                &stmt
                    .replace("UUID_T", uuid)
                    .replace("TS_T", ts)
                    .replace("DATE_T", date),
            )
            .await?;
        }
        for t in [
            "disclosure_changes",
            "disclosure_events",
            "disclosure_versions",
        ] {
            append_only(manager, t).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for t in [
            "disclosure_changes",
            "disclosure_events",
            "disclosure_versions",
        ] {
            drop_append_only(manager, t).await?;
        }
        for t in [
            "public_decisions",
            "disclosure_versions",
            "disclosure_events",
            "disclosures",
            "disclosure_changes",
            "disclosure_feed_head",
        ] {
            db.execute_unprepared(&format!("DROP TABLE IF EXISTS {t}"))
                .await?;
        }
        Ok(())
    }
}
