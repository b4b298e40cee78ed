//! Agencies, users, roles and agency isolation.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::json;

on_both_databases!(
    platform_admin_manages_agencies_and_users,
    agency_isolation,
    role_required,
    admin_cannot_lock_themselves_out,
    auditor_grants,
    auth_events_are_append_only,
);

async fn platform_admin_manages_agencies_and_users(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "本溪市市场监督管理局", "short_name": "本市监"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let agency = r.body["id"].as_str().unwrap().to_owned();
    app.post(
        "/api/v1/agencies",
        Some(&admin),
        &json!({"name": "本溪市市场监督管理局", "short_name": "x"}),
    )
    .await
    .problem(409, "conflict");
    let list = app.get("/api/v1/agencies", Some(&admin)).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);

    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "b_admin", "display_name": "B 管理员", "password": "b-admin-password", "agency_id": agency, "roles": ["admin", "officer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["roles"], json!(["admin", "officer"]));
    assert_eq!(r.body["agency_id"], agency.as_str());
    assert!(r.body.get("password").is_none() && r.body.get("password_hash").is_none());
    app.post(
        "/api/v1/users",
        Some(&admin),
        &json!({"username": "B_ADMIN", "display_name": "dup", "password": "b-admin-password", "roles": ["officer"]}),
    )
    .await
    .problem(409, "conflict");
    let all = app.get("/api/v1/users", Some(&admin)).await;
    assert_eq!(all.status, 200);
    assert!(all.body["items"].as_array().unwrap().len() >= 8);
    let only_b = app
        .get(&format!("/api/v1/users?agency_id={agency}"), Some(&admin))
        .await;
    assert_eq!(only_b.body["items"].as_array().unwrap().len(), 1);
    let (b_access, _) = app.login("b_admin", "b-admin-password").await;
    let me = app.get("/api/v1/me", Some(&b_access)).await;
    assert_eq!(me.body["agency"]["name"], "本溪市市场监督管理局");
}

async fn agency_isolation(app: TestApp) {
    let admin = app.admin().await;
    let agency = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "另一机关", "short_name": "另"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        "/api/v1/users",
        Some(&admin),
        &json!({"username": "other_admin", "display_name": "他", "password": "other-admin-pass", "agency_id": agency, "roles": ["admin"]}),
    )
    .await;
    let (other, _) = app.login("other_admin", "other-admin-pass").await;
    // The other agency's admin sees only its own users…
    let list = app.get("/api/v1/users", Some(&other)).await;
    let names: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["other_admin"]);
    // …and a user of the demo agency is 404 to them, not 403.
    let officer_id = sanxiang_persistence::accounts::find_credentials(&app.db, "demo_officer")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    app.patch(
        &format!("/api/v1/users/{officer_id}"),
        Some(&other),
        &json!({"display_name": "hijack"}),
    )
    .await
    .problem(404, "not_found");
    let demo_agency = sanxiang_persistence::accounts::find_credentials(&app.db, "demo_officer")
        .await
        .unwrap()
        .unwrap()
        .0
        .agency_id;
    app.get(
        &format!("/api/v1/users?agency_id={demo_agency}"),
        Some(&other),
    )
    .await
    .problem(404, "not_found");
    app.post(
        "/api/v1/users",
        Some(&other),
        &json!({"username": "planted", "display_name": "x", "password": "planted-password", "agency_id": demo_agency, "roles": ["officer"]}),
    )
    .await
    .problem(404, "not_found");
    // Only platform admins create agencies.
    app.post(
        "/api/v1/agencies",
        Some(&other),
        &json!({"name": "第三机关", "short_name": "三"}),
    )
    .await
    .problem(403, "forbidden");
    // Agency list: only their own.
    let list = app.get("/api/v1/agencies", Some(&other)).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    // Disabling the agency signs its users out.
    let r = app
        .patch(
            &format!("/api/v1/agencies/{agency}"),
            Some(&admin),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    app.get("/api/v1/me", Some(&other))
        .await
        .problem(401, "unauthorized");
    app.login_resp("other_admin", "other-admin-pass")
        .await
        .problem(401, "invalid_credentials");
}

async fn role_required(app: TestApp) {
    let (officer, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    app.get("/api/v1/users", Some(&officer))
        .await
        .problem(403, "forbidden");
    app.post(
        "/api/v1/users",
        Some(&officer),
        &json!({"username": "sneaky", "display_name": "x", "password": "sneaky-password", "roles": ["admin"]}),
    )
    .await
    .problem(403, "forbidden");
    app.get("/api/v1/users", None)
        .await
        .problem(401, "unauthorized");
}

async fn admin_cannot_lock_themselves_out(app: TestApp) {
    let admin = app.admin().await;
    let me = app.get("/api/v1/me", Some(&admin)).await;
    let id = me.body["id"].as_str().unwrap();
    app.patch(
        &format!("/api/v1/users/{id}"),
        Some(&admin),
        &json!({"active": false}),
    )
    .await
    .problem(409, "conflict");
    app.patch(
        &format!("/api/v1/users/{id}"),
        Some(&admin),
        &json!({"roles": ["officer"]}),
    )
    .await
    .problem(409, "conflict");
}

async fn auditor_grants(app: TestApp) {
    let admin = app.admin().await;
    let other = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "被审计机关", "short_name": "审"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Grants only for auditors.
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "not_auditor", "display_name": "x", "password": "long-enough-pw", "roles": ["officer"], "auditor_agency_ids": [other]}),
        )
        .await;
    assert!(r.problem(422, "validation_failed")["errors"]["auditor_agency_ids"].is_array());
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "county_auditor", "display_name": "审计员", "password": "long-enough-pw", "roles": ["auditor"], "auditor_agency_ids": [other]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["auditor_agency_ids"], json!([other]));
    let (aud, _) = app.login("county_auditor", "long-enough-pw").await;
    let list = app.get("/api/v1/agencies", Some(&aud)).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    // Unknown agency in a grant.
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "aud2", "display_name": "x", "password": "long-enough-pw", "roles": ["auditor"], "auditor_agency_ids": [uuid::Uuid::new_v4()]}),
        )
        .await;
    r.problem(404, "not_found");
}

async fn auth_events_are_append_only(app: TestApp) {
    use sea_orm::ConnectionTrait;
    app.login("demo_officer", DEMO_PASSWORD).await;
    let _ = app.login_resp("demo_officer", "wrong-password-x").await;
    let conn = app.db.connection();
    let rows = conn
        .query_all(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT outcome FROM auth_events",
        ))
        .await
        .unwrap();
    assert!(rows.len() >= 2);
    assert!(conn
        .execute_unprepared("UPDATE auth_events SET outcome = 'success'")
        .await
        .is_err());
    assert!(conn
        .execute_unprepared("DELETE FROM auth_events")
        .await
        .is_err());
}
