//! Whole-process recording: cases, stage machines, gates, records, deadlines.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::{json, Value};

on_both_databases!(
    penalty_case_from_filing_to_archive,
    out_of_order_and_stale_version_are_refused,
    gates_refuse_with_specific_codes,
    limitation_needs_an_approver_override,
    simplified_procedure_limit,
    party_identifiers_are_checked,
    records_are_append_only_and_corrected_by_new_records,
    agency_isolation_for_cases,
    list_filters_and_cursor_pagination,
    deadlines_and_overdue,
    notice_cannot_be_skipped_and_can_be_renewed,
    calendar_day_deadline_in_a_year_without_data_is_unknown,
    hearing_only_for_the_penalties_of_art_63,
    advised_recordings_are_prompted_not_enforced,
    transcripts_are_made_by_two_certified_officers,
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

pub(crate) fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

pub(crate) fn days_ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}

pub(crate) async fn officer(app: &TestApp) -> String {
    app.login("demo_officer", DEMO_PASSWORD).await.0
}

/// Opens a penalty case against an organisation with both demo officers.
pub(crate) async fn open_case(app: &TestApp, token: &str, title: &str, party: &str) -> Value {
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(token),
            &json!({
                "kind": "penalty",
                "title": title,
                "category": "财政",
                "party": {"kind": "organisation", "name": party, "id_type": "credit_code", "id_number": "91350100M000100Y43", "address": "桓仁县某路1号", "contact": "024-00000000"},
                "officer_ids": [o1, o2]
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

pub(crate) async fn act(app: &TestApp, token: &str, case: &Value, command: Value) -> Value {
    let r = try_act(app, token, case, command.clone()).await;
    assert_eq!(r.status, 200, "{command}: {}", r.body);
    r.body
}

pub(crate) async fn try_act(
    app: &TestApp,
    token: &str,
    case: &Value,
    command: Value,
) -> crate::helpers::Resp {
    let id = case["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/cases/{id}/transitions"),
        Some(token),
        &json!({"expected_version": case["version"], "command": command}),
    )
    .await
}

pub(crate) async fn record(
    app: &TestApp,
    token: &str,
    case: &Value,
    kind: &str,
    document_type: &str,
    title: &str,
) -> Value {
    let id = case["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/records"),
            Some(token),
            &json!({"kind": kind, "document_type": document_type, "title": title, "text": "……"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

pub(crate) fn actions(case: &Value) -> Vec<String> {
    case["allowed_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

async fn penalty_case_from_filing_to_archive(app: TestApp) {
    let t = officer(&app).await;
    // The 90 days may reach into next year, which the shipped calendar may not cover yet.
    let next_year = (today() + chrono::Duration::days(120))
        .format("%Y")
        .to_string();
    if app
        .get(&format!("/api/v1/calendar/{next_year}"), Some(&t))
        .await
        .status
        == 404
    {
        app.load_plain_year(next_year.parse().unwrap()).await;
    }
    let mut c = open_case(
        &app,
        &t,
        "未按规定保存会计凭证",
        "桓仁某某会计师事务所有限公司",
    )
    .await;
    let year = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y")
        .to_string();
    assert_eq!(c["case_number"], format!("桓财罚〔{year}〕1号"));
    assert_eq!(c["stage"], "filing");
    assert_eq!(actions(&c), vec!["file"]);
    assert_eq!(c["stages"][0]["progress"], "current");
    record(&app, &t, &c, "document", "filing_approval", "立案审批表").await;
    c = act(&app, &t, &c, json!({"action": "file", "on": days_ago(10), "violation_on": days_ago(40), "discovered_on": days_ago(12), "grave_harm": false, "limitation_override": null})).await;
    assert_eq!(c["stage"], "investigation");
    // 行政处罚法 art. 60: decision within 90 days of filing.
    let decision = c["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "decision")
        .unwrap()
        .clone();
    assert_eq!(decision["unit"], "calendar");
    assert_eq!(decision["amount"], 90);
    assert_eq!(decision["status"], "pending");
    record(&app, &t, &c, "transcript", "inquiry_transcript", "询问笔录").await;
    record(&app, &t, &c, "document", "evidence", "会计凭证复印件").await;
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(8)}),
    )
    .await;
    assert_eq!(c["stage"], "investigation_report");
    record(
        &app,
        &t,
        &c,
        "document",
        "investigation_report",
        "调查终结报告",
    )
    .await;
    let sanction = json!({"warning": false, "fine_fen": 500000, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []});
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "issue_notice", "served_on": days_ago(7), "proposed": sanction}),
    )
    .await;
    assert_eq!(c["stage"], "notice");
    record(&app, &t, &c, "document", "penalty_notice", "行政处罚告知书").await;
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(6)}),
    )
    .await;
    record(
        &app,
        &t,
        &c,
        "document",
        "rights_waiver",
        "放弃陈述申辩声明",
    )
    .await;
    assert_eq!(c["stage"], "decision", "{c}");
    // 行政处罚法 art. 57: the agency head decides, not the handling officer.
    let decide = json!({"action": "decide", "on": days_ago(5), "outcome": {"type": "penalty", "sanction": sanction}});
    try_act(&app, &t, &c, decide.clone())
        .await
        .problem(403, "forbidden");
    let head = app.login("demo_approver", DEMO_PASSWORD).await.0;
    c = act(&app, &head, &c, decide).await;
    assert_eq!(c["outcome"], "penalty");
    record(
        &app,
        &t,
        &c,
        "document",
        "decision_document",
        "行政处罚决定书",
    )
    .await;
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "record_service", "on": days_ago(4), "method": "direct"}),
    )
    .await;
    record(&app, &t, &c, "document", "service_proof", "送达回证").await;
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "record_execution", "on": days_ago(2), "forced": false}),
    )
    .await;
    record(&app, &t, &c, "document", "execution_record", "缴款凭证").await;
    c = act(&app, &t, &c, json!({"action": "close", "on": days_ago(1)})).await;
    // Archiving needs a complete file (案卷标准).
    let r = try_act(
        &app,
        &t,
        &c,
        json!({"action": "archive", "file_override": null}),
    )
    .await;
    r.problem(422, "file_incomplete");
    let id = c["id"].as_str().unwrap().to_owned();
    let comp = app
        .get(&format!("/api/v1/cases/{id}/completeness"), Some(&t))
        .await;
    assert_eq!(comp.body["complete"], false);
    assert_eq!(comp.body["missing"], json!(["结案报告"]));
    record(&app, &t, &c, "document", "closure_report", "结案报告").await;
    let comp = app
        .get(&format!("/api/v1/cases/{id}/completeness"), Some(&t))
        .await;
    assert_eq!(comp.body["complete"], true, "{}", comp.body);
    assert_eq!(comp.body["score"], 100);
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "archive", "file_override": null}),
    )
    .await;
    assert!(actions(&c).is_empty());
    assert_eq!(c["archived"], true);
    assert!(c["stages"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["progress"] == "done" || s["progress"] == "skipped"));
    // The timeline holds every record and transition, in order.
    let tl = app
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&t))
        .await;
    let items = tl.body["items"].as_array().unwrap();
    let seqs: Vec<i64> = items.iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    assert!(items.iter().filter(|r| r["kind"] == "transition").count() >= 9);
    // Nothing more can be added to an archived file.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&t),
            &json!({"kind": "note", "title": "x"}),
        )
        .await;
    r.problem(409, "case_archived");
}

