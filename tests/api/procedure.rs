//! The penalty procedure's hearing, deliberation, recusal, one-fine and no-penalty rules through
//! the API (行政处罚法 art. 29, 33, 43, 51, 57, 64), each on SQLite and PostgreSQL.

use crate::cases::{act, actions, days_ago, officer, open_case, try_act, uid};
use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::{json, Value};

on_both_databases!(
    art64_hearing_notice_withdrawal_and_no_show,
    art57_deliberation_required_on_the_bar_and_recorded_by_the_case_s_people,
    art43_recusal_takes_the_officer_off_the_case_for_good,
    art29_one_act_is_fined_once,
    art33_no_penalty_states_its_ground,
    art51_on_the_spot_limit_is_stated_in_yuan,
);

fn sanction(fen: i64) -> Value {
    json!({"warning": false, "fine_fen": fen, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []})
}

fn progress(case: &Value, stage: &str) -> String {
    case["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == stage)
        .map(|s| s["progress"].as_str().unwrap().to_owned())
        .unwrap()
}

async fn timeline(app: &TestApp, token: &str, case: &Value) -> String {
    let id = case["id"].as_str().unwrap();
    app.get(&format!("/api/v1/cases/{id}/timeline"), Some(token))
        .await
        .body
        .to_string()
}

async fn head(app: &TestApp) -> String {
    app.login("demo_approver", DEMO_PASSWORD).await.0
}

async fn reload(app: &TestApp, token: &str, case: &Value) -> Value {
    let id = case["id"].as_str().unwrap();
    app.get(&format!("/api/v1/cases/{id}"), Some(token))
        .await
        .body
}

/// Filed in March 2026 (fixed dates: the working days they count are in the shipped calendar).
async fn filed(app: &TestApp, t: &str, title: &str) -> Value {
    let c = open_case(app, t, title, "桓仁某某商贸有限公司").await;
    act(app, t, &c, json!({"action": "file", "on": "2026-03-02", "violation_on": "2026-01-10", "discovered_on": "2026-02-20", "grave_harm": false, "limitation_override": null})).await
}

/// A 100,000-yuan notice (a hearing right, art. 63) served on 10 March 2026 and the party's
/// request of 11 March.
async fn hearing_requested(app: &TestApp, t: &str) -> Value {
    let mut c = filed(app, t, "听证程序").await;
    c = act(
        app,
        t,
        &c,
        json!({"action": "complete", "on": "2026-03-05"}),
    )
    .await;
    c = act(app, t, &c, json!({"action": "issue_notice", "served_on": "2026-03-10", "proposed": sanction(10_000_000)})).await;
    c = act(
        app,
        t,
        &c,
        json!({"action": "request_hearing", "on": "2026-03-11"}),
    )
    .await;
    assert_eq!(c["stage"], "hearing");
    c
}

/// 行政处罚法 art. 64 (二), (四), (六): the hearing notice 7 working days ahead, a presider who
/// did not investigate; a withdrawal or a no-show ends the hearing with a record of what
/// happened, never a hearing record, and the case goes on.
async fn art64_hearing_notice_withdrawal_and_no_show(app: TestApp) {
    let t = officer(&app).await;
    let approver = uid(&app, "demo_approver").await;
    let investigator = uid(&app, "demo_officer").await;
    let c = hearing_requested(&app, &t).await;
    assert_eq!(actions(&c), vec!["schedule_hearing", "withdraw_hearing"]);
    let schedule = |notified: &str, hearing: &str, presider: &str| json!({"action": "schedule_hearing", "notified_on": notified, "hearing_on": hearing, "presider": presider});
    // Notified Thursday 12 March: the 7 working days end on 23 March; the hearing is after.
    let p = try_act(
        &app,
        &t,
        &c,
        schedule("2026-03-12", "2026-03-23", &approver),
    )
    .await;
    let body = p.problem(422, "hearing_notice_too_short");
    assert!(
        body["detail"].as_str().unwrap().contains("2026-03-24"),
        "{body}"
    );
    try_act(
        &app,
        &t,
        &c,
        schedule("2026-03-12", "2026-03-24", &investigator),
    )
    .await
    .problem(422, "hearing_presider_conflict");
    // A notice whose 7 working days reach a year without calendar data: unknown, not guessed.
    try_act(
        &app,
        &t,
        &c,
        schedule("2026-12-28", "2027-01-29", &approver),
    )
    .await
    .problem(422, "calendar_gap");
    let c = act(
        &app,
        &t,
        &c,
        schedule("2026-03-12", "2026-03-24", &approver),
    )
    .await;
    assert_eq!(
        actions(&c),
        vec![
            "hold_hearing",
            "record_hearing_no_show",
            "withdraw_hearing",
            "schedule_hearing"
        ]
    );
    try_act(
        &app,
        &t,
        &c,
        json!({"action": "record_hearing_no_show", "on": "2026-03-23"}),
    )
    .await
    .problem(422, "date_out_of_order");
    let c = act(
        &app,
        &t,
        &c,
        json!({"action": "record_hearing_no_show", "on": "2026-03-24"}),
    )
    .await;
    assert_eq!(c["stage"], "decision");
    assert_eq!(progress(&c, "hearing"), "done");
    assert!(c["state"]["hearing"]["held_on"].is_null(), "{}", c["state"]);
    let tl = timeline(&app, &t, &c).await;
    assert!(tl.contains("视为放弃听证权利"), "{tl}");
    assert!(tl.contains("听证通知"), "{tl}");
    assert!(!tl.contains("hold_hearing"), "{tl}");

    // Withdrawn before any scheduling: ended, recorded, on to the decision.
    let c = hearing_requested(&app, &t).await;
    let c = act(
        &app,
        &t,
        &c,
        json!({"action": "withdraw_hearing", "on": "2026-03-12"}),
    )
    .await;
    assert_eq!(c["stage"], "decision");
    let tl = timeline(&app, &t, &c).await;
    assert!(tl.contains("撤回听证申请"), "{tl}");
}

/// 行政处罚法 art. 57: a case flagged for collective deliberation shows it on the stage bar and
/// is led through it; the deliberation is recorded by the agency head or the case's officer.
async fn art57_deliberation_required_on_the_bar_and_recorded_by_the_case_s_people(app: TestApp) {
    let t = officer(&app).await;
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "officer3", "display_name": "孙执法", "password": "officer3-password", "roles": ["officer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let other = app.login("officer3", "officer3-password").await.0;
    let h = head(&app).await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let approver = uid(&app, "demo_approver").await;
    let reviewer = uid(&app, "demo_reviewer").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "title": "集体讨论", "category": "财政",
                "party": {"kind": "organisation", "name": "某某有限公司", "id_type": "credit_code", "id_number": "91350100M000100Y43"},
                "officer_ids": [o1, o2], "flags": {"legal_review_required": false, "collective_deliberation_required": true}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mut c = r.body;
    assert_eq!(progress(&c, "collective_deliberation"), "upcoming");
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
        json!({"action": "issue_notice", "served_on": days_ago(8), "proposed": sanction(500_000)}),
    )
    .await;
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(7)}),
    )
    .await;
    assert_eq!(c["stage"], "collective_deliberation");
    assert_eq!(progress(&c, "collective_deliberation"), "current");
    try_act(
        &app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(1)}),
    )
    .await
    .problem(409, "deliberation_missing");
    let id = c["id"].as_str().unwrap();
    let body = json!({"held_on": days_ago(1), "attendee_ids": [approver, o1, reviewer], "opinions": [], "conclusion": "同意罚款5000元"});
    // Not an officer of this case: 403 (the duty table's art. 57 row).
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/deliberation"),
            Some(&other),
            &body,
        )
        .await;
    r.problem(403, "forbidden");
    let r = app
        .post(&format!("/api/v1/cases/{id}/deliberation"), Some(&h), &body)
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(1)}),
    )
    .await;
    assert_eq!(c["stage"], "decision");
    assert_eq!(progress(&c, "collective_deliberation"), "done");
    c = act(&app, &h, &c, json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": sanction(500_000)}})).await;
    assert_eq!(c["stage"], "service");
}

