//! Enforcement supervision (执法监督, 行政执法监督条例): a supervisor granted agencies reads them,
//! and only them, through the dashboard and the case files; never writes; every read is
//! recorded as an auditor's is.

use crate::disclosure::{decided_case, publish};
use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use crate::review::{ok, uid};
use crate::workbench::open_case;
use serde_json::{json, Value};

on_both_databases!(
    supervisor_sees_the_granted_agencies_only,
    supervisor_grants_stay_within_the_admins_agencies
);

fn day(app: &TestApp, back: i64) -> String {
    (app.today() - chrono::Duration::days(back)).to_string()
}

async fn agency(app: &TestApp, admin: &str, name: &str, short: &str) -> String {
    let r = app
        .post(
            "/api/v1/agencies",
            Some(admin),
            &json!({"name": name, "short_name": short}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn user(app: &TestApp, admin: &str, body: Value) {
    let r = app.post("/api/v1/users", Some(admin), &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
}

/// The agency of a user.
async fn agency_of(app: &TestApp, username: &str) -> String {
    sanxiang_persistence::accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .agency_id
        .to_string()
}

fn measures<'a>(dashboard: &'a Value, agency_id: &str) -> &'a Value {
    dashboard["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["agency_id"] == agency_id)
        .unwrap_or_else(|| panic!("{agency_id} missing from {dashboard}"))
}

async fn supervisor_sees_the_granted_agencies_only(app: TestApp) {
    let admin = app.admin().await;
    let officer = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let agency_a = agency_of(&app, "demo_officer").await;
    let agency_b = agency(&app, &admin, "乙县市场监督管理局", "乙市监").await;
    let agency_c = agency(&app, &admin, "丙县财政局", "丙财").await;
    let bureau = agency(&app, &admin, "某县司法局", "县司法").await;
    user(
        &app,
        &admin,
        json!({"username": "b_officer", "display_name": "乙执法", "password": DEMO_PASSWORD,
               "agency_id": agency_b, "roles": ["officer"]}),
    )
    .await;
    user(
        &app,
        &admin,
        json!({"username": "county_supervisor", "display_name": "县监督", "password": DEMO_PASSWORD,
               "agency_id": bureau, "roles": ["supervisor"], "auditor_agency_ids": [agency_a, agency_b]}),
    )
    .await;
    user(
        &app,
        &admin,
        json!({"username": "other_supervisor", "display_name": "他县监督", "password": DEMO_PASSWORD,
               "agency_id": bureau, "roles": ["supervisor"], "auditor_agency_ids": [agency_c]}),
    )
    .await;

    // Agency A: one case just opened, one filed and investigated; a decision on the spot,
    // published the same day. Agency B: one case.
    let o1 = uid(&app, "demo_officer").await;
    let a1 = open_case(&app, &officer, json!([o1]), "甲机关案件一").await;
    let o2 = uid(&app, "demo_officer2").await;
    let a2 = open_case(&app, &officer, json!([o1, o2]), "甲机关案件二").await;
    let a2 = ok(&app, &officer, &a2, json!({"action": "file", "on": day(&app, 10), "violation_on": day(&app, 40), "discovered_on": day(&app, 12), "grave_harm": false, "limitation_override": null})).await;
    ok(
        &app,
        &officer,
        &a2,
        json!({"action": "complete", "on": day(&app, 4)}),
    )
    .await;
    let a3 = decided_case(&app, "王五", 5_000, false, false).await;
    publish(&app, &a3).await;
    let b_officer = app.login("b_officer", DEMO_PASSWORD).await.0;
    let bo = uid(&app, "b_officer").await;
    let b1 = open_case(&app, &b_officer, json!([bo]), "乙机关案件").await;
    let (a1, b1) = (a1["id"].as_str().unwrap(), b1["id"].as_str().unwrap());

    // Staff of one agency do not see the other's cases.
    app.get(&format!("/api/v1/cases/{b1}"), Some(&officer))
        .await
        .problem(404, "not_found");
    app.get(&format!("/api/v1/cases/{a1}"), Some(&b_officer))
        .await
        .problem(404, "not_found");

    // The supervisor: both agencies on the dashboard, with their counts.
    let sup = app.login("county_supervisor", DEMO_PASSWORD).await.0;
    let r = app.get("/api/v1/supervision/dashboard", Some(&sup)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let year = chrono::Datelike::year(&app.today());
    assert_eq!(r.body["from"], format!("{year}-01-01"));
    assert_eq!(r.body["to"], format!("{year}-12-31"));
    assert_eq!(
        r.body["agencies"].as_array().unwrap().len(),
        2,
        "{}",
        r.body
    );
    let a = measures(&r.body, &agency_a);
    assert_eq!(a["cases"], 3, "{a}");
    assert_eq!(a["by_kind"], json!({"penalty": 3}));
    assert_eq!(a["by_stage"]["filing"], 1, "{a}");
    assert_eq!(a["major_decisions_without_review"], 0);
    assert_eq!(a["publication"]["published"], 1, "{a}");
    assert_eq!(a["publication"]["within_7_working_days"], 1, "{a}");
    assert_eq!(a["publication"]["share_within_7"], 1.0, "{a}");
    // Filed ten days ago, investigated until four days ago: six days in the investigation.
    assert_eq!(a["stage_days"]["investigation"]["count"], 1, "{a}");
    assert_eq!(a["stage_days"]["investigation"]["average_days"], 6.0, "{a}");
    let b = measures(&r.body, &agency_b);
    assert_eq!(b["cases"], 1, "{b}");
    assert_eq!(b["by_stage"], json!({"filing": 1}));
    assert_eq!(b["publication"]["published"], 0);
    assert_eq!(b["publication"]["share_within_7"], Value::Null);
    // A period without those cases counts none; a reversed one is refused.
    let r = app
        .get(
            "/api/v1/supervision/dashboard?from=2020-01-01&to=2020-12-31",
            Some(&sup),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(measures(&r.body, &agency_a)["cases"], 0);
    app.get(
        "/api/v1/supervision/dashboard?from=2026-02-01&to=2026-01-01",
        Some(&sup),
    )
    .await
    .problem(400, "invalid_query");
    // The CSV: one row per agency × measure × item.
    let r = app
        .get("/api/v1/supervision/dashboard.csv", Some(&sup))
        .await;
    assert_eq!(r.status, 200);
    let csv = String::from_utf8(r.raw.clone()).unwrap();
    assert!(
        csv.starts_with("\u{feff}机关,机关标识,指标,分项,数值"),
        "{csv}"
    );
    assert!(csv.contains(&format!(",{agency_a},cases,total,3")), "{csv}");
    assert!(
        csv.contains(&format!(",{agency_b},cases_by_stage,filing,1")),
        "{csv}"
    );
    // Case files of both agencies are readable.
    for id in [a1, b1] {
        assert_eq!(
            app.get(&format!("/api/v1/cases/{id}"), Some(&sup))
                .await
                .status,
            200
        );
    }
    // Read-only: no case opened, no record added.
    app.post(
        "/api/v1/cases",
        Some(&sup),
        &json!({"kind": "penalty", "title": "监督", "category": "财政",
            "party": {"kind": "organisation", "name": "某某商行"}, "officer_ids": [o1]}),
    )
    .await
    .problem(403, "forbidden");
    app.post(
        &format!("/api/v1/cases/{a1}/records"),
        Some(&sup),
        &json!({"kind": "note", "title": "备注", "text": "监督"}),
    )
    .await
    .problem(403, "forbidden");
    // The workbench opens for a supervisor (no to-do items of its own).
    let r = app.get("/api/v1/workbench", Some(&sup)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Staff have no dashboard.
    app.get("/api/v1/supervision/dashboard", Some(&officer))
        .await
        .problem(403, "forbidden");

    // A supervisor of another agency: these cases are not there, nor on the dashboard.
    let other = app.login("other_supervisor", DEMO_PASSWORD).await.0;
    for id in [a1, b1] {
        app.get(&format!("/api/v1/cases/{id}"), Some(&other))
            .await
            .problem(404, "not_found");
    }
    let r = app.get("/api/v1/supervision/dashboard", Some(&other)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ids: Vec<&str> = r.body["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["agency_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![agency_c.as_str()]);

    // Every read by the supervisor is recorded, with the agency read.
    let sup_id = uid(&app, "county_supervisor").await;
    let r = app
        .get(
            &format!("/api/v1/audit/reads?user_id={sup_id}"),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let items = r.body["items"].as_array().unwrap();
    let count = |what: &str, target: &str| {
        items
            .iter()
            .filter(|i| i["what"] == what && i["target_agency_id"] == target)
            .count()
    };
    // Three dashboards (JSON, the year 2020, CSV) per agency; the refused one read nothing.
    assert_eq!(count("supervision.dashboard", &agency_a), 3, "{}", r.body);
    assert_eq!(count("supervision.dashboard", &agency_b), 3, "{}", r.body);
    assert_eq!(count("case.detail", &agency_a), 1, "{}", r.body);
    assert_eq!(count("case.detail", &agency_b), 1, "{}", r.body);
}

/// The grant rule of auditors holds for supervisors: an agency admin grants only its own agency,
/// to others and to itself.
async fn supervisor_grants_stay_within_the_admins_agencies(app: TestApp) {
    let admin = app.admin().await;
    let agency_a = agency_of(&app, "demo_officer").await;
    let agency_b = agency(&app, &admin, "乙机关", "乙").await;
    user(
        &app,
        &admin,
        json!({"username": "b_admin", "display_name": "乙管理", "password": DEMO_PASSWORD,
               "agency_id": agency_b, "roles": ["admin"]}),
    )
    .await;
    let b_admin = app.login("b_admin", DEMO_PASSWORD).await.0;
    app.post(
        "/api/v1/users",
        Some(&b_admin),
        &json!({"username": "b_sup", "display_name": "乙监督", "password": DEMO_PASSWORD,
                "roles": ["supervisor"], "auditor_agency_ids": [agency_a]}),
    )
    .await
    .problem(403, "forbidden");
    let me = uid(&app, "b_admin").await;
    app.patch(
        &format!("/api/v1/users/{me}"),
        Some(&b_admin),
        &json!({"roles": ["admin", "supervisor"], "auditor_agency_ids": [agency_a]}),
    )
    .await
    .problem(403, "forbidden");
    // Its own agency it may grant.
    user(
        &app,
        &b_admin,
        json!({"username": "b_sup", "display_name": "乙监督", "password": DEMO_PASSWORD,
               "roles": ["supervisor"], "auditor_agency_ids": [agency_b]}),
    )
    .await;
    let sup = app.login("b_sup", DEMO_PASSWORD).await.0;
    let r = app.get("/api/v1/supervision/dashboard", Some(&sup)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["agencies"][0]["agency_id"], agency_b.as_str());
}
