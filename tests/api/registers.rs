//! Public registers: versions reviewed by a second person (118号 审核), the public
//! version in force, the change feed, flowcharts from the stage machines, the officers list and
//! certificate check (行政处罚法 art. 42, 55: certified officers show their certificate), and the
//! annual report (118号: last year's figures by 31 January, "0" for every power).

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use chrono::Datelike;
use sanxiang_persistence::disclosure::feed;
use sanxiang_persistence::registers as store;
use serde_json::{json, Value};

on_both_databases!(
    second_person_review_and_versions_118,
    public_sees_only_in_force_versions,
    withdrawal_is_a_tombstone,
    bad_register_input,
    public_register_pages,
    flowcharts_contain_every_stage,
    certificate_check_art_55,
    officer_list_leaks_nothing_private,
    annual_report_zeros_and_figures_118,
);

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

fn days(n: i64) -> String {
    (today() + chrono::Duration::days(n)).to_string()
}

async fn editor(app: &TestApp) -> String {
    app.login("demo_editor", DEMO_PASSWORD).await.0
}

async fn approver(app: &TestApp) -> String {
    app.login("demo_approver", DEMO_PASSWORD).await.0
}

fn matter(name: &str, kind: &str) -> Value {
    json!({
        "name": name,
        "kind": kind,
        "legal_basis": "《中华人民共和国会计法》第四十二条",
        "duties_and_powers": "对违反会计法的行为进行处罚",
        "agency": "桓仁满族自治县财政局",
    })
}

fn item(name: &str, ratio: f64) -> Value {
    json!({
        "item": name,
        "sub_item": "执业条件",
        "legal_basis": "《代理记账管理办法》第二十二条",
        "agency": "桓仁满族自治县财政局",
        "target_type": "代理记账机构",
        "content": "执业资格、内部管理制度",
        "ratio_percent": ratio,
        "frequency": "每年一次",
        "method": "书面检查、实地核查",
        "inspector_requirements": "两名以上持证执法人员",
        "enforcement_category": "财政",
    })
}

