//! The public change feed: every publish, correction, withdrawal and expiry of anything public,
//! in one strictly increasing sequence. It is also the durable outbox of the webhooks, and each
//! change is a log entry of the tamper-evident log, written in the same transaction
//! (`tlog::publication`).
//!
//! `seq` is handed out by the one row of `disclosure_feed_head` with `UPDATE … RETURNING`: the
//! row lock is held until the writing transaction commits, so changes commit in `seq` order and a
//! reader that saw `seq = n` will never later see a smaller number appear.

use crate::entity::{disclosure_change, disclosure_feed_head};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a change did to the public resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// First publication.
    Publish,
    /// A new version replacing a published one.
    Correct,
    /// Taken down with a reason (a tombstone).
    Withdraw,
    /// Reached the end of its publication period (a tombstone).
    Expire,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Publish => "publish",
            ChangeKind::Correct => "correct",
            ChangeKind::Withdraw => "withdraw",
            ChangeKind::Expire => "expire",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "publish" => ChangeKind::Publish,
            "correct" => ChangeKind::Correct,
            "withdraw" => ChangeKind::Withdraw,
            "expire" => ChangeKind::Expire,
            other => {
                return Err(StoreError::Db(DbErr::Custom(format!(
                    "stored change kind `{other}`"
                ))))
            }
        })
    }

    /// Whether the resource is gone from the public lists after this change.
    pub fn is_tombstone(self) -> bool {
        matches!(self, ChangeKind::Withdraw | ChangeKind::Expire)
    }
}

/// A change to write.
#[derive(Debug, Clone)]
pub struct NewChange {
    pub agency_id: Uuid,
    /// `decision`, `inspection_result`, `register`, `annual_report`, …
    pub resource_type: &'static str,
    /// The stable id of the public resource (all its versions share it).
    pub resource_id: Uuid,
    /// The version of the resource this change makes public (of the tombstoned one for tombstones).
    pub version: i32,
    pub change: ChangeKind,
    /// Public URL path of the resource.
    pub resource_url: String,
    /// The public representation; `None` for tombstones.
    pub body: Option<serde_json::Value>,
    /// Reason of a withdrawal or correction.
    pub reason: Option<String>,
}

/// A change as stored.
#[derive(Debug, Clone)]
pub struct StoredChange {
    pub seq: i64,
    pub agency_id: Uuid,
    pub resource_type: String,
    pub resource_id: Uuid,
    pub version: i32,
    pub change: ChangeKind,
    pub resource_url: String,
    /// The public representation exactly as stored (checked to be JSON, never re-encoded).
    pub body: Option<Box<serde_json::value::RawValue>>,
    pub reason: Option<String>,
    pub occurred_at: DateTime<Utc>,
}

/// Appends a change inside the caller's transaction and returns its `seq`. Writers are
/// serialised on the feed head until they commit.
pub async fn append_change_in<C: ConnectionTrait>(
    conn: &C,
    c: NewChange,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let stmt = Query::update()
        .table(disclosure_feed_head::Entity)
        .value(
            disclosure_feed_head::Column::Seq,
            Expr::col(disclosure_feed_head::Column::Seq).add(1),
        )
        .and_where(disclosure_feed_head::Column::Id.eq(1))
        .returning(Query::returning().column(disclosure_feed_head::Column::Seq))
        .to_owned();
    let backend = conn.get_database_backend();
    let row = conn
        .query_one(backend.build(&stmt))
        .await?
        .ok_or_else(|| DbErr::Custom("the change feed head row is missing".into()))?;
    let seq: i64 = row.try_get("", "seq")?;
    // The change is also a log entry, in this same transaction: what is public can be checked
    // against the log (`sanxiang verify`).
    crate::tlog::log_publication(
        conn,
        &crate::tlog::PublicationRef {
            seq,
            agency_id: c.agency_id,
            resource_type: c.resource_type,
            resource_id: c.resource_id,
            version: c.version,
            change: c.change.as_str(),
            resource_url: &c.resource_url,
            body: c.body.as_ref(),
            reason: c.reason.as_deref(),
        },
        now,
    )
    .await?;
    disclosure_change::ActiveModel {
        seq: Set(seq),
        agency_id: Set(c.agency_id),
        resource_type: Set(c.resource_type.to_owned()),
        resource_id: Set(c.resource_id),
        version: Set(c.version),
        change: Set(c.change.as_str().to_owned()),
        resource_url: Set(c.resource_url),
        body: Set(c.body.map(|b| b.to_string())),
        reason: Set(c.reason),
        occurred_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(seq)
}

fn to_stored(m: disclosure_change::Model) -> Result<StoredChange, StoreError> {
    Ok(StoredChange {
        seq: m.seq,
        agency_id: m.agency_id,
        resource_type: m.resource_type,
        resource_id: m.resource_id,
        version: m.version,
        change: ChangeKind::parse(&m.change)?,
        resource_url: m.resource_url,
        body: m
            .body
            .map(serde_json::value::RawValue::from_string)
            .transpose()
            .map_err(|e| DbErr::Custom(format!("stored change body: {e}")))?,
        reason: m.reason,
        occurred_at: m.occurred_at,
    })
}

/// The changes after `since`, oldest first, at most `limit`.
pub async fn changes_since(
    db: &Db,
    since: i64,
    limit: u64,
) -> Result<Vec<StoredChange>, StoreError> {
    disclosure_change::Entity::find()
        .filter(disclosure_change::Column::Seq.gt(since))
        .order_by_asc(disclosure_change::Column::Seq)
        .limit(limit)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}

/// The highest committed `seq` (0 when nothing was ever published).
pub async fn head(db: &Db) -> Result<i64, StoreError> {
    head_in(&db.conn()).await
}

/// [`head`] on the caller's connection or transaction (a transaction that holds the write lock
/// reads it there instead of waiting for a second connection of the pool).
pub(crate) async fn head_in<C: ConnectionTrait>(conn: &C) -> Result<i64, StoreError> {
    Ok(head_change_in(conn).await?.map_or(0, |c| c.0))
}

/// The highest committed `seq` and when that change happened.
pub async fn head_change(db: &Db) -> Result<Option<(i64, DateTime<Utc>)>, StoreError> {
    head_change_in(&db.conn()).await
}

async fn head_change_in<C: ConnectionTrait>(
    conn: &C,
) -> Result<Option<(i64, DateTime<Utc>)>, StoreError> {
    Ok(disclosure_change::Entity::find()
        .select_only()
        .column(disclosure_change::Column::Seq)
        .column(disclosure_change::Column::OccurredAt)
        .order_by_desc(disclosure_change::Column::Seq)
        .limit(1)
        .into_tuple::<(i64, DateTime<Utc>)>()
        .one(conn)
        .await?)
}
