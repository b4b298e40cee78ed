use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::routes::cases::CaseWorker;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::documents::{AttachSignedCopy, DocumentView};
use sanxiang_domain::case::CaseAct;
use sanxiang_persistence::cases::{self, AttachmentMeta};
use sanxiang_persistence::documents::{self, IssueError};
use sanxiang_persistence::{blob, StoreError};
use uuid::Uuid;

/// Attaches the scan or photo of the signed and sealed paper (a signed 笔录, a returned 送达回证)
/// to the issued document: both are kept and shown together; the scan is a record of the case
/// file. Upload the file first (`POST /api/v1/blobs`).
#[utoipa::path(tag = "documents", security(("bearer" = [])), request_body = AttachSignedCopy,
    params(("id" = Uuid, Path, description = "Document id")),
    responses(
    (status = 201, description = "Attached; the document with its copies", body = DocumentView),
    (status = 403, description = "Only the case's officers add to its file", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such document in your agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "The case is archived (`case_archived`), or this scan is attached already (`conflict`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not an upload of your agency (`validation_failed`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/documents/{id}/signed-copy")]
pub async fn attach_signed_copy(
    auth: Auth<CaseWorker>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<AttachSignedCopy>,
) -> Result<HttpResponse, ApiError> {
    let agency_id = auth.agency_id();
    let doc = documents::get(&state.db, &[agency_id], id.into_inner()).await?;
    let case = cases::get_case(&state.db, &[agency_id], doc.case_id).await?;
    crate::routes::cases::duty::require(&state, &auth, &case, CaseAct::AppendRecord).await?;
    let sha = body.0.sha256.trim().to_ascii_lowercase();
    let owned = blob::owned_blobs(&state.db, agency_id, std::slice::from_ref(&sha)).await?;
    let Some(meta) = owned.get(&sha) else {
        return Err(ApiError::field(
            "sha256",
            "not a file uploaded by your agency",
        ));
    };
    let scan = AttachmentMeta {
        sha256: sha.clone(),
        file_name: format!("{}-签章件", doc.number),
        content_type: meta.content_type.clone(),
        size: meta.size,
    };
    match documents::attach_signed_copy(&state.db, &doc, scan, auth.user.id, state.now()).await {
        Ok(_) => {}
        Err(IssueError::Archived) => return Err(ApiError::bare(ErrorCode::CaseArchived)),
        Err(IssueError::Store(StoreError::Conflict(_))) => {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "this scan is attached to the document already",
            ))
        }
        Err(IssueError::Store(e)) => return Err(e.into()),
        Err(IssueError::Render(never)) => match never {},
    }
    let doc = documents::get(&state.db, &[agency_id], doc.id).await?;
    Ok(HttpResponse::Created().json(crate::documents::view(&doc)))
}
