//! Health and readiness probes.

use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use sanxiang_api_types::system::{Health, Ready};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health).service(ready);
}

/// The process is alive.
#[utoipa::path(tag = "system", responses((status = 200, description = "Alive", body = Health)))]
#[get("/health")]
pub async fn health() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// The instance is ready: the database answers and every migration is applied.
///
/// From the start of a graceful shutdown on, it answers 503 with status `shutting_down`.
#[utoipa::path(tag = "system", responses(
    (status = 200, description = "Ready", body = Ready),
    (status = 503, description = "Not ready, or shutting down", body = Ready),
))]
#[get("/ready")]
pub async fn ready(
    state: web::Data<AppState>,
    lifecycle: Option<web::Data<crate::shutdown::Lifecycle>>,
) -> HttpResponse {
    if lifecycle.is_some_and(|l| l.draining()) {
        return HttpResponse::ServiceUnavailable().json(Ready {
            status: "shutting_down".into(),
            database: "ok".into(),
            pending_migrations: 0,
        });
    }
    let reachable = state.db.ping().await;
    let pending = if reachable {
        // Read-only: the application role may not create the migrations table (roles.rs).
        sanxiang_persistence::roles::pending_migrations(&state.db)
            .await
            .ok()
            .map(|p| p.len())
    } else {
        None
    };
    let ok = reachable && pending == Some(0);
    let body = Ready {
        status: if ok { "ready" } else { "not_ready" }.into(),
        database: if reachable { "ok" } else { "unreachable" }.into(),
        pending_migrations: pending.and_then(|p| u32::try_from(p).ok()).unwrap_or(0),
    };
    if ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
