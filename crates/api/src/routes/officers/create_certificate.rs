use super::{certificate_dto, check_dates, managed_user_agency};
use crate::auth::{Admin, Auth};
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::officers::{CertificateInfo, CreateCertificate};
use sanxiang_persistence::officers::{self, NewCertificate};
use sanxiang_persistence::StoreError;
use uuid::Uuid;

/// Registers an enforcement certificate for an officer. The officer needs a profile first; the
/// number is unique across the instance.
#[utoipa::path(tag = "officers", security(("bearer" = [])), request_body = CreateCertificate,
    params(("user_id" = Uuid, Path, description = "User id of the officer")),
    responses(
    (status = 201, description = "Created", body = CertificateInfo),
    (status = 403, description = "Not an admin", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such user in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Number already on file, or the user has no officer profile", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body (e.g. valid_until before valid_from)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/officers/{user_id}/certificates")]
#[tracing::instrument(skip_all, fields(user_id, officer_id = %user_id))]
pub async fn create_certificate(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    user_id: web::Path<Uuid>,
    body: Valid<CreateCertificate>,
) -> Result<HttpResponse, ApiError> {
    let user_id = user_id.into_inner();
    let agency_id = managed_user_agency(&auth, &state.db, user_id).await?;
    let b = body.0;
    check_dates(b.valid_from, b.valid_until)?;
    let categories: Vec<String> = b.categories.iter().map(|c| c.trim().to_owned()).collect();
    if categories
        .iter()
        .any(|c| c.is_empty() || c.chars().count() > 50)
    {
        return Err(ApiError::field(
            "categories",
            "each category must have between 1 and 50 characters",
        ));
    }
    let number = b.number.trim().to_owned();
    if number.chars().count() < 4 {
        return Err(ApiError::field("number", "must have at least 4 characters"));
    }
    match officers::get_officer(&state.db, agency_id, user_id).await {
        Ok(_) => {}
        Err(StoreError::NotFound) => return Err(ApiError::new(
            ErrorCode::Conflict,
            "Set the officer profile (PUT /api/v1/officers/{user_id}) before adding certificates.",
        )),
        Err(e) => return Err(e.into()),
    }
    let c = officers::create_certificate(
        &state.db,
        agency_id,
        user_id,
        NewCertificate {
            number,
            issuer: b.issuer.trim().to_owned(),
            valid_from: b.valid_from,
            valid_until: b.valid_until,
            categories,
            area: b.area.trim().to_owned(),
            status: b.status,
        },
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(certificate_dto(c, state.today())))
}
