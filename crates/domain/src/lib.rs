//! Sanxiang domain: the rules of the three systems of administrative law enforcement as pure code.
//!
//! Nothing here performs I/O or reads the clock (clippy `disallowed-methods` enforces the latter);
//! time and configuration are parameters, so every rule is a table-driven unit test away from
//! its article of law.

pub mod account;
pub mod calendar;
pub mod case;
pub mod disclosure;
pub mod document;
pub mod inspection;
pub mod party;
pub mod review;
pub mod supervision;
pub mod tlog;
