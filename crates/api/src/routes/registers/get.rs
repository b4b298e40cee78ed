use super::{event_view, register_type, version_view, RegisterEditor};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::registers::RegisterEntryView;
use sanxiang_persistence::registers as store;
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

/// One entry of the agency: every version (oldest first) and its history (who saved, submitted,
/// reviewed, withdrew, when). Another agency's entry is 404.
#[utoipa::path(tag = "registers", security(("bearer" = [])),
    params(
        ("register_type" = String, Path, description = "Register type"),
        ("entry_id" = Uuid, Path, description = "Entry id"),
    ),
    responses(
    (status = 200, description = "The entry", body = RegisterEntryView),
    (status = 404, description = "No such entry", body = Problem, content_type = "application/problem+json"),
))]
#[get("/registers/{register_type}/{entry_id}")]
pub async fn get_entry(
    auth: Auth<RegisterEditor>,
    state: web::Data<AppState>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<RegisterEntryView>, ApiError> {
    let (t, entry_id) = path.into_inner();
    let t = register_type(&t)?;
    let (versions, events) = store::entry(&state.db, auth.agency_id(), t, entry_id).await?;
    let today = state.today();
    Ok(web::Json(RegisterEntryView {
        entry_id,
        register_type: t,
        versions: versions.iter().map(|v| version_view(v, today)).collect(),
        history: events.into_iter().map(event_view).collect(),
    }))
}
