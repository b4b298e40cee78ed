use super::{ReportPublisher, ReportReader};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web};
use sanxiang_api_types::registers::{AnnualReportDraft, PublishedAnnualReport};
use sanxiang_domain::disclosure::annual_report::{report_due, report_ready};
use sanxiang_persistence::annual_reports::{self as store, StoredReport};

type Problem = sanxiang_api_types::problem::Problem;

pub(crate) fn published_view(r: StoredReport) -> PublishedAnnualReport {
    PublishedAnnualReport {
        agency_id: r.agency_id,
        agency_name: r.agency_name,
        year: r.year,
        version: r.version,
        published_at: r.published_at,
        figures: r.figures,
    }
}

fn check_year(year: i32) -> Result<(), ApiError> {
    // 9998 at most: the report is due in the next year, which must still be a four-digit date.
    if !(2000..=9998).contains(&year) {
        return Err(ApiError::new(
            ErrorCode::InvalidPathParameter,
            "year must be between 2000 and 9998",
        ));
    }
    Ok(())
}

/// The agency's report of `year`: the draft computed from its cases now, whether it may be
/// published (from 1 January of the next year), when it is due (31 January) and what was
/// published.
#[utoipa::path(tag = "registers", security(("bearer" = [])),
    params(("year" = i32, Path, description = "Report year", minimum = 2000, maximum = 9998)),
    responses(
    (status = 200, description = "Draft and published report", body = AnnualReportDraft),
    (status = 400, description = "Bad year (`invalid_path_parameter`)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/reports/annual/{year}")]
pub async fn draft(
    auth: Auth<ReportReader>,
    state: web::Data<AppState>,
    year: web::Path<i32>,
) -> Result<web::Json<AnnualReportDraft>, ApiError> {
    let year = year.into_inner();
    check_year(year)?;
    let today = state.today();
    let agency_id = auth.agency_id();
    let figures = store::draft(&state.db, agency_id, year, today).await?;
    let published = store::published(&state.db, year, Some(agency_id))
        .await?
        .pop()
        .map(published_view);
    let due_on = report_due(year);
    Ok(web::Json(AnnualReportDraft {
        agency_id,
        year,
        ready: report_ready(year, today),
        due_on,
        overdue: published.is_none() && due_on.is_some_and(|d| today > d),
        draft: figures,
        published,
    }))
}

/// Publishes the agency's report of `year` as computed now (from 1 January of the next year;
/// before, 409 `annual_report_not_ready`). Publishing again publishes a corrected version
/// (`correct` in the change feed).
#[utoipa::path(tag = "registers", security(("bearer" = [])),
    params(("year" = i32, Path, description = "Report year", minimum = 2000, maximum = 9998)),
    responses(
    (status = 201, description = "Published", body = PublishedAnnualReport),
    (status = 409, description = "The year has not ended (`annual_report_not_ready`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/reports/annual/{year}/publish")]
pub async fn publish(
    auth: Auth<ReportPublisher>,
    state: web::Data<AppState>,
    year: web::Path<i32>,
) -> Result<(web::Json<PublishedAnnualReport>, StatusCode), ApiError> {
    let year = year.into_inner();
    check_year(year)?;
    let today = state.today();
    if !report_ready(year, today) {
        return Err(ApiError::new(
            ErrorCode::AnnualReportNotReady,
            format!(
                "The report of {year} can be published from 1 January {}.",
                year + 1
            ),
        ));
    }
    let agency_id = auth.agency_id();
    let figures = store::draft(&state.db, agency_id, year, today).await?;
    let r = store::publish(
        &state.db,
        agency_id,
        year,
        &figures,
        auth.user.id,
        state.now(),
    )
    .await?;
    Ok((web::Json(published_view(r)), StatusCode::CREATED))
}