async fn out_of_order_and_stale_version_are_refused(app: TestApp) {
    let t = officer(&app).await;
    let c = open_case(&app, &t, "越序测试", "某公司").await;
    // Deciding before filing: the machine refuses (409 invalid_transition).
    let r = try_act(&app, &t, &c, json!({"action": "close", "on": days_ago(0)})).await;
    r.problem(409, "invalid_transition");
    let moved = act(&app, &t, &c, json!({"action": "file", "on": days_ago(1), "violation_on": days_ago(30), "discovered_on": days_ago(2), "grave_harm": false, "limitation_override": null})).await;
    assert_eq!(moved["version"], 2);
    // A second officer acting on the version they saw: 409 version_conflict, nothing written.
    let r = try_act(&app, &t, &c, json!({"action": "file", "on": days_ago(1), "violation_on": days_ago(30), "discovered_on": days_ago(2), "grave_harm": false, "limitation_override": null})).await;
    r.problem(409, "version_conflict");
    let id = c["id"].as_str().unwrap();
    let tl = app
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&t))
        .await;
    assert_eq!(
        tl.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "transition")
            .count(),
        1
    );
    // Unknown action and malformed command are 422, not 500.
    let r = try_act(&app, &t, &moved, json!({"action": "teleport"})).await;
    r.problem(422, "validation_failed");
}

