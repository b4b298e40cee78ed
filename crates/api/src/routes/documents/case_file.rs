use crate::auth::{AnyUser, Auth};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use sanxiang_documents::Template;
use sanxiang_persistence::{cases, documents};
use uuid::Uuid;

/// The case file (电子案卷) as one PDF: cover, table of contents with page numbers, every issued
/// document in issue order, and the evidence list with each file's SHA-256 and where it is kept.
#[utoipa::path(tag = "documents", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Case id")), responses(
    (status = 200, description = "The case file (application/pdf)", content_type = "application/pdf"),
    (status = 404, description = "No such case in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 503, description = "No font on the server (`fonts_missing`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{id}/case-file.pdf")]
pub async fn case_file(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let case = cases::get_case(&state.db, &auth.user.readable_agencies(), id.into_inner()).await?;
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "case.file",
        case.id.to_string(),
        Some(case.agency_id),
    )
    .await?;
    let engine = state.documents.clone().ok_or_else(|| {
        ApiError::new(
            ErrorCode::FontsMissing,
            "No CJK font on the server: install Debian's fonts-noto-cjk.",
        )
    })?;
    let agency = state.agencies.get(&state.db, case.agency_id).await?;
    let today = state.today();
    let facts = crate::documents::case_facts(&state, &agency, &case, today).await?;
    let docs = documents::list_for_case(&state.db, case.agency_id, case.id).await?;
    let numbered: Vec<(&str, &sanxiang_domain::document::ComposedDocument)> = docs
        .iter()
        .map(|d| (d.number.as_str(), &d.content))
        .collect();
    let data = sanxiang_domain::document::case_file_data(&facts, &numbered);
    let pdf = crate::documents::render(
        engine,
        Template::CaseFile,
        data,
        today,
        format!("case-file-{}", case.id),
    )
    .await?;
    Ok(super::pdf_response(
        pdf,
        &format!("{}-案卷.pdf", case.case_number),
        false,
    ))
}
