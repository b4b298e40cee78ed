//! The working-day calendar (行政处罚法 art. 85): the State Council's yearly holiday notices as
//! rows, one per special day, plus one row per year that has been loaded.
//!
//! `calendar_days` is keyed by date only, so a day belongs to the year of its date — except the
//! late-December days a notice reaches back to (the 2019 notice made 2018-12-29 a working day):
//! a December day whose own year is not loaded belongs to the next year's notice.

use crate::entity::{calendar_day, calendar_year};
use crate::{Db, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sanxiang_domain::calendar::{Calendar, CalendarEntry, DayKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use std::collections::{BTreeMap, BTreeSet};

/// Where the shipped data comes from (the `source` of the years seeded at first start).
pub const SHIPPED_SOURCE: &str = "国务院办公厅节假日安排通知 2019–2026（随软件发布）";

/// A loaded year: its notice's special days, in date order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarYearRecord {
    pub year: i32,
    pub source: String,
    pub days: Vec<CalendarEntry>,
    pub updated_at: DateTime<Utc>,
}

fn kind_str(k: DayKind) -> &'static str {
    match k {
        DayKind::Off => "off",
        DayKind::Workday => "workday",
    }
}

fn to_entry(m: calendar_day::Model) -> Result<CalendarEntry, StoreError> {
    let kind = match m.kind.as_str() {
        "off" => DayKind::Off,
        "workday" => DayKind::Workday,
        other => {
            return Err(StoreError::Db(DbErr::Custom(format!(
                "calendar day {}: unknown kind `{other}`",
                m.day
            ))))
        }
    };
    Ok(CalendarEntry {
        date: m.day,
        kind,
        name: m.name,
    })
}

fn custom(e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(DbErr::Custom(e.to_string()))
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, StoreError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| custom(format!("year {y} out of range")))
}

/// The notice year a day belongs to, given the loaded years (see the module doc).
fn owner(day: NaiveDate, years: &BTreeSet<i32>) -> Option<i32> {
    if years.contains(&day.year()) {
        Some(day.year())
    } else if day.month() == 12 && years.contains(&(day.year() + 1)) {
        Some(day.year() + 1)
    } else {
        None
    }
}

/// The first date owned by `year`: 1 January, or 1 December before it when the previous year is
/// not loaded (reach-back days).
fn first_owned(year: i32, years: &BTreeSet<i32>) -> Result<NaiveDate, StoreError> {
    if years.contains(&(year - 1)) {
        date(year, 1, 1)
    } else {
        date(year - 1, 12, 1)
    }
}

async fn loaded_years<C: ConnectionTrait>(conn: &C) -> Result<BTreeSet<i32>, StoreError> {
    Ok(calendar_year::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|y| y.year)
        .collect())
}

async fn days_between<C: ConnectionTrait>(
    conn: &C,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<calendar_day::Model>, StoreError> {
    Ok(calendar_day::Entity::find()
        .filter(calendar_day::Column::Day.gte(from))
        .filter(calendar_day::Column::Day.lte(to))
        .order_by_asc(calendar_day::Column::Day)
        .all(conn)
        .await?)
}

/// The calendar the deadlines are computed with: every loaded year with its days. Coverage is
/// exactly the loaded years (plus the reach-back days of their notices); every other date is
/// unknown.
#[tracing::instrument(skip_all)]
pub async fn load(db: &Db) -> Result<Calendar, StoreError> {
    let years = loaded_years(&db.conn()).await?;
    let mut by_year: BTreeMap<i32, Vec<CalendarEntry>> =
        years.iter().map(|y| (*y, Vec::new())).collect();
    for m in calendar_day::Entity::find()
        .order_by_asc(calendar_day::Column::Day)
        .all(&db.conn())
        .await?
    {
        match owner(m.day, &years) {
            Some(y) => by_year.entry(y).or_default().push(to_entry(m)?),
            None => tracing::warn!(day = %m.day, "calendar day outside every loaded year; ignored"),
        }
    }
    let mut cal = Calendar::empty();
    for (year, entries) in by_year {
        cal = cal.with_year(year, entries).map_err(custom)?;
    }
    Ok(cal)
}

/// The loaded years, ascending.
pub async fn list_years(db: &Db) -> Result<Vec<i32>, StoreError> {
    Ok(loaded_years(&db.conn()).await?.into_iter().collect())
}

async fn read_year<C: ConnectionTrait>(
    conn: &C,
    year: i32,
) -> Result<CalendarYearRecord, StoreError> {
    let y = calendar_year::Entity::find_by_id(year)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let years = loaded_years(conn).await?;
    let days = days_between(conn, first_owned(year, &years)?, date(year, 12, 31)?)
        .await?
        .into_iter()
        .filter(|m| owner(m.day, &years) == Some(year))
        .map(to_entry)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CalendarYearRecord {
        year: y.year,
        source: y.source,
        days,
        updated_at: y.updated_at,
    })
}

