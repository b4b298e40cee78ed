//! Findings of the security review of the release server, each held by a test on both
//! databases: control characters and out-of-range numbers at the edge, 405 for unsupported
//! methods, webhook URLs into private networks (SSRF), formulas in the snapshot CSV,
//! concurrent refreshes and case writes on SQLite, abandoned upload files, the browser security headers, and
//! bogus API keys.

use crate::helpers::{Backend, Resp, TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use actix_web::{web, App, HttpResponse, HttpServer};
use sanxiang_persistence::disclosure::feed::{self, ChangeKind, NewChange};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

on_both_databases!(
    control_characters_are_refused_in_bodies_queries_and_paths,
    numeric_query_values_are_range_checked,
    unsupported_methods_are_405_with_allow,
    security_headers_on_app_docs_and_api,
    concurrent_refreshes_give_one_200_and_the_rest_401,
    concurrent_writes_to_cases_give_409_or_201_never_500,
    snapshot_csv_cells_cannot_run_formulas,
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
        // The production defaults of the webhook URL checks.
        c.portal.webhook_allow_private_networks = false;
        c.portal.webhook_tick_ms = 50;
        c.portal.webhook_retry_base_ms = 100;
        c.portal.webhook_retry_max_ms = 200;
        c.portal.webhook_timeout_secs = 2;
    },
    webhook_urls_into_private_networks_are_refused,
    deliveries_into_private_networks_are_refused
);

on_both_databases_with!(
    |c: &mut sanxiang_api::Config| {
        c.portal.anonymous_per_minute = 1;
        c.portal.anonymous_burst = 2;
    },
    a_bogus_api_key_is_401_when_the_anonymous_allowance_is_spent
);

