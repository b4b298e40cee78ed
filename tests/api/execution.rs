//! Payment and execution through the API: the surcharge, deferral, instalments and remedies
//! (行政处罚法 art. 66–73), court enforcement (行政强制法 art. 53), on-the-spot collection (art.
//! 68–71), licence acceptance (行政许可法 art. 32) and emergency coercive measures with the
//! seizure list (行政强制法 art. 18, 19, 24).

use crate::cases::{act, actions, days_ago, officer, open_case, record, today, try_act, uid};
use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::{json, Value};

on_both_databases!(
    fine_payment_surcharge_remedy_deferral_and_instalments,
    court_enforcement_only_after_the_remedy_periods,
    on_the_spot_collection_grounds_receipt_and_hand_in,
    licence_acceptance_correction_and_supplement,
    emergency_measure_seizure_list_and_approval,
);

fn fine(fen: i64) -> Value {
    json!({"warning": false, "fine_fen": fen, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []})
}

fn deadline<'a>(case: &'a Value, kind: &str) -> Option<&'a Value> {
    case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
}

fn date(v: &Value) -> chrono::NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

/// An ordinary penalty case whose decision imposing `fen` was served `served_ago` days ago.
async fn served_case(app: &TestApp, t: &str, fen: i64, served_ago: i64) -> Value {
    let head = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let mut c = open_case(app, t, "未按规定使用财政票据", "桓仁某某商贸有限公司").await;
    let file = json!({"action": "file", "on": days_ago(served_ago + 20), "violation_on": days_ago(served_ago + 60), "discovered_on": days_ago(served_ago + 21), "grave_harm": false, "limitation_override": null});
    c = act(app, t, &c, file).await;
    c = act(
        app,
        t,
        &c,
        json!({"action": "complete", "on": days_ago(served_ago + 18)}),
    )
    .await;
    c = act(app, t, &c, json!({"action": "issue_notice", "served_on": days_ago(served_ago + 15), "proposed": fine(fen)})).await;
    c = act(
        app,
        t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(served_ago + 14)}),
    )
    .await;
    c = act(app, &head, &c, json!({"action": "decide", "on": days_ago(served_ago + 10), "outcome": {"type": "penalty", "sanction": fine(fen)}})).await;
    c = act(
        app,
        t,
        &c,
        json!({"action": "record_service", "on": days_ago(served_ago), "method": "direct"}),
    )
    .await;
    assert_eq!(c["stage"], "execution", "{c}");
    c
}

