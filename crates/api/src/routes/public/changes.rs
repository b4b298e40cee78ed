//! The change feed for portals: every publish, correction, withdrawal and expiry, in one strictly
//! increasing sequence. A portal stores `next` and asks again with `since=next`: it never misses
//! nor double-applies a change (the sequence commits in order, see the persistence feed).

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::disclosure::{Change, ChangePage, ChangeType, ChangesQuery};
use sanxiang_persistence::disclosure::feed::{self, ChangeKind};

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
) -> Result<web::Json<ChangePage>, ApiError> {
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
    let changes: Vec<Change> = rows
        .into_iter()
        .take(limit as usize)
        .map(|c| Change {
            seq: c.seq,
            tombstone: c.change.is_tombstone(),
            change: change_type(c.change),
            resource_type: c.resource_type,
            resource_id: c.resource_id,
            version: c.version,
            resource_url: c.resource_url,
            body: c.body,
            reason: c.reason,
            occurred_at: c.occurred_at,
        })
        .collect();
    let next = changes.last().map_or(since, |c| c.seq).to_string();
    Ok(web::Json(ChangePage {
        changes,
        next,
        more,
    }))
}
