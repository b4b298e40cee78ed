//! Legal review of major decisions: the review workflow and the decision gate.

use crate::helpers::{Backend, TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::{json, Value};

on_both_databases!(
    review_workflow_and_gate_bypass_attempts,
    a_case_keeps_the_catalogue_version_in_force_when_its_review_was_requested,
    reviewer_qualification_is_about_the_person,
);

pub(crate) async fn uid(app: &TestApp, username: &str) -> String {
    sanxiang_persistence::accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string()
}

pub(crate) fn days_ago(n: i64) -> String {
    ((chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() - chrono::Duration::days(n))
        .to_string()
}

pub(crate) async fn act(app: &TestApp, t: &str, c: &Value, command: Value) -> crate::helpers::Resp {
    let id = c["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/cases/{id}/transitions"),
        Some(t),
        &json!({"expected_version": c["version"], "command": command}),
    )
    .await
}

pub(crate) async fn ok(app: &TestApp, t: &str, c: &Value, command: Value) -> Value {
    let r = act(app, t, c, command.clone()).await;
    assert_eq!(r.status, 200, "{command}: {}", r.body);
    r.body
}

pub(crate) fn sanction(fen: i64) -> Value {
    json!({"warning": false, "fine_fen": fen, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []})
}

pub(crate) fn draft(fen: i64) -> Value {
    json!({"outcome": "penalty", "sanction": sanction(fen), "legal_basis": ["《中华人民共和国会计法》第四十二条"], "hearing_held": false, "flags": {}})
}

pub(crate) async fn answer_all(app: &TestApp, rt: &str, id: &str, problem: bool) {
    let items = [
        "lawful_subject",
        "officers_qualified",
        "facts_clear",
        "evidence_sufficient",
        "law_correct",
        "discretion_appropriate",
        "procedure_lawful",
        "no_excess_or_abuse",
        "documents_complete",
        "crime_transfer",
        "other",
    ];
    let answers: Vec<Value> = items
        .iter()
        .map(|i| {
            if problem && *i == "evidence_sufficient" {
                json!({"item": i, "finding": "problem", "comment": "证据清单缺少银行流水"})
            } else {
                json!({"item": i, "finding": "pass"})
            }
        })
        .collect();
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/answers"),
            Some(rt),
            &json!({"answers": answers}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn review_workflow_and_gate_bypass_attempts(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let rt = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let at = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let reviewer = uid(&app, "demo_reviewer").await;
    let approver = uid(&app, "demo_approver").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "title": "大额罚款", "category": "财政",
                "party": {"kind": "organisation", "name": "某某有限公司"}, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mut c = r.body;
    let id = c["id"].as_str().unwrap().to_owned();
    c = ok(&app, &t, &c, json!({"action": "file", "on": days_ago(10), "violation_on": days_ago(40), "discovered_on": days_ago(12), "grave_harm": false, "limitation_override": null})).await;
    c = ok(
        &app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(8)}),
    )
    .await;
    let big = 20_000_000; // 200,000 yuan: at or above the organisation threshold.
    c = ok(
        &app,
        &t,
        &c,
        json!({"action": "issue_notice", "served_on": days_ago(7), "proposed": sanction(big)}),
    )
    .await;
    c = ok(
        &app,
        &t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(6)}),
    )
    .await;
    assert_eq!(c["stage"], "decision", "{c}");
    let decide = |fen: i64| json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": sanction(fen)}});

    // 1. Deciding without review (and the officer may not decide at all: art. 57).
    act(&app, &t, &c, decide(big))
        .await
        .problem(403, "forbidden");
    act(&app, &at, &c, decide(big))
        .await
        .problem(409, "review_required");

    // 2. The officer submits; the reviewer self-assigns.
    let rec = app
        .post(&format!("/api/v1/cases/{id}/records"), Some(&t),
            &json!({"kind": "document", "document_type": "investigation_report", "title": "调查终结报告", "text": "……"}))
        .await;
    assert_eq!(rec.status, 201, "{}", rec.body);
    let rec_id = rec.body["id"].as_str().unwrap().to_owned();
    let materials = json!([{"record_id": rec_id, "kind": "investigation_report"}]);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review"),
            Some(&t),
            &json!({"materials": materials, "draft": draft(big)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["summary"]["status"], "requested");
    assert_eq!(r.body["flagging"]["review_required"], true);
    assert_eq!(r.body["catalogue_version"], 1);

    // A case handler cannot review (demo_officer lacks the role: not eligible).
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/assignment"),
            Some(&rt),
            &json!({"reviewer_id": o1}),
        )
        .await;
    r.problem(422, "reviewer_not_eligible");
    // Even holding the reviewer role, the case handler cannot review their own case
    // (separation of duties, 行政处罚法 art. 58).
    let admin = app.admin().await;
    let p = app
        .patch(
            &format!("/api/v1/users/{o1}"),
            Some(&admin),
            &json!({"roles": ["officer", "legal_reviewer"]}),
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/assignment"),
            Some(&rt),
            &json!({"reviewer_id": o1}),
        )
        .await;
    r.problem(422, "reviewer_conflict");
    // The role change signed the officer out (tokens carry roles): sign in again.
    app.get("/api/v1/me", Some(&t))
        .await
        .problem(401, "unauthorized");
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/assignment"),
            Some(&rt),
            &json!({"reviewer_id": reviewer}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["summary"]["status"], "assigned");
    assert!(r.body["deadline"]["due"].is_string(), "{}", r.body);
    // The case's reviewer neither adds to the file it reviews nor decides (art. 58, art. 57).
    app.post(
        &format!("/api/v1/cases/{id}/records"),
        Some(&rt),
        &json!({"kind": "note", "title": "审核人补充", "text": "……"}),
    )
    .await
    .problem(403, "forbidden");
    let cr = app
        .get(&format!("/api/v1/cases/{id}"), Some(&rt))
        .await
        .body;
    act(&app, &rt, &cr, decide(big))
        .await
        .problem(403, "forbidden");
    // The running review's deadline is in the agency's deadlines list.
    let d = app.get("/api/v1/deadlines", Some(&t)).await;
    assert!(
        d.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["case_id"] == id.as_str()
                && e["deadline"]["kind"] == "legal_review"
                && e["deadline"]["unit"] == "working"),
        "{}",
        d.body
    );

    // Opinion before the checklist is complete.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/opinion"),
            Some(&rt),
            &json!({"opinion": "approve"}),
        )
        .await;
    r.problem(422, "checklist_incomplete");

    // Extension once.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/extension"),
            Some(&rt),
            &json!({"reason": "需征求法律顾问意见"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/extension"),
            Some(&rt),
            &json!({"reason": "再次延长"}),
        )
        .await;
    r.problem(409, "extension_exhausted");

    // 3. Returned with a problem. "同意" against a problem finding is refused (行政处罚法
    // art. 58: the opinion rests on the checklist).
    answer_all(&app, &rt, &id, true).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/opinion"),
            Some(&rt),
            &json!({"opinion": "approve"}),
        )
        .await;
    r.problem(422, "approval_with_problems");
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/opinion"),
            Some(&rt),
            &json!({"opinion": "problems_found", "must_change": ["补充银行流水证据"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["summary"]["status"], "returned");

    // 4. Deciding after problems_found.
    let c2 = app.get(&format!("/api/v1/cases/{id}"), Some(&t)).await.body;
    act(&app, &at, &c2, decide(big))
        .await
        .problem(409, "review_required");

    // 5. Resubmitted, approved.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/resubmissions"),
            Some(&t),
            &json!({"materials": materials, "draft": draft(big)}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["summary"]["status"], "resubmitted");
    assert_eq!(r.body["rounds"].as_array().unwrap().len(), 2);
    answer_all(&app, &rt, &id, false).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/opinion"),
            Some(&rt),
            &json!({"opinion": "approve"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["approved"], true);

    // 6. Changing the amount after approval.
    let c3 = app.get(&format!("/api/v1/cases/{id}"), Some(&t)).await.body;
    act(&app, &at, &c3, decide(big - 100_000))
        .await
        .problem(409, "review_stale");

    // Deliberation is required for a major penalty.
    act(&app, &at, &c3, decide(big))
        .await
        .problem(409, "deliberation_missing");

    let r = app
        .post(&format!("/api/v1/cases/{id}/deliberation"), Some(&at),
            &json!({"held_on": days_ago(0), "attendee_ids": [approver, o2, reviewer], "opinions": [], "conclusion": "同意处以罚款20万元"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);

    // 7. Two concurrent decide requests: one wins, the other is 409.
    let (a, b) = futures_util::future::join(
        act(&app, &at, &c3, decide(big)),
        act(&app, &at, &c3, decide(big)),
    )
    .await;
    let mut st = [a.status, b.status];
    st.sort_unstable();
    assert_eq!(st, [200, 409], "{} / {}", a.body, b.body);

    // The case file has the flagging, the opinion and the deliberation.
    let tl = app
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&t))
        .await;
    let s = tl.body.to_string();
    assert!(s.contains("review_flagging"), "{s}");
    assert!(s.contains("legal_review_opinion"), "{s}");
    assert!(s.contains("deliberation_record"), "{s}");

    let st = app.get("/api/v1/stats/review", Some(&t)).await;
    assert_eq!(st.status, 200, "{}", st.body);
    assert_eq!(st.body["requested"], 1);
    assert_eq!(st.body["returned"], 1);
    let q = app.get("/api/v1/review/queue", Some(&rt)).await;
    assert_eq!(q.status, 200, "{}", q.body);
}

/// A penalty case of demo_officer and demo_officer2 against `party_kind`, brought to the decision
/// stage (notice served and rights waived) with `fen` proposed, and an investigation report to
/// submit as material. Answers the case and the materials.
pub(crate) async fn case_at_decision(
    app: &TestApp,
    t: &str,
    title: &str,
    party_kind: &str,
    fen: i64,
) -> (Value, Value) {
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(t),
            &json!({"kind": "penalty", "title": title, "category": "财政",
                "party": {"kind": party_kind, "name": "某某有限公司"}, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mut c = r.body;
    c = ok(app, t, &c, json!({"action": "file", "on": days_ago(10), "violation_on": days_ago(40), "discovered_on": days_ago(12), "grave_harm": false, "limitation_override": null})).await;
    c = ok(app, t, &c, json!({"action": "complete", "on": days_ago(8)})).await;
    c = ok(
        app,
        t,
        &c,
        json!({"action": "issue_notice", "served_on": days_ago(7), "proposed": sanction(fen)}),
    )
    .await;
    c = ok(
        app,
        t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(6)}),
    )
    .await;
    assert_eq!(c["stage"], "decision", "{c}");
    let id = c["id"].as_str().unwrap();
    let rec = app
        .post(&format!("/api/v1/cases/{id}/records"), Some(t),
            &json!({"kind": "document", "document_type": "investigation_report", "title": "调查终结报告", "text": "……"}))
        .await;
    assert_eq!(rec.status, 201, "{}", rec.body);
    let materials = json!([{"record_id": rec.body["id"], "kind": "investigation_report"}]);
    (c, materials)
}

/// 重大执法决定法制审核目录清单: a case is judged against the catalogue version in force
/// when its review is requested; a later version does not change it (not even on resubmission);
/// old versions stay readable by id and version, also publicly.
async fn a_case_keeps_the_catalogue_version_in_force_when_its_review_was_requested(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let at = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let rt = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let big = 20_000_000; // 200,000 yuan: major under version 1 (organisation ≥ 100,000 yuan).
    let (a, materials_a) = case_at_decision(&app, &t, "甲案", "organisation", big).await;
    let a_id = a["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/cases/{a_id}/review"),
            Some(&t),
            &json!({"materials": materials_a, "draft": draft(big)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["catalogue_version"], 1);
    assert_eq!(r.body["flagging"]["review_required"], true);
    // The reason states the amounts in yuan, not fen.
    let reason = r.body["flagging"]["matched"][0]["reason"].as_str().unwrap();
    assert_eq!(reason, "罚款200,000元，不低于100,000元", "{}", r.body);

    // Version 2, in force from today, raises the organisation threshold to 1,000,000 yuan.
    let v1 = app.get("/api/v1/review/catalogue/1", Some(&at)).await;
    assert_eq!(v1.status, 200, "{}", v1.body);
    let r = app
        .post(
            "/api/v1/review/catalogue",
            Some(&at),
            &json!({"effective_from": days_ago(0), "criteria": [
                {"type": "amount_at_least", "person_fen": 1_000_000, "organisation_fen": 100_000_000},
                {"type": "hearing_held"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["version"], 2);
    assert_eq!(r.body["in_force"], true);

    // Case A keeps version 1: still required, also after a resubmission.
    let r = app
        .get(&format!("/api/v1/cases/{a_id}/review"), Some(&t))
        .await;
    assert_eq!(r.body["catalogue_version"], 1, "{}", r.body);
    assert_eq!(r.body["flagging"]["review_required"], true);
    let reviewer = uid(&app, "demo_reviewer").await;
    let r = app
        .post(
            &format!("/api/v1/cases/{a_id}/review/assignment"),
            Some(&rt),
            &json!({"reviewer_id": reviewer}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    answer_all(&app, &rt, a_id, true).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{a_id}/review/opinion"),
            Some(&rt),
            &json!({"opinion": "problems_found", "must_change": ["补充证据"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/cases/{a_id}/review/resubmissions"),
            Some(&t),
            &json!({"materials": materials_a, "draft": draft(big)}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["catalogue_version"], 1);
    assert_eq!(r.body["flagging"]["catalogue_version"], 1);
    assert_eq!(r.body["flagging"]["review_required"], true);

    // Case B, requested now, is judged against version 2: the same amount is not major.
    let (b, materials_b) = case_at_decision(&app, &t, "乙案", "organisation", big).await;
    let b_id = b["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/cases/{b_id}/review"),
            Some(&t),
            &json!({"materials": materials_b, "draft": draft(big)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["catalogue_version"], 2);
    assert_eq!(r.body["flagging"]["review_required"], false);

    // Version 1 stays readable, closed the day before version 2 took effect.
    let old = app.get("/api/v1/review/catalogue/1", Some(&at)).await;
    assert_eq!(old.status, 200, "{}", old.body);
    assert_eq!(old.body["effective_until"], days_ago(1));
    assert_eq!(old.body["criteria"], v1.body["criteria"]);
    assert_eq!(old.body["in_force"], false);
    let h = app.get("/api/v1/review/catalogue", Some(&t)).await;
    assert_eq!(h.body["current_version"], 2);
    assert_eq!(h.body["versions"].as_array().unwrap().len(), 2);

    // Portals read the catalogue without signing in: versions in force, and old ones by version.
    let agency = a["agency_id"].as_str().unwrap();
    let p = app
        .get(
            &format!("/api/public/v1/major-decision-catalogue?agency_id={agency}"),
            None,
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let items = p.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", p.body);
    assert_eq!(items[0]["version"], 2);
    assert!(items[0].get("created_by").is_none(), "{}", p.body);
    let p1 = app
        .get(
            &format!("/api/public/v1/major-decision-catalogue/{agency}/1"),
            None,
        )
        .await;
    assert_eq!(p1.status, 200, "{}", p1.body);
    assert_eq!(p1.body["criteria"], v1.body["criteria"]);
    app.get(
        &format!("/api/public/v1/major-decision-catalogue/{agency}/3"),
        None,
    )
    .await
    .problem(404, "not_found");
    // Another agency's catalogue is not this one's.
    let other = uuid::Uuid::new_v4();
    let p = app
        .get(
            &format!("/api/public/v1/major-decision-catalogue?agency_id={other}"),
            None,
        )
        .await;
    assert_eq!(p.body["items"], json!([]));
}

/// `[review]` settings take effect (local rules under 行政处罚法 art. 58: review within 5 working days and reviewers
/// ≥ 5 % of officers are defaults, configurable): a 10-working-day period gives a later due date,
/// and the configured ratio is the one the oversight figures compare with.
async fn configured_review_settings_take_effect(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |c| {
        c.review.settings.period = sanxiang_domain::calendar::Period::working(10);
        c.review.minimum_reviewer_ratio = 0.9;
    })
    .await
    else {
        return;
    };
    let result = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(async {
        let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
        let rt = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
        let big = 20_000_000;
        let (c, materials) = case_at_decision(&app, &t, "配置案", "organisation", big).await;
        let id = c["id"].as_str().unwrap();
        let r = app
            .post(
                &format!("/api/v1/cases/{id}/review"),
                Some(&t),
                &json!({"materials": materials, "draft": draft(big)}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let reviewer = uid(&app, "demo_reviewer").await;
        let r = app
            .post(
                &format!("/api/v1/cases/{id}/review/assignment"),
                Some(&rt),
                &json!({"reviewer_id": reviewer}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let date =
            |v: &Value| chrono::NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap();
        let start = date(&r.body["deadline"]["start"]);
        let due = date(&r.body["deadline"]["due"]);
        // 10 working days span at least 12 calendar days; the default 5 end within 7 (outside
        // the Spring Festival and National Day holidays).
        assert!((due - start).num_days() >= 12, "{start} → {due}");
        let st = app.get("/api/v1/stats/review", Some(&t)).await;
        assert_eq!(st.status, 200, "{}", st.body);
        assert_eq!(st.body["minimum_ratio"], 0.9);
        assert_eq!(st.body["below_minimum"], true, "{}", st.body);
    }))
    .await;
    app.teardown().await;
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

mod configured_review_settings {
    #[actix_web::test]
    async fn sqlite() {
        super::configured_review_settings_take_effect(crate::helpers::Backend::Sqlite).await
    }
    #[actix_web::test]
    async fn postgres() {
        super::configured_review_settings_take_effect(crate::helpers::Backend::Postgres).await
    }
}

/// 行政处罚法 art. 58 para. 2: a person *newly* engaged in legal review (from 2021-07-15, or with
/// no beginning recorded) holds the legal profession qualification; a reviewer who did this work
/// before may review any case, also as its first reviewer.
async fn reviewer_qualification_is_about_the_person(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "old_reviewer", "display_name": "老审核", "password": "old-reviewer-pw",
                    "roles": ["legal_reviewer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let veteran = r.body["id"].as_str().unwrap().to_owned();
    let profile = |since: Value| {
        json!({"name": "老审核", "post": "法制审核员", "unit": "法规科", "legal_qualification": false,
               "review_experience_since": since})
    };
    let r = app
        .send_json(
            "PUT",
            &format!("/api/v1/officers/{veteran}"),
            Some(&admin),
            &profile(Value::Null),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let big = 20_000_000;
    let (c, materials) = case_at_decision(&app, &t, "资格案", "organisation", big).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review"),
            Some(&t),
            &json!({"materials": materials, "draft": draft(big)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let rt = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let assign = |who: &str| json!({"reviewer_id": who});
    // No beginning recorded, no qualification: refused as newly engaged.
    app.post(
        &format!("/api/v1/cases/{id}/review/assignment"),
        Some(&rt),
        &assign(&veteran),
    )
    .await
    .problem(422, "reviewer_unqualified");
    // Began in 2019: may be the case's first reviewer without the qualification.
    let r = app
        .send_json(
            "PUT",
            &format!("/api/v1/officers/{veteran}"),
            Some(&admin),
            &profile(json!("2019-05-01")),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["review_experience_since"], "2019-05-01");
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/assignment"),
            Some(&rt),
            &assign(&veteran),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}
