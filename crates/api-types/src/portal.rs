//! Portal access: API keys of registered portals and webhook endpoints (即时推送) with their
//! delivery log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Creates an API key for a portal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "省级公示平台", "portal": "辽宁省行政执法公示平台", "scope": "read"}))]
pub struct CreateApiKey {
    /// What the key is for.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// The portal (site or organisation) using it.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub portal: String,
    /// Only `read` exists.
    #[serde(default = "read_scope")]
    pub scope: ApiKeyScope,
}

fn read_scope() -> ApiKeyScope {
    ApiKeyScope::Read
}

/// What a key may do.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyScope {
    /// Read `/api/public/v1` with the higher rate limit of registered portals.
    Read,
}

/// An API key, without the key.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ApiKey {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    pub portal: String,
    pub scope: ApiKeyScope,
    /// The key's first characters, to tell keys apart.
    pub key_prefix: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A key just created: the only time `key` is shown. Only its SHA-256 is stored.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub api_key: ApiKey,
    /// Send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>`.
    #[schema(example = "sxk_3q2+7w…")]
    pub key: String,
}

/// A list of API keys.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyList {
    pub items: Vec<ApiKey>,
}

/// Registers a webhook endpoint.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://portal.example.gov.cn/hooks/sanxiang", "description": "县政府门户网站", "event_types": ["decision.published", "decision.withdrawn"]}))]
pub struct CreateWebhook {
    /// `https` URL that receives the events (POST, JSON); plain `http` only in `serve --demo`.
    /// Addresses in private networks are refused unless `[portal]`
    /// `webhook_allow_private_networks` is set.
    #[validate(length(min = 8, max = 2000))]
    #[schema(min_length = 8, max_length = 2000)]
    pub url: String,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub description: String,
    /// Event types to receive (e.g. `decision.published`); empty or absent means all.
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub event_types: Vec<String>,
}

/// Changes a webhook endpoint. Absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    #[serde(default)]
    #[validate(length(min = 8, max = 2000))]
    #[schema(min_length = 8, max_length = 2000)]
    pub url: Option<String>,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub description: Option<String>,
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub event_types: Option<Vec<String>>,
    /// `false` stops deliveries; `true` resumes them from the changes made from then on.
    #[serde(default)]
    pub active: Option<bool>,
}

/// A webhook endpoint, without its secret.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Webhook {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub url: String,
    pub description: String,
    pub event_types: Vec<String>,
    pub active: bool,
    /// The last change-feed sequence number queued for this endpoint.
    pub cursor_seq: i64,
    /// Deliveries not yet made.
    pub pending: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A webhook endpoint just registered: the only time `secret` is shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. Verify
    /// `webhook-signature` = `v1,` + base64(HMAC-SHA256(secret bytes, "{webhook-id}.{webhook-timestamp}.{body}")).
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
}

/// A list of webhook endpoints.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookList {
    pub items: Vec<Webhook>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its (next) attempt.
    Pending,
    /// The endpoint answered 2xx.
    Succeeded,
    /// No 2xx answer within the retry window (24 hours by default); can be replayed.
    Failed,
}

/// One event delivered (or to deliver) to one endpoint.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Delivery {
    pub id: Uuid,
    pub webhook_id: Uuid,
    /// The change-feed sequence number of the event.
    pub seq: i64,
    /// The `webhook-id` header (the same on retries and replays).
    pub event_id: String,
    /// e.g. `decision.published`.
    pub event_type: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The JSON body sent.
    pub payload: serde_json::Value,
}

/// A page of deliveries, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeliveryList {
    pub items: Vec<Delivery>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next: Option<i64>,
}

/// Filters of the delivery log.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries in this state.
    #[serde(default)]
    pub status: Option<DeliveryStatus>,
    /// Deliveries with a sequence number below this (the `next` of the previous page).
    #[serde(default, deserialize_with = "crate::query::signed_position")]
    #[param(minimum = 0)]
    pub before: Option<i64>,
    /// Page size, 1–200 (default 50).
    #[serde(default, deserialize_with = "crate::query::limit::<_, 1, 200>")]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// One attempt of a delivery.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct DeliveryAttempt {
    pub attempt: i32,
    pub started_at: DateTime<Utc>,
    /// The endpoint's HTTP status, absent when it did not answer.
    pub status_code: Option<i32>,
    pub duration_ms: i64,
    /// Why it failed (timeout, connection refused, non-2xx status, …).
    pub error: Option<String>,
}

/// A delivery with its attempts (`attempts` is the delivery's count, `attempt_log` the list).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct DeliveryDetail {
    #[serde(flatten)]
    pub delivery: Delivery,
    pub attempt_log: Vec<DeliveryAttempt>,
}
