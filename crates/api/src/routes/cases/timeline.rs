use super::view;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::cases::Timeline;
use sanxiang_persistence::cases;
use uuid::Uuid;

/// Every record of a case, in order; corrections point at what they correct.
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Case id")), responses(
    (status = 200, description = "The timeline", body = Timeline),
    (status = 404, description = "No such case in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{id}/timeline")]
pub async fn timeline(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Timeline>, ApiError> {
    let c = cases::get_case(&state.db, &auth.user.readable_agencies(), id.into_inner()).await?;
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "case.timeline",
        c.id.to_string(),
        Some(c.agency_id),
    )
    .await?;
    let rs = cases::timeline(&state.db, c.id).await?;
    Ok(web::Json(Timeline {
        case_id: c.id,
        items: view::records(&state, rs, true).await?,
    }))
}