async fn create(
    app: &TestApp,
    token: &str,
    t: &str,
    content: Value,
    from: Option<String>,
) -> Value {
    let r = app
        .post(
            &format!("/api/v1/registers/{t}"),
            Some(token),
            &json!({"content": content, "effective_from": from, "change_note": "新增"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

async fn submit(app: &TestApp, token: &str, v: &Value) -> crate::helpers::Resp {
    app.post(
        &format!(
            "/api/v1/registers/{}/{}/versions/{}/submit",
            v["register_type"].as_str().unwrap(),
            v["entry_id"].as_str().unwrap(),
            v["version"]
        ),
        Some(token),
        &json!({}),
    )
    .await
}

async fn review(app: &TestApp, token: &str, v: &Value, approve: bool) -> crate::helpers::Resp {
    app.post(
        &format!(
            "/api/v1/registers/{}/{}/versions/{}/review",
            v["register_type"].as_str().unwrap(),
            v["entry_id"].as_str().unwrap(),
            v["version"]
        ),
        Some(token),
        &json!({"approve": approve, "comment": "审核意见"}),
    )
    .await
}

/// Creates, submits (editor) and approves (approver) an entry.
async fn publish(app: &TestApp, t: &str, content: Value, from: Option<String>) -> Value {
    let (e, a) = (editor(app).await, approver(app).await);
    let v = create(app, &e, t, content, from).await;
    assert_eq!(submit(app, &e, &v).await.status, 200);
    let r = review(app, &a, &v, true).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

async fn register_changes(app: &TestApp) -> Vec<feed::StoredChange> {
    feed::changes_since(&app.db, 0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.resource_type == "register")
        .collect()
}

async fn second_person_review_and_versions_118(app: TestApp) {
    let (e, a) = (editor(&app).await, approver(&app).await);
    let v1 = create(
        &app,
        &e,
        "enforcement_matter",
        matter("会计违法行为处罚", "penalty"),
        None,
    )
    .await;
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["status"], "draft");
    let id = v1["entry_id"].as_str().unwrap().to_owned();
    // A draft cannot be reviewed; nor is it public.
    review(&app, &a, &v1, true)
        .await
        .problem(409, "register_wrong_status");
    let s = submit(&app, &e, &v1).await;
    assert_eq!(s.body["status"], "submitted", "{}", s.body);
    // 118号: the author cannot approve their own version.
    review(&app, &e, &v1, true)
        .await
        .problem(403, "register_self_review");
    // A submitted version is frozen.
    app.send_json(
        "PUT",
        &format!("/api/v1/registers/enforcement_matter/{id}/draft"),
        Some(&e),
        &json!({"content": matter("改名", "penalty")}),
    )
    .await
    .problem(409, "register_version_pending");
    assert!(app
        .get("/api/public/v1/registers/enforcement_matter", None)
        .await
        .body["items"]
        .as_array()
        .unwrap()
        .is_empty());
    let p = review(&app, &a, &v1, true).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(p.body["status"], "published");
    assert_eq!(p.body["in_force"], true);

    // An edit of a published entry is a new version; the public keeps seeing version 1.
    let v2 = app
        .send_json(
            "PUT",
            &format!("/api/v1/registers/enforcement_matter/{id}/draft"),
            Some(&a),
            &json!({"content": matter("会计违法行为行政处罚", "penalty"), "change_note": "名称规范"}),
        )
        .await;
    assert_eq!(v2.status, 200, "{}", v2.body);
    assert_eq!(v2.body["version"], 2);
    let pub1 = app
        .get(
            &format!("/api/public/v1/registers/enforcement_matter/{id}"),
            None,
        )
        .await;
    assert_eq!(pub1.body["entry"]["version"], 1, "{}", pub1.body);
    assert_eq!(pub1.body["entry"]["title"], "会计违法行为处罚");
    // The approver edited version 2 and submits it: now only the editor may review it.
    assert_eq!(submit(&app, &a, &v2.body).await.status, 200);
    review(&app, &a, &v2.body, true)
        .await
        .problem(403, "register_self_review");
    let p2 = review(&app, &e, &v2.body, true).await;
    assert_eq!(p2.status, 200, "{}", p2.body);
    let pub2 = app
        .get(
            &format!("/api/public/v1/registers/enforcement_matter/{id}"),
            None,
        )
        .await;
    assert_eq!(pub2.body["entry"]["version"], 2);
    assert_eq!(pub2.body["entry"]["title"], "会计违法行为行政处罚");
    assert_eq!(pub2.body["history"].as_array().unwrap().len(), 2);
    // Nothing about staff in the public answer.
    assert!(
        !pub2.raw.windows(9).any(|w| w == b"author_id"),
        "{}",
        pub2.body
    );

    // Staff see every version and the history.
    let h = app
        .get(
            &format!("/api/v1/registers/enforcement_matter/{id}"),
            Some(&e),
        )
        .await;
    assert_eq!(h.status, 200, "{}", h.body);
    let versions = h.body["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["in_force"], false);
    assert_eq!(versions[1]["in_force"], true);
    let actions: Vec<&str> = h.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["create", "submit", "approve", "save", "submit", "approve"]
    );

    // The feed: a publish, then a correction, each with the public body.
    let changes = register_changes(&app).await;
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].change, feed::ChangeKind::Publish);
    assert_eq!(changes[1].change, feed::ChangeKind::Correct);
    assert_eq!(changes[1].version, 2);
    assert_eq!(changes[1].reason.as_deref(), Some("名称规范"));
    assert_eq!(
        serde_json::from_str::<Value>(changes[1].body.as_ref().unwrap().get()).unwrap()["content"]
            ["name"],
        "会计违法行为行政处罚"
    );
    assert_eq!(
        changes[1].resource_url,
        format!("/api/public/v1/registers/enforcement_matter/{id}")
    );

    // Officers may not edit registers; other roles' lists are per agency.
    let o = app.login("demo_officer", DEMO_PASSWORD).await.0;
    app.get("/api/v1/registers/enforcement_matter", Some(&o))
        .await
        .problem(403, "forbidden");
    let list = app
        .get("/api/v1/registers/enforcement_matter", Some(&e))
        .await;
    assert_eq!(
        list.body["items"][0]["in_force_version"], 2,
        "{}",
        list.body
    );
    // Another agency's admin does not see the entry.
    let admin = app.admin().await;
    let other = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "某县审计局", "short_name": "审计局"}),
        )
        .await;
    assert_eq!(other.status, 201, "{}", other.body);
    let u = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "other_editor", "display_name": "外单位", "password": "other-password-9", "agency_id": other.body["id"], "roles": ["disclosure_editor"]}),
        )
        .await;
    assert_eq!(u.status, 201, "{}", u.body);
    let ot = app.login("other_editor", "other-password-9").await.0;
    app.get(
        &format!("/api/v1/registers/enforcement_matter/{id}"),
        Some(&ot),
    )
    .await
    .problem(404, "not_found");
}

