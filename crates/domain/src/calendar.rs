//! Working-day calendar and statutory periods.
//!
//! 行政处罚法 art. 85 counts its "2, 3, 5, 7 days" in working days (工作日) that exclude statutory
//! holidays; 行政许可法 art. 82 counts all its periods in working days; 行政强制法 art. 69 counts
//! periods of ten days or less in working days. Which days are worked depends on the State
//! Council's yearly notice (holidays **and** make-up working weekends, 调休), so the calendar is
//! data, not a Monday–Friday rule. A date outside the data is *unknown*: a deadline that reaches
//! into an unannounced year says so instead of guessing.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The mainland-China calendar shipped with the product (State Council notices 2019–2026).
const SHIPPED_CSV: &str = include_str!("../data/cn-holidays.csv");

/// What a notice makes of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off under the notice (weekend days inside a holiday span included).
    Off,
    /// A Saturday or Sunday the notice makes a working day (调休上班日).
    Workday,
}

/// One row of the holiday data: a date the yearly notice changes from the plain week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEntry {
    /// The date concerned.
    pub date: NaiveDate,
    /// Off or worked.
    pub kind: DayKind,
    /// The holiday the notice lists it under (e.g. 国庆节), shown to officers.
    pub name: String,
}

/// A date the calendar has no data for: the working-day answer is unknown, never guessed. Its
/// message is the one note every unknown deadline shows (cases, reviews, disclosures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("未知——请先载入{}年的节假日数据（{date}不在工作日历范围内） / unknown: load the holiday calendar for {} first ({date} is outside the working-day calendar)", .date.year(), .date.year())]
pub struct OutsideCalendar {
    /// The first date that could not be classified.
    pub date: NaiveDate,
}

/// Why holiday data could not be loaded, with the 1-based line so an admin can fix the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The first line is not `date,kind,name`.
    #[error("line 1: header must be `date,kind,name`")]
    BadHeader,
    /// A row that cannot be parsed.
    #[error("line {line}: {reason}")]
    BadRow {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The same date appears twice with different kinds.
    #[error("{0} is listed twice with different kinds")]
    Conflict(NaiveDate),
    /// A coverage range whose end precedes its start.
    #[error("coverage range {0}..={1} is empty")]
    EmptyRange(NaiveDate, NaiveDate),
}

/// A working-day calendar: notice entries plus the date ranges those notices cover.
///
/// Coverage is kept as ranges rather than one span so that an admin can load next year's notice
/// (`with_year`) without the code knowing which years exist.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    entries: BTreeMap<NaiveDate, CalendarEntry>,
    /// Covered ranges, start → inclusive end, kept merged and non-overlapping.
    coverage: BTreeMap<NaiveDate, NaiveDate>,
}

impl Calendar {
    /// An empty calendar: every date is unknown until coverage is added.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The shipped mainland calendar, covering 2018-12-29 ..= 2026-12-31.
    ///
    /// The data is checked by the crate's tests, so a parse failure here would be a build defect;
    /// it still returns a `Result` because the workspace denies panics outside tests.
    pub fn shipped() -> Result<Self, CalendarError> {
        Self::from_csv(SHIPPED_CSV)
    }

    /// Parses the `date,kind,name` format of `data/cn-holidays.csv`.
    ///
    /// Coverage is derived per year: every calendar year with rows is covered from 1 January to
    /// 31 December, except a year whose rows all fall in December and whose next year also has
    /// rows — that is the next notice reaching back (the 2019 notice made 2018-12-29 a working
    /// day), so coverage starts at its first row, not on 1 January.
    pub fn from_csv(csv: &str) -> Result<Self, CalendarError> {
        let entries = parse_csv(csv)?;
        let mut by_year: BTreeMap<i32, Vec<NaiveDate>> = BTreeMap::new();
        for e in &entries {
            by_year.entry(e.date.year()).or_default().push(e.date);
        }
        let mut cal = Self::empty();
        for (year, dates) in &by_year {
            let all_december = dates.iter().all(|d| d.month() == 12);
            let start = match dates.iter().min() {
                Some(first) if all_december && by_year.contains_key(&(year + 1)) => *first,
                _ => year_start(*year)?,
            };
            cal.cover(start, year_end(*year)?)?;
        }
        cal.insert_entries(entries)?;
        Ok(cal)
    }

