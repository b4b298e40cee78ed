//! Random inspections (双随机、一公开): pools, CSV import with its
//! rejection report, conflicts of interest, plans, the verifiable draw (reproduced by an
//! independent Python script), tasks, cancellation.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use sanxiang_domain::disclosure::registers::{InspectionItem, RegisterContent, RegisterType};
use sanxiang_persistence::{accounts, registers};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

on_both_databases!(
    draw_over_ten_thousand_targets_is_reproducible,
    csv_report_tasks_and_cancellation,
);

const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A credit code with a right check character (GB 32100-2015), numbered `n`.
pub(crate) fn credit_code(n: usize) -> String {
    let body = format!("91210522{n:09}");
    let sum: usize = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| CHARSET.iter().position(|x| *x == c).unwrap() * w)
        .sum();
    let check = CHARSET[(31 - sum % 31) % 31] as char;
    format!("{body}{check}")
}

/// The same code with a wrong check character.
fn bad_credit_code(n: usize) -> String {
    let good = credit_code(n);
    let last = good.chars().last().unwrap();
    let wrong = if last == '0' { '1' } else { '0' };
    format!("{}{wrong}", &good[..17])
}

async fn uid(app: &TestApp, username: &str) -> String {
    accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string()
}

fn china_today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// Publishes an inspection item (随机抽查事项) for the demo agency, retrying when SQLite reports
/// a busy database (these direct repository calls bypass the server's write gate).
pub(crate) async fn published_item(app: &TestApp) -> String {
    for _ in 0..10 {
        let app = app.clone();
        let attempt = actix_web::rt::spawn(async move { try_published_item(&app).await });
        if let Ok(id) = attempt.await {
            return id;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("could not publish the inspection item");
}

/// Writes the item as one person and approves it as another.
async fn try_published_item(app: &TestApp) -> String {
    let author = uid(app, "demo_officer").await.parse().unwrap();
    let reviewer = uid(app, "demo_editor").await.parse().unwrap();
    let agency = accounts::find_credentials(&app.db, "demo_officer")
        .await
        .unwrap()
        .unwrap()
        .0
        .agency_id;
    let now = chrono::Utc::now();
    let v = registers::create_entry(
        &app.db,
        agency,
        registers::DraftInput {
            content: RegisterContent::InspectionItem(InspectionItem {
                item: "代理记账机构监督检查".into(),
                sub_item: String::new(),
                legal_basis: "《代理记账管理办法》第二十三条".into(),
                agency: "桓仁满族自治县财政局".into(),
                target_type: "代理记账机构".into(),
                content: "代理记账资格、业务开展情况".into(),
                ratio_percent: 5.0,
                frequency: "每年一次".into(),
                method: "书面检查、实地核查".into(),
                inspector_requirements: "每个检查对象不少于2名持证执法人员".into(),
                enforcement_category: "财政".into(),
            }),
            effective_from: china_today() - chrono::Duration::days(30),
            effective_until: None,
            change_note: "首次发布".into(),
        },
        author,
        now,
    )
    .await
    .unwrap();
    registers::submit(
        &app.db,
        agency,
        RegisterType::InspectionItem,
        v.entry_id,
        v.version,
        author,
        now,
    )
    .await
    .unwrap();
    registers::review(
        &app.db,
        agency,
        RegisterType::InspectionItem,
        v.entry_id,
        v.version,
        reviewer,
        true,
        None,
        now,
    )
    .await
    .unwrap();
    v.entry_id.to_string()
}

/// A new certified officer (财政) in the demo agency.
async fn certified_officer(app: &TestApp, admin: &str, n: usize, until: &str) -> String {
    let agency = accounts::find_credentials(&app.db, "demo_officer")
        .await
        .unwrap()
        .unwrap()
        .0
        .agency_id;
    let r = app
        .post(
            "/api/v1/users",
            Some(admin),
            &json!({"username": format!("inspector{n}"), "display_name": format!("检查员{n}"),
                "password": "officer-password-9", "agency_id": agency, "roles": ["officer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .send_json(
            "PUT",
            &format!("/api/v1/officers/{id}"),
            Some(admin),
            &json!({"name": format!("检查员{n}"), "post": "科员", "unit": "监督检查股"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/officers/{id}/certificates"),
            Some(admin),
            &json!({"number": format!("31000{n:05}"), "issuer": "桓仁满族自治县人民政府",
                "valid_from": "2020-01-01", "valid_until": until,
                "categories": ["财政"], "area": "桓仁满族自治县"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    id
}

/// Posts a CSV file; returns (status, JSON body).
pub(crate) async fn import_csv(app: &TestApp, token: &str, csv: String) -> (u16, Value) {
    let mut res = app
        .client
        .post(app.url("/api/v1/inspections/targets/import"))
        .bearer_auth(token)
        .insert_header(("content-type", "text/csv; charset=utf-8"))
        .send_body(csv)
        .await
        .unwrap();
    let body = res.body().limit(64 * 1024 * 1024).await.unwrap();
    (
        res.status().as_u16(),
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let c = app.db.connection();
    let row = c
        .query_one(Statement::from_string(c.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// A new HTTP client: the test thread blocks while Python runs, and a pooled keep-alive
/// connection may be closed by the server meanwhile.
fn fresh_client(app: &mut TestApp) {
    app.client = awc::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .finish();
}

/// Runs the independent Python verifier on a draw document; returns (exit code, output).
fn python_verify(doc: &Value) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("sx-draw-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("draw.json");
    std::fs::write(&file, serde_json::to_vec(doc).unwrap()).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("draw/verify_draw.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(&file)
        .output()
        .expect("python3 on PATH");
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

async fn draw_over_ten_thousand_targets_is_reproducible(mut app: TestApp) {
    let admin = app.admin().await;
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let item = published_item(&app).await;

    // Inspectors: the two demo officers (财政 certificates 2024–2029), 48 more, and one whose
    // certificate has expired: 50 eligible (行政处罚法 art. 42).
    let mut inspectors = vec![
        uid(&app, "demo_officer").await,
        uid(&app, "demo_officer2").await,
    ];
    for n in 0..48 {
        inspectors.push(certified_officer(&app, &admin, n, "2029-12-31").await);
    }
    let expired = certified_officer(&app, &admin, 99, "2021-12-31").await;

    // 10,000 targets in tiers A–D, plus one in tier E; 300 inspected last year (excluded by the
    // "no repeat within 3 years" rule), 300 inspected five years ago (eligible).
    let last_year = (china_today() - chrono::Duration::days(365)).to_string();
    let long_ago = (china_today() - chrono::Duration::days(5 * 366)).to_string();
    let mut csv = String::from("name,credit_code,kind,tier,address,tags,last_inspected_on\n");
    let tiers = ["A", "B", "C", "D"];
    for i in 0..10_000 {
        let last = match i % 33 {
            0 if i < 9_900 => last_year.as_str(),
            1 if i < 9_900 => long_ago.as_str(),
            _ => "",
        };
        csv.push_str(&format!(
            "代理记账公司{i},{},单位,{},桓仁县{i}号,代理记账,{last}\n",
            credit_code(i),
            tiers[i % 4]
        ));
    }
    csv.push_str(&format!(
        "重点监管公司,{},单位,E,桓仁县,重点,\n",
        credit_code(10_000)
    ));
    let started = Instant::now();
    let (status, report) = import_csv(&app, &t, csv).await;
    println!(
        "[{:?}] CSV import of 10,001 rows: {:?}",
        app.backend,
        started.elapsed()
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["imported"], 10_001, "{}", report["rejected"]);
    assert_eq!(report["rejected"], json!([]));

    // The tier-E target: 47 of the 50 inspectors declared a conflict (回避) with it.
    let page = app
        .get("/api/v1/inspections/targets?tier=E", Some(&t))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let special = page.body["items"][0]["id"].as_str().unwrap().to_owned();
    for officer in &inspectors[3..] {
        let r = app
            .post(
                "/api/v1/inspections/conflicts",
                Some(&t),
                &json!({"officer_id": officer, "target_id": special, "reason": "近亲属在该单位任职"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let allowed: HashSet<&str> = inspectors[..3].iter().map(String::as_str).collect();

    let rules = json!({"tier_ratios_bp": {"A": 500, "B": 1000, "C": 2000, "D": 4000, "E": 10000},
        "exclude_inspected_within_years": 3, "inspectors_per_target": 2});
    let r = app
        .get(
            "/api/v1/inspections/preview?category=%E8%B4%A2%E6%94%BF&tier_ratios=A:500,B:1000,C:2000,D:4000,E:10000&exclude_inspected_within_years=3",
            Some(&t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["eligible_inspectors"], 50);
    let preview: BTreeMap<String, Value> = r.body["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["tier"].as_str().unwrap().to_owned(), x.clone()))
        .collect();
    assert_eq!(preview["A"]["pool"], 2500);

    let r = app
        .post(
            "/api/v1/inspections/plans",
            Some(&t),
            &json!({"name": "2026年代理记账机构双随机抽查", "item_id": item,
                "period_start": china_today().to_string(),
                "period_end": (china_today() + chrono::Duration::days(60)).to_string(),
                "rules": rules}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "draft");
    assert_eq!(r.body["category"], "财政");
    let id = r.body["id"].as_str().unwrap().to_owned();
    // A draft is not public.
    app.get(&format!("/api/public/v1/draws/{id}"), None)
        .await
        .problem(404, "not_found");

    // Fix: the snapshot hash and the seed commitment are published, the seed is not.
    let r = app
        .post(
            &format!("/api/v1/inspections/plans/{id}/fix"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "fixed");
    let commitment = r.body["commitment"].as_str().unwrap().to_owned();
    assert_eq!(commitment.len(), 64);
    assert!(r.body["seed"].is_null());
    let before = app.get(&format!("/api/public/v1/draws/{id}"), None).await;
    assert_eq!(before.status, 200);
    assert!(before.body["seed"].is_null());
    assert_eq!(before.body["commitment"], commitment.as_str());
    assert_eq!(
        before.body["snapshot"]["targets"].as_array().unwrap().len(),
        10_001
    );
    assert_eq!(
        before.body["snapshot"]["inspectors"]
            .as_array()
            .unwrap()
            .len(),
        51
    );
    assert!(before.body["snapshot"]["targets"][0]
        .get("address")
        .is_none());
    let (code, out) = python_verify(&before.body);
    assert_eq!(code, 0, "{out}");
    fresh_client(&mut app);

    let started = Instant::now();
    let r = app
        .post(
            &format!("/api/v1/inspections/plans/{id}/draw"),
            Some(&t),
            &json!({}),
        )
        .await;
    println!(
        "[{:?}] draw over 10,001 targets and 51 inspectors (HTTP round trip): {:?}",
        app.backend,
        started.elapsed()
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "drawn");
    let plan = r.body;
    let seed = plan["seed"].as_str().unwrap();
    use sha2::Digest;
    let digest = sha2::Sha256::digest(
        (0..32)
            .map(|i| u8::from_str_radix(&seed[2 * i..2 * i + 2], 16).unwrap())
            .collect::<Vec<u8>>(),
    );
    let digest: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(digest, commitment);

    // Ratios per tier honoured: ceil(eligible × ratio).
    let selections = plan["result"]["selections"].as_array().unwrap();
    let mut per_tier: HashMap<&str, u64> = HashMap::new();
    for s in selections {
        *per_tier.entry(s["tier"].as_str().unwrap()).or_default() += 1;
    }
    for summary in plan["result"]["tiers"].as_array().unwrap() {
        let tier = summary["tier"].as_str().unwrap();
        let eligible = summary["eligible"].as_u64().unwrap();
        let bp = rules["tier_ratios_bp"][tier].as_u64().unwrap();
        let quota = (eligible * bp).div_ceil(10_000);
        assert_eq!(summary["quota"].as_u64().unwrap(), quota, "{summary}");
        assert_eq!(
            per_tier.get(tier).copied().unwrap_or(0),
            quota,
            "tier {tier}"
        );
        assert_eq!(summary["eligible"], preview[tier]["eligible"]);
    }
    // Recently inspected targets excluded; targets inspected five years ago eligible.
    let snapshot: HashMap<&str, &Value> = before.body["snapshot"]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_str().unwrap(), t))
        .collect();
    let mut old_drawn = 0;
    for s in selections {
        let target = snapshot[s["target_id"].as_str().unwrap()];
        assert_ne!(target["last_inspected_on"], last_year.as_str());
        if target["last_inspected_on"] == long_ago.as_str() {
            old_drawn += 1;
        }
        // At least two distinct inspectors, none expired, none in conflict.
        let ins: HashSet<&str> = s["inspector_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(ins.len(), 2, "{s}");
        assert!(!ins.contains(expired.as_str()));
        if s["target_id"] == special.as_str() {
            assert!(ins.is_subset(&allowed), "conflict not excluded: {s}");
        }
    }
    assert!(old_drawn > 0);
    assert!(selections
        .iter()
        .any(|s| s["target_id"] == special.as_str()));

    // A draw is made once.
    app.post(
        &format!("/api/v1/inspections/plans/{id}/draw"),
        Some(&t),
        &json!({}),
    )
    .await
    .problem(409, "draw_already_made");
    app.post(
        &format!("/api/v1/inspections/plans/{id}/fix"),
        Some(&t),
        &json!({}),
    )
    .await
    .problem(409, "plan_already_fixed");

    // The public draw is reproduced by the independent script and by `sanxiang verify-draw`.
    let public = app.get(&format!("/api/public/v1/draws/{id}"), None).await;
    assert_eq!(public.status, 200);
    assert_eq!(
        public.body["result"]["selections"],
        plan["result"]["selections"]
    );
    let started = Instant::now();
    let (code, out) = python_verify(&public.body);
    println!(
        "[{:?}] python verify_draw.py: {:?}",
        app.backend,
        started.elapsed()
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("result ("), "{out}");
    let (_, report) =
        sanxiang_api::verify_draw::verify_json(&serde_json::to_string(&public.body).unwrap())
            .unwrap();
    assert!(report.ok(), "{report:?}");
    // A steered result is caught by both.
    let mut steered = public.body.clone();
    steered["result"]["selections"][0]["inspector_ids"][0] = json!(expired);
    let (code, out) = python_verify(&steered);
    assert_eq!(code, 1, "{out}");
    fresh_client(&mut app);
    let (_, report) =
        sanxiang_api::verify_draw::verify_json(&serde_json::to_string(&steered).unwrap()).unwrap();
    assert_eq!(report.result_ok, Some(false));

    // Both publications are in the tamper-evident log and the change feed.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM log_entries WHERE kind = 'inspection_draw'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM disclosure_changes WHERE resource_type = 'inspection_draw'"
        )
        .await,
        2
    );
    // The events cannot be altered.
    let c = app.db.connection();
    assert!(c
        .execute(Statement::from_string(
            c.get_database_backend(),
            "UPDATE inspection_draw_events SET body = '{}'"
        ))
        .await
        .is_err());
}

async fn csv_report_tasks_and_cancellation(app: TestApp) {
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let item = published_item(&app).await;

    // Row-by-row rejection report.
    let r = app
        .post(
            "/api/v1/inspections/targets",
            Some(&t),
            &json!({"name": "已有公司", "credit_code": credit_code(1), "kind": "organisation", "tier": "A"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let first_id = r.body["id"].as_str().unwrap().to_owned();
    let csv = format!(
        "名称,统一社会信用代码,类型,信用等级,地址,标签,上次检查日期\n\
         甲公司,{},单位,A,桓仁县,代理记账,\n\
         乙公司,{},单位,B,,,\n\
         丙公司,{},单位,B,,,\n\
         丁公司,{},单位,B,,,\n\
         ,{},单位,C,,,\n\
         戊公司,,单位,C,,,\n\
         己个体户,,个人,C,,,\n\
         庚公司,{},单位,A B,,,2026/01/01\n\
         辛公司,{},社团,D,,,\n",
        credit_code(2),
        bad_credit_code(3),
        credit_code(4),
        credit_code(4),
        credit_code(5),
        credit_code(6),
        credit_code(1),
    );
    let (status, report) = import_csv(&app, &t, csv).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["rows"], 9);
    assert_eq!(report["imported"], 3, "{report}"); // 甲, 丙 and 己 (a person needs no code)
    let reasons: BTreeMap<u64, Vec<String>> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| {
                        format!(
                            "{}:{}",
                            x["field"].as_str().unwrap(),
                            x["reason"].as_str().unwrap()
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    assert_eq!(reasons[&3], vec!["credit_code:bad_check_character"]);
    assert_eq!(reasons[&5], vec!["credit_code:duplicate"]); // twice in the file
    assert_eq!(reasons[&6], vec!["name:missing"]);
    assert_eq!(reasons[&7], vec!["credit_code:missing"]); // an organisation needs its code
    assert_eq!(
        reasons[&9],
        vec!["tier:invalid_tier", "last_inspected_on:bad_date"]
    );
    assert_eq!(reasons[&10], vec!["kind:unknown_kind"]);
    assert_eq!(reasons.len(), 6, "{report}");
    // A credit code already in the pool is a duplicate too.
    let (_, again) = import_csv(
        &app,
        &t,
        format!(
            "name,credit_code,kind,tier\n重复公司,{},organisation,A\n",
            credit_code(1)
        ),
    )
    .await;
    assert_eq!(again["imported"], 0);
    assert_eq!(again["rejected"][0]["reasons"][0]["reason"], "duplicate");
    // Unknown columns refuse the file.
    let (status, bad) = import_csv(&app, &t, "名字,代码\nx,y\n".into()).await;
    assert_eq!(status, 422, "{bad}");

    // Typed targets are checked the same way; edits keep the id.
    app.post(
        "/api/v1/inspections/targets",
        Some(&t),
        &json!({"name": "错码公司", "credit_code": bad_credit_code(7), "kind": "organisation", "tier": "A"}),
    )
    .await
    .problem(422, "validation_failed");
    let r = app
        .send_json(
            "PUT",
            &format!("/api/v1/inspections/targets/{first_id}"),
            Some(&t),
            &json!({"name": "已有公司（更名）", "credit_code": credit_code(1), "kind": "organisation", "tier": "B", "tags": ["重点"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["tier"], "B");

    // Plan rules: at least two inspectors per target (行政处罚法 art. 42).
    let plan = |rules: Value| {
        json!({"name": "小规模抽查", "item_id": item, "period_start": "2026-12-01",
            "period_end": "2026-12-31", "rules": rules})
    };
    app.post(
        "/api/v1/inspections/plans",
        Some(&t),
        &plan(json!({"count": 3, "inspectors_per_target": 1})),
    )
    .await
    .problem(422, "too_few_inspectors_per_target");
    app.post(
        "/api/v1/inspections/plans",
        Some(&t),
        &plan(json!({"count": 3, "ratio_bp": 500})),
    )
    .await
    .problem(422, "quota_ambiguous");
    app.post(
        "/api/v1/inspections/plans",
        Some(&t),
        &json!({"name": "无效事项", "item_id": uuid::Uuid::new_v4(), "period_start": "2026-12-01",
            "period_end": "2026-12-31", "rules": {"count": 1}}),
    )
    .await
    .problem(422, "validation_failed");

    // Draw before fixing is refused.
    let r = app
        .post(
            "/api/v1/inspections/plans",
            Some(&t),
            &plan(json!({"count": 3})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    app.post(
        &format!("/api/v1/inspections/plans/{id}/draw"),
        Some(&t),
        &json!({}),
    )
    .await
    .problem(409, "plan_not_fixed");
    app.post(
        &format!("/api/v1/inspections/plans/{id}/tasks"),
        Some(&t),
        &json!({}),
    )
    .await
    .problem(409, "plan_not_drawn");

    // Fix, draw, then tasks: one inspection case per drawn target, assigned to the drawn pair.
    let r = app
        .post(
            &format!("/api/v1/inspections/plans/{id}/fix"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/inspections/plans/{id}/draw"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let selections = r.body["result"]["selections"].as_array().unwrap().clone();
    assert_eq!(selections.len(), 3);
    let r = app
        .post(
            &format!("/api/v1/inspections/plans/{id}/tasks"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, json!({"created": 3, "existing": 0}));
    let r = app
        .post(
            &format!("/api/v1/inspections/plans/{id}/tasks"),
            Some(&t),
            &json!({}),
        )
        .await;
    assert_eq!(r.body, json!({"created": 0, "existing": 3}));
    let r = app
        .get(
            &format!("/api/v1/inspections/plans/{id}/progress"),
            Some(&t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["total"], 3);
    assert_eq!(r.body["by_stage"], json!([{"stage": "task", "count": 3}]));
    let task = &r.body["tasks"][0];
    let case_id = task["case_id"].as_str().unwrap();
    let c = app.get(&format!("/api/v1/cases/{case_id}"), Some(&t)).await;
    assert_eq!(c.status, 200, "{}", c.body);
    assert_eq!(c.body["kind"], "inspection");
    let mut officers: Vec<String> = c.body["officers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    officers.sort();
    let mut drawn: Vec<String> = task["inspector_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    drawn.sort();
    assert_eq!(officers, drawn);

    // The task carried to its result: the on-site stage needs its record (检查笔录, 行政处罚法
    // art. 55) and two certified officers; the result becomes a disclosure draft due within 20
    // working days (双随机 rules), public in /api/public/v1/inspections once reviewed.
    let today = china_today().to_string();
    let version = |b: &Value| b["version"].clone();
    let transition = |v: Value, cmd: Value| {
        let app = app.clone();
        let t = t.clone();
        let case_id = case_id.to_owned();
        async move {
            app.post(
                &format!("/api/v1/cases/{case_id}/transitions"),
                Some(&t),
                &json!({"expected_version": v, "command": cmd}),
            )
            .await
        }
    };
    let r = transition(version(&c.body), json!({"action": "complete", "on": today})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["stage"], "on_site_inspection");
    let r2 = transition(version(&r.body), json!({"action": "complete", "on": today})).await;
    r2.problem(422, "on_site_record_missing");
    let rec = app
        .post(
            &format!("/api/v1/cases/{case_id}/records"),
            Some(&t),
            &json!({"kind": "transcript", "title": "现场检查笔录",
                "text": "检查人员出示执法证件，对代理记账资格、业务开展情况进行了现场检查。",
                "officer_ids_present": drawn}),
        )
        .await;
    assert_eq!(rec.status, 201, "{}", rec.body);
    let c = app.get(&format!("/api/v1/cases/{case_id}"), Some(&t)).await;
    let r = transition(version(&c.body), json!({"action": "complete", "on": today})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["stage"], "result");
    let r = transition(
        version(&r.body),
        json!({"action": "record_result", "on": today, "result": {"type": "no_problem"}}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let editor = app.login("demo_editor", DEMO_PASSWORD).await.0;
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let list = app
        .get(
            &format!("/api/v1/disclosures?case_id={case_id}"),
            Some(&editor),
        )
        .await;
    assert_eq!(list.status, 200, "{}", list.body);
    let d = &list.body["items"][0];
    assert_eq!(d["resource_type"], "inspection_result", "{d}");
    let did = d["id"].as_str().unwrap().to_owned();
    let d = app
        .get(&format!("/api/v1/disclosures/{did}"), Some(&editor))
        .await;
    assert_eq!(d.status, 200, "{}", d.body);
    let d = app
        .post(
            &format!("/api/v1/disclosures/{did}/submission"),
            Some(&editor),
            &json!({"expected_version": d.body["version"]}),
        )
        .await;
    assert_eq!(d.status, 200, "{}", d.body);
    let d = app
        .post(
            &format!("/api/v1/disclosures/{did}/review"),
            Some(&approver),
            &json!({"expected_version": d.body["version"], "approve": true}),
        )
        .await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert_eq!(d.body["status"], "published");
    let public = app.get("/api/public/v1/inspections", None).await;
    assert_eq!(public.status, 200, "{}", public.body);
    let item = public.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == did.as_str())
        .cloned()
        .expect("the inspection result is public");
    assert_eq!(item["resource_type"], "inspection_result", "{item}");
    assert!(!item.to_string().contains("桓仁县"), "no address: {item}");

    // Cancelling needs a reason, and is published with it.
    app.post(
        &format!("/api/v1/inspections/plans/{id}/cancel"),
        Some(&t),
        &json!({"reason": "   "}),
    )
    .await
    .problem(422, "reason_required");
    let r = app
        .post(
            &format!("/api/v1/inspections/plans/{id}/cancel"),
            Some(&t),
            &json!({"reason": "检查对象名录有误，重新制定计划"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "cancelled");
    let public = app.get(&format!("/api/public/v1/draws/{id}"), None).await;
    assert_eq!(public.body["status"], "cancelled");
    assert_eq!(
        public.body["cancel_reason"],
        "检查对象名录有误，重新制定计划"
    );
    app.post(
        &format!("/api/v1/inspections/plans/{id}/draw"),
        Some(&t),
        &json!({}),
    )
    .await
    .problem(409, "plan_cancelled");
    app.post(
        &format!("/api/v1/inspections/plans/{id}/cancel"),
        Some(&t),
        &json!({"reason": "再次取消"}),
    )
    .await
    .problem(409, "plan_cancelled");

    // Another agency's plan is not found; staff of other roles cannot draw.
    let editor = app.login("demo_editor", DEMO_PASSWORD).await.0;
    app.post(
        &format!("/api/v1/inspections/plans/{id}/draw"),
        Some(&editor),
        &json!({}),
    )
    .await
    .problem(403, "forbidden");
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "本溪市财政局", "short_name": "本财"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let other = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "other_officer", "display_name": "外局", "password": "officer-password-9",
                "agency_id": other, "roles": ["officer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let stranger = app.login("other_officer", "officer-password-9").await.0;
    app.get(&format!("/api/v1/inspections/plans/{id}"), Some(&stranger))
        .await
        .problem(404, "not_found");
    app.post(
        &format!("/api/v1/inspections/plans/{id}/cancel"),
        Some(&stranger),
        &json!({"reason": "x"}),
    )
    .await
    .problem(404, "not_found");
    let r = app
        .get("/api/v1/inspections/targets", Some(&stranger))
        .await;
    assert_eq!(r.body["items"], json!([]));
}
