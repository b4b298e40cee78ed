//! Disclosure of decisions: drafts made from decided cases, masking, review by a
//! second person, publication, correction, withdrawal, expiry, the public lists, the change
//! feed and the snapshot — and a crawl of every public endpoint for personal data.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};

on_both_databases!(
    decision_disclosure_workflow,
    minor_party_and_warning_only_are_withheld,
    nothing_private_reaches_the_public_api,
    a_portal_syncs_from_the_change_feed,
    public_list_filters_and_cursors,
    early_removal_after_credit_repair,
    every_contributor_is_out_of_the_review,
    tampered_publications_are_caught_by_verify,
    the_resident_id_decides_who_is_a_minor,
);

/// A portal pushed to by webhooks: fast retries so the test does not wait.
mod a_portal_syncs_from_webhooks {
    fn tweak(c: &mut sanxiang_api::Config) {
        c.portal.webhook_tick_ms = 100;
        c.portal.webhook_retry_base_ms = 100;
        c.portal.webhook_retry_max_ms = 500;
        c.portal.webhook_timeout_secs = 2;
    }
    #[actix_web::test]
    async fn sqlite() {
        crate::helpers::run_tweaked(
            crate::helpers::Backend::Sqlite,
            tweak,
            super::a_portal_syncs_from_webhooks,
        )
        .await
    }
    #[actix_web::test]
    async fn postgres() {
        crate::helpers::run_tweaked(
            crate::helpers::Backend::Postgres,
            tweak,
            super::a_portal_syncs_from_webhooks,
        )
        .await
    }
}

const RESIDENT_ID: &str = "11010519491231002X";
const HOME: &str = "桓仁县八里甸子镇幸福村三组";
const PHONE: &str = "13912345678";
const BANK: &str = "6222021234567890123";
const WITNESS: &str = "钱证人";

