//! Annual enforcement reports (118号: last year's figures published by 31 January): the draft is
//! computed from the cases, an approver publishes it (append-only rows, into the change feed in
//! the same transaction).

use crate::cases;
use crate::disclosure::feed::{append_change_in, ChangeKind, NewChange};
use crate::entity::{agency, annual_report};
use crate::registers::matter_kinds;
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::disclosure::annual_report::{annual_figures, AnnualFigures};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;
use uuid::Uuid;

/// The feed's resource type of annual reports.
pub const FEED_RESOURCE_TYPE: &str = "annual_report";

/// A published report.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReport {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub agency_name: String,
    pub year: i32,
    pub version: i32,
    pub figures: AnnualFigures,
    pub published_by: Uuid,
    pub published_at: DateTime<Utc>,
}

/// The draft of `year` for an agency, computed now from its cases; powers are the kinds of its
/// enforcement matters in force on `day`.
pub async fn draft(
    db: &Db,
    agency_id: Uuid,
    year: i32,
    day: NaiveDate,
) -> Result<AnnualFigures, StoreError> {
    let states: Vec<_> = cases::all_cases(db, agency_id, None, None)
        .await?
        .into_iter()
        .map(|c| c.state)
        .collect();
    let powers = matter_kinds(db, agency_id, day).await?;
    Ok(annual_figures(year, &states, &powers))
}

fn to_report(m: annual_report::Model, agency_name: String) -> Result<StoredReport, StoreError> {
    Ok(StoredReport {
        figures: serde_json::from_value(m.figures)
            .map_err(|e| StoreError::Db(DbErr::Custom(format!("stored figures: {e}"))))?,
        id: m.id,
        agency_id: m.agency_id,
        agency_name,
        year: m.year,
        version: m.version,
        published_by: m.published_by,
        published_at: m.published_at,
    })
}

async fn agency_names(db: &Db) -> Result<HashMap<Uuid, String>, StoreError> {
    Ok(agency::Entity::find()
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect())
}

/// The stable feed resource id of an agency's report of a year: derived, so every version shares
/// it without a lookup.
pub fn report_resource_id(agency_id: Uuid, year: i32) -> Uuid {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(agency_id.as_bytes());
    h.update(b"/annual_report/");
    h.update(year.to_be_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_random_bytes(b).into_uuid()
}

/// The latest published version of each agency's report of `year` (all agencies, or one).
pub async fn published(
    db: &Db,
    year: i32,
    agency_id: Option<Uuid>,
) -> Result<Vec<StoredReport>, StoreError> {
    let mut q = annual_report::Entity::find().filter(annual_report::Column::Year.eq(year));
    if let Some(a) = agency_id {
        q = q.filter(annual_report::Column::AgencyId.eq(a));
    }
    let rows = q
        .order_by_asc(annual_report::Column::AgencyId)
        .order_by_desc(annual_report::Column::Version)
        .all(&db.conn())
        .await?;
    let names = agency_names(db).await?;
    let mut out: Vec<StoredReport> = Vec::new();
    for m in rows {
        if out.last().is_some_and(|r| r.agency_id == m.agency_id) {
            continue;
        }
        let name = names.get(&m.agency_id).cloned().unwrap_or_default();
        out.push(to_report(m, name)?);
    }
    Ok(out)
}

/// Publishes `figures` as the agency's report of `year`: version 1, or the next version when a
/// corrected report is published again (`correct` in the feed).
pub async fn publish(
    db: &Db,
    agency_id: Uuid,
    year: i32,
    figures: &AnnualFigures,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredReport, StoreError> {
    let tx = db.begin_write().await?;
    let prev = annual_report::Entity::find()
        .filter(annual_report::Column::AgencyId.eq(agency_id))
        .filter(annual_report::Column::Year.eq(year))
        .order_by_desc(annual_report::Column::Version)
        .one(&tx)
        .await?;
    let version = prev.as_ref().map_or(1, |p| p.version + 1);
    let body = serde_json::to_value(figures)
        .map_err(|e| StoreError::Db(DbErr::Custom(format!("serialise figures: {e}"))))?;
    let m = annual_report::ActiveModel {
        id: Set(Uuid::new_v4()),
        agency_id: Set(agency_id),
        year: Set(year),
        version: Set(version),
        figures: Set(body.clone()),
        published_by: Set(by),
        published_at: Set(now),
    }
    .insert(&tx)
    .await
    .map_err(|e| StoreError::unique(e, "annual_report"))?;
    // The resource id is stable per agency and year (all versions share it).
    let resource_id = report_resource_id(agency_id, year);
    append_change_in(
        &tx,
        NewChange {
            agency_id,
            resource_type: FEED_RESOURCE_TYPE,
            resource_id,
            version,
            change: if prev.is_some() {
                ChangeKind::Correct
            } else {
                ChangeKind::Publish
            },
            resource_url: format!("/api/public/v1/reports/annual/{year}?agency_id={agency_id}"),
            body: Some(serde_json::json!({
                "agency_id": agency_id,
                "year": year,
                "version": version,
                "published_at": now,
                "figures": body,
            })),
            reason: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    let name = agency_names(db)
        .await?
        .get(&agency_id)
        .cloned()
        .unwrap_or_default();
    to_report(m, name)
}
