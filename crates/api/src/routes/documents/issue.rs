use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::routes::cases::CaseWorker;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::documents::{DocumentView, IssueDocument};
use sanxiang_domain::case::CaseAct;
use sanxiang_persistence::cases;
use uuid::Uuid;

/// Issues a document: composed from what the case holds and the officer's form, numbered from
/// the agency's template in the same transaction (no gaps, never reused), typeset as PDF/A-2b,
/// stored, and recorded in the case file — the PDF's SHA-256 goes into the issuing record's log
/// entry. A document that would lack a required element (行政处罚法 art. 59 for the 决定书) is
/// refused, naming each missing field.
#[utoipa::path(tag = "documents", security(("bearer" = [])), request_body = IssueDocument,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 201, description = "Issued", body = DocumentView),
    (status = 403, description = "Only the case's officers issue its documents", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such case in your agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "The case is archived (`case_archived`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "A required element is missing (`document_incomplete`, `errors` names each field) or the form is invalid (`validation_failed`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 503, description = "No font on the server (`fonts_missing`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/documents")]
pub async fn issue_document(
    auth: Auth<CaseWorker>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<IssueDocument>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let case = cases::get_case(&state.db, &[auth.agency_id()], id.into_inner()).await?;
    crate::routes::cases::duty::require(&state, &auth, &case, CaseAct::AppendRecord).await?;
    let doc =
        crate::documents::issue(&state, &auth.agency, &case, b.kind, b.form, auth.user.id).await?;
    Ok(HttpResponse::Created().json(crate::documents::view(&doc)))
}