async fn fine_payment_surcharge_remedy_deferral_and_instalments(app: TestApp) {
    let t = officer(&app).await;
    let mut c = served_case(&app, &t, 100_000, 40).await;
    // 行政处罚法 art. 67: 15 days after service, the last day rolled past rest days; art. 72: 3 %
    // of the fine each day after it, never more than the fine.
    let p = &c["payment"];
    let served = today() - chrono::Duration::days(40);
    let due = date(&p["due_on"]);
    assert!(
        due >= served + chrono::Duration::days(15) && due < served + chrono::Duration::days(25)
    );
    let late = (today() - due).num_days();
    assert_eq!(p["days_late"], late);
    assert_eq!(p["surcharge_fen"], (3_000 * late).min(100_000), "{p}");
    assert_eq!(p["fine_fen"], 100_000);
    assert_eq!(p["paid_fen"], 0);
    assert_eq!(deadline(&c, "payment").unwrap()["status"], "overdue");
    // Art. 73 para. 3: not counted while a reconsideration runs (10 days ago to 5 days ago).
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "record_remedy", "on": days_ago(10), "kind": "reconsideration"}),
    )
    .await;
    assert!(actions(&c).contains(&"end_remedy".to_owned()));
    assert_eq!(c["payment"]["paused_days"], 11);
    assert_eq!(c["payment"]["days_late"], late - 11);
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "end_remedy", "on": days_ago(5), "result": "upheld"}),
    )
    .await;
    assert_eq!(c["payment"]["paused_days"], 6);
    assert_eq!(c["payment"]["surcharge_fen"], 3_000 * (late - 6));
    // Art. 66 para. 2: deferral and instalments only with an approver named.
    let until = (today() + chrono::Duration::days(10)).to_string();
    try_act(&app, &t, &c, json!({"action": "approve_deferral", "on": days_ago(1), "approved_by": null, "until": until}))
        .await
        .problem(422, "approval_required");
    let me = uid(&app, "demo_officer").await;
    try_act(
        &app,
        &t,
        &c,
        json!({"action": "approve_deferral", "on": days_ago(1), "approved_by": me, "until": until}),
    )
    .await
    .problem(422, "validation_failed");
    let head_id = uid(&app, "demo_approver").await;
    let bad_plan = json!([{"due_on": until, "amount_fen": 50_000}, {"due_on": (today() + chrono::Duration::days(40)).to_string(), "amount_fen": 40_000}]);
    try_act(&app, &t, &c, json!({"action": "approve_instalments", "on": days_ago(1), "approved_by": head_id, "instalments": bad_plan}))
        .await
        .problem(422, "instalments_invalid");
    c = act(&app, &t, &c, json!({"action": "approve_deferral", "on": days_ago(1), "approved_by": head_id, "until": until})).await;
    // The surcharge runs from the deferred date.
    assert_eq!(c["payment"]["due_on"], json!(until));
    assert_eq!(c["payment"]["surcharge_fen"], 0);
    assert_eq!(c["payment"]["deferral"]["approved_by"], json!(head_id));
    assert_eq!(deadline(&c, "payment").unwrap()["due"], json!(until));
    let plan = json!([{"due_on": until, "amount_fen": 60_000}, {"due_on": (today() + chrono::Duration::days(40)).to_string(), "amount_fen": 40_000}]);
    c = act(&app, &t, &c, json!({"action": "approve_instalments", "on": days_ago(0), "approved_by": head_id, "instalments": plan})).await;
    assert_eq!(c["payment"]["schedule"].as_array().unwrap().len(), 2);
    assert!(c["payment"]["deferral"].is_null());
    // Payments sum up; more than owed is refused.
    try_act(
        &app,
        &t,
        &c,
        json!({"action": "record_fine_payment", "on": days_ago(0), "amount_fen": 100_001}),
    )
    .await
    .problem(422, "payment_exceeds_outstanding");
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "record_fine_payment", "on": days_ago(0), "amount_fen": 60_000}),
    )
    .await;
    assert_eq!(
        (c["stage"].clone(), c["payment"]["outstanding_fen"].clone()),
        (json!("execution"), json!(40_000))
    );
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "record_fine_payment", "on": days_ago(0), "amount_fen": 40_000}),
    )
    .await;
    assert_eq!(c["stage"], "closure");
    assert_eq!(c["payment"]["settled_on"], json!(days_ago(0)));
}

async fn court_enforcement_only_after_the_remedy_periods(app: TestApp) {
    let t = officer(&app).await;
    // The periods reach 9 months ahead, maybe into a year the shipped calendar lacks.
    let year = (today() + chrono::Months::new(9)).format("%Y").to_string();
    if app
        .get(&format!("/api/v1/calendar/{year}"), Some(&t))
        .await
        .status
        == 404
    {
        app.load_plain_year(year.parse().unwrap()).await;
    }
    let c = served_case(&app, &t, 50_000, 30).await;
    // 行政强制法 art. 53: the agency applies within 3 months after the periods for
    // reconsideration (60 days) and lawsuit (6 months) end, not before.
    let d = deadline(&c, "court_enforcement").expect("court enforcement deadline");
    let served = today() - chrono::Duration::days(30);
    assert!(date(&d["start"]) >= served + chrono::Months::new(6));
    assert!(date(&d["due"]) >= date(&d["start"]) + chrono::Months::new(3));
    assert_eq!(d["article"], "行政强制法第五十三条");
    assert!(actions(&c).contains(&"apply_court_enforcement".to_owned()));
    let r = try_act(
        &app,
        &t,
        &c,
        json!({"action": "apply_court_enforcement", "on": days_ago(0), "court": "桓仁县人民法院"}),
    )
    .await;
    assert!(r.problem(422, "remedy_period_open")["detail"]
        .as_str()
        .unwrap()
        .contains(&d["start"].as_str().unwrap().to_owned()));
    // A party who seeks a remedy is not under art. 53.
    let c = act(
        &app,
        &t,
        &c,
        json!({"action": "record_remedy", "on": days_ago(0), "kind": "litigation"}),
    )
    .await;
    assert!(deadline(&c, "court_enforcement").is_none());
    try_act(
        &app,
        &t,
        &c,
        json!({"action": "apply_court_enforcement", "on": days_ago(0), "court": "桓仁县人民法院"}),
    )
    .await
    .problem(409, "invalid_transition");
}

