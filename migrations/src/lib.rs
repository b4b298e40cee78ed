//! Schema migrations. Each migration is one file, named after it (`DeriveMigrationName`), with a
//! `down()`. Every table works on SQLite and PostgreSQL. Append-only tables are enforced by
//! triggers in the database itself (see [`append_only`]).

pub use sea_orm_migration::prelude::*;

mod append_only;
mod m20261129_000001_accounts;
mod m20261129_000002_cases;
mod m20261129_000003_tlog;
mod m20261129_000004_tlog_nodes;
mod m20261129_000005_review;
mod m20261129_000006_case_seq;
mod m20261129_000007_disclosure;
mod m20261129_000008_discretion;
mod m20261129_000009_registers;
mod m20261129_000010_portal;
mod m20261129_000011_inspections;
mod m20261129_000012_snapshots;
mod m20261207_000013_public_decisions_guard;
mod m20261207_000020_review_experience;
mod m20261207_000021_auth_events_log;
mod m20261207_000030_disclosure_due_and_persons;
mod m20261207_000040_documents;
mod m20261207_000060_credit_push;
mod m20261207_000061_log_publications;

pub use append_only::{append_only, drop_append_only};

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_accounts::Migration),
            Box::new(m20261129_000002_cases::Migration),
            Box::new(m20261129_000003_tlog::Migration),
            Box::new(m20261129_000004_tlog_nodes::Migration),
            Box::new(m20261129_000005_review::Migration),
            Box::new(m20261129_000006_case_seq::Migration),
            Box::new(m20261129_000007_disclosure::Migration),
            Box::new(m20261129_000008_discretion::Migration),
            Box::new(m20261129_000009_registers::Migration),
            Box::new(m20261129_000010_portal::Migration),
            Box::new(m20261129_000011_inspections::Migration),
            Box::new(m20261129_000012_snapshots::Migration),
            Box::new(m20261207_000013_public_decisions_guard::Migration),
            Box::new(m20261207_000020_review_experience::Migration),
            Box::new(m20261207_000021_auth_events_log::Migration),
            Box::new(m20261207_000030_disclosure_due_and_persons::Migration),
            Box::new(m20261207_000040_documents::Migration),
            Box::new(m20261207_000060_credit_push::Migration),
            Box::new(m20261207_000061_log_publications::Migration),
        ]
    }
}