async fn public_sees_only_in_force_versions(app: TestApp) {
    let (e, a) = (editor(&app).await, approver(&app).await);
    // Published, but in force only from tomorrow: not public yet.
    let future = publish(
        &app,
        "inspection_item",
        item("明日生效", 5.0),
        Some(days(1)),
    )
    .await;
    let fid = future["entry_id"].as_str().unwrap();
    app.get(
        &format!("/api/public/v1/registers/inspection_item/{fid}"),
        None,
    )
    .await
    .problem(404, "not_found");
    let agency = future["agency_id"].as_str().unwrap().parse().unwrap();
    assert!(
        store::published_inspection_item(&app.db, agency, fid.parse().unwrap(), app.today())
            .await
            .is_err()
    );
    // Nor in the change feed: a portal applying the feed holds what the registers show. It is
    // announced on its first day (by the sweeper), once.
    let announced = |changes: Vec<feed::StoredChange>| {
        changes
            .into_iter()
            .filter(|c| c.resource_id.to_string() == fid)
            .map(|c| (c.change, c.version))
            .collect::<Vec<_>>()
    };
    assert!(announced(register_changes(&app).await).is_empty());
    let now = chrono::Utc::now();
    assert_eq!(store::announce_due(&app.db, today(), now).await.unwrap(), 0);
    let tomorrow = today() + chrono::Duration::days(1);
    assert_eq!(
        store::announce_due(&app.db, tomorrow, now).await.unwrap(),
        1
    );
    assert_eq!(
        store::announce_due(&app.db, tomorrow, now).await.unwrap(),
        0
    );
    assert_eq!(
        announced(register_changes(&app).await),
        [(feed::ChangeKind::Publish, 1)]
    );
    // A rejected version is never public.
    let r = create(&app, &e, "inspection_item", item("被退回", 10.0), None).await;
    submit(&app, &e, &r).await;
    let rej = review(&app, &a, &r, false).await;
    assert_eq!(rej.body["status"], "rejected", "{}", rej.body);
    let rid = r["entry_id"].as_str().unwrap();
    app.get(
        &format!("/api/public/v1/registers/inspection_item/{rid}"),
        None,
    )
    .await
    .problem(404, "not_found");
    // In force today: public, and readable by the random-inspection module.
    let now = publish(&app, "inspection_item", item("代理记账机构检查", 5.0), None).await;
    let nid = now["entry_id"].as_str().unwrap();
    let list = app
        .get("/api/public/v1/registers/inspection_item", None)
        .await;
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", list.body);
    assert_eq!(items[0]["id"], nid);
    assert_eq!(items[0]["content"]["ratio_percent"], 5.0);
    let (id, version, it) =
        store::published_inspection_item(&app.db, agency, nid.parse().unwrap(), app.today())
            .await
            .unwrap();
    assert_eq!((id.to_string().as_str(), version), (nid, 1));
    assert_eq!(it.item, "代理记账机构检查");
    // Another agency's id is not found.
    assert!(store::published_inspection_item(
        &app.db,
        uuid::Uuid::new_v4(),
        nid.parse().unwrap(),
        app.today()
    )
    .await
    .is_err());
    // A version that ended yesterday is no longer public.
    let ended = publish(
        &app,
        "inspection_item",
        json!(item("已到期", 5.0)),
        Some(days(-10)),
    )
    .await;
    let eid = ended["entry_id"].as_str().unwrap();
    let v2 = app
        .send_json(
            "PUT",
            &format!("/api/v1/registers/inspection_item/{eid}/draft"),
            Some(&e),
            &json!({"content": item("已到期", 5.0), "effective_from": days(-10), "effective_until": days(0)}),
        )
        .await;
    assert_eq!(v2.status, 200, "{}", v2.body);
    submit(&app, &e, &v2.body).await;
    assert_eq!(review(&app, &a, &v2.body, true).await.status, 200);
    app.get(
        &format!("/api/public/v1/registers/inspection_item/{eid}"),
        None,
    )
    .await
    .problem(404, "not_found");
    // A new version cannot take effect before the one it replaces.
    let v3 = app
        .send_json(
            "PUT",
            &format!("/api/v1/registers/inspection_item/{nid}/draft"),
            Some(&e),
            &json!({"content": item("代理记账机构检查", 6.0), "effective_from": days(-30)}),
        )
        .await;
    submit(&app, &e, &v3.body).await;
    review(&app, &a, &v3.body, true)
        .await
        .problem(422, "validation_failed");
}