/// Moves the server's clock to `day` and waits until the server's own sweeper has taken the
/// public entry `id` down at the end of its publication period (公示期) — through the API only.
async fn expire(app: &TestApp, day: chrono::NaiveDate, id: &str) {
    app.set_today(day);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let r = app
            .get(&format!("/api/public/v1/decisions/{id}"), None)
            .await;
        if r.status == 404 {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{id} not expired");
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Percent-encodes a query value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

pub(crate) async fn uid(app: &TestApp, username: &str) -> String {
    sanxiang_persistence::accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string()
}

pub(crate) async fn token(app: &TestApp, user: &str) -> String {
    app.login(user, DEMO_PASSWORD).await.0
}

/// Opens a simplified-procedure penalty case against a natural person full of personal data and
/// decides it on the spot (行政处罚法 art. 51: ≤ 200 yuan): returns the case.
pub(crate) async fn decided_case(
    app: &TestApp,
    party: &str,
    fine_fen: i64,
    warning: bool,
    minor: bool,
) -> Value {
    let t = token(app, "demo_officer").await;
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({
                "kind": "penalty", "procedure": "simplified",
                "title": format!("{party}（身份证{RESIDENT_ID}，住{HOME}，电话{PHONE}，账号{BANK}）未按规定使用财政票据"),
                "category": "财政票据",
                "party": {"kind": "natural_person", "name": party, "id_type": "resident_id",
                          "id_number": RESIDENT_ID, "address": HOME, "contact": PHONE, "minor": minor},
                "officer_ids": [o1, o2]
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let c = r.body;
    let sanction = json!({"warning": warning, "fine_fen": fine_fen, "confiscation_fen": 0,
        "licence_suspension": false, "licence_revocation": false, "other": []});
    let r = app
        .post(
            &format!("/api/v1/cases/{}/transitions", c["id"].as_str().unwrap()),
            Some(&t),
            &json!({"expected_version": c["version"], "command": {"action": "decide", "on": today().to_string(),
                    "outcome": {"type": "penalty", "sanction": sanction}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

pub(crate) async fn disclosure_of(app: &TestApp, t: &str, case: &Value) -> Value {
    let r = app
        .get(
            &format!(
                "/api/v1/disclosures?case_id={}",
                case["id"].as_str().unwrap()
            ),
            Some(t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let items = r.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", r.body);
    let id = items[0]["id"].as_str().unwrap();
    let r = app.get(&format!("/api/v1/disclosures/{id}"), Some(t)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

async fn step(app: &TestApp, t: &str, d: &Value, path: &str, body: Value) -> crate::helpers::Resp {
    let mut body = body;
    body["expected_version"] = d["version"].clone();
    app.post(
        &format!("/api/v1/disclosures/{}/{path}", d["id"].as_str().unwrap()),
        Some(t),
        &body,
    )
    .await
}

pub(crate) async fn ok_step(app: &TestApp, t: &str, d: &Value, path: &str, body: Value) -> Value {
    let r = step(app, t, d, path, body).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.body
}

/// Draft → submit (editor) → approve (approver): published.
pub(crate) async fn publish(app: &TestApp, case: &Value) -> Value {
    let editor = token(app, "demo_editor").await;
    let approver = token(app, "demo_approver").await;
    let d = disclosure_of(app, &editor, case).await;
    let d = ok_step(app, &editor, &d, "submission", json!({})).await;
    let d = ok_step(app, &approver, &d, "review", json!({"approve": true})).await;
    assert_eq!(d["status"], "published", "{d}");
    d
}

fn assert_no_secrets(text: &str, extra: &[&str]) {
    for s in [RESIDENT_ID, HOME, PHONE, BANK, WITNESS]
        .iter()
        .chain(extra)
    {
        assert!(!text.contains(s), "`{s}` leaked in: {text}");
    }
}

async fn feed_all(app: &TestApp, limit: u32) -> Vec<Value> {
    let mut since = "0".to_owned();
    let mut out = Vec::new();
    loop {
        let r = app
            .get(
                &format!("/api/public/v1/changes?since={since}&limit={limit}"),
                None,
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let changes = r.body["changes"].as_array().unwrap().clone();
        let next = r.body["next"].as_str().unwrap().to_owned();
        if changes.is_empty() {
            assert_eq!(next, since);
            assert_eq!(r.body["more"], false);
            break;
        }
        for c in &changes {
            if let Some(last) = out.last() {
                let last: &Value = last;
                assert!(
                    c["seq"].as_i64().unwrap() > last["seq"].as_i64().unwrap(),
                    "strictly increasing"
                );
            }
        }
        out.extend(changes);
        since = next;
    }
    out
}

async fn public_all(app: &TestApp, path: &str, limit: u32) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}?limit={limit}&cursor={c}"),
            None => format!("{path}?limit={limit}"),
        };
        let r = app.get(&url, None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        out.extend(r.body["items"].as_array().unwrap().iter().cloned());
        match r.body["next"].as_str() {
            Some(n) => cursor = Some(n.to_owned()),
            None => break,
        }
    }
    out
}

async fn decision_disclosure_workflow(app: TestApp) {
    let editor = token(&app, "demo_editor").await;
    let approver = token(&app, "demo_approver").await;
    let case = decided_case(&app, "张三", 15_000, false, false).await;
    // The decision made a draft (118号: due within 7 working days), masked before anyone sees it.
    let d = disclosure_of(&app, &editor, &case).await;
    assert_eq!(d["status"], "draft");
    assert_eq!(d["resource_type"], "decision");
    assert!(d["due_on"].as_str().unwrap() > today().to_string().as_str());
    assert_eq!(
        d["source"]["person_id_number"], RESIDENT_ID,
        "the editor sees the source"
    );
    assert_no_secrets(&d["preview"].to_string(), &[]);
    // 行政处罚法 art. 50: the draft's texts were masked before any editor saw them.
    let src_facts = d["source"]["facts"].as_str().unwrap();
    for secret in [RESIDENT_ID, HOME, PHONE, BANK] {
        assert!(!src_facts.contains(secret), "{secret} in {src_facts}");
    }
    assert!(d["preview"]["facts"].as_str().unwrap().contains("张三"));
    assert_eq!(d["preview"]["fine_wan_yuan"], "0.015");
    // It is in the deadlines list until published.
    let dl = app.get("/api/v1/deadlines", Some(&editor)).await;
    assert!(dl.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["deadline"]["kind"] == "disclosure"));
    // Not public yet.
    let id = d["id"].as_str().unwrap().to_owned();
    app.get(&format!("/api/public/v1/decisions/{id}"), None)
        .await
        .problem(404, "not_found");
    assert!(public_all(&app, "/api/public/v1/decisions", 20)
        .await
        .is_empty());
    // The editor masks more (a witness named in the facts) and edits the facts.
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{id}"),
            Some(&editor),
            &json!({"expected_version": d["version"], "facts": format!("张三经{WITNESS}指认，未按规定使用财政票据，电话＊＊＊。"),
                    "third_persons": [WITNESS], "extra_masks": ["财政票据"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = r.body;
    let facts = d["preview"]["facts"].as_str().unwrap();
    assert!(
        !facts.contains(WITNESS) && !facts.contains(PHONE) && !facts.contains("财政票据"),
        "{facts}"
    );
    // Masks only grow (mask more, never less): sending empty lists unmasks nothing.
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{id}"),
            Some(&editor),
            &json!({"expected_version": d["version"], "third_persons": [], "extra_masks": []}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = r.body;
    let facts = d["preview"]["facts"].as_str().unwrap();
    assert!(
        !facts.contains(WITNESS) && !facts.contains("财政票据"),
        "an edit unmasked: {facts}"
    );
    // 行政处罚法 art. 50: text that brings a masked name or number back is refused, naming the
    // field — however the number is written.
    for (field, value) in [
        ("facts", json!(format!("张三经{WITNESS}指认。"))),
        ("facts", json!("张三电话１３９ １２３４ ５６７８。")),
        ("facts", json!("张三使用财政票据。")),
        ("legal_basis", json!([format!("身份证{RESIDENT_ID}")])),
    ] {
        let mut body = json!({"expected_version": d["version"]});
        body[field] = value;
        let r = app
            .patch(&format!("/api/v1/disclosures/{id}"), Some(&editor), &body)
            .await;
        let p = r.problem(422, "mask_removed");
        assert!(p["errors"][field].is_array(), "{p}");
    }
    // A stale version is refused.
    let stale = app
        .patch(
            &format!("/api/v1/disclosures/{id}"),
            Some(&editor),
            &json!({"expected_version": 1, "facts": "x"}),
        )
        .await;
    stale.problem(409, "version_conflict");
    // Review by a second person: the editor who submitted cannot approve.
    let d = ok_step(&app, &editor, &d, "submission", json!({})).await;
    assert_eq!(d["status"], "pending_review");
    step(&app, &editor, &d, "review", json!({"approve": true}))
        .await
        .problem(403, "disclosure_self_review");
    // The approver returns it once, then approves the resubmission.
    let d = ok_step(
        &app,
        &approver,
        &d,
        "review",
        json!({"approve": false, "comment": "请补充法律依据"}),
    )
    .await;
    assert_eq!(d["status"], "draft");
    let d = ok_step(&app, &editor, &d, "submission", json!({})).await;
    let d = ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    assert_eq!(d["status"], "published");
    assert_eq!(d["published_version"], 1);
    // Public now, masked.
    let p = app
        .get(&format!("/api/public/v1/decisions/{id}"), None)
        .await;
    assert_eq!(p.status, 200);
    assert_no_secrets(&String::from_utf8_lossy(&p.raw), &[]);
    assert_eq!(p.body["version"], 1);
    assert_eq!(p.body["party_name"], "张三");
    let dl = app.get("/api/v1/deadlines", Some(&editor)).await;
    assert!(!dl.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["deadline"]["kind"] == "disclosure"));
    // A correction is a new version; the public keeps version 1 until it is approved.
    let d = ok_step(
        &app,
        &approver,
        &d,
        "correction",
        json!({"reason": "违法事实表述有误"}),
    )
    .await;
    assert_eq!(d["status"], "draft");
    assert_eq!(
        app.get(&format!("/api/public/v1/decisions/{id}"), None)
            .await
            .body["version"],
        1
    );
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{id}"),
            Some(&editor),
            &json!({"expected_version": d["version"], "facts": "张三未按规定使用＊＊＊（更正）。"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = ok_step(&app, &editor, &r.body, "submission", json!({})).await;
    let d = ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    assert_eq!(d["published_version"], 2);
    let p = app
        .get(&format!("/api/public/v1/decisions/{id}"), None)
        .await;
    assert_eq!(p.body["version"], 2);
    assert!(p.body["facts"].as_str().unwrap().contains("更正"));
    // A published decision is not taken down at the editor's will: only once a reason to
    // withdraw is recorded (行政处罚法 art. 48).
    assert!(!d["allowed_actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "withdraw"));
    step(
        &app,
        &editor,
        &d,
        "withdrawal",
        json!({"reason": "编辑认为不宜公示"}),
    )
    .await
    .problem(409, "withdrawal_not_required");
    // The decision is revoked: withdrawal due within 3 working days (行政处罚法 art. 48).
    let d = ok_step(
        &app,
        &editor,
        &d,
        "withdrawal-requirement",
        json!({"basis": "复议决定撤销原处罚决定", "on": today().to_string()}),
    )
    .await;
    let dl = app.get("/api/v1/deadlines", Some(&editor)).await;
    assert!(dl.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["deadline"]["kind"] == "disclosure_withdrawal"));
    let d = ok_step(
        &app,
        &editor,
        &d,
        "withdrawal",
        json!({"reason": "原处罚决定已被复议机关撤销"}),
    )
    .await;
    assert_eq!(d["status"], "withdrawn");
    app.get(&format!("/api/public/v1/decisions/{id}"), None)
        .await
        .problem(404, "not_found");
    step(
        &app,
        &editor,
        &d,
        "withdrawal",
        json!({"reason": "再次撤回"}),
    )
    .await
    .problem(409, "disclosure_wrong_status");
    let dl = app.get("/api/v1/deadlines", Some(&editor)).await;
    assert!(!dl.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["deadline"]["kind"] == "disclosure_withdrawal"));
    // The feed: publish, correct, withdraw (a tombstone with the reason) — never a silent delete.
    let feed = feed_all(&app, 100).await;
    let mine: Vec<&Value> = feed
        .iter()
        .filter(|c| c["resource_id"] == id.as_str())
        .collect();
    let kinds: Vec<&str> = mine.iter().map(|c| c["change"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["publish", "correct", "withdraw"]);
    assert_eq!(mine[2]["tombstone"], true);
    assert!(mine[2]["body"].is_null());
    assert_eq!(mine[2]["reason"], "原处罚决定已被复议机关撤销");
    // The history keeps every step and both published versions.
    let d = app
        .get(&format!("/api/v1/disclosures/{id}"), Some(&editor))
        .await
        .body;
    assert_eq!(d["versions"].as_array().unwrap().len(), 2);
    let actions: Vec<&str> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "created",
        "edited",
        "submitted",
        "returned",
        "published",
        "correction_started",
        "corrected",
        "withdrawal_required",
        "withdrawn",
    ] {
        assert!(actions.contains(&a), "{a} missing: {actions:?}");
    }
    // An officer cannot publish.
    let officer = token(&app, "demo_officer").await;
    step(&app, &officer, &d, "submission", json!({}))
        .await
        .problem(403, "forbidden");
}

async fn minor_party_and_warning_only_are_withheld(app: TestApp) {
    let editor = token(&app, "demo_editor").await;
    // 未成年人保护法: anything concerning a minor party is withheld entirely.
    let c = decided_case(&app, "小明", 5_000, false, true).await;
    let d = disclosure_of(&app, &editor, &c).await;
    assert_eq!(d["status"], "not_published");
    assert!(d["not_published_ground"]
        .as_str()
        .unwrap()
        .contains("未成年人"));
    step(&app, &editor, &d, "submission", json!({}))
        .await
        .problem(409, "disclosure_wrong_status");
    // Warning-only penalties are not published (market-regulation model; a setting).
    let c = decided_case(&app, "王五", 0, true, false).await;
    let d = disclosure_of(&app, &editor, &c).await;
    assert_eq!(d["status"], "not_published");
    // An editor may withhold a draft only with a legal ground.
    let c = decided_case(&app, "赵六", 10_000, false, false).await;
    let d = disclosure_of(&app, &editor, &c).await;
    step(
        &app,
        &editor,
        &d,
        "withholding",
        json!({"legal_ground": ""}),
    )
    .await
    .problem(422, "validation_failed");
    let d = ok_step(
        &app,
        &editor,
        &d,
        "withholding",
        json!({"legal_ground": "《政府信息公开条例》第十五条：涉及个人隐私"}),
    )
    .await;
    assert_eq!(d["status"], "not_published");
    assert!(feed_all(&app, 100).await.is_empty());
}

/// Every public endpoint is crawled after seeding cases full of personal data: none appears.
async fn nothing_private_reaches_the_public_api(app: TestApp) {
    let mut ids = Vec::new();
    for (i, name) in ["孙一", "孙二", "孙三"].iter().enumerate() {
        let c = decided_case(&app, name, 10_000 + i as i64, false, false).await;
        let d = publish(&app, &c).await;
        ids.push(d["id"].as_str().unwrap().to_owned());
    }
    // An unpublished draft and a withheld one: their party names must not appear either.
    decided_case(&app, "周未公开", 12_000, false, false).await;
    decided_case(&app, "吴未成年", 12_000, false, true).await;
    let secrets = ["周未公开", "吴未成年"];
    // Every GET under /api/public/v1 in the OpenAPI document, path parameters filled with
    // every id we know (published, unpublished, random).
    let spec = app.get("/api/openapi.json", None).await.body;
    let editor = token(&app, "demo_editor").await;
    let all = app.get("/api/v1/disclosures", Some(&editor)).await.body;
    let mut known: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    known.extend(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["case_id"].as_str().unwrap().to_owned()),
    );
    known.push(uuid::Uuid::new_v4().to_string());
    let mut crawled = 0;
    let mut texts = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        if !path.starts_with("/api/public/v1") || item.get("get").is_none() {
            continue;
        }
        let urls: Vec<String> = if path.contains('{') {
            let mut v = Vec::new();
            for k in &known {
                let mut u = path.clone();
                while let (Some(a), Some(b)) = (u.find('{'), u.find('}')) {
                    let name = u[a + 1..b].to_owned();
                    let val = match name.as_str() {
                        "date" => today().to_string(),
                        "file" => "decisions.ndjson".into(),
                        "year" => "2026".into(),
                        "kind" | "type" => "decision".into(),
                        _ => k.clone(),
                    };
                    u.replace_range(a..=b, &val);
                }
                v.push(u);
            }
            v
        } else {
            vec![path.clone()]
        };
        for u in urls {
            let r = app.get(&u, None).await;
            assert!(r.status.as_u16() < 500, "{u}: {}", r.status);
            texts.push((u.clone(), String::from_utf8_lossy(&r.raw).into_owned()));
            crawled += 1;
        }
    }
    // Follow the lists, the feed and the snapshot files too.
    for p in public_all(&app, "/api/public/v1/decisions", 1).await {
        texts.push(("decisions".into(), p.to_string()));
    }
    for c in feed_all(&app, 1).await {
        texts.push(("changes".into(), c.to_string()));
    }
    let snap = app.get("/api/public/v1/snapshots/latest", None).await;
    assert_eq!(snap.status, 200, "{}", snap.body);
    for key in ["ndjson_url", "csv_url"] {
        let f = app.get(snap.body[key].as_str().unwrap(), None).await;
        assert_eq!(f.status, 200);
        texts.push((key.into(), String::from_utf8_lossy(&f.raw).into_owned()));
    }
    assert!(crawled >= 5, "crawled only {crawled} urls");
    for (u, t) in &texts {
        for s in [RESIDENT_ID, HOME, PHONE, BANK]
            .iter()
            .chain(secrets.iter())
        {
            assert!(!t.contains(s), "`{s}` leaked at {u}: {t}");
        }
    }
    // The published ones are there.
    let joined: String = texts.iter().map(|t| t.1.as_str()).collect();
    for n in ["孙一", "孙二", "孙三"] {
        assert!(joined.contains(n));
    }
}

/// A portal that applies the change feed ends with exactly the published set, and the daily
/// snapshot plus the feed from its position gives the same.
async fn a_portal_syncs_from_the_change_feed(app: TestApp) {
    let editor = token(&app, "demo_editor").await;
    let approver = token(&app, "demo_approver").await;
    let mut published = Vec::new();
    for i in 0..6 {
        let c = decided_case(&app, &format!("当事人{i}"), 10_000 + i, false, false).await;
        if i == 2 {
            // This one's publication period ends today (minor: at most 3 months).
            let d = disclosure_of(&app, &editor, &c).await;
            let r = app
                .patch(
                    &format!("/api/v1/disclosures/{}", d["id"].as_str().unwrap()),
                    Some(&editor),
                    &json!({"expected_version": d["version"], "publication_end": today().to_string()}),
                )
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
            let too_long = (today() + chrono::Duration::days(400)).to_string();
            let r2 = app
                .patch(
                    &format!("/api/v1/disclosures/{}", d["id"].as_str().unwrap()),
                    Some(&editor),
                    &json!({"expected_version": r.body["version"], "publication_end": too_long}),
                )
                .await;
            r2.problem(422, "validation_failed");
        }
        published.push(publish(&app, &c).await);
    }
    // A snapshot half-way, then more changes.
    let snap = app.get("/api/public/v1/snapshots/latest", None).await.body;
    assert_eq!(snap["count"], 6);
    let nd = app.get(snap["ndjson_url"].as_str().unwrap(), None).await;
    let sha = {
        use sha2::Digest;
        let h = sha2::Sha256::digest(&nd.raw);
        h.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(sha, snap["ndjson_sha256"].as_str().unwrap());
    let csv = app.get(snap["csv_url"].as_str().unwrap(), None).await;
    assert!(
        csv.raw.starts_with("\u{feff}".as_bytes()),
        "CSV starts with a BOM"
    );
    let mut from_snapshot: BTreeMap<String, i64> = String::from_utf8(nd.raw.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_owned(),
                v["version"].as_i64().unwrap(),
            )
        })
        .collect();
    // Correct one, withdraw one, let one expire.
    let d = ok_step(
        &app,
        &editor,
        &published[0],
        "correction",
        json!({"reason": "更正"}),
    )
    .await;
    let d = ok_step(&app, &editor, &d, "submission", json!({})).await;
    ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    let d = ok_step(
        &app,
        &editor,
        &published[1],
        "withdrawal-requirement",
        json!({"basis": "撤销", "on": today().to_string()}),
    )
    .await;
    ok_step(
        &app,
        &editor,
        &d,
        "withdrawal",
        json!({"reason": "决定已撤销"}),
    )
    .await;
    // The day's snapshot stays the one made first, and it is in the database and the blob
    // store (every API node serves it), not in a node's own directory.
    let again = app.get("/api/public/v1/snapshots/latest", None).await.body;
    assert_eq!(again, snap);
    let row = sanxiang_persistence::disclosure::snapshots::of_day(&app.db, today())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.ndjson_sha256, snap["ndjson_sha256"].as_str().unwrap());
    assert_eq!(row.count, 6);
    // The server's clock reaches the end of one entry's publication period: it leaves.
    let end: chrono::NaiveDate = published[2]["publication_end"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    expire(
        &app,
        end.succ_opt().unwrap(),
        published[2]["id"].as_str().unwrap(),
    )
    .await;
    // The portal applies the feed from zero, in small pages.
    let mut portal: BTreeMap<String, i64> = BTreeMap::new();
    let feed = feed_all(&app, 2).await;
    for c in &feed {
        let id = c["resource_id"].as_str().unwrap().to_owned();
        if c["tombstone"] == true {
            portal.remove(&id);
        } else {
            portal.insert(id, c["version"].as_i64().unwrap());
        }
    }
    let public: BTreeMap<String, i64> = public_all(&app, "/api/public/v1/decisions", 2)
        .await
        .into_iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_owned(),
                v["version"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(portal, public);
    assert_eq!(public.len(), 6 - 2);
    // Snapshot + the feed after its position gives the same set.
    let pos = snap["feed_position"].as_str().unwrap();
    for c in feed
        .iter()
        .filter(|c| c["seq"].as_i64().unwrap() > pos.parse::<i64>().unwrap())
    {
        let id = c["resource_id"].as_str().unwrap().to_owned();
        if c["tombstone"] == true {
            from_snapshot.remove(&id);
        } else {
            from_snapshot.insert(id, c["version"].as_i64().unwrap());
        }
    }
    assert_eq!(from_snapshot, public);
    let kinds: HashSet<&str> = feed.iter().map(|c| c["change"].as_str().unwrap()).collect();
    for k in ["publish", "correct", "withdraw", "expire"] {
        assert!(kinds.contains(k), "{k} missing");
    }
}

async fn public_list_filters_and_cursors(app: TestApp) {
    for i in 0..5 {
        let c = decided_case(&app, &format!("筛选{i}"), 10_000, false, false).await;
        publish(&app, &c).await;
    }
    let all = public_all(&app, "/api/public/v1/decisions", 2).await;
    assert_eq!(all.len(), 5);
    let ids: HashSet<&str> = all.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 5, "no duplicates across pages");
    let r = app
        .get(
            &format!("/api/public/v1/decisions?q={}", enc("筛选3")),
            None,
        )
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
    let r = app.get("/api/public/v1/decisions?kind=licence", None).await;
    assert!(r.body["items"].as_array().unwrap().is_empty());
    let r = app
        .get(
            &format!(
                "/api/public/v1/decisions?from={}&violation_type={}",
                today(),
                enc("财政票据")
            ),
            None,
        )
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 5);
    app.get("/api/public/v1/decisions?limit=501", None)
        .await
        .problem(400, "invalid_query");
    app.get("/api/public/v1/decisions?limit=0", None)
        .await
        .problem(400, "invalid_query");
    app.get("/api/public/v1/decisions?cursor=zzz", None)
        .await
        .problem(400, "invalid_query");
    app.get("/api/public/v1/changes?since=-1", None)
        .await
        .problem(400, "invalid_query");
    app.get("/api/public/v1/decisions?kind=nope", None)
        .await
        .problem(400, "invalid_query");
    let r = app.get("/api/public/v1/inspections", None).await;
    assert_eq!(r.status, 200);
    assert!(r.body["items"].as_array().unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// A portal that receives the pushes and verifies every signature (Standard Webhooks).

/// One received push: `webhook-id`, `webhook-timestamp`, `webhook-signature`, body.
type Push = (String, String, String, Vec<u8>);

#[derive(Clone, Default)]
struct Pushes(std::sync::Arc<std::sync::Mutex<Vec<Push>>>);

async fn receive(
    req: actix_web::HttpRequest,
    body: actix_web::web::Bytes,
    p: actix_web::web::Data<Pushes>,
) -> actix_web::HttpResponse {
    let h = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    p.0.lock().unwrap().push((
        h("webhook-id"),
        h("webhook-timestamp"),
        h("webhook-signature"),
        body.to_vec(),
    ));
    actix_web::HttpResponse::NoContent().finish()
}

/// The portal's own check: `v1,` + base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")).
fn signed_by(secret: &str, id: &str, ts: &str, sig: &str, body: &[u8]) -> bool {
    use base64::Engine;
    use hmac::Mac;
    let b64 = base64::engine::general_purpose::STANDARD;
    let Some(key) = secret
        .strip_prefix("whsec_")
        .and_then(|k| b64.decode(k).ok())
    else {
        return false;
    };
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.").as_bytes());
    mac.update(body);
    let expected = b64.encode(mac.finalize().into_bytes());
    sig.split(' ')
        .filter_map(|s| s.strip_prefix("v1,"))
        .any(|s| s == expected)
}

/// Publishes, corrects, withdraws and expires decisions; a portal that only listens to the
/// webhooks (thin events: it fetches each resource URL) ends with exactly the published set.
async fn a_portal_syncs_from_webhooks(app: TestApp) {
    let pushes = Pushes::default();
    let data = actix_web::web::Data::new(pushes.clone());
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(data.clone())
            .route("/hook", actix_web::web::post().to(receive))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let url = format!("http://127.0.0.1:{}/hook", server.addrs()[0].port());
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/portal/webhooks",
            Some(&admin),
            &json!({"url": url, "description": "门户"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let secret = r.body["secret"].as_str().unwrap().to_owned();

    let editor = token(&app, "demo_editor").await;
    let approver = token(&app, "demo_approver").await;
    let mut published = Vec::new();
    for i in 0..4 {
        let c = decided_case(&app, &format!("推送{i}"), 10_000 + i, false, false).await;
        if i == 3 {
            let d = disclosure_of(&app, &editor, &c).await;
            let r = app
                .patch(&format!("/api/v1/disclosures/{}", d["id"].as_str().unwrap()), Some(&editor),
                       &json!({"expected_version": d["version"], "publication_end": today().to_string()}))
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
        published.push(publish(&app, &c).await);
    }
    let d = ok_step(
        &app,
        &editor,
        &published[0],
        "correction",
        json!({"reason": "更正"}),
    )
    .await;
    let d = ok_step(&app, &editor, &d, "submission", json!({})).await;
    ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    let d = ok_step(
        &app,
        &editor,
        &published[1],
        "withdrawal-requirement",
        json!({"basis": "撤销", "on": today().to_string()}),
    )
    .await;
    ok_step(
        &app,
        &editor,
        &d,
        "withdrawal",
        json!({"reason": "决定已撤销"}),
    )
    .await;
    let end: chrono::NaiveDate = published[3]["publication_end"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    expire(
        &app,
        end.succ_opt().unwrap(),
        published[3]["id"].as_str().unwrap(),
    )
    .await;
    // 4 publications + 1 correction + 1 withdrawal + 1 expiry.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while pushes.0.lock().unwrap().len() < 7 {
        assert!(
            std::time::Instant::now() < deadline,
            "pushes: {}",
            pushes.0.lock().unwrap().len()
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let got = pushes.0.lock().unwrap().clone();
    let mut portal: BTreeMap<String, i64> = BTreeMap::new();
    for (id, ts, sig, body) in &got {
        assert!(
            signed_by(&secret, id, ts, sig, body),
            "bad signature on {}",
            String::from_utf8_lossy(body)
        );
        let ev: Value = serde_json::from_slice(body).unwrap();
        let resource = ev["resource_id"].as_str().unwrap().to_owned();
        let ty = ev["type"].as_str().unwrap();
        if ty.ends_with(".withdrawn") || ty.ends_with(".expired") {
            portal.remove(&resource);
        } else {
            let r = app.get(ev["resource_url"].as_str().unwrap(), None).await;
            if r.status == 200 {
                portal.insert(resource, r.body["version"].as_i64().unwrap());
            }
        }
    }
    let public: BTreeMap<String, i64> = public_all(&app, "/api/public/v1/decisions", 20)
        .await
        .into_iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_owned(),
                v["version"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(public.len(), 2);
    assert_eq!(portal, public);
    handle.stop(false).await;
}

/// National credit rules from 2026-04-01: a published penalty may be taken down
/// early after the party's credit repair (信用修复) only after the minimum period of its
/// severity (minor: none; general: 3 months) and never when serious; the take-down is published
/// as an `expire` tombstone with the reason.
async fn early_removal_after_credit_repair(app: TestApp) {
    let editor = token(&app, "demo_editor").await;
    let approver = token(&app, "demo_approver").await;
    // A penalty the editor rates general, decided today: the 3-month minimum has not passed.
    let general = decided_case(&app, "钱七", 15_000, false, false).await;
    let d = disclosure_of(&app, &editor, &general).await;
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{}", d["id"].as_str().unwrap()),
            Some(&editor),
            &json!({"expected_version": d["version"], "severity": "general"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = ok_step(&app, &editor, &r.body, "submission", json!({})).await;
    let g = ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    assert_eq!(g["severity"], "general", "{g}");
    let offered = |d: &Value| {
        d["allowed_actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "remove_early")
    };
    assert!(!offered(&g), "{g}");
    let r = step(
        &app,
        &editor,
        &g,
        "early-removal",
        json!({"reason": "当事人已完成信用修复"}),
    )
    .await;
    r.problem(409, "early_removal_refused");
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("最短公示期未满"),
        "{}",
        r.body
    );
    let id = g["id"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/public/v1/decisions/{id}"), None)
            .await
            .status,
        200
    );

    // A minor penalty (150 元): no minimum, removed at once.
    let minor = decided_case(&app, "孙八", 15_000, false, false).await;
    let m = publish(&app, &minor).await;
    assert_eq!(m["severity"], "minor", "{m}");
    assert!(offered(&m), "{m}");
    // A reason is required.
    step(&app, &editor, &m, "early-removal", json!({"reason": " "}))
        .await
        .problem(422, "validation_failed");
    let done = ok_step(
        &app,
        &editor,
        &m,
        "early-removal",
        json!({"reason": "当事人已完成信用修复"}),
    )
    .await;
    assert_eq!(done["status"], "expired", "{done}");
    let id = m["id"].as_str().unwrap();
    app.get(&format!("/api/public/v1/decisions/{id}"), None)
        .await
        .problem(404, "not_found");
    let last = feed_all(&app, 100)
        .await
        .into_iter()
        .rfind(|c| c["resource_id"] == id)
        .unwrap();
    assert_eq!(last["change"], "expire", "{last}");
    assert!(
        last["reason"].as_str().unwrap().contains("信用修复"),
        "{last}"
    );
    assert!(last.get("body").is_none_or(Value::is_null), "{last}");
    // Only once.
    step(
        &app,
        &editor,
        &done,
        "early-removal",
        json!({"reason": "重复"}),
    )
    .await
    .problem(409, "disclosure_wrong_status");
}

/// 审核 by a second person means someone who did not write the version: editor 1 edits the
/// facts, editor 2 edits and submits — editor 1 cannot approve, though neither the last editor
/// nor the submitter.
async fn every_contributor_is_out_of_the_review(app: TestApp) {
    let editor1 = token(&app, "demo_editor").await;
    let editor2 = token(&app, "demo_approver").await;
    let case = decided_case(&app, "孙五", 15_000, false, false).await;
    let d = disclosure_of(&app, &editor1, &case).await;
    let id = d["id"].as_str().unwrap().to_owned();
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{id}"),
            Some(&editor1),
            &json!({"expected_version": d["version"], "facts": "孙五未按规定使用财政票据。"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{id}"),
            Some(&editor2),
            &json!({"expected_version": r.body["version"], "extra_masks": ["财政票据"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = ok_step(&app, &editor2, &r.body, "submission", json!({})).await;
    // Neither is offered the review.
    for t in [&editor1, &editor2] {
        let r = app.get(&format!("/api/v1/disclosures/{id}"), Some(t)).await;
        assert!(
            !r.body["allowed_actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "review"),
            "{}",
            r.body["allowed_actions"]
        );
    }
    step(&app, &editor1, &d, "review", json!({"approve": true}))
        .await
        .problem(403, "disclosure_self_review");
    step(&app, &editor2, &d, "review", json!({"approve": true}))
        .await
        .problem(403, "disclosure_self_review");
    let r = app
        .get(&format!("/api/v1/disclosures/{id}"), Some(&editor1))
        .await;
    assert_eq!(r.body["status"], "pending_review");
    app.get(&format!("/api/public/v1/decisions/{id}"), None)
        .await
        .problem(404, "not_found");
}

/// The log's signed checkpoint (waits for the first one).
async fn saved_checkpoint(app: &TestApp) -> String {
    for _ in 0..500 {
        let r = app.get("/api/public/v1/log/checkpoint", None).await;
        if r.status == 200 {
            return String::from_utf8(r.raw).unwrap();
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no checkpoint");
}

/// Runs one statement behind the server's back.
async fn try_sql(
    app: &TestApp,
    stmt: &str,
    values: Vec<sea_orm::Value>,
) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::ConnectionTrait;
    let conn = app.db.connection();
    let stmt = match app.backend {
        crate::helpers::Backend::Sqlite => stmt.replace("$1", "?").replace("$2", "?"),
        crate::helpers::Backend::Postgres => stmt.to_owned(),
    };
    conn.execute(sea_orm::Statement::from_sql_and_values(
        conn.get_database_backend(),
        &stmt,
        values,
    ))
    .await
    .map(|r| r.rows_affected())
}

async fn sql(app: &TestApp, stmt: &str, values: Vec<sea_orm::Value>) -> u64 {
    try_sql(app, stmt, values)
        .await
        .unwrap_or_else(|e| panic!("{stmt}: {e}"))
}

/// Publications are log entries written with them: editing what the public API serves (or a
/// kept version) behind the server's back, even with the triggers off as the tables' owner, is
/// named by `sanxiang verify`.
async fn tampered_publications_are_caught_by_verify(app: TestApp) {
    use sanxiang_api::verify::{self, VerifyError};
    use sea_orm::ConnectionTrait;
    let a = publish(
        &app,
        &decided_case(&app, "周甲", 15_000, false, false).await,
    )
    .await;
    let b = publish(
        &app,
        &decided_case(&app, "吴乙", 12_000, false, false).await,
    )
    .await;
    let (a_id, b_id) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let key_text = app.get("/api/public/v1/log/key", None).await;
    let key =
        sanxiang_domain::tlog::VerifierKey::parse(String::from_utf8(key_text.raw).unwrap().trim())
            .unwrap();
    let saved = saved_checkpoint(&app).await;
    let report = verify::verify_live(&app.db, &saved, &key).await.unwrap();
    assert_eq!(report.publications, 2);

    // The projection refuses updates while its triggers are on.
    let conn = app.db.connection();
    let id_a = uuid::Uuid::parse_str(a_id).unwrap();
    let refused = try_sql(
        &app,
        "UPDATE public_decisions SET version = $1 WHERE id = $2",
        vec![9.into(), id_a.into()],
    )
    .await;
    assert!(
        refused.is_err(),
        "an UPDATE of public_decisions went through"
    );

    // The owner turns the triggers off and edits the body the public API serves.
    let served = app
        .get(&format!("/api/public/v1/decisions/{a_id}"), None)
        .await;
    assert_eq!(served.status, 200);
    let original: String = String::from_utf8(served.raw.clone()).unwrap();
    let mut forged = served.body.clone();
    forged["fine_wan_yuan"] = json!("0.001");
    let (off, on) = match app.backend {
        crate::helpers::Backend::Sqlite => (
            "DROP TRIGGER public_decisions_no_update".to_owned(),
            "CREATE TRIGGER public_decisions_no_update BEFORE UPDATE ON public_decisions \
             BEGIN SELECT RAISE(ABORT, 'public_decisions rows are never updated'); END"
                .to_owned(),
        ),
        crate::helpers::Backend::Postgres => (
            "ALTER TABLE public_decisions DISABLE TRIGGER ALL".to_owned(),
            "ALTER TABLE public_decisions ENABLE TRIGGER ALL".to_owned(),
        ),
    };
    conn.execute_unprepared(&off).await.unwrap();
    let n = sql(
        &app,
        "UPDATE public_decisions SET body = $1 WHERE id = $2",
        vec![forged.to_string().into(), id_a.into()],
    )
    .await;
    assert_eq!(n, 1);
    let err = verify::verify_live(&app.db, &saved, &key)
        .await
        .unwrap_err();
    match &err {
        VerifyError::Publication {
            resource_id, index, ..
        } => {
            assert_eq!(resource_id.to_string(), a_id);
            assert!(index.is_some(), "{err}");
        }
        other => panic!("expected decision {a_id} to be named, got {other}"),
    }
    assert!(err.to_string().contains(a_id), "{err}");
    assert!(err.to_string().contains("log index"), "{err}");

    // Put it back: verify passes again; then a kept version is edited instead.
    sql(
        &app,
        "UPDATE public_decisions SET body = $1 WHERE id = $2",
        vec![original.into(), id_a.into()],
    )
    .await;
    conn.execute_unprepared(&on).await.unwrap();
    verify::verify_live(&app.db, &saved, &key).await.unwrap();
    let off = match app.backend {
        crate::helpers::Backend::Sqlite => "DROP TRIGGER disclosure_versions_no_update",
        crate::helpers::Backend::Postgres => "ALTER TABLE disclosure_versions DISABLE TRIGGER ALL",
    };
    conn.execute_unprepared(off).await.unwrap();
    let id_b = uuid::Uuid::parse_str(b_id).unwrap();
    let n = sql(
        &app,
        "UPDATE disclosure_versions SET body = $1 WHERE disclosure_id = $2",
        vec![forged.to_string().into(), id_b.into()],
    )
    .await;
    assert_eq!(n, 1);
    let err = verify::verify_live(&app.db, &saved, &key)
        .await
        .unwrap_err();
    match &err {
        VerifyError::Publication {
            resource_id, what, ..
        } => {
            assert_eq!(resource_id.to_string(), b_id);
            assert!(what.starts_with("disclosure version"), "{err}");
        }
        other => panic!("expected the version of {b_id} to be named, got {other}"),
    }
}

/// A resident id (GB 11643) of a person born on `born`, with its check character.
pub(crate) fn resident_id_born(born: chrono::NaiveDate) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let body = format!("210522{}001", born.format("%Y%m%d"));
    let sum: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!("{body}{}", C[(sum % 11) as usize])
}

/// 行政处罚法 art. 30 and 未成年人保护法: the resident id decides, not the tick box — a person of
/// 13 on the day is not penalised; one of 16 is, more lightly, and the decision is withheld from
/// publication although nobody ticked "minor".
async fn the_resident_id_decides_who_is_a_minor(app: TestApp) {
    let t = token(&app, "demo_officer").await;
    let editor = token(&app, "demo_editor").await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let years_ago = |n: i32| {
        use chrono::Datelike;
        let d = today();
        chrono::NaiveDate::from_ymd_opt(d.year() - n, d.month(), d.day().min(28)).unwrap()
    };
    let sanction = json!({"warning": false, "fine_fen": 5_000, "confiscation_fen": 0,
        "licence_suspension": false, "licence_revocation": false, "other": []});
    let mut outcome = Vec::new();
    for (name, age) in [("小刚", 13), ("小强", 16)] {
        let r = app
            .post(
                "/api/v1/cases",
                Some(&t),
                &json!({
                    "kind": "penalty", "procedure": "simplified",
                    "title": "未按规定使用财政票据", "category": "财政票据",
                    "party": {"kind": "natural_person", "name": name, "id_type": "resident_id",
                              "id_number": resident_id_born(years_ago(age)), "minor": false},
                    "officer_ids": [o1, o2]
                }),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let c = r.body;
        let r = app
            .post(
                &format!("/api/v1/cases/{}/transitions", c["id"].as_str().unwrap()),
                Some(&t),
                &json!({"expected_version": c["version"], "command": {"action": "decide",
                        "on": today().to_string(), "outcome": {"type": "penalty", "sanction": sanction}}}),
            )
            .await;
        outcome.push((r, c));
    }
    outcome[0].0.problem(422, "party_under_fourteen");
    assert_eq!(outcome[1].0.status, 200, "{}", outcome[1].0.body);
    let d = disclosure_of(&app, &editor, &outcome[1].0.body).await;
    assert_eq!(d["status"], "not_published", "{d}");
    assert!(d["not_published_ground"]
        .as_str()
        .unwrap()
        .contains("未成年人"));
    // The tick box said "adult": nothing of the decision reaches the public API all the same.
    assert_eq!(d["allowed_actions"], json!([]), "{d}");
    assert!(public_all(&app, "/api/public/v1/decisions", 20)
        .await
        .is_empty());
}
