use super::{b64, note_auditor_read, LogApiError};
use crate::auth::{AnyUser, Auth};
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::log::{ConsistencyProof, ConsistencyQuery};
use sanxiang_persistence::tlog;

/// The consistency proof that the tree of `from` leaves is a prefix of the tree of `to` leaves
/// (RFC 9162 §2.1.4): how an auditor checks that a checkpoint saved earlier is still part of
/// the log.
#[utoipa::path(tag = "log", security(("bearer" = [])), params(ConsistencyQuery), responses(
    (status = 200, description = "The proof", body = ConsistencyProof),
    (status = 400, description = "`from` is 0 or larger than `to`, or `to` is beyond the signed size (`invalid_query`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/log/proof/consistency")]
pub async fn consistency(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<ConsistencyQuery>,
) -> Result<web::Json<ConsistencyProof>, LogApiError> {
    let q = q.into_inner();
    note_auditor_read(
        &state,
        &auth,
        "log.consistency",
        format!("from={}&to={}", q.from, q.to),
        None,
    )
    .await?;
    let path = tlog::consistency(&state.db, q.from, q.to).await?;
    Ok(web::Json(ConsistencyProof {
        from: q.from,
        to: q.to,
        hashes: path.iter().map(b64).collect(),
    }))
}