async fn withdrawal_is_a_tombstone(app: TestApp) {
    let (e, a) = (editor(&app).await, approver(&app).await);
    let guide = json!({
        "item": "代理记账资格审批",
        "legal_basis": "《代理记账管理办法》第三条",
        "accepting_body": "县政务服务中心财政窗口",
        "approving_body": "桓仁满族自治县财政局",
        "conditions": "有三名以上持有会计从业资格的专职从业人员",
        "materials": ["申请表", "营业执照复印件"],
        "process": "申请—受理—审查—决定—送达",
        "time_limit": "20个工作日",
        "fees": "不收费",
        "supervision": "县司法局 024-00000001",
        "accountability": "依法追究",
        "remedies": "行政复议或行政诉讼",
        "office_hours": "工作日 8:30-16:30",
        "address": "桓仁县政务服务中心",
        "phone": "024-00000002",
        "enforcement_matter_id": null,
    });
    let v = publish(&app, "service_guide", guide, None).await;
    let id = v["entry_id"].as_str().unwrap();
    assert_eq!(
        app.get(
            &format!("/api/public/v1/registers/service_guide/{id}"),
            None
        )
        .await
        .status,
        200
    );
    let path = format!("/api/v1/registers/service_guide/{id}/withdraw");
    app.post(&path, Some(&e), &json!({"reason": ""}))
        .await
        .problem(422, "validation_failed");
    let w = app
        .post(&path, Some(&a), &json!({"reason": "事项已取消"}))
        .await;
    assert_eq!(w.status, 200, "{}", w.body);
    assert_eq!(w.body["withdrawn_reason"], "事项已取消");
    app.get(
        &format!("/api/public/v1/registers/service_guide/{id}"),
        None,
    )
    .await
    .problem(404, "not_found");
    app.post(&path, Some(&a), &json!({"reason": "再次"}))
        .await
        .problem(409, "register_not_public");
    let changes = register_changes(&app).await;
    let last = changes.last().unwrap();
    assert_eq!(last.change, feed::ChangeKind::Withdraw);
    assert!(last.body.is_none());
    assert_eq!(last.reason.as_deref(), Some("事项已取消"));
    // The history keeps everything.
    let h = app
        .get(&format!("/api/v1/registers/service_guide/{id}"), Some(&e))
        .await;
    assert_eq!(
        h.body["history"].as_array().unwrap().last().unwrap()["action"],
        "withdraw"
    );
}

