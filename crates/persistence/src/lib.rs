//! Persistence: the database connection, migrations, and repositories that map rows to domain
//! types. Every state change is one transaction; handlers never see an entity.

mod entity;
mod error;

pub mod accounts;
pub mod annual_reports;
pub mod auth_store;
pub mod blob;
pub mod calendar;
pub mod cases;
pub mod credit_push;
pub mod db;
pub mod disclosure;
pub mod discretion;
pub mod documents;
pub mod inspections;
pub mod officers;
pub mod ops;
pub mod portal;
pub mod public_officers;
pub mod registers;
pub mod review;
pub mod roles;
pub mod supervision;
pub mod tlog;
pub mod workbench;

pub use db::{Db, FirstStartLock};
pub use error::StoreError;
