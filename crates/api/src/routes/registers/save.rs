use super::{draft_input, register_type, version_view, RegisterEditor};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{put, web};
use sanxiang_api_types::registers::{RegisterVersionView, SaveRegisterDraft};
use sanxiang_persistence::registers as store;
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

/// Saves an edit of an entry. A draft is changed in place; after a published or rejected
/// version the edit becomes a new version (a published version is never changed). While a
/// version awaits review, 409 `register_version_pending`.
#[utoipa::path(tag = "registers", security(("bearer" = [])), request_body = SaveRegisterDraft,
    params(
        ("register_type" = String, Path, description = "Register type"),
        ("entry_id" = Uuid, Path, description = "Entry id"),
    ),
    responses(
    (status = 200, description = "The draft version", body = RegisterVersionView),
    (status = 404, description = "No such entry", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A version awaits review (`register_version_pending`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid content (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/registers/{register_type}/{entry_id}/draft")]
pub async fn save_draft(
    auth: Auth<RegisterEditor>,
    state: web::Data<AppState>,
    path: web::Path<(String, Uuid)>,
    body: Valid<SaveRegisterDraft>,
) -> Result<web::Json<RegisterVersionView>, ApiError> {
    let (t, entry_id) = path.into_inner();
    let t = register_type(&t)?;
    let input = draft_input(t, body.0, state.today())?;
    let v = store::save_draft(
        &state.db,
        auth.agency_id(),
        entry_id,
        input,
        auth.user.id,
        state.now(),
    )
    .await?;
    Ok(web::Json(version_view(&v, state.today())))
}
