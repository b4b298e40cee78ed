use super::measures;
use super::Supervisor;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::supervision::{DashboardQuery, SupervisionDashboard};

type Problem = sanxiang_api_types::problem::Problem;

/// The measures of every agency granted to the supervisor, for the days `from`–`to` (inclusive;
/// default the current year): cases opened by kind and stage, their overdue deadlines by rule,
/// major decisions made without legal review (行政处罚法 art. 58), publication punctuality
/// (国办发〔2018〕118号), withdrawals (art. 48) and the average days per stage. Each agency read
/// is recorded as an auditor's read.
#[utoipa::path(tag = "supervision", security(("bearer" = [])), params(DashboardQuery), responses(
    (status = 200, description = "The measures", body = SupervisionDashboard),
    (status = 400, description = "`invalid_query` (`from` after `to`)", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a supervisor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/supervision/dashboard")]
#[tracing::instrument(skip_all, fields(user_id = %auth.user.id))]
pub async fn dashboard(
    auth: Auth<Supervisor>,
    state: web::Data<AppState>,
    q: web::Query<DashboardQuery>,
) -> Result<web::Json<SupervisionDashboard>, ApiError> {
    Ok(web::Json(measures::dashboard(&state, &auth, &q).await?))
}
