//! Publications in the log: every change of the public change feed (a publication, a
//! correction, a withdrawal, an expiry or early removal — of decisions, inspection results,
//! registers, annual reports, …) is also a log entry, written in the same transaction as the
//! feed row and the public projection. The entry holds the SHA-256 of the published body, so
//! what the public API serves (`public_decisions`), the kept versions (`disclosure_versions`) and
//! the feed (`disclosure_changes`) can be checked against the log (`sanxiang verify`).
//!
//! # The canonical encoding of a publication entry (version 1; stable — never change it)
//!
//! RFC 8785 JSON, leaf hash `SHA-256(0x00 ‖ bytes)`, every member always present:
//!
//! | member | value |
//! |---|---|
//! | `type` | `"publication"` |
//! | `v` | `1` |
//! | `seq` | the change's position in the feed (integer) |
//! | `agency_id`, `resource_id` | UUIDs, lowercase hyphenated strings |
//! | `resource_type` | `decision`, `inspection_result`, `register`, … |
//! | `version` | the version made public (of the one taken down, for a tombstone) |
//! | `change` | `publish`, `correct`, `withdraw` or `expire` |
//! | `resource_url` | the public path |
//! | `body_sha256` | lowercase hex SHA-256 of the RFC 8785 form of the public body; `null` for a tombstone |
//! | `reason` | string or `null` |
//! | `occurred_at` | timestamp, as for records |

use super::entry::ts;
use super::{hex, to_u64};
use crate::entity::{
    disclosure_change, disclosure_version, log_entry, log_leaf, log_pending,
    log_publication as publication_seq, public_decision,
};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sanxiang_domain::tlog::{canonical_json, leaf_hash};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The `type` member of a publication entry.
pub const ENTRY_TYPE_PUBLICATION: &str = "publication";
/// `log_entries.kind` of a publication entry.
pub const KIND_PUBLICATION: &str = "publication";

/// Lowercase hex SHA-256 of the RFC 8785 form of a public body.
pub fn body_sha256(body: &Value) -> Result<String, DbErr> {
    let bytes = canonical_json(body).map_err(|e| DbErr::Custom(format!("public body: {e}")))?;
    let digest: [u8; 32] = Sha256::digest(&bytes).into();
    Ok(hex(&digest))
}

/// [`body_sha256`] of a body stored as JSON text; `None` when the text is not JSON.
pub fn stored_body_sha256(text: &str) -> Option<String> {
    let v: Value = serde_json::from_str(text).ok()?;
    body_sha256(&v).ok()
}

/// One feed change, as the log records it.
#[derive(Debug, Clone)]
pub struct PublicationRef<'a> {
    pub seq: i64,
    pub agency_id: Uuid,
    pub resource_type: &'a str,
    pub resource_id: Uuid,
    pub version: i32,
    pub change: &'a str,
    pub resource_url: &'a str,
    pub body: Option<&'a Value>,
    pub reason: Option<&'a str>,
}

/// The log entry of a feed change (see the module docs).
pub fn publication_entry(p: &PublicationRef<'_>, now: DateTime<Utc>) -> Result<Value, DbErr> {
    Ok(json!({
        "type": ENTRY_TYPE_PUBLICATION,
        "v": 1,
        "seq": p.seq,
        "agency_id": p.agency_id.to_string(),
        "resource_type": p.resource_type,
        "resource_id": p.resource_id.to_string(),
        "version": p.version,
        "change": p.change,
        "resource_url": p.resource_url,
        "body_sha256": p.body.map(body_sha256).transpose()?,
        "reason": p.reason,
        "occurred_at": ts(now),
    }))
}

