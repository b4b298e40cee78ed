use super::{certificate_dto, check_dates};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{patch, web};
use sanxiang_api_types::officers::{CertificateInfo, UpdateCertificate};
use sanxiang_persistence::officers::{self, CertificateChanges};
use sanxiang_persistence::StoreError;
use uuid::Uuid;

/// Changes a certificate's status (valid / suspended / revoked) or its last valid day. A
/// certificate of an agency the admin does not manage is 404.
#[utoipa::path(tag = "officers", security(("bearer" = [])), request_body = UpdateCertificate,
    params(("id" = Uuid, Path, description = "Certificate id")),
    responses(
    (status = 200, description = "Updated", body = CertificateInfo),
    (status = 403, description = "Not an admin", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such certificate in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body (e.g. valid_until before valid_from)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[patch("/certificates/{id}")]
#[tracing::instrument(skip_all, fields(user_id, certificate_id = %id))]
pub async fn update_certificate(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<UpdateCertificate>,
) -> Result<web::Json<CertificateInfo>, ApiError> {
    let id = id.into_inner();
    let current = match officers::get_certificate(&state.db, id).await {
        Ok(c) if auth.can_manage_agency(c.agency_id) => c,
        Ok(_) | Err(StoreError::NotFound) => return Err(ApiError::not_found()),
        Err(e) => return Err(e.into()),
    };
    let b = body.0;
    if let Some(until) = b.valid_until {
        // The first valid day never changes, so checking against the stored one is race-free.
        check_dates(current.certificate.valid_from, until)?;
    }
    let c = officers::update_certificate(
        &state.db,
        current.agency_id,
        id,
        CertificateChanges {
            status: b.status,
            valid_until: b.valid_until,
        },
        state.now(),
    )
    .await?;
    Ok(web::Json(certificate_dto(c, state.today())))
}
