//! Authentication and authorization.

pub mod agency_cache;
pub mod guard;
pub mod jwt;
pub mod password;

pub use guard::{Admin, AnyUser, Auth};
