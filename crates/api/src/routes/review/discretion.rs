//! Discretion standards (行政处罚裁量基准, 行政处罚法 art. 34): per violation type (`code`),
//! versioned like the catalogue. Case workers read them; approvers and admins publish the next
//! version. A review round is checked against the version in force on the day it was submitted.

use super::{CatalogueEditor, ReviewReader};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{get, post, web};
use chrono::NaiveDate;
use sanxiang_api_types::discretion::{
    CreateDiscretionStandard, DiscretionRangeDto, DiscretionStandardHistory,
    DiscretionStandardList, DiscretionStandardView,
};
use sanxiang_domain::review::{DiscretionHistory, DiscretionStandard, FineRange};
use sanxiang_persistence::discretion::{self as store, StoredStandard};
use sanxiang_persistence::StoreError;

type Problem = sanxiang_api_types::problem::Problem;

pub fn range_dto(r: &FineRange) -> DiscretionRangeDto {
    DiscretionRangeDto {
        party_kind: r.party_kind,
        circumstance: r.circumstance,
        min_fen: r.min_fen,
        max_fen: r.max_fen,
    }
}

pub fn standard_view(s: &StoredStandard, today: NaiveDate) -> DiscretionStandardView {
    let d = &s.standard;
    DiscretionStandardView {
        id: s.id,
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
        created_by: s.created_by,
        created_at: s.created_at,
    }
}

/// The agency's standards: per code the version in force today, else the newest.
#[utoipa::path(tag = "review", security(("bearer" = [])), responses(
    (status = 200, description = "Standards", body = DiscretionStandardList),
))]
#[get("/review/discretion-standards")]
pub async fn list_standards(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
) -> Result<web::Json<DiscretionStandardList>, ApiError> {
    let today = state.today();
    let all = store::all_versions(&state.db, auth.agency_id()).await?;
    let mut items: Vec<DiscretionStandardView> = Vec::new();
    for chunk in all.chunk_by(|a, b| a.standard.code == b.standard.code) {
        let pick = chunk
            .iter()
            .rev()
            .find(|s| s.standard.in_force_on(today))
            .or_else(|| chunk.last());
        items.extend(pick.map(|s| standard_view(s, today)));
    }
    Ok(web::Json(DiscretionStandardList { items }))
}

/// Every version of one standard, oldest first.
#[utoipa::path(tag = "review", security(("bearer" = [])),
    params(("code" = String, Path, description = "Violation type code")),
    responses(
    (status = 200, description = "Versions", body = DiscretionStandardHistory),
    (status = 404, description = "No such standard", body = Problem, content_type = "application/problem+json"),
))]
#[get("/review/discretion-standards/{code}")]
pub async fn standard_history(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<web::Json<DiscretionStandardHistory>, ApiError> {
    let code = code.into_inner();
    let today = state.today();
    let stored = store::standard_versions(&state.db, auth.agency_id(), &code).await?;
    if stored.is_empty() {
        return Err(ApiError::not_found());
    }
    Ok(web::Json(DiscretionStandardHistory {
        current_version: stored
            .iter()
            .rev()
            .find(|s| s.standard.in_force_on(today))
            .map(|s| s.standard.version),
        versions: stored.iter().map(|s| standard_view(s, today)).collect(),
        code,
    }))
}

/// One version of one standard.
#[utoipa::path(tag = "review", security(("bearer" = [])),
    params(
        ("code" = String, Path, description = "Violation type code"),
        ("version" = u32, Path, description = "Version number"),
    ),
    responses(
    (status = 200, description = "The version", body = DiscretionStandardView),
    (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
))]
#[get("/review/discretion-standards/{code}/{version}")]
pub async fn get_standard_version(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
    path: web::Path<(String, u32)>,
) -> Result<web::Json<DiscretionStandardView>, ApiError> {
    let (code, version) = path.into_inner();
    let stored = store::standard_versions(&state.db, auth.agency_id(), &code).await?;
    let s = stored
        .iter()
        .find(|s| s.standard.version == version)
        .ok_or_else(ApiError::not_found)?;
    Ok(web::Json(standard_view(s, state.today())))
}

/// Publishes the next version of the standard for `code` (version 1 for a new code); the current
/// version ends the day before `effective_from`. Reviews already submitted keep the version in
/// force when they were submitted.
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = CreateDiscretionStandard,
    responses(
    (status = 201, description = "Published", body = DiscretionStandardView),
    (status = 409, description = "A concurrent publication (`version_conflict`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`discretion_overlap`, `discretion_range_invalid`, `discretion_invalid`, …", body = Problem, content_type = "application/problem+json"),
))]
#[post("/review/discretion-standards")]
pub async fn create_standard_version(
    auth: Auth<CatalogueEditor>,
    state: web::Data<AppState>,
    body: Valid<CreateDiscretionStandard>,
) -> Result<
    (
        web::Json<DiscretionStandardView>,
        actix_web::http::StatusCode,
    ),
    ApiError,
> {
    let b = body.0;
    let agency_id = auth.agency_id();
    let code = b.code.trim().to_owned();
    let stored = store::standard_versions(&state.db, agency_id, &code).await?;
    let mut history = DiscretionHistory::from_versions(stored.into_iter().map(|s| s.standard))
        .map_err(|v| ApiError::review(&v))?;
    let next = DiscretionStandard {
        agency_id,
        version: history.latest().map_or(1, |s| s.version.saturating_add(1)),
        code,
        violation_type: b.violation_type.trim().to_owned(),
        effective_from: b.effective_from,
        effective_until: None,
        legal_basis: b
            .legal_basis
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        text: b.text,
        ranges: b
            .ranges
            .iter()
            .map(|r| FineRange {
                party_kind: r.party_kind,
                circumstance: r.circumstance,
                min_fen: r.min_fen,
                max_fen: r.max_fen,
            })
            .collect(),
    };
    let closed = history
        .publish(next.clone())
        .map_err(|v| ApiError::review(&v))?;
    let saved =
        match store::insert_version(&state.db, &next, closed, auth.user.id, state.now()).await {
            Err(StoreError::Conflict(_)) => {
                return Err(ApiError::version_conflict(
                    "Another version was published meanwhile: reload.",
                ))
            }
            r => r?,
        };
    Ok((
        web::Json(standard_view(&saved, state.today())),
        actix_web::http::StatusCode::CREATED,
    ))
}
