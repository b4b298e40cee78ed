//! Authentication: login, lockout, token validation, refresh rotation, revocation.

use crate::helpers::{TestApp, DEMO_PASSWORD, JWT_SECRET};
use crate::on_both_databases;
use base64::Engine;
use sanxiang_api::auth::jwt::{Claims, JwtKeys, AUDIENCE, ISSUER};
use sanxiang_persistence::accounts;
use serde_json::json;

on_both_databases!(
    good_login_and_me,
    wrong_password,
    unknown_user,
    lockout_after_five_failures,
    tampered_token_payload,
    alg_none_refused,
    expired_token,
    wrong_audience,
    refresh_rotation_and_reuse_detection,
    disabled_user_loses_access,
    password_change_revokes_tokens,
    role_change_revokes_tokens,
    logout_revokes_refresh_token,
    missing_or_malformed_authorization,
    logout_and_reuse_end_access_tokens,
    token_issued_in_the_future_is_refused,
    logins_are_throttled_per_address,
    officer_profiles_and_certificates_are_checked,
);

async fn good_login_and_me(app: TestApp) {
    let r = app.login_resp("demo_officer", DEMO_PASSWORD).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 900);
    let access = r.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", Some(access)).await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.body["username"], "demo_officer");
    assert_eq!(me.body["display_name"], "张执法");
    assert_eq!(me.body["agency"]["name"], "桓仁满族自治县财政局");
    assert_eq!(me.body["roles"], json!(["officer"]));
    // Usernames are case-insensitive.
    app.login(" Demo_Officer ", DEMO_PASSWORD).await;
}

async fn wrong_password(app: TestApp) {
    let r = app.login_resp("demo_officer", "not-the-password").await;
    r.problem(401, "invalid_credentials");
    assert!(r.body.get("access_token").is_none());
}

async fn unknown_user(app: TestApp) {
    let r = app.login_resp("nobody_here", DEMO_PASSWORD).await;
    r.problem(401, "invalid_credentials");
}

async fn lockout_after_five_failures(app: TestApp) {
    for i in 0..5 {
        let r = app.login_resp("demo_officer", "wrong-password-x").await;
        r.problem(401, "invalid_credentials");
        let _ = i;
    }
    // Locked now, even with the right password.
    let r = app.login_resp("demo_officer", DEMO_PASSWORD).await;
    r.problem(429, "rate_limited");
    let retry: u64 = r
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((800..=900).contains(&retry), "retry-after {retry}");
    // Other accounts are unaffected.
    app.login("demo_officer2", DEMO_PASSWORD).await;
}

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

