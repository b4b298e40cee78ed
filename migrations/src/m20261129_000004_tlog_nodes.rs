//! Stored interior node hashes of the tamper-evident log's Merkle tree (performance):
//! `log_nodes (level, idx, hash)` holds the hash of every complete subtree of height `level ≥ 1`
//! (2^level leaves, covering leaves `idx·2^level .. (idx+1)·2^level`); level 0 is `log_leaves`.
//! The integrator writes the nodes a batch completes in the same transaction as its leaves, so
//! roots and proofs read O(log n) rows instead of every leaf. Append-only (triggers): a node,
//! once complete, never changes.

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LogNodes {
    Table,
    Level,
    Idx,
    Hash,
}

const TABLE: &str = "log_nodes";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LogNodes::Table)
                    .col(ColumnDef::new(LogNodes::Level).integer().not_null())
                    .col(ColumnDef::new(LogNodes::Idx).big_integer().not_null())
                    .col(ColumnDef::new(LogNodes::Hash).string_len(64).not_null())
                    .primary_key(Index::create().col(LogNodes::Level).col(LogNodes::Idx))
                    .to_owned(),
            )
            .await?;
        append_only(manager, TABLE).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_append_only(manager, TABLE).await?;
        manager
            .drop_table(Table::drop().table(LogNodes::Table).to_owned())
            .await
    }
}
