//! The tamper-evident log: log entries written in the same transaction as the records
//! they describe, the leaf indexes the integrator assigns to them, the signed checkpoints, a work
//! queue of entries not yet integrated, and the record of every read by an auditor.
//!
//! `log_entries`, `log_leaves`, `log_checkpoints` and `auditor_reads` are append-only (triggers).
//! `log_pending` is a queue: the integrator deletes an entry from it when it gives the entry its
//! leaf index, so finding the work is an index scan, not an anti-join over the whole log.

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LogEntries {
    Table,
    Id,
    AgencyId,
    CaseId,
    RecordId,
    Kind,
    Canonical,
    LeafHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LogPending {
    Table,
    EntryId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LogLeaves {
    Table,
    Idx,
    EntryId,
    LeafHash,
}

#[derive(DeriveIden)]
enum LogCheckpoints {
    Table,
    Size,
    Root,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditorReads {
    Table,
    Id,
    UserId,
    AgencyId,
    TargetAgencyId,
    What,
    Target,
    At,
    RequestId,
}

const APPEND_ONLY: [&str; 4] = [
    "log_entries",
    "log_leaves",
    "log_checkpoints",
    "auditor_reads",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LogEntries::Table)
                    .col(
                        ColumnDef::new(LogEntries::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(LogEntries::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(LogEntries::CaseId).uuid().null())
                    .col(ColumnDef::new(LogEntries::RecordId).uuid().null())
                    .col(ColumnDef::new(LogEntries::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(LogEntries::Canonical).text().not_null())
                    .col(
                        ColumnDef::new(LogEntries::LeafHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LogEntries::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // NULLs are distinct on both databases: at most one entry per record.
        manager
            .create_index(
                Index::create()
                    .name("uq_log_entries_record")
                    .table(LogEntries::Table)
                    .col(LogEntries::RecordId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_log_entries_case")
                    .table(LogEntries::Table)
                    .col(LogEntries::CaseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LogPending::Table)
                    .col(
                        ColumnDef::new(LogPending::EntryId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(LogPending::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_log_pending_entry")
                            .from(LogPending::Table, LogPending::EntryId)
                            .to(LogEntries::Table, LogEntries::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_log_pending_order")
                    .table(LogPending::Table)
                    .col(LogPending::CreatedAt)
                    .col(LogPending::EntryId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LogLeaves::Table)
                    .col(
                        ColumnDef::new(LogLeaves::Idx)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(LogLeaves::EntryId).uuid().not_null())
                    .col(
                        ColumnDef::new(LogLeaves::LeafHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_log_leaves_entry")
                            .from(LogLeaves::Table, LogLeaves::EntryId)
                            .to(LogEntries::Table, LogEntries::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_log_leaves_entry")
                    .table(LogLeaves::Table)
                    .col(LogLeaves::EntryId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LogCheckpoints::Table)
                    .col(
                        ColumnDef::new(LogCheckpoints::Size)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(LogCheckpoints::Root)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(LogCheckpoints::Note).text().not_null())
                    .col(
                        ColumnDef::new(LogCheckpoints::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditorReads::Table)
                    .col(
                        ColumnDef::new(AuditorReads::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AuditorReads::UserId).uuid().not_null())
                    .col(ColumnDef::new(AuditorReads::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(AuditorReads::TargetAgencyId).uuid().null())
                    .col(ColumnDef::new(AuditorReads::What).string_len(64).not_null())
                    .col(
                        ColumnDef::new(AuditorReads::Target)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AuditorReads::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AuditorReads::RequestId)
                            .string_len(128)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_auditor_reads_at")
                    .table(AuditorReads::Table)
                    .col(AuditorReads::At)
                    .to_owned(),
            )
            .await?;
        for t in APPEND_ONLY {
            append_only(manager, t).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in APPEND_ONLY {
            drop_append_only(manager, t).await?;
        }
        for t in [
            AuditorReads::Table.into_iden(),
            LogCheckpoints::Table.into_iden(),
            LogLeaves::Table.into_iden(),
            LogPending::Table.into_iden(),
            LogEntries::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
