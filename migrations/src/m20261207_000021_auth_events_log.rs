//! From this migration on, every authentication event (`auth_events`) is a log entry written in
//! the same transaction as its row, with the event's id as the entry's id (see
//! `sanxiang_persistence::tlog::auth_entry`). No table changes: the migration marks the point
//! past which a database holds sign-in history to the log, and upgrading past it writes the
//! entries of the events recorded before, once (`sanxiang_api::bootstrap::migrate_and_backfill`).
//! Rolling it back leaves the entries in the log: it is append-only.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
