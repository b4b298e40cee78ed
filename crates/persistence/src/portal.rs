//! The portal API's machinery: API keys (stored as SHA-256 hashes, revocable), webhook
//! endpoints, and the deliveries the webhook dispatcher makes from the change feed (the durable
//! outbox, [`crate::disclosure::feed`]).
//!
//! Several API nodes may run a dispatcher against one database: an endpoint is served by the
//! node holding its lease (a conditional `UPDATE`, valid on SQLite and PostgreSQL alike), so one
//! node at a time turns its feed entries into deliveries and delivers them, in `seq` order.

use crate::disclosure::feed::{self, ChangeKind, StoredChange};
use crate::entity::{api_key, webhook_attempt, webhook_delivery, webhook_endpoint};
use crate::{tlog, Db, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// API keys

/// An API key as listed (never with the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    pub portal: String,
    pub scope: String,
    pub key_prefix: String,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A key to store: its hash, never the key.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub agency_id: Uuid,
    pub name: String,
    pub portal: String,
    pub scope: String,
    pub key_prefix: String,
    pub key_hash: String,
    pub created_by: Uuid,
}

fn key_of(m: api_key::Model) -> ApiKey {
    ApiKey {
        id: m.id,
        agency_id: m.agency_id,
        name: m.name,
        portal: m.portal,
        scope: m.scope,
        key_prefix: m.key_prefix,
        created_by: m.created_by,
        created_at: m.created_at,
        revoked_at: m.revoked_at,
    }
}

/// Stores a new API key (by hash).
#[tracing::instrument(skip_all)]
pub async fn create_api_key(
    db: &Db,
    k: NewApiKey,
    now: DateTime<Utc>,
) -> Result<ApiKey, StoreError> {
    let m = api_key::ActiveModel {
        id: Set(Uuid::new_v4()),
        agency_id: Set(k.agency_id),
        name: Set(k.name),
        portal: Set(k.portal),
        scope: Set(k.scope),
        key_prefix: Set(k.key_prefix),
        key_hash: Set(k.key_hash),
        created_by: Set(k.created_by),
        created_at: Set(now),
        revoked_at: Set(None),
        revoked_by: Set(None),
    }
    .insert(&db.conn())
    .await
    .map_err(|e| StoreError::unique(e, "key"))?;
    Ok(key_of(m))
}

/// Keys of one agency, or of every agency (`None`), newest first.
pub async fn list_api_keys(db: &Db, agency_id: Option<Uuid>) -> Result<Vec<ApiKey>, StoreError> {
    let mut q = api_key::Entity::find();
    if let Some(a) = agency_id {
        q = q.filter(api_key::Column::AgencyId.eq(a));
    }
    Ok(q.order_by_desc(api_key::Column::CreatedAt)
        .order_by_desc(api_key::Column::Id)
        .limit(1000)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(key_of)
        .collect())
}

/// One key.
pub async fn get_api_key(db: &Db, id: Uuid) -> Result<ApiKey, StoreError> {
    api_key::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .map(key_of)
        .ok_or(StoreError::NotFound)
}

/// Revokes a key (idempotent: a revoked key keeps its first revocation time).
#[tracing::instrument(skip_all, fields(key_id = %id))]
pub async fn revoke_api_key(
    db: &Db,
    id: Uuid,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<ApiKey, StoreError> {
    api_key::Entity::update_many()
        .col_expr(api_key::Column::RevokedAt, Expr::value(now))
        .col_expr(api_key::Column::RevokedBy, Expr::value(by))
        .filter(api_key::Column::Id.eq(id))
        .filter(api_key::Column::RevokedAt.is_null())
        .exec(&db.conn())
        .await?;
    get_api_key(db, id).await
}

/// The key with this hash when it exists and is not revoked: (id, scope).
pub async fn active_key_by_hash(
    db: &Db,
    key_hash: &str,
) -> Result<Option<(Uuid, String)>, StoreError> {
    Ok(api_key::Entity::find()
        .select_only()
        .column(api_key::Column::Id)
        .column(api_key::Column::Scope)
        .filter(api_key::Column::KeyHash.eq(key_hash))
        .filter(api_key::Column::RevokedAt.is_null())
        .into_tuple::<(Uuid, String)>()
        .one(&db.conn())
        .await?)
}

// ---------------------------------------------------------------------------------------------
// Webhook endpoints

/// A webhook endpoint as listed (never with its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub url: String,
    pub description: String,
    /// Empty: every event type.
    pub event_types: Vec<String>,
    pub active: bool,
    /// The last feed entry turned into a delivery.
    pub cursor_seq: i64,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An endpoint with what the dispatcher needs to deliver to it.
#[derive(Clone)]
pub struct EndpointTarget {
    pub endpoint: Endpoint,
    /// `whsec_…`.
    pub secret: String,
}

impl std::fmt::Debug for EndpointTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndpointTarget")
            .field("endpoint", &self.endpoint)
            .field("secret", &"***")
            .finish()
    }
}

