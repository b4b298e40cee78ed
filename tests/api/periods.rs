//! Extensions and suspensions of a case's deadlines (`POST /cases/{id}/periods`), and deadlines
//! that reach a year without calendar data (行政处罚法 art. 60; 行政许可法 art. 42, 45;
//! 行政强制法 art. 25).

use crate::helpers::{Resp, TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::{json, Value};

on_both_databases!(
    extension_and_suspension_move_the_decision_deadline,
    period_refusals_have_their_codes,
    licence_and_seizure_extensions_are_listed,
    deadline_in_a_year_without_data_is_unknown_with_its_note,
);

async fn uid(app: &TestApp, username: &str) -> String {
    sanxiang_persistence::accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string()
}

async fn open(app: &TestApp, token: &str, kind: &str, title: &str) -> Value {
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(token),
            &json!({
                "kind": kind,
                "title": title,
                "category": "财政",
                "party": {"kind": "organisation", "name": "某某商贸有限公司", "id_type": "credit_code", "id_number": "91350100M000100Y43"},
                "officer_ids": [o1, o2]
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

async fn act(app: &TestApp, token: &str, case: &Value, command: Value) -> Value {
    let id = case["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/transitions"),
            Some(token),
            &json!({"expected_version": case["version"], "command": command}),
        )
        .await;
    assert_eq!(r.status, 200, "{command}: {}", r.body);
    r.body
}

async fn period(app: &TestApp, token: &str, case: &Value, body: Value) -> Resp {
    let id = case["id"].as_str().unwrap();
    app.post(&format!("/api/v1/cases/{id}/periods"), Some(token), &body)
        .await
}

async fn file_on(app: &TestApp, token: &str, day: &str, title: &str) -> Value {
    let c = open(app, token, "penalty", title).await;
    act(app, token, &c, json!({"action": "file", "on": day, "violation_on": "2025-04-01", "discovered_on": "2025-05-20", "grave_harm": false, "limitation_override": null})).await
}

fn deadline(case: &Value, kind: &str) -> Value {
    case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} deadline: {case}"))
        .clone()
}

/// 行政处罚法 art. 60: 90 days from filing + an approved 30-day extension + a 10-day hearing not
/// counted = filing + 130 calendar days, rolled past the National Day holiday; each listed.
async fn extension_and_suspension_move_the_decision_deadline(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let head = uid(&app, "demo_approver").await;
    let c = file_on(&app, &t, "2025-05-26", "期限延长与中止").await;
    assert_eq!(deadline(&c, "decision")["due"], "2025-08-25");
    let r = period(&app, &t, &c, json!({"kind": "suspension_start", "deadline": "decision", "ground": "hearing", "on": "2025-07-01"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = deadline(&r.body, "decision");
    assert_eq!(d["status"], "suspended", "{d}");
    assert!(d["due"].is_null(), "{d}");
    assert!(d["note"].as_str().unwrap().contains("听证"), "{d}");
    let listed = app
        .get("/api/v1/deadlines?status=suspended", Some(&t))
        .await;
    assert_eq!(
        listed.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        listed.body
    );
    let r = period(
        &app,
        &t,
        &c,
        json!({"kind": "suspension_end", "deadline": "decision", "on": "2025-07-10"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = period(&app, &t, &c, json!({"kind": "extension", "deadline": "decision", "days": 30, "approved_by": head, "reason": "案情复杂，需补充调查", "on": "2025-08-20"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = deadline(&r.body, "decision");
    // 2025-05-26 + 130 days = Friday 3 October, a holiday: due Thursday 9 October.
    assert_eq!(d["due"], "2025-10-09", "{d}");
    assert_eq!(d["base_due"], "2025-08-25", "{d}");
    assert_eq!(d["amount"], 90);
    assert_eq!(d["extensions"][0]["days"], 30, "{d}");
    assert_eq!(
        d["extensions"][0]["approved_by"]["id"],
        head.as_str(),
        "{d}"
    );
    assert_eq!(d["extensions"][0]["on"], "2025-08-20");
    assert_eq!(d["suspensions"][0]["ground"], "hearing", "{d}");
    assert_eq!(d["suspensions"][0]["label"], "听证");
    assert_eq!(d["suspensions"][0]["excluded_days"], 10, "{d}");
    // The agency's deadline list shows the same, with its adjustments.
    let all = app.get("/api/v1/deadlines?status=overdue", Some(&t)).await;
    let item = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["case_id"] == c["id"] && i["deadline"]["kind"] == "decision")
        .unwrap_or_else(|| panic!("{}", all.body))
        .clone();
    assert_eq!(item["deadline"]["due"], "2025-10-09");
    assert_eq!(item["deadline"]["extensions"].as_array().unwrap().len(), 1);
    assert_eq!(item["deadline"]["suspensions"].as_array().unwrap().len(), 1);
    // Each adjustment is a record in the case's file.
    let tl = app
        .get(
            &format!("/api/v1/cases/{}/timeline", c["id"].as_str().unwrap()),
            Some(&t),
        )
        .await;
    let text = tl.body.to_string();
    for title in [
        "中止计算期限（听证）",
        "恢复计算期限（听证）",
        "延长办案期限",
    ] {
        assert!(text.contains(title), "{title}: {text}");
    }
}

/// 行政处罚法 art. 56, 60: refusals name the rule.
async fn period_refusals_have_their_codes(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let t2 = app.login("demo_officer2", DEMO_PASSWORD).await.0;
    let head = uid(&app, "demo_approver").await;
    let not_head = uid(&app, "demo_officer2").await;
    let c = file_on(&app, &t, "2025-05-26", "拒绝").await;
    let ext = |days: u32, approver: Value| json!({"kind": "extension", "deadline": "decision", "days": days, "approved_by": approver, "reason": "案情复杂", "on": "2025-08-20"});
    period(&app, &t, &c, ext(30, Value::Null))
        .await
        .problem(422, "approval_required");
    period(&app, &t, &c, ext(30, json!(not_head)))
        .await
        .problem(422, "not_an_approver");
    period(&app, &t, &c, ext(31, json!(head)))
        .await
        .problem(422, "extension_too_long");
    period(
        &app,
        &t,
        &c,
        json!({"kind": "suspension_end", "deadline": "decision", "on": "2025-07-10"}),
    )
    .await
    .problem(409, "no_open_suspension");
    period(&app, &t, &c, json!({"kind": "extension", "deadline": "payment", "days": 5, "approved_by": head, "reason": "x", "on": "2025-08-20"}))
        .await
        .problem(409, "deadline_not_running");
    period(&app, &t, &c, json!({"kind": "suspension_start", "deadline": "decision", "ground": "tender_or_auction", "on": "2025-07-01"}))
        .await
        .problem(422, "not_suspendable");
    period(&app, &t, &c, json!({"kind": "extension", "deadline": "decision", "days": 30, "approved_by": head, "reason": "x", "on": "2025-08-20", "extra": 1}))
        .await
        .problem(422, "validation_failed");
    // Only the case's handling officers record (an unassigned officer is refused).
    let c2 = file_on(&app, &t, "2025-05-26", "未指派").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t2),
            &json!({"kind": "penalty", "title": "他人案件", "category": "财政", "party": {"kind": "organisation", "name": "某公司"}, "officer_ids": [not_head]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let other = r.body;
    period(&app, &t, &other, ext(30, json!(head)))
        .await
        .problem(403, "forbidden");
    // Once only by default: a second extension is refused.
    let r = period(&app, &t, &c2, ext(30, json!(head))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    period(&app, &t, &c2, ext(10, json!(head)))
        .await
        .problem(409, "extension_exhausted");
    // 行政处罚法 art. 56: the 7-working-day preservation decision is not extendable.
    let c3 = act(
        &app,
        &t,
        &c,
        json!({"action": "preserve_evidence", "on": "2025-06-02", "approved_by": head}),
    )
    .await;
    assert!(c3["deadlines"]
        .to_string()
        .contains("preservation_decision"));
    period(&app, &t, &c3, json!({"kind": "extension", "deadline": "preservation_decision", "days": 3, "approved_by": head, "reason": "x", "on": "2025-06-03"}))
        .await
        .problem(422, "not_extendable");
}

async fn upload_video(app: &TestApp, token: &str) -> String {
    let mut v = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    v.extend_from_slice(&(4008u32).to_be_bytes());
    v.extend_from_slice(b"mdat");
    v.resize(v.len() + 4000, 0);
    let mut res = app
        .client
        .post(app.url("/api/v1/blobs"))
        .query(&[("file_name", "查封.mp4")])
        .unwrap()
        .insert_header(("content-type", "application/octet-stream"))
        .bearer_auth(token)
        .send_body(v)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&res.body().await.unwrap()).unwrap();
    body["sha256"].as_str().unwrap().to_owned()
}

/// 行政许可法 art. 42 (+10 working days once) and 行政强制法 art. 25 (+30 days once) still
/// work through the stage machine and are listed as extensions with their approver.
async fn licence_and_seizure_extensions_are_listed(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let head = uid(&app, "demo_approver").await;
    let l = open(&app, &t, "licence", "许可延期").await;
    let l = act(
        &app,
        &t,
        &l,
        json!({"action": "complete", "on": "2025-09-01"}),
    )
    .await;
    let l = act(
        &app,
        &t,
        &l,
        json!({"action": "accept", "on": "2025-09-22"}),
    )
    .await;
    assert_eq!(deadline(&l, "licence_decision")["due"], "2025-10-24");
    let l = act(
        &app,
        &t,
        &l,
        json!({"action": "extend_review", "on": "2025-10-20", "approved_by": head}),
    )
    .await;
    let d = deadline(&l, "licence_decision");
    assert_eq!(d["due"], "2025-11-07", "{d}");
    assert_eq!(d["base_due"], "2025-10-24", "{d}");
    assert_eq!(d["amount"], 20);
    assert_eq!(d["extensions"][0]["days"], 10, "{d}");
    assert_eq!(
        d["extensions"][0]["approved_by"]["id"],
        head.as_str(),
        "{d}"
    );
    // The one extension is used: the period record refuses another.
    period(&app, &t, &l, json!({"kind": "extension", "deadline": "licence_decision", "days": 5, "approved_by": head, "reason": "x", "on": "2025-10-21"}))
        .await
        .problem(409, "extension_exhausted");

    let m = open(&app, &t, "coercive_measure", "查封延期").await;
    let m = act(
        &app,
        &approver,
        &m,
        json!({"action": "approve_measure", "on": "2025-07-01", "approved_by": head}),
    )
    .await;
    let id = m["id"].as_str().unwrap();
    let sha = upload_video(&app, &t).await;
    for body in [
        json!({"kind": "transcript", "document_type": "measure_transcript", "title": "现场笔录", "text": "……"}),
        json!({"kind": "video", "activity": "seizure", "title": "查封全程录像", "text": "……", "attachments": [{"sha256": sha, "file_name": "查封.mp4"}]}),
    ] {
        let r = app
            .post(&format!("/api/v1/cases/{id}/records"), Some(&t), &body)
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let m = app.get(&format!("/api/v1/cases/{id}"), Some(&t)).await.body;
    let m = act(
        &app,
        &t,
        &m,
        json!({"action": "implement_measure", "on": "2025-07-02", "seizure_list": {"items": 3, "handed_over_on": "2025-07-02"}}),
    )
    .await;
    assert_eq!(deadline(&m, "seizure_end")["due"], "2025-08-01");
    let m = act(
        &app,
        &t,
        &m,
        json!({"action": "extend_measure", "on": "2025-07-30", "approved_by": head}),
    )
    .await;
    let d = deadline(&m, "seizure_end");
    // 30 + 30 days end on Sunday 2025-08-31: due Monday 1 September.
    assert_eq!(d["due"], "2025-09-01", "{d}");
    assert_eq!(d["extensions"][0]["days"], 30, "{d}");
    // 行政强制法 art. 25: testing time is not counted (calendar days).
    let r = period(&app, &t, &m, json!({"kind": "suspension_start", "deadline": "seizure_end", "ground": "testing", "on": "2025-08-04"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = period(
        &app,
        &t,
        &m,
        json!({"kind": "suspension_end", "deadline": "seizure_end", "on": "2025-08-08"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // 60 + 5 days from 2025-07-02: Friday 5 September.
    assert_eq!(deadline(&r.body, "seizure_end")["due"], "2025-09-05");
}

/// 行政处罚法 art. 60, 85: a 90-day period from 1 December of the last year with data reaches a
/// year without data: unknown, with the one note that names the year to load — never a guess.
async fn deadline_in_a_year_without_data_is_unknown_with_its_note(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let years = app.get("/api/v1/calendar", Some(&t)).await;
    let last = years.body["years"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|y| y.as_i64())
        .max()
        .unwrap();
    let c = open(&app, &t, "penalty", "次年无数据").await;
    let c = act(&app, &t, &c, json!({"action": "file", "on": format!("{last}-12-01"), "violation_on": format!("{last}-11-01"), "discovered_on": format!("{last}-11-20"), "grave_harm": false, "limitation_override": null})).await;
    let d = deadline(&c, "decision");
    assert_eq!(d["status"], "unknown", "{d}");
    assert!(d["due"].is_null(), "{d}");
    let note = format!("未知——请先载入{}年的节假日数据", last + 1);
    assert!(d["note"].as_str().unwrap().starts_with(&note), "{d}");
    let listed = app.get("/api/v1/deadlines?status=unknown", Some(&t)).await;
    let item = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["case_id"] == c["id"])
        .unwrap_or_else(|| panic!("{}", listed.body))
        .clone();
    assert!(item["deadline"]["note"]
        .as_str()
        .unwrap()
        .starts_with(&note));
}
