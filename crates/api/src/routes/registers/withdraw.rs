use super::{register_type, version_view, RegisterEditor};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::registers::{RegisterVersionView, WithdrawRegisterEntry};
use sanxiang_persistence::registers as store;
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

/// Withdraws an entry from the public registers from today on, with the reason; the feed
/// publishes a tombstone. The versions stay in the history.
#[utoipa::path(tag = "registers", security(("bearer" = [])), request_body = WithdrawRegisterEntry,
    params(
        ("register_type" = String, Path, description = "Register type"),
        ("entry_id" = Uuid, Path, description = "Entry id"),
    ),
    responses(
    (status = 200, description = "Withdrawn; the last published version", body = RegisterVersionView),
    (status = 404, description = "No such entry", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Nothing public (`register_not_public`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/registers/{register_type}/{entry_id}/withdraw")]
pub async fn withdraw_entry(
    auth: Auth<RegisterEditor>,
    state: web::Data<AppState>,
    path: web::Path<(String, Uuid)>,
    body: Valid<WithdrawRegisterEntry>,
) -> Result<web::Json<RegisterVersionView>, ApiError> {
    let (t, entry_id) = path.into_inner();
    let t = register_type(&t)?;
    let v = store::withdraw(
        &state.db,
        auth.agency_id(),
        t,
        entry_id,
        body.0.reason,
        auth.user.id,
        state.now(),
    )
    .await?;
    Ok(web::Json(version_view(&v, state.today())))
}
