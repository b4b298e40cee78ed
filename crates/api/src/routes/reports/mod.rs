//! `/reports/annual/{year}`: the annual enforcement report (118号: last year's figures published
//! by 31 January, "0" for every power without cases) — the draft computed from the cases, and
//! its publication by an approver or admin.

mod annual;

use crate::auth::guard::Policy;
use sanxiang_domain::account::Role;
use utoipa_actix_web::service_config::ServiceConfig;

pub(crate) use annual::published_view;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(annual::draft).service(annual::publish);
}

/// Who reads the draft: staff who prepare or sign disclosure.
pub struct ReportReader;
impl Policy for ReportReader {
    const ROLES: &'static [Role] = &[Role::DisclosureEditor, Role::Approver, Role::Admin];
}

/// Who publishes it: approvers and admins.
pub struct ReportPublisher;
impl Policy for ReportPublisher {
    const ROLES: &'static [Role] = &[Role::Approver, Role::Admin];
}

/// The deadlines-list item of last year's annual report while it is unpublished: due 31 January
/// (118号), `due_soon` in January, `overdue` after. `case_id` is null: the item belongs to no case.
pub(crate) async fn annual_deadline(
    state: &crate::state::AppState,
    agency_id: uuid::Uuid,
    today: chrono::NaiveDate,
) -> Result<Option<sanxiang_api_types::cases::DeadlineEntry>, crate::error::ApiError> {
    use chrono::Datelike;
    use sanxiang_api_types::cases::{DeadlineEntry, DeadlineInfo, DeadlineState};
    let year = today.year() - 1;
    let (Some(due), Some(start)) = (
        sanxiang_domain::disclosure::annual_report::report_due(year),
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1),
    ) else {
        return Ok(None);
    };
    let published =
        !sanxiang_persistence::annual_reports::published(&state.db, year, Some(agency_id))
            .await?
            .is_empty();
    if published {
        return Ok(None);
    }
    let status = if today > due {
        DeadlineState::Overdue
    } else {
        DeadlineState::DueSoon
    };
    Ok(Some(DeadlineEntry {
        case_id: None,
        case_number: String::new(),
        title: format!("{year}年度行政执法数据公开"),
        deadline: DeadlineInfo {
            kind: "annual_report".into(),
            label: format!("公开{year}年度行政执法统计年报"),
            article: "国办发〔2018〕118号：每年1月31日前公开上年度数据".into(),
            start,
            amount: 31,
            unit: "calendar".into(),
            due: Some(due),
            completed_on: None,
            status,
            note: None,
            base_due: Some(due),
            extensions: Vec::new(),
            suspensions: Vec::new(),
        },
    }))
}