on_both_databases_with!(
    |c: &mut sanxiang_api::Config| {
        std::fs::create_dir_all(&c.static_dir).unwrap();
        std::fs::write(
            c.static_dir.join("index.html"),
            crate::hardening::INDEX_HTML,
        )
        .unwrap();
    },
    the_app_policy_allows_its_own_inline_script_only
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

fn header<'a>(r: &'a Resp, name: &str) -> &'a str {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// A raw request, for bodies and paths the typed helpers would not send as they are.
async fn raw(app: &TestApp, method: &str, path: &str, token: Option<&str>, body: &str) -> Resp {
    let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = app
        .client
        .request(method, app.url(path))
        .insert_header(("content-type", "application/json"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let mut res = req.send_body(body.to_owned()).await.unwrap();
    let status = res.status();
    let content_type = header_of(res.headers(), "content-type");
    let headers = res.headers().clone();
    let raw = res.body().await.unwrap().to_vec();
    let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    Resp {
        status,
        content_type,
        headers,
        body,
        raw,
    }
}

fn header_of(h: &awc::http::header::HeaderMap, name: &str) -> String {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The field a 422 names.
fn names_field(r: &Resp, field: &str) {
    r.problem(422, "validation_failed");
    assert!(
        r.body["errors"][field].is_array(),
        "expected an error for `{field}`: {}",
        r.body
    );
}

// ------------------------------------------------------------------ control characters

async fn control_characters_are_refused_in_bodies_queries_and_paths(app: TestApp) {
    let login = "/api/v1/auth/login";
    // Unauthenticated: NUL (and DEL, C1) in a login body is 422 naming the field.
    for bad in [
        "admin\\u0000",
        "ad\\u007fmin",
        "ad\\u0085min",
        "\\u001badmin",
    ] {
        let r = raw(
            &app,
            "POST",
            login,
            None,
            &format!(r#"{{"username": "{bad}", "password": "x"}}"#),
        )
        .await;
        names_field(&r, "username");
    }
    // An escaped backslash followed by `u0000` is text, not a NUL: an ordinary failed login.
    raw(
        &app,
        "POST",
        login,
        None,
        r#"{"username": "admin\\u0000", "password": "x"}"#,
    )
    .await
    .problem(401, "invalid_credentials");
    // Tab, line feed and carriage return are text.
    raw(
        &app,
        "POST",
        login,
        None,
        r#"{"username": "ad\tmin\r\n", "password": "x"}"#,
    )
    .await
    .problem(401, "invalid_credentials");
    // A raw (unescaped) control character is not JSON at all.
    app.post_raw(
        login,
        Some("application/json"),
        b"{\"username\": \"ad\x00min\", \"password\": \"x\"}".to_vec(),
    )
    .await
    .problem(400, "malformed_json");
    // In a key too.
    let r = raw(
        &app,
        "POST",
        login,
        None,
        r#"{"user\u0000name": "a", "password": "x"}"#,
    )
    .await;
    r.problem(422, "validation_failed");

    // The public search, unauthenticated.
    for q in ["a%00b", "a%7Fb", "a%C2%85b", "%1B"] {
        app.get(&format!("/api/public/v1/decisions?q={q}"), None)
            .await
            .problem(400, "invalid_query");
    }
    let ok = app.get("/api/public/v1/decisions?q=a%09b", None).await;
    assert_eq!(ok.status, 200, "{}", ok.body);

    // Names and texts of signed-in users: nested fields are named by their path.
    let admin = app.admin().await;
    let r = raw(
        &app,
        "POST",
        "/api/v1/portal/api-keys",
        Some(&admin),
        r#"{"name": "门户\u0000", "portal": "县政府门户网站"}"#,
    )
    .await;
    names_field(&r, "name");
    let officer = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let r = raw(
        &app,
        "POST",
        "/api/v1/cases",
        Some(&officer),
        r#"{"kind": "penalty", "procedure": "simplified", "title": "票据\u0000案",
            "category": "财政票据", "party": {"kind": "natural_person", "name": "张\u0000三"}}"#,
    )
    .await;
    r.problem(422, "validation_failed");
    assert!(
        r.body["errors"]["title"].is_array() || r.body["errors"]["party.name"].is_array(),
        "{}",
        r.body
    );
    let r = raw(
        &app,
        "POST",
        "/api/v1/cases",
        Some(&officer),
        r#"{"kind": "penalty", "procedure": "simplified", "title": "票据案",
            "category": "财政票据", "party": {"kind": "natural_person", "name": "张\u0000三"}}"#,
    )
    .await;
    names_field(&r, "party.name");

    // Paths and query values of any route, and the name of an uploaded file.
    app.get("/api/v1/cases/%00", Some(&admin))
        .await
        .problem(400, "invalid_path_parameter");
    app.get("/api/public/v1/decisions/a%00b", None)
        .await
        .problem(400, "invalid_path_parameter");
    let r = app
        .client
        .post(app.url("/api/v1/blobs?file_name=%E7%85%A7%E7%89%87%00.pdf"))
        .bearer_auth(&officer)
        .send_body(b"%PDF-1.4\n".to_vec())
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    // The names of an imported target pool (a CSV body).
    let mut res = app
        .client
        .post(app.url("/api/v1/inspections/targets/import"))
        .bearer_auth(&officer)
        .insert_header(("content-type", "text/csv; charset=utf-8"))
        .send_body("name,kind\n代理记账\u{0}公司,organisation\n")
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&res.body().await.unwrap()).unwrap();
    assert_eq!(res.status(), 422, "{body}");
    assert!(body["errors"]["file"].is_array(), "{body}");
    // A body read without any string field of its own is checked too.
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let r = raw(
        &app,
        "POST",
        &format!("/api/v1/cases/{}/review/assignment", Uuid::new_v4()),
        Some(&approver),
        r#"{"reviewer_id": "\u0000"}"#,
    )
    .await;
    names_field(&r, "reviewer_id");

    // Nothing was stored and the server is fine.
    app.login("demo_officer", DEMO_PASSWORD).await;
}

// ------------------------------------------------------------------ numeric query values

async fn numeric_query_values_are_range_checked(app: TestApp) {
    let admin = app.admin().await;
    for path in [
        "/api/v1/log/checkpoints?before=9223372036854775808",
        "/api/v1/log/checkpoints?limit=0",
        "/api/v1/log/checkpoints?limit=14000000000000000000",
        "/api/v1/log/checkpoints?limit=1.4e19",
        "/api/v1/log/entries?start=9223372036854775808&end=9223372036854775809",
        "/api/v1/audit/reads?limit=14000000000000000000",
        "/api/v1/inspections/targets?limit=14000000000000000000",
        "/api/v1/inspections/targets?limit=0",
    ] {
        app.get(path, Some(&admin))
            .await
            .problem(400, "invalid_query");
    }
    let hook = Uuid::new_v4();
    for q in [
        "before=-1",
        "before=9223372036854775808",
        "limit=0",
        "limit=201",
    ] {
        app.get(
            &format!("/api/v1/portal/webhooks/{hook}/deliveries?{q}"),
            Some(&admin),
        )
        .await
        .problem(400, "invalid_query");
    }
    // The edges of the ranges are fine.
    let r = app
        .get(
            "/api/v1/log/checkpoints?before=9223372036854775807&limit=200",
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .get("/api/v1/inspections/targets?limit=1000", Some(&admin))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

// ------------------------------------------------------------------ methods

async fn unsupported_methods_are_405_with_allow(app: TestApp) {
    let admin = app.admin().await;
    let r = raw(&app, "DELETE", "/api/v1/cases", Some(&admin), "{}").await;
    r.problem(405, "method_not_allowed");
    let allow = header(&r, "allow");
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    let r = raw(&app, "GET", "/api/v1/auth/login", None, "").await;
    r.problem(405, "method_not_allowed");
    assert_eq!(header(&r, "allow"), "POST");
    let r = raw(
        &app,
        "PUT",
        &format!("/api/public/v1/decisions/{}", Uuid::new_v4()),
        None,
        "{}",
    )
    .await;
    r.problem(405, "method_not_allowed");
    assert!(header(&r, "allow").contains("GET"));
    // A literal path shadows a `{param}` one: `import` is not a target id.
    let r = raw(
        &app,
        "PUT",
        "/api/v1/inspections/targets/import",
        Some(&admin),
        "{}",
    )
    .await;
    r.problem(405, "method_not_allowed");
    assert_eq!(header(&r, "allow"), "POST");
    // Bodies are JSON objects; an integer may be written with a zero fraction (JSON Schema).
    let r = raw(
        &app,
        "PATCH",
        &format!("/api/v1/users/{}", Uuid::new_v4()),
        Some(&admin),
        "[null, null]",
    )
    .await;
    assert!(
        r.problem(422, "validation_failed")["errors"]["body"].is_array(),
        "{}",
        r.body
    );
    // Unknown paths stay 404.
    app.get("/api/v1/no-such-thing", Some(&admin))
        .await
        .problem(404, "not_found");
    raw(&app, "POST", "/api/public/v1/no-such-thing", None, "{}")
        .await
        .problem(404, "not_found");
}

// ------------------------------------------------------------------ security headers

const INDEX_HTML: &str = "<!DOCTYPE html><html><head><script type=\"module\">\n        import init from '/sanxiang.js';\n        init();\n    </script></head><body></body></html>";

fn assert_common_headers(r: &Resp) {
    assert_eq!(header(r, "x-content-type-options"), "nosniff");
    assert_eq!(header(r, "referrer-policy"), "same-origin");
    assert_eq!(header(r, "x-frame-options"), "DENY");
    assert!(
        header(r, "content-security-policy").contains("frame-ancestors 'none'"),
        "{:?}",
        r.headers
    );
}

async fn security_headers_on_app_docs_and_api(app: TestApp) {
    // The web app (here its "not built" page).
    let r = app.get("/", None).await;
    assert_common_headers(&r);
    let csp = header(&r, "content-security-policy");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(csp.contains("object-src 'none'"), "{csp}");
    // Swagger UI has its own policy (it needs inline scripts), never framed either.
    let r = app.get("/api/docs/", None).await;
    assert_eq!(r.status, 200);
    assert_common_headers(&r);
    let csp = header(&r, "content-security-policy");
    assert!(csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(!csp.contains("wasm-unsafe-eval"), "{csp}");
    // API answers, errors included.
    let r = app.get("/api/v1/health", None).await;
    assert_common_headers(&r);
    assert!(header(&r, "content-security-policy").starts_with("default-src 'none'"));
    let r = app.get("/api/public/v1/decisions?q=%00", None).await;
    r.problem(400, "invalid_query");
    assert_common_headers(&r);
}

async fn the_app_policy_allows_its_own_inline_script_only(app: TestApp) {
    use base64::Engine as _;
    use sha2::Digest as _;
    let r = app.get("/cases/some-client-route", None).await;
    assert_eq!(r.status, 200);
    assert_common_headers(&r);
    let body = "\n        import init from '/sanxiang.js';\n        init();\n    ";
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body));
    let csp = header(&r, "content-security-policy");
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';"
        )),
        "{csp}"
    );
}

