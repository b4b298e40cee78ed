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

/// The built assets (crates/api/src/static_files.rs): the brotli or gzip variant the client
/// accepts, with the original type and `Vary`; a year's `immutable` caching for content-hashed
/// names only; `index.html` revalidated on every load.
#[actix_web::test]
async fn assets_are_served_precompressed_and_cached_by_content_hash() {
    let dir = std::env::temp_dir().join(format!("sx-static-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let wasm = "sanxiang-0123456789abcdef.wasm";
    std::fs::write(
        dir.join("index.html"),
        format!(
            "<!doctype html><title>三项</title><script type=\"module\">import('/{wasm}');</script>"
        ),
    )
    .unwrap();
    std::fs::write(dir.join(wasm), b"\0asm-identity").unwrap();
    std::fs::write(dir.join(format!("{wasm}.br")), b"brotli-variant").unwrap();
    std::fs::write(dir.join(format!("{wasm}.gz")), b"gzip-variant").unwrap();
    std::fs::write(dir.join("style.css"), "body{}").unwrap();
    let d = dir.clone();
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| c.static_dir = d)
        .await
        .unwrap();
    let fetch = |path: String, headers: Vec<(&'static str, &'static str)>| {
        let mut req = app.client.get(app.url(&path));
        for h in headers {
            req = req.insert_header(h);
        }
        async move {
            let mut res = req.send().await.unwrap();
            let body = res.body().await.unwrap().to_vec();
            let header = |name: &str| {
                res.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            };
            (
                res.status().as_u16(),
                header("content-encoding"),
                header("content-type"),
                header("vary"),
                header("cache-control"),
                body,
            )
        }
    };
    let path = format!("/{wasm}");

    // Chromium over HTTPS: brotli.
    let (status, encoding, ctype, vary, cache, body) = fetch(
        path.clone(),
        vec![("accept-encoding", "gzip, deflate, br, zstd")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(encoding, "br");
    assert_eq!(ctype, "application/wasm");
    assert!(vary.to_ascii_lowercase().contains("accept-encoding"));
    assert_eq!(cache, "public, max-age=31536000, immutable");
    assert_eq!(body, b"brotli-variant");

    // Chromium over plain HTTP offers no brotli; a refused coding (q=0) is not used.
    for accept in ["gzip, deflate", "br;q=0, gzip"] {
        let (status, encoding, ctype, _, _, body) =
            fetch(path.clone(), vec![("accept-encoding", accept)]).await;
        assert_eq!((status, encoding.as_str()), (200, "gzip"), "{accept}");
        assert_eq!(ctype, "application/wasm");
        assert_eq!(body, b"gzip-variant");
    }

    // No Accept-Encoding, or a byte range: the file itself.
    let (status, encoding, _, vary, cache, body) = fetch(path.clone(), vec![]).await;
    assert_eq!((status, encoding.as_str()), (200, ""));
    assert!(vary.to_ascii_lowercase().contains("accept-encoding"));
    assert_eq!(cache, "public, max-age=31536000, immutable");
    assert_eq!(body, b"\0asm-identity");
    let (status, encoding, _, _, _, body) = fetch(
        path.clone(),
        vec![("accept-encoding", "br, gzip"), ("range", "bytes=0-3")],
    )
    .await;
    assert_eq!(status, 206);
    assert_ne!(encoding, "br");
    assert_eq!(body, b"\0asm");

    // A page's split file and the loader that fetches it (xtask/src/frontend.rs): the same
    // variants, types and caching as the main module.
    let chunk = "split_case_detail_1234-0123456789abcdef.wasm";
    let loader = "sanxiang_split-0123456789abcdef.js";
    std::fs::write(dir.join(chunk), b"\0asm-chunk").unwrap();
    std::fs::write(dir.join(format!("{chunk}.br")), b"brotli-chunk").unwrap();
    std::fs::write(dir.join(loader), "export const x = 1;").unwrap();
    std::fs::write(dir.join(format!("{loader}.gz")), b"gzip-loader").unwrap();
    let (status, encoding, ctype, _, cache, body) = fetch(
        format!("/{chunk}"),
        vec![("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!((status, encoding.as_str()), (200, "br"));
    assert_eq!(ctype, "application/wasm");
    assert_eq!(cache, "public, max-age=31536000, immutable");
    assert_eq!(body, b"brotli-chunk");
    let (status, encoding, ctype, _, cache, body) = fetch(
        format!("/{loader}"),
        vec![("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!((status, encoding.as_str()), (200, "gzip"));
    assert!(ctype.starts_with("text/javascript"), "{ctype}");
    assert_eq!(cache, "public, max-age=31536000, immutable");
    assert_eq!(body, b"gzip-loader");

    // A name without a content hash may change: no long-lived caching.
    let (status, encoding, ctype, _, cache, _) =
        fetch("/style.css".into(), vec![("accept-encoding", "br, gzip")]).await;
    assert_eq!((status, encoding.as_str()), (200, ""));
    assert!(ctype.starts_with("text/css"));
    assert!(!cache.contains("immutable"));

    // An asset that is not there is a 404, not the app's page.
    let (status, ..) = fetch("/sanxiang-fedcba9876543210.js".into(), vec![]).await;
    assert_eq!(status, 404);

    // index.html names the current assets: revalidated on every load, at `/` and on client
    // routes, with the policy that allows its inline script.
    for page in ["/", "/index.html", "/cases/123"] {
        let res = app.client.get(app.url(page)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 200, "{page}");
        let h = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(h("cache-control"), "no-cache", "{page}");
        assert!(h("content-type").starts_with("text/html"), "{page}");
        assert!(h("content-security-policy").contains("'sha256-"), "{page}");
    }
    app.teardown().await;
    let _ = std::fs::remove_dir_all(dir);
}
