use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::calendar::CalendarYears;
use sanxiang_persistence::calendar;

/// Lists the years the working-day calendar has data for. Dates in any other year are unknown:
/// deadlines that reach into them say so.
#[utoipa::path(tag = "calendar", security(("bearer" = [])), responses(
    (status = 200, description = "Years with data", body = CalendarYears),
    (status = 401, description = "Not signed in", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/calendar")]
pub async fn list_years(
    _auth: Auth<AnyUser>,
    state: web::Data<AppState>,
) -> Result<web::Json<CalendarYears>, ApiError> {
    Ok(web::Json(CalendarYears {
        years: calendar::list_years(&state.db).await?,
    }))
}
