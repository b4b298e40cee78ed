use super::{delivery_dto, own_delivery};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::portal::{DeliveryAttempt, DeliveryDetail};
use sanxiang_persistence::portal as store;
use uuid::Uuid;

/// One delivery with every attempt (time, HTTP status, duration, error).
#[utoipa::path(tag = "portal", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Delivery id")),
    responses(
    (status = 200, description = "The delivery and its attempts", body = DeliveryDetail),
    (status = 404, description = "No such delivery (or another agency's)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/portal/deliveries/{id}")]
pub async fn get_delivery(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<DeliveryDetail>, ApiError> {
    let d = own_delivery(&state.db, &auth, id.into_inner()).await?;
    let attempts = store::list_attempts(&state.db, d.id)
        .await?
        .into_iter()
        .map(|a| DeliveryAttempt {
            attempt: a.attempt,
            started_at: a.started_at,
            status_code: a.status_code,
            duration_ms: a.duration_ms,
            error: a.error,
        })
        .collect();
    Ok(web::Json(DeliveryDetail {
        delivery: delivery_dto(d),
        attempt_log: attempts,
    }))
}
