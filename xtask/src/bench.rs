//! `cargo xtask bench`: the release server on a fresh PostgreSQL database, driven over HTTP.
//! Measures: record appends/s with 16 concurrent clients, the p50/p99 latency of a
//! 1,000-record case timeline, and the server's peak RSS during a 1 GiB evidence upload.
//! Results are printed and written to `BENCHMARKS.md`. This is the data generator too: rerun it.

use crate::{cargo, sh, target_dir};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "bench-password-1";
const ADMIN_PASSWORD: &str = "bench-admin-password-1";
const CLIENTS: usize = 16;
const APPEND_SECONDS: u64 = 15;
const TIMELINE_RECORDS: usize = 1000;
const TIMELINE_SAMPLES: usize = 300;
const UPLOAD_BYTES: u64 = 1024 * 1024 * 1024;

struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pg_url(db: &str) -> String {
    let base = std::env::var("SANXIANG_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    match base.rsplit_once('/') {
        Some((head, _)) => format!("{head}/{db}"),
        None => base,
    }
}

fn psql(sql: &str) -> Result<()> {
    sh(Command::new("psql").args([
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "-d",
        "postgres",
        "-q",
        "-c",
        sql,
    ]))
}

pub(crate) fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

pub(crate) struct Api {
    base: String,
    token: String,
    agent: ureq::Agent,
}

impl Api {
    /// The access token.
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    pub(crate) fn post(&self, path: &str, body: &Value) -> Result<Value> {
        let r = self
            .agent
            .post(&format!("{}{}", self.base, path))
            .set("Authorization", &format!("Bearer {}", self.token))
            .send_json(body.clone());
        match r {
            Ok(res) => Ok(res.into_json()?),
            Err(ureq::Error::Status(code, res)) => bail!(
                "POST {path}: {code} {}",
                res.into_string().unwrap_or_default()
            ),
            Err(e) => Err(e.into()),
        }
    }
    /// Uploads a file to `/api/v1/blobs`; answers its description (with `sha256`).
    pub(crate) fn upload(&self, file_name: &str, bytes: &[u8]) -> Result<Value> {
        let res = self
            .agent
            .post(&format!("{}/api/v1/blobs", self.base))
            .query("file_name", file_name)
            .set("Authorization", &format!("Bearer {}", self.token))
            .set("Content-Type", "application/octet-stream")
            .send_bytes(bytes)?;
        Ok(res.into_json()?)
    }
    pub(crate) fn put(&self, path: &str, body: &Value) -> Result<Value> {
        let r = self
            .agent
            .put(&format!("{}{}", self.base, path))
            .set("Authorization", &format!("Bearer {}", self.token))
            .send_json(body.clone());
        match r {
            Ok(res) => Ok(res.into_json()?),
            Err(ureq::Error::Status(code, res)) => bail!(
                "PUT {path}: {code} {}",
                res.into_string().unwrap_or_default()
            ),
            Err(e) => Err(e.into()),
        }
    }
    pub(crate) fn get_bytes(&self, path: &str) -> Result<Vec<u8>> {
        let res = self
            .agent
            .get(&format!("{}{}", self.base, path))
            .set("Authorization", &format!("Bearer {}", self.token))
            .call()?;
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut res.into_reader(), &mut out)?;
        Ok(out)
    }
    pub(crate) fn get(&self, path: &str) -> Result<Value> {
        let res = self
            .agent
            .get(&format!("{}{}", self.base, path))
            .set("Authorization", &format!("Bearer {}", self.token))
            .call()?;
        Ok(res.into_json()?)
    }
}

pub(crate) fn login(base: &str, user: &str) -> Result<Api> {
    login_with(base, user, PASSWORD)
}

fn login_with(base: &str, user: &str, password: &str) -> Result<Api> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(600))
        .build();
    let v: Value = agent
        .post(&format!("{base}/api/v1/auth/login"))
        .send_json(json!({"username": user, "password": password}))?
        .into_json()?;
    let token = v["access_token"]
        .as_str()
        .context("access_token")?
        .to_owned();
    Ok(Api {
        base: base.to_owned(),
        token,
        agent,
    })
}

