use super::officer_dto;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::officers::OfficerList;
use sanxiang_persistence::officers;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Which agency's officers.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OfficerQuery {
    /// Another agency the caller may read (auditors with a grant, platform admins); defaults to
    /// the caller's own.
    pub agency_id: Option<Uuid>,
}

/// Lists the officers of an agency with their certificates and whether each is valid today.
#[utoipa::path(tag = "officers", security(("bearer" = [])), params(OfficerQuery), responses(
    (status = 200, description = "Officers", body = OfficerList),
    (status = 401, description = "Not signed in", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "Agency not readable by the caller", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/officers")]
pub async fn list_officers(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<OfficerQuery>,
) -> Result<web::Json<OfficerList>, ApiError> {
    let agency_id = q.agency_id.unwrap_or(auth.agency_id());
    if !auth.can_read_agency(agency_id) && !auth.can_manage_agency(agency_id) {
        return Err(ApiError::not_found());
    }
    let today = state.today();
    let items = officers::list_officers(&state.db, agency_id)
        .await?
        .into_iter()
        .map(|o| officer_dto(o, today))
        .collect();
    Ok(web::Json(OfficerList { items }))
}
