use super::{b64, note_auditor_read, LogApiError};
use crate::auth::{AnyUser, Auth};
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::log::{InclusionProof, InclusionQuery};
use sanxiang_persistence::tlog;

/// The inclusion proof of leaf `index` in the tree of the first `tree_size` leaves
/// (RFC 9162 §2.1.3).
#[utoipa::path(tag = "log", security(("bearer" = [])), params(InclusionQuery), responses(
    (status = 200, description = "The audit path", body = InclusionProof),
    (status = 400, description = "`index` ≥ `tree_size`, or `tree_size` 0 or beyond the signed size (`invalid_query`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/log/proof/inclusion")]
pub async fn inclusion(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<InclusionQuery>,
) -> Result<web::Json<InclusionProof>, LogApiError> {
    let q = q.into_inner();
    note_auditor_read(
        &state,
        &auth,
        "log.inclusion",
        format!("index={}&tree_size={}", q.index, q.tree_size),
        None,
    )
    .await?;
    let (leaf, path) = tlog::inclusion(&state.db, q.index, q.tree_size).await?;
    Ok(web::Json(InclusionProof {
        index: q.index,
        tree_size: q.tree_size,
        leaf_hash: b64(&leaf),
        hashes: path.iter().map(b64).collect(),
    }))
}