fn new_case(api: &Api, officers: &[String], i: usize) -> Result<String> {
    let v = api.post(
        "/api/v1/cases",
        &json!({"kind": "penalty", "title": format!("基准测试案件{i}"), "category": "财政",
                "party": {"kind": "organisation", "name": format!("基准公司{i}")}, "officer_ids": officers}),
    )?;
    Ok(v["id"].as_str().context("case id")?.to_owned())
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// An MP4-looking body of `len` bytes, generated on the fly (never in memory).
struct Mp4Body {
    left: u64,
    header_sent: bool,
}

impl Read for Mp4Body {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        if !self.header_sent {
            let header: [u8; 24] = [
                0, 0, 0, 24, b'f', b't', b'y', b'p', b'i', b's', b'o', b'm', 0, 0, 2, 0, b'i',
                b's', b'o', b'm', b'm', b'p', b'4', b'1',
            ];
            let n = header.len().min(buf.len());
            buf[..n].copy_from_slice(&header[..n]);
            self.header_sent = true;
            self.left -= n as u64;
            return Ok(n);
        }
        let n = (buf.len() as u64).min(self.left) as usize;
        buf[..n].fill(0);
        self.left -= n as u64;
        Ok(n)
    }
}

/// Uploads 1 GiB to `base` while sampling the RSS of process `pid`: (peak KiB, seconds, outcome).
fn upload_sampled(base: &str, token: &str, pid: u32) -> (u64, f64, String) {
    let peak = Arc::new(AtomicU64::new(rss_kib(pid)));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let t = Instant::now();
    let up = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(1800))
        .build()
        .post(&format!("{base}/api/v1/blobs?file_name=bench.mp4"))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", "video/mp4")
        .send(Mp4Body {
            left: UPLOAD_BYTES,
            header_sent: false,
        });
    let secs = t.elapsed().as_secs_f64();
    sampling.store(false, Ordering::Relaxed);
    let _ = sampler.join();
    let outcome = match up {
        Ok(r) => format!("ok ({})", r.status()),
        Err(ureq::Error::Status(code, r)) => {
            format!("HTTP {code}: {}", r.into_string().unwrap_or_default())
        }
        Err(e) => format!("error: {e}"),
    };
    (peak.load(Ordering::Relaxed), secs, outcome)
}

/// What the upload into S3 measured.
struct S3Upload {
    idle_kib: u64,
    peak_kib: u64,
    secs: f64,
    outcome: String,
}

