use super::InspectionReader;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::inspections::{PlanPreview, PreviewQuery};
use sanxiang_domain::calendar::china_date;
use sanxiang_domain::inspection::DrawRules;
use sanxiang_persistence::inspections;
use std::collections::BTreeMap;

/// Pool sizes per credit tier, quotas and eligible inspectors if a plan with these rules were
/// drawn today (no seed is involved).
#[utoipa::path(tag = "inspections", security(("bearer" = [])), params(PreviewQuery), responses(
    (status = 200, description = "Preview", body = PlanPreview),
    (status = 422, description = "Invalid rules", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/inspections/preview")]
pub async fn preview(
    auth: Auth<InspectionReader>,
    state: web::Data<AppState>,
    q: web::Query<PreviewQuery>,
) -> Result<web::Json<PlanPreview>, ApiError> {
    let q = q.into_inner();
    let mut tier_ratios_bp = BTreeMap::new();
    for part in q.tier_ratios.as_deref().unwrap_or("").split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let parsed = part
            .split_once(':')
            .and_then(|(t, bp)| Some((t.trim().to_owned(), bp.trim().parse::<u32>().ok()?)));
        match parsed {
            Some((t, bp)) => {
                tier_ratios_bp.insert(t, bp);
            }
            None => {
                return Err(ApiError::field(
                    "tier_ratios",
                    "格式应为 A:500,B:1000 / expected A:500,B:1000",
                ))
            }
        }
    }
    let rules = DrawRules {
        ratio_bp: q.ratio_bp,
        tier_ratios_bp,
        count: q.count,
        exclude_inspected_within_years: q.exclude_inspected_within_years.unwrap_or(0),
        inspectors_per_target: 2,
    };
    rules.validate().map_err(|e| ApiError::draw(&e))?;
    let date = china_date(state.now());
    let (tiers, eligible_inspectors, conflicts) =
        inspections::preview_plan(&state.db, auth.agency_id(), q.category.trim(), &rules, date)
            .await?;
    Ok(web::Json(PlanPreview {
        date,
        tiers,
        eligible_inspectors,
        conflicts,
    }))
}
