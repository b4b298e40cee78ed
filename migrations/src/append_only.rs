//! Database-enforced append-only tables: `UPDATE` and `DELETE` are refused by triggers, on SQLite
//! and PostgreSQL, so not even a plain SQL statement can alter a record.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

/// Installs triggers refusing `UPDATE` and `DELETE` on `table`.
pub async fn append_only(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DatabaseBackend::Sqlite => {
            for op in ["UPDATE", "DELETE"] {
                let lower = op.to_ascii_lowercase();
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_no_{lower} BEFORE {op} ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
                ))
                .await?;
            }
        }
        DatabaseBackend::Postgres => {
            db.execute_unprepared(
                "CREATE OR REPLACE FUNCTION sanxiang_refuse_change() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN \
                 RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'raise_exception'; \
                 END; $$;",
            )
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION sanxiang_refuse_change();"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} \
                 FOR EACH STATEMENT EXECUTE FUNCTION sanxiang_refuse_change();"
            ))
            .await?;
        }
        DatabaseBackend::MySql => {
            return Err(DbErr::Migration("MySQL is not supported".into()));
        }
    }
    Ok(())
}

/// Removes the triggers installed by [`append_only`] (for `down()` migrations).
pub async fn drop_append_only(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DatabaseBackend::Sqlite => {
            for op in ["update", "delete"] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_no_{op};"))
                    .await?;
            }
        }
        _ => {
            db.execute_unprepared(&format!(
                "DROP TRIGGER IF EXISTS {table}_append_only ON {table};"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};"
            ))
            .await?;
        }
    }
    Ok(())
}
