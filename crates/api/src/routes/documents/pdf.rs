use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use sanxiang_persistence::blob::BlobAddress;
use sanxiang_persistence::documents;
use uuid::Uuid;

/// The issued PDF, exactly the bytes whose SHA-256 the log holds.
#[utoipa::path(tag = "documents", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Document id")), responses(
    (status = 200, description = "The PDF (application/pdf)", content_type = "application/pdf"),
    (status = 404, description = "No such document in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/documents/{id}.pdf")]
pub async fn document_pdf(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let d = documents::get(&state.db, &auth.user.readable_agencies(), id.into_inner()).await?;
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "document.pdf",
        d.id.to_string(),
        Some(d.agency_id),
    )
    .await?;
    let address = BlobAddress::parse(&d.sha256).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!(
            "stored document hash {} is not an address",
            d.sha256
        ))
    })?;
    let bytes = sanxiang_persistence::blob::read_all(state.blobs.as_ref(), &address)
        .await
        .map_err(ApiError::internal)?;
    Ok(super::pdf_response(
        bytes,
        &format!("{}.pdf", d.number),
        true,
    ))
}
