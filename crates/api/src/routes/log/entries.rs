use super::{b64, note_auditor_read, LogApiError};
use crate::auth::{AnyUser, Auth};
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::log::{EntriesQuery, LogEntries, LogEntry};
use sanxiang_persistence::tlog;

/// The most entries one page returns.
pub const MAX_PAGE: u64 = 1000;

/// Log entries `start..end` of the signed tree (at most 1000). Entries of agencies the caller
/// cannot read are shown as hashes only.
#[utoipa::path(tag = "log", security(("bearer" = [])), params(EntriesQuery), responses(
    (status = 200, description = "A page of log entries", body = LogEntries),
    (status = 400, description = "`start` > `end` (`invalid_query`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/log/entries")]
pub async fn entries(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<EntriesQuery>,
) -> Result<web::Json<LogEntries>, LogApiError> {
    let q = q.into_inner();
    let end = q.end.min(q.start.saturating_add(MAX_PAGE));
    note_auditor_read(
        &state,
        &auth,
        "log.entries",
        format!("start={}&end={}", q.start, q.end),
        None,
    )
    .await?;
    let (tree_size, rows) = tlog::entries(&state.db, q.start, end).await?;
    let readable = auth.user.readable_agencies();
    let entries = rows
        .into_iter()
        .map(|r| {
            let visible = readable.contains(&r.agency_id);
            LogEntry {
                index: r.index,
                leaf_hash: b64(&r.leaf_hash),
                kind: r.kind,
                redacted: !visible,
                agency_id: visible.then_some(r.agency_id),
                case_id: r.case_id.filter(|_| visible),
                record_id: r.record_id.filter(|_| visible),
                canonical: visible.then_some(r.canonical),
            }
        })
        .collect();
    Ok(web::Json(LogEntries { tree_size, entries }))
}
