//! Authentication and authorization.

pub mod agency_cache;
pub mod guard;
pub mod jwt;
pub mod password;
pub mod sessions;

pub use guard::{Admin, AnyUser, Auth};
