//! Discretion standards (行政处罚裁量基准, 行政处罚法 art. 34): versions with effective
//! dates, who may publish them, the public read for portals, and the flag the reviewer sees when a
//! proposed fine is outside the published range.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use crate::review::{case_at_decision, days_ago, draft};
use serde_json::{json, Value};

on_both_databases!(
    discretion_standards_are_versioned_and_published,
    a_fine_outside_the_discretion_range_is_flagged_for_the_reviewer,
);

fn days_ahead(n: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() + chrono::Duration::days(n))
        .to_string()
}

fn standard(from: &str, org_max_fen: i64) -> Value {
    json!({
        "code": "accounting-42",
        "violation_type": "未按规定保存会计凭证",
        "effective_from": from,
        "legal_basis": ["《中华人民共和国会计法》第四十二条"],
        "text": "按情节轻重分档裁量。",
        "ranges": [
            {"party_kind": "natural_person", "circumstance": "minor", "min_fen": 0, "max_fen": 300_000},
            {"party_kind": "natural_person", "circumstance": "general", "min_fen": 300_000, "max_fen": 1_000_000},
            {"party_kind": "organisation", "min_fen": 500_000, "max_fen": org_max_fen}
        ]
    })
}

async fn discretion_standards_are_versioned_and_published(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let at = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let path = "/api/v1/review/discretion-standards";

    // Only approvers and admins publish.
    app.post(path, Some(&t), &standard(&days_ago(30), 5_000_000))
        .await
        .problem(403, "forbidden");
    // Malformed: min above max; a code that cannot be a URL segment.
    let mut bad = standard(&days_ago(30), 5_000_000);
    bad["ranges"][2]["min_fen"] = json!(9_000_000);
    app.post(path, Some(&at), &bad)
        .await
        .problem(422, "discretion_range_invalid");
    let mut bad = standard(&days_ago(30), 5_000_000);
    bad["code"] = json!("会计/42");
    app.post(path, Some(&at), &bad)
        .await
        .problem(422, "discretion_invalid");

    let v1 = app
        .post(path, Some(&at), &standard(&days_ago(30), 5_000_000))
        .await;
    assert_eq!(v1.status, 201, "{}", v1.body);
    assert_eq!(v1.body["version"], 1);
    assert_eq!(v1.body["in_force"], true);
    // A version must start after the one before it began.
    app.post(path, Some(&at), &standard(&days_ago(30), 6_000_000))
        .await
        .problem(422, "discretion_overlap");
    let v2 = app
        .post(path, Some(&at), &standard(&days_ago(10), 8_000_000))
        .await;
    assert_eq!(v2.status, 201, "{}", v2.body);
    assert_eq!(v2.body["version"], 2);
    // Version 3 is announced for next month: published, not yet in force.
    let v3 = app
        .post(path, Some(&at), &standard(&days_ahead(30), 9_000_000))
        .await;
    assert_eq!(v3.status, 201, "{}", v3.body);
    assert_eq!(v3.body["in_force"], false);

    // Staff: the list shows the version in force; history keeps every version.
    let l = app.get(path, Some(&t)).await;
    assert_eq!(l.status, 200, "{}", l.body);
    assert_eq!(l.body["items"].as_array().unwrap().len(), 1, "{}", l.body);
    assert_eq!(l.body["items"][0]["version"], 2);
    let h = app.get(&format!("{path}/accounting-42"), Some(&t)).await;
    assert_eq!(h.status, 200, "{}", h.body);
    assert_eq!(h.body["current_version"], 2);
    let versions = h.body["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[0]["effective_until"], days_ago(11));
    assert_eq!(versions[1]["effective_until"], days_ahead(29));
    let old = app.get(&format!("{path}/accounting-42/1"), Some(&t)).await;
    assert_eq!(old.status, 200, "{}", old.body);
    assert_eq!(old.body["ranges"][2]["max_fen"], 5_000_000);
    app.get(&format!("{path}/accounting-42/4"), Some(&t))
        .await
        .problem(404, "not_found");
    app.get(&format!("{path}/no-such-code"), Some(&t))
        .await
        .problem(404, "not_found");

    // Public: versions in force, and earlier ones by agency, code and version; not the future
    // version, not who created it.
    let agency = v1.body["agency_id"].as_str().unwrap();
    let p = app
        .get(
            &format!("/api/public/v1/discretion-standards?agency_id={agency}"),
            None,
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let items = p.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", p.body);
    assert_eq!(items[0]["version"], 2);
    assert_eq!(items[0]["violation_type"], "未按规定保存会计凭证");
    assert!(items[0].get("created_by").is_none(), "{}", p.body);
    assert!(items[0].get("id").is_none(), "{}", p.body);
    let all = app.get("/api/public/v1/discretion-standards", None).await;
    assert_eq!(
        all.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        all.body
    );
    let p1 = app
        .get(
            &format!("/api/public/v1/discretion-standards/{agency}/accounting-42/1"),
            None,
        )
        .await;
    assert_eq!(p1.status, 200, "{}", p1.body);
    assert_eq!(p1.body["in_force"], false);
    app.get(
        &format!("/api/public/v1/discretion-standards/{agency}/accounting-42/3"),
        None,
    )
    .await
    .problem(404, "not_found");
}

async fn a_fine_outside_the_discretion_range_is_flagged_for_the_reviewer(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let at = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let r = app
        .post(
            "/api/v1/review/discretion-standards",
            Some(&at),
            &standard(&days_ago(30), 5_000_000),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);

    // 200,000 yuan against an organisation range of 5,000–50,000 yuan: above the range.
    let big = 20_000_000;
    let (c, materials) = case_at_decision(&app, &t, "裁量案", "organisation", big).await;
    let id = c["id"].as_str().unwrap();
    let mut d = draft(big);
    d["discretion"] = json!({"code": "accounting-42", "circumstance": "general"});
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review"),
            Some(&t),
            &json!({"materials": materials, "draft": d}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let flags = r.body["discretion_flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{}", r.body);
    assert_eq!(flags[0]["kind"], "above_range");
    assert_eq!(flags[0]["standard_version"], 1);
    assert_eq!(flags[0]["max_fen"], 5_000_000);
    assert_eq!(
        flags[0]["message"],
        "拟罚款200,000元高于裁量基准accounting-42（第1版）（情节一般）幅度5,000元至50,000元"
    );
    assert_eq!(
        r.body["rounds"][0]["submission"]["draft"]["discretion"]["code"],
        "accounting-42"
    );
    // The flag is in the case's log with the catalogue flagging.
    let tl = app
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&t))
        .await;
    assert!(tl.body.to_string().contains("above_range"), "{}", tl.body);

    // Corrected to 40,000 yuan: inside the range, no flag.
    let rt = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let reviewer = crate::review::uid(&app, "demo_reviewer").await;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/assignment"),
            Some(&rt),
            &json!({"reviewer_id": reviewer}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    crate::review::answer_all(&app, &rt, id, true).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/opinion"),
            Some(&rt),
            &json!({"opinion": "problems_found", "must_change": ["罚款超出裁量基准幅度"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut d = draft(4_000_000);
    d["discretion"] = json!({"code": "accounting-42"});
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/resubmissions"),
            Some(&t),
            &json!({"materials": materials, "draft": d}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["discretion_flags"], json!([]), "{}", r.body);

    // A violation type without a standard is said so.
    let (c2, m2) = case_at_decision(&app, &t, "无基准案", "organisation", big).await;
    let id2 = c2["id"].as_str().unwrap();
    let mut d = draft(big);
    d["discretion"] = json!({"code": "unknown-type"});
    let r = app
        .post(
            &format!("/api/v1/cases/{id2}/review"),
            Some(&t),
            &json!({"materials": m2, "draft": d}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.body["discretion_flags"][0]["kind"], "no_standard",
        "{}",
        r.body
    );
}
