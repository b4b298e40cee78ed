use super::{check_event_types, webhook_dto};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::portal::{dispatcher, signature};
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::portal::{CreateWebhook, CreatedWebhook};
use sanxiang_persistence::portal::{self as store, NewEndpoint};

/// Registers a webhook endpoint. It receives every public change made from now on (earlier ones
/// are in the change feed), as a POST with a thin JSON event
/// `{id, type, resource_type, resource_id, version, resource_url, seq, occurred_at}` signed per
/// Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The signing
/// secret is in this answer only.
#[utoipa::path(tag = "portal", security(("bearer" = [])), request_body = CreateWebhook, responses(
    (status = 201, description = "Registered; `secret` is shown this once", body = CreatedWebhook),
    (status = 403, description = "Not an administrator", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid URL or event type", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/portal/webhooks")]
pub async fn create_webhook(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    body: Valid<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let url = b.url.trim().to_owned();
    dispatcher::resolve_checked(&url, &state.config.portal)
        .await
        .map_err(|e| ApiError::field("url", e))?;
    check_event_types(&b.event_types)?;
    let secret = signature::new_secret();
    let e = store::create_endpoint(
        &state.db,
        NewEndpoint {
            agency_id: auth.agency_id(),
            url,
            description: b.description.trim().to_owned(),
            event_types: b.event_types,
            secret: secret.clone(),
            created_by: auth.user.id,
        },
        state.now(),
    )
    .await?;
    tracing::info!(webhook_id = %e.id, "webhook endpoint registered");
    let webhook = webhook_dto(&state.db, e).await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(CreatedWebhook { webhook, secret }))
}
