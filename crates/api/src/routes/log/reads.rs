use super::internal;
use crate::auth::{Admin, Auth};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::log::{AuditorRead, AuditorReads, ReadsQuery};
use sanxiang_persistence::tlog;

/// Reads by auditors (who read what, when), newest first. Administrators of the platform agency
/// see all; other administrators see reads by auditors of their agency or of its data.
#[utoipa::path(tag = "log", security(("bearer" = [])), params(ReadsQuery), responses(
    (status = 200, description = "Recorded reads", body = AuditorReads),
    (status = 400, description = "Bad limit (`invalid_query`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an administrator", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/audit/reads")]
pub async fn reads(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    q: web::Query<ReadsQuery>,
) -> Result<web::Json<AuditorReads>, ApiError> {
    let q = q.into_inner();
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "limit must be between 1 and 500",
        ));
    }
    let scope = if auth.agency.is_platform {
        None
    } else {
        Some(auth.agency_id())
    };
    let items = tlog::list_auditor_reads(&state.db, scope, q.user_id, limit)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|r| AuditorRead {
            id: r.id,
            user_id: r.user_id,
            agency_id: r.agency_id,
            target_agency_id: r.target_agency_id,
            what: r.what,
            target: r.target,
            at: r.at,
            request_id: r.request_id,
        })
        .collect();
    Ok(web::Json(AuditorReads { items }))
}
