//! The disclosure benchmarks, against the same release server and PostgreSQL database
//! as the others:
//!
//! 1. 1,000,000 published decisions (the public JSON of the national field set, ~900 bytes each)
//!    are generated here and loaded with `COPY` into `public_decisions` and, as their publish
//!    events, into the change feed `disclosure_changes` — what a million approvals would leave.
//! 2. The public list endpoint (page of 20, one filter: a violation type out of 50) with 64
//!    concurrent keep-alive clients for 15 s, beside `pgbench` running the same SQL (the query the
//!    server sends, prepared, random filter value) with 64 connections for 15 s.
//! 3. A portal catching up through the change feed from zero, 1,000 changes a page.
//! 4. The cost of a `304 Not Modified` answer (`If-None-Match` with the current ETag).

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many decisions the bench publishes.
pub const DECISIONS: u64 = 1_000_000;
const TYPES: u64 = 50;
const CLIENTS: usize = 64;
const SECONDS: u64 = 15;
const NOT_MODIFIED_SAMPLES: usize = 2000;

/// What the bench needs of the running server.
pub struct Target<'a> {
    pub base: &'a str,
    pub db_name: &'a str,
    pub token: &'a str,
    /// The release server binary, for a second node without the response cache.
    pub bin: &'a std::path::Path,
    pub db_url: &'a str,
    /// The main server's data directory (its keys are copied for the second node).
    pub scratch: &'a std::path::Path,
}

/// A second API node on the same database with the in-memory response cache turned off, to
/// measure what every request costs when it runs the list query.
struct UncachedNode {
    child: std::process::Child,
    base: String,
}

