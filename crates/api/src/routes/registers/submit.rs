use super::{register_type, version_view, RegisterEditor};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::registers::RegisterVersionView;
use sanxiang_persistence::registers as store;
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

/// Submits a draft version for review by a second person; it is frozen from now on.
#[utoipa::path(tag = "registers", security(("bearer" = [])),
    params(
        ("register_type" = String, Path, description = "Register type"),
        ("entry_id" = Uuid, Path, description = "Entry id"),
        ("version" = i32, Path, description = "Version number"),
    ),
    responses(
    (status = 200, description = "Submitted", body = RegisterVersionView),
    (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a draft (`register_wrong_status`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/registers/{register_type}/{entry_id}/versions/{version}/submit")]
pub async fn submit_version(
    auth: Auth<RegisterEditor>,
    state: web::Data<AppState>,
    path: web::Path<(String, Uuid, i32)>,
) -> Result<web::Json<RegisterVersionView>, ApiError> {
    let (t, entry_id, version) = path.into_inner();
    let t = register_type(&t)?;
    let v = store::submit(
        &state.db,
        auth.agency_id(),
        t,
        entry_id,
        version,
        auth.user.id,
        state.now(),
    )
    .await?;
    Ok(web::Json(version_view(&v, state.today())))
}