// ------------------------------------------------------------------ API keys

async fn a_bogus_api_key_is_401_when_the_anonymous_allowance_is_spent(app: TestApp) {
    let cheap = "/api/public/v1/log/key";
    for _ in 0..2 {
        assert_eq!(app.get(cheap, None).await.status, 200);
    }
    app.get(cheap, None).await.problem(429, "rate_limited");
    for (name, value) in [
        ("x-api-key", "sxk_not-a-key"),
        ("authorization", "Bearer sxk_not-a-key"),
    ] {
        let r = app
            .client
            .get(app.url(cheap))
            .insert_header((name, value))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{name}");
    }
    // Anonymous reads stay limited.
    app.get(cheap, None).await.problem(429, "rate_limited");
}

// ------------------------------------------------------------------ refresh tokens

async fn concurrent_refreshes_give_one_200_and_the_rest_401(app: TestApp) {
    let (_, refresh) = app.login("demo_officer", DEMO_PASSWORD).await;
    let body = json!({ "refresh_token": refresh });
    let answers = futures_util::future::join_all(
        (0..80).map(|_| app.post("/api/v1/auth/refresh", None, &body)),
    )
    .await;
    let mut ok = 0;
    for r in &answers {
        match r.status.as_u16() {
            200 => ok += 1,
            401 => {}
            other => panic!("{other}: {}", r.body),
        }
    }
    assert_eq!(ok, 1, "exactly one refresh wins");
}

