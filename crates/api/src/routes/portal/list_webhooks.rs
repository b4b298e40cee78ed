use super::{listed_agency, webhook_dto};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::portal::WebhookList;
use sanxiang_persistence::portal as store;

/// Lists webhook endpoints (without secrets) with how many deliveries each has waiting: the
/// admin's agency's, or every agency's for platform admins.
#[utoipa::path(tag = "portal", security(("bearer" = [])), responses(
    (status = 200, description = "Webhook endpoints", body = WebhookList),
    (status = 403, description = "Not an administrator", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/portal/webhooks")]
pub async fn list_webhooks(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
) -> Result<web::Json<WebhookList>, ApiError> {
    let mut items = Vec::new();
    for e in store::list_endpoints(&state.db, listed_agency(&auth)).await? {
        items.push(webhook_dto(&state.db, e).await?);
    }
    Ok(web::Json(WebhookList { items }))
}