    /// Adds entries and declares `from ..= to` covered. Later entries replace earlier ones for the
    /// same date, as an amending notice does (2019 劳动节, 2020 春节).
    pub fn with_entries(
        mut self,
        entries: impl IntoIterator<Item = CalendarEntry>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Self, CalendarError> {
        self.cover(from, to)?;
        for e in entries {
            self.entries.insert(e.date, e);
        }
        Ok(self)
    }

    /// Loads one year's notice: covers the whole year plus any earlier dates the notice reaches
    /// back to (e.g. a worked Saturday at the end of the previous December).
    pub fn with_year(
        self,
        year: i32,
        entries: impl IntoIterator<Item = CalendarEntry>,
    ) -> Result<Self, CalendarError> {
        let entries: Vec<CalendarEntry> = entries.into_iter().collect();
        let start = year_start(year)?;
        let from = entries
            .iter()
            .map(|e| e.date)
            .min()
            .map_or(start, |d| d.min(start));
        self.with_entries(entries, from, year_end(year)?)
    }

    /// Whether the calendar can classify `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.coverage
            .range(..=date)
            .next_back()
            .is_some_and(|(_, end)| date <= *end)
    }

    /// The covered ranges (inclusive), earliest first, for display in the admin screen.
    pub fn coverage(&self) -> Vec<(NaiveDate, NaiveDate)> {
        self.coverage.iter().map(|(s, e)| (*s, *e)).collect()
    }

    /// All entries, in date order.
    pub fn entries(&self) -> impl Iterator<Item = &CalendarEntry> {
        self.entries.values()
    }

    /// The entry for `date`, if the notice names it.
    pub fn entry(&self, date: NaiveDate) -> Option<&CalendarEntry> {
        self.entries.get(&date)
    }

    /// Whether `date` is a working day: a notice row decides, otherwise Monday–Friday — but only
    /// inside coverage; outside it the answer is unknown.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, OutsideCalendar> {
        if !self.covers(date) {
            return Err(OutsideCalendar { date });
        }
        Ok(match self.entries.get(&date).map(|e| e.kind) {
            Some(DayKind::Off) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        })
    }

    /// The `n`-th working day after `start`. The start day itself is never counted (the period
    /// runs from the next day, as 行政处罚法 art. 85 periods are read), so with `n = 0` the answer
    /// is `start`. Fails at the first day that cannot be classified.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, OutsideCalendar> {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = next_day(day)?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// Working days strictly after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u32, OutsideCalendar> {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = next_day(day)?;
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(count)
    }
}

impl Calendar {
    fn cover(&mut self, from: NaiveDate, to: NaiveDate) -> Result<(), CalendarError> {
        if to < from {
            return Err(CalendarError::EmptyRange(from, to));
        }
        let (mut start, mut end) = (from, to);
        // Merge every range that overlaps or touches [start, end].
        let touching: Vec<(NaiveDate, NaiveDate)> = self
            .coverage
            .iter()
            .filter(|(s, e)| {
                s.pred_opt().is_none_or(|p| p <= end) && e.succ_opt().is_none_or(|n| n >= start)
            })
            .map(|(s, e)| (*s, *e))
            .collect();
        for (s, e) in touching {
            self.coverage.remove(&s);
            start = start.min(s);
            end = end.max(e);
        }
        self.coverage.insert(start, end);
        Ok(())
    }

