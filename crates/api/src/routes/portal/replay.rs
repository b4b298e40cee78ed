use super::{delivery_dto, own_delivery};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::portal::Delivery;
use sanxiang_persistence::portal as store;
use uuid::Uuid;

/// Sends a delivery again (e.g. after a portal fixed its receiver): it becomes pending, due now,
/// with a fresh retry window, and keeps its `webhook-id` so the portal can tell a repeat.
/// Earlier attempts stay in the log.
#[utoipa::path(tag = "portal", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Delivery id")),
    responses(
    (status = 200, description = "Queued again", body = Delivery),
    (status = 404, description = "No such delivery (or another agency's)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/portal/deliveries/{id}/replay")]
pub async fn replay_delivery(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Delivery>, ApiError> {
    let d = own_delivery(&state.db, &auth, id.into_inner()).await?;
    let d = store::replay_delivery(&state.db, d.id, state.now()).await?;
    tracing::info!(delivery_id = %d.id, "webhook delivery replayed");
    Ok(web::Json(delivery_dto(d)))
}
