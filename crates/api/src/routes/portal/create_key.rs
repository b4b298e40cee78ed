use super::key_dto;
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::portal::keys;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::portal::{CreateApiKey, CreatedApiKey};
use sanxiang_persistence::portal::{self as store, NewApiKey};

/// Creates an API key for a portal. The key is in this answer only; the server keeps its
/// SHA-256. Portals send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>` to read
/// `/api/public/v1` with the higher rate limit.
#[utoipa::path(tag = "portal", security(("bearer" = [])), request_body = CreateApiKey, responses(
    (status = 201, description = "Created; `key` is shown this once", body = CreatedApiKey),
    (status = 403, description = "Not an administrator", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/portal/api-keys")]
pub async fn create_api_key(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    body: Valid<CreateApiKey>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let (key, prefix) = keys::new_key();
    let k = store::create_api_key(
        &state.db,
        NewApiKey {
            agency_id: auth.agency_id(),
            name: b.name.trim().to_owned(),
            portal: b.portal.trim().to_owned(),
            scope: "read".into(),
            key_prefix: prefix,
            key_hash: keys::hash_key(&key),
            created_by: auth.user.id,
        },
        state.now(),
    )
    .await?;
    tracing::info!(key_id = %k.id, "API key created");
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(CreatedApiKey {
            api_key: key_dto(k),
            key,
        }))
}
