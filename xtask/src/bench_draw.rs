//! The random-inspection benchmark, against the same release server and PostgreSQL
//! database as the others, all over HTTP:
//!
//! 1. 48 more officers with 财政 certificates (50 eligible inspectors with the two demo officers),
//!    an inspection item published through the registers (editor writes, approver reviews), and
//!    10,000 targets in credit tiers A–D imported as one CSV file.
//! 2. A plan with per-tier ratios (A 5 %, B 10 %, C 20 %, D 40 %), 2 inspectors per target and a
//!    conflict (回避) declared: fix (pool snapshot hash + seed commitment), then the draw, timed.
//!    Three plans are drawn, one after another, to show the spread.
//! 3. The published draw document re-checked by `sanxiang verify-draw` and by the independent
//!    Python script `tests/draw/verify_draw.py`.
//! 4. Opening every task (one `inspection` case per drawn target, one transaction).

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const TARGETS: usize = 10_000;
const EXTRA_OFFICERS: usize = 48;
const PLANS: usize = 3;
const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [usize; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// What the bench needs of the running server.
pub struct Target<'a> {
    pub root: &'a Path,
    pub bin: &'a Path,
    pub base: &'a str,
    pub scratch: &'a Path,
    /// Bearer tokens.
    pub admin: &'a str,
    pub officer: &'a str,
    pub editor: &'a str,
    pub approver: &'a str,
}

/// A unified social credit code with a right check character (GB 32100-2015), numbered `n`.
fn credit_code(n: usize) -> String {
    let body = format!("91210522{n:09}");
    let sum: usize = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| CHARSET.iter().position(|x| *x == c).unwrap_or(0) * w)
        .sum();
    let check = CHARSET[(31 - sum % 31) % 31] as char;
    format!("{body}{check}")
}

struct Http<'a> {
    base: &'a str,
    agent: ureq::Agent,
}

impl Http<'_> {
    fn send(&self, method: &str, token: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let req = self
            .agent
            .request(method, &format!("{}{path}", self.base))
            .set("Authorization", &format!("Bearer {token}"));
        let res = match body {
            Some(b) => req.send_json(b.clone()),
            None => req.call(),
        };
        match res {
            Ok(r) => Ok(r.into_json()?),
            Err(ureq::Error::Status(code, r)) => bail!(
                "{method} {path}: {code} {}",
                r.into_string().unwrap_or_default()
            ),
            Err(e) => Err(e.into()),
        }
    }
    fn post(&self, token: &str, path: &str, body: &Value) -> Result<Value> {
        self.send("POST", token, path, Some(body))
    }
    fn get(&self, token: &str, path: &str) -> Result<Value> {
        self.send("GET", token, path, None)
    }
}