fn recusal(
    c: &Value,
    officer: &str,
    source: &str,
    granted: bool,
    replacement: Option<&str>,
) -> Value {
    json!({"expected_version": c["version"], "officer_id": officer, "source": source, "ground": "close_relative",
        "reason": "系当事人法定代表人的近亲属", "raised_on": days_ago(5), "decided_on": days_ago(4),
        "granted": granted, "replacement_officer_id": replacement})
}

/// 行政处罚法 art. 43: an officer withdraws of their own motion; the party's request is decided
/// by the agency head; a withdrawn officer leaves the case, acts in it no more and cannot be
/// assigned to it again.
async fn art43_recusal_takes_the_officer_off_the_case_for_good(app: TestApp) {
    let t = officer(&app).await;
    let t2 = app.login("demo_officer2", DEMO_PASSWORD).await.0;
    let h = head(&app).await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let c = filed(&app, &t, "回避").await;
    let id = c["id"].as_str().unwrap().to_owned();
    let url = format!("/api/v1/cases/{id}/recusals");
    // An officer declares only their own conflict; the party's request is the head's.
    app.post(&url, Some(&t), &recusal(&c, &o2, "officer", true, None))
        .await
        .problem(403, "forbidden");
    app.post(&url, Some(&t), &recusal(&c, &o1, "party", true, None))
        .await
        .problem(403, "forbidden");
    let r = app
        .post(&url, Some(&t2), &recusal(&c, &o2, "officer", true, None))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let c = r.body;
    let officers: Vec<&str> = c["officers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(officers, vec![o1.as_str()]);
    // The withdrawn officer acts no more in the case.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/transitions"),
            Some(&t),
            &json!({"expected_version": c["version"], "officer_ids": [o1, o2], "command": {"action": "complete", "on": days_ago(3)}}),
        )
        .await;
    r.problem(422, "officer_withdrawn");
    // The head refuses the party's request about the other officer: recorded, nothing changes…
    let r = app
        .post(&url, Some(&h), &recusal(&c, &o1, "party", false, None))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let c = r.body;
    assert_eq!(c["officers"].as_array().unwrap().len(), 1);
    // …and cannot assign the withdrawn officer back in anyone's place.
    app.post(&url, Some(&h), &recusal(&c, &o1, "party", true, Some(&o2)))
        .await
        .problem(422, "officer_withdrawn");
    let tl = timeline(&app, &t, &c).await;
    assert!(tl.contains("准予回避") && tl.contains("不予回避"), "{tl}");
    // A hand-made record cannot pose as a recusal decision.
    let r = app
        .post(&format!("/api/v1/cases/{id}/records"), Some(&t),
            &json!({"kind": "document", "document_type": "recusal_decision", "title": "回避决定", "text": "……"}))
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
}

