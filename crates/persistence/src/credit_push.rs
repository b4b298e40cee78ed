//! The credit push connector's store: its cursor in the change feed and its lease (one state
//! row), one delivery per feed entry pushed to the provincial credit platform, and the
//! append-only log of every attempt ([`crate::disclosure::feed`] is the outbox it reads).
//!
//! As with the webhooks ([`crate::portal`]), several API nodes may run the connector against one
//! database: the node holding the lease (a conditional `UPDATE`, valid on SQLite and PostgreSQL
//! alike) moves the cursor and pushes; the conditional cursor update and the unique `seq` index
//! keep a stale lease holder from queueing anything twice.

use crate::disclosure::feed::{self, StoredChange};
use crate::entity::{
    credit_push_attempt, credit_push_delivery, credit_push_state, disclosure, disclosure_version,
};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sanxiang_domain::disclosure::publication::{DecisionSource, PublicDecision};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

const STATE_ROW: i32 = 1;

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushStatus {
    /// Not tried yet, or queued again by a replay.
    Pending,
    /// The platform answered 2xx.
    Delivered,
    /// The last attempt failed; retried at `next_attempt_at` (and the later ones wait).
    Failed,
}

impl PushStatus {
    pub const ALL: [PushStatus; 3] = [Self::Pending, Self::Delivered, Self::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "delivered" => Self::Delivered,
            "failed" => Self::Failed,
            _ => Self::Pending,
        }
    }
}

/// A delivery as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushDelivery {
    pub id: Uuid,
    pub seq: i64,
    pub agency_id: Uuid,
    pub action: String,
    pub template: String,
    pub resource_id: Uuid,
    pub version: i32,
    pub idempotency_key: String,
    /// The exact JSON document sent on every attempt.
    pub payload: String,
    pub status: PushStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

fn delivery_of(m: credit_push_delivery::Model) -> PushDelivery {
    PushDelivery {
        id: m.id,
        seq: m.seq,
        agency_id: m.agency_id,
        action: m.action,
        template: m.template,
        resource_id: m.resource_id,
        version: m.version,
        idempotency_key: m.idempotency_key,
        payload: m.payload,
        status: PushStatus::parse(&m.status),
        attempts: m.attempts,
        next_attempt_at: m.next_attempt_at,
        last_status_code: m.last_status_code,
        last_error: m.last_error,
        created_at: m.created_at,
        updated_at: m.updated_at,
        delivered_at: m.delivered_at,
    }
}

/// A delivery to queue.
#[derive(Debug, Clone)]
pub struct NewPushDelivery {
    pub seq: i64,
    pub agency_id: Uuid,
    pub action: &'static str,
    pub template: &'static str,
    pub resource_id: Uuid,
    pub version: i32,
    pub idempotency_key: String,
    pub payload: String,
}

/// Takes (or renews) the connector's lease for `owner` until `until`. Returns the cursor when
/// leased; `None` when another node holds a lease that has not run out.
pub async fn lease(
    db: &Db,
    owner: Uuid,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    let res = credit_push_state::Entity::update_many()
        .col_expr(credit_push_state::Column::LeaseOwner, Expr::value(owner))
        .col_expr(credit_push_state::Column::LeaseUntil, Expr::value(until))
        .filter(credit_push_state::Column::Id.eq(STATE_ROW))
        .filter(
            Condition::any()
                .add(credit_push_state::Column::LeaseOwner.eq(owner))
                .add(credit_push_state::Column::LeaseUntil.is_null())
                .add(credit_push_state::Column::LeaseUntil.lt(now)),
        )
        .exec(&db.conn())
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    Ok(credit_push_state::Entity::find_by_id(STATE_ROW)
        .one(&db.conn())
        .await?
        .map(|m| m.cursor_seq))
}

/// The connector's cursor: the last feed entry it has read.
pub async fn cursor(db: &Db) -> Result<i64, StoreError> {
    Ok(credit_push_state::Entity::find_by_id(STATE_ROW)
        .one(&db.conn())
        .await?
        .map_or(0, |m| m.cursor_seq))
}

