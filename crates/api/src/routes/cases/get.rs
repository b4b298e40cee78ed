use super::view;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::cases::CaseDetail;
use sanxiang_persistence::cases;
use uuid::Uuid;

/// A case: stages, deadlines and the actions allowed now (the app offers only those).
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Case id")), responses(
    (status = 200, description = "The case", body = CaseDetail),
    (status = 404, description = "No such case in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{id}")]
pub async fn get_case(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CaseDetail>, ApiError> {
    let c = cases::get_case(&state.db, &auth.user.readable_agencies(), id.into_inner()).await?;
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "case.detail",
        c.id.to_string(),
        Some(c.agency_id),
    )
    .await?;
    Ok(web::Json(view::detail_for(&state, &auth, c).await?))
}
