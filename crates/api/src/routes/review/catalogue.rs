//! The catalogue of major decisions (目录清单): versions, readable by number; approvers and admins
//! publish the next version.

use super::view::{catalogue_view, catalogues, criterion_of};
use super::{CatalogueEditor, ReviewReader};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{get, post, web};
use sanxiang_api_types::review::{CatalogueHistoryView, CatalogueVersion, CreateCatalogueVersion};
use sanxiang_domain::review::Catalogue;
use sanxiang_persistence::review as store;
use sanxiang_persistence::StoreError;

type Problem = sanxiang_api_types::problem::Problem;

/// Every version of the agency's catalogue, oldest first (a default version 1 with the criteria
/// of 行政处罚法 art. 58 is created on first use).
#[utoipa::path(tag = "review", security(("bearer" = [])), responses(
    (status = 200, description = "Versions", body = CatalogueHistoryView),
))]
#[get("/review/catalogue")]
pub async fn list_catalogue(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
) -> Result<web::Json<CatalogueHistoryView>, ApiError> {
    let (stored, history) = catalogues(&state, auth.agency_id()).await?;
    let today = state.today();
    Ok(web::Json(CatalogueHistoryView {
        versions: stored.iter().map(|s| catalogue_view(s, today)).collect(),
        current_version: history.in_force_on(today).map(|c| c.version),
    }))
}

/// One version of the agency's catalogue.
#[utoipa::path(tag = "review", security(("bearer" = [])),
    params(("version" = u32, Path, description = "Version number")),
    responses(
    (status = 200, description = "The version", body = CatalogueVersion),
    (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
))]
#[get("/review/catalogue/{version}")]
pub async fn get_catalogue_version(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
    version: web::Path<u32>,
) -> Result<web::Json<CatalogueVersion>, ApiError> {
    let v = version.into_inner();
    let (stored, _) = catalogues(&state, auth.agency_id()).await?;
    let s = stored
        .iter()
        .find(|s| s.catalogue.version == v)
        .ok_or_else(ApiError::not_found)?;
    Ok(web::Json(catalogue_view(s, state.today())))
}

/// Publishes the next version; the current one ends the day before `effective_from`. Reviews
/// already requested keep the version they were judged against.
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = CreateCatalogueVersion,
    responses(
    (status = 201, description = "Published", body = CatalogueVersion),
    (status = 409, description = "A concurrent publication (`version_conflict`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`catalogue_overlap`, `criterion_invalid`, …", body = Problem, content_type = "application/problem+json"),
))]
#[post("/review/catalogue")]
pub async fn create_catalogue_version(
    auth: Auth<CatalogueEditor>,
    state: web::Data<AppState>,
    body: Valid<CreateCatalogueVersion>,
) -> Result<(web::Json<CatalogueVersion>, actix_web::http::StatusCode), ApiError> {
    let b = body.0;
    let agency_id = auth.agency_id();
    let criteria = b
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| criterion_of(c, i))
        .collect::<Result<Vec<_>, _>>()?;
    let (_, mut history) = catalogues(&state, agency_id).await?;
    let next = Catalogue {
        agency_id,
        version: history.latest().map_or(1, |c| c.version.saturating_add(1)),
        effective_from: b.effective_from,
        effective_until: None,
        criteria,
    };
    let closed = history
        .publish(next.clone())
        .map_err(|v| ApiError::review(&v))?;
    let closed = closed.map(|v| (v, history.get(v).and_then(|c| c.effective_until)));
    let saved =
        match store::insert_catalogue_version(&state.db, &next, closed, auth.user.id, state.now())
            .await
        {
            Err(StoreError::Conflict(_)) => {
                return Err(ApiError::version_conflict(
                    "Another version was published meanwhile: reload.",
                ))
            }
            r => r?,
        };
    Ok((
        web::Json(catalogue_view(&saved, state.today())),
        actix_web::http::StatusCode::CREATED,
    ))
}
