//! `log_publications` (append-only): which log entry records which change of the public change
//! feed, so that the feed (`GET /api/public/v1/changes`) and the webhooks can tell a portal the
//! leaf index of each change and where its public inclusion proof is, without scanning the log.
//!
//! New rows are written in the change's own transaction (`sanxiang_persistence::tlog::
//! publication`). Upgrading past this migration fills the rows of the changes logged before, once
//! (`sanxiang_api::bootstrap::migrate_and_backfill`).

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LogPublications {
    Table,
    Seq,
    EntryId,
}

#[derive(DeriveIden)]
enum LogEntries {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LogPublications::Table)
                    .col(
                        ColumnDef::new(LogPublications::Seq)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(LogPublications::EntryId).uuid().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_log_publications_entry")
                            .from(LogPublications::Table, LogPublications::EntryId)
                            .to(LogEntries::Table, LogEntries::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_log_publications_entry")
                    .table(LogPublications::Table)
                    .col(LogPublications::EntryId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        append_only(manager, "log_publications").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_append_only(manager, "log_publications").await?;
        manager
            .drop_table(Table::drop().table(LogPublications::Table).to_owned())
            .await
    }
}