/// The date in China (UTC+8) `offset` days from today, `YYYY-MM-DD`.
fn china_day(offset: i64) -> String {
    Command::new("date")
        .env("TZ", "CST-8")
        .arg(format!("--date={offset} days"))
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Runs the draw benchmark and returns its Markdown section.
pub fn run(t: &Target) -> Result<String> {
    let http = Http {
        base: t.base,
        agent: ureq::AgentBuilder::new()
            .timeout(std::time::Duration::from_secs(600))
            .build(),
    };
    let me = http.get(t.officer, "/api/v1/me")?;
    let agency = me["agency"]["id"].as_str().context("agency id")?.to_owned();

    // 1. Inspectors, the item, the targets.
    eprintln!("bench: {EXTRA_OFFICERS} more certified officers");
    let mut officers = Vec::new();
    for n in 0..EXTRA_OFFICERS {
        let u = http.post(
            t.admin,
            "/api/v1/users",
            &json!({"username": format!("bench_inspector{n}"), "display_name": format!("检查员{n}"),
                "password": "bench-inspector-password-9", "agency_id": agency, "roles": ["officer"]}),
        )?;
        let id = u["id"].as_str().context("user id")?.to_owned();
        http.send(
            "PUT",
            t.admin,
            &format!("/api/v1/officers/{id}"),
            Some(&json!({"name": format!("检查员{n}"), "post": "科员", "unit": "监督检查股"})),
        )?;
        http.post(
            t.admin,
            &format!("/api/v1/officers/{id}/certificates"),
            &json!({"number": format!("32000{n:05}"), "issuer": "桓仁满族自治县人民政府",
                "valid_from": "2020-01-01", "valid_until": "2035-12-31",
                "categories": ["财政"], "area": "桓仁满族自治县"}),
        )?;
        officers.push(id);
    }
    let v = http.post(
        t.editor,
        "/api/v1/registers/inspection_item",
        &json!({"content": {
            "item": "代理记账机构监督检查", "sub_item": "执业条件",
            "legal_basis": "《代理记账管理办法》第二十二条", "agency": "桓仁满族自治县财政局",
            "target_type": "代理记账机构", "content": "执业资格、内部管理制度", "ratio_percent": 10.0,
            "frequency": "每年一次", "method": "书面检查、实地核查",
            "inspector_requirements": "两名以上持证执法人员", "enforcement_category": "财政"},
            "effective_from": china_day(-1),
            "change_note": "基准测试"}),
    )?;
    let entry = v["entry_id"].as_str().context("entry_id")?.to_owned();
    let version = v["version"].clone();
    http.post(
        t.editor,
        &format!("/api/v1/registers/inspection_item/{entry}/versions/{version}/submit"),
        &json!({}),
    )?;
    http.post(
        t.approver,
        &format!("/api/v1/registers/inspection_item/{entry}/versions/{version}/review"),
        &json!({"approve": true, "comment": "同意"}),
    )?;

    let mut csv = String::from("name,credit_code,kind,tier,address,tags,last_inspected_on\n");
    let tiers = ["A", "B", "C", "D"];
    for i in 0..TARGETS {
        csv.push_str(&format!(
            "代理记账公司{i},{},单位,{},桓仁县{i}号,代理记账,\n",
            credit_code(i),
            tiers[i % 4]
        ));
    }
    eprintln!("bench: importing {TARGETS} targets");
    let started = Instant::now();
    let report: Value = match http
        .agent
        .post(&format!("{}/api/v1/inspections/targets/import", t.base))
        .set("Authorization", &format!("Bearer {}", t.officer))
        .set("Content-Type", "text/csv; charset=utf-8")
        .send_string(&csv)
    {
        Ok(r) => r.into_json()?,
        Err(ureq::Error::Status(code, r)) => {
            bail!("import: {code} {}", r.into_string().unwrap_or_default())
        }
        Err(e) => return Err(e.into()),
    };
    let import_secs = started.elapsed().as_secs_f64();
    if report["imported"] != TARGETS {
        bail!("import: {report}");
    }
    // One declared conflict (回避): the first extra officer and the first target.
    let first = http.get(t.officer, "/api/v1/inspections/targets?limit=1")?;
    let first_target = first["items"][0]["id"]
        .as_str()
        .context("target id")?
        .to_owned();
    http.post(
        t.officer,
        "/api/v1/inspections/conflicts",
        &json!({"officer_id": officers[0], "target_id": first_target, "reason": "近亲属在该单位任职"}),
    )?;

    // 2. Plans: fix, then draw (timed).
    let rules = json!({"tier_ratios_bp": {"A": 500, "B": 1000, "C": 2000, "D": 4000},
        "exclude_inspected_within_years": 3, "inspectors_per_target": 2});
    let mut draws = Vec::new();
    let mut fixes = Vec::new();
    let mut last_plan = Value::Null;
    for p in 0..PLANS {
        let plan = http.post(
            t.officer,
            "/api/v1/inspections/plans",
            &json!({"name": format!("基准测试抽查计划{p}"), "item_id": entry,
                "period_start": china_day(0),
                "period_end": china_day(60),
                "rules": rules}),
        )?;
        let id = plan["id"].as_str().context("plan id")?.to_owned();
        let started = Instant::now();
        http.post(
            t.officer,
            &format!("/api/v1/inspections/plans/{id}/fix"),
            &json!({}),
        )?;
        fixes.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        let drawn = http.post(
            t.officer,
            &format!("/api/v1/inspections/plans/{id}/draw"),
            &json!({}),
        )?;
        draws.push(started.elapsed().as_secs_f64() * 1000.0);
        if drawn["status"] != "drawn" {
            bail!("draw: {drawn}");
        }
        last_plan = drawn;
    }
    let id = last_plan["id"].as_str().context("plan id")?.to_owned();
    let selections = last_plan["result"]["selections"]
        .as_array()
        .map_or(0, Vec::len);
    let short = last_plan["result"]["selections"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| {
            let ids: std::collections::BTreeSet<&str> = s["inspector_ids"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            ids.len() < 2
        })
        .count();

    // 3. Re-checks from the public document.
    let public: Value = http
        .agent
        .get(&format!("{}/api/public/v1/draws/{id}", t.base))
        .call()?
        .into_json()?;
    let doc = t.scratch.join("draw.json");
    std::fs::write(&doc, serde_json::to_vec(&public)?)?;
    let started = Instant::now();
    let rust_ok = Command::new(t.bin)
        .arg("verify-draw")
        .arg(&doc)
        .output()?
        .status
        .success();
    let rust_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let py_ok = Command::new("python3")
        .arg(t.root.join("tests/draw/verify_draw.py"))
        .arg(&doc)
        .output()?
        .status
        .success();
    let py_secs = started.elapsed().as_secs_f64();

    // 4. Tasks.
    let started = Instant::now();
    let tasks = http.post(
        t.officer,
        &format!("/api/v1/inspections/plans/{id}/tasks"),
        &json!({}),
    )?;
    let tasks_secs = started.elapsed().as_secs_f64();

    let ms = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Ok(format!(
        "## Random inspections: a draw over {TARGETS} targets and 50 inspectors (PostgreSQL)\n\n\
         Data: generated by the bench over the API: {EXTRA_OFFICERS} officers with 财政 certificates besides the two demo \
         officers, an inspection item published through the registers, {TARGETS} targets in credit tiers A–D imported as \
         one CSV file, one declared conflict. Plan rules: tier ratios A 5 %, B 10 %, C 20 %, D 40 %, no repeat within \
         3 years, 2 inspectors per target. Times are HTTP round trips from the bench client.\n\n\
         | measure | target | result |\n|---|---|---|\n\
         | draw (`POST …/draw`: pools, seed, sanxiang-draw-v1, result stored and logged), {PLANS} plans | < 1 s | **{draws} ms** |\n\
         | fix (`POST …/fix`: pool snapshots hashed, seed committed) | — | {fixes} ms |\n\
         | drawn targets / targets with fewer than 2 distinct inspectors | — | {selections} / {short} |\n\
         | re-check of the published draw: `sanxiang verify-draw` / `tests/draw/verify_draw.py` | reproduces | {rust} in {rust_secs:.2} s / {py} in {py_secs:.2} s |\n\
         | CSV import of {TARGETS} targets | — | {import_secs:.2} s |\n\
         | opening the tasks (one `inspection` case per drawn target, one transaction) | — | {created} cases in {tasks_secs:.2} s |\n",
        draws = ms(&draws),
        fixes = ms(&fixes),
        rust = if rust_ok { "reproduced" } else { "FAILED" },
        py = if py_ok { "reproduced" } else { "FAILED" },
        created = tasks["created"],
    ))
}
