//! Authentication events in the log: every row of `auth_events` (append-only: sign-in successes
//! and failures, lockouts, throttled addresses, refresh-token reuse) is also a log entry, written
//! in the same transaction, so that sign-in history rewritten or deleted behind the server's back
//! (triggers off) is named by `sanxiang verify`.
//!
//! An event's entry has the event's own id as `log_entries.id`: the entry of a row, and the row
//! of an entry, are found by primary key (no parsing of the logged bytes, no list held in
//! memory). Its `agency_id` is the nil UUID: a sign-in belongs to no agency, so
//! `GET /log/entries` shows everyone its hash only (usernames and request ids stay in the
//! database).
//!
//! # The canonical encoding of an auth-event entry (version 1; stable — never change it)
//!
//! RFC 8785 JSON, leaf hash `SHA-256(0x00 ‖ bytes)`, every member always present: `type`
//! (`"auth_event"`), `v` (`1`), `id` (UUID string), `at` (timestamp, as for records),
//! `username` (string, as stored), `user_id` (UUID string or `null`), `outcome` (string),
//! `request_id` (string or `null`).

use super::entry::ts;
use super::{hex, to_u64};
use crate::entity::{auth_event, log_entry, log_leaf, log_pending};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sanxiang_domain::tlog::{canonical_json, leaf_hash};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationDef, Set, Statement,
};
use serde_json::json;
use uuid::Uuid;

/// `log_entries.kind` (and the `type` member) of an auth-event entry.
pub const KIND_AUTH_EVENT: &str = "auth_event";

/// Rows read (or entries written) per query.
const PAGE: u64 = 1_000;

/// The canonical bytes of an auth event's entry, from its row.
pub fn auth_event_canonical(e: &auth_event::Model) -> Result<Vec<u8>, DbErr> {
    canonical_json(&json!({
        "type": KIND_AUTH_EVENT,
        "v": 1,
        "id": e.id.to_string(),
        "at": ts(e.at),
        "username": e.username,
        "user_id": e.user_id.map(|u| u.to_string()),
        "outcome": e.outcome,
        "request_id": e.request_id,
    }))
    .map_err(|err| DbErr::Custom(format!("auth event {}: {err}", e.id)))
}

/// The log entry row of an auth event (its id is the event's), not yet written.
fn auth_log_entry(e: &auth_event::Model) -> Result<log_entry::Model, DbErr> {
    let bytes = auth_event_canonical(e)?;
    let leaf = leaf_hash(&bytes);
    let canonical = String::from_utf8(bytes)
        .map_err(|err| DbErr::Custom(format!("canonical JSON is not UTF-8: {err}")))?;
    Ok(log_entry::Model {
        id: e.id,
        agency_id: Uuid::nil(),
        case_id: None,
        record_id: None,
        kind: KIND_AUTH_EVENT.to_owned(),
        canonical,
        leaf_hash: hex(&leaf),
        created_at: e.at,
    })
}

/// Writes an auth event, its log entry and its place in the integrator's queue, atomically.
/// Sign-in pays for it: on PostgreSQL it is one statement (data-modifying `WITH`), so one round
/// trip as before; on SQLite (in-process) one write transaction of three inserts.
pub(crate) async fn write_auth_event(db: &Db, e: &auth_event::Model) -> Result<(), StoreError> {
    let entry = auth_log_entry(e)?;
    if db.backend() == DatabaseBackend::Postgres {
        db.conn()
            .execute(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "WITH event AS (INSERT INTO auth_events \
                 (id, at, username, user_id, outcome, request_id) \
                 VALUES ($1, $2, $3, $4, $5, $6)), \
                 entry AS (INSERT INTO log_entries \
                 (id, agency_id, case_id, record_id, kind, canonical, leaf_hash, created_at) \
                 VALUES ($1, $7, NULL, NULL, $8, $9, $10, $2)) \
                 INSERT INTO log_pending (entry_id, created_at) VALUES ($1, $2)",
                [
                    e.id.into(),
                    e.at.into(),
                    e.username.clone().into(),
                    e.user_id.into(),
                    e.outcome.clone().into(),
                    e.request_id.clone().into(),
                    entry.agency_id.into(),
                    entry.kind.into(),
                    entry.canonical.into(),
                    entry.leaf_hash.into(),
                ],
            ))
            .await?;
        return Ok(());
    }
    let tx = db.begin_write().await?;
    auth_event::Entity::insert(auth_event::ActiveModel {
        id: Set(e.id),
        at: Set(e.at),
        username: Set(e.username.clone()),
        user_id: Set(e.user_id),
        outcome: Set(e.outcome.clone()),
        request_id: Set(e.request_id.clone()),
    })
    .exec_without_returning(&tx)
    .await?;
    insert_entries(&tx, vec![entry]).await?;
    tx.commit().await?;
    Ok(())
}

