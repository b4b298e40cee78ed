//! `/api/public/v1/log/…`: what a portal needs to prove, without trusting this server, that the
//! change feed it mirrors is what was published and that nothing published was rewritten
//! afterwards (`tools/verify-portal.py` is the reference client). Only publication entries have
//! a public inclusion proof: every other leaf is an internal case record, "not found" here.
//! Checkpoints and consistency proofs are hashes only.

use crate::routes::log::{b64, LogApiError};
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::log::{
    CheckpointQuery, Checkpoints, ConsistencyProof, ConsistencyQuery, PublicInclusionQuery,
    PublicationProof, SignedCheckpoint,
};
use sanxiang_persistence::tlog;

type Problem = sanxiang_api_types::problem::Problem;

/// The inclusion proof of a publication entry (a change's `log_index`) in the signed tree of
/// `tree_size` leaves (the latest when absent), with the entry's bytes and that checkpoint.
#[utoipa::path(tag = "log", params(PublicInclusionQuery), responses(
    (status = 200, description = "The entry, its audit path and the signed checkpoint", body = PublicationProof),
    (status = 400, description = "`index` or `tree_size` not a position (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No publication entry at `index` in the tree (also when `index` ≥ `tree_size`), or no signed checkpoint of `tree_size` (`not_found`)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No checkpoint signed yet (`not_integrated`)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/log/proof/inclusion")]
pub async fn public_inclusion(
    state: web::Data<AppState>,
    q: web::Query<PublicInclusionQuery>,
) -> Result<web::Json<PublicationProof>, LogApiError> {
    let p = tlog::publication_proof(&state.db, q.index, q.tree_size)
        .await
        .map_err(|e| match e {
            // `index` beyond the tree: no such entry in it (404).
            tlog::LogError::BadRange { .. } => {
                tlog::LogError::Store(sanxiang_persistence::StoreError::NotFound)
            }
            e => e,
        })?;
    Ok(web::Json(PublicationProof {
        index: p.index,
        tree_size: p.checkpoint.size,
        leaf: p.canonical,
        leaf_hash: b64(&p.leaf_hash),
        hashes: p.path.iter().map(b64).collect(),
        checkpoint: p.checkpoint.note,
    }))
}

/// The consistency proof that the tree of `from` leaves is a prefix of the tree of `to` leaves
/// (RFC 9162 §2.1.4): how a portal checks that a checkpoint it stored is still part of the log.
#[utoipa::path(tag = "log", params(ConsistencyQuery), responses(
    (status = 200, description = "The proof", body = ConsistencyProof),
    (status = 400, description = "`from` or `to` missing or not a size (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such proof: `from` is 0 or larger than `to`, or `to` is beyond the signed size (`not_found`)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No checkpoint signed yet (`not_integrated`)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/log/proof/consistency")]
pub async fn public_consistency(
    state: web::Data<AppState>,
    q: web::Query<ConsistencyQuery>,
) -> Result<web::Json<ConsistencyProof>, LogApiError> {
    let path = tlog::consistency(&state.db, q.from, q.to)
        .await
        .map_err(|e| match e {
            // `from` above `to`, or a size the log has not signed yet: there is no such proof
            // (404), as for an unsigned `tree_size` of the inclusion proof.
            tlog::LogError::BadRange { .. } => {
                tlog::LogError::Store(sanxiang_persistence::StoreError::NotFound)
            }
            e => e,
        })?;
    Ok(web::Json(ConsistencyProof {
        from: q.from,
        to: q.to,
        hashes: path.iter().map(b64).collect(),
    }))
}

/// Every checkpoint the server signed, newest first (page back with `before`).
#[utoipa::path(tag = "log", params(CheckpointQuery), responses(
    (status = 200, description = "Signed checkpoints", body = Checkpoints),
    (status = 400, description = "Bad `before` or `limit` (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/log/checkpoints")]
pub async fn public_checkpoints(
    state: web::Data<AppState>,
    q: web::Query<CheckpointQuery>,
) -> Result<web::Json<Checkpoints>, LogApiError> {
    let items = tlog::list_checkpoints(&state.db, q.before, q.limit.unwrap_or(50))
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
