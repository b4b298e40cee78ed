use super::{plan_dto, InspectionReader};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::inspections::PlanList;
use sanxiang_persistence::inspections;

/// Lists the agency's plans, newest first.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), responses(
    (status = 200, description = "Plans", body = PlanList),
))]
#[get("/inspections/plans")]
pub async fn list_plans(
    auth: Auth<InspectionReader>,
    state: web::Data<AppState>,
) -> Result<web::Json<PlanList>, ApiError> {
    let items = inspections::list_plans(&state.db, auth.agency_id())
        .await?
        .into_iter()
        .map(plan_dto)
        .collect();
    Ok(web::Json(PlanList { items }))
}
