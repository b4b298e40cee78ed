//! The portal API's machinery: API keys, rate limits, HTTP caching
//! of `/api/public/v1`, and webhooks signed per Standard Webhooks, received by a test portal
//! that verifies every signature with its own verifier.

use crate::helpers::{Backend, TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sanxiang_persistence::disclosure::feed::{self, ChangeKind, NewChange};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

on_both_databases!(
    api_keys_are_shown_once_stored_hashed_and_revocable,
    public_cache_validators_and_304,
);

/// Like `on_both_databases!`, with settings changed for the test.
macro_rules! on_both_databases_with {
    ($tweak:expr, $($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    super::run_with(crate::helpers::Backend::Sqlite, $tweak, super::$name).await
                }
                #[actix_web::test]
                async fn postgres() {
                    super::run_with(crate::helpers::Backend::Postgres, $tweak, super::$name).await
                }
            }
        )*
    };
}

on_both_databases_with!(
    |c: &mut sanxiang_api::Config| {
        c.portal.anonymous_per_minute = 1;
        c.portal.anonymous_burst = 3;
        c.portal.key_per_minute = 1;
        c.portal.key_burst = 8;
        c.portal.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    },
    rate_limits_per_ip_and_per_key
);

on_both_databases_with!(
    |c: &mut sanxiang_api::Config| c.portal.feed_head_ttl_ms = 60_000,
    feed_head_is_trusted_briefly
);

on_both_databases_with!(
    |c: &mut sanxiang_api::Config| {
        c.portal.webhook_tick_ms = 50;
        c.portal.webhook_retry_base_ms = 100;
        c.portal.webhook_retry_max_ms = 400;
        c.portal.webhook_retry_window_secs = 2;
        c.portal.webhook_timeout_secs = 2;
    },
    webhooks_are_signed_retried_logged_and_replayable
);

async fn run_with<F, Fut>(backend: Backend, tweak: fn(&mut sanxiang_api::Config), test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let Some(app) = TestApp::spawn_with(backend, tweak).await else {
        return;
    };
    let result =
        futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(test(app.clone())))
            .await;
    app.teardown().await;
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

/// A public path that exists from the start (the log's key) — not cached, but rate-limited.
const CHEAP: &str = "/api/public/v1/log/key";

