//! The disclosure benchmarks, against the same release server and PostgreSQL database
//! as the others:
//!
//! 1. 1,000,000 published decisions (the public JSON of the national field set, ~900 bytes each)
//!    are generated here and loaded with `COPY` into `public_decisions` and, as their publish
//!    events, into the change feed `disclosure_changes` — what a million approvals would leave.
//! 2. The public list with `wrk` (64 keep-alive connections, 15 s) on fresh API nodes, with the
//!    response cache off (one filter; and a varied mix of filters, pages and date ranges) and on
//!    (the mix), beside `pgbench` running the same SQL with the same weights: the limit.
//! 3. A portal catching up through the change feed from zero, 1,000 changes a page.
//! 4. The cost of a `304 Not Modified` answer (`If-None-Match` with the current ETag).

use crate::bench_append::Node;
use anyhow::{bail, Context, Result};
use std::io::Write;
use std::process::{Command, Stdio};
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

/// A fresh API node on the bench's database (crate::bench_append::node) with the response cache
/// at `cache_mib` and no webhook dispatcher.
fn node(t: &Target, name: &str, cache_mib: u32) -> Result<Node> {
    node_with(t, name, cache_mib, "0")
}

/// The same with `workers` HTTP worker threads (`"0"`: one per core, the default).
fn node_with(t: &Target, name: &str, cache_mib: u32, workers: &str) -> Result<Node> {
    let mib = cache_mib.to_string();
    crate::bench_append::node(
        t.bin,
        t.db_url,
        t.scratch,
        name,
        &[
            ("SANXIANG_PORTAL_RESPONSE_CACHE_MIB", &mib),
            ("SANXIANG_PORTAL_WEBHOOKS_ENABLED", "false"),
            ("SANXIANG_WORKERS", workers),
        ],
    )
}