/// Walks a fresh case against the same party to the decision stage.
async fn at_decision(app: &TestApp, t: &str, title: &str, violation_on: &str, fen: i64) -> Value {
    let mut c = open_case(app, t, title, "桓仁某某商贸有限公司").await;
    c = act(app, t, &c, json!({"action": "file", "on": days_ago(10), "violation_on": violation_on, "discovered_on": days_ago(12), "grave_harm": false, "limitation_override": null})).await;
    c = act(app, t, &c, json!({"action": "complete", "on": days_ago(9)})).await;
    c = act(
        app,
        t,
        &c,
        json!({"action": "issue_notice", "served_on": days_ago(8), "proposed": sanction(fen)}),
    )
    .await;
    act(
        app,
        t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(7)}),
    )
    .await
}

/// 行政处罚法 art. 29: the same illegal act (party, violation, day) is not fined twice by the
/// agency; a warning, or another act, passes.
async fn art29_one_act_is_fined_once(app: TestApp) {
    let t = officer(&app).await;
    let h = head(&app).await;
    let decide = |s: Value| json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": s}});
    let first = at_decision(&app, &t, "未按规定保存会计凭证", "2026-10-01", 500_000).await;
    let first = act(&app, &h, &first, decide(sanction(500_000))).await;
    let number = first["case_number"].as_str().unwrap().to_owned();
    let second = at_decision(&app, &t, "未按规定保存会计凭证", "2026-10-01", 500_000).await;
    let p = try_act(&app, &h, &second, decide(sanction(500_000))).await;
    let body = p.problem(422, "already_fined");
    assert!(body["detail"].as_str().unwrap().contains(&number), "{body}");
    // Not a fine: a warning on the same act passes.
    let warning = json!({"warning": true, "fine_fen": 0, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []});
    let c = act(&app, &h, &second, decide(warning)).await;
    assert_eq!(c["stage"], "service");
    // Another act of the same party (another day) passes.
    let third = at_decision(&app, &t, "未按规定保存会计凭证", "2026-10-20", 500_000).await;
    let c = act(&app, &h, &third, decide(sanction(500_000))).await;
    assert_eq!(c["stage"], "service");
}

