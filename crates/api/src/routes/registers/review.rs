use super::{register_type, version_view, RegisterEditor};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::registers::{RegisterVersionView, ReviewRegisterVersion};
use sanxiang_persistence::registers as store;
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

/// Reviews a submitted version (审核). Only a second person may: whoever created, edited or
/// submitted the version gets 403 `register_self_review`. Approval publishes the version (in
/// force from its `effective_from`, closing the previous one) and writes the change feed
/// (`publish`, or `correct` for a later version); rejection sends it back.
#[utoipa::path(tag = "registers", security(("bearer" = [])), request_body = ReviewRegisterVersion,
    params(
        ("register_type" = String, Path, description = "Register type"),
        ("entry_id" = Uuid, Path, description = "Entry id"),
        ("version" = i32, Path, description = "Version number"),
    ),
    responses(
    (status = 200, description = "Published or rejected", body = RegisterVersionView),
    (status = 403, description = "The reviewer wrote or submitted it (`register_self_review`)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such version", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not submitted (`register_wrong_status`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Takes effect before the version in force (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/registers/{register_type}/{entry_id}/versions/{version}/review")]
pub async fn review_version(
    auth: Auth<RegisterEditor>,
    state: web::Data<AppState>,
    path: web::Path<(String, Uuid, i32)>,
    body: Valid<ReviewRegisterVersion>,
) -> Result<web::Json<RegisterVersionView>, ApiError> {
    let (t, entry_id, version) = path.into_inner();
    let t = register_type(&t)?;
    let b = body.0;
    let v = store::review(
        &state.db,
        auth.agency_id(),
        t,
        entry_id,
        version,
        auth.user.id,
        b.approve,
        b.comment,
        state.now(),
    )
    .await?;
    Ok(web::Json(version_view(&v, state.today())))
}
