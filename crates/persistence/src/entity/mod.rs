//! sea-orm entities. They never leave this crate: repositories return domain types.

pub mod agency;
pub mod auditor_grant;
pub mod auth_event;
pub mod login_throttle;
pub mod refresh_token;
pub mod user;
pub mod user_role;