/// An endpoint to register.
#[derive(Clone)]
pub struct NewEndpoint {
    pub agency_id: Uuid,
    pub url: String,
    pub description: String,
    pub event_types: Vec<String>,
    pub secret: String,
    pub created_by: Uuid,
}

fn endpoint_of(m: &webhook_endpoint::Model) -> Endpoint {
    Endpoint {
        id: m.id,
        agency_id: m.agency_id,
        url: m.url.clone(),
        description: m.description.clone(),
        event_types: serde_json::from_str(&m.event_types).unwrap_or_default(),
        active: m.active,
        cursor_seq: m.cursor_seq,
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// Registers an endpoint. It receives the changes made after its registration (a portal
/// catches up on earlier ones through the change feed).
#[tracing::instrument(skip_all)]
pub async fn create_endpoint(
    db: &Db,
    e: NewEndpoint,
    now: DateTime<Utc>,
) -> Result<Endpoint, StoreError> {
    let head = feed::head(db).await?;
    let m = webhook_endpoint::ActiveModel {
        id: Set(Uuid::new_v4()),
        agency_id: Set(e.agency_id),
        url: Set(e.url),
        description: Set(e.description),
        event_types: Set(serde_json::Value::from(e.event_types).to_string()),
        secret: Set(e.secret),
        active: Set(true),
        cursor_seq: Set(head),
        lease_owner: Set(None),
        lease_until: Set(None),
        created_by: Set(e.created_by),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&db.conn())
    .await?;
    Ok(endpoint_of(&m))
}

/// Endpoints of one agency, or of every agency (`None`), newest first.
pub async fn list_endpoints(db: &Db, agency_id: Option<Uuid>) -> Result<Vec<Endpoint>, StoreError> {
    let mut q = webhook_endpoint::Entity::find();
    if let Some(a) = agency_id {
        q = q.filter(webhook_endpoint::Column::AgencyId.eq(a));
    }
    Ok(q.order_by_desc(webhook_endpoint::Column::CreatedAt)
        .order_by_desc(webhook_endpoint::Column::Id)
        .limit(1000)
        .all(&db.conn())
        .await?
        .iter()
        .map(endpoint_of)
        .collect())
}

/// One endpoint.
pub async fn get_endpoint(db: &Db, id: Uuid) -> Result<Endpoint, StoreError> {
    webhook_endpoint::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .as_ref()
        .map(endpoint_of)
        .ok_or(StoreError::NotFound)
}

/// Changes of an endpoint; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct EndpointChanges {
    pub url: Option<String>,
    pub description: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub active: Option<bool>,
}

/// Changes an endpoint. Re-enabling it does not deliver what happened while it was disabled:
/// its cursor moves to the feed's head (the portal catches up through the change feed).
#[tracing::instrument(skip_all, fields(endpoint_id = %id))]
pub async fn update_endpoint(
    db: &Db,
    id: Uuid,
    c: EndpointChanges,
    now: DateTime<Utc>,
) -> Result<Endpoint, StoreError> {
    let tx = db.begin_write().await?;
    let m = webhook_endpoint::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let was_active = m.active;
    let mut am: webhook_endpoint::ActiveModel = m.into();
    if let Some(u) = c.url {
        am.url = Set(u);
    }
    if let Some(d) = c.description {
        am.description = Set(d);
    }
    if let Some(t) = c.event_types {
        am.event_types = Set(serde_json::Value::from(t).to_string());
    }
    if let Some(a) = c.active {
        if a && !was_active {
            am.cursor_seq = Set(feed::head_in(&tx).await?);
        }
        am.active = Set(a);
    }
    am.updated_at = Set(now);
    let m = am.update(&tx).await?;
    tx.commit().await?;
    Ok(endpoint_of(&m))
}

/// The active endpoints and their cursors (what the dispatcher serves).
pub async fn active_endpoint_cursors(db: &Db) -> Result<Vec<(Uuid, i64)>, StoreError> {
    Ok(webhook_endpoint::Entity::find()
        .select_only()
        .column(webhook_endpoint::Column::Id)
        .column(webhook_endpoint::Column::CursorSeq)
        .filter(webhook_endpoint::Column::Active.eq(true))
        .order_by_asc(webhook_endpoint::Column::Id)
        .into_tuple::<(Uuid, i64)>()
        .all(&db.conn())
        .await?)
}

/// Takes (or renews) the lease of an endpoint for `owner` until `until`; false when another
/// node holds a lease that has not run out. Returns the endpoint with its secret when leased.
pub async fn lease_endpoint(
    db: &Db,
    id: Uuid,
    owner: Uuid,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Option<EndpointTarget>, StoreError> {
    let res = webhook_endpoint::Entity::update_many()
        .col_expr(webhook_endpoint::Column::LeaseOwner, Expr::value(owner))
        .col_expr(webhook_endpoint::Column::LeaseUntil, Expr::value(until))
        .filter(webhook_endpoint::Column::Id.eq(id))
        .filter(webhook_endpoint::Column::Active.eq(true))
        .filter(
            Condition::any()
                .add(webhook_endpoint::Column::LeaseOwner.eq(owner))
                .add(webhook_endpoint::Column::LeaseUntil.is_null())
                .add(webhook_endpoint::Column::LeaseUntil.lt(now)),
        )
        .exec(&db.conn())
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    Ok(webhook_endpoint::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .map(|m| EndpointTarget {
            endpoint: endpoint_of(&m),
            secret: m.secret,
        }))
}

/// Gives up a lease held by `owner`.
pub async fn release_endpoint(db: &Db, id: Uuid, owner: Uuid) -> Result<(), StoreError> {
    webhook_endpoint::Entity::update_many()
        .col_expr(
            webhook_endpoint::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            webhook_endpoint::Column::LeaseOwner,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(webhook_endpoint::Column::Id.eq(id))
        .filter(webhook_endpoint::Column::LeaseOwner.eq(owner))
        .exec(&db.conn())
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Deliveries

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Not yet delivered; retried until its window closes.
    Pending,
    /// The endpoint answered 2xx.
    Succeeded,
    /// The retry window closed without a 2xx answer.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Succeeded => "succeeded",
            DeliveryStatus::Failed => "failed",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "succeeded" => DeliveryStatus::Succeeded,
            "failed" => DeliveryStatus::Failed,
            _ => DeliveryStatus::Pending,
        }
    }
}

/// One event to deliver to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub seq: i64,
    /// The `webhook-id` (the same on every attempt and replay).
    pub event_id: String,
    pub event_type: String,
    /// The exact JSON body that is signed and sent.
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub window_start: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

fn delivery_of(m: webhook_delivery::Model) -> Delivery {
    Delivery {
        id: m.id,
        endpoint_id: m.endpoint_id,
        seq: m.seq,
        event_id: m.event_id,
        event_type: m.event_type,
        payload: m.payload,
        status: DeliveryStatus::parse(&m.status),
        attempts: m.attempts,
        window_start: m.window_start,
        next_attempt_at: m.next_attempt_at,
        last_status_code: m.last_status_code,
        last_error: m.last_error,
        created_at: m.created_at,
        delivered_at: m.delivered_at,
    }
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub attempt: i32,
    pub started_at: DateTime<Utc>,
    pub status_code: Option<i32>,
    pub duration_ms: i64,
    pub error: Option<String>,
}

/// The event type of a change: `<resource_type>.<published|corrected|withdrawn|expired>`.
pub fn event_type(resource_type: &str, change: ChangeKind) -> String {
    let verb = match change {
        ChangeKind::Publish => "published",
        ChangeKind::Correct => "corrected",
        ChangeKind::Withdraw => "withdrawn",
        ChangeKind::Expire => "expired",
    };
    format!("{resource_type}.{verb}")
}

/// The thin event body of a change: ids, type and where to fetch the resource — and, for a
/// change logged in the tamper-evident log, its publication entry (`leaf`), leaf index and the
/// URL of its public inclusion proof, so the portal can check what it fetches against the log.
pub fn event_payload(
    c: &StoredChange,
    leaf: Option<&tlog::PublicationLeaf>,
    base_url: &str,
) -> (String, String, String) {
    let id = format!("evt_{}", c.seq);
    let ty = event_type(&c.resource_type, c.change);
    let base = base_url.trim_end_matches('/');
    let log_index = leaf.and_then(|l| l.index);
    let body = serde_json::json!({
        "id": id,
        "type": ty,
        "resource_type": c.resource_type,
        "resource_id": c.resource_id,
        "version": c.version,
        "resource_url": format!("{base}{}", c.resource_url),
        "seq": c.seq,
        "occurred_at": c.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "leaf": leaf.map(|l| l.canonical.as_str()),
        "log_index": log_index,
        "proof_url": log_index
            .map(|i| format!("{base}/api/public/v1/log/proof/inclusion?index={i}")),
    });
    (id, ty, body.to_string())
}

/// Turns up to `limit` feed entries after the endpoint's cursor into deliveries (those its event
/// filter admits) and moves the cursor, in one transaction. Returns how many entries it read.
/// The caller holds the endpoint's lease; the conditional cursor update and the unique
/// (endpoint, seq) index keep a stale lease holder from adding anything twice.
#[tracing::instrument(skip_all, fields(endpoint_id = %target.endpoint.id))]
pub async fn fan_out(
    db: &Db,
    target: &EndpointTarget,
    base_url: &str,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let ep = &target.endpoint;
    let mut changes = feed::changes_since(db, ep.cursor_seq, limit).await?;
    let seqs: Vec<i64> = changes.iter().map(|c| c.seq).collect();
    let leaves = tlog::publication_leaves(db, &seqs).await?;
    // An event carries its leaf index: a change logged but not yet integrated (the integrator
    // covers it within a tick) waits, with everything after it, for a later round.
    if let Some(wait) = changes
        .iter()
        .position(|c| leaves.get(&c.seq).is_some_and(|l| l.index.is_none()))
    {
        changes.truncate(wait);
    }
    let Some(last) = changes.last().map(|c| c.seq) else {
        return Ok(0);
    };
    let tx = db.begin_write().await?;
    let moved = webhook_endpoint::Entity::update_many()
        .col_expr(webhook_endpoint::Column::CursorSeq, Expr::value(last))
        .filter(webhook_endpoint::Column::Id.eq(ep.id))
        .filter(webhook_endpoint::Column::CursorSeq.eq(ep.cursor_seq))
        .exec(&tx)
        .await?;
    if moved.rows_affected != 1 {
        return Err(StoreError::Concurrent);
    }
    let rows: Vec<webhook_delivery::ActiveModel> = changes
        .iter()
        .filter_map(|c| {
            let (event_id, ty, payload) = event_payload(c, leaves.get(&c.seq), base_url);
            if !ep.event_types.is_empty() && !ep.event_types.contains(&ty) {
                return None;
            }
            Some(webhook_delivery::ActiveModel {
                id: Set(Uuid::new_v4()),
                endpoint_id: Set(ep.id),
                seq: Set(c.seq),
                event_id: Set(event_id),
                event_type: Set(ty),
                payload: Set(payload),
                status: Set(DeliveryStatus::Pending.as_str().to_owned()),
                attempts: Set(0),
                window_start: Set(now),
                next_attempt_at: Set(now),
                last_status_code: Set(None),
                last_error: Set(None),
                created_at: Set(now),
                delivered_at: Set(None),
            })
        })
        .collect();
    if !rows.is_empty() {
        webhook_delivery::Entity::insert_many(rows)
            .exec(&tx)
            .await
            .map_err(|e| StoreError::unique(e, "delivery"))?;
    }
    tx.commit().await?;
    Ok(changes.len())
}

/// The endpoint's oldest pending delivery if it is due: deliveries go out in `seq` order, so a
/// later one waits while an earlier one is being retried.
pub async fn next_due(
    db: &Db,
    endpoint_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Delivery>, StoreError> {
    let head = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .order_by_asc(webhook_delivery::Column::Seq)
        .one(&db.conn())
        .await?;
    Ok(head.filter(|d| d.next_attempt_at <= now).map(delivery_of))
}

/// The result of one attempt.
#[derive(Debug, Clone)]
pub struct AttemptOutcome {
    pub started_at: DateTime<Utc>,
    pub status_code: Option<i32>,
    pub duration_ms: i64,
    pub error: Option<String>,
    /// 2xx.
    pub succeeded: bool,
    /// When to try again after a failure; `None` marks the delivery failed.
    pub retry_at: Option<DateTime<Utc>>,
}

/// Records an attempt (append-only) and its effect on the delivery, in one transaction.
#[tracing::instrument(skip_all, fields(delivery_id = %d.id))]
pub async fn record_attempt(
    db: &Db,
    d: &Delivery,
    o: AttemptOutcome,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let tx = db.begin_write().await?;
    let attempt = d.attempts.saturating_add(1);
    webhook_attempt::ActiveModel {
        id: Set(Uuid::new_v4()),
        delivery_id: Set(d.id),
        endpoint_id: Set(d.endpoint_id),
        attempt: Set(attempt),
        started_at: Set(o.started_at),
        status_code: Set(o.status_code),
        duration_ms: Set(o.duration_ms),
        error: Set(o.error.clone()),
    }
    .insert(&tx)
    .await?;
    let (status, next) = if o.succeeded {
        (DeliveryStatus::Succeeded, d.next_attempt_at)
    } else if let Some(at) = o.retry_at {
        (DeliveryStatus::Pending, at)
    } else {
        (DeliveryStatus::Failed, d.next_attempt_at)
    };
    webhook_delivery::Entity::update_many()
        .col_expr(webhook_delivery::Column::Attempts, Expr::value(attempt))
        .col_expr(
            webhook_delivery::Column::Status,
            Expr::value(status.as_str()),
        )
        .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(next))
        .col_expr(
            webhook_delivery::Column::LastStatusCode,
            Expr::value(o.status_code),
        )
        .col_expr(webhook_delivery::Column::LastError, Expr::value(o.error))
        .col_expr(
            webhook_delivery::Column::DeliveredAt,
            Expr::value(o.succeeded.then_some(now)),
        )
        .filter(webhook_delivery::Column::Id.eq(d.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A page of an endpoint's deliveries, newest first, before `before_seq` when given.
pub async fn list_deliveries(
    db: &Db,
    endpoint_id: Uuid,
    status: Option<DeliveryStatus>,
    before_seq: Option<i64>,
    limit: u64,
) -> Result<Vec<Delivery>, StoreError> {
    let mut q = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id));
    if let Some(s) = status {
        q = q.filter(webhook_delivery::Column::Status.eq(s.as_str()));
    }
    if let Some(b) = before_seq {
        q = q.filter(webhook_delivery::Column::Seq.lt(b));
    }
    Ok(q.order_by_desc(webhook_delivery::Column::Seq)
        .limit(limit)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(delivery_of)
        .collect())
}

/// One delivery.
pub async fn get_delivery(db: &Db, id: Uuid) -> Result<Delivery, StoreError> {
    webhook_delivery::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .map(delivery_of)
        .ok_or(StoreError::NotFound)
}

/// The attempts of a delivery, oldest first.
pub async fn list_attempts(db: &Db, delivery_id: Uuid) -> Result<Vec<Attempt>, StoreError> {
    Ok(webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::DeliveryId.eq(delivery_id))
        .order_by_asc(webhook_attempt::Column::Attempt)
        .order_by_asc(webhook_attempt::Column::StartedAt)
        .limit(10_000)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|a| Attempt {
            attempt: a.attempt,
            started_at: a.started_at,
            status_code: a.status_code,
            duration_ms: a.duration_ms,
            error: a.error,
        })
        .collect())
}

