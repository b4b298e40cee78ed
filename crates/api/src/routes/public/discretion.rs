//! Public discretion standards (行政处罚裁量基准 are published, 行政处罚法 art. 34): the versions in
//! force today, and any version that has taken effect by agency, code and version. Versions not
//! yet in force and who created them are not shown.

use crate::error::ApiError;
use crate::routes::review::discretion::range_dto;
use crate::state::AppState;
use actix_web::{get, web};
use chrono::NaiveDate;
use sanxiang_api_types::discretion::{
    PublicAgencyQuery, PublicDiscretionList, PublicDiscretionStandard,
};
use sanxiang_persistence::discretion::{self as store, StoredStandard};
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

fn public_view(s: &StoredStandard, today: NaiveDate) -> PublicDiscretionStandard {
    let d = &s.standard;
    PublicDiscretionStandard {
        agency_id: d.agency_id,
        code: d.code.clone(),
        violation_type: d.violation_type.clone(),
        version: d.version,
        effective_from: d.effective_from,
        effective_until: d.effective_until,
        legal_basis: d.legal_basis.clone(),
        text: d.text.clone(),
        ranges: d.ranges.iter().map(range_dto).collect(),
        in_force: d.in_force_on(today),
    }
}

/// Discretion standards in force today, of every agency or of `agency_id`.
#[utoipa::path(tag = "review", params(PublicAgencyQuery), responses(
    (status = 200, description = "Standards in force", body = PublicDiscretionList),
))]
#[get("/discretion-standards")]
pub async fn public_standards(
    state: web::Data<AppState>,
    q: web::Query<PublicAgencyQuery>,
) -> Result<web::Json<PublicDiscretionList>, ApiError> {
    let today = state.today();
    let items = store::in_force(&state.db, q.agency_id, today)
        .await?
        .iter()
        .map(|s| public_view(s, today))
        .collect();
    Ok(web::Json(PublicDiscretionList { items }))
}

/// One version of a standard that has taken effect (current or earlier).
#[utoipa::path(tag = "review",
    params(
        ("agency_id" = Uuid, Path, description = "Agency id"),
        ("code" = String, Path, description = "Violation type code"),
        ("version" = u32, Path, description = "Version number"),
    ),
    responses(
    (status = 200, description = "The version", body = PublicDiscretionStandard),
    (status = 404, description = "No such version, or not yet in force", body = Problem, content_type = "application/problem+json"),
))]
#[get("/discretion-standards/{agency_id}/{code}/{version}")]
pub async fn public_standard_version(
    state: web::Data<AppState>,
    path: web::Path<(Uuid, String, u32)>,
) -> Result<web::Json<PublicDiscretionStandard>, ApiError> {
    let (agency_id, code, version) = path.into_inner();
    let today = state.today();
    let stored = store::standard_versions(&state.db, agency_id, &code).await?;
    let s = stored
        .iter()
        .find(|s| s.standard.version == version && s.standard.effective_from <= today)
        .ok_or_else(ApiError::not_found)?;
    Ok(web::Json(public_view(s, today)))
}
