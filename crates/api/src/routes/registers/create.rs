use super::{draft_input, register_type, version_view, RegisterEditor};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{post, web};
use sanxiang_api_types::registers::{RegisterVersionView, SaveRegisterDraft};
use sanxiang_persistence::registers as store;

type Problem = sanxiang_api_types::problem::Problem;

/// Creates an entry: version 1, a draft. `content` is the register type's object.
#[utoipa::path(tag = "registers", security(("bearer" = [])), request_body = SaveRegisterDraft,
    params(("register_type" = String, Path, description = "Register type")),
    responses(
    (status = 201, description = "Draft created", body = RegisterVersionView),
    (status = 404, description = "Unknown register type", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid content (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/registers/{register_type}")]
pub async fn create_entry(
    auth: Auth<RegisterEditor>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: Valid<SaveRegisterDraft>,
) -> Result<(web::Json<RegisterVersionView>, StatusCode), ApiError> {
    let t = register_type(&path)?;
    let input = draft_input(t, body.0, state.today())?;
    let v = store::create_entry(
        &state.db,
        auth.agency_id(),
        input,
        auth.user.id,
        state.now(),
    )
    .await?;
    Ok((
        web::Json(version_view(&v, state.today())),
        StatusCode::CREATED,
    ))
}
