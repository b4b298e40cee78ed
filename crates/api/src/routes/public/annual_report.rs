//! Published annual enforcement reports (118号): per agency, the latest published version.

use crate::error::{ApiError, ErrorCode};
use crate::routes::reports::published_view;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::registers::{AgencyFilter, PublicAnnualReports};
use sanxiang_persistence::annual_reports as store;

type Problem = sanxiang_api_types::problem::Problem;

/// The published annual reports of `year` (figures per agency and kind, "0" for powers without
/// cases); reports not yet published are absent.
#[utoipa::path(tag = "registers",
    params(("year" = i32, Path, description = "Report year", minimum = 2000, maximum = 9998), AgencyFilter),
    responses(
    (status = 200, description = "Reports", body = PublicAnnualReports),
    (status = 400, description = "Bad year (`invalid_path_parameter`)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/reports/annual/{year}")]
pub async fn public_annual_reports(
    state: web::Data<AppState>,
    year: web::Path<i32>,
    q: web::Query<AgencyFilter>,
) -> Result<web::Json<PublicAnnualReports>, ApiError> {
    let year = year.into_inner();
    // 9998 at most: the report is due in the next year, which must still be a four-digit date.
    if !(2000..=9998).contains(&year) {
        return Err(ApiError::new(
            ErrorCode::InvalidPathParameter,
            "year must be between 2000 and 9998",
        ));
    }
    let reports = store::published(&state.db, year, q.agency_id)
        .await?
        .into_iter()
        .map(published_view)
        .collect();
    Ok(web::Json(PublicAnnualReports { year, reports }))
}
