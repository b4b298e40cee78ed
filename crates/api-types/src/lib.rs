//! Request and response bodies of the Sanxiang REST API.
//!
//! These types are the public contract: the server and the frontend both compile them, and the
//! OpenAPI document is generated from them. Request bodies reject unknown fields.

pub mod auth;
pub mod blobs;
pub mod calendar;
pub mod cases;
pub mod credit_push;
pub mod disclosure;
pub mod discretion;
pub mod documents;
pub mod inspections;
pub mod log;
pub mod officers;
pub mod org;
pub mod periods;
pub mod portal;
pub mod problem;
pub mod query;
pub mod recusals;
pub mod registers;
pub mod review;
pub mod supervision;
pub mod system;
pub mod workbench;

pub use sanxiang_domain::account::Role;