async fn tampered_token_payload(app: TestApp) {
    let (access, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    let parts: Vec<&str> = access.split('.').collect();
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(parts[1])
        .unwrap();
    let mut claims: serde_json::Value = serde_json::from_slice(&payload).unwrap();
    claims["roles"] = json!(["admin"]);
    let forged = format!("{}.{}.{}", parts[0], b64(&claims), parts[2]);
    app.get("/api/v1/me", Some(&forged))
        .await
        .problem(401, "unauthorized");
    app.get("/api/v1/users", Some(&forged))
        .await
        .problem(401, "unauthorized");
}

async fn alg_none_refused(app: TestApp) {
    let (access, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    let payload = access.split('.').nth(1).unwrap().to_owned();
    let header = b64(&json!({"alg": "none", "typ": "JWT"}));
    for token in [
        format!("{header}.{payload}."),
        format!("{header}.{payload}"),
    ] {
        app.get("/api/v1/me", Some(&token))
            .await
            .problem(401, "unauthorized");
    }
}

async fn claims_for(app: &TestApp, username: &str) -> Claims {
    let (user, _) = accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    Claims {
        sub: user.id,
        iat: now,
        exp: now + 600,
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        roles: user.roles,
        agency: user.agency_id,
        ver: user.token_version,
        sid: uuid::Uuid::new_v4(),
    }
}

fn sign(claims: &Claims) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap()
}

async fn expired_token(app: TestApp) {
    let mut c = claims_for(&app, "demo_officer").await;
    // Sanity: a well-formed token signed with the server's key works…
    assert_eq!(app.get("/api/v1/me", Some(&sign(&c))).await.status, 200);
    // …and the same token expired an hour ago does not.
    c.iat -= 7200;
    c.exp = chrono::Utc::now().timestamp() - 3600;
    app.get("/api/v1/me", Some(&sign(&c)))
        .await
        .problem(401, "unauthorized");
    // The server's own issuer agrees.
    let keys = JwtKeys::new(JWT_SECRET.as_bytes(), 900);
    let (user, _) = accounts::find_credentials(&app.db, "demo_officer")
        .await
        .unwrap()
        .unwrap();
    let old = keys
        .issue(
            &user,
            uuid::Uuid::new_v4(),
            chrono::Utc::now().timestamp() - 3600,
        )
        .unwrap();
    app.get("/api/v1/me", Some(&old))
        .await
        .problem(401, "unauthorized");
}

async fn wrong_audience(app: TestApp) {
    let mut c = claims_for(&app, "demo_officer").await;
    c.aud = "some-other-service".into();
    app.get("/api/v1/me", Some(&sign(&c)))
        .await
        .problem(401, "unauthorized");
    let mut c = claims_for(&app, "demo_officer").await;
    c.iss = "someone-else".into();
    app.get("/api/v1/me", Some(&sign(&c)))
        .await
        .problem(401, "unauthorized");
    // Missing exp is refused.
    let c = claims_for(&app, "demo_officer").await;
    let mut v = serde_json::to_value(&c).unwrap();
    v.as_object_mut().unwrap().remove("exp");
    let t = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &v,
        &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap();
    app.get("/api/v1/me", Some(&t))
        .await
        .problem(401, "unauthorized");
}

async fn refresh_rotation_and_reuse_detection(app: TestApp) {
    let (_, r1) = app.login("demo_officer", DEMO_PASSWORD).await;
    let res = app
        .post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1}))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let a2 = res.body["access_token"].as_str().unwrap().to_owned();
    let r2 = res.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    assert_eq!(app.get("/api/v1/me", Some(&a2)).await.status, 200);
    // r1 again: reuse → refused, and the whole family is revoked.
    app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1}))
        .await
        .problem(401, "refresh_token_reused");
    app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r2}))
        .await
        .problem(401, "refresh_token_reused");
    // Another login is unaffected by that family's revocation.
    let (_, other) = app.login("demo_officer", DEMO_PASSWORD).await;
    assert_eq!(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": other})
        )
        .await
        .status,
        200
    );
    // Garbage tokens.
    app.post(
        "/api/v1/auth/refresh",
        None,
        &json!({"refresh_token": "nope"}),
    )
    .await
    .problem(401, "unauthorized");
}

async fn user_id(app: &TestApp, username: &str) -> String {
    accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string()
}

async fn disabled_user_loses_access(app: TestApp) {
    let (access, refresh) = app.login("demo_officer", DEMO_PASSWORD).await;
    let admin = app.admin().await;
    let id = user_id(&app, "demo_officer").await;
    let r = app
        .patch(
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["active"], false);
    app.get("/api/v1/me", Some(&access))
        .await
        .problem(401, "unauthorized");
    app.post(
        "/api/v1/auth/refresh",
        None,
        &json!({"refresh_token": refresh}),
    )
    .await;
    assert_ne!(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": refresh})
        )
        .await
        .status,
        200
    );
    app.login_resp("demo_officer", DEMO_PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    // Re-enabled: can sign in again.
    app.patch(
        &format!("/api/v1/users/{id}"),
        Some(&admin),
        &json!({"active": true}),
    )
    .await;
    app.login("demo_officer", DEMO_PASSWORD).await;
}