    fn insert_entries(&mut self, entries: Vec<CalendarEntry>) -> Result<(), CalendarError> {
        for e in entries {
            if let Some(old) = self.entries.get(&e.date) {
                if old.kind != e.kind {
                    return Err(CalendarError::Conflict(e.date));
                }
            }
            self.entries.insert(e.date, e);
        }
        Ok(())
    }
}

/// Parses holiday rows without deciding coverage (for an admin upload of one year's notice).
pub fn parse_csv(csv: &str) -> Result<Vec<CalendarEntry>, CalendarError> {
    let mut lines = csv.lines().enumerate();
    match lines.next() {
        Some((_, h)) if h.trim_start_matches('\u{feff}').trim() == "date,kind,name" => {}
        _ => return Err(CalendarError::BadHeader),
    }
    let mut out = Vec::new();
    for (i, raw) in lines {
        let line = i + 1;
        let row = raw.trim();
        if row.is_empty() {
            continue;
        }
        let bad = |reason: &str| CalendarError::BadRow {
            line,
            reason: reason.to_owned(),
        };
        let mut cols = row.splitn(3, ',');
        let (Some(d), Some(k), Some(n)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(bad("expected three columns date,kind,name"));
        };
        let date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map_err(|_| bad("date must be YYYY-MM-DD"))?;
        let kind = match k.trim() {
            "off" => DayKind::Off,
            "workday" => DayKind::Workday,
            _ => return Err(bad("kind must be `off` or `workday`")),
        };
        if kind == DayKind::Workday && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err(bad("a make-up workday must be a Saturday or Sunday"));
        }
        out.push(CalendarEntry {
            date,
            kind,
            name: n.trim().to_owned(),
        });
    }
    Ok(out)
}

fn year_start(year: i32) -> Result<NaiveDate, CalendarError> {
    NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| CalendarError::BadRow {
        line: 0,
        reason: format!("year {year} out of range"),
    })
}

fn year_end(year: i32) -> Result<NaiveDate, CalendarError> {
    NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| CalendarError::BadRow {
        line: 0,
        reason: format!("year {year} out of range"),
    })
}

fn next_day(d: NaiveDate) -> Result<NaiveDate, OutsideCalendar> {
    d.succ_opt().ok_or(OutsideCalendar { date: d })
}

/// `start` plus `n` calendar days, with no roll-over: the raw arithmetic under
/// [`Deadline::due`], which then moves a last day that is a rest day (民法典 art. 203). Saturates at
/// chrono's maximum date rather than panicking.
pub fn add_calendar_days(start: NaiveDate, n: u32) -> NaiveDate {
    start
        .checked_add_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MAX)
}

/// The date in China (UTC+8, no daylight saving) at instant `now`: statutory days are Beijing days.
pub fn china_date(now: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => now.with_timezone(&tz).date_naive(),
        None => now.date_naive(),
    }
}

/// How a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    /// Working days from the calendar (行政处罚法 art. 85, 行政许可法 art. 82, 行政强制法 art. 69).
    Working,
    /// Plain calendar days.
    Calendar,
}

/// A statutory period with its unit, so no deadline is ever computed in the wrong kind of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Period {
    /// Number of days.
    pub amount: u32,
    /// Working or calendar days.
    pub unit: DayUnit,
}

impl Period {
    /// `amount` working days.
    pub const fn working(amount: u32) -> Self {
        Self {
            amount,
            unit: DayUnit::Working,
        }
    }
    /// `amount` calendar days.
    pub const fn calendar(amount: u32) -> Self {
        Self {
            amount,
            unit: DayUnit::Calendar,
        }
    }
    /// This period lengthened by `other` (an approved extension); units must match, otherwise the
    /// extension is added on top of the first due date by the caller.
    pub const fn plus(self, extra: u32) -> Self {
        Self {
            amount: self.amount.saturating_add(extra),
            unit: self.unit,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            DayUnit::Working => {
                write!(f, "{} 个工作日 / {} working days", self.amount, self.amount)
            }
            DayUnit::Calendar => write!(f, "{} 日 / {} calendar days", self.amount, self.amount),
        }
    }
}