/// Writes the log entry of a feed change and queues it for the integrator. Call inside the
/// transaction that writes the change.
pub(crate) async fn log_publication<C: ConnectionTrait>(
    conn: &C,
    p: &PublicationRef<'_>,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let bytes = canonical_json(&publication_entry(p, now)?)
        .map_err(|e| DbErr::Custom(format!("publication {}: {e}", p.seq)))?;
    let leaf = leaf_hash(&bytes);
    let canonical = String::from_utf8(bytes)
        .map_err(|e| DbErr::Custom(format!("canonical JSON is not UTF-8: {e}")))?;
    let id = Uuid::new_v4();
    log_entry::ActiveModel {
        id: Set(id),
        agency_id: Set(p.agency_id),
        case_id: Set(None),
        record_id: Set(None),
        kind: Set(KIND_PUBLICATION.to_owned()),
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
    // The feed and the webhooks find the entry (and its leaf index) by `seq`.
    publication_seq::ActiveModel {
        seq: Set(p.seq),
        entry_id: Set(id),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// A publication entry as logged (parsed from its canonical bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedPublication {
    pub entry_id: Uuid,
    /// Its leaf index, once integrated.
    pub index: Option<u64>,
    /// Whether the canonical bytes still hash to the entry's leaf hash.
    pub intact: bool,
    pub seq: i64,
    pub resource_type: String,
    pub resource_id: Uuid,
    pub version: i32,
    pub change: String,
    pub body_sha256: Option<String>,
}

fn parse_entry(
    entry_id: Uuid,
    index: Option<i64>,
    canonical: &str,
    stored_leaf: &str,
) -> Result<LoggedPublication, StoreError> {
    let bad = |what: &str| {
        StoreError::Db(DbErr::Custom(format!(
            "publication entry {entry_id}: {what}"
        )))
    };
    let v: Value = serde_json::from_str(canonical).map_err(|_| bad("not JSON"))?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    Ok(LoggedPublication {
        entry_id,
        index: index.map(to_u64),
        intact: hex(&leaf_hash(canonical.as_bytes())) == stored_leaf,
        seq: v
            .get("seq")
            .and_then(Value::as_i64)
            .ok_or_else(|| bad("seq"))?,
        resource_type: s("resource_type").ok_or_else(|| bad("resource_type"))?,
        resource_id: s("resource_id")
            .and_then(|r| Uuid::parse_str(&r).ok())
            .ok_or_else(|| bad("resource_id"))?,
        version: v
            .get("version")
            .and_then(Value::as_i64)
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(|| bad("version"))?,
        change: s("change").ok_or_else(|| bad("change"))?,
        body_sha256: s("body_sha256"),
    })
}

/// Every publication entry of the log (integrated or still queued), in feed order.
pub async fn logged_publications(db: &Db) -> Result<Vec<LoggedPublication>, StoreError> {
    let rows: Vec<(Uuid, Option<i64>, String, String)> = log_entry::Entity::find()
        .select_only()
        .column(log_entry::Column::Id)
        .column(log_leaf::Column::Idx)
        .column(log_entry::Column::Canonical)
        .column(log_entry::Column::LeafHash)
        .join(
            JoinType::LeftJoin,
            log_entry::Entity::belongs_to(log_leaf::Entity)
                .from(log_entry::Column::Id)
                .to(log_leaf::Column::EntryId)
                .into(),
        )
        .filter(log_entry::Column::Kind.eq(KIND_PUBLICATION))
        .into_tuple()
        .all(&db.conn())
        .await?;
    let mut out = rows
        .into_iter()
        .map(|(id, idx, canonical, leaf)| parse_entry(id, idx, &canonical, &leaf))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by_key(|p| p.seq);
    Ok(out)
}

/// One published body as a table holds it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedRow {
    /// The resource (`public_decisions.id`, `disclosure_versions.disclosure_id`, the feed's
    /// `resource_id`).
    pub resource_id: Uuid,
    pub version: i32,
    /// The feed's `seq` (feed rows only).
    pub seq: Option<i64>,
    /// The feed's `change` (feed rows only).
    pub change: Option<String>,
    /// SHA-256 of the body as stored now (`None`: no body, or not JSON).
    pub body_sha256: Option<String>,
    /// Whether a body is stored at all.
    pub has_body: bool,
}

/// Rows read per query by the scans below.
const PAGE: u64 = 10_000;

fn row(resource_id: Uuid, version: i32, body: Option<&str>) -> PublishedRow {
    PublishedRow {
        resource_id,
        version,
        seq: None,
        change: None,
        body_sha256: body.and_then(stored_body_sha256),
        has_body: body.is_some(),
    }
}

/// What `public_decisions` serves now, by id (the public API's rows).
pub async fn public_decision_rows(db: &Db) -> Result<Vec<PublishedRow>, StoreError> {
    let mut out = Vec::new();
    let mut after: Option<Uuid> = None;
    loop {
        let mut q = public_decision::Entity::find()
            .select_only()
            .column(public_decision::Column::Id)
            .column(public_decision::Column::Version)
            .column(public_decision::Column::Body)
            .order_by_asc(public_decision::Column::Id)
            .limit(PAGE);
        if let Some(a) = after {
            q = q.filter(public_decision::Column::Id.gt(a));
        }
        let page: Vec<(Uuid, i32, String)> = q.into_tuple().all(&db.conn()).await?;
        let Some(last) = page.last().map(|r| r.0) else {
            break;
        };
        out.extend(page.iter().map(|(id, v, b)| row(*id, *v, Some(b))));
        after = Some(last);
    }
    Ok(out)
}

/// Every kept version of `disclosure_versions`.
pub async fn disclosure_version_rows(db: &Db) -> Result<Vec<PublishedRow>, StoreError> {
    let mut out = Vec::new();
    let mut after: Option<(Uuid, i32)> = None;
    loop {
        let mut q = disclosure_version::Entity::find()
            .select_only()
            .column(disclosure_version::Column::DisclosureId)
            .column(disclosure_version::Column::Version)
            .column(disclosure_version::Column::Body)
            .order_by_asc(disclosure_version::Column::DisclosureId)
            .order_by_asc(disclosure_version::Column::Version)
            .limit(PAGE);
        if let Some((id, v)) = after {
            q = q.filter(
                sea_orm::Condition::any()
                    .add(disclosure_version::Column::DisclosureId.gt(id))
                    .add(
                        disclosure_version::Column::DisclosureId
                            .eq(id)
                            .and(disclosure_version::Column::Version.gt(v)),
                    ),
            );
        }
        let page: Vec<(Uuid, i32, String)> = q.into_tuple().all(&db.conn()).await?;
        let Some(last) = page.last().map(|r| (r.0, r.1)) else {
            break;
        };
        out.extend(page.iter().map(|(id, v, b)| row(*id, *v, Some(b))));
        after = Some(last);
    }
    Ok(out)
}

/// Every change of the feed (`/changes`), in `seq` order.
pub async fn feed_rows(db: &Db) -> Result<Vec<PublishedRow>, StoreError> {
    let mut out = Vec::new();
    let mut after = 0i64;
    loop {
        let page: Vec<(i64, Uuid, i32, String, Option<String>)> = disclosure_change::Entity::find()
            .select_only()
            .column(disclosure_change::Column::Seq)
            .column(disclosure_change::Column::ResourceId)
            .column(disclosure_change::Column::Version)
            .column(disclosure_change::Column::Change)
            .column(disclosure_change::Column::Body)
            .filter(disclosure_change::Column::Seq.gt(after))
            .order_by_asc(disclosure_change::Column::Seq)
            .limit(PAGE)
            .into_tuple()
            .all(&db.conn())
            .await?;
        let Some(last) = page.last().map(|r| r.0) else {
            break;
        };
        out.extend(page.into_iter().map(|(seq, id, v, change, body)| {
            let mut r = row(id, v, body.as_deref());
            r.seq = Some(seq);
            r.change = Some(change);
            r
        }));
        after = last;
    }
    Ok(out)
}

/// Writes the missing log entries of feed changes made before publications were logged (once,
/// when a database is upgraded past the migration that introduced them), each with the time of
/// its change. Returns how many were written.
pub async fn backfill_unlogged_publications(db: &Db) -> Result<u64, StoreError> {
    let logged: std::collections::HashSet<i64> = logged_publications(db)
        .await?
        .into_iter()
        .map(|p| p.seq)
        .collect();
    let tx = sea_orm::TransactionTrait::begin(&db.conn()).await?;
    let mut n = 0u64;
    let mut after = 0i64;
    loop {
        let page = disclosure_change::Entity::find()
            .filter(disclosure_change::Column::Seq.gt(after))
            .order_by_asc(disclosure_change::Column::Seq)
            .limit(PAGE)
            .all(&tx)
            .await?;
        let Some(last) = page.last().map(|c| c.seq) else {
            break;
        };
        for c in page.iter().filter(|c| !logged.contains(&c.seq)) {
            let body: Option<Value> = c
                .body
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| DbErr::Custom(format!("feed change {}: body: {e}", c.seq)))?;
            log_publication(
                &tx,
                &PublicationRef {
                    seq: c.seq,
                    agency_id: c.agency_id,
                    resource_type: &c.resource_type,
                    resource_id: c.resource_id,
                    version: c.version,
                    change: &c.change,
                    resource_url: &c.resource_url,
                    body: body.as_ref(),
                    reason: c.reason.as_deref(),
                },
                c.occurred_at,
            )
            .await?;
            n += 1;
        }
        after = last;
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
        let body = json!({"b": 1, "a": "x"});
        let p = PublicationRef {
            seq: 7,
            agency_id: Uuid::from_u128(1),
            resource_type: "decision",
            resource_id: Uuid::from_u128(2),
            version: 1,
            change: "publish",
            resource_url: "/api/public/v1/decisions/00000000-0000-0000-0000-000000000002",
            body: Some(&body),
            reason: None,
        };
        let now = Utc.timestamp_opt(1_764_000_000, 0).single().unwrap();
        let text = String::from_utf8(canonical_json(&publication_entry(&p, now).unwrap()).unwrap())
            .unwrap();
        // SHA-256 of `{"a":"x","b":1}`.
        let digest = hex(&Sha256::digest(br#"{"a":"x","b":1}"#).into());
        assert_eq!(
            text,
            format!(
                concat!(
                    r#"{{"agency_id":"00000000-0000-0000-0000-000000000001","body_sha256":"{}","#,
                    r#""change":"publish","occurred_at":"2025-11-24T16:00:00.000000Z","reason":null,"#,
                    r#""resource_id":"00000000-0000-0000-0000-000000000002","resource_type":"decision","#,
                    r#""resource_url":"/api/public/v1/decisions/00000000-0000-0000-0000-000000000002","#,
                    r#""seq":7,"type":"publication","v":1,"version":1}}"#
                ),
                digest
            )
        );
        assert_eq!(stored_body_sha256(r#"{ "b":1, "a":"x" }"#), Some(digest));
        assert_eq!(stored_body_sha256("not json"), None);
    }
}