async fn on_the_spot_collection_grounds_receipt_and_hand_in(app: TestApp) {
    let t = officer(&app).await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let open = |fen: i64| {
        let app = app.clone();
        let t = t.clone();
        let (o1, o2) = (o1.clone(), o2.clone());
        async move {
            let r = app
                .post(
                    "/api/v1/cases",
                    Some(&t),
                    &json!({"kind": "penalty", "procedure": "simplified", "title": "当场处罚", "category": "财政", "party": {"kind": "natural_person", "name": "赵六"}, "officer_ids": [o1, o2]}),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
            let c = act(&app, &t, &r.body, json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": fine(fen)}})).await;
            act(
                &app,
                &t,
                &c,
                json!({"action": "record_service", "on": days_ago(0), "method": "direct"}),
            )
            .await
        }
    };
    let big = open(15_000).await;
    let collect = |ground: &str, receipt: &str, fen: i64, asked: bool| json!({"action": "collect_on_spot", "on": days_ago(0), "ground": ground, "receipt_number": receipt, "amount_fen": fen, "party_requested": asked});
    // 行政处罚法 art. 68 (一): up to 100 yuan; art. 69: only at the party's request.
    try_act(&app, &t, &big, collect("small_fine", "No.1", 15_000, false))
        .await
        .problem(422, "on_spot_collection_not_allowed");
    try_act(
        &app,
        &t,
        &big,
        collect("remote_area", "No.1", 15_000, false),
    )
    .await
    .problem(422, "on_spot_collection_not_allowed");
    // Art. 70: the official receipt.
    let small = open(5_000).await;
    try_act(&app, &t, &small, collect("small_fine", " ", 5_000, false))
        .await
        .problem(422, "receipt_missing");
    let c = act(
        &app,
        &t,
        &small,
        collect("small_fine", "辽财罚No.0012345", 5_000, false),
    )
    .await;
    assert_eq!(c["stage"], "closure");
    assert_eq!(
        c["payment"]["collections"][0]["receipt_number"],
        "辽财罚No.0012345"
    );
    // Art. 71: handed in to the agency within 2 working days.
    let d = deadline(&c, "collection_hand_in").expect("hand-in deadline");
    assert_eq!(
        (d["amount"].clone(), d["unit"].clone()),
        (json!(2), json!("working"))
    );
    assert!(actions(&c).contains(&"hand_in_collection".to_owned()));
    let c = act(
        &app,
        &t,
        &c,
        json!({"action": "hand_in_collection", "on": days_ago(0)}),
    )
    .await;
    assert_eq!(deadline(&c, "collection_hand_in").unwrap()["status"], "met");
    assert_eq!(actions(&c), vec!["close"]);
}

async fn licence_acceptance_correction_and_supplement(app: TestApp) {
    let t = officer(&app).await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "licence", "title": "许可申请", "category": "财政", "party": {"kind": "organisation", "name": "某公司"}, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let c = act(
        &app,
        &t,
        &r.body,
        json!({"action": "complete", "on": days_ago(2)}),
    )
    .await;
    // 行政许可法 art. 32: accept, refuse or tell everything missing within 5 working days.
    let d = deadline(&c, "licence_acceptance").expect("acceptance deadline");
    assert_eq!(
        (d["amount"].clone(), d["unit"].clone(), d["start"].clone()),
        (json!(5), json!("working"), json!(days_ago(2)))
    );
    try_act(
        &app,
        &t,
        &c,
        json!({"action": "request_correction", "on": days_ago(1), "missing": []}),
    )
    .await
    .problem(422, "correction_items_missing");
    let c = act(
        &app,
        &t,
        &c,
        json!({"action": "request_correction", "on": days_ago(1), "missing": ["营业执照复印件"]}),
    )
    .await;
    assert_eq!(deadline(&c, "licence_acceptance").unwrap()["status"], "met");
    assert!(!actions(&c).contains(&"request_correction".to_owned()));
    // The supplement restarts the count.
    let c = act(
        &app,
        &t,
        &c,
        json!({"action": "receive_supplement", "on": days_ago(0)}),
    )
    .await;
    let d = deadline(&c, "licence_acceptance").unwrap();
    assert_eq!(
        (d["start"].clone(), d["completed_on"].clone()),
        (json!(days_ago(0)), Value::Null)
    );
    let c = act(&app, &t, &c, json!({"action": "accept", "on": days_ago(0)})).await;
    assert_eq!(deadline(&c, "licence_acceptance").unwrap()["status"], "met");
}

async fn upload_video(app: &TestApp, t: &str) -> String {
    let mut v = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    v.extend_from_slice(&108u32.to_be_bytes());
    v.extend_from_slice(b"mdat");
    v.resize(v.len() + 100, 0);
    let mut res = app
        .client
        .post(app.url("/api/v1/blobs"))
        .query(&[("file_name", "执法记录仪.MP4")])
        .unwrap()
        .insert_header(("content-type", "application/octet-stream"))
        .bearer_auth(t)
        .send_body(v)
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    body["sha256"].as_str().unwrap().to_owned()
}

async fn emergency_measure_seizure_list_and_approval(app: TestApp) {
    let t = officer(&app).await;
    let me = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "coercive_measure", "title": "扣押", "category": "财政", "party": {"kind": "organisation", "name": "某公司"}, "officer_ids": [me, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let m = r.body;
    assert_eq!(actions(&m), vec!["approve_measure", "implement_measure"]);
    record(&app, &t, &m, "transcript", "measure_transcript", "现场笔录").await;
    let sha = upload_video(&app, &t).await;
    let id = m["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/records"),
            Some(&t),
            &json!({"kind": "video", "activity": "seizure", "title": "扣押全程录像", "attachments": [{"sha256": sha, "file_name": "执法记录仪.MP4"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let m = app.get(&format!("/api/v1/cases/{id}"), Some(&t)).await.body;
    let list = json!({"items": 3, "handed_over_on": days_ago(0)});
    // 行政强制法 art. 18: approval first, unless in an emergency (art. 19).
    try_act(&app, &t, &m, json!({"action": "implement_measure", "on": days_ago(0), "emergency": false, "seizure_list": list}))
        .await
        .problem(422, "approval_required");
    // Art. 18: two officers, in an emergency too.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/transitions"),
            Some(&t),
            &json!({"expected_version": m["version"], "officer_ids": [me], "command": {"action": "implement_measure", "on": days_ago(0), "emergency": true, "seizure_list": list}}),
        )
        .await;
    r.problem(422, "too_few_officers");
    // Art. 24: the decision and list handed over on the spot.
    try_act(
        &app,
        &t,
        &m,
        json!({"action": "implement_measure", "on": days_ago(0), "emergency": true}),
    )
    .await
    .problem(422, "seizure_list_missing");
    let m = act(&app, &t, &m, json!({"action": "implement_measure", "on": days_ago(0), "emergency": true, "seizure_list": list})).await;
    assert_eq!(m["stage"], "in_force");
    assert_eq!(
        actions(&m),
        vec!["approve_measure", "disapprove_measure", "end_measure"]
    );
    // Art. 19: approved within 24 hours of the record.
    let d = deadline(&m, "emergency_approval").expect("24-hour deadline");
    assert!(date(&d["due"]) >= today() && date(&d["due"]) <= today() + chrono::Duration::days(1));
    assert!(d["status"] == "due_soon", "{d}");
    let head_id = uid(&app, "demo_approver").await;
    let head = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let m = act(
        &app,
        &head,
        &m,
        json!({"action": "approve_measure", "on": days_ago(0), "approved_by": head_id}),
    )
    .await;
    assert_eq!(m["stage"], "in_force");
    assert_eq!(deadline(&m, "emergency_approval").unwrap()["status"], "met");
    let m = app.get(&format!("/api/v1/cases/{id}"), Some(&t)).await.body;
    assert_eq!(actions(&m), vec!["extend_measure", "end_measure"]);
}