/// A counter of the node's `/metrics`.
fn metric(node: &Node, name: &str) -> f64 {
    ureq::get(&node.metrics)
        .call()
        .ok()
        .and_then(|r| r.into_string().ok())
        .and_then(|text| {
            text.lines()
                .find(|l| l.split_whitespace().next() == Some(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0.0)
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

/// The mix's other two queries as the server sends them: a later page (a keyset cursor near the
/// newest decisions, as pages 2 and 3 are) and a range of decision dates.
const PAGE_SQL: &str = r#"SELECT "public_decisions"."decided_on", "public_decisions"."id", "public_decisions"."body" FROM "public_decisions" WHERE "public_decisions"."resource_type" = 'decision' AND "public_decisions"."violation_type" = '违法类型' || :v AND ("public_decisions"."decided_on" < DATE '2026-12-28' - :d::int OR ("public_decisions"."decided_on" = DATE '2026-12-28' - :d::int AND "public_decisions"."id" < 'b0000000-0000-4000-8000-00000007a120')) ORDER BY "public_decisions"."decided_on" DESC, "public_decisions"."id" DESC LIMIT 21;"#;
const RANGE_SQL: &str = r#"SELECT "public_decisions"."decided_on", "public_decisions"."id", "public_decisions"."body" FROM "public_decisions" WHERE "public_decisions"."resource_type" = 'decision' AND "public_decisions"."violation_type" = '违法类型' || :v AND "public_decisions"."decided_on" >= DATE '2024-01-01' + :a::int AND "public_decisions"."decided_on" <= DATE '2024-01-01' + :a::int + :n::int ORDER BY "public_decisions"."decided_on" DESC, "public_decisions"."id" DESC LIMIT 21;"#;

/// `pgbench -M prepared` with `CLIENTS` connections for `SECONDS` over the weighted scripts:
/// (transactions/s, average latency in ms). It connects as the server does (`PGSSLMODE`: the
/// server reaches a loopback database without TLS, crates/persistence/src/db.rs).
fn pgbench(
    t: &Target,
    dir: &std::path::Path,
    scripts: &[(&str, String, u64)],
) -> Result<(f64, f64)> {
    let mut cmd = Command::new("pgbench");
    cmd.env("PGSSLMODE", "disable").args([
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
    ]);
    for (name, sql, weight) in scripts {
        let file = dir.join(format!("{name}.sql"));
        std::fs::write(&file, sql)?;
        cmd.arg("-f").arg(format!("{}@{weight}", file.display()));
    }
    let out = cmd.arg(t.db_name).output().context("pgbench")?;
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
    Ok((tps, lat))
}

fn single_scripts() -> Vec<(&'static str, String, u64)> {
    vec![(
        "list",
        format!("\\set v random(0, {})\n{LIST_SQL}\n", TYPES - 1),
        1,
    )]
}

fn mix_scripts() -> Vec<(&'static str, String, u64)> {
    let v = format!("\\set v random(0, {})\n", TYPES - 1);
    vec![
        ("mix-list", format!("{v}{LIST_SQL}\n"), MIX_WEIGHTS.0),
        (
            "mix-page",
            format!("{v}\\set d random(0, 3)\n{PAGE_SQL}\n"),
            MIX_WEIGHTS.1,
        ),
        (
            "mix-range",
            format!("{v}\\set a random(0, 1059)\n\\set n random(7, 120)\n{RANGE_SQL}\n"),
            MIX_WEIGHTS.2,
        ),
    ]
}

struct Load {
    rps: f64,
    p50: f64,
    p99: f64,
    ok: u64,
    errors: u64,
}

/// The percent-encoded `违法类型{v}`.
fn violation_type(v: u64) -> String {
    format!("%E8%BF%9D%E6%B3%95%E7%B1%BB%E5%9E%8B{v}")
}

/// A small deterministic generator (the same mix on every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// The single-filter list: page 1 of one violation type out of 50.
fn single_paths() -> Vec<String> {
    (0..TYPES)
        .map(|v| {
            format!(
                "/api/public/v1/decisions?violation_type={}",
                violation_type(v)
            )
        })
        .collect()
}

/// The varied mix a portal sends (weights as `MIX_WEIGHTS`): page 1 of a violation type, pages 2
/// and 3 of it (cursors the server gave out, read here first), and a violation type within a
/// random range of decision dates (7 to 120 days). 10,000 draws, about 4,150 distinct URLs.
fn mix_paths(base: &str) -> Result<Vec<String>> {
    let agent = ureq::AgentBuilder::new().build();
    let firsts = single_paths();
    let mut later = Vec::new();
    for first in &firsts {
        let mut path = first.clone();
        for _ in 0..2 {
            let v: serde_json::Value = agent.get(&format!("{base}{path}")).call()?.into_json()?;
            let next = v["next"].as_str().context("a second page")?;
            path = format!("{first}&cursor={next}");
            later.push(path.clone());
        }
    }
    let mut rng = Lcg(7);
    let mut out = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        let pick = rng.below(100);
        if pick < MIX_WEIGHTS.0 {
            out.push(firsts[rng.below(firsts.len() as u64) as usize].clone());
        } else if pick < MIX_WEIGHTS.0 + MIX_WEIGHTS.1 {
            out.push(later[rng.below(later.len() as u64) as usize].clone());
        } else {
            let from = rng.below(1060) as i64;
            let to = from + 7 + rng.below(114) as i64;
            out.push(format!(
                "/api/public/v1/decisions?violation_type={}&from={}&to={}",
                violation_type(rng.below(TYPES)),
                chrono_day(from),
                chrono_day(to)
            ));
        }
    }
    Ok(out)
}

/// The date `n` days after 2024-01-01 (the first decision date of the data).
fn chrono_day(n: i64) -> String {
    let first = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    (first + chrono::Duration::days(n)).to_string()
}

/// Page 1 / pages 2–3 / a date range, in percent of the mix.
const MIX_WEIGHTS: (u64, u64, u64) = (40, 20, 40);

/// `wrk` (C, epoll, two threads like pgbench's `-j 2`) with `CLIENTS` keep-alive connections for
/// `SECONDS`, each request a random path of `paths`.
fn wrk(base: &str, paths: &[String], dir: &std::path::Path, name: &str) -> Result<Load> {
    let script = dir.join(format!("{name}.lua"));
    let mut lua = String::from("local paths = {\n");
    for p in paths {
        // Percent-encoded ASCII: nothing to escape in a Lua string.
        lua.push_str(&format!("  \"{p}\",\n"));
    }
    lua.push_str(
        "}\nlocal n = #paths\nrequest = function()\n  return wrk.format(\"GET\", paths[math.random(n)])\nend\n",
    );
    std::fs::write(&script, lua)?;
    let out = Command::new("wrk")
        .args([
            "-t",
            "2",
            "-c",
            &CLIENTS.to_string(),
            "-d",
            &format!("{SECONDS}s"),
            "--latency",
            "-s",
        ])
        .arg(&script)
        .arg(base)
        .output()
        .context("wrk")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!("wrk: {text}{}", String::from_utf8_lossy(&out.stderr));
    }
    parse_wrk(&text).with_context(|| format!("wrk's output: {text}"))
}

fn parse_wrk(text: &str) -> Result<Load> {
    let ms = |v: &str| -> Option<f64> {
        let (num, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic())?);
        let n: f64 = num.parse().ok()?;
        Some(match unit {
            "us" => n / 1000.0,
            "ms" => n,
            "s" => n * 1000.0,
            "m" => n * 60_000.0,
            _ => return None,
        })
    };
    let field = |prefix: &str, nth: usize| -> Option<String> {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(nth))
            .map(str::to_owned)
    };
    let requests: u64 = text
        .lines()
        .find(|l| l.contains(" requests in "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .context("requests")?;
    let non_2xx: u64 = field("Non-2xx or 3xx responses:", 4)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let socket: u64 = text
        .lines()
        .find(|l| l.trim().starts_with("Socket errors:"))
        .map(|l| {
            l.split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Ok(Load {
        rps: field("Requests/sec:", 1)
            .and_then(|v| v.parse().ok())
            .context("Requests/sec")?,
        p50: field("50%", 1).and_then(|v| ms(&v)).context("p50")?,
        p99: field("99%", 1).and_then(|v| ms(&v)).context("p99")?,
        ok: requests.saturating_sub(non_2xx),
        errors: non_2xx + socket,
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
    crate::tools::ensure_debian_packages(&[("/usr/bin/wrk", "wrk")])?;
    let single = single_paths();
    let mix = mix_paths(t.base)?;
    let distinct = mix.iter().collect::<std::collections::BTreeSet<_>>().len();

    eprintln!("bench: pgbench, the single-filter list, {CLIENTS} connections");
    let (tps, pg_lat) = pgbench(t, &dir, &single_scripts())?;
    eprintln!("bench: pgbench, the varied mix, {CLIENTS} connections");
    let (mix_tps, mix_pg_lat) = pgbench(t, &dir, &mix_scripts())?;

    eprintln!("bench: the varied mix over HTTP, response cache on");
    let (cached, hit_ratio) = {
        let n = node(t, "cached-node", 64)?;
        let before = (
            metric(&n, "sanxiang_response_cache_hits_total"),
            metric(&n, "sanxiang_response_cache_misses_total"),
        );
        let load = wrk(&n.base, &mix, &dir, "mix-cached")?;
        let hits = metric(&n, "sanxiang_response_cache_hits_total") - before.0;
        let misses = metric(&n, "sanxiang_response_cache_misses_total") - before.1;
        (load, hits / (hits + misses).max(1.0) * 100.0)
    };
    eprintln!("bench: the list over HTTP, response cache off");
    let (uncached, uncached_mix) = {
        let n = node(t, "uncached-node", 0)?;
        // Warm the node's connections and statements.
        let _ = wrk_warm(&n.base, &single);
        (
            wrk(&n.base, &single, &dir, "single-uncached")?,
            wrk(&n.base, &mix, &dir, "mix-uncached")?,
        )
    };
    eprintln!("bench: the list over HTTP, response cache off, one worker thread");
    let one_worker = {
        let n = node_with(t, "uncached-one-worker", 0, "1")?;
        let _ = wrk_warm(&n.base, &single);
        wrk(&n.base, &single, &dir, "single-one-worker")?
    };
    eprintln!("bench: change feed catch-up");
    let (feed_secs, feed_seen) = catch_up(t.base)?;
    eprintln!("bench: 304 answers");
    let (nm50, nm99, nm_status) = not_modified(t.base)?;
    let _ = std::fs::remove_dir_all(&dir);
    let pct = |rps: f64, limit: f64| {
        if limit > 0.0 {
            rps / limit * 100.0
        } else {
            0.0
        }
    };
    let row = |l: &Load| {
        format!(
            "p50 {:.1} ms, p99 {:.1} ms; {} answered, {} errors",
            l.p50, l.p99, l.ok, l.errors
        )
    };
    Ok(format!(
        "## Disclosure: the portal API over {rows} published decisions (PostgreSQL)\n\n\
         Data: generated by the bench (the public JSON of the national field set, ~900 bytes each, 50 violation types, \
         decision dates over three years) and loaded with `COPY` into `public_decisions` and the change feed \
         `disclosure_changes` ({load_secs:.1} s including `VACUUM ANALYZE`; {size} on disk).\n\n\
         Load: `wrk -t 2 -c {CLIENTS} -d {SECONDS}s` (keep-alive, C, two threads) against a fresh API node on the same database, \
         beside `pgbench -M prepared -c {CLIENTS} -j 2 -T {SECONDS}` running the SQL the server sends (`LIST_SQL`, `PAGE_SQL`, `RANGE_SQL` \
         in xtask/src/bench_public.rs, random values) with the same weights; each throughput is followed by its ratio to that limit, measured in the same run. \
         Both connect without TLS, as the server reaches a loopback database by default (crates/persistence/src/db.rs). \
         The clients, the server and PostgreSQL share the machine's {cores} cores.\n\n\
         - *single filter*: `GET /api/public/v1/decisions?violation_type=…`, page 1 (20 rows), one of 50 types.\n\
         - *varied mix*: {w0} % page 1 of a type, {w1} % its page 2 or 3 (the cursors the server gave out), {w2} % a type within a random range of decision dates \
         (7–120 days): 10,000 draws, {distinct} distinct URLs.\n\
         - *response cache off*: `SANXIANG_PORTAL_RESPONSE_CACHE_MIB=0`, every request runs its query. *On*: the default 64 MiB; every public answer is a \
         function of the change feed's head, the date and the URL, which make its strong `ETag` (crates/api/src/portal/access.rs), and a 200 answer is kept \
         under its tag until something is published, corrected, withdrawn or expires; the hit ratio is read from the node's `/metrics`.\n\n\
         | measure | target | result |\n|---|---|---|\n\
         | single filter, response cache off | ≥ 70 % of pgbench, p99 < 50 ms, no errors | **{u_rps:.0} requests/s = {u_pct:.0} % of pgbench**; {u_row} |\n\
         | the same, one HTTP worker thread (`SANXIANG_WORKERS=1`; the default is one per core) | — | {w1_rps:.0} requests/s = {w1_pct:.0} % of pgbench; {w1_row} |\n\
         | varied mix, response cache off | — | {um_rps:.0} requests/s = {um_pct:.0} % of pgbench; {um_row} |\n\
         | varied mix, response cache on | — | {c_rps:.0} requests/s = {c_pct:.0} % of pgbench; {c_row}; cache hits {hit_ratio:.1} % |\n\
         | limit: pgbench, single filter | — | {tps:.0} transactions/s (average latency {pg_lat:.1} ms) |\n\
         | limit: pgbench, varied mix | — | {mix_tps:.0} transactions/s (average latency {mix_pg_lat:.1} ms) |\n\
         | change feed catch-up from zero, 1,000 a page | < 60 s | **{feed_secs:.1} s** for {feed_seen} changes |\n\
         | `304 Not Modified` (If-None-Match), {NOT_MODIFIED_SAMPLES} sequential requests | p50 < 1 ms | **p50 {nm50:.2} ms**, p99 {nm99:.2} ms (status {nm_status}) |\n",
        cores = std::thread::available_parallelism().map_or(1, |n| n.get()),
        w0 = MIX_WEIGHTS.0,
        w1 = MIX_WEIGHTS.1,
        w2 = MIX_WEIGHTS.2,
        u_rps = uncached.rps,
        u_pct = pct(uncached.rps, tps),
        u_row = row(&uncached),
        w1_rps = one_worker.rps,
        w1_pct = pct(one_worker.rps, tps),
        w1_row = row(&one_worker),
        um_rps = uncached_mix.rps,
        um_pct = pct(uncached_mix.rps, mix_tps),
        um_row = row(&uncached_mix),
        c_rps = cached.rps,
        c_pct = pct(cached.rps, mix_tps),
        c_row = row(&cached),
    ))
}

/// A few requests of each path, to open the node's connections and prepare its statements.
fn wrk_warm(base: &str, paths: &[String]) -> Result<()> {
    let agent = ureq::AgentBuilder::new().build();
    for p in paths {
        let _ = agent.get(&format!("{base}{p}")).call()?.into_string()?;
    }
    Ok(())
}
