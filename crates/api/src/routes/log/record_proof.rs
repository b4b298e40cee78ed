use super::{note_auditor_read, LogApiError};
use crate::auth::{AnyUser, Auth};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use sanxiang_domain::tlog::TlogProof;
use sanxiang_persistence::tlog;
use uuid::Uuid;

/// An offline-verifiable proof that a record is in the log: C2SP `tlog-proof@v1` text against
/// the latest signed checkpoint. Its `extra` line carries the entry's canonical bytes (RFC 8785
/// JSON), whose leaf hash the proof covers.
#[utoipa::path(tag = "log", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Record id")), responses(
    (status = 200, description = "The proof", body = String, content_type = "text/plain"),
    (status = 404, description = "No such record in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not yet covered by a signed checkpoint (`not_integrated`); retry in a second", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/records/{id}/proof")]
pub async fn record_proof(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, LogApiError> {
    let id = id.into_inner();
    let p = tlog::record_proof(&state.db, &auth.user.readable_agencies(), id).await?;
    note_auditor_read(
        &state,
        &auth,
        "record.proof",
        id.to_string(),
        Some(p.agency_id),
    )
    .await?;
    let text = TlogProof {
        extra: Some(p.canonical.into_bytes()),
        index: p.index,
        path: p.path,
        checkpoint: p.checkpoint.note,
    }
    .to_text();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .body(text))
}