async fn gates_refuse_with_specific_codes(app: TestApp) {
    let t = officer(&app).await;
    let me = uid(&app, "demo_officer").await;
    // Only one officer: 行政处罚法 art. 42 requires two.
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "title": "单人", "category": "财政", "party": {"kind": "natural_person", "name": "张三"}, "officer_ids": [me]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let c = r.body;
    let file = json!({"action": "file", "on": days_ago(1), "violation_on": days_ago(30), "discovered_on": days_ago(2), "grave_harm": false, "limitation_override": null});
    try_act(&app, &t, &c, file.clone())
        .await
        .problem(422, "too_few_officers");
    // Two officers, but the category is not on their certificates: certificate_invalid.
    let o2 = uid(&app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "title": "类别不符", "category": "交通", "party": {"kind": "natural_person", "name": "李四"}, "officer_ids": [me, o2]}),
        )
        .await;
    try_act(&app, &t, &r.body, file.clone())
        .await
        .problem(422, "certificate_invalid");
    // A non-officer cannot be assigned.
    let reviewer = uid(&app, "demo_reviewer").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "title": "指派", "category": "财政", "party": {"kind": "natural_person", "name": "王五"}, "officer_ids": [reviewer]}),
        )
        .await;
    assert!(r.problem(422, "validation_failed")["errors"]["officer_ids"].is_array());
    // Coercive measure: implementing a seizure needs an on-site record and continuous video
    // (行政强制法 art. 18; 国办发〔2018〕118号).
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "coercive_measure", "title": "查封", "category": "财政", "party": {"kind": "organisation", "name": "某公司"}, "officer_ids": [me, o2]}),
        )
        .await;
    let mut m = r.body;
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let approver_id = uid(&app, "demo_approver").await;
    // approved_by must be an approver.
    try_act(
        &app,
        &t,
        &m,
        json!({"action": "approve_measure", "on": days_ago(1), "approved_by": me}),
    )
    .await
    .problem(422, "validation_failed");
    m = act(
        &app,
        &approver,
        &m,
        json!({"action": "approve_measure", "on": days_ago(1), "approved_by": approver_id}),
    )
    .await;
    try_act(
        &app,
        &t,
        &m,
        json!({"action": "implement_measure", "on": days_ago(0)}),
    )
    .await
    .problem(422, "on_site_record_missing");
    record(&app, &t, &m, "transcript", "measure_transcript", "现场笔录").await;
    try_act(
        &app,
        &t,
        &m,
        json!({"action": "implement_measure", "on": days_ago(0)}),
    )
    .await
    .problem(422, "video_required");
}

