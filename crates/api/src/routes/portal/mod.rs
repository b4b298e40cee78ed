//! `/portal`: what administrators manage for the portals that read the public API — API keys
//! and webhook endpoints (即时推送) with their delivery log.

mod create_key;
mod create_webhook;
mod deliveries;
mod delivery;
mod list_keys;
mod list_webhooks;
mod replay;
mod revoke_key;
mod update_webhook;

use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use sanxiang_api_types::portal as dto;
use sanxiang_persistence::portal::{self as store, ApiKey, Delivery, DeliveryStatus, Endpoint};
use sanxiang_persistence::Db;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_key::create_api_key)
        .service(list_keys::list_api_keys)
        .service(revoke_key::revoke_api_key)
        .service(create_webhook::create_webhook)
        .service(list_webhooks::list_webhooks)
        .service(update_webhook::update_webhook)
        .service(deliveries::list_deliveries)
        .service(delivery::get_delivery)
        .service(replay::replay_delivery);
}

/// The agencies whose portal objects the admin lists: all for platform admins.
pub(crate) fn listed_agency(auth: &Auth<Admin>) -> Option<Uuid> {
    (!auth.agency.is_platform).then_some(auth.agency.id)
}

pub(crate) fn key_dto(k: ApiKey) -> dto::ApiKey {
    dto::ApiKey {
        id: k.id,
        agency_id: k.agency_id,
        name: k.name,
        portal: k.portal,
        scope: dto::ApiKeyScope::Read,
        key_prefix: k.key_prefix,
        created_at: k.created_at,
        revoked_at: k.revoked_at,
    }
}

pub(crate) async fn webhook_dto(db: &Db, e: Endpoint) -> Result<dto::Webhook, ApiError> {
    let pending = store::pending_count(db, e.id).await?;
    Ok(dto::Webhook {
        id: e.id,
        agency_id: e.agency_id,
        url: e.url,
        description: e.description,
        event_types: e.event_types,
        active: e.active,
        cursor_seq: e.cursor_seq,
        pending,
        created_at: e.created_at,
        updated_at: e.updated_at,
    })
}

pub(crate) fn status_dto(s: DeliveryStatus) -> dto::DeliveryStatus {
    match s {
        DeliveryStatus::Pending => dto::DeliveryStatus::Pending,
        DeliveryStatus::Succeeded => dto::DeliveryStatus::Succeeded,
        DeliveryStatus::Failed => dto::DeliveryStatus::Failed,
    }
}

pub(crate) fn delivery_dto(d: Delivery) -> dto::Delivery {
    dto::Delivery {
        id: d.id,
        webhook_id: d.endpoint_id,
        seq: d.seq,
        event_id: d.event_id,
        event_type: d.event_type,
        status: status_dto(d.status),
        attempts: d.attempts,
        next_attempt_at: d.next_attempt_at,
        last_status_code: d.last_status_code,
        last_error: d.last_error,
        created_at: d.created_at,
        delivered_at: d.delivered_at,
        payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::Null),
    }
}

/// The endpoint when the admin may manage it; another agency's is 404.
pub(crate) async fn own_endpoint(
    db: &Db,
    auth: &Auth<Admin>,
    id: Uuid,
) -> Result<Endpoint, ApiError> {
    let e = store::get_endpoint(db, id).await?;
    if !auth.can_manage_agency(e.agency_id) {
        return Err(ApiError::not_found());
    }
    Ok(e)
}

/// The delivery when the admin may manage its endpoint; otherwise 404.
pub(crate) async fn own_delivery(
    db: &Db,
    auth: &Auth<Admin>,
    id: Uuid,
) -> Result<Delivery, ApiError> {
    let d = store::get_delivery(db, id).await?;
    own_endpoint(db, auth, d.endpoint_id).await?;
    Ok(d)
}

/// Event types are `<resource>.<published|corrected|withdrawn|expired>`.
pub(crate) fn check_event_types(types: &[String]) -> Result<(), ApiError> {
    for t in types {
        let ok = t.split_once('.').is_some_and(|(r, v)| {
            !r.is_empty()
                && r.len() <= 40
                && r.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && matches!(v, "published" | "corrected" | "withdrawn" | "expired")
        });
        if !ok {
            return Err(ApiError::field(
                "event_types",
                format!("`{t}` is not an event type like `decision.published`"),
            ));
        }
    }
    Ok(())
}
