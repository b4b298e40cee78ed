use super::{delivery_dto, own_endpoint};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::portal::{DeliveryList, DeliveryQuery, DeliveryStatus};
use sanxiang_persistence::portal::{self as store, DeliveryStatus as S};
use uuid::Uuid;

/// The delivery log of a webhook endpoint, newest event first: status, attempts, the last HTTP
/// status and error, and the body sent.
#[utoipa::path(tag = "portal", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook endpoint id"), DeliveryQuery),
    responses(
    (status = 200, description = "Deliveries", body = DeliveryList),
    (status = 404, description = "No such endpoint (or another agency's)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/portal/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    q: web::Query<DeliveryQuery>,
) -> Result<web::Json<DeliveryList>, ApiError> {
    let e = own_endpoint(&state.db, &auth, id.into_inner()).await?;
    let q = q.into_inner();
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::new(
            crate::error::ErrorCode::InvalidQuery,
            "`limit` must be between 1 and 200.",
        ));
    }
    let status = q.status.map(|s| match s {
        DeliveryStatus::Pending => S::Pending,
        DeliveryStatus::Succeeded => S::Succeeded,
        DeliveryStatus::Failed => S::Failed,
    });
    let rows = store::list_deliveries(&state.db, e.id, status, q.before, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    let items: Vec<_> = rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(200))
        .map(delivery_dto)
        .collect();
    let next = if more {
        items.last().map(|d| d.seq)
    } else {
        None
    };
    Ok(web::Json(DeliveryList { items, next }))
}