async fn limitation_needs_an_approver_override(app: TestApp) {
    let t = officer(&app).await;
    let c = open_case(&app, &t, "时效", "某公司").await;
    // 行政处罚法 art. 36: not discovered within 2 years.
    let old = json!({"action": "file", "on": days_ago(1), "violation_on": days_ago(800), "discovered_on": days_ago(2), "grave_harm": false, "limitation_override": null});
    try_act(&app, &t, &c, old)
        .await
        .problem(422, "limitation_expired");
    let approver_id = uid(&app, "demo_approver").await;
    let over = json!({"action": "file", "on": days_ago(1), "violation_on": days_ago(800), "discovered_on": days_ago(2), "grave_harm": false, "limitation_override": {"approver": approver_id, "reason": "持续违法，经负责人批准立案"}});
    // An officer cannot override in the approver's name.
    try_act(&app, &t, &c, over.clone())
        .await
        .problem(403, "forbidden");
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let moved = act(&app, &approver, &c, over).await;
    assert_eq!(moved["stage"], "investigation");
    let id = c["id"].as_str().unwrap();
    let tl = app
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&t))
        .await;
    assert!(tl.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["text"].as_str().unwrap().contains("持续违法")));
}

async fn simplified_procedure_limit(app: TestApp) {
    let t = officer(&app).await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "procedure": "simplified", "title": "当场处罚", "category": "财政", "party": {"kind": "natural_person", "name": "赵六"}, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["stage"], "on_site");
    // 行政处罚法 art. 51: at most 200 yuan for a person.
    let s = |fen: i64| json!({"warning": false, "fine_fen": fen, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []});
    try_act(&app, &t, &r.body, json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": s(20001)}})).await.problem(422, "simplified_amount_exceeded");
    let c = act(&app, &t, &r.body, json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": s(20000)}})).await;
    assert_eq!(c["stage"], "service");
    // Simplified procedure is only for penalties.
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "licence", "procedure": "simplified", "title": "许可", "category": "财政", "party": {"kind": "natural_person", "name": "x"}, "officer_ids": [o1]}),
        )
        .await;
    r.problem(422, "procedure_not_applicable");
}

async fn party_identifiers_are_checked(app: TestApp) {
    let t = officer(&app).await;
    let o1 = uid(&app, "demo_officer").await;
    for (kind, id_type, number) in [
        ("organisation", "credit_code", "91350100M000100Y44"),
        ("natural_person", "resident_id", "110105194912310021"),
    ] {
        let r = app
            .post(
                "/api/v1/cases",
                Some(&t),
                &json!({"kind": "penalty", "title": "校验", "category": "财政", "party": {"kind": kind, "name": "x", "id_type": id_type, "id_number": number}, "officer_ids": [o1]}),
            )
            .await;
        assert!(
            r.problem(422, "validation_failed")["errors"]["party.id_number"].is_array(),
            "{}",
            r.body
        );
    }
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "title": "校验", "category": "财政", "party": {"kind": "natural_person", "name": "x", "id_type": "resident_id", "id_number": "11010519491231002X"}, "officer_ids": [o1]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["party"]["id_masked"], "110105********002X");
    // Bad kind enum and missing party are 422.
    app.post(
        "/api/v1/cases",
        Some(&t),
        &json!({"kind": "tax", "title": "x", "category": "x", "party": {}, "officer_ids": []}),
    )
    .await
    .problem(422, "validation_failed");
}

async fn records_are_append_only_and_corrected_by_new_records(app: TestApp) {
    use sea_orm::ConnectionTrait;
    let t = officer(&app).await;
    let c = open_case(&app, &t, "更正", "某公司").await;
    let wrong = record(
        &app,
        &t,
        &c,
        "transcript",
        "inquiry_transcript",
        "询问笔录（时间写错）",
    )
    .await;
    let id = c["id"].as_str().unwrap();
    // A correction without a reason is refused.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&t),
            &json!({"kind": "correction", "title": "更正", "corrects": wrong["id"]}),
        )
        .await;
    r.problem(422, "validation_failed");
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&t),
            &json!({"kind": "correction", "title": "更正询问时间", "text": "询问时间应为10时", "corrects": wrong["id"], "correction_reason": "笔误"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let tl = app
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&t))
        .await;
    let items = tl.body["items"].as_array().unwrap();
    let orig = items.iter().find(|x| x["id"] == wrong["id"]).unwrap();
    assert_eq!(orig["corrected_by"], json!([r.body["id"]]));
    assert_eq!(orig["title"], "询问笔录（时间写错）");
    // The database itself refuses to change or delete records.
    let conn = app.db.connection();
    assert!(conn
        .execute_unprepared("UPDATE case_records SET title = 'forged'")
        .await
        .is_err());
    assert!(conn
        .execute_unprepared("DELETE FROM case_records")
        .await
        .is_err());
    // No endpoint changes a record.
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/cases/{id}/records")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
    // Nor can a reviewer's opinion or a deliberation record (the file standard counts them).
    for forged in ["legal_review_opinion", "deliberation_record"] {
        app.post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&t),
            &json!({"kind": "document", "document_type": forged, "title": "伪造"}),
        )
        .await
        .problem(422, "validation_failed");
    }
    // Transition records cannot be forged through the records endpoint.
    app.post(
        &format!("/api/v1/cases/{id}/records"),
        Some(&t),
        &json!({"kind": "transition", "title": "x"}),
    )
    .await
    .problem(422, "validation_failed");
}