impl Drop for UncachedNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uncached_node(t: &Target) -> Result<UncachedNode> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let data = t.scratch.join("uncached-node");
    std::fs::create_dir_all(&data)?;
    // The same JWT secret and log signing key as the first node.
    for e in std::fs::read_dir(t.scratch)? {
        let e = e?;
        if e.file_type()?.is_file() {
            std::fs::copy(e.path(), data.join(e.file_name()))?;
        }
    }
    let child = Command::new(t.bin)
        .arg("serve")
        .env("SANXIANG_BIND", format!("127.0.0.1:{port}"))
        .env("SANXIANG_DATA_DIR", &data)
        .env("SANXIANG_DATABASE_URL", t.db_url)
        .env("SANXIANG_STATIC_DIR", data.join("none"))
        .env("RUST_LOG", "warn")
        .env("SANXIANG_PORTAL_ANONYMOUS_PER_MINUTE", "100000000")
        .env("SANXIANG_PORTAL_ANONYMOUS_BURST", "100000000")
        .env("SANXIANG_PORTAL_RESPONSE_CACHE_MIB", "0")
        .env("SANXIANG_PORTAL_WEBHOOKS_ENABLED", "false")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("second node")?;
    let node = UncachedNode {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while ureq::get(&format!("{}/api/v1/ready", node.base))
        .call()
        .is_err()
    {
        if Instant::now() > deadline {
            bail!("the second node did not start");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(node)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn psql_cmd(db: &str) -> Command {
    let mut c = Command::new("psql");
    c.args([
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "-d",
        db,
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
    ]);
    c
}

fn psql_out(db: &str, sql: &str) -> Result<String> {
    let out = psql_cmd(db).args(["-t", "-A", "-c", sql]).output()?;
    if !out.status.success() {
        bail!("psql: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn uuid_of(i: u64) -> String {
    format!("b0000000-0000-4000-8000-{i:012x}")
}

/// The public JSON of decision `i` (serde field order of `PublicDecision`; no backslashes, so it
/// goes into COPY's text format verbatim).
fn body(i: u64, agency: &str, decided_on: &str, end: &str) -> String {
    let v = i % TYPES;
    format!(
        concat!(
            r#"{{"id":"{id}","resource_type":"decision","case_kind":"penalty","party_name":"基准当事人{i}有限公司","#,
            r#""party_category":"organisation","credit_code":"91350100M000100Y43","decision_number":"桓财罚〔2026〕{i}号","#,
            r#""violation_type":"违法类型{v}","facts":"当事人未按规定设置会计账簿，伪造、变造会计凭证，经调查核实，违法事实清楚，证据确实充分。基准数据第{i}条。","#,
            r#""legal_basis":["《中华人民共和国会计法》第四十二条","《中华人民共和国会计法》第四十三条"],"categories":["警告","罚款"],"#,
            r#""content":"警告；罚款5000元","fine_wan_yuan":"0.5","confiscation_wan_yuan":"0","licence_action":null,"#,
            r#""decided_on":"{d}","publication_end":"{end}","agency_id":"{agency}","agency_name":"桓仁满族自治县财政局","#,
            r#""agency_credit_code":null,"data_source":"桓仁满族自治县财政局","version":1,"published_on":"{d}"}}"#
        ),
        id = uuid_of(i),
        i = i,
        v = v,
        d = decided_on,
        end = end,
        agency = agency,
    )
}

fn day(i: u64) -> String {
    // Spread over three years.
    let n = i % 1000;
    let year = 2024 + (n % 3);
    let month = 1 + (n / 3) % 12;
    let dom = 1 + (n / 36) % 28;
    format!("{year}-{month:02}-{dom:02}")
}

/// Loads the decisions and their feed entries in one transaction; returns the seconds it took.
fn load(t: &Target, agency: &str) -> Result<f64> {
    let mut child = psql_cmd(t.db_name)
        .args(["-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .context("psql")?;
    let started = Instant::now();
    {
        let stdin = child.stdin.as_mut().context("psql stdin")?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, stdin);
        writeln!(out, "BEGIN;")?;
        writeln!(
            out,
            "COPY public_decisions (id, agency_id, resource_type, case_kind, violation_type, decided_on, publication_end, search_text, version, body) FROM STDIN;"
        )?;
        for i in 0..DECISIONS {
            let d = day(i);
            let end = "2099-12-31";
            writeln!(
                out,
                "{}\t{agency}\tdecision\tpenalty\t违法类型{}\t{d}\t{end}\t基准当事人{i}有限公司 桓财罚〔2026〕{i}号 违法类型{} 警告；罚款5000元\t1\t{}",
                uuid_of(i),
                i % TYPES,
                i % TYPES,
                body(i, agency, &d, end)
            )?;
        }
        writeln!(out, "\\.")?;
        writeln!(
            out,
            "COPY disclosure_changes (seq, agency_id, resource_type, resource_id, version, change, resource_url, body, reason, occurred_at) FROM STDIN;"
        )?;
        for i in 0..DECISIONS {
            let d = day(i);
            writeln!(
                out,
                "{}\t{agency}\tdecision\t{}\t1\tpublish\t/api/public/v1/decisions/{}\t{}\t\\N\t2026-01-01 00:00:00+00",
                i + 1,
                uuid_of(i),
                uuid_of(i),
                body(i, agency, &d, "2099-12-31")
            )?;
        }
        writeln!(out, "\\.")?;
        writeln!(out, "UPDATE disclosure_feed_head SET seq = {DECISIONS};")?;
        writeln!(out, "COMMIT;")?;
        writeln!(out, "VACUUM ANALYZE public_decisions, disclosure_changes;")?;
        out.flush()?;
    }
    drop(child.stdin.take());
    if !child.wait()?.success() {
        bail!("loading the decisions failed");
    }
    Ok(started.elapsed().as_secs_f64())
}

/// The list query exactly as the server sends it (sea-orm, prepared).
const LIST_SQL: &str = r#"SELECT "public_decisions"."decided_on", "public_decisions"."id", "public_decisions"."body" FROM "public_decisions" WHERE "public_decisions"."resource_type" = 'decision' AND "public_decisions"."violation_type" = '违法类型' || :v ORDER BY "public_decisions"."decided_on" DESC, "public_decisions"."id" DESC LIMIT 21;"#;

fn pgbench(t: &Target, dir: &std::path::Path) -> Result<(f64, f64, String)> {
    let script = dir.join("list.sql");
    std::fs::write(
        &script,
        format!("\\set v random(0, {})\n{LIST_SQL}\n", TYPES - 1),
    )?;
    let out = Command::new("pgbench")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-n",
            "-M",
            "prepared",
            "-c",
            &CLIENTS.to_string(),
            "-j",
            "2",
            "-T",
            &SECONDS.to_string(),
            "-r",
            "-f",
        ])
        .arg(&script)
        .arg(t.db_name)
        .output()
        .context("pgbench")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!("pgbench: {}{}", text, String::from_utf8_lossy(&out.stderr));
    }
    let tps = text
        .lines()
        .find(|l| l.starts_with("tps"))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|v| v.parse::<f64>().ok())
        .context("pgbench tps")?;
    let lat = text
        .lines()
        .find(|l| l.starts_with("latency average"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    Ok((tps, lat, text))
}

struct Load {
    rps: f64,
    p50: f64,
    p99: f64,
    ok: u64,
    errors: u64,
}

fn http_load(base: &str) -> Result<Load> {
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let handles: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (done, errors, stop) = (done.clone(), errors.clone(), stop.clone());
            let base = base.to_owned();
            std::thread::spawn(move || -> Vec<f64> {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(30))
                    .build();
                let mut lat = Vec::new();
                let mut i = c as u64;
                while !stop.load(Ordering::Relaxed) {
                    i = i.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let v = (i >> 33) % TYPES;
                    let url = format!(
                        "{base}/api/public/v1/decisions?violation_type=%E8%BF%9D%E6%B3%95%E7%B1%BB%E5%9E%8B{v}"
                    );
                    let t = Instant::now();
                    let body = agent.get(&url).call().ok().and_then(|r| r.into_string().ok());
                    match body {
                        Some(body) if body.starts_with("{\"items\":[{") => {
                            done.fetch_add(1, Ordering::Relaxed);
                            lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        }
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                lat
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(SECONDS));
    stop.store(true, Ordering::Relaxed);
    let mut lat = Vec::new();
    for h in handles {
        lat.extend(h.join().unwrap_or_default());
    }
    let secs = started.elapsed().as_secs_f64();
    lat.sort_by(|a, b| a.total_cmp(b));
    let ok = done.load(Ordering::Relaxed);
    Ok(Load {
        rps: ok as f64 / secs,
        p50: percentile(&lat, 0.5),
        p99: percentile(&lat, 0.99),
        ok,
        errors: errors.load(Ordering::Relaxed),
    })
}

fn catch_up(base: &str) -> Result<(f64, u64)> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(120))
        .build();
    let started = Instant::now();
    let mut since = "0".to_owned();
    let mut seen = 0u64;
    loop {
        let v: serde_json::Value = agent
            .get(&format!(
                "{base}/api/public/v1/changes?since={since}&limit=1000"
            ))
            .call()?
            .into_json()?;
        let n = v["changes"].as_array().map_or(0, Vec::len) as u64;
        seen += n;
        since = v["next"].as_str().context("next")?.to_owned();
        if n == 0 || v["more"] != true {
            break;
        }
    }
    Ok((started.elapsed().as_secs_f64(), seen))
}

fn not_modified(base: &str) -> Result<(f64, f64, String)> {
    let agent = ureq::AgentBuilder::new().build();
    let url = format!(
        "{base}/api/public/v1/decisions?violation_type=%E8%BF%9D%E6%B3%95%E7%B1%BB%E5%9E%8B7"
    );
    let first = agent.get(&url).call()?;
    let Some(etag) = first.header("ETag").map(str::to_owned) else {
        return Ok((0.0, 0.0, "no ETag".into()));
    };
    let _ = first.into_string()?;
    let mut lat = Vec::new();
    let mut status = String::new();
    for _ in 0..NOT_MODIFIED_SAMPLES {
        let t = Instant::now();
        let r = agent.get(&url).set("If-None-Match", &etag).call()?;
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        status = r.status().to_string();
        let _ = r.into_string()?;
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    Ok((percentile(&lat, 0.5), percentile(&lat, 0.99), status))
}

/// Runs the disclosure benchmarks and returns their Markdown section.
pub fn run(t: &Target) -> Result<String> {
    let agent = ureq::AgentBuilder::new().build();
    let me: serde_json::Value = agent
        .get(&format!("{}/api/v1/me", t.base))
        .set("Authorization", &format!("Bearer {}", t.token))
        .call()?
        .into_json()?;
    let agency = me["agency"]["id"].as_str().context("agency id")?.to_owned();
    eprintln!("bench: loading {DECISIONS} published decisions");
    let load_secs = load(t, &agency)?;
    let rows = psql_out(t.db_name, "SELECT count(*) FROM public_decisions")?;
    let size = psql_out(
        t.db_name,
        "SELECT pg_size_pretty(pg_total_relation_size('public_decisions') + pg_total_relation_size('disclosure_changes'))",
    )?;
    let dir = std::env::temp_dir().join(format!("sx-bench-public-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    eprintln!("bench: public list over HTTP, {CLIENTS} clients");
    // Warm both paths once.
    let _ = http_load_warm(t.base);
    let http = http_load(t.base)?;
    eprintln!("bench: pgbench, same SQL, {CLIENTS} connections");
    let (tps, pg_lat, _) = pgbench(t, &dir)?;
    eprintln!("bench: public list over HTTP, {CLIENTS} clients, response cache off");
    let uncached = {
        let node = uncached_node(t)?;
        let _ = http_load_warm(&node.base);
        http_load(&node.base)?
    };
    eprintln!("bench: change feed catch-up");
    let (feed_secs, feed_seen) = catch_up(t.base)?;
    eprintln!("bench: 304 answers");
    let (nm50, nm99, nm_status) = not_modified(t.base)?;
    let _ = std::fs::remove_dir_all(&dir);
    let ratio = if tps > 0.0 {
        http.rps / tps * 100.0
    } else {
        0.0
    };
    let uncached_ratio = if tps > 0.0 {
        uncached.rps / tps * 100.0
    } else {
        0.0
    };
    Ok(format!(
        "## Disclosure: the portal API over {rows} published decisions (PostgreSQL)\n\n\
         Data: generated by the bench (the public JSON of the national field set, ~900 bytes each, 50 violation types, \
         decision dates over three years) and loaded with `COPY` into `public_decisions` and the change feed \
         `disclosure_changes` ({load_secs:.1} s including `VACUUM ANALYZE`; {size} on disk). \
         The list query is `GET /api/public/v1/decisions?violation_type=…` (page of 20, one filter, random type); \
         `pgbench -M prepared -c {CLIENTS} -j 2 -T {SECONDS}` runs the SQL the server sends for it (see `LIST_SQL` in xtask/src/bench_public.rs) on the same machine. \
         The HTTP clients run on the same 2 cores as the server and PostgreSQL. \
         Every public answer is a function of the change feed's head, the date and the URL, which make its strong `ETag`: \
         the server reads the feed head (one indexed query) on every request and keeps 200 answers in memory under their tag \
         (`response_cache_mib`, default 64), so a repeated list is not recomputed until something is published, corrected, withdrawn or expires. \
         The second row is a second API node on the same database with that cache turned off (`SANXIANG_PORTAL_RESPONSE_CACHE_MIB=0`): every request runs the list query.\n\n\
         | measure | target | result |\n|---|---|---|\n\
         | public list, {CLIENTS} concurrent clients, {SECONDS} s | ≥ 70 % of pgbench, p99 < 50 ms, no errors | **{rps:.0} requests/s = {ratio:.0} % of pgbench**; p50 {p50:.1} ms, p99 {p99:.1} ms; {ok} answered, {errs} errors |\n\
         | the same, response cache off (every request runs the list query) | — | {urps:.0} requests/s = {uncached_ratio:.0} % of pgbench; p50 {up50:.1} ms, p99 {up99:.1} ms; {uok} answered, {uerrs} errors |\n\
         | pgbench baseline, same SQL, {CLIENTS} connections | — | {tps:.0} transactions/s (average latency {pg_lat:.1} ms) |\n\
         | change feed catch-up from zero, 1,000 a page | < 60 s | **{feed_secs:.1} s** for {feed_seen} changes |\n\
         | `304 Not Modified` (If-None-Match), {NOT_MODIFIED_SAMPLES} sequential requests | p50 < 1 ms | **p50 {nm50:.2} ms**, p99 {nm99:.2} ms (status {nm_status}) |\n",
        rps = http.rps,
        p50 = http.p50,
        p99 = http.p99,
        ok = http.ok,
        errs = http.errors,
        urps = uncached.rps,
        up50 = uncached.p50,
        up99 = uncached.p99,
        uok = uncached.ok,
        uerrs = uncached.errors,
    ))
}

fn http_load_warm(base: &str) -> Result<()> {
    let agent = ureq::AgentBuilder::new().build();
    for v in 0..TYPES {
        let _ = agent
            .get(&format!(
                "{base}/api/public/v1/decisions?violation_type=%E8%BF%9D%E6%B3%95%E7%B1%BB%E5%9E%8B{v}"
            ))
            .call()?
            .into_string()?;
    }
    Ok(())
}