/// Gives up a lease held by `owner`.
pub async fn release(db: &Db, owner: Uuid) -> Result<(), StoreError> {
    credit_push_state::Entity::update_many()
        .col_expr(
            credit_push_state::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            credit_push_state::Column::LeaseOwner,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(credit_push_state::Column::Id.eq(STATE_ROW))
        .filter(credit_push_state::Column::LeaseOwner.eq(owner))
        .exec(&db.conn())
        .await?;
    Ok(())
}

/// The feed entries after `cursor`, oldest first, at most `limit`.
pub async fn changes_after(
    db: &Db,
    cursor: i64,
    limit: u64,
) -> Result<Vec<StoredChange>, StoreError> {
    feed::changes_since(db, cursor, limit).await
}

/// The feed's head (the highest committed `seq`).
pub async fn feed_head(db: &Db) -> Result<i64, StoreError> {
    feed::head(db).await
}

/// A decision as published in `version` (withdrawn or not), with its source (what the
/// template reports but never publishes): `None` when the resource is not a stored decision.
pub async fn published_decision(
    db: &Db,
    resource_id: Uuid,
    version: i32,
) -> Result<Option<(PublicDecision, DecisionSource)>, StoreError> {
    let Some(v) = disclosure_version::Entity::find_by_id((resource_id, version))
        .one(&db.conn())
        .await?
    else {
        return Ok(None);
    };
    let Some(d) = disclosure::Entity::find_by_id(resource_id)
        .one(&db.conn())
        .await?
    else {
        return Ok(None);
    };
    let public: PublicDecision = serde_json::from_str(&v.body)
        .map_err(|e| DbErr::Custom(format!("published version: {e}")))?;
    let source: DecisionSource = serde_json::from_str(&d.source)
        .map_err(|e| DbErr::Custom(format!("disclosure source: {e}")))?;
    Ok(Some((public, source)))
}

/// Queues `rows` and moves the cursor from `cursor` to `to`, in one transaction; fails with
/// [`StoreError::Concurrent`] when the cursor moved meanwhile (another node's lease).
#[tracing::instrument(skip_all, fields(from = cursor, to = to))]
pub async fn enqueue(
    db: &Db,
    cursor: i64,
    to: i64,
    rows: Vec<NewPushDelivery>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let tx = db.begin_write().await?;
    let moved = credit_push_state::Entity::update_many()
        .col_expr(credit_push_state::Column::CursorSeq, Expr::value(to))
        .filter(credit_push_state::Column::Id.eq(STATE_ROW))
        .filter(credit_push_state::Column::CursorSeq.eq(cursor))
        .exec(&tx)
        .await?;
    if moved.rows_affected != 1 {
        return Err(StoreError::Concurrent);
    }
    let rows: Vec<credit_push_delivery::ActiveModel> = rows
        .into_iter()
        .map(|r| credit_push_delivery::ActiveModel {
            id: Set(Uuid::new_v4()),
            seq: Set(r.seq),
            agency_id: Set(r.agency_id),
            action: Set(r.action.to_owned()),
            template: Set(r.template.to_owned()),
            resource_id: Set(r.resource_id),
            version: Set(r.version),
            idempotency_key: Set(r.idempotency_key),
            payload: Set(r.payload),
            status: Set(PushStatus::Pending.as_str().to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_status_code: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            delivered_at: Set(None),
        })
        .collect();
    if !rows.is_empty() {
        credit_push_delivery::Entity::insert_many(rows)
            .exec(&tx)
            .await
            .map_err(|e| StoreError::unique(e, "delivery"))?;
    }
    tx.commit().await?;
    Ok(())
}

/// The oldest delivery not yet delivered, if it is due. Deliveries go out in feed order: while
/// it waits for its retry, the later ones wait too, so a correction or withdrawal never
/// overtakes the publication it changes.
pub async fn next_due(db: &Db, now: DateTime<Utc>) -> Result<Option<PushDelivery>, StoreError> {
    let head = credit_push_delivery::Entity::find()
        .filter(credit_push_delivery::Column::Status.ne(PushStatus::Delivered.as_str()))
        .order_by_asc(credit_push_delivery::Column::Seq)
        .one(&db.conn())
        .await?;
    Ok(head.filter(|d| d.next_attempt_at <= now).map(delivery_of))
}

/// The result of one attempt.
#[derive(Debug, Clone)]
pub struct PushOutcome {
    pub started_at: DateTime<Utc>,
    pub status_code: Option<i32>,
    pub duration_ms: i64,
    pub error: Option<String>,
    /// 2xx.
    pub delivered: bool,
    /// When to try again after a failure.
    pub retry_at: DateTime<Utc>,
}

/// Records an attempt (append-only) and its effect on the delivery, in one transaction.
#[tracing::instrument(skip_all, fields(delivery_id = %d.id, seq = d.seq))]
pub async fn record_attempt(
    db: &Db,
    d: &PushDelivery,
    o: PushOutcome,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let tx = db.begin_write().await?;
    let attempt = d.attempts.saturating_add(1);
    credit_push_attempt::ActiveModel {
        id: Set(Uuid::new_v4()),
        delivery_id: Set(d.id),
        attempt: Set(attempt),
        replay: Set(d.delivered_at.is_some()),
        started_at: Set(o.started_at),
        status_code: Set(o.status_code),
        duration_ms: Set(o.duration_ms),
        error: Set(o.error.clone()),
    }
    .insert(&tx)
    .await?;
    let (status, next, delivered_at) = if o.delivered {
        (PushStatus::Delivered, d.next_attempt_at, Some(now))
    } else {
        (PushStatus::Failed, o.retry_at, d.delivered_at)
    };
    credit_push_delivery::Entity::update_many()
        .col_expr(credit_push_delivery::Column::Attempts, Expr::value(attempt))
        .col_expr(
            credit_push_delivery::Column::Status,
            Expr::value(status.as_str()),
        )
        .col_expr(
            credit_push_delivery::Column::NextAttemptAt,
            Expr::value(next),
        )
        .col_expr(
            credit_push_delivery::Column::LastStatusCode,
            Expr::value(o.status_code),
        )
        .col_expr(
            credit_push_delivery::Column::LastError,
            Expr::value(o.error),
        )
        .col_expr(credit_push_delivery::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            credit_push_delivery::Column::DeliveredAt,
            Expr::value(delivered_at),
        )
        .filter(credit_push_delivery::Column::Id.eq(d.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A page of an agency's deliveries, newest first, before `before_seq` when given.
pub async fn list_deliveries(
    db: &Db,
    agency_id: Uuid,
    status: Option<PushStatus>,
    before_seq: Option<i64>,
    limit: u64,
) -> Result<Vec<PushDelivery>, StoreError> {
    let mut q = credit_push_delivery::Entity::find()
        .filter(credit_push_delivery::Column::AgencyId.eq(agency_id));
    if let Some(s) = status {
        q = q.filter(credit_push_delivery::Column::Status.eq(s.as_str()));
    }
    if let Some(b) = before_seq {
        q = q.filter(credit_push_delivery::Column::Seq.lt(b));
    }
    Ok(q.order_by_desc(credit_push_delivery::Column::Seq)
        .limit(limit)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(delivery_of)
        .collect())
}

/// What to send again.
#[derive(Debug, Clone, Copy)]
pub enum Replay {
    /// One delivery.
    Delivery(Uuid),
    /// Every delivery from this feed position on.
    FromSeq(i64),
}

/// Queues an agency's deliveries again (an admin's replay): pending, due now, sent in feed order
/// with their original idempotency keys. Earlier attempts stay in the log; the new ones are
/// appended to it. Returns how many were queued; another agency's delivery is not found.
#[tracing::instrument(skip_all, fields(agency_id = %agency_id))]
pub async fn replay(
    db: &Db,
    agency_id: Uuid,
    what: Replay,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut q = credit_push_delivery::Entity::update_many()
        .col_expr(
            credit_push_delivery::Column::Status,
            Expr::value(PushStatus::Pending.as_str()),
        )
        .col_expr(
            credit_push_delivery::Column::NextAttemptAt,
            Expr::value(now),
        )
        .col_expr(credit_push_delivery::Column::UpdatedAt, Expr::value(now))
        .filter(credit_push_delivery::Column::AgencyId.eq(agency_id));
    q = match what {
        Replay::Delivery(id) => q.filter(credit_push_delivery::Column::Id.eq(id)),
        Replay::FromSeq(seq) => q.filter(credit_push_delivery::Column::Seq.gte(seq)),
    };
    let n = q.exec(&db.conn()).await?.rows_affected;
    if n == 0 && matches!(what, Replay::Delivery(_)) {
        return Err(StoreError::NotFound);
    }
    Ok(n)
}

/// Deliveries by status (for the metrics; `pending` and `failed` are the backlog).
pub async fn status_counts(db: &Db) -> Result<Vec<(PushStatus, u64)>, StoreError> {
    let mut out = Vec::new();
    for s in PushStatus::ALL {
        let n = credit_push_delivery::Entity::find()
            .filter(credit_push_delivery::Column::Status.eq(s.as_str()))
            .count(&db.conn())
            .await?;
        out.push((s, n));
    }
    Ok(out)
}

/// Failed attempts (no answer, or an answer other than 2xx), all time.
pub async fn failed_attempts(db: &Db) -> Result<u64, StoreError> {
    Ok(credit_push_attempt::Entity::find()
        .filter(
            Condition::any()
                .add(credit_push_attempt::Column::StatusCode.is_null())
                .add(credit_push_attempt::Column::StatusCode.lt(200))
                .add(credit_push_attempt::Column::StatusCode.gte(300)),
        )
        .count(&db.conn())
        .await?)
}

/// The attempts of a delivery, oldest first: (attempt, replay, status code, error).
pub async fn attempts(
    db: &Db,
    delivery_id: Uuid,
) -> Result<Vec<(i32, bool, Option<i32>, Option<String>)>, StoreError> {
    Ok(credit_push_attempt::Entity::find()
        .filter(credit_push_attempt::Column::DeliveryId.eq(delivery_id))
        .order_by_asc(credit_push_attempt::Column::Attempt)
        .limit(10_000)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|a| (a.attempt, a.replay, a.status_code, a.error))
        .collect())
}