async fn agency_isolation_for_cases(app: TestApp) {
    let t = officer(&app).await;
    let c = open_case(&app, &t, "隔离", "某公司").await;
    let admin = app.admin().await;
    let other = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "邻县财政局", "short_name": "邻财"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        "/api/v1/users",
        Some(&admin),
        &json!({"username": "other_officer", "display_name": "外局", "password": "other-officer-pw", "agency_id": other, "roles": ["officer"]}),
    )
    .await;
    let (ot, _) = app.login("other_officer", "other-officer-pw").await;
    let id = c["id"].as_str().unwrap();
    app.get(&format!("/api/v1/cases/{id}"), Some(&ot))
        .await
        .problem(404, "not_found");
    app.get(&format!("/api/v1/cases/{id}/timeline"), Some(&ot))
        .await
        .problem(404, "not_found");
    app.post(
        &format!("/api/v1/cases/{id}/records"),
        Some(&ot),
        &json!({"kind": "note", "title": "x"}),
    )
    .await
    .problem(404, "not_found");
    try_act(&app, &ot, &c, json!({"action": "close", "on": days_ago(0)}))
        .await
        .problem(404, "not_found");
    let list = app.get("/api/v1/cases", Some(&ot)).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
    // The demo auditor is granted the demo agency: reads, never writes.
    let (aud, _) = app.login("demo_auditor", DEMO_PASSWORD).await;
    assert_eq!(
        app.get(&format!("/api/v1/cases/{id}"), Some(&aud))
            .await
            .status,
        200
    );
    app.post(
        &format!("/api/v1/cases/{id}/records"),
        Some(&aud),
        &json!({"kind": "note", "title": "x"}),
    )
    .await
    .problem(403, "forbidden");
    assert_eq!(app.get("/api/v1/cases", Some(&aud)).await.status, 200);
    assert_eq!(
        app.get(&format!("/api/v1/cases/{id}/timeline"), Some(&aud))
            .await
            .status,
        200
    );
    // Every read by an auditor is itself recorded, and admins can list them.
    let reads = app.get("/api/v1/audit/reads", Some(&admin)).await;
    assert_eq!(reads.status, 200, "{}", reads.body);
    let what: Vec<&str> = reads.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["what"].as_str().unwrap())
        .collect();
    for w in ["case.detail", "case.list", "case.timeline"] {
        assert!(what.contains(&w), "{w} not recorded: {what:?}");
    }
}

