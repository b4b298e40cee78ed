//! The daily snapshots of what is public, one per day for every API node: the files
//! live in the blob store (content-addressed), this table says which blobs make the day's
//! snapshot and where the change feed continues from. Append-only.

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE public_snapshots (
    day DATE_T NOT NULL PRIMARY KEY,
    feed_position BIGINT NOT NULL,
    count BIGINT NOT NULL,
    ndjson_sha256 VARCHAR(64) NOT NULL,
    ndjson_bytes BIGINT NOT NULL,
    csv_sha256 VARCHAR(64) NOT NULL,
    csv_bytes BIGINT NOT NULL,
    created_at TS_T NOT NULL
)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (ts, date) = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => ("TIMESTAMPTZ", "DATE"),
            _ => ("timestamp_with_timezone_text", "date_text"),
        };
        manager
            .get_connection()
            .execute_unprepared(
                SQL.trim()
                    .replace("TS_T", ts)
                    .replace("DATE_T", date)
                    .as_str(),
            )
            .await?;
        append_only(manager, "public_snapshots").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_append_only(manager, "public_snapshots").await?;
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS public_snapshots")
            .await?;
        Ok(())
    }
}
