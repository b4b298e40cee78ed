use super::{check_event_types, own_endpoint, webhook_dto};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::portal::dispatcher;
use crate::state::AppState;
use actix_web::{patch, web};
use sanxiang_api_types::portal::{UpdateWebhook, Webhook};
use sanxiang_persistence::portal::{self as store, EndpointChanges};
use uuid::Uuid;

/// Changes a webhook endpoint: URL, description, event filter, or `active` (pause / resume;
/// resuming continues with the changes made from then on).
#[utoipa::path(tag = "portal", security(("bearer" = [])), request_body = UpdateWebhook,
    params(("id" = Uuid, Path, description = "Webhook endpoint id")),
    responses(
    (status = 200, description = "Updated", body = Webhook),
    (status = 404, description = "No such endpoint (or another agency's)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid URL or event type", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[patch("/portal/webhooks/{id}")]
pub async fn update_webhook(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<UpdateWebhook>,
) -> Result<web::Json<Webhook>, ApiError> {
    let id = id.into_inner();
    own_endpoint(&state.db, &auth, id).await?;
    let b = body.0;
    let url = b.url.map(|u| u.trim().to_owned());
    if let Some(u) = &url {
        dispatcher::resolve_checked(u, &state.config.portal)
            .await
            .map_err(|e| ApiError::field("url", e))?;
    }
    if let Some(t) = &b.event_types {
        check_event_types(t)?;
    }
    let e = store::update_endpoint(
        &state.db,
        id,
        EndpointChanges {
            url,
            description: b.description.map(|d| d.trim().to_owned()),
            event_types: b.event_types,
            active: b.active,
        },
        state.now(),
    )
    .await?;
    Ok(web::Json(webhook_dto(&state.db, e).await?))
}
