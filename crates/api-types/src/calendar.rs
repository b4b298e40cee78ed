//! The working-day calendar: public holidays and make-up working days per year (行政处罚法 art. 85).

use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::calendar::DayKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// One special day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CalendarDay {
    pub date: NaiveDate,
    /// `off` (holiday) or `workday` (a weekend day that is worked).
    pub kind: DayKind,
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub name: String,
}

/// A year's special days. A year without an entry is unknown: deadlines reaching into it say so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CalendarYear {
    pub year: i32,
    /// Where the data comes from, e.g. 国办发明电〔2025〕7号.
    pub source: String,
    pub days: Vec<CalendarDay>,
    pub updated_at: DateTime<Utc>,
}

/// Replaces a year's special days (admin).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct PutCalendarYear {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub source: String,
    #[validate(nested)]
    pub days: Vec<CalendarDay>,
}

/// Years with data.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CalendarYears {
    pub years: Vec<i32>,
}