async fn list_filters_and_cursor_pagination(app: TestApp) {
    let t = officer(&app).await;
    for (i, p) in ["甲公司", "乙公司", "丙公司"].iter().enumerate() {
        open_case(&app, &t, &format!("案{i}"), p).await;
    }
    let page1 = app.get("/api/v1/cases?limit=2", Some(&t)).await;
    assert_eq!(page1.status, 200, "{}", page1.body);
    assert_eq!(page1.body["items"].as_array().unwrap().len(), 2);
    let cursor = page1.body["next_cursor"].as_str().unwrap().to_owned();
    let page2 = app
        .get(&format!("/api/v1/cases?limit=2&cursor={cursor}"), Some(&t))
        .await;
    assert_eq!(page2.body["items"].as_array().unwrap().len(), 1);
    assert!(page2.body["next_cursor"].is_null());
    let mut all: Vec<String> = page1.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(page2.body["items"].as_array().unwrap())
        .map(|c| c["party_name"].as_str().unwrap().to_owned())
        .collect();
    all.sort();
    assert_eq!(all.len(), 3);
    let q = app.get("/api/v1/cases?party=%E4%B9%99", Some(&t)).await; // 乙
    assert_eq!(q.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.get("/api/v1/cases?kind=licence", Some(&t)).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        app.get("/api/v1/cases?stage=filing", Some(&t)).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let me = uid(&app, "demo_officer2").await;
    assert_eq!(
        app.get(&format!("/api/v1/cases?officer={me}"), Some(&t))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    app.get("/api/v1/cases?limit=0", Some(&t))
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/cases?cursor=garbage", Some(&t))
        .await
        .problem(400, "invalid_query");
    app.get("/api/v1/cases?kind=tax", Some(&t))
        .await
        .problem(400, "invalid_query");
    let stats = app.get("/api/v1/stats/cases", Some(&t)).await;
    assert_eq!(stats.body["total"], 3);
    assert_eq!(stats.body["by_kind"]["penalty"], 3);
    assert_eq!(stats.body["by_stage"]["filing"], 3);
}

async fn deadlines_and_overdue(app: TestApp) {
    let t = officer(&app).await;
    let c = open_case(&app, &t, "逾期", "某公司").await;
    // Filed 100 days ago: the 90-day decision deadline (art. 60) has passed.
    act(&app, &t, &c, json!({"action": "file", "on": days_ago(100), "violation_on": days_ago(120), "discovered_on": days_ago(101), "grave_harm": false, "limitation_override": null})).await;
    let fresh = open_case(&app, &t, "未逾期", "某公司").await;
    act(&app, &t, &fresh, json!({"action": "file", "on": days_ago(1), "violation_on": days_ago(20), "discovered_on": days_ago(2), "grave_harm": false, "limitation_override": null})).await;
    let d = app.get("/api/v1/deadlines?status=overdue", Some(&t)).await;
    assert_eq!(d.status, 200, "{}", d.body);
    let items = d.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", d.body);
    assert_eq!(items[0]["case_id"], c["id"]);
    assert_eq!(items[0]["deadline"]["kind"], "decision");
    let list = app.get("/api/v1/cases?overdue=true", Some(&t)).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["items"][0]["overdue"], true);
    let all_open = app.get("/api/v1/deadlines", Some(&t)).await;
    assert_eq!(all_open.body["items"].as_array().unwrap().len(), 2);
    app.get("/api/v1/deadlines?status=late", Some(&t))
        .await
        .problem(400, "invalid_query");
}

/// 行政处罚法 art. 44, 45, 62: the waiver needs a notice first; a case that went on without a
/// notice can still be notified from the decision stage (no dead end); a new notice after new
/// facts supersedes the old one and allows the heavier penalty it announces.
async fn notice_cannot_be_skipped_and_can_be_renewed(app: TestApp) {
    let t = officer(&app).await;
    let head = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let mut c = open_case(&app, &t, "未按规定保存会计凭证", "桓仁某某商贸有限公司").await;
    c = act(&app, &t, &c, json!({"action": "file", "on": days_ago(10), "violation_on": days_ago(40), "discovered_on": days_ago(12), "grave_harm": false, "limitation_override": null})).await;
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(9)}),
    )
    .await;
    assert_eq!(c["stage"], "investigation_report");
    assert_eq!(actions(&c), vec!["issue_notice", "complete"]);
    try_act(
        &app,
        &t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(9)}),
    )
    .await
    .problem(409, "invalid_transition");
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(9)}),
    )
    .await;
    assert_eq!(c["stage"], "decision");
    let s = |fen: i64| json!({"warning": false, "fine_fen": fen, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []});
    let decide = |fen: i64| json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": s(fen)}});
    let c_head = app
        .get(
            &format!("/api/v1/cases/{}", c["id"].as_str().unwrap()),
            Some(&head),
        )
        .await
        .body;
    try_act(&app, &head, &c_head, decide(300_000))
        .await
        .problem(422, "notice_missing");
    // The officer sees the notice offered at the decision stage (the head sees the decision).
    assert_eq!(actions(&c), vec!["issue_notice"]);
    assert_eq!(actions(&c_head), vec!["decide"]);
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "issue_notice", "served_on": days_ago(8), "proposed": s(300_000)}),
    )
    .await;
    assert_eq!(c["stage"], "notice");
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(7)}),
    )
    .await;
    assert_eq!(c["stage"], "decision");
    try_act(&app, &head, &c, decide(500_000))
        .await
        .problem(422, "heavier_than_noticed");
    // New facts: a new, heavier notice supersedes the first (a note in the file says so).
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "issue_notice", "served_on": days_ago(7), "proposed": s(500_000)}),
    )
    .await;
    assert_eq!(c["stage"], "notice");
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(6)}),
    )
    .await;
    c = act(&app, &head, &c, decide(500_000)).await;
    assert_eq!(c["stage"], "service");
    let tl = app
        .get(
            &format!("/api/v1/cases/{}/timeline", c["id"].as_str().unwrap()),
            Some(&t),
        )
        .await;
    assert!(tl.body.to_string().contains("重新告知"), "{}", tl.body);
}

