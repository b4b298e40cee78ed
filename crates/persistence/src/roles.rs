//! Database roles (PostgreSQL): the schema belongs to an owner role that runs the migrations;
//! the server connects as an application role that owns nothing. Only an owner (or a superuser)
//! can `ALTER TABLE … DISABLE TRIGGER` or `SET session_replication_role = replica`, which turn
//! the append-only triggers off; the application role can do neither, so the server's own
//! credentials cannot rewrite a record.

use crate::{Db, StoreError};
use sanxiang_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};
use std::collections::HashSet;

/// A role name usable as a quoted identifier: ASCII letters, digits and `_`, at most 63 bytes.
pub fn valid_role(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Grants `role` what the server needs and nothing more, as the owner, after the migrations:
/// `SELECT, INSERT, UPDATE, DELETE` on every table and `USAGE, SELECT, UPDATE` on every sequence
/// of the schema, and the same by default on tables and sequences the owner creates later;
/// `CREATE` on the schema is taken from everyone but the owner. The append-only triggers refuse
/// updates and deletes on their tables whatever the grants. PostgreSQL only (SQLite has no roles).
pub async fn grant_app_role(owner: &Db, role: &str) -> Result<(), StoreError> {
    if owner.backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    if !valid_role(role) {
        return Err(StoreError::Db(DbErr::Custom(format!(
            "application role `{role}`: use letters, digits and `_` only"
        ))));
    }
    let conn = &owner.conn();
    let schema: String = conn
        .query_one(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT current_schema() AS s",
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("no current schema".into()))?
        .try_get("", "s")?;
    if !valid_role(&schema) {
        return Err(StoreError::Db(DbErr::Custom(format!(
            "schema `{schema}`: unexpected name"
        ))));
    }
    let exists = conn
        .query_one(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT 1 AS one FROM pg_roles WHERE rolname = $1",
            [role.into()],
        ))
        .await?
        .is_some();
    if !exists {
        return Err(StoreError::Db(DbErr::Custom(format!(
            "the application role `{role}` does not exist: create it first (CREATE ROLE {role} LOGIN PASSWORD …)"
        ))));
    }
    for stmt in [
        format!("REVOKE CREATE ON SCHEMA \"{schema}\" FROM PUBLIC"),
        format!("GRANT USAGE ON SCHEMA \"{schema}\" TO \"{role}\""),
        format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"{schema}\" TO \"{role}\""
        ),
        format!("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA \"{schema}\" TO \"{role}\""),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA \"{schema}\" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \"{role}\""
        ),
        format!(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA \"{schema}\" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO \"{role}\""
        ),
    ] {
        conn.execute_unprepared(&stmt).await?;
    }
    Ok(())
}

/// The migrations not applied yet, read without writing anything (the application role may not
/// create the migrations table, which sea-orm's own check would try to).
pub async fn pending_migrations(db: &Db) -> Result<Vec<String>, StoreError> {
    let rows = db
        .conn()
        .query_all(Statement::from_string(
            db.backend(),
            "SELECT version FROM seaql_migrations",
        ))
        .await;
    let applied: HashSet<String> = match rows {
        Ok(rows) => rows
            .iter()
            .map(|r| r.try_get::<String>("", "version"))
            .collect::<Result<_, _>>()?,
        // No migrations table: nothing was ever applied.
        Err(_) => HashSet::new(),
    };
    Ok(Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .filter(|n| !applied.contains(n))
        .collect())
}

/// Whether the connected role owns the schema's tables or is a superuser (PostgreSQL; on SQLite
/// always true): then it could turn the append-only triggers off.
pub async fn can_disable_triggers(db: &Db) -> Result<bool, StoreError> {
    if db.backend() != DatabaseBackend::Postgres {
        return Ok(true);
    }
    let row = db
        .conn()
        .query_one(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) \
             OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() \
                        AND pg_has_role(current_user, tableowner, 'USAGE')) AS can",
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<bool>("", "can")?,
        None => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_are_plain_identifiers() {
        assert!(valid_role("sanxiang_app"));
        assert!(!valid_role(""));
        assert!(!valid_role("a\"; DROP TABLE x; --"));
        assert!(!valid_role(&"a".repeat(64)));
    }
}
