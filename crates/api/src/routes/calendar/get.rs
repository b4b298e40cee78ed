use super::to_dto;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::calendar::CalendarYear;
use sanxiang_persistence::calendar;

/// One year's holidays and make-up working days, with the notice they come from.
#[utoipa::path(tag = "calendar", security(("bearer" = [])),
    params(("year" = i32, Path, description = "Calendar year, e.g. 2026")),
    responses(
    (status = 200, description = "The year", body = CalendarYear),
    (status = 401, description = "Not signed in", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No data for that year", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/calendar/{year}")]
pub async fn get_year(
    _auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    year: web::Path<i32>,
) -> Result<web::Json<CalendarYear>, ApiError> {
    Ok(web::Json(to_dto(
        calendar::get_year(&state.db, year.into_inner()).await?,
    )))
}