async fn some_agency(app: &TestApp) -> Uuid {
    sanxiang_persistence::accounts::list_agencies(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .next()
        .unwrap()
}

/// Writes a change to the feed as publishing code does (the durable outbox).
async fn change(app: &TestApp, resource: Uuid, version: i32, kind: ChangeKind) -> i64 {
    let agency = some_agency(app).await;
    // In one transaction, as publishing code writes it (the change, its log entry and queue row).
    let tx = app.db.begin_write().await.unwrap();
    let position = feed::append_change_in(
        &tx,
        NewChange {
            agency_id: agency,
            resource_type: "decision",
            resource_id: resource,
            version,
            change: kind,
            resource_url: format!("/api/public/v1/decisions/{resource}"),
            body: (!kind.is_tombstone()).then(|| json!({"title": "行政处罚决定书", "v": version})),
            reason: (kind == ChangeKind::Withdraw).then(|| "决定已被撤销".to_owned()),
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    position
}

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> crate::helpers::Resp {
    let mut req = app.client.get(app.url(path));
    for (k, v) in headers {
        req = req.insert_header((*k, *v));
    }
    let mut res = req.send().await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let raw = res.body().limit(64 * 1024 * 1024).await.unwrap().to_vec();
    let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    crate::helpers::Resp {
        status,
        content_type,
        headers,
        body,
        raw,
    }
}

fn header<'a>(r: &'a crate::helpers::Resp, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

async fn api_keys_are_shown_once_stored_hashed_and_revocable(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/portal/api-keys",
            Some(&admin),
            &json!({"name": "省级平台", "portal": "辽宁省行政执法公示平台"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let key = r.body["key"].as_str().unwrap().to_owned();
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert!(key.starts_with("sxk_") && key.len() >= 40, "{key}");
    assert_eq!(r.body["scope"], "read");
    assert!(key.starts_with(r.body["key_prefix"].as_str().unwrap()));

    // Listed without the key.
    let list = app.get("/api/v1/portal/api-keys", Some(&admin)).await;
    assert_eq!(list.status, 200);
    let listed = &list.body["items"][0];
    assert_eq!(listed["id"], id.as_str());
    assert!(listed.get("key").is_none(), "{listed}");
    assert!(!String::from_utf8_lossy(&list.raw).contains(&key));

    // Stored as SHA-256 only: the key is nowhere in the table.
    let rows = app
        .db
        .connection()
        .query_all(Statement::from_string(
            app.db.backend(),
            "SELECT key_hash, key_prefix, name FROM api_keys",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let stored: String = rows[0].try_get("", "key_hash").unwrap();
    let expected: String = Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(stored, expected);

    // Accepted in either header; an unknown key is refused, not silently anonymous.
    let ok = get_with(&app, CHEAP, &[("x-api-key", &key)]).await;
    assert_eq!(ok.status, 200);
    let bearer = format!("Bearer {key}");
    let ok = get_with(&app, CHEAP, &[("authorization", &bearer)]).await;
    assert_eq!(ok.status, 200);
    get_with(&app, CHEAP, &[("x-api-key", "sxk_not-a-key")])
        .await
        .problem(401, "unauthorized");
    // A signed-in user's access token on a public route is just an anonymous read.
    let staff = format!("Bearer {admin}");
    assert_eq!(
        get_with(&app, CHEAP, &[("authorization", &staff)])
            .await
            .status,
        200
    );

    // Only administrators manage keys.
    let (officer, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    app.post(
        "/api/v1/portal/api-keys",
        Some(&officer),
        &json!({"name": "x", "portal": "y"}),
    )
    .await
    .problem(403, "forbidden");
    app.post(
        "/api/v1/portal/api-keys",
        Some(&admin),
        &json!({"name": "", "portal": "y", "scope": "write"}),
    )
    .await
    .problem(422, "validation_failed");

    // Revoked: refused at once; revoking again keeps the first time.
    let rv = app
        .post(
            &format!("/api/v1/portal/api-keys/{id}/revoke"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(rv.status, 200, "{}", rv.body);
    let revoked_at = rv.body["revoked_at"].as_str().unwrap().to_owned();
    get_with(&app, CHEAP, &[("x-api-key", &key)])
        .await
        .problem(401, "unauthorized");
    let again = app
        .post(
            &format!("/api/v1/portal/api-keys/{id}/revoke"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(again.body["revoked_at"], revoked_at.as_str());
    app.post(
        &format!("/api/v1/portal/api-keys/{}/revoke", Uuid::new_v4()),
        Some(&admin),
        &json!({}),
    )
    .await
    .problem(404, "not_found");
}

async fn rate_limits_per_ip_and_per_key(app: TestApp) {
    let admin = app.admin().await;
    // Anonymous: the burst, then 429 problem+json with Retry-After.
    for _ in 0..3 {
        assert_eq!(app.get(CHEAP, None).await.status, 200);
    }
    let limited = app.get(CHEAP, None).await;
    limited.problem(429, "rate_limited");
    let retry: u64 = header(&limited, "retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Staff routes are not limited by the portal limits.
    assert_eq!(app.get("/api/v1/me", Some(&admin)).await.status, 200);
    // Behind a trusted proxy, the forwarded client has its own allowance.
    let other = get_with(&app, CHEAP, &[("x-forwarded-for", "203.0.113.9")]).await;
    assert_eq!(other.status, 200);
    // A key has its own, higher limit.
    let r = app
        .post(
            "/api/v1/portal/api-keys",
            Some(&admin),
            &json!({"name": "市级平台", "portal": "本溪市政府门户"}),
        )
        .await;
    let key = r.body["key"].as_str().unwrap().to_owned();
    for i in 0..8 {
        let r = get_with(&app, CHEAP, &[("x-api-key", &key)]).await;
        assert_eq!(r.status, 200, "request {i} with the key");
    }
    get_with(&app, CHEAP, &[("x-api-key", &key)])
        .await
        .problem(429, "rate_limited");
}

/// The first public path of the change feed, once it is served; the cache validators apply to
/// every public GET outside the log.
const CACHED: &str = "/api/public/v1/changes?since=0";

async fn public_cache_validators_and_304(app: TestApp) {
    let first = app.get(CACHED, None).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let etag = header(&first, "etag").unwrap().to_owned();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    assert_eq!(header(&first, "cache-control"), Some("public, max-age=60"));
    // No change yet: nothing to date.
    assert!(header(&first, "last-modified").is_none());

    let not_modified = get_with(&app, CACHED, &[("if-none-match", &etag)]).await;
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.raw.is_empty());
    assert_eq!(header(&not_modified, "etag"), Some(etag.as_str()));

    // Another query is another representation.
    let other = app.get("/api/public/v1/changes?since=1", None).await;
    assert_ne!(header(&other, "etag"), Some(etag.as_str()));

    // A publication moves the tag and dates the answer — once a signed checkpoint covers it:
    // until then its `log_index` is pending and the answer is `no-store`, untagged.
    change(&app, Uuid::new_v4(), 1, ChangeKind::Publish).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let r = app.get(CACHED, None).await;
        let pending = r.body["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["log_index"].is_null());
        if !pending {
            break;
        }
        assert_eq!(header(&r, "cache-control"), Some("no-store"));
        assert!(header(&r, "etag").is_none());
        assert!(std::time::Instant::now() < deadline, "never integrated");
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let after = get_with(&app, CACHED, &[("if-none-match", &etag)]).await;
    assert_eq!(after.status, 200);
    let etag2 = header(&after, "etag").unwrap().to_owned();
    assert_ne!(etag, etag2);
    let lm = header(&after, "last-modified").unwrap();
    assert!(lm.ends_with(" GMT"), "{lm}");
    let again = get_with(
        &app,
        CACHED,
        &[("if-none-match", &format!("\"x\", {etag2}"))],
    )
    .await;
    assert_eq!(again.status, 304);
    assert_eq!(header(&again, "last-modified"), Some(lm));

    // With a key the scope differs, so the tag does too.
    let key = new_api_key(&app).await;
    let keyed = get_with(&app, CACHED, &[("x-api-key", &key)]).await;
    assert_eq!(keyed.status, 200);
    assert_ne!(header(&keyed, "etag"), Some(etag2.as_str()));

    // The log's checkpoint changes without feed entries: never tagged.
    let cp = app.get("/api/public/v1/log/key", None).await;
    assert!(header(&cp, "etag").is_none());
}

/// An admin creates an API key; returns the key (shown once).
async fn new_api_key(app: &TestApp) -> String {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/portal/api-keys",
            Some(&admin),
            &json!({"name": "k", "portal": "p"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body["key"].as_str().unwrap().to_owned()
}

/// A node trusts the feed head it read for `feed_head_ttl_ms` (here a minute): a change written
/// behind its back (as by another node) shows only after that, but any write through its own
/// API makes it read the head again at once. Answers are never mixed: the cached body always
/// goes with its own tag.
async fn feed_head_is_trusted_briefly(app: TestApp) {
    let first = app.get(CACHED, None).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let etag = header(&first, "etag").unwrap().to_owned();
    // Another node publishes: this node still answers from the head it read.
    change(&app, Uuid::new_v4(), 1, ChangeKind::Publish).await;
    let stale = app.get(CACHED, None).await;
    assert_eq!(header(&stale, "etag"), Some(etag.as_str()));
    assert_eq!(stale.raw, first.raw);
    // Any write through this node's staff API: the head is read again.
    new_api_key(&app).await;
    let fresh = app.get(CACHED, None).await;
    assert_eq!(fresh.status, 200);
    assert_ne!(header(&fresh, "etag"), Some(etag.as_str()));
    assert_eq!(
        fresh.body["changes"].as_array().unwrap().len(),
        1,
        "{}",
        fresh.body
    );
}

// ---------------------------------------------------------------------------------------------
// A test portal receiving webhooks

#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: Vec<u8>,
    pub answered: u16,
}

/// What the test portal received, in order of arrival.
#[derive(Clone, Default)]
pub(crate) struct Portal {
    pub received: Arc<Mutex<Vec<Received>>>,
    /// Answer 500 to this many requests first.
    pub fail_first: Arc<AtomicUsize>,
}

async fn receive(req: HttpRequest, body: web::Bytes, portal: web::Data<Portal>) -> HttpResponse {
    let h = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let fail = portal
        .fail_first
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let answered = if fail { 500 } else { 204 };
    portal.received.lock().unwrap().push(Received {
        id: h("webhook-id"),
        timestamp: h("webhook-timestamp"),
        signature: h("webhook-signature"),
        body: body.to_vec(),
        answered,
    });
    if fail {
        HttpResponse::InternalServerError().body("temporarily broken")
    } else {
        HttpResponse::NoContent().finish()
    }
}

/// Starts the test portal on a free port; answers its webhook URL and its server's handle.
pub(crate) async fn start_portal(portal: Portal) -> (String, actix_web::dev::ServerHandle) {
    let data = web::Data::new(portal);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/hook", web::post().to(receive))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (format!("http://127.0.0.1:{port}/hook"), handle)
}

/// The portal's own verifier, written from the Standard Webhooks specification: the secret is
/// base64 after `whsec_`; the signature is `v1,` + base64(HMAC-SHA256(id.timestamp.body)); the
/// timestamp must be recent.
pub(crate) fn verify(secret: &str, r: &Received) -> bool {
    let Some(b64) = secret.strip_prefix("whsec_") else {
        return false;
    };
    let Ok(key) = STANDARD.decode(b64) else {
        return false;
    };
    let Ok(ts) = r.timestamp.parse::<i64>() else {
        return false;
    };
    if (chrono::Utc::now().timestamp() - ts).abs() > 300 {
        return false;
    }
    let mut signed = format!("{}.{}.", r.id, r.timestamp).into_bytes();
    signed.extend_from_slice(&r.body);
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(&signed);
    let expected = STANDARD.encode(mac.finalize().into_bytes());
    r.signature
        .split(' ')
        .filter_map(|s| s.strip_prefix("v1,"))
        .any(|s| s == expected)
}

async fn wait_for<F: Fn() -> bool>(what: &str, f: F) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn webhooks_are_signed_retried_logged_and_replayable(app: TestApp) {
    let admin = app.admin().await;
    let portal = Portal::default();
    portal.fail_first.store(1, Ordering::SeqCst);
    let (url, handle) = start_portal(portal.clone()).await;

    // Only http(s) URLs.
    for bad in [
        "ftp://127.0.0.1/hook",
        "file:///etc/passwd",
        "https://u:p@example.com/",
    ] {
        app.post(
            "/api/v1/portal/webhooks",
            Some(&admin),
            &json!({"url": bad}),
        )
        .await
        .problem(422, "validation_failed");
    }
    app.post(
        "/api/v1/portal/webhooks",
        Some(&admin),
        &json!({"url": url, "event_types": ["decision.deleted"]}),
    )
    .await
    .problem(422, "validation_failed");

    // A change before registration is not pushed (the feed has it).
    change(&app, Uuid::new_v4(), 1, ChangeKind::Publish).await;

    let r = app
        .post(
            "/api/v1/portal/webhooks",
            Some(&admin),
            &json!({"url": url, "description": "县政府门户网站"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let secret = r.body["secret"].as_str().unwrap().to_owned();
    let hook = r.body["id"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(
        STANDARD.decode(&secret["whsec_".len()..]).unwrap().len(),
        32
    );
    let list = app.get("/api/v1/portal/webhooks", Some(&admin)).await;
    assert_eq!(list.body["items"][0]["id"], hook.as_str());
    assert!(!String::from_utf8_lossy(&list.raw).contains(&secret));

    // Publish, correct, withdraw one decision: three events, in order, the first after a retry.
    let decision = Uuid::new_v4();
    let s1 = change(&app, decision, 1, ChangeKind::Publish).await;
    let s2 = change(&app, decision, 2, ChangeKind::Correct).await;
    let s3 = change(&app, decision, 2, ChangeKind::Withdraw).await;
    let received = portal.received.clone();
    wait_for("three delivered events", || {
        received
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.answered == 204)
            .count()
            >= 3
    })
    .await;
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0].answered, 500);
    for r in &got {
        assert!(verify(&secret, r), "signature of {r:?}");
        assert!(!verify(
            "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            r
        ));
    }
    let events: Vec<Value> = got
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(got[0].id, got[1].id, "a retry keeps the webhook-id");
    let seqs: Vec<i64> = events
        .iter()
        .skip(1)
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, vec![s1, s2, s3]);
    let types: Vec<&str> = events
        .iter()
        .skip(1)
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        vec![
            "decision.published",
            "decision.corrected",
            "decision.withdrawn"
        ]
    );
    for (r, e) in got.iter().zip(&events) {
        assert_eq!(e["id"], r.id.as_str());
        assert_eq!(
            e["resource_url"],
            format!("/api/public/v1/decisions/{decision}")
        );
        assert!(e["occurred_at"].is_string());
        // Each event names its publication entry, as the feed does (tests/api/portal_proofs.rs).
        let index = e["log_index"].as_u64().unwrap_or_else(|| panic!("{e}"));
        assert_eq!(
            e["proof_url"],
            format!("/api/public/v1/log/proof/inclusion?index={index}")
        );
        let entry: Value = serde_json::from_str(e["leaf"].as_str().unwrap()).unwrap();
        assert_eq!(entry["seq"], e["seq"]);
    }

    // The delivery log: newest first, with the failed first attempt. The receiver may have
    // answered the last delivery a moment before the dispatcher records it as succeeded.
    let mut tries = 0;
    let log = loop {
        let log = app
            .get(
                &format!("/api/v1/portal/webhooks/{hook}/deliveries"),
                Some(&admin),
            )
            .await;
        assert_eq!(log.status, 200, "{}", log.body);
        let done = log.body["items"]
            .as_array()
            .is_some_and(|i| i.iter().all(|d| d["status"] == "succeeded"));
        tries += 1;
        if done || tries > 50 {
            break log;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let items = log.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(
        items.iter().all(|d| d["status"] == "succeeded"),
        "{}",
        log.body
    );
    let first = items.iter().find(|d| d["seq"] == s1).unwrap();
    assert_eq!(first["attempts"], 2);
    let detail = app
        .get(
            &format!(
                "/api/v1/portal/deliveries/{}",
                first["id"].as_str().unwrap()
            ),
            Some(&admin),
        )
        .await;
    assert_eq!(detail.body["attempts"], 2);
    let attempts = detail.body["attempt_log"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0]["status_code"], 500);
    assert!(attempts[0]["error"].as_str().unwrap().contains("500"));
    assert_eq!(attempts[1]["status_code"], 204);
    assert!(attempts[1]["error"].is_null());

    // Replay: the same event again, same webhook-id, valid signature.
    let second = items.iter().find(|d| d["seq"] == s2).unwrap();
    let rp = app
        .post(
            &format!(
                "/api/v1/portal/deliveries/{}/replay",
                second["id"].as_str().unwrap()
            ),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(rp.status, 200, "{}", rp.body);
    wait_for("the replay", || received.lock().unwrap().len() >= 5).await;
    let replayed = received.lock().unwrap()[4].clone();
    assert_eq!(replayed.id, got[2].id);
    assert_eq!(replayed.body, got[2].body);
    assert!(verify(&secret, &replayed));

    // Someone who is not an admin sees nothing of it.
    let (officer, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    app.get("/api/v1/portal/webhooks", Some(&officer))
        .await
        .problem(403, "forbidden");

    // A dead portal: retried with backoff, then marked failed when the window closes; the
    // publishing side never waited for it.
    handle.stop(false).await;
    let t = Instant::now();
    change(&app, decision, 3, ChangeKind::Publish).await;
    assert!(t.elapsed() < Duration::from_secs(2));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let log = app
            .get(
                &format!("/api/v1/portal/webhooks/{hook}/deliveries?status=failed"),
                Some(&admin),
            )
            .await;
        if let Some(d) = log.body["items"].as_array().and_then(|a| a.first()) {
            assert!(d["attempts"].as_i64().unwrap() >= 2, "{d}");
            assert!(d["last_error"].is_string());
            break;
        }
        assert!(Instant::now() < deadline, "never marked failed");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}
