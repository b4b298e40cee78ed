use super::to_dto;
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{put, web};
use chrono::{Datelike, Weekday};
use sanxiang_api_types::calendar::{CalendarYear, PutCalendarYear};
use sanxiang_domain::calendar::{CalendarEntry, DayKind};
use sanxiang_persistence::calendar;
use std::collections::{BTreeMap, BTreeSet};

/// Years an admin may load: wide enough for any notice, narrow enough to catch typos.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Replaces (or adds) one year's notice: every holiday (`off`) and make-up working weekend day
/// (`workday`). Only admins of the platform agency may change the calendar, since every agency's
/// deadlines depend on it.
#[utoipa::path(tag = "calendar", security(("bearer" = [])), request_body = PutCalendarYear,
    params(("year" = i32, Path, description = "Calendar year, e.g. 2027", minimum = 2000, maximum = 2100)),
    responses(
    (status = 200, description = "The year as stored", body = CalendarYear),
    (status = 403, description = "Not an admin of the platform agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "A day outside the year, listed twice, or a `workday` that is not a weekend day", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[put("/calendar/{year}")]
#[tracing::instrument(skip_all, fields(user_id, year = %year))]
pub async fn put_year(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    year: web::Path<i32>,
    body: Valid<PutCalendarYear>,
) -> Result<web::Json<CalendarYear>, ApiError> {
    if !auth.agency.is_platform {
        return Err(ApiError::forbidden(
            "Only administrators of the platform agency can change the working-day calendar.",
        ));
    }
    let year = year.into_inner();
    if !YEARS.contains(&year) {
        return Err(ApiError::field(
            "year",
            format!("must be between {} and {}", YEARS.start(), YEARS.end()),
        ));
    }
    let b = body.0;
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut days = Vec::with_capacity(b.days.len());
    for (i, d) in b.days.into_iter().enumerate() {
        let mut err = |m: String| errors.entry(format!("days[{i}].date")).or_default().push(m);
        if d.date.year() != year {
            err(format!(
                "{} is not in {year} / 日期不在 {year} 年内",
                d.date
            ));
        }
        if !seen.insert(d.date) {
            err(format!("{} is listed twice / 日期重复", d.date));
        }
        if d.kind == DayKind::Workday && !matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun) {
            errors
                .entry(format!("days[{i}].kind"))
                .or_default()
                .push(format!(
                    "{} is not a Saturday or Sunday; only weekend days can be make-up working days / 调休上班日须为周六或周日",
                    d.date
                ));
        }
        let name = d.name.trim().to_owned();
        if name.is_empty() {
            errors
                .entry(format!("days[{i}].name"))
                .or_default()
                .push("must not be blank".into());
        }
        days.push(CalendarEntry {
            date: d.date,
            kind: d.kind,
            name,
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    days.sort_by_key(|d| d.date);
    let y = calendar::put_year(
        &state.db,
        year,
        b.source.trim().to_owned(),
        days,
        state.now(),
    )
    .await?;
    Ok(web::Json(to_dto(y)))
}
