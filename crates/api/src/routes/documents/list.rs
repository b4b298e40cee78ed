use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::documents::{AvailableDocument, CaseDocuments};
use sanxiang_domain::document::{prefill, DocumentKind, IssuedRef};
use sanxiang_persistence::{cases, documents};
use uuid::Uuid;

/// The case's documents: those issued (with number, SHA-256 and PDF), and those it can produce
/// now with their forms pre-filled from what the case holds — the stage's usual ones first.
#[utoipa::path(tag = "documents", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Case id")), responses(
    (status = 200, description = "Issued and available documents", body = CaseDocuments),
    (status = 404, description = "No such case in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{id}/documents")]
pub async fn list_documents(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CaseDocuments>, ApiError> {
    let case = cases::get_case(&state.db, &auth.user.readable_agencies(), id.into_inner()).await?;
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "case.documents",
        case.id.to_string(),
        Some(case.agency_id),
    )
    .await?;
    let issued = documents::list_for_case(&state.db, case.agency_id, case.id).await?;
    let agency = state.agencies.get(&state.db, case.agency_id).await?;
    let facts = crate::documents::case_facts(&state, &agency, &case, state.today()).await?;
    let earlier: Vec<IssuedRef<'_>> = issued
        .iter()
        .rev()
        .map(|d| IssuedRef {
            kind: d.kind,
            title: &d.content.title,
            number: &d.number,
            form: &d.form,
        })
        .collect();
    let due = DocumentKind::due_at(case.state.stage);
    let mut available: Vec<AvailableDocument> = DocumentKind::ALL
        .iter()
        .filter(|k| k.case_kinds().contains(&case.kind))
        .map(|k| AvailableDocument {
            kind: *k,
            title: k.title_zh().to_owned(),
            due_now: due.contains(k),
            issued: issued.iter().any(|d| d.kind == *k),
            prefill: prefill(*k, &facts, &earlier),
        })
        .collect();
    available.sort_by_key(|a| !a.due_now);
    Ok(web::Json(CaseDocuments {
        issued: issued.iter().map(crate::documents::view).collect(),
        available,
    }))
}
