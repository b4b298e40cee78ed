use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::documents::DocumentView;
use sanxiang_persistence::documents;
use uuid::Uuid;

/// An issued document: number, SHA-256, the issuing record, the signed copies.
#[utoipa::path(tag = "documents", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Document id")), responses(
    (status = 200, description = "The document", body = DocumentView),
    (status = 404, description = "No such document in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/documents/{id}")]
pub async fn get_document(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<DocumentView>, ApiError> {
    let d = documents::get(&state.db, &auth.user.readable_agencies(), id.into_inner()).await?;
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "document.detail",
        d.id.to_string(),
        Some(d.agency_id),
    )
    .await?;
    Ok(web::Json(crate::documents::view(&d)))
}
