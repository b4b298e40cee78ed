//! Officer profiles and enforcement certificates (行政执法证): admin CRUD, unique numbers,
//! agency isolation, roles, date checks, `valid_today`, and what the case engine reads.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use sanxiang_persistence::{accounts, officers, StoreError};
use serde_json::{json, Value};
use uuid::Uuid;

on_both_databases!(
    admin_manages_profiles_and_certificates,
    certificate_validity_today,
    demo_officers_are_seeded,
    officers_of_other_agencies_are_not_found,
    only_admins_manage_officers,
    acting_officers_for_the_case_engine,
);

async fn user(app: &TestApp, username: &str) -> sanxiang_domain::account::UserAccount {
    accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
}

/// A new officer account in the demo agency, created by the platform admin.
async fn new_officer(app: &TestApp, admin: &str, username: &str) -> String {
    let agency = user(app, "demo_officer").await.agency_id;
    let r = app
        .post(
            "/api/v1/users",
            Some(admin),
            &json!({"username": username, "display_name": "新同事", "password": "officer-password-9", "agency_id": agency, "roles": ["officer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

fn cert(number: &str, from: &str, until: &str) -> Value {
    json!({
        "number": number,
        "issuer": "桓仁满族自治县人民政府",
        "valid_from": from,
        "valid_until": until,
        "categories": ["财政"],
        "area": "桓仁满族自治县",
    })
}

async fn admin_manages_profiles_and_certificates(app: TestApp) {
    let admin = app.admin().await;
    let id = new_officer(&app, &admin, "zhao_officer").await;

    // A certificate needs a profile first.
    app.post(
        &format!("/api/v1/officers/{id}/certificates"),
        Some(&admin),
        &cert("2100000099", "2025-01-01", "2030-12-31"),
    )
    .await
    .problem(409, "conflict");

    let r = app
        .send_json(
            "PUT",
            &format!("/api/v1/officers/{id}"),
            Some(&admin),
            &json!({"name": "赵执法", "post": "科员", "unit": "监督检查股"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["user_id"], id.as_str());
    assert_eq!(r.body["username"], "zhao_officer");
    assert_eq!(r.body["name"], "赵执法");
    assert_eq!(r.body["legal_qualification"], false);
    assert_eq!(r.body["certificates"], json!([]));

    // PUT again replaces the profile.
    let r = app
        .send_json(
            "PUT",
            &format!("/api/v1/officers/{id}"),
            Some(&admin),
            &json!({"name": "赵执法", "post": "副股长", "unit": "监督检查股", "legal_qualification": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["post"], "副股长");
    assert_eq!(r.body["legal_qualification"], true);
    assert!(
        officers::reviewer_standing(&app.db, id.parse().unwrap())
            .await
            .unwrap()
            .0
    );

    let r = app
        .post(
            &format!("/api/v1/officers/{id}/certificates"),
            Some(&admin),
            &cert("2100000099", "2025-01-01", "2030-12-31"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["user_id"], id.as_str());
    assert_eq!(r.body["number"], "2100000099");
    assert_eq!(r.body["status"], "valid");
    assert_eq!(r.body["categories"], json!(["财政"]));
    let cert_id = r.body["id"].as_str().unwrap().to_owned();

    // Numbers are unique across the instance (the demo officer holds 2100000001).
    app.post(
        &format!("/api/v1/officers/{id}/certificates"),
        Some(&admin),
        &cert("2100000001", "2025-01-01", "2030-12-31"),
    )
    .await
    .problem(409, "conflict");
    // The end before the start, no category, unknown status, unknown field: 422.
    let body = app
        .post(
            &format!("/api/v1/officers/{id}/certificates"),
            Some(&admin),
            &cert("2100000100", "2025-01-01", "2024-12-31"),
        )
        .await;
    assert!(body.problem(422, "validation_failed")["errors"]["valid_until"].is_array());
    let mut no_category = cert("2100000100", "2025-01-01", "2030-12-31");
    no_category["categories"] = json!([]);
    app.post(
        &format!("/api/v1/officers/{id}/certificates"),
        Some(&admin),
        &no_category,
    )
    .await
    .problem(422, "validation_failed");
    let mut bad_status = cert("2100000100", "2025-01-01", "2030-12-31");
    bad_status["status"] = json!("lost");
    app.post(
        &format!("/api/v1/officers/{id}/certificates"),
        Some(&admin),
        &bad_status,
    )
    .await
    .problem(422, "validation_failed");

    // PATCH: status and end date.
    let r = app
        .patch(
            &format!("/api/v1/certificates/{cert_id}"),
            Some(&admin),
            &json!({"valid_until": "2031-06-30"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["valid_until"], "2031-06-30");
    assert_eq!(r.body["number"], "2100000099");
    app.patch(
        &format!("/api/v1/certificates/{cert_id}"),
        Some(&admin),
        &json!({"valid_until": "2024-01-01"}),
    )
    .await
    .problem(422, "validation_failed");
    app.patch(
        &format!("/api/v1/certificates/{}", Uuid::new_v4()),
        Some(&admin),
        &json!({"status": "revoked"}),
    )
    .await
    .problem(404, "not_found");

    // Any staff member of the agency sees the officer and the certificate.
    let (officer, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    let list = app.get("/api/v1/officers", Some(&officer)).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let zhao = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["user_id"] == id.as_str())
        .unwrap();
    assert_eq!(zhao["certificates"].as_array().unwrap().len(), 1);
    assert_eq!(zhao["certificates"][0]["valid_until"], "2031-06-30");
    // Unknown user: 404.
    app.send_json(
        "PUT",
        &format!("/api/v1/officers/{}", Uuid::new_v4()),
        Some(&admin),
        &json!({"name": "无", "post": "无", "unit": "无"}),
    )
    .await
    .problem(404, "not_found");
}

async fn certificate_validity_today(app: TestApp) {
    let admin = app.admin().await;
    let id = new_officer(&app, &admin, "qian_officer").await;
    let r = app
        .send_json(
            "PUT",
            &format!("/api/v1/officers/{id}"),
            Some(&admin),
            &json!({"name": "钱执法", "post": "科员", "unit": "监督检查股"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let post = |number: &'static str, from: &'static str, until: &'static str| {
        let app = app.clone();
        let admin = admin.clone();
        let id = id.clone();
        async move {
            let r = app
                .post(
                    &format!("/api/v1/officers/{id}/certificates"),
                    Some(&admin),
                    &cert(number, from, until),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
            r.body
        }
    };
    let current = post("2200000001", "2020-01-01", "2099-12-31").await;
    assert_eq!(current["valid_today"], true);
    let expired = post("2200000002", "2015-01-01", "2020-12-31").await;
    assert_eq!(expired["valid_today"], false);
    let future = post("2200000003", "2090-01-01", "2099-12-31").await;
    assert_eq!(future["valid_today"], false);
    // A suspended certificate is not valid, whatever its dates; restoring it makes it valid again.
    let mut suspended = cert("2200000004", "2020-01-01", "2099-12-31");
    suspended["status"] = json!("suspended");
    let r = app
        .post(
            &format!("/api/v1/officers/{id}/certificates"),
            Some(&admin),
            &suspended,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["valid_today"], false);
    let current_id = current["id"].as_str().unwrap();
    for (status, valid) in [("suspended", false), ("valid", true), ("revoked", false)] {
        let r = app
            .patch(
                &format!("/api/v1/certificates/{current_id}"),
                Some(&admin),
                &json!({ "status": status }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["status"], status);
        assert_eq!(r.body["valid_today"], valid, "{status}");
    }
    let list = app.get("/api/v1/officers", Some(&admin)).await;
    assert_eq!(list.status, 200, "{}", list.body);
}

async fn demo_officers_are_seeded(app: TestApp) {
    let (officer, _) = app.login("demo_officer2", DEMO_PASSWORD).await;
    let r = app.get("/api/v1/officers", Some(&officer)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let items = r.body["items"].as_array().unwrap();
    let by_name = |u: &str| {
        items
            .iter()
            .find(|o| o["username"] == u)
            .unwrap_or_else(|| panic!("{u} missing: {}", r.body))
    };
    for (username, number) in [
        ("demo_officer", "2100000001"),
        ("demo_officer2", "2100000002"),
    ] {
        let o = by_name(username);
        let certs = o["certificates"].as_array().unwrap();
        assert_eq!(certs.len(), 1, "{o}");
        assert_eq!(certs[0]["number"], number);
        assert_eq!(certs[0]["categories"], json!(["财政"]));
        assert_eq!(certs[0]["area"], "桓仁满族自治县");
        assert_eq!(certs[0]["valid_from"], "2024-01-01");
        assert_eq!(certs[0]["valid_until"], "2029-12-31");
        assert_eq!(certs[0]["valid_today"], true);
        assert_eq!(o["legal_qualification"], false);
    }
    let reviewer = by_name("demo_reviewer");
    assert_eq!(reviewer["legal_qualification"], true);
    assert_eq!(reviewer["certificates"], json!([]));
    let reviewer_id: Uuid = reviewer["user_id"].as_str().unwrap().parse().unwrap();
    assert!(
        officers::reviewer_standing(&app.db, reviewer_id)
            .await
            .unwrap()
            .0
    );
    let approver = user(&app, "demo_approver").await;
    assert!(
        !officers::reviewer_standing(&app.db, approver.id)
            .await
            .unwrap()
            .0
    );
}

async fn officers_of_other_agencies_are_not_found(app: TestApp) {
    let admin = app.admin().await;
    let demo_agency = user(&app, "demo_officer").await.agency_id;
    let other = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "本溪市市场监督管理局", "short_name": "本市监"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for body in [
        json!({"username": "b_admin", "display_name": "B", "password": "b-admin-password", "agency_id": other, "roles": ["admin"]}),
        json!({"username": "b_auditor", "display_name": "B 审计", "password": "b-auditor-password", "agency_id": other, "roles": ["auditor"], "auditor_agency_ids": [demo_agency]}),
    ] {
        let r = app.post("/api/v1/users", Some(&admin), &body).await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let (b_admin, _) = app.login("b_admin", "b-admin-password").await;
    let officer = user(&app, "demo_officer").await;
    let demo_list = app
        .get(
            &format!("/api/v1/officers?agency_id={demo_agency}"),
            Some(&admin),
        )
        .await;
    assert_eq!(demo_list.status, 200, "{}", demo_list.body);
    let cert_id = demo_list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["username"] == "demo_officer")
        .unwrap()["certificates"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The other agency's admin can neither see nor touch the demo agency's officers.
    app.send_json(
        "PUT",
        &format!("/api/v1/officers/{}", officer.id),
        Some(&b_admin),
        &json!({"name": "劫持", "post": "x", "unit": "x"}),
    )
    .await
    .problem(404, "not_found");
    app.post(
        &format!("/api/v1/officers/{}/certificates", officer.id),
        Some(&b_admin),
        &cert("2300000001", "2025-01-01", "2030-12-31"),
    )
    .await
    .problem(404, "not_found");
    app.patch(
        &format!("/api/v1/certificates/{cert_id}"),
        Some(&b_admin),
        &json!({"status": "revoked"}),
    )
    .await
    .problem(404, "not_found");
    app.get(
        &format!("/api/v1/officers?agency_id={demo_agency}"),
        Some(&b_admin),
    )
    .await
    .problem(404, "not_found");
    let own = app.get("/api/v1/officers", Some(&b_admin)).await;
    assert_eq!(own.status, 200, "{}", own.body);
    assert_eq!(own.body["items"], json!([]));

    // An auditor granted the demo agency may read its officers.
    let (auditor, _) = app.login("b_auditor", "b-auditor-password").await;
    let r = app
        .get(
            &format!("/api/v1/officers?agency_id={demo_agency}"),
            Some(&auditor),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 3);

    // Nothing changed.
    let after = officers::get_officer(&app.db, demo_agency, officer.id)
        .await
        .unwrap();
    assert_eq!(after.profile.name, "张执法");
    assert_eq!(
        after.certificates[0].certificate.status,
        sanxiang_domain::case::CertificateStatus::Valid
    );
}

async fn only_admins_manage_officers(app: TestApp) {
    let (officer, _) = app.login("demo_officer", DEMO_PASSWORD).await;
    let me = user(&app, "demo_officer").await;
    app.send_json(
        "PUT",
        &format!("/api/v1/officers/{}", me.id),
        Some(&officer),
        &json!({"name": "张执法", "post": "局长", "unit": "x", "legal_qualification": true}),
    )
    .await
    .problem(403, "forbidden");
    app.post(
        &format!("/api/v1/officers/{}/certificates", me.id),
        Some(&officer),
        &cert("2400000001", "2025-01-01", "2030-12-31"),
    )
    .await
    .problem(403, "forbidden");
    let list = app.get("/api/v1/officers", Some(&officer)).await;
    let cert_id = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["username"] == "demo_officer")
        .unwrap()["certificates"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.patch(
        &format!("/api/v1/certificates/{cert_id}"),
        Some(&officer),
        &json!({"valid_until": "2099-12-31"}),
    )
    .await
    .problem(403, "forbidden");
    app.get("/api/v1/officers", None)
        .await
        .problem(401, "unauthorized");
}

async fn acting_officers_for_the_case_engine(app: TestApp) {
    let o1 = user(&app, "demo_officer").await;
    let o2 = user(&app, "demo_officer2").await;
    let approver = user(&app, "demo_approver").await;
    let agency = o1.agency_id;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let admin = app.admin().await;
    let other = app
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
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "elsewhere", "display_name": "外", "password": "elsewhere-password", "agency_id": other, "roles": ["officer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let stranger: Uuid = r.body["id"].as_str().unwrap().parse().unwrap();

    // Repeated ids count once; order is kept.
    let acting = officers::acting_officers(&app.db, agency, &[o2.id, o1.id, o2.id])
        .await
        .unwrap();
    assert_eq!(acting.len(), 2);
    assert_eq!(acting[0].id.0, o2.id);
    assert_eq!(acting[0].name, "李执法");
    assert!(acting.iter().all(|a| a.is_certified_on(today, "财政")));
    assert!(acting.iter().all(|a| !a.is_certified_on(today, "税务")));

    // No profile: the display name, no certificates.
    let acting = officers::acting_officers(&app.db, agency, &[approver.id])
        .await
        .unwrap();
    assert_eq!(acting[0].name, "赵负责");
    assert!(acting[0].certificates.is_empty());

    // Unknown ids and users of another agency are not found.
    assert!(matches!(
        officers::acting_officers(&app.db, agency, &[o1.id, Uuid::new_v4()]).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        officers::acting_officers(&app.db, agency, &[o1.id, stranger]).await,
        Err(StoreError::NotFound)
    ));
    assert!(officers::acting_officers(&app.db, agency, &[])
        .await
        .unwrap()
        .is_empty());

    let names = officers::officer_names(&app.db, &[o1.id, approver.id, Uuid::new_v4()])
        .await
        .unwrap();
    assert_eq!(names.len(), 2);
    assert_eq!(names[&o1.id], "张执法");
    assert_eq!(names[&approver.id], "赵负责");
}
