//! The change feed for portals: every publish, correction, withdrawal and expiry, in one strictly
//! increasing sequence. A portal stores `next` and asks again with `since=next`: it never misses
//! nor double-applies a change (the sequence commits in order, see the persistence feed).

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use sanxiang_api_types::disclosure::{ChangePage, ChangeType, ChangesQuery};
use sanxiang_persistence::disclosure::feed::{self, ChangeKind};
use sanxiang_persistence::tlog;
use serde::Serialize;
use serde_json::value::RawValue;
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;

fn change_type(c: ChangeKind) -> ChangeType {
    match c {
        ChangeKind::Publish => ChangeType::Publish,
        ChangeKind::Correct => ChangeType::Correct,
        ChangeKind::Withdraw => ChangeType::Withdraw,
        ChangeKind::Expire => ChangeType::Expire,
    }
}

/// [`sanxiang_api_types::disclosure::Change`] as written: the stored bodies are spliced in as
/// they are (a page of 1,000 is about a megabyte of JSON that is never parsed again).
#[derive(Serialize)]
struct WireChange<'a> {
    seq: i64,
    change: ChangeType,
    resource_type: &'a str,
    resource_id: Uuid,
    version: i32,
    resource_url: &'a str,
    body: Option<&'a RawValue>,
    tombstone: bool,
    reason: Option<&'a str>,
    occurred_at: DateTime<Utc>,
    leaf: Option<&'a str>,
    log_index: Option<u64>,
    proof_url: Option<String>,
}

/// The public path of the inclusion proof of leaf `index` (`routes/public/log_proofs.rs`).
pub(crate) fn proof_url(index: u64) -> String {
    format!("/api/public/v1/log/proof/inclusion?index={index}")
}

#[derive(Serialize)]
struct WirePage<'a> {
    changes: Vec<WireChange<'a>>,
    next: String,
    more: bool,
}

/// Changes after `since` (a `next` given out earlier; absent or `0` starts from the beginning),
/// oldest first, up to `limit` (default 100, at most 1000).
#[utoipa::path(tag = "public", params(ChangesQuery), responses(
    (status = 200, description = "Changes", body = ChangePage),
    (status = 400, description = "Bad cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/changes")]
pub async fn changes(
    state: web::Data<AppState>,
    q: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    let since: i64 = match q.since.as_deref() {
        None | Some("") => 0,
        Some(s) => s.parse().ok().filter(|n: &i64| *n >= 0).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidQuery,
                "`since` is not a cursor this API gave out",
            )
        })?,
    };
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "`limit` must be between 1 and 1000",
        ));
    }
    let rows = feed::changes_since(&state.db, since, u64::from(limit) + 1).await?;
    let more = rows.len() > limit as usize;
    let rows = &rows[..rows.len().min(limit as usize)];
    // Each change's publication entry and leaf index: a portal checks the change against the log.
    let seqs: Vec<i64> = rows.iter().map(|c| c.seq).collect();
    let leaves = tlog::publication_leaves(&state.db, &seqs).await?;
    let page = WirePage {
        changes: rows
            .iter()
            .map(|c| {
                let leaf = leaves.get(&c.seq);
                let log_index = leaf.and_then(|l| l.index);
                WireChange {
                    seq: c.seq,
                    change: change_type(c.change),
                    resource_type: &c.resource_type,
                    resource_id: c.resource_id,
                    version: c.version,
                    resource_url: &c.resource_url,
                    body: c.body.as_deref(),
                    tombstone: c.change.is_tombstone(),
                    reason: c.reason.as_deref(),
                    occurred_at: c.occurred_at,
                    leaf: leaf.map(|l| l.canonical.as_str()),
                    log_index,
                    proof_url: log_index.map(proof_url),
                }
            })
            .collect(),
        next: rows.last().map_or(since, |c| c.seq).to_string(),
        more,
    };
    // A change logged but not yet in a signed checkpoint gets its `log_index` within a second,
    // while the feed head (the cache tag, `portal/access.rs`) stays the same: not cacheable.
    let pending = page
        .changes
        .iter()
        .any(|c| c.leaf.is_some() && c.log_index.is_none());
    let body = serde_json::to_vec(&page).map_err(ApiError::internal)?;
    let mut res = HttpResponse::Ok();
    res.content_type("application/json");
    if pending {
        res.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    }
    Ok(res.body(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sanxiang_api_types::disclosure::Change;

    /// The wire form is the documented `Change`, member for member.
    #[test]
    fn wire_change_is_the_documented_change() {
        let at = DateTime::<Utc>::from_timestamp(1_764_000_000, 0).unwrap_or_default();
        let id = Uuid::from_u128(7);
        let body = r#"{"b":[1,2],"a":"x"}"#;
        let raw = RawValue::from_string(body.to_owned()).ok();
        let wire = WireChange {
            seq: 3,
            change: ChangeType::Correct,
            resource_type: "decision",
            resource_id: id,
            version: 2,
            resource_url: "/api/public/v1/decisions/x",
            body: raw.as_deref(),
            tombstone: false,
            reason: Some("更正"),
            occurred_at: at,
            leaf: Some("{}"),
            log_index: Some(4),
            proof_url: Some(proof_url(4)),
        };
        let documented = Change {
            seq: 3,
            change: ChangeType::Correct,
            resource_type: "decision".into(),
            resource_id: id,
            version: 2,
            resource_url: "/api/public/v1/decisions/x".into(),
            body: serde_json::from_str(body).ok(),
            tombstone: false,
            reason: Some("更正".into()),
            occurred_at: at,
            leaf: Some("{}".into()),
            log_index: Some(4),
            proof_url: Some("/api/public/v1/log/proof/inclusion?index=4".into()),
        };
        assert_eq!(
            serde_json::to_value(&wire).ok(),
            serde_json::to_value(&documented).ok()
        );
    }
}
