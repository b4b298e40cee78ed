//! Health, readiness, request ids, the OpenAPI document, the docs page and the SPA.

use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;

on_both_databases!(
    health_ready_and_request_ids,
    openapi_served_equals_checked_in,
    docs_page_offline,
    spa_fallback_without_build
);

async fn health_ready_and_request_ids(app: TestApp) {
    let r = app.get("/api/v1/health", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["status"], "ok");
    let generated = r
        .headers
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(generated.len(), 36);
    let r = app.get("/api/v1/ready", None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["pending_migrations"], 0);
    assert_eq!(r.body["database"], "ok");
    let res = app
        .client
        .get(app.url("/api/v1/health"))
        .insert_header(("x-request-id", "trace-abc-123"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers().get("x-request-id").unwrap(), "trace-abc-123");
    // Problem documents carry the same id.
    let mut res = app
        .client
        .get(app.url("/api/v1/me"))
        .insert_header(("x-request-id", "trace-xyz-9"))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["request_id"], "trace-xyz-9");
    // Insane ids are replaced.
    let res = app
        .client
        .get(app.url("/api/v1/health"))
        .insert_header(("x-request-id", "a b<script>"))
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers().get("x-request-id").unwrap(), "a b<script>");
}

async fn openapi_served_equals_checked_in(app: TestApp) {
    let r = app.get("/api/openapi.json", None).await;
    assert_eq!(r.status, 200);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    let checked_in: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        r.body, checked_in,
        "openapi/openapi.json is stale: run `cargo xtask openapi`"
    );
    assert!(r.body["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = r.body["paths"].as_object().unwrap();
    for p in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/agencies",
        "/api/v1/users",
        "/api/v1/users/{id}",
        "/api/v1/health",
        "/api/v1/ready",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
    assert!(r.body["components"]["securitySchemes"]["bearer"].is_object());
    // Operation ids are unique (OpenAPI requires it; generated clients depend on it).
    let mut ids = std::collections::HashSet::new();
    for item in paths.values() {
        for op in item.as_object().unwrap().values() {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
            }
        }
    }
    assert!(r.body["components"]["schemas"]["Problem"].is_object());
}

async fn docs_page_offline(app: TestApp) {
    if app.backend == Backend::Postgres {
        return; // Same binary, same page: once is enough.
    }
    let r = app.get("/api/docs/", None).await;
    assert_eq!(r.status, 200);
    let html = String::from_utf8_lossy(&r.raw);
    assert!(html.contains("swagger"), "{html}");
    assert!(
        !html.contains("cdn."),
        "the docs page must not load from a CDN"
    );
    let r = app.get("/api/docs/swagger-ui-bundle.js", None).await;
    assert_eq!(r.status, 200);
    assert!(r.raw.len() > 100_000);
}

async fn spa_fallback_without_build(app: TestApp) {
    if app.backend == Backend::Postgres {
        return;
    }
    // No frontend build in the test config: a clear page, not a crash.
    let r = app.get("/", None).await;
    assert_eq!(r.status, 503);
    assert!(String::from_utf8_lossy(&r.raw).contains("cargo xtask run"));
    let r = app.get("/cases/123", None).await;
    assert_eq!(r.status, 503);
    // The API still works.
    assert_eq!(app.get("/api/v1/health", None).await.status, 200);
}

#[actix_web::test]
async fn spa_serves_index_for_client_routes() {
    let dir = std::env::temp_dir().join(format!("sx-static-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>三项</title><div id=app></div>",
    )
    .unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let d = dir.clone();
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| c.static_dir = d)
        .await
        .unwrap();
    let r = app.get("/", None).await;
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.raw).contains("三项"));
    let r = app.get("/cases/123", None).await;
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.raw).contains("三项"));
    let r = app.get("/app.js", None).await;
    assert_eq!(r.status, 200);
    app.teardown().await;
    let _ = std::fs::remove_dir_all(dir);
}