/// Sends a delivery again (an admin's replay): it is pending again with a fresh retry window,
/// due now. Earlier attempts stay in the log.
#[tracing::instrument(skip_all, fields(delivery_id = %id))]
pub async fn replay_delivery(
    db: &Db,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Delivery, StoreError> {
    let res = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Status,
            Expr::value(DeliveryStatus::Pending.as_str()),
        )
        .col_expr(webhook_delivery::Column::WindowStart, Expr::value(now))
        .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(now))
        .filter(webhook_delivery::Column::Id.eq(id))
        .exec(&db.conn())
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::NotFound);
    }
    get_delivery(db, id).await
}

/// How many deliveries of an endpoint wait (for the endpoint list).
pub async fn pending_count(db: &Db, endpoint_id: Uuid) -> Result<u64, StoreError> {
    Ok(webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .count(&db.conn())
        .await?)
}

/// The newest feed entry (seq, when): what every public answer depends on.
pub async fn feed_head(db: &Db) -> Result<Option<(i64, DateTime<Utc>)>, StoreError> {
    feed::head_change(db).await
}

/// Whether the error means the pool was closed (the server is stopping).
pub fn is_pool_closed(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Db(sea_orm::DbErr::ConnectionAcquire(
            sea_orm::ConnAcquireErr::ConnectionClosed
        ))
    )
}
