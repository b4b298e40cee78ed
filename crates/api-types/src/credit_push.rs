//! The credit push connector's delivery log (`/exchange/credit/push/…`): one delivery per
//! decision publication, correction and withdrawal pushed to the provincial credit platform.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a push stands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// Not tried yet, or queued again by a replay.
    Pending,
    /// The platform answered 2xx.
    Delivered,
    /// The last attempt failed; it is retried with back-off, and later pushes wait behind it.
    Failed,
}

/// What a push tells the platform.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PushAction {
    /// A decision published.
    Publish,
    /// A published decision corrected (a new version).
    Correct,
    /// A published decision withdrawn (its identifying fields and the reason).
    Withdraw,
}

/// One feed entry pushed (or to push) to the provincial credit platform.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct PushDelivery {
    pub id: Uuid,
    /// The change-feed sequence number.
    pub seq: i64,
    pub action: PushAction,
    /// `penalty` (行政处罚信息) or `licence` (行政许可信息).
    pub template: sanxiang_domain::disclosure::credit::TemplateKind,
    /// The decision (its disclosure id, as in the public API).
    pub resource_id: Uuid,
    /// The published version pushed (the withdrawn one for a withdrawal).
    pub version: i32,
    /// Sent in the document and as `Idempotency-Key`: the same on retries and replays.
    pub idempotency_key: String,
    pub status: PushStatus,
    /// Attempts so far, replays included.
    pub attempts: i32,
    /// When it is (re)tried next, while not delivered.
    pub next_attempt_at: DateTime<Utc>,
    /// The platform's last HTTP status, absent when it did not answer.
    pub last_status_code: Option<i32>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the platform last accepted it.
    pub delivered_at: Option<DateTime<Utc>>,
}

/// A page of pushes, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushDeliveryList {
    pub items: Vec<PushDelivery>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next: Option<i64>,
}

/// Filters of the push log.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PushDeliveryQuery {
    /// Only pushes in this state.
    #[serde(default)]
    #[param(inline)]
    pub status: Option<PushStatus>,
    /// Pushes with a sequence number below this (the `next` of the previous page).
    #[serde(default, deserialize_with = "crate::query::signed_position")]
    #[param(minimum = 0)]
    pub before: Option<i64>,
    /// Page size, 1–200 (default 50).
    #[serde(default, deserialize_with = "crate::query::limit::<_, 1, 200>")]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// `POST /exchange/credit/push/replay`: send again one delivery (`delivery_id`) or every
/// delivery of the agency from a feed position on (`from_seq`) — exactly one of the two.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum PushReplay {
    /// One delivery.
    Delivery(ReplayDelivery),
    /// Every delivery from a feed position on.
    FromSeq(ReplayFromSeq),
}

/// Nothing beyond the schema: `from_seq`'s sign is checked where it is used.
impl validator::Validate for PushReplay {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

/// Send one delivery again.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayDelivery {
    pub delivery_id: Uuid,
}

/// Send every delivery from a feed position on again.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayFromSeq {
    #[schema(minimum = 0)]
    pub from_seq: i64,
}

/// How many pushes were queued again.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PushReplayed {
    pub queued: u64,
}
