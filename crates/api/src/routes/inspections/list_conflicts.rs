use super::InspectionReader;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::inspections::{Conflict, ConflictList};
use sanxiang_persistence::inspections::{self, StoredConflict};

pub(crate) fn conflict_dto(c: StoredConflict) -> Conflict {
    Conflict {
        id: c.id,
        officer_id: c.officer_id,
        officer_name: c.officer_name,
        target_id: c.target_id,
        target_name: c.target_name,
        reason: c.reason,
        created_at: c.created_at,
    }
}

/// Lists the agency's declared conflicts of interest (回避), newest first.
#[utoipa::path(tag = "inspections", security(("bearer" = [])), responses(
    (status = 200, description = "Conflicts", body = ConflictList),
))]
#[get("/inspections/conflicts")]
pub async fn list_conflicts(
    auth: Auth<InspectionReader>,
    state: web::Data<AppState>,
) -> Result<web::Json<ConflictList>, ApiError> {
    let items = inspections::list_conflicts(&state.db, auth.agency_id())
        .await?
        .into_iter()
        .map(conflict_dto)
        .collect();
    Ok(web::Json(ConflictList { items }))
}