/// Deadline arithmetic.
pub struct Deadline;

impl Deadline {
    /// The last day on which the act is still in time: `start` plus `period` in its unit, the
    /// day of `start` not counted. A calendar-day period whose last day is a statutory rest day
    /// (a holiday, or a weekend day that is not a make-up working day) ends on the first working
    /// day after it (民法典 art. 203; 民事诉讼法 art. 85, applied to service by 行政处罚法 art. 61),
    /// so it needs the calendar of its last day too: a year without data makes it unknown.
    pub fn due(
        start: NaiveDate,
        period: Period,
        calendar: &Calendar,
    ) -> Result<NaiveDate, OutsideCalendar> {
        match period.unit {
            DayUnit::Working => calendar.add_working_days(start, period.amount),
            DayUnit::Calendar => {
                let mut last = add_calendar_days(start, period.amount);
                while !calendar.is_working_day(last)? {
                    last = next_day(last)?;
                }
                Ok(last)
            }
        }
    }
}

/// Where a deadline stands on a given day; drives alerts and the overdue filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Done on or before the due date.
    Met,
    /// Not done; more than the warning window left.
    Pending,
    /// Not done; due within the warning window (the due day included).
    DueSoon,
    /// Not done and past due, or done after the due date (a missed deadline stays missed).
    Overdue,
    /// Not done, and not counting now: an excluded period (hearing, testing, …) is open.
    Suspended,
}