async fn bad_register_input(app: TestApp) {
    let e = editor(&app).await;
    app.post(
        "/api/v1/registers/inspection_item",
        Some(&e),
        &json!({"content": item("比例为零", 0.0)}),
    )
    .await
    .problem(422, "validation_failed");
    app.post(
        "/api/v1/registers/inspection_item",
        Some(&e),
        &json!({"content": {"item": "缺字段"}}),
    )
    .await
    .problem(422, "validation_failed");
    app.post(
        "/api/v1/registers/discretion_standard",
        Some(&e),
        &json!({"content": {}}),
    )
    .await
    .problem(404, "not_found");
    app.post(
        "/api/v1/registers/enforcement_matter",
        Some(&e),
        &json!({"content": matter("x", "penalty"), "effective_from": days(1), "effective_until": days(1)}),
    )
    .await
    .problem(422, "validation_failed");
    app.get("/api/public/v1/registers/inspection_item?cursor=!!", None)
        .await
        .problem(400, "invalid_query");
    app.get("/api/public/v1/registers/inspection_item?limit=501", None)
        .await
        .problem(400, "invalid_query");
    app.get("/api/public/v1/registers/nope", None)
        .await
        .problem(404, "not_found");
}

async fn public_register_pages(app: TestApp) {
    for i in 0..3 {
        publish(
            &app,
            "enforcement_matter",
            matter(&format!("事项{i}"), "inspection"),
            None,
        )
        .await;
    }
    let p1 = app
        .get("/api/public/v1/registers/enforcement_matter?limit=2", None)
        .await;
    assert_eq!(p1.body["items"].as_array().unwrap().len(), 2, "{}", p1.body);
    let next = p1.body["next"].as_str().unwrap();
    let p2 = app
        .get(
            &format!("/api/public/v1/registers/enforcement_matter?limit=2&cursor={next}"),
            None,
        )
        .await;
    let items2 = p2.body["items"].as_array().unwrap();
    assert_eq!(items2.len(), 1);
    assert!(p2.body["next"].is_null());
    let mut ids: Vec<&str> = p1.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(items2)
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let sorted = ids.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids, sorted, "stable order");
    // A matter carries its flowchart.
    let url = items2[0]["flowchart_url"].as_str().unwrap();
    let svg = app.get(url, None).await;
    assert_eq!(svg.status, 200);
    assert!(svg.content_type.starts_with("image/svg+xml"));
    assert!(String::from_utf8_lossy(&svg.raw).contains("事项"));
}

async fn flowcharts_contain_every_stage(app: TestApp) {
    use sanxiang_domain::case::progress::stage_path;
    use sanxiang_domain::case::{CaseKind, Procedure};
    for (path, kind, procedure) in [
        ("penalty", CaseKind::Penalty, Procedure::Ordinary),
        (
            "penalty_simplified",
            CaseKind::Penalty,
            Procedure::Simplified,
        ),
        ("licence", CaseKind::Licence, Procedure::Ordinary),
        ("inspection", CaseKind::Inspection, Procedure::Ordinary),
        ("fee", CaseKind::Fee, Procedure::Ordinary),
        (
            "coercive_measure",
            CaseKind::CoerciveMeasure,
            Procedure::Ordinary,
        ),
    ] {
        let r = app
            .get(&format!("/api/public/v1/flowcharts/{path}.svg"), None)
            .await;
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.content_type.starts_with("image/svg+xml"),
            "{}",
            r.content_type
        );
        let svg = String::from_utf8(r.raw).unwrap();
        for stage in stage_path(kind, procedure) {
            assert!(svg.contains(stage.label_zh()), "{path}: {stage}");
            assert!(
                svg.contains(&format!("data-stage=\"{stage}\"")),
                "{path}: {stage}"
            );
        }
    }
    app.get("/api/public/v1/flowcharts/nope.svg", None)
        .await
        .problem(404, "not_found");
}

