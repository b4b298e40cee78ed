//! Authentication and authorization.

pub mod guard;
pub mod jwt;
pub mod password;

pub use guard::{Admin, AnyUser, Auth};