/// Inserts log entries and queues them for the integrator (each queued at its `created_at`).
async fn insert_entries<C: ConnectionTrait>(
    conn: &C,
    entries: Vec<log_entry::Model>,
) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let pending: Vec<log_pending::ActiveModel> = entries
        .iter()
        .map(|en| log_pending::ActiveModel {
            entry_id: Set(en.id),
            created_at: Set(en.created_at),
        })
        .collect();
    log_entry::Entity::insert_many(entries.into_iter().map(log_entry::ActiveModel::from))
        .exec_without_returning(conn)
        .await?;
    log_pending::Entity::insert_many(pending)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// `auth_events.id = log_entries.id`.
fn event_to_entry() -> RelationDef {
    auth_event::Entity::belongs_to(log_entry::Entity)
        .from(auth_event::Column::Id)
        .to(log_entry::Column::Id)
        .into()
}

/// `log_entries.id = log_leaves.entry_id`.
fn entry_to_leaf() -> RelationDef {
    log_entry::Entity::belongs_to(log_leaf::Entity)
        .from(log_entry::Column::Id)
        .to(log_leaf::Column::EntryId)
        .into()
}

/// An auth event compared with its log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthEventCheck {
    /// Every row re-encodes to exactly the logged bytes, and every logged event has its row.
    Matches,
    /// The row has no log entry.
    NotLogged { event_id: Uuid, at: DateTime<Utc> },
    /// The row differs from what was logged (at this leaf index, once integrated).
    Differs {
        event_id: Uuid,
        at: DateTime<Utc>,
        index: Option<u64>,
    },
    /// A logged event is no longer in `auth_events`.
    Missing { event_id: Uuid, index: Option<u64> },
}

