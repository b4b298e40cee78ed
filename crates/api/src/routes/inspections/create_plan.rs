use super::{plan_dto, InspectionManager};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::inspections::{CreatePlan, Plan};
use sanxiang_persistence::inspections::{self, NewPlan};
use sanxiang_persistence::{registers, StoreError};

/// Creates a draft plan for an item of the published random-inspection list (随机抽查事项清单):
/// the item's version in force now and its enforcement category are bound to the plan. Rules:
/// a count or ratios (per credit tier, in basis points), exclusions, and at least two
/// inspectors per target (行政处罚法 art. 42).
#[utoipa::path(tag = "inspections", security(("bearer" = [])), request_body = CreatePlan, responses(
    (status = 201, description = "Draft created", body = Plan),
    (status = 422, description = "Invalid rules or no such published item (`validation_failed`, `too_few_inspectors_per_target`, `quota_ambiguous`, `ratio_too_large`, `invalid_tier`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/inspections/plans")]
pub async fn create_plan(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    body: Valid<CreatePlan>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    b.rules.validate().map_err(|e| ApiError::draw(&e))?;
    if b.period_end < b.period_start {
        return Err(ApiError::field(
            "period_end",
            "结束日期不能早于开始日期 / the period ends before it starts",
        ));
    }
    let agency_id = auth.agency_id();
    let (item_id, item_version, item) =
        match registers::published_inspection_item(&state.db, agency_id, b.item_id, state.today()).await {
            Ok(x) => x,
            Err(StoreError::NotFound) => {
                return Err(ApiError::field(
                    "item_id",
                    "须为本机关已公布且现行有效的随机抽查事项 / not a published inspection item of your agency",
                ))
            }
            Err(e) => return Err(e.into()),
        };
    let item_name = if item.sub_item.trim().is_empty() {
        item.item.clone()
    } else {
        format!("{}—{}", item.item, item.sub_item)
    };
    let p = inspections::create_plan(
        &state.db,
        NewPlan {
            agency_id,
            name: b.name.trim().to_owned(),
            item_id,
            item_version,
            item_name,
            category: item.enforcement_category.clone(),
            period_start: b.period_start,
            period_end: b.period_end,
            rules: b.rules,
            created_by: auth.user.id,
        },
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(plan_dto(p)))
}
