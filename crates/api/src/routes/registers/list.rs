use super::{register_type, RegisterEditor};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::registers::{RegisterEntryList, RegisterEntrySummary};
use sanxiang_persistence::registers as store;

type Problem = sanxiang_api_types::problem::Problem;

/// The agency's entries of one register (`agency_profile`, `enforcement_matter`,
/// `inspection_item`, `service_guide`), newest first, with the latest version's status and the
/// version in force today.
#[utoipa::path(tag = "registers", security(("bearer" = [])),
    params(("register_type" = String, Path, description = "Register type")),
    responses(
    (status = 200, description = "Entries", body = RegisterEntryList),
    (status = 404, description = "Unknown register type", body = Problem, content_type = "application/problem+json"),
))]
#[get("/registers/{register_type}")]
pub async fn list_entries(
    auth: Auth<RegisterEditor>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<RegisterEntryList>, ApiError> {
    let t = register_type(&path)?;
    let items = store::list_entries(&state.db, auth.agency_id(), t, state.today())
        .await?
        .into_iter()
        .map(|s| RegisterEntrySummary {
            entry_id: s.latest.entry_id,
            register_type: s.latest.register_type,
            title: s.latest.title,
            latest_version: s.latest.version,
            latest_status: s.latest.status,
            in_force_version: s.in_force_version,
            updated_at: s.latest.updated_at,
        })
        .collect();
    Ok(web::Json(RegisterEntryList { items }))
}