/// The 1 GiB upload through another node whose store is a bucket on moto's S3-compatible
/// server (the store tests' server, xtask/src/tools.rs), sampling that node's RSS.
fn s3_upload(
    root: &Path,
    bin: &Path,
    db_url: &str,
    scratch: &Path,
    token: &str,
) -> Result<S3Upload> {
    struct Moto(Child);
    impl Drop for Moto {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let moto = crate::tools::moto_server(root)?;
    let port = crate::bench_append::free_port()?;
    let _moto = Moto(
        Command::new(&moto)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("moto_server")?,
    );
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while ureq::get(&format!("{endpoint}/")).call().is_err() {
        if Instant::now() > deadline {
            bail!("moto_server did not start");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    ureq::put(&format!("{endpoint}/sx-bench")).call()?;
    let url = format!(
        "s3://sx-bench/blobs?endpoint={endpoint}&region=us-east-1&allow_http=true&access_key_id=bench&secret_access_key=bench"
    );
    let node = crate::bench_append::node(
        bin,
        db_url,
        scratch,
        "node-s3",
        &[("SANXIANG_STORE_URL", &url)],
    )?;
    let idle_kib = rss_kib(node.pid());
    let (peak_kib, secs, outcome) = upload_sampled(&node.base, token, node.pid());
    Ok(S3Upload {
        idle_kib,
        peak_kib,
        secs,
        outcome,
    })
}

/// Runs the benchmark parts named in `parts` (`cases`, `log`, `public`; all when empty) and
/// rewrites their sections of `BENCHMARKS.md`, keeping the others.
pub fn run(root: &Path, parts: &[String]) -> Result<()> {
    let want = |p: &str| parts.is_empty() || parts.iter().any(|x| x == p);
    sh(Command::new(cargo()).args([
        "build",
        "--release",
        "-p",
        "sanxiang-api",
        "--bin",
        "sanxiang",
    ]))?;
    let bin = target_dir(root)?.join("release").join("sanxiang");
    let db = format!("sx_bench_{}", std::process::id());
    psql(&format!("CREATE DATABASE {db}"))?;
    let data = std::env::temp_dir().join(&db);
    std::fs::create_dir_all(&data)?;
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let result = (|| -> Result<Vec<(&str, String)>> {
        let child = Command::new(&bin)
            .args(["serve", "--demo", "--no-seed"])
            .env("SANXIANG_BIND", format!("127.0.0.1:{port}"))
            .env("SANXIANG_DATA_DIR", &data)
            .env("SANXIANG_DATABASE_URL", pg_url(&db))
            .env("SANXIANG_DEMO_PASSWORD", PASSWORD)
            .env("SANXIANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("SANXIANG_STATIC_DIR", data.join("none"))
            .env("RUST_LOG", "warn")
            // The portal bench drives the public API far above the anonymous default limits.
            .env("SANXIANG_PORTAL_ANONYMOUS_PER_MINUTE", "100000000")
            .env("SANXIANG_PORTAL_ANONYMOUS_BURST", "100000000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let server = Server { child };
        let pid = server.child.id();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        while ureq::get(&format!("{base}/api/v1/ready")).call().is_err() {
            if Instant::now() > deadline {
                bail!("server did not start");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let idle_rss = rss_kib(pid);
        let api = login(&base, "demo_officer")?;
        let officers: Vec<String> = ["demo_officer", "demo_officer2"]
            .iter()
            .map(|u| {
                login(&base, u)
                    .and_then(|a| a.get("/api/v1/me"))
                    .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
            })
            .collect::<Result<_>>()?;

        let mut sections: Vec<(&str, String)> = Vec::new();
        if want("cases") {
            // 1. A 1 GiB upload on the fresh server while sampling its RSS.
            let (peak_kib, upload_secs, upload) = upload_sampled(&base, &api.token, pid);
            let peak_mib = peak_kib as f64 / 1024.0;
            // 1b. The same upload through a node whose store is an S3 bucket.
            let s3 = s3_upload(root, &bin, &pg_url(&db), &data, &api.token)?;
            // The kernel is still writing the upload's 1 GiB of dirty pages back to disk: let
            // it finish, or the append run below measures that disk traffic instead of appends.
            let _ = Command::new("sync").status();

            // 2. Appends with 16 concurrent clients, each on its own case.
            let cases: Vec<String> = (0..CLIENTS)
                .map(|i| new_case(&api, &officers, i))
                .collect::<Result<_>>()?;
            let one = crate::bench_append::appends(
                std::slice::from_ref(&base),
                "demo_officer",
                &cases,
                APPEND_SECONDS,
            )?;
            let append_rss = rss_kib(pid);

            // 2b. Their limit: pgbench running the statements per record, same concurrency.
            let limit = crate::bench_append::pgbench_appends(&db, &api, &cases, APPEND_SECONDS)?;

            // 2c. The same clients spread over three nodes on the one database.
            let three = {
                let nodes = [
                    crate::bench_append::node(&bin, &pg_url(&db), &data, "node-2", &[])?,
                    crate::bench_append::node(&bin, &pg_url(&db), &data, "node-3", &[])?,
                ];
                let bases = [base.clone(), nodes[0].base.clone(), nodes[1].base.clone()];
                crate::bench_append::appends(&bases, "demo_officer", &cases, APPEND_SECONDS)?
            };

            // 3. Timeline of a 1,000-record case.
            let big = new_case(&api, &officers, 999)?;
            for i in 0..TIMELINE_RECORDS - 1 {
                api.post(
                    &format!("/api/v1/cases/{big}/records"),
                    &crate::bench_append::record_body(i),
                )?;
            }
            let n = api.get(&format!("/api/v1/cases/{big}/timeline"))?["items"]
                .as_array()
                .map_or(0, Vec::len);
            let mut tl = Vec::new();
            for _ in 0..TIMELINE_SAMPLES {
                let t = Instant::now();
                let res = api
                    .agent
                    .get(&format!("{base}/api/v1/cases/{big}/timeline"))
                    .set("Authorization", &format!("Bearer {}", api.token))
                    .call()?;
                let _ = res.into_string()?;
                tl.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            tl.sort_by(|a, b| a.total_cmp(b));

            let report = format!(
            "## Results ({date}, release build, PostgreSQL 15, {cores} cores)\n\n\
             | measure | target | result |\n|---|---|---|\n\
             | record appends over HTTP, one node, {CLIENTS} concurrent clients (one case each), {APPEND_SECONDS} s | ≥ 1,000 records/s | **{rate:.0} records/s = {rate_pct:.0} % of pgbench** ({appended} appended, {errs} errors; latency p50 {p50:.1} ms, p99 {p99:.1} ms) |\n\
             | the same clients through three nodes on the one database, each client's appends spread over all three | — | **{rate3:.0} records/s = {rate3_pct:.0} % of pgbench** ({appended3} appended, {errs3} errors; latency p50 {p50_3:.1} ms, p99 {p99_3:.1} ms) |\n\
             | limit: pgbench, the statements per record (case locked, record, log entry and queue row in one statement; one record per transaction), {CLIENTS} connections | — | {limit:.0} records/s |\n\
             | timeline of a {n}-record case, {TIMELINE_SAMPLES} sequential requests | p99 ≤ 50 ms | **p50 {t50:.1} ms, p99 {t99:.1} ms** |\n\
             | 1 GiB evidence upload, server peak RSS | < 100 MB | **{peak_mib:.1} MiB** peak ({upload}, {mbps:.0} MiB/s) |\n\
             | 1 GiB evidence upload into an S3 bucket (moto's server on this machine), that node's peak RSS | < 100 MB | **{s3_peak:.1} MiB** peak, {s3_idle:.1} MiB before ({s3_outcome}, {s3_mbps:.0} MiB/s) |\n\
             | server RSS idle / after the append run | — | {idle:.1} MiB / {after:.1} MiB |\n",
            date = chrono_like_today(),
            cores = std::thread::available_parallelism().map_or(0, |n| n.get()),
            rate = one.rate,
            appended = one.appended,
            errs = one.errors,
            p50 = one.p50,
            p99 = one.p99,
            rate_pct = one.rate / limit.max(1.0) * 100.0,
            rate3 = three.rate,
            appended3 = three.appended,
            errs3 = three.errors,
            p50_3 = three.p50,
            p99_3 = three.p99,
            rate3_pct = three.rate / limit.max(1.0) * 100.0,
            t50 = percentile(&tl, 0.5),
            t99 = percentile(&tl, 0.99),
            mbps = (UPLOAD_BYTES as f64 / 1048576.0) / upload_secs,
            s3_peak = s3.peak_kib as f64 / 1024.0,
            s3_idle = s3.idle_kib as f64 / 1024.0,
            s3_outcome = s3.outcome,
            s3_mbps = (UPLOAD_BYTES as f64 / 1048576.0) / s3.secs,
            idle = idle_rss as f64 / 1024.0,
            after = append_rss as f64 / 1024.0,
        );
            sections.push(("cases", report));
        }
        // 4. The tamper-evident log with 1,000,000 entries (bench_log.rs).
        if want("log") {
            let log_report = crate::bench_log::run(&crate::bench_log::Target {
                bin: &bin,
                base: &base,
                db_name: &db,
                db_url: &pg_url(&db),
                token: &api.token,
                scratch: &data,
            })?;
            sections.push(("log", log_report));
        }
        // 5. Disclosure: the portal API over 1,000,000 published decisions (bench_public.rs).
        if want("public") {
            let public_report = crate::bench_public::run(&crate::bench_public::Target {
                base: &base,
                db_name: &db,
                token: &api.token,
                bin: &bin,
                db_url: &pg_url(&db),
                scratch: &data,
            })?;
            sections.push(("public", public_report));
        }
        // 6. Random inspections: a draw over 10,000 targets and 50 inspectors (bench_draw.rs).
        if want("draw") {
            let token = |user: &str, pw: &str| -> Result<String> {
                let v: Value = ureq::post(&format!("{base}/api/v1/auth/login"))
                    .send_json(json!({"username": user, "password": pw}))?
                    .into_json()?;
                Ok(v["access_token"]
                    .as_str()
                    .context("access_token")?
                    .to_owned())
            };
            let draw_report = crate::bench_draw::run(&crate::bench_draw::Target {
                root,
                bin: &bin,
                base: &base,
                scratch: &data,
                admin: &token("admin", ADMIN_PASSWORD)?,
                officer: &api.token,
                editor: &token("demo_editor", PASSWORD)?,
                approver: &token("demo_approver", PASSWORD)?,
            })?;
            sections.push(("draw", draw_report));
        }
        // 7. Enforcement documents (bench_documents.rs).
        if want("documents") {
            let admin = login_with(&base, "admin", ADMIN_PASSWORD)?;
            let report = crate::bench_documents::run(&base, pid, &api, &admin, &officers)?;
            sections.push(("documents", report));
        }
        drop(server);
        Ok(sections)
    })();
    // `SANXIANG_BENCH_KEEP=1` keeps the database and data directory, to profile against them.
    if std::env::var_os("SANXIANG_BENCH_KEEP").is_some() {
        eprintln!("bench: kept database {db} and {}", data.display());
    } else {
        let _ = psql(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        let _ = std::fs::remove_dir_all(&data);
    }
    let sections = result?;
    write_report(root, &sections)
}

/// Rewrites `BENCHMARKS.md` with `sections` (name, text), keeping the other sections as they were.
pub fn write_report(root: &Path, sections: &[(&str, String)]) -> Result<()> {
    let path = root.join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let mut out = String::from("# Benchmarks\n\nProduced by `cargo xtask bench [cases|log|public|draw|documents|frontend]` (xtask/src/bench*.rs): the release server with `serve --demo` on a fresh PostgreSQL database on this machine (the frontend part: SQLite, Chromium), driven over HTTP by the bench itself, which also generates the data. Rerun it to reproduce; each section is from its last run.\n\n");
    for name in ["cases", "log", "public", "draw", "documents", "frontend"] {
        let text = match sections.iter().find(|(n, _)| *n == name) {
            Some((_, t)) => t.clone(),
            None => section_of(&old, name).unwrap_or_default(),
        };
        println!("{text}");
        if !text.is_empty() {
            out.push_str(&format!(
                "<!-- section:{name} -->\n{}\n<!-- end:{name} -->\n\n",
                text.trim_end()
            ));
        }
    }
    std::fs::write(path, out)?;
    Ok(())
}

/// A section of an earlier `BENCHMARKS.md` (kept when its part is not rerun).
fn section_of(text: &str, name: &str) -> Option<String> {
    let start = format!("<!-- section:{name} -->\n");
    let end = format!("<!-- end:{name} -->");
    let a = text.find(&start)? + start.len();
    let b = a + text[a..].find(&end)?;
    Some(text[a..b].to_owned())
}

pub fn chrono_like_today() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}
