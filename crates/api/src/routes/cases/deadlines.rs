use super::view;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::cases::{
    DeadlineEntry, DeadlineInfo, DeadlineList, DeadlineQuery, DeadlineState,
};
use sanxiang_domain::account::Role;
use sanxiang_domain::calendar::DayUnit;
use sanxiang_domain::case::case_deadlines_on;
use sanxiang_domain::review::review_deadline;
use sanxiang_persistence::cases;
use sanxiang_persistence::review as review_store;

/// Deadlines across the caller's agency — the cases' statutory deadlines and the running legal
/// reviews' — every open one, or those with `status` (e.g. `?status=overdue`), most urgent first.
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(DeadlineQuery), responses(
    (status = 200, description = "Deadlines", body = DeadlineList),
))]
#[get("/deadlines")]
pub async fn deadlines(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<DeadlineQuery>,
) -> Result<web::Json<DeadlineList>, ApiError> {
    // Last year's annual report, due by 31 January (118号), is shown to those who prepare or
    // publish it.
    let reporter = [Role::DisclosureEditor, Role::Admin, Role::Approver]
        .iter()
        .any(|r| auth.user.has_role(*r));
    let items = agency_deadlines(&state, auth.agency_id(), q.status, reporter).await?;
    Ok(web::Json(DeadlineList { items }))
}

/// The deadlines of one agency — its cases', running legal reviews', disclosures' and, with
/// `annual_report`, last year's annual report — every open one, or those with `status`, most
/// urgent first. Also what the supervision dashboard counts as overdue
/// (`crate::routes::supervision`).
pub(crate) async fn agency_deadlines(
    state: &AppState,
    agency_id: uuid::Uuid,
    status: Option<DeadlineState>,
    annual_report: bool,
) -> Result<Vec<DeadlineEntry>, ApiError> {
    let q = DeadlineQuery { status };
    let cal = view::calendar(state).await?;
    let settings = view::settings(state);
    let today = state.today();
    let mut items = Vec::new();
    for c in cases::all_cases(&state.db, agency_id, None, None).await? {
        if c.state.archived_at.is_some() {
            continue;
        }
        let computed = case_deadlines_on(&c.state, &settings, &cal, today);
        let names = view::names(state, &view::approver_ids(&computed)).await?;
        for d in &computed {
            let info = view::deadline_info(d, today, &settings, &cal, &names);
            let keep = match q.status {
                Some(s) => info.status == s,
                None => info.status != DeadlineState::Met,
            };
            if keep {
                items.push(DeadlineEntry {
                    case_id: Some(c.id),
                    case_number: c.case_number.clone(),
                    title: c.title.clone(),
                    deadline: info,
                });
            }
        }
    }
    // Running legal reviews have their own deadline (5 working days by default, a setting).
    let review_settings = crate::routes::review::view::settings(state);
    for r in review_store::list_reviews(&state.db, agency_id).await? {
        let Some(d) = review_deadline(&r.review, &review_settings, &cal, today) else {
            continue;
        };
        if d.completed_on.is_some() {
            continue;
        }
        let status = view::deadline_state(d.status);
        let note = d.due.as_ref().err().map(ToString::to_string);
        let keep = match q.status {
            Some(s) => status == s,
            None => status != DeadlineState::Met,
        };
        if !keep {
            continue;
        }
        let Ok(c) = cases::get_case(&state.db, &[agency_id], r.review.case_id).await else {
            continue;
        };
        let period = if d.extended {
            review_settings
                .period
                .amount
                .saturating_add(review_settings.extension.amount)
        } else {
            review_settings.period.amount
        };
        items.push(DeadlineEntry {
            case_id: Some(c.id),
            case_number: c.case_number.clone(),
            title: c.title.clone(),
            deadline: DeadlineInfo {
                kind: "legal_review".into(),
                label: format!("法制审核（第{}轮）", d.round),
                article: "行政处罚法第五十八条；审核期限按本机关规定".into(),
                start: d.start,
                amount: period,
                unit: match review_settings.period.unit {
                    DayUnit::Working => "working",
                    DayUnit::Calendar => "calendar",
                }
                .into(),
                due: d.due.as_ref().ok().copied(),
                completed_on: None,
                status,
                note,
                base_due: None,
                extensions: Vec::new(),
                suspensions: Vec::new(),
            },
        });
    }
    // Disclosures to publish (118号) and to withdraw (行政处罚法 art. 48).
    items.extend(crate::routes::disclosure::deadlines::entries(state, agency_id, q.status).await?);
    // Last year's annual report, due by 31 January (118号), until it is published.
    let annual = if annual_report {
        crate::routes::reports::annual_deadline(state, agency_id, today).await?
    } else {
        None
    };
    if let Some(e) = annual {
        let keep = match q.status {
            Some(s) => e.deadline.status == s,
            None => e.deadline.status != DeadlineState::Met,
        };
        if keep {
            items.push(e);
        }
    }
    items.sort_by_key(|e| (e.deadline.due.is_none(), e.deadline.due));
    Ok(items)
}
