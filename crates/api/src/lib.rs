//! The Sanxiang HTTP API: actix-web handlers, extractors, auth, configuration and OpenAPI.

pub mod app;
pub mod appender;
pub mod auth;
pub mod bootstrap;
pub mod clock;
pub mod config;
pub mod credit_push;
pub mod demo;
pub mod documents;
pub mod error;
pub mod extract;
pub mod integrator;
pub mod metrics;
pub mod openapi;
pub mod portal;
pub mod request_id;
pub mod routes;
pub mod shutdown;
pub mod state;
pub mod static_files;
pub mod store_migrate;
pub mod telemetry;
pub mod verify;
pub mod verify_draw;
pub mod verify_restore;

pub use app::Application;
pub use config::Config;
