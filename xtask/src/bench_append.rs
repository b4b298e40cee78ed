//! Record appends: `CLIENTS` concurrent clients, each on its own case, through one API node or
//! spread over several nodes on one database; and their limit, `pgbench` running the statements
//! the server runs per record (crates/persistence/src/cases.rs, `append_batch`: the case locked
//! `FOR UPDATE`, then one statement advancing its record number and inserting the record, its
//! log entry and its log queue row) at the same concurrency, one record per transaction.

use crate::bench::{login, percentile, Api};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Another API node on the bench's database, with the first node's keys (its data directory's
/// files), its metrics on a port of their own; killed when dropped.
pub(crate) struct Node {
    child: Child,
    pub(crate) base: String,
    pub(crate) metrics: String,
}

impl Node {
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Starts `sanxiang serve` as node `name` beside the first (`scratch`: the first node's data
/// directory, whose key files are copied), with `env` on top of the bench's settings.
pub(crate) fn node(
    bin: &std::path::Path,
    db_url: &str,
    scratch: &std::path::Path,
    name: &str,
    env: &[(&str, &str)],
) -> Result<Node> {
    let (port, metrics_port) = (free_port()?, free_port()?);
    let data = scratch.join(name);
    std::fs::create_dir_all(&data)?;
    // The same JWT secret and log signing key as the first node.
    for e in std::fs::read_dir(scratch)? {
        let e = e?;
        if e.file_type()?.is_file() {
            std::fs::copy(e.path(), data.join(e.file_name()))?;
        }
    }
    let mut cmd = Command::new(bin);
    cmd.arg("serve")
        .env("SANXIANG_BIND", format!("127.0.0.1:{port}"))
        .env("SANXIANG_METRICS_BIND", format!("127.0.0.1:{metrics_port}"))
        .env("SANXIANG_DATA_DIR", &data)
        .env("SANXIANG_DATABASE_URL", db_url)
        .env("SANXIANG_STATIC_DIR", data.join("none"))
        .env("RUST_LOG", "warn")
        .env("SANXIANG_PORTAL_ANONYMOUS_PER_MINUTE", "100000000")
        .env("SANXIANG_PORTAL_ANONYMOUS_BURST", "100000000")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().with_context(|| format!("node {name}"))?;
    let node = Node {
        child,
        base: format!("http://127.0.0.1:{port}"),
        metrics: format!("http://127.0.0.1:{metrics_port}/metrics"),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while ureq::get(&format!("{}/api/v1/ready", node.base))
        .call()
        .is_err()
    {
        if Instant::now() > deadline {
            bail!("node {name} did not start");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(node)
}

pub(crate) fn record_body(i: usize) -> Value {
    json!({"kind": "note", "title": format!("记录{i}"), "text": "现场检查记录：当事人在场，出示执法证件，告知权利义务。".repeat(4)})
}

/// What an append run measured.
pub(crate) struct Appends {
    pub rate: f64,
    pub appended: u64,
    pub errors: u64,
    pub p50: f64,
    pub p99: f64,
}

/// One client per case for `seconds`; client `i`'s `k`-th append goes to node `(i + k) % n`,
/// so every case gets appends from every node.
pub(crate) fn appends(
    bases: &[String],
    user: &str,
    cases: &[String],
    seconds: u64,
) -> Result<Appends> {
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    // One token for all nodes: they share the JWT secret.
    let token = login(&bases[0], user)?.token().to_owned();
    let started = Instant::now();
    let handles: Vec<_> = cases
        .iter()
        .cloned()
        .enumerate()
        .map(|(c, case)| {
            let (done, errors, stop) = (done.clone(), errors.clone(), stop.clone());
            let (bases, token) = (bases.to_vec(), token.clone());
            std::thread::spawn(move || -> Vec<f64> {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(60))
                    .build();
                let mut lat = Vec::new();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let base = &bases[(c + i) % bases.len()];
                    let t = Instant::now();
                    let r = agent
                        .post(&format!("{base}/api/v1/cases/{case}/records"))
                        .set("Authorization", &format!("Bearer {token}"))
                        .send_json(record_body(i));
                    match r {
                        Ok(res) if res.status() == 201 || res.status() == 200 => {
                            let _ = res.into_string();
                            done.fetch_add(1, Ordering::Relaxed);
                            lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        }
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    i += 1;
                }
                lat
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    for h in handles {
        latencies.extend(h.join().unwrap_or_default());
    }
    let secs = started.elapsed().as_secs_f64();
    latencies.sort_by(|a, b| a.total_cmp(b));
    let appended = done.load(Ordering::Relaxed);
    Ok(Appends {
        rate: appended as f64 / secs,
        appended,
        errors: errors.load(Ordering::Relaxed),
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
    })
}

/// The statements per record, for case `case` (one pgbench script per case, equal weights: a
/// random case per transaction, as each client has its own). The record, its log entry (the
/// leaf hash of its canonical text, RFC 6962: SHA-256 of 0x00 and the bytes, as the integrator
/// checks) and the queue row are built in SQL as the server binds them as JSON.
fn append_script(case: &str, agency: &str, user: &str) -> String {
    let text = "现场检查记录：当事人在场，出示执法证件，告知权利义务。".repeat(4);
    format!(
        r#"BEGIN;
SELECT last_seq + 1 AS s FROM cases WHERE id IN (SELECT value::uuid FROM json_array_elements_text('["{case}"]'::text::json)) ORDER BY id FOR UPDATE \gset
WITH ids AS MATERIALIZED (SELECT gen_random_uuid() AS rid, gen_random_uuid() AS eid, date_trunc('milliseconds', now()) AS t),
e AS MATERIALIZED (SELECT rid, eid, t, json_build_object('kind', 'record', 'record_id', rid, 'case_id', '{case}', 'seq', :s::int, 'title', '记录', 'text', '{text}')::text AS c FROM ids),
u AS (UPDATE cases SET last_seq = v.last_seq FROM json_to_recordset(json_build_array(json_build_object('id', '{case}', 'last_seq', :s::int))) AS v(id uuid, last_seq int) WHERE cases.id = v.id RETURNING 1),
r AS (INSERT INTO case_records SELECT * FROM json_populate_recordset(NULL::case_records, (SELECT json_build_array(json_build_object('id', rid, 'case_id', '{case}', 'agency_id', '{agency}', 'seq', :s::int, 'stage', 'investigation', 'kind', 'note', 'title', '记录', 'body', '{text}', 'officers_present', '[]'::json, 'recorded_at', t, 'created_by', '{user}', 'persons_named', '[]'::json)) FROM e)) RETURNING 1),
l AS (INSERT INTO log_entries SELECT * FROM json_populate_recordset(NULL::log_entries, (SELECT json_build_array(json_build_object('id', eid, 'agency_id', '{agency}', 'case_id', '{case}', 'record_id', rid, 'kind', 'record', 'canonical', c, 'leaf_hash', encode(sha256('\x00'::bytea || convert_to(c, 'UTF8')), 'hex'), 'created_at', t)) FROM e)) RETURNING 1),
p AS (INSERT INTO log_pending SELECT * FROM json_populate_recordset(NULL::log_pending, (SELECT json_build_array(json_build_object('entry_id', eid, 'created_at', t)) FROM e)) RETURNING 1)
SELECT (SELECT count(*) FROM u) AS u, (SELECT count(*) FROM r) AS r, (SELECT count(*) FROM l) AS l;
COMMIT;
"#
    )
}

/// `pgbench -M prepared -c CLIENTS -j 2 -T seconds` over the append scripts of `cases`:
/// transactions (records) per second.
pub(crate) fn pgbench_appends(
    db_name: &str,
    api: &Api,
    cases: &[String],
    seconds: u64,
) -> Result<f64> {
    let me = api.get("/api/v1/me")?;
    let agency = me["agency"]["id"].as_str().context("agency id")?;
    let user = me["id"].as_str().context("user id")?;
    let dir = std::env::temp_dir().join(format!("sx-bench-append-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
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
        &cases.len().to_string(),
        "-j",
        "2",
        "-T",
        &seconds.to_string(),
    ]);
    for (i, case) in cases.iter().enumerate() {
        let file = dir.join(format!("append-{i}.sql"));
        std::fs::write(&file, append_script(case, agency, user))?;
        cmd.arg("-f").arg(&file);
    }
    let out = cmd.arg(db_name).output().context("pgbench")?;
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!("pgbench: {}{}", text, String::from_utf8_lossy(&out.stderr));
    }
    text.lines()
        .find(|l| l.starts_with("tps"))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|v| v.parse::<f64>().ok())
        .context("pgbench tps")
}
