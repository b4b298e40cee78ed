//! The API suite: the real server on port 0, spoken to over HTTP, once on a fresh SQLite file
//! and once on a fresh PostgreSQL database per test (`SANXIANG_TEST_PG_URL`, default
//! `postgres://postgres@127.0.0.1:5432/postgres`). When PostgreSQL cannot be reached the suite
//! fails if `CI` is set and prints a loud skip otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod helpers;

mod admin;
mod auth;
mod authz;
mod bad_input;
mod blobs;
mod calendar;
mod cases;
mod credit;
mod credit_push;
mod demo;
mod deployment;
mod disclosure;
mod disclosure_holdings;
mod discretion;
mod documents;
mod execution;
mod hardening;
mod inspections;
mod nodes;
mod officers;
mod ops;
mod periods;
mod portal;
mod portal_proofs;
mod procedure;
mod procs;
mod registers;
mod review;
mod s3;
mod store;
mod supervision;
mod system;
mod tlog;
mod workbench;
