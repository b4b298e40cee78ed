//! The public catalogue of major enforcement decisions (重大执法决定法制审核目录清单, published by
//! each agency): versions in force today, and any version that has taken effect by agency and
//! version. Who created a version is not shown.

use crate::error::ApiError;
use crate::routes::review::view::criterion_dto;
use crate::state::AppState;
use actix_web::{get, web};
use chrono::NaiveDate;
use sanxiang_api_types::discretion::{
    PublicAgencyQuery, PublicCatalogueList, PublicCatalogueVersion,
};
use sanxiang_persistence::review::{self as store, StoredCatalogue};
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

fn public_view(s: &StoredCatalogue, today: NaiveDate) -> PublicCatalogueVersion {
    let c = &s.catalogue;
    PublicCatalogueVersion {
        agency_id: c.agency_id,
        version: c.version,
        effective_from: c.effective_from,
        effective_until: c.effective_until,
        criteria: c.criteria.iter().map(criterion_dto).collect(),
        in_force: c.in_force_on(today),
    }
}

/// Catalogue versions in force today, of every agency or of `agency_id`.
#[utoipa::path(tag = "review", params(PublicAgencyQuery), responses(
    (status = 200, description = "Catalogue versions in force", body = PublicCatalogueList),
))]
#[get("/major-decision-catalogue")]
pub async fn public_catalogues(
    state: web::Data<AppState>,
    q: web::Query<PublicAgencyQuery>,
) -> Result<web::Json<PublicCatalogueList>, ApiError> {
    let today = state.today();
    let items = store::catalogues_in_force(&state.db, q.agency_id, today)
        .await?
        .iter()
        .map(|s| public_view(s, today))
        .collect();
    Ok(web::Json(PublicCatalogueList { items }))
}

/// One catalogue version that has taken effect (current or earlier).
#[utoipa::path(tag = "review",
    params(
        ("agency_id" = Uuid, Path, description = "Agency id"),
        ("version" = u32, Path, description = "Version number"),
    ),
    responses(
    (status = 200, description = "The version", body = PublicCatalogueVersion),
    (status = 404, description = "No such version, or not yet in force", body = Problem, content_type = "application/problem+json"),
))]
#[get("/major-decision-catalogue/{agency_id}/{version}")]
pub async fn public_catalogue_version(
    state: web::Data<AppState>,
    path: web::Path<(Uuid, u32)>,
) -> Result<web::Json<PublicCatalogueVersion>, ApiError> {
    let (agency_id, version) = path.into_inner();
    let today = state.today();
    let stored = store::catalogue_versions(&state.db, agency_id).await?;
    let s = stored
        .iter()
        .find(|s| s.catalogue.version == version && s.catalogue.effective_from <= today)
        .ok_or_else(ApiError::not_found)?;
    Ok(web::Json(public_view(s, today)))
}
