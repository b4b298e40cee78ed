//! Flowcharts (流程图) drawn by the server from the stage machines: per case kind, and per
//! enforcement matter (its kind's chart, titled with the matter's name).

use crate::error::ApiError;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use sanxiang_domain::case::{CaseKind, Procedure};
use sanxiang_domain::disclosure::flowchart::svg;
use sanxiang_domain::disclosure::registers::{RegisterContent, RegisterType};
use sanxiang_persistence::registers as store;
use uuid::Uuid;

use crate::state::AppState;

type Problem = sanxiang_api_types::problem::Problem;

fn kind_of(s: &str) -> Option<(CaseKind, Procedure)> {
    Some(match s {
        "penalty" => (CaseKind::Penalty, Procedure::Ordinary),
        "penalty_simplified" => (CaseKind::Penalty, Procedure::Simplified),
        "licence" => (CaseKind::Licence, Procedure::Ordinary),
        "inspection" => (CaseKind::Inspection, Procedure::Ordinary),
        "fee" => (CaseKind::Fee, Procedure::Ordinary),
        "coercive_measure" => (CaseKind::CoerciveMeasure, Procedure::Ordinary),
        _ => return None,
    })
}

fn svg_response(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}

/// The flowchart of a case kind as SVG: `penalty`, `penalty_simplified`, `licence`,
/// `inspection`, `fee`, `coercive_measure`. Every stage of the kind's machine is a box.
#[utoipa::path(tag = "registers",
    params(("kind" = String, Path, description = "Case kind")),
    responses(
    (status = 200, description = "The chart", body = String, content_type = "image/svg+xml"),
    (status = 404, description = "Unknown kind", body = Problem, content_type = "application/problem+json"),
))]
#[get("/flowcharts/{kind}.svg")]
pub async fn kind_flowchart(kind: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (k, p) = kind_of(&kind).ok_or_else(ApiError::not_found)?;
    Ok(svg_response(svg(k, p, None)))
}

/// The flowchart of an enforcement matter in force: its kind's chart, titled with its name.
#[utoipa::path(tag = "registers",
    params(("id" = Uuid, Path, description = "Enforcement matter id")),
    responses(
    (status = 200, description = "The chart", body = String, content_type = "image/svg+xml"),
    (status = 404, description = "No such public matter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/registers/enforcement_matter/{id}/flowchart.svg")]
pub async fn matter_flowchart(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (v, _) = store::public_entry(
        &state.db,
        RegisterType::EnforcementMatter,
        *id,
        state.today(),
    )
    .await?;
    let RegisterContent::EnforcementMatter(m) = v.content else {
        return Err(ApiError::not_found());
    };
    Ok(svg_response(svg(
        m.kind,
        Procedure::Ordinary,
        Some(&m.name),
    )))
}
