use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::routes::cases::CaseWorker;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::documents::IssueDocument;
use sanxiang_domain::case::CaseAct;
use sanxiang_persistence::cases;
use uuid::Uuid;

/// A preview PDF of the document as it would be issued: the same composition and checks, no
/// number, marked 样稿, nothing written.
#[utoipa::path(tag = "documents", security(("bearer" = [])), request_body = IssueDocument,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "The preview (application/pdf)", content_type = "application/pdf"),
    (status = 403, description = "Only the case's officers issue its documents", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such case in your agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "A required element is missing (`document_incomplete`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 503, description = "No font on the server (`fonts_missing`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/documents/preview")]
pub async fn preview_document(
    auth: Auth<CaseWorker>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<IssueDocument>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let case = cases::get_case(&state.db, &[auth.agency_id()], id.into_inner()).await?;
    crate::routes::cases::duty::require(&state, &auth, &case, CaseAct::AppendRecord).await?;
    let pdf = crate::documents::preview(&state, &auth.agency, &case, b.kind, &b.form).await?;
    Ok(super::pdf_response(pdf, "样稿.pdf", false))
}
