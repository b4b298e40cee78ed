//! One component per page.

pub mod coming_soon;
pub mod dashboard;
pub mod login;
pub mod not_allowed;
pub mod profile;