async fn password_change_revokes_tokens(app: TestApp) {
    let (access, refresh) = app.login("demo_officer", DEMO_PASSWORD).await;
    let admin = app.admin().await;
    let id = user_id(&app, "demo_officer").await;
    let r = app
        .patch(
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            &json!({"password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    app.get("/api/v1/me", Some(&access))
        .await
        .problem(401, "unauthorized");
    assert_eq!(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": refresh})
        )
        .await
        .status,
        401
    );
    app.login_resp("demo_officer", DEMO_PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    app.login("demo_officer", "a brand new passphrase").await;
}

async fn logout_revokes_refresh_token(app: TestApp) {
    let (_, refresh) = app.login("demo_officer", DEMO_PASSWORD).await;
    let r = app
        .post(
            "/api/v1/auth/logout",
            None,
            &json!({"refresh_token": refresh}),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": refresh})
        )
        .await
        .status,
        401
    );
}

/// Logging out ends the login's access token at once, not at its `exp`; so does presenting a
/// spent refresh token (the whole login is revoked). Another login of the same user stays.
async fn logout_and_reuse_end_access_tokens(app: TestApp) {
    let (a1, r1) = app.login("demo_officer", DEMO_PASSWORD).await;
    let (a2, r2) = app.login("demo_officer", DEMO_PASSWORD).await;
    assert_eq!(app.get("/api/v1/me", Some(&a1)).await.status, 200);
    let r = app
        .post("/api/v1/auth/logout", None, &json!({"refresh_token": r1}))
        .await;
    assert_eq!(r.status, 204);
    app.get("/api/v1/me", Some(&a1))
        .await
        .problem(401, "unauthorized");
    assert_eq!(app.get("/api/v1/me", Some(&a2)).await.status, 200);
    // Reuse: r2 is spent by a refresh, then presented again.
    let res = app
        .post("/api/v1/auth/refresh", None, &json!({"refresh_token": r2}))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let a3 = res.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", Some(&a3)).await.status, 200);
    app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r2}))
        .await
        .problem(401, "refresh_token_reused");
    for t in [&a2, &a3] {
        app.get("/api/v1/me", Some(t))
            .await
            .problem(401, "unauthorized");
    }
}

async fn token_issued_in_the_future_is_refused(app: TestApp) {
    let mut c = claims_for(&app, "demo_officer").await;
    c.iat += 3600;
    c.exp += 3600;
    app.get("/api/v1/me", Some(&sign(&c)))
        .await
        .problem(401, "unauthorized");
}

/// One password sprayed over many usernames from one address: after 20 failures the address
/// waits (429), even for a right password; the per-account lockout alone would never trigger.
async fn logins_are_throttled_per_address(app: TestApp) {
    for i in 0..20 {
        app.login_resp(&format!("sprayed_{i}"), "Password-2024")
            .await
            .problem(401, "invalid_credentials");
    }
    let r = app.login_resp("demo_officer", DEMO_PASSWORD).await;
    r.problem(429, "rate_limited");
    assert!(r.headers.get("retry-after").is_some());
}

/// A profile only for enforcing staff; certificate dates within reason.
async fn officer_profiles_and_certificates_are_checked(app: TestApp) {
    let admin = app.admin().await;
    let admin_id = accounts::find_credentials(&app.db, "admin")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let r = app
        .send_json(
            "PUT",
            &format!("/api/v1/officers/{admin_id}"),
            Some(&admin),
            &json!({"name": "系统管理员", "post": "管理员", "unit": "办公室", "legal_qualification": false}),
        )
        .await;
    assert!(r.problem(422, "validation_failed")["errors"]["user_id"].is_array());
    let officer = accounts::find_credentials(&app.db, "demo_officer")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let r = app
        .post(
            &format!("/api/v1/officers/{officer}/certificates"),
            Some(&admin),
            &json!({"number": "21000000000378", "issuer": "桓仁县人民政府", "valid_from": "0378-01-01", "valid_until": "2030-01-01", "categories": ["财政"], "area": "桓仁县", "status": "valid"}),
        )
        .await;
    assert!(r.problem(422, "validation_failed")["errors"]["valid_from"].is_array());
}

async fn missing_or_malformed_authorization(app: TestApp) {
    let r = app.get("/api/v1/me", None).await;
    r.problem(401, "unauthorized");
    assert_eq!(r.headers.get("www-authenticate").unwrap(), "Bearer");
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .insert_header(("authorization", "Basic YWRtaW46eA=="))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    app.get("/api/v1/me", Some("not.a.jwt"))
        .await
        .problem(401, "unauthorized");
}

async fn role_change_revokes_tokens(app: TestApp) {
    // Access tokens carry the roles, so a change of roles must end the sessions holding them.
    let (access, refresh) = app.login("demo_officer", DEMO_PASSWORD).await;
    let admin = app.admin().await;
    let id = user_id(&app, "demo_officer").await;
    let r = app
        .patch(
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            &json!({"roles": ["officer", "approver"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    app.get("/api/v1/me", Some(&access))
        .await
        .problem(401, "unauthorized");
    assert_eq!(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": refresh})
        )
        .await
        .status,
        401
    );
    let (fresh, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    let me = app.get("/api/v1/me", Some(&fresh)).await;
    assert_eq!(me.body["roles"], json!(["officer", "approver"]));
}