/// 行政处罚法 art. 30, 31, 33, 36: a decision not to penalise states its statutory ground.
async fn art33_no_penalty_states_its_ground(app: TestApp) {
    let t = officer(&app).await;
    let h = head(&app).await;
    let mut c = open_case(&app, &t, "轻微违法", "某公司").await;
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
        json!({"action": "complete", "on": days_ago(9)}),
    )
    .await;
    assert_eq!(c["stage"], "decision");
    let c = reload(&app, &h, &c).await;
    let decide =
        |outcome: Value| json!({"action": "decide", "on": days_ago(0), "outcome": outcome});
    try_act(&app, &h, &c, decide(json!({"type": "no_penalty"})))
        .await
        .problem(422, "no_penalty_ground_missing");
    try_act(
        &app,
        &h,
        &c,
        decide(json!({"type": "no_penalty", "ground": {"kind": "other", "text": " "}})),
    )
    .await
    .problem(422, "no_penalty_ground_missing");
    let c = act(
        &app,
        &h,
        &c,
        decide(json!({"type": "no_penalty", "ground": {"kind": "first_minor_violation"}})),
    )
    .await;
    assert_eq!(c["stage"], "service");
    assert_eq!(
        c["state"]["decision"]["outcome"]["ground"]["kind"],
        "first_minor_violation"
    );
    let tl = timeline(&app, &t, &c).await;
    assert!(
        tl.contains("初次违法且危害后果轻微并及时改正") && tl.contains("第三十三条第一款"),
        "{tl}"
    );
}

/// 行政处罚法 art. 51: the on-the-spot refusal states the limit in yuan.
async fn art51_on_the_spot_limit_is_stated_in_yuan(app: TestApp) {
    let t = officer(&app).await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "procedure": "simplified", "title": "当场处罚", "category": "财政", "party": {"kind": "organisation", "name": "某店"}, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let p = try_act(&app, &t, &r.body, json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": sanction(400_000)}})).await;
    let detail = p.problem(422, "simplified_amount_exceeded")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        detail.contains("3,000元") && !detail.contains("分"),
        "{detail}"
    );
    // 通报批评 is not a warning: not on the spot.
    let criticism = json!({"warning": false, "circulated_criticism": true, "fine_fen": 0, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []});
    try_act(&app, &t, &r.body, json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": criticism}}))
        .await
        .problem(422, "simplified_amount_exceeded");
}
