//! Two expansions for publication that decides from what the system holds:
//!
//! - `case_records.persons_named`: the persons a record names besides the party (witnesses,
//!   relatives, employees, interpreters…) as a JSON array, `[]` for every existing record. The
//!   publication of the case masks each of them (行政处罚法 art. 50). Adding a column with a
//!   default rewrites no row, so the append-only triggers are not involved.
//! - `disclosures.due_on` becomes nullable and is no longer written: the publication due date
//!   (国办发〔2018〕118号) is computed on read from `decided_on` with the working-day calendar of
//!   the day, so a year loaded later fills it and a year not loaded shows "unknown" instead of a
//!   guess. `withdrawal_due_on` (already nullable) is likewise computed from
//!   `withdrawal_required_on`. A later migration drops both columns (contract).
//!
//! SQLite cannot drop a NOT NULL constraint: the table is rebuilt in one transaction on one
//! connection, with the foreign keys of `disclosure_events` and `disclosure_versions` deferred
//! until the rows are back (copy aside, drop, create, copy back).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, TransactionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

const DISCLOSURES: &str = r#"CREATE TABLE disclosures (
    id uuid_text NOT NULL PRIMARY KEY,
    agency_id uuid_text NOT NULL REFERENCES agencies (id),
    case_id uuid_text NOT NULL REFERENCES cases (id),
    resource_type VARCHAR(32) NOT NULL,
    case_kind VARCHAR(32) NOT NULL,
    status VARCHAR(24) NOT NULL,
    source TEXT NOT NULL,
    extra_masks TEXT NOT NULL,
    not_published_ground TEXT NULL,
    severity VARCHAR(16) NOT NULL,
    decided_on date_text NOT NULL,
    due_on date_text DUE_NULL,
    publication_end date_text NULL,
    published_version INTEGER NOT NULL,
    published_at timestamp_with_timezone_text NULL,
    editor_id uuid_text NULL,
    submitted_by uuid_text NULL,
    withdrawal_required_on date_text NULL,
    withdrawal_due_on date_text NULL,
    withdrawal_basis TEXT NULL,
    version INTEGER NOT NULL,
    created_at timestamp_with_timezone_text NOT NULL,
    updated_at timestamp_with_timezone_text NOT NULL
)"#;

const COLUMNS: &str = "id, agency_id, case_id, resource_type, case_kind, status, source, \
    extra_masks, not_published_ground, severity, decided_on, due_on, publication_end, \
    published_version, published_at, editor_id, submitted_by, withdrawal_required_on, \
    withdrawal_due_on, withdrawal_basis, version, created_at, updated_at";

/// Rebuilds the SQLite `disclosures` table with `due_on` nullable (`nullable`) or not; going
/// back, a missing due date becomes the decision day (the old column had no "unknown").
async fn rebuild_sqlite(manager: &SchemaManager<'_>, nullable: bool) -> Result<(), DbErr> {
    let tx = manager.get_connection().begin().await?;
    let select = if nullable {
        COLUMNS.to_owned()
    } else {
        COLUMNS.replace(" due_on,", " COALESCE(due_on, decided_on),")
    };
    for stmt in [
        "PRAGMA defer_foreign_keys = ON".to_owned(),
        "CREATE TABLE disclosures_rebuild AS SELECT * FROM disclosures".to_owned(),
        "DROP TABLE disclosures".to_owned(),
        DISCLOSURES.replace("DUE_NULL", if nullable { "NULL" } else { "NOT NULL" }),
        format!("INSERT INTO disclosures ({COLUMNS}) SELECT {select} FROM disclosures_rebuild"),
        "DROP TABLE disclosures_rebuild".to_owned(),
        "CREATE UNIQUE INDEX ux_disclosures_case_type ON disclosures (case_id, resource_type)"
            .to_owned(),
        "CREATE INDEX idx_disclosures_agency_status ON disclosures (agency_id, status, due_on)"
            .to_owned(),
    ] {
        tx.execute_unprepared(&stmt).await?;
    }
    tx.commit().await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                db.execute_unprepared(
                    "ALTER TABLE case_records ADD COLUMN persons_named json_text NOT NULL DEFAULT '[]'",
                )
                .await?;
                rebuild_sqlite(manager, true).await?;
            }
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE case_records ADD COLUMN persons_named json NOT NULL DEFAULT '[]'",
                )
                .await?;
                db.execute_unprepared("ALTER TABLE disclosures ALTER COLUMN due_on DROP NOT NULL")
                    .await?;
            }
            DatabaseBackend::MySql => {
                return Err(DbErr::Migration("MySQL is not supported".into()));
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                rebuild_sqlite(manager, false).await?;
                db.execute_unprepared("ALTER TABLE case_records DROP COLUMN persons_named")
                    .await?;
            }
            _ => {
                db.execute_unprepared(
                    "UPDATE disclosures SET due_on = decided_on WHERE due_on IS NULL",
                )
                .await?;
                db.execute_unprepared("ALTER TABLE disclosures ALTER COLUMN due_on SET NOT NULL")
                    .await?;
                db.execute_unprepared("ALTER TABLE case_records DROP COLUMN persons_named")
                    .await?;
            }
        }
        Ok(())
    }
}