/// 民法典 art. 203 (行政处罚法 art. 61): a calendar-day period ends on a working day, so its last day needs the
/// calendar too; a deadline reaching a year without data is "unknown", never guessed.
async fn calendar_day_deadline_in_a_year_without_data_is_unknown(app: TestApp) {
    let t = officer(&app).await;
    let years = app.get("/api/v1/calendar", Some(&t)).await;
    let last = years.body["years"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|y| y.as_i64())
        .max()
        .unwrap();
    let c = open_case(&app, &t, "期限未知", "某公司").await;
    // Filed on 1 December of the last year with data: the 90 days end in the next year.
    let filed = format!("{last}-12-01");
    let c = act(&app, &t, &c, json!({"action": "file", "on": filed, "violation_on": format!("{last}-11-01"), "discovered_on": format!("{last}-11-20"), "grave_harm": false, "limitation_override": null})).await;
    let decision = c["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "decision")
        .unwrap()
        .clone();
    assert_eq!(decision["status"], "unknown", "{decision}");
    assert!(decision["due"].is_null(), "{decision}");
    // Once the year is loaded, the due date is known.
    app.load_plain_year(i32::try_from(last + 1).unwrap()).await;
    let c = app
        .get(
            &format!("/api/v1/cases/{}", c["id"].as_str().unwrap()),
            Some(&t),
        )
        .await
        .body;
    let decision = c["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "decision")
        .unwrap()
        .clone();
    assert!(decision["due"].is_string(), "{decision}");
}

/// 行政处罚法 art. 63: a hearing only for the heavier penalties (a large fine: for an
/// organisation 100,000 yuan by default, a setting); the notice says which rights it gives.
async fn hearing_only_for_the_penalties_of_art_63(app: TestApp) {
    let t = officer(&app).await;
    let s = |fen: i64| json!({"warning": false, "fine_fen": fen, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []});
    for (fen, hearing) in [(5_000_000, false), (10_000_000, true)] {
        let mut c = open_case(&app, &t, "听证范围", "某公司").await;
        c = act(&app, &t, &c, json!({"action": "file", "on": days_ago(10), "violation_on": days_ago(40), "discovered_on": days_ago(12), "grave_harm": false, "limitation_override": null})).await;
        c = act(
            &app,
            &t,
            &c,
            json!({"action": "complete", "on": days_ago(9)}),
        )
        .await;
        c = act(
            &app,
            &t,
            &c,
            json!({"action": "issue_notice", "served_on": days_ago(1), "proposed": s(fen)}),
        )
        .await;
        let request = json!({"action": "request_hearing", "on": days_ago(0)});
        if hearing {
            c = act(&app, &t, &c, request).await;
            assert_eq!(c["stage"], "hearing");
        } else {
            try_act(&app, &t, &c, request)
                .await
                .problem(422, "no_hearing_right");
        }
        let tl = app
            .get(
                &format!("/api/v1/cases/{}/timeline", c["id"].as_str().unwrap()),
                Some(&t),
            )
            .await;
        let text = tl.body.to_string();
        assert_eq!(
            text.contains("属于听证范围：告知书应当告知当事人有权"),
            hearing,
            "{text}"
        );
    }
}

/// 国办发〔2018〕118号: continuous audio/video is required for seizure and forced execution (a
/// gate) and advised for evidence collection and preservation, hearings and service — the case
/// page reminds the officer, the action is not refused.
async fn advised_recordings_are_prompted_not_enforced(app: TestApp) {
    let t = officer(&app).await;
    let c = open_case(&app, &t, "未按规定使用财政票据", "桓仁某某商贸有限公司").await;
    record(&app, &t, &c, "document", "filing_approval", "立案审批表").await;
    let c = act(&app, &t, &c, json!({"action": "file", "on": days_ago(3), "violation_on": days_ago(20), "discovered_on": days_ago(4), "grave_harm": false, "limitation_override": null})).await;
    let id = c["id"].as_str().unwrap();
    let detail = app.get(&format!("/api/v1/cases/{id}"), Some(&t)).await.body;
    let prompts = detail["video"].as_array().unwrap();
    assert!(
        prompts.contains(&json!({"action": "preserve_evidence", "activity": "evidence_preservation", "level": "advised", "recorded": false})),
        "{prompts:?}"
    );
    assert!(
        prompts.contains(&json!({"action": "complete", "activity": "evidence_collection", "level": "advised", "recorded": false})),
        "{prompts:?}"
    );
    // Advised only: the investigation completes without a recording.
    record(&app, &t, &c, "transcript", "inquiry_transcript", "询问笔录").await;
    let c = act(
        &app,
        &t,
        &detail,
        json!({"action": "complete", "on": days_ago(1)}),
    )
    .await;
    assert_eq!(c["stage"], "investigation_report");
    // Someone who may not act on the case gets no reminders.
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let seen = app
        .get(&format!("/api/v1/cases/{id}"), Some(&approver))
        .await
        .body;
    assert!(seen["video"].as_array().unwrap().is_empty(), "{seen}");
}

/// 行政处罚法 art. 42, 55: questioning and inspection are done by at least two officers holding
/// enforcement certificates, and written up; a transcript by one officer is refused.
async fn transcripts_are_made_by_two_certified_officers(app: TestApp) {
    let t = officer(&app).await;
    let c = open_case(&app, &t, "未按规定开具财政票据", "桓仁某某物业有限公司").await;
    let id = c["id"].as_str().unwrap();
    let me = uid(&app, "demo_officer").await;
    let alone = app
        .post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&t),
            &json!({"kind": "transcript", "document_type": "inquiry_transcript", "title": "询问笔录", "text": "问：……答：……", "officer_ids_present": [me]}),
        )
        .await;
    alone.problem(422, "too_few_officers");
    // Without a list the case's two assigned, certified officers are the ones present.
    let r = record(&app, &t, &c, "transcript", "inquiry_transcript", "询问笔录").await;
    assert_eq!(
        r["officers_present"].as_array().map(Vec::len),
        Some(2),
        "{r}"
    );
    // A note is not an act of investigation: one officer may write it.
    let note = app
        .post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&t),
            &json!({"kind": "note", "title": "工作记录", "text": "电话联系当事人", "officer_ids_present": [me]}),
        )
        .await;
    assert_eq!(note.status, 201, "{}", note.body);
}
