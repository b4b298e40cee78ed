use super::{b64, note_auditor_read, LogApiError};
use crate::auth::{AnyUser, Auth};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::log::{CheckpointQuery, Checkpoints, SignedCheckpoint};
use sanxiang_persistence::tlog;

/// Every checkpoint the server signed, newest first (the checkpoint history).
#[utoipa::path(tag = "log", security(("bearer" = [])), params(CheckpointQuery), responses(
    (status = 200, description = "Signed checkpoints", body = Checkpoints),
    (status = 400, description = "Bad limit (`invalid_query`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/log/checkpoints")]
pub async fn checkpoints(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<CheckpointQuery>,
) -> Result<web::Json<Checkpoints>, LogApiError> {
    let q = q.into_inner();
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(
            ApiError::new(ErrorCode::InvalidQuery, "limit must be between 1 and 200").into(),
        );
    }
    note_auditor_read(
        &state,
        &auth,
        "log.checkpoints",
        format!("before={:?}&limit={limit}", q.before),
        None,
    )
    .await?;
    let items = tlog::list_checkpoints(&state.db, q.before, limit)
        .await?
        .into_iter()
        .map(|c| SignedCheckpoint {
            size: c.size,
            root: b64(&c.root),
            note: c.note,
            signed_at: c.created_at,
        })
        .collect();
    Ok(web::Json(Checkpoints { items }))
}