impl DeadlineStatus {
    /// Evaluates a deadline due on `due` as seen on `today`; `completed_on` is set once the act is
    /// done; `due_soon_days` is the warning window in calendar days (a setting).
    pub fn evaluate(
        due: NaiveDate,
        completed_on: Option<NaiveDate>,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Self {
        match completed_on {
            Some(done) if done <= due => Self::Met,
            Some(_) => Self::Overdue,
            None if today > due => Self::Overdue,
            None if add_calendar_days(today, due_soon_days) >= due => Self::DueSoon,
            None => Self::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> Calendar {
        Calendar::shipped().unwrap()
    }

    #[test]
    fn shipped_calendar_has_285_rows_and_documented_coverage() {
        let c = cal();
        assert_eq!(c.entries().count(), 285);
        assert_eq!(c.coverage(), vec![(d("2018-12-29"), d("2026-12-31"))]);
        let off = c.entries().filter(|e| e.kind == DayKind::Off).count();
        assert_eq!((off, 285 - off), (232, 53));
    }

    #[test]
    fn row_counts_per_notice_match_the_readme() {
        // Rows dated in December of year Y-1 belong to notice Y (2018-12-29..31, 2022-12-31).
        let c = cal();
        let notice_year = |e: &CalendarEntry| {
            let late_dec = e.date.month() == 12 && e.date.day() >= 29;
            let reach_back = late_dec && (e.date.year() == 2018 || e.date == d("2022-12-31"));
            if reach_back {
                e.date.year() + 1
            } else {
                e.date.year()
            }
        };
        let expected = [
            (2019, 24, 7),
            (2020, 30, 6),
            (2021, 31, 7),
            (2022, 31, 7),
            (2023, 27, 7),
            (2024, 28, 8),
            (2025, 28, 5),
            (2026, 33, 6),
        ];
        for (year, off, work) in expected {
            let rows: Vec<_> = c.entries().filter(|e| notice_year(e) == year).collect();
            let o = rows.iter().filter(|e| e.kind == DayKind::Off).count();
            let w = rows.iter().filter(|e| e.kind == DayKind::Workday).count();
            assert_eq!((o, w), (off, work), "notice {year}");
        }
    }

    #[test]
    fn working_days_per_year_match_the_readme() {
        let c = cal();
        let expected = [
            (2019, 250),
            (2020, 249),
            (2021, 250),
            (2022, 249),
            (2023, 249),
            (2024, 251),
            (2025, 248),
            (2026, 248),
        ];
        for (year, n) in expected {
            let from = d(&format!("{}-12-31", year - 1));
            let to = d(&format!("{year}-12-31"));
            let mut count = 0;
            let mut day = from;
            while day < to {
                day = day.succ_opt().unwrap();
                if c.is_working_day(day).unwrap() {
                    count += 1;
                }
            }
            assert_eq!(count, n, "{year}");
        }
    }

    #[test]
    fn art85_working_day_classification_table() {
        // 行政处罚法 art. 85: working days exclude statutory holidays and include 调休 weekends.
        let c = cal();
        let table = [
            ("2024-10-01", false), // 国庆节 off
            ("2024-09-29", true),  // Sunday worked for 国庆节
            ("2024-10-12", true),  // Saturday worked for 国庆节
            ("2024-02-09", true),  // 除夕 2024 only "encouraged" off: a working day
            ("2024-10-08", true),  // ordinary Tuesday
            ("2024-10-05", false), // Saturday inside the span
            ("2024-10-19", false), // ordinary Saturday
            ("2018-12-29", true),  // reach-back Saturday of the 2019 notice
            ("2020-02-01", false), // Saturday made off by the 2020 extension
            ("2026-02-14", true),  // Saturday worked for 春节 2026
        ];
        for (date, working) in table {
            assert_eq!(c.is_working_day(d(date)), Ok(working), "{date}");
        }
    }

    #[test]
    fn dates_outside_coverage_are_unknown_not_monday_to_friday() {
        let c = cal();
        // 2027-01-04 is a Monday, but no 2027 notice is loaded.
        assert_eq!(
            c.is_working_day(d("2027-01-04")),
            Err(OutsideCalendar {
                date: d("2027-01-04")
            })
        );
        assert_eq!(
            c.is_working_day(d("2018-12-28")),
            Err(OutsideCalendar {
                date: d("2018-12-28")
            })
        );
        // A period that reaches into 2027 fails at the first unknown day.
        assert_eq!(
            c.add_working_days(d("2026-12-30"), 5),
            Err(OutsideCalendar {
                date: d("2027-01-01")
            })
        );
    }

    #[test]
    fn art85_seven_working_days_across_national_day_2025() {
        // 行政处罚法 art. 85 / art. 61: 7 working days from Tuesday 2025-09-30.
        // 10-01..10-08 are off; 10-09 (1), 10-10 (2), Saturday 10-11 worked (3), 10-13..10-16 (4..7).
        let c = cal();
        assert_eq!(c.add_working_days(d("2025-09-30"), 7), Ok(d("2025-10-16")));
        // Sunday 2025-09-28 is a make-up workday: from Friday 09-26, the 1st working day is 09-28.
        assert_eq!(c.add_working_days(d("2025-09-26"), 1), Ok(d("2025-09-28")));
        assert_eq!(c.add_working_days(d("2025-09-30"), 0), Ok(d("2025-09-30")));
        assert_eq!(
            c.working_days_between(d("2025-09-30"), d("2025-10-16")),
            Ok(7)
        );
    }

    #[test]
    fn deadline_due_uses_the_period_unit() {
        let c = cal();
        let table = [
            // (start, period, due, article)
            (
                "2024-09-27",
                Period::working(5),
                "2024-10-10",
                "art. 64 hearing request, 5 working days",
            ),
            (
                "2024-09-27",
                Period::calendar(5),
                "2024-10-08",
                "calendar days count holidays, but a last day on a holiday rolls over",
            ),
            (
                "2024-01-10",
                Period::calendar(90),
                "2024-04-09",
                "art. 60 decision within 90 days",
            ),
            (
                "2024-05-06",
                Period::calendar(15),
                "2024-05-21",
                "art. 67 payment within 15 days",
            ),
        ];
        for (start, period, due, why) in table {
            assert_eq!(Deadline::due(d(start), period, &c), Ok(d(due)), "{why}");
        }
    }

    #[test]
    fn deadline_status_table() {
        let due = d("2025-03-10");
        let table = [
            (Some("2025-03-10"), "2025-04-01", DeadlineStatus::Met),
            (Some("2025-03-11"), "2025-04-01", DeadlineStatus::Overdue),
            (None, "2025-03-01", DeadlineStatus::Pending),
            (None, "2025-03-07", DeadlineStatus::DueSoon),
            (None, "2025-03-10", DeadlineStatus::DueSoon),
            (None, "2025-03-11", DeadlineStatus::Overdue),
        ];
        for (done, today, want) in table {
            assert_eq!(
                DeadlineStatus::evaluate(due, done.map(d), d(today), 3),
                want,
                "{done:?} {today}"
            );
        }
    }

    #[test]
    fn an_admin_can_add_next_years_notice() {
        let c = cal();
        let entries = vec![CalendarEntry {
            date: d("2027-01-01"),
            kind: DayKind::Off,
            name: "元旦".into(),
        }];
        let c = c.with_year(2027, entries).unwrap();
        assert_eq!(c.coverage(), vec![(d("2018-12-29"), d("2027-12-31"))]);
        assert_eq!(c.is_working_day(d("2027-01-01")), Ok(false));
        assert_eq!(c.is_working_day(d("2027-01-04")), Ok(true));
        assert_eq!(c.add_working_days(d("2026-12-30"), 2), Ok(d("2027-01-04")));
    }

    #[test]
    fn csv_errors_name_the_line() {
        assert_eq!(Calendar::from_csv("x,y\n"), Err(CalendarError::BadHeader));
        let bad = "date,kind,name\n2024-10-01,off,国庆节\n2024-10-02,holiday,国庆节\n";
        assert!(matches!(
            Calendar::from_csv(bad),
            Err(CalendarError::BadRow { line: 3, .. })
        ));
        let weekday_workday = "date,kind,name\n2024-10-08,workday,国庆节\n";
        assert!(matches!(
            Calendar::from_csv(weekday_workday),
            Err(CalendarError::BadRow { line: 2, .. })
        ));
        let conflict = "date,kind,name\n2024-09-29,workday,国庆节\n2024-09-29,off,国庆节\n";
        assert_eq!(
            Calendar::from_csv(conflict),
            Err(CalendarError::Conflict(d("2024-09-29")))
        );
    }

    #[test]
    fn china_date_is_utc_plus_8() {
        let now = DateTime::parse_from_rfc3339("2024-09-30T17:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(china_date(now), d("2024-10-01"));
    }

    /// 民法典 art. 203; 民事诉讼法 art. 85 via 行政处罚法 art. 61: a calendar-day
    /// period whose last day is a rest day ends on the next working day.
    #[test]
    fn calendar_day_periods_roll_past_rest_days() {
        let c = cal();
        // 行政处罚法 art. 67: 15 days to pay, served 2025-09-16 → 2025-10-01, inside the National
        // Day holiday (1–8 October 2025): due on Thursday 9 October.
        assert_eq!(
            Deadline::due(d("2025-09-16"), Period::calendar(15), &c),
            Ok(d("2025-10-09"))
        );
        // Ending on a plain Saturday (2025-03-15) → Monday 17 March.
        assert_eq!(
            Deadline::due(d("2025-02-28"), Period::calendar(15), &c),
            Ok(d("2025-03-17"))
        );
        // Ending on a make-up working Sunday (2025-09-28) stays there.
        assert_eq!(
            Deadline::due(d("2025-09-13"), Period::calendar(15), &c),
            Ok(d("2025-09-28"))
        );
        // 行政处罚法 art. 60: 90 days reaching a year without data is unknown, never a guess.
        assert_eq!(
            Deadline::due(d("2026-12-01"), Period::calendar(90), &c),
            Err(OutsideCalendar {
                date: d("2027-03-01")
            })
        );
    }
}
