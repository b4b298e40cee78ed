//! sea-orm entities. They never leave this crate: repositories return domain types.

pub mod agency;
pub mod auditor_grant;
pub mod auditor_read;
pub mod auth_event;
pub mod blob;
pub mod blob_owner;
pub mod calendar_day;
pub mod calendar_year;
pub mod case;
pub mod case_counter;
pub mod case_officer;
pub mod case_record;
pub mod certificate;
pub mod log_checkpoint;
pub mod log_entry;
pub mod log_leaf;
pub mod log_node;
pub mod log_pending;
pub mod login_throttle;
pub mod officer_profile;
pub mod record_attachment;
pub mod refresh_token;
pub mod user;
pub mod user_role;