// ------------------------------------------------------------------ concurrent case writes

/// Opens a penalty case of the demo agency with both demo officers.
fn new_case_body(officers: &[String], title: &str) -> Value {
    json!({
        "kind": "penalty",
        "title": title,
        "category": "财政",
        "party": {"kind": "organisation", "name": "某公司", "id_type": "credit_code", "id_number": "91350100M000100Y43", "address": "桓仁县某路1号", "contact": "024-00000000"},
        "officer_ids": officers,
    })
}

/// Writes that read before they write (opening a case reads the agency and its counter) and
/// writes racing on one case row, all at once: on SQLite every one of them used to be able to
/// fail with "database is locked" (500) when another connection committed first
/// (`Db::begin_write` in crates/persistence/src/db.rs). Each must get its own answer: every
/// case opened with its own number, exactly one of the transitions from the same version
/// (the rest `version_conflict`), every record appended with gap-free numbering.
async fn concurrent_writes_to_cases_give_409_or_201_never_500(app: TestApp) {
    let token = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let mut officers = Vec::new();
    for name in ["demo_officer", "demo_officer2"] {
        let (user, _) = sanxiang_persistence::accounts::find_credentials(&app.db, name)
            .await
            .unwrap()
            .unwrap();
        officers.push(user.id.to_string());
    }
    let r = app
        .post(
            "/api/v1/cases",
            Some(&token),
            &new_case_body(&officers, "并发测试"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["version"], 1);
    let day = |n: i64| {
        ((chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() - chrono::Duration::days(n))
            .to_string()
    };
    let file = json!({
        "expected_version": 1,
        "command": {"action": "file", "on": day(1), "violation_on": day(30), "discovered_on": day(2), "grave_harm": false, "limitation_override": null},
    });
    let transitions_path = format!("/api/v1/cases/{id}/transitions");
    let records_path = format!("/api/v1/cases/{id}/records");
    let (opened, moved, appended) = futures_util::future::join3(
        futures_util::future::join_all((0..20).map(|i| {
            let body = new_case_body(&officers, &format!("并发立案{i}"));
            let (app, token) = (&app, &token);
            async move { app.post("/api/v1/cases", Some(token), &body).await }
        })),
        futures_util::future::join_all(
            (0..40).map(|_| app.post(&transitions_path, Some(&token), &file)),
        ),
        futures_util::future::join_all((0..40).map(|i| {
            let body = json!({"kind": "note", "title": format!("并发备注{i}")});
            let (app, token, path) = (&app, &token, &records_path);
            async move { app.post(path, Some(token), &body).await }
        })),
    )
    .await;
    let mut numbers = std::collections::HashSet::new();
    for r in &opened {
        assert_eq!(r.status, 201, "{}", r.body);
        assert!(numbers.insert(r.body["case_number"].as_str().unwrap().to_owned()));
    }
    let mut won = 0;
    for r in &moved {
        if r.status == 200 {
            won += 1;
            assert_eq!(r.body["version"], 2, "{}", r.body);
        } else {
            r.problem(409, "version_conflict");
        }
    }
    assert_eq!(won, 1, "exactly one transition from version 1 wins");
    for r in &appended {
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let tl = app
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&token))
        .await;
    assert_eq!(tl.status, 200, "{}", tl.body);
    let items = tl.body["items"].as_array().unwrap();
    let seqs: Vec<i64> = items.iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(
        seqs,
        (1..=seqs.len() as i64).collect::<Vec<_>>(),
        "gap-free"
    );
    let count = |kind: &str| items.iter().filter(|r| r["kind"] == kind).count();
    let appended_notes = items
        .iter()
        .filter(|r| {
            r["title"]
                .as_str()
                .unwrap_or_default()
                .starts_with("并发备注")
        })
        .count();
    assert_eq!(appended_notes, 40);
    assert_eq!(count("transition"), 1);
}

// ------------------------------------------------------------------ snapshot CSV

const FORMULA: &str = "=HYPERLINK(\"http://evil.example/\",\"点击查看\")";

async fn snapshot_csv_cells_cannot_run_formulas(app: TestApp) {
    let officer = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let ids = |name: &'static str| {
        let app = app.clone();
        async move {
            sanxiang_persistence::accounts::find_credentials(&app.db, name)
                .await
                .unwrap()
                .unwrap()
                .0
                .id
                .to_string()
        }
    };
    let (o1, o2) = (ids("demo_officer").await, ids("demo_officer2").await);
    let r = app
        .post(
            "/api/v1/cases",
            Some(&officer),
            &json!({
                "kind": "penalty", "procedure": "simplified",
                "title": "未按规定使用财政票据",
                "category": "财政票据",
                "party": {"kind": "natural_person", "name": FORMULA, "id_type": "resident_id",
                          "id_number": "21052219800101123X", "minor": false},
                "officer_ids": [o1, o2]
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let case = r.body;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let sanction = json!({"warning": false, "fine_fen": 10000, "confiscation_fen": 0,
        "licence_suspension": false, "licence_revocation": false, "other": []});
    let r = app
        .post(
            &format!("/api/v1/cases/{}/transitions", case["id"].as_str().unwrap()),
            Some(&officer),
            &json!({"expected_version": case["version"], "command": {"action": "decide",
                    "on": today.to_string(), "outcome": {"type": "penalty", "sanction": sanction}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Draft → submit (editor) → approve (approver): published.
    let editor = app.login("demo_editor", DEMO_PASSWORD).await.0;
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let r = app
        .get(
            &format!(
                "/api/v1/disclosures?case_id={}",
                case["id"].as_str().unwrap()
            ),
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["items"][0]["id"].as_str().unwrap().to_owned();
    let d = app
        .get(&format!("/api/v1/disclosures/{id}"), Some(&editor))
        .await
        .body;
    let r = app
        .post(
            &format!("/api/v1/disclosures/{id}/submission"),
            Some(&editor),
            &json!({"expected_version": d["version"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/disclosures/{id}/review"),
            Some(&approver),
            &json!({"expected_version": r.body["version"], "approve": true}),
        )
        .await;
    assert_eq!(r.body["status"], "published", "{}", r.body);

    let snap = app.get("/api/public/v1/snapshots/latest", None).await;
    assert_eq!(snap.status, 200, "{}", snap.body);
    let csv = app
        .get(snap.body["csv_url"].as_str().unwrap(), None)
        .await
        .raw;
    let text = String::from_utf8(csv).unwrap();
    // The name is quoted (it holds commas and quotes) and starts with `'`.
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil.example/"),
        "{text}"
    );
    for starts in [",=", ",\"=", ",+", ",\"+", ",@", ",\"@", "\n=", "\n\"="] {
        assert!(
            !text.contains(starts),
            "a cell a spreadsheet would run ({starts:?}): {text}"
        );
    }
    // The JSON files keep the text as it is.
    let nd = app
        .get(snap.body["ndjson_url"].as_str().unwrap(), None)
        .await;
    assert!(String::from_utf8_lossy(&nd.raw).contains("=HYPERLINK("));
}

// ------------------------------------------------------------------ upload files

/// A start of the server removes the temporary upload files no running upload holds, however
/// young: what a crash in the middle of an upload a moment ago left behind.
mod a_restart_removes_abandoned_upload_files {
    #[actix_web::test]
    async fn sqlite() {
        super::restart_sweeps_upload_files(crate::helpers::Backend::Sqlite).await
    }
    #[actix_web::test]
    async fn postgres() {
        super::restart_sweeps_upload_files(crate::helpers::Backend::Postgres).await
    }
}

async fn restart_sweeps_upload_files(backend: Backend) {
    let mut tmp = None;
    let Some(app) = TestApp::spawn_with(backend, |c| {
        let dir = c.data_dir.join("blobs").join("tmp");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("upload-crashed.tmp"), vec![0u8; 64 * 1024]).unwrap();
        tmp = Some(dir);
    })
    .await
    else {
        return;
    };
    let tmp = tmp.unwrap();
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    app.teardown().await;
    assert!(left.is_empty(), "{left:?}");
}

// ------------------------------------------------------------------ webhooks (SSRF)

async fn webhook_urls_into_private_networks_are_refused(app: TestApp) {
    let admin = app.admin().await;
    for url in [
        "http://10.0.0.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:22/",
        "http://127.0.0.1:5432/",
        "http://localhost:8080/hook",
        "http://100.100.100.200/latest/meta-data/",
        "https://[::ffff:192.168.0.1]/",
    ] {
        let r = app
            .post(
                "/api/v1/portal/webhooks",
                Some(&admin),
                &json!({ "url": url }),
            )
            .await;
        names_field(&r, "url");
    }
    // A public address is accepted, and cannot be changed into a private one.
    let r = app
        .post(
            "/api/v1/portal/webhooks",
            Some(&admin),
            &json!({"url": "https://8.8.8.8/hook"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .patch(
            &format!("/api/v1/portal/webhooks/{id}"),
            Some(&admin),
            &json!({"url": "http://169.254.169.254/latest/meta-data/"}),
        )
        .await;
    names_field(&r, "url");
}

async fn deliveries_into_private_networks_are_refused(app: TestApp) {
    let admin = app.admin().await;
    // A receiver on the loopback address, registered behind the API's back (as if the rules
    // had been looser when it was registered, or its name now resolved there).
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let server = HttpServer::new(move || {
        let counter = counter.clone();
        App::new().route(
            "/hook",
            web::post().to(move || {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    HttpResponse::NoContent().finish()
                }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let me = app.get("/api/v1/me", Some(&admin)).await.body;
    let agency: Uuid = me["agency"]["id"].as_str().unwrap().parse().unwrap();
    let user: Uuid = me["id"].as_str().unwrap().parse().unwrap();
    let endpoint = sanxiang_persistence::portal::create_endpoint(
        &app.db,
        sanxiang_persistence::portal::NewEndpoint {
            agency_id: agency,
            url: format!("http://127.0.0.1:{port}/hook"),
            description: String::new(),
            event_types: Vec::new(),
            secret: sanxiang_api::portal::signature::new_secret(),
            created_by: user,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let resource = Uuid::new_v4();
    // In one transaction, as publishing code writes it (the change, its log entry and queue row).
    let tx = app.db.begin_write().await.unwrap();
    feed::append_change_in(
        &tx,
        NewChange {
            agency_id: agency,
            resource_type: "decision",
            resource_id: resource,
            version: 1,
            change: ChangeKind::Publish,
            resource_url: format!("/api/public/v1/decisions/{resource}"),
            body: Some(json!({"title": "行政处罚决定书"})),
            reason: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let path = format!("/api/v1/portal/webhooks/{}/deliveries", endpoint.id);
    let deadline = Instant::now() + Duration::from_secs(20);
    let error = loop {
        let r = app.get(&path, Some(&admin)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        if let Some(e) = r.body["items"][0]["last_error"].as_str() {
            break e.to_owned();
        }
        assert!(Instant::now() < deadline, "no attempt: {}", r.body);
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        error.contains("refused") && error.contains("loopback"),
        "{error}"
    );
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "nothing reached the receiver"
    );
    handle.stop(false).await;
}
