//! `public_decisions` (what the public API serves now) is a projection rebuilt by deleting a
//! decision's row and inserting its new version, never by updating a row: the database now
//! refuses `UPDATE` (and `TRUNCATE` on PostgreSQL), so a published body cannot be edited in
//! place. Deleting stays possible (a correction, withdrawal or expiry removes the row in the
//! transaction that writes its log entry); `sanxiang verify` checks every row against the log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE TRIGGER public_decisions_no_update BEFORE UPDATE ON public_decisions \
                     BEGIN SELECT RAISE(ABORT, 'public_decisions rows are never updated'); END;",
                )
                .await?;
            }
            DatabaseBackend::Postgres => {
                // `sanxiang_refuse_change()` is installed by the first append-only table.
                db.execute_unprepared(
                    "CREATE TRIGGER public_decisions_no_update BEFORE UPDATE ON public_decisions \
                     FOR EACH ROW EXECUTE FUNCTION sanxiang_refuse_change();",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER public_decisions_no_truncate BEFORE TRUNCATE ON public_decisions \
                     FOR EACH STATEMENT EXECUTE FUNCTION sanxiang_refuse_change();",
                )
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
                db.execute_unprepared("DROP TRIGGER IF EXISTS public_decisions_no_update;")
                    .await?;
            }
            _ => {
                for t in ["public_decisions_no_update", "public_decisions_no_truncate"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {t} ON public_decisions;"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }
}
