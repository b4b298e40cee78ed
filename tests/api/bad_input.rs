//! Every kind of bad input gets a 4xx problem+json, never a 500.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::json;

on_both_databases!(
    bad_bodies,
    bad_paths_and_queries,
    validation_errors_per_field
);

async fn bad_bodies(app: TestApp) {
    let login = "/api/v1/auth/login";
    // Malformed JSON.
    app.post_raw(login, Some("application/json"), b"{\"username\": ".to_vec())
        .await
        .problem(400, "malformed_json");
    app.post_raw(login, Some("application/json"), b"not json".to_vec())
        .await
        .problem(400, "malformed_json");
    // Wrong types.
    app.post(login, None, &json!({"username": 5, "password": true}))
        .await
        .problem(422, "validation_failed");
    app.post(login, None, &json!("admin"))
        .await
        .problem(422, "validation_failed");
    app.post(login, None, &json!(null))
        .await
        .problem(422, "validation_failed");
    // Missing field.
    app.post(login, None, &json!({"username": "admin"}))
        .await
        .problem(422, "validation_failed");
    // Unknown field.
    let r = app
        .post(
            login,
            None,
            &json!({"username": "admin", "password": "x", "admin": true}),
        )
        .await;
    assert!(r.problem(422, "validation_failed")["detail"]
        .as_str()
        .unwrap()
        .contains("unknown field"));
    // Wrong or missing content type.
    app.post_raw(login, Some("text/plain"), b"{}".to_vec())
        .await
        .problem(415, "unsupported_media_type");
    app.post_raw(login, None, b"{}".to_vec())
        .await
        .problem(415, "unsupported_media_type");
    // Oversized body (default limit 1 MiB).
    let big = format!(
        "{{\"username\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(1_100_000)
    );
    app.post_raw(login, Some("application/json"), big.into_bytes())
        .await
        .problem(413, "payload_too_large");
    // Empty strings fail validation.
    app.post(login, None, &json!({"username": "", "password": ""}))
        .await
        .problem(422, "validation_failed");
    // Bad bodies on authenticated endpoints too.
    let admin = app.admin().await;
    app.post("/api/v1/users", Some(&admin), &json!({"username": "x"}))
        .await
        .problem(422, "validation_failed");
    app.post("/api/v1/users", Some(&admin), &json!({"username": "abc", "display_name": "x", "password": "long-enough-pw", "roles": ["emperor"]}))
        .await
        .problem(422, "validation_failed");
    // And the server is still fine.
    app.login("demo_officer", DEMO_PASSWORD).await;
}

async fn bad_paths_and_queries(app: TestApp) {
    let admin = app.admin().await;
    app.patch("/api/v1/users/not-a-uuid", Some(&admin), &json!({}))
        .await
        .problem(400, "invalid_path_parameter");
    app.patch(
        &format!("/api/v1/users/{}", uuid::Uuid::new_v4()),
        Some(&admin),
        &json!({}),
    )
    .await
    .problem(404, "not_found");
    app.get("/api/v1/users?agency_id=zzz", Some(&admin))
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/users?bogus=1", Some(&admin))
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/no/such/endpoint", None)
        .await
        .problem(404, "not_found");
    app.get("/api/v2/health", None)
        .await
        .problem(404, "not_found");
    // Wrong method on a known path.
    let r = app
        .client
        .delete(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
}

async fn validation_errors_per_field(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "a b", "display_name": "", "password": "short", "roles": []}),
        )
        .await;
    let p = r.problem(422, "validation_failed");
    let errors = p["errors"].as_object().unwrap();
    for field in ["display_name", "password", "roles"] {
        assert!(errors.contains_key(field), "missing {field}: {p}");
    }
    // Username syntax is checked by the domain.
    let r = app
        .post("/api/v1/users", Some(&admin), &json!({"username": "a b c", "display_name": "x", "password": "long-enough-pw", "roles": ["officer"]}))
        .await;
    assert!(r.problem(422, "validation_failed")["errors"]["username"].is_array());
    // Ten characters, counted as characters: Chinese passphrases work.
    let r = app
        .post("/api/v1/users", Some(&admin), &json!({"username": "zhang", "display_name": "张", "password": "九个字的中文密码啊", "roles": ["officer"]}))
        .await;
    assert!(r.problem(422, "validation_failed")["errors"]["password"].is_array());
    let r = app
        .post("/api/v1/users", Some(&admin), &json!({"username": "zhang", "display_name": "张", "password": "十个字的中文密码啊啊", "roles": ["officer"]}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}