/// Compares every `auth_events` row (in id order, a page at a time, each joined with its entry
/// by primary key) with its log entry and returns the first that differs; then names the logged
/// event whose row is gone, the lowest leaf index first (one not yet integrated last). Returns
/// how many rows were compared too.
pub async fn check_auth_events(db: &Db) -> Result<(AuthEventCheck, u64), StoreError> {
    type Row = (
        Uuid,
        DateTime<Utc>,
        String,
        Option<Uuid>,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let mut n = 0u64;
    let mut after: Option<Uuid> = None;
    loop {
        let mut q = auth_event::Entity::find()
            .select_only()
            .columns([
                auth_event::Column::Id,
                auth_event::Column::At,
                auth_event::Column::Username,
                auth_event::Column::UserId,
                auth_event::Column::Outcome,
                auth_event::Column::RequestId,
            ])
            .column(log_entry::Column::Canonical)
            .column(log_leaf::Column::Idx)
            .join(JoinType::LeftJoin, event_to_entry())
            .join(JoinType::LeftJoin, entry_to_leaf())
            .order_by_asc(auth_event::Column::Id)
            .limit(PAGE);
        if let Some(a) = after {
            q = q.filter(auth_event::Column::Id.gt(a));
        }
        let page: Vec<Row> = q.into_tuple().all(&db.conn()).await?;
        let Some(last) = page.last().map(|r| r.0) else {
            break;
        };
        for (id, at, username, user_id, outcome, request_id, canonical, idx) in page {
            n += 1;
            let Some(canonical) = canonical else {
                return Ok((AuthEventCheck::NotLogged { event_id: id, at }, n));
            };
            let row = auth_event::Model {
                id,
                at,
                username,
                user_id,
                outcome,
                request_id,
            };
            if auth_event_canonical(&row)? != canonical.as_bytes() {
                return Ok((
                    AuthEventCheck::Differs {
                        event_id: id,
                        at,
                        index: idx.map(to_u64),
                    },
                    n,
                ));
            }
        }
        after = Some(last);
    }
    let gone: Vec<(Uuid, Option<i64>)> = log_entry::Entity::find()
        .select_only()
        .column(log_entry::Column::Id)
        .column(log_leaf::Column::Idx)
        .join(JoinType::LeftJoin, event_to_entry().rev())
        .join(JoinType::LeftJoin, entry_to_leaf())
        .filter(log_entry::Column::Kind.eq(KIND_AUTH_EVENT))
        .filter(auth_event::Column::Id.is_null())
        .into_tuple()
        .all(&db.conn())
        .await?;
    let first = gone
        .into_iter()
        .min_by_key(|(id, idx)| (idx.is_none(), *idx, *id));
    if let Some((event_id, idx)) = first {
        return Ok((
            AuthEventCheck::Missing {
                event_id,
                index: idx.map(to_u64),
            },
            n,
        ));
    }
    Ok((AuthEventCheck::Matches, n))
}

/// Writes the missing log entries of auth events recorded before they were logged (once, when a
/// database is upgraded past the migration that introduced them), in the order they happened,
/// each queued at its own time. Returns how many.
pub async fn backfill_unlogged_auth_events(db: &Db) -> Result<u64, StoreError> {
    let tx = db.begin_write().await?;
    let mut n = 0u64;
    let mut after: Option<(DateTime<Utc>, Uuid)> = None;
    loop {
        let mut q = auth_event::Entity::find()
            .join(JoinType::LeftJoin, event_to_entry())
            .filter(log_entry::Column::Id.is_null())
            .order_by_asc(auth_event::Column::At)
            .order_by_asc(auth_event::Column::Id)
            .limit(PAGE);
        if let Some((at, id)) = after {
            q = q.filter(
                Condition::any().add(auth_event::Column::At.gt(at)).add(
                    Condition::all()
                        .add(auth_event::Column::At.eq(at))
                        .add(auth_event::Column::Id.gt(id)),
                ),
            );
        }
        let page = q.all(&tx).await?;
        let Some(last) = page.last().map(|e| (e.at, e.id)) else {
            break;
        };
        let entries = page
            .iter()
            .map(auth_log_entry)
            .collect::<Result<Vec<_>, _>>()?;
        n += entries.len() as u64;
        insert_entries(&tx, entries).await?;
        after = Some(last);
    }
    tx.commit().await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn encoding_is_pinned() {
        let e = auth_event::Model {
            id: Uuid::from_u128(1),
            at: Utc
                .timestamp_opt(1_764_000_000, 123_456_789)
                .single()
                .unwrap(),
            username: "demo_officer".into(),
            user_id: Some(Uuid::from_u128(2)),
            outcome: "failure".into(),
            request_id: None,
        };
        let bytes = auth_event_canonical(&e).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            concat!(
                r#"{"at":"2025-11-24T16:00:00.123456Z","id":"00000000-0000-0000-0000-000000000001","#,
                r#""outcome":"failure","request_id":null,"type":"auth_event","#,
                r#""user_id":"00000000-0000-0000-0000-000000000002","username":"demo_officer","v":1}"#
            )
        );
        let entry = auth_log_entry(&e).unwrap();
        assert_eq!(entry.id, e.id);
        assert_eq!(entry.agency_id, Uuid::nil());
        assert_eq!(entry.leaf_hash, hex(&leaf_hash(&bytes)));
        // An unknown username, no user, a request id: nulls and strings as they are.
        let e = auth_event::Model {
            username: "无此人\"".into(),
            user_id: None,
            outcome: "locked".into(),
            request_id: Some("r-1".into()),
            ..e
        };
        assert_eq!(
            String::from_utf8(auth_event_canonical(&e).unwrap()).unwrap(),
            concat!(
                r#"{"at":"2025-11-24T16:00:00.123456Z","id":"00000000-0000-0000-0000-000000000001","#,
                r#""outcome":"locked","request_id":"r-1","type":"auth_event","#,
                r#""user_id":null,"username":"无此人\"","v":1}"#
            )
        );
    }
}