async fn set_status(app: &TestApp, admin: &str, number: &str, status: &str) {
    let c = sanxiang_persistence::officers::list_officers(
        &app.db,
        sanxiang_persistence::accounts::find_credentials(&app.db, "demo_officer")
            .await
            .unwrap()
            .unwrap()
            .0
            .agency_id,
    )
    .await
    .unwrap()
    .into_iter()
    .flat_map(|o| o.certificates)
    .find(|c| c.certificate.number == number)
    .unwrap();
    let r = app
        .patch(
            &format!("/api/v1/certificates/{}", c.id),
            Some(admin),
            &json!({"status": status}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn certificate_check_art_55(app: TestApp) {
    let admin = app.admin().await;
    // The demo officers' certificates are valid 2024–2029.
    let ok = app
        .get("/api/public/v1/certificates/2100000001", None)
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["valid_today"], true);
    assert_eq!(ok.body["status"], "valid");
    assert_eq!(ok.body["name"], "张执法");
    assert_eq!(ok.body["checked_on"], today().to_string());
    assert!(ok.body["categories"]
        .as_array()
        .unwrap()
        .contains(&json!("财政")));
    assert!(ok.body.get("user_id").is_none() && ok.body.get("username").is_none());
    // Suspended: not valid today.
    set_status(&app, &admin, "2100000002", "suspended").await;
    let s = app
        .get("/api/public/v1/certificates/2100000002", None)
        .await;
    assert_eq!(s.body["valid_today"], false);
    assert_eq!(s.body["status"], "suspended");
    // Expired yesterday: not valid today.
    let officer = sanxiang_persistence::accounts::find_credentials(&app.db, "demo_officer")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let r = app
        .post(
            &format!("/api/v1/officers/{officer}/certificates"),
            Some(&admin),
            &json!({"number": "2199999999", "issuer": "县人民政府", "valid_from": "2020-01-01", "valid_until": days(-1), "categories": ["财政"], "area": "桓仁满族自治县"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let x = app
        .get("/api/public/v1/certificates/2199999999", None)
        .await;
    assert_eq!(x.body["valid_today"], false);
    assert_eq!(x.body["status"], "valid");
    assert_eq!(x.body["valid_until"], days(-1));
    // Unknown.
    app.get("/api/public/v1/certificates/0000", None)
        .await
        .problem(404, "not_found");
    // The QR code opens the public check page.
    let qr = app
        .get("/api/public/v1/certificates/2100000001/qr.svg", None)
        .await;
    assert_eq!(qr.status, 200);
    assert!(qr.content_type.starts_with("image/svg+xml"));
    assert!(String::from_utf8_lossy(&qr.raw).contains("<svg"));
    app.get("/api/public/v1/certificates/0000/qr.svg", None)
        .await
        .problem(404, "not_found");
}

async fn officer_list_leaks_nothing_private(app: TestApp) {
    let r = app.get("/api/public/v1/officers?limit=500", None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let items = r.body["items"].as_array().unwrap();
    assert!(items.iter().any(|o| o["name"] == "张执法"), "{}", r.body);
    let text = String::from_utf8_lossy(&r.raw);
    for private in [
        "demo_officer",
        "username",
        "user_id",
        "phone",
        "id_number",
        "password",
    ] {
        assert!(!text.contains(private), "`{private}` in {text}");
    }
    for o in items {
        let mut keys: Vec<&String> = o.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["agency_id", "certificates", "name", "post", "unit"]);
    }
    // Pages of one.
    let p1 = app.get("/api/public/v1/officers?limit=1", None).await;
    assert_eq!(p1.body["items"].as_array().unwrap().len(), 1);
    let next = p1.body["next"].as_str().unwrap();
    let p2 = app
        .get(
            &format!("/api/public/v1/officers?limit=1&cursor={next}"),
            None,
        )
        .await;
    assert_ne!(p1.body["items"][0], p2.body["items"][0]);
}

async fn annual_report_zeros_and_figures_118(app: TestApp) {
    let (e, a) = (editor(&app).await, approver(&app).await);
    let last = today().year() - 1;
    // No enforcement matters listed: every kind is a power, all zero.
    let d = app
        .get(&format!("/api/v1/reports/annual/{last}"), Some(&e))
        .await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert_eq!(d.body["ready"], true);
    assert_eq!(d.body["draft"]["by_kind"].as_array().unwrap().len(), 5);
    assert!(d.body["published"].is_null());
    // With a penalty matter, penalties are the power reported as 0.
    publish(
        &app,
        "enforcement_matter",
        matter("会计处罚", "penalty"),
        None,
    )
    .await;
    let d = app
        .get(&format!("/api/v1/reports/annual/{last}"), Some(&e))
        .await;
    assert_eq!(
        d.body["draft"]["by_kind"],
        json!([{"kind": "penalty", "count": 0, "power": true}])
    );
    assert_eq!(d.body["draft"]["penalties"]["fines_total_fen"], 0);

    // A penalty decided this year counts in this year's figures.
    let o = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let uid = |n: &'static str| {
        let app = app.clone();
        async move {
            sanxiang_persistence::accounts::find_credentials(&app.db, n)
                .await
                .unwrap()
                .unwrap()
                .0
                .id
        }
    };
    let (o1, o2) = (uid("demo_officer").await, uid("demo_officer2").await);
    let c = app
        .post(
            "/api/v1/cases",
            Some(&o),
            &json!({"kind": "penalty", "procedure": "simplified", "title": "当场处罚", "category": "财政", "party": {"kind": "natural_person", "name": "赵六"}, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.body);
    let id = c.body["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/transitions"),
            Some(&o),
            &json!({"expected_version": c.body["version"], "command": {"action": "decide", "on": days(0), "outcome": {"type": "penalty", "sanction": {"warning": false, "fine_fen": 15000, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []}}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let this = today().year();
    let d = app
        .get(&format!("/api/v1/reports/annual/{this}"), Some(&a))
        .await;
    assert_eq!(d.body["ready"], false);
    assert_eq!(d.body["draft"]["penalties"]["decisions"], 1, "{}", d.body);
    assert_eq!(d.body["draft"]["penalties"]["fine"], 1);
    assert_eq!(d.body["draft"]["penalties"]["fines_total_fen"], 15000);
    assert_eq!(
        d.body["draft"]["by_kind"],
        json!([{"kind": "penalty", "count": 1, "power": true}])
    );
    // This year's report cannot be published before the year ends.
    app.post(
        &format!("/api/v1/reports/annual/{this}/publish"),
        Some(&a),
        &json!({}),
    )
    .await
    .problem(409, "annual_report_not_ready");
    // Editors draft; approvers publish.
    app.post(
        &format!("/api/v1/reports/annual/{last}/publish"),
        Some(&e),
        &json!({}),
    )
    .await
    .problem(403, "forbidden");

    // Unpublished after 31 January: overdue in the deadlines list of those who publish it.
    let dl = app.get("/api/v1/deadlines", Some(&a)).await;
    let annual = |b: &Value| {
        b["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["deadline"]["kind"] == "annual_report")
            .cloned()
    };
    let item = annual(&dl.body).expect("annual report deadline");
    assert!(item["case_id"].is_null(), "{item}");
    assert_eq!(item["deadline"]["due"], format!("{}-01-31", last + 1));
    let expected = if today() > chrono::NaiveDate::from_ymd_opt(last + 1, 1, 31).unwrap() {
        "overdue"
    } else {
        "due_soon"
    };
    assert_eq!(item["deadline"]["status"], expected);
    assert!(annual(&app.get("/api/v1/deadlines", Some(&o)).await.body).is_none());

    let p = app
        .post(
            &format!("/api/v1/reports/annual/{last}/publish"),
            Some(&a),
            &json!({}),
        )
        .await;
    assert_eq!(p.status, 201, "{}", p.body);
    assert_eq!(p.body["version"], 1);
    let public = app
        .get(&format!("/api/public/v1/reports/annual/{last}"), None)
        .await;
    assert_eq!(public.status, 200);
    let reports = public.body["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["agency_name"], "桓仁满族自治县财政局");
    assert_eq!(
        reports[0]["figures"]["by_kind"],
        json!([{"kind": "penalty", "count": 0, "power": true}])
    );
    assert!(annual(&app.get("/api/v1/deadlines", Some(&a)).await.body).is_none());
    let changes: Vec<_> = feed::changes_since(&app.db, 0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.resource_type == "annual_report")
        .collect();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].change, feed::ChangeKind::Publish);
    // Publishing again is a corrected version.
    let p2 = app
        .post(
            &format!("/api/v1/reports/annual/{last}/publish"),
            Some(&a),
            &json!({}),
        )
        .await;
    assert_eq!(p2.body["version"], 2);
    assert!(app
        .get(&format!("/api/public/v1/reports/annual/{}", last - 1), None)
        .await
        .body["reports"]
        .as_array()
        .unwrap()
        .is_empty());
}