/// One loaded year with its days; a year without data is [`StoreError::NotFound`].
pub async fn get_year(db: &Db, year: i32) -> Result<CalendarYearRecord, StoreError> {
    read_year(&db.conn(), year).await
}

async fn insert_days<C: ConnectionTrait>(
    conn: &C,
    days: Vec<CalendarEntry>,
) -> Result<(), StoreError> {
    // Chunks keep every statement well below SQLite's bound-parameter limit.
    let rows: Vec<calendar_day::ActiveModel> = days
        .into_iter()
        .map(|e| calendar_day::ActiveModel {
            day: Set(e.date),
            kind: Set(kind_str(e.kind).to_owned()),
            name: Set(e.name),
        })
        .collect();
    for chunk in rows.chunks(200) {
        calendar_day::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await
            .map_err(|e| StoreError::unique(e, "date"))?;
    }
    Ok(())
}

async fn write_year<C: ConnectionTrait>(
    conn: &C,
    year: i32,
    source: String,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let am = calendar_year::ActiveModel {
        year: Set(year),
        source: Set(source),
        updated_at: Set(now),
    };
    if calendar_year::Entity::find_by_id(year)
        .one(conn)
        .await?
        .is_some()
    {
        am.update(conn).await?;
    } else {
        am.insert(conn)
            .await
            .map_err(|e| StoreError::unique(e, "year"))?;
    }
    Ok(())
}

/// Replaces one year's notice (source and days) in one transaction; the year is added when it
/// was not loaded. The caller has checked that every day falls in the year, appears once, and
/// that every `workday` is a Saturday or Sunday.
#[tracing::instrument(skip_all, fields(year = year))]
pub async fn put_year(
    db: &Db,
    year: i32,
    source: String,
    days: Vec<CalendarEntry>,
    now: DateTime<Utc>,
) -> Result<CalendarYearRecord, StoreError> {
    let tx = db.begin_write().await?;
    let mut years = loaded_years(&tx).await?;
    years.insert(year);
    // Remove what this year owns, reach-back days included, then write the new notice.
    let owned: Vec<NaiveDate> = days_between(&tx, first_owned(year, &years)?, date(year, 12, 31)?)
        .await?
        .into_iter()
        .filter(|m| owner(m.day, &years) == Some(year))
        .map(|m| m.day)
        .collect();
    if !owned.is_empty() {
        calendar_day::Entity::delete_many()
            .filter(calendar_day::Column::Day.is_in(owned))
            .exec(&tx)
            .await?;
    }
    insert_days(&tx, days).await?;
    write_year(&tx, year, source, now).await?;
    let record = read_year(&tx, year).await?;
    tx.commit().await?;
    Ok(record)
}

/// Loads the calendar shipped with the software ([`Calendar::shipped`]) when no year is loaded
/// yet; returns whether it did. Rows in a December whose year has no other rows belong to the
/// next year's notice (2018-12-29..31 → 2019), so the loaded years are exactly the notices.
#[tracing::instrument(skip_all)]
pub async fn seed_shipped_if_empty(db: &Db, now: DateTime<Utc>) -> Result<bool, StoreError> {
    if calendar_year::Entity::find().count(&db.conn()).await? > 0 {
        return Ok(false);
    }
    let shipped = Calendar::shipped().map_err(custom)?;
    let mut by_date_year: BTreeMap<i32, Vec<CalendarEntry>> = BTreeMap::new();
    for e in shipped.entries() {
        by_date_year
            .entry(e.date.year())
            .or_default()
            .push(e.clone());
    }
    let mut notices: BTreeMap<i32, Vec<CalendarEntry>> = BTreeMap::new();
    for (year, entries) in &by_date_year {
        let reach_back =
            entries.iter().all(|e| e.date.month() == 12) && by_date_year.contains_key(&(year + 1));
        let notice = if reach_back { year + 1 } else { *year };
        notices
            .entry(notice)
            .or_default()
            .extend(entries.iter().cloned());
    }
    let tx = db.begin_write().await?;
    for (year, entries) in notices {
        insert_days(&tx, entries).await?;
        calendar_year::ActiveModel {
            year: Set(year),
            source: Set(SHIPPED_SOURCE.to_owned()),
            updated_at: Set(now),
        }
        .insert(&tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!("loaded the shipped working-day calendar");
    Ok(true)
}
