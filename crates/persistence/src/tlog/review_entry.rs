//! Legal-review events in the log: every accepted review command (`review_events`, append-only)
//! is also a log entry, written in the same transaction, so that an event edited or removed
//! behind the server's back (triggers off) is named by `sanxiang verify`.
//!
//! # The canonical encoding of a review-event entry (version 1; stable — never change it)
//!
//! RFC 8785 JSON, leaf hash `SHA-256(0x00 ‖ bytes)`, every member always present: `type`
//! (`"review_event"`), `v` (`1`), `id`, `case_id`, `agency_id`, `actor_id` (UUID strings), `seq`,
//! `round` (integers), `action` (string), `state_sha256` (lowercase hex SHA-256 of the RFC 8785
//! form of the review state stored with the event), `created_at` (timestamp, as for records).

use super::entry::ts;
use super::{hex, to_u64};
use crate::entity::{log_entry, log_leaf, log_pending, review_event};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sanxiang_domain::tlog::{canonical_json, leaf_hash};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// `log_entries.kind` (and the `type` member) of a review-event entry.
pub const KIND_REVIEW_EVENT: &str = "review_event";

/// The canonical bytes of a review event's entry, from its row.
pub fn review_event_canonical(e: &review_event::Model) -> Result<Vec<u8>, DbErr> {
    let state = canonical_json(&e.state)
        .map_err(|err| DbErr::Custom(format!("review event {}: {err}", e.id)))?;
    let digest: [u8; 32] = Sha256::digest(&state).into();
    let v: Value = json!({
        "type": KIND_REVIEW_EVENT,
        "v": 1,
        "id": e.id.to_string(),
        "case_id": e.case_id.to_string(),
        "agency_id": e.agency_id.to_string(),
        "actor_id": e.actor_id.to_string(),
        "seq": e.seq,
        "round": e.round,
        "action": e.action,
        "state_sha256": hex(&digest),
        "created_at": ts(e.created_at),
    });
    canonical_json(&v).map_err(|err| DbErr::Custom(format!("review event {}: {err}", e.id)))
}

/// Writes the log entry of a review event just inserted and queues it. Call inside the event's
/// transaction.
pub(crate) async fn log_review_event<C: ConnectionTrait>(
    conn: &C,
    e: &review_event::Model,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let bytes = review_event_canonical(e)?;
    let leaf = leaf_hash(&bytes);
    let canonical = String::from_utf8(bytes)
        .map_err(|err| DbErr::Custom(format!("canonical JSON is not UTF-8: {err}")))?;
    let id = Uuid::new_v4();
    log_entry::ActiveModel {
        id: Set(id),
        agency_id: Set(e.agency_id),
        case_id: Set(Some(e.case_id)),
        record_id: Set(None),
        kind: Set(KIND_REVIEW_EVENT.to_owned()),
        canonical: Set(canonical),
        leaf_hash: Set(hex(&leaf)),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    log_pending::ActiveModel {
        entry_id: Set(id),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// A review event compared with its log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewEventCheck {
    /// The row re-encodes to exactly the logged bytes.
    Matches,
    /// The row has no log entry.
    NotLogged { event_id: Uuid, case_id: Uuid },
    /// The row differs from what was logged (at this leaf index, once integrated).
    Differs {
        event_id: Uuid,
        case_id: Uuid,
        index: Option<u64>,
    },
    /// A logged event is no longer in `review_events`.
    Missing { event_id: Uuid, index: Option<u64> },
}

/// Compares every `review_events` row with its log entry; returns the first difference (or
/// [`ReviewEventCheck::Matches`]) and how many events were compared.
pub async fn check_review_events(db: &Db) -> Result<(ReviewEventCheck, u64), StoreError> {
    let logged: Vec<(Option<i64>, String)> = log_entry::Entity::find()
        .select_only()
        .column(log_leaf::Column::Idx)
        .column(log_entry::Column::Canonical)
        .join(
            JoinType::LeftJoin,
            log_entry::Entity::belongs_to(log_leaf::Entity)
                .from(log_entry::Column::Id)
                .to(log_leaf::Column::EntryId)
                .into(),
        )
        .filter(log_entry::Column::Kind.eq(KIND_REVIEW_EVENT))
        .into_tuple()
        .all(&db.conn())
        .await?;
    let mut by_event: HashMap<Uuid, (Option<u64>, String)> = HashMap::new();
    for (idx, canonical) in logged {
        let id = serde_json::from_str::<Value>(&canonical)
            .ok()
            .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
            .and_then(|s| Uuid::parse_str(&s).ok())
            .ok_or_else(|| DbErr::Custom("a review-event log entry without an id".into()))?;
        by_event.insert(id, (idx.map(to_u64), canonical));
    }
    let mut n = 0u64;
    let mut after: Option<Uuid> = None;
    loop {
        let mut q = review_event::Entity::find()
            .order_by_asc(review_event::Column::Id)
            .limit(5_000);
        if let Some(a) = after {
            q = q.filter(review_event::Column::Id.gt(a));
        }
        let page = q.all(&db.conn()).await?;
        let Some(last) = page.last().map(|e| e.id) else {
            break;
        };
        for e in &page {
            n += 1;
            let Some((index, canonical)) = by_event.remove(&e.id) else {
                return Ok((
                    ReviewEventCheck::NotLogged {
                        event_id: e.id,
                        case_id: e.case_id,
                    },
                    n,
                ));
            };
            if review_event_canonical(e)? != canonical.as_bytes() {
                return Ok((
                    ReviewEventCheck::Differs {
                        event_id: e.id,
                        case_id: e.case_id,
                        index,
                    },
                    n,
                ));
            }
        }
        after = Some(last);
    }
    if let Some((event_id, (index, _))) = by_event.into_iter().min_by_key(|(_, (i, _))| *i) {
        return Ok((ReviewEventCheck::Missing { event_id, index }, n));
    }
    Ok((ReviewEventCheck::Matches, n))
}

/// Writes the missing log entries of review events recorded before they were logged (once, when
/// a database is upgraded past the migration that introduced them). Returns how many.
pub async fn backfill_unlogged_review_events(db: &Db) -> Result<u64, StoreError> {
    let logged: std::collections::HashSet<Uuid> = log_entry::Entity::find()
        .select_only()
        .column(log_entry::Column::Canonical)
        .filter(log_entry::Column::Kind.eq(KIND_REVIEW_EVENT))
        .into_tuple::<String>()
        .all(&db.conn())
        .await?
        .iter()
        .filter_map(|c| {
            serde_json::from_str::<Value>(c)
                .ok()?
                .get("id")?
                .as_str()
                .and_then(|s| Uuid::parse_str(s).ok())
        })
        .collect();
    let tx = sea_orm::TransactionTrait::begin(&db.conn()).await?;
    let mut n = 0u64;
    let events = review_event::Entity::find()
        .order_by_asc(review_event::Column::CreatedAt)
        .order_by_asc(review_event::Column::CaseId)
        .order_by_asc(review_event::Column::Seq)
        .all(&tx)
        .await?;
    for e in events.iter().filter(|e| !logged.contains(&e.id)) {
        log_review_event(&tx, e, e.created_at).await?;
        n += 1;
    }
    tx.commit().await?;
    Ok(n)
}
