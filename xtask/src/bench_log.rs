//! The tamper-evident log's benchmarks, run by `cargo xtask bench` against the same
//! release server and PostgreSQL database as the others:
//!
//! 1. 1,000,000 log entries (RFC 8785 canonical JSON, ~400 bytes each, with their leaf hashes)
//!    are generated here and loaded in one transaction with `COPY` into `log_entries` and
//!    `log_pending`, as if written by many request transactions; the server's integrator then
//!    integrates them, and the sustained rate is the entries over the time from that commit to
//!    a signed checkpoint covering them all.
//! 2. p50/p99 latency of inclusion and consistency proofs over HTTP, random indexes and sizes.
//! 3. `sanxiang verify --checkpoint` (the release binary) over the whole log, beside this
//!    machine's raw SHA-256 speed (`openssl speed`).

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How many entries the bench loads.
pub const ENTRIES: u64 = 1_000_000;
const PROOF_SAMPLES: usize = 500;
const INTEGRATE_TIMEOUT: Duration = Duration::from_secs(600);

/// Everything the log bench needs of the running server.
pub struct Target<'a> {
    pub bin: &'a Path,
    pub base: &'a str,
    pub db_name: &'a str,
    pub db_url: &'a str,
    pub token: &'a str,
    pub scratch: &'a Path,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn get_text(agent: &ureq::Agent, url: &str, token: Option<&str>) -> Result<String> {
    let mut req = agent.get(url);
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    match req.call() {
        Ok(r) => Ok(r.into_string()?),
        Err(ureq::Error::Status(code, r)) => {
            bail!("GET {url}: {code} {}", r.into_string().unwrap_or_default())
        }
        Err(e) => Err(e.into()),
    }
}

fn checkpoint(agent: &ureq::Agent, base: &str) -> Result<(u64, String)> {
    let note = get_text(agent, &format!("{base}/api/public/v1/log/checkpoint"), None)?;
    let size = note
        .lines()
        .nth(1)
        .and_then(|l| l.parse().ok())
        .context("checkpoint size")?;
    Ok((size, note))
}

/// The canonical (RFC 8785: sorted keys, no spaces) bytes of bench entry `i`. Only ASCII without
/// backslashes or tabs, so that it goes into COPY's text format verbatim.
fn entry(run: &str, agency: &str, i: u64) -> String {
    format!(
        concat!(
            r#"{{"agency_id":"{agency}","body":"bench entry {i} of run {run}: "#,
            "on-site inspection record, party present, credentials shown, rights and duties ",
            "explained; evidence photographed and listed; the party signed the record.",
            r#"","kind":"bench","seq":{i},"title":"bench record {i}","type":"bench_entry","v":1}}"#
        ),
        agency = agency,
        i = i,
        run = run,
    )
}

/// Loads `ENTRIES` entries in one transaction (COPY) and returns the seconds generation and the
/// load took, and the bytes of all entries.
fn load(t: &Target, run: &str) -> Result<(f64, u64)> {
    let agency = format!("{run}-0000-4000-8000-000000000000");
    let mut child = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            t.db_name,
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-f",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .context("psql")?;
    let started = Instant::now();
    let mut bytes = 0u64;
    {
        let stdin = child.stdin.as_mut().context("psql stdin")?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, stdin);
        writeln!(out, "BEGIN;")?;
        writeln!(
            out,
            "COPY log_entries (id, agency_id, case_id, record_id, kind, canonical, leaf_hash, created_at) FROM STDIN;"
        )?;
        for i in 0..ENTRIES {
            let canonical = entry(run, &agency, i);
            let mut h = Sha256::new();
            h.update([0u8]);
            h.update(canonical.as_bytes());
            let leaf = h.finalize();
            bytes += canonical.len() as u64 + 1;
            // Distinct, increasing timestamps: the integrator's order is the generation order.
            let secs = i / 1_000_000;
            let micros = i % 1_000_000;
            writeln!(
                out,
                "{run}-0000-4000-8000-{i:012x}\t{agency}\t\\N\t\\N\tbench\t{canonical}\t{}\t2026-01-01 00:{:02}:{:02}.{micros:06}+00",
                hex(&leaf),
                secs / 60,
                secs % 60,
            )?;
        }
        writeln!(out, "\\.")?;
        writeln!(
            out,
            "INSERT INTO log_pending (entry_id, created_at) SELECT id, created_at FROM log_entries WHERE kind = 'bench';"
        )?;
        writeln!(out, "COMMIT;")?;
        out.flush()?;
    }
    drop(child.stdin.take());
    let status = child.wait()?;
    if !status.success() {
        bail!("loading the log entries failed: {status}");
    }
    Ok((started.elapsed().as_secs_f64(), bytes))
}

fn openssl_sha256() -> String {
    let out = Command::new("openssl")
        .args(["speed", "-seconds", "1", "sha256"])
        .stderr(Stdio::null())
        .output();
    let Ok(out) = out else {
        return "openssl not available".into();
    };
    let text = String::from_utf8_lossy(&out.stdout);
    // "sha256  a  b  c  d  e  f" in 1000s of bytes per second for 16, 64, 256, 1024, 8192, 16384 bytes.
    match text.lines().rev().find(|l| l.starts_with("sha256")) {
        Some(line) => {
            let v: Vec<f64> = line
                .split_whitespace()
                .skip(1)
                .filter_map(|x| x.trim_end_matches('k').parse().ok())
                .collect();
            match (v.get(3), v.get(4)) {
                (Some(k1), Some(k8)) => format!(
                    "{:.0} MB/s on 1 KiB blocks, {:.0} MB/s on 8 KiB blocks",
                    k1 / 1000.0,
                    k8 / 1000.0
                ),
                _ => line.to_owned(),
            }
        }
        None => "openssl speed gave no sha256 line".into(),
    }
}

fn latencies(
    agent: &ureq::Agent,
    t: &Target,
    rng: &mut Rng,
    size: u64,
    path: impl Fn(&mut Rng, u64) -> String,
) -> Result<Vec<f64>> {
    let mut out = Vec::with_capacity(PROOF_SAMPLES);
    for k in 0..PROOF_SAMPLES + 20 {
        let url = format!("{}{}", t.base, path(rng, size));
        let t0 = Instant::now();
        let body = get_text(agent, &url, Some(t.token))?;
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        if !body.contains("hashes") {
            bail!("{url}: unexpected answer {body}");
        }
        // The first requests warm the connection and caches.
        if k >= 20 {
            out.push(ms);
        }
    }
    out.sort_by(|a, b| a.total_cmp(b));
    Ok(out)
}

/// Runs the log benchmarks and returns their markdown section.
pub fn run(t: &Target) -> Result<String> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(120))
        .build();
    let run = format!("{:08x}", std::process::id());
    let (before, saved) = checkpoint(&agent, t.base)?;
    let saved_path = t.scratch.join("saved-checkpoint.txt");
    std::fs::write(&saved_path, &saved)?;
    let key = get_text(&agent, &format!("{}/api/public/v1/log/key", t.base), None)?;
    let key_path = t.scratch.join("log-key.txt");
    std::fs::write(&key_path, key.trim())?;

    // 1. Load, then integrate.
    eprintln!("xtask: bench: loading {ENTRIES} log entries");
    let (load_secs, hashed_bytes) = load(t, &run)?;
    let target = before + ENTRIES;
    let started = Instant::now();
    let mut size = before;
    while size < target {
        if started.elapsed() > INTEGRATE_TIMEOUT {
            bail!("the integrator reached {size} of {target} entries in {INTEGRATE_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
        size = checkpoint(&agent, t.base)?.0;
    }
    let integrate_secs = started.elapsed().as_secs_f64();
    let rate = ENTRIES as f64 / integrate_secs;
    eprintln!("xtask: bench: integrated {ENTRIES} entries in {integrate_secs:.1} s");

    // What autovacuum does after such a bulk load (here at once, so that it does not run
    // during the measurements below).
    let t0 = Instant::now();
    crate::sh(Command::new("psql").args([
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "-d",
        t.db_name,
        "-q",
        "-c",
        "VACUUM ANALYZE log_pending, log_entries, log_leaves, log_nodes, log_checkpoints",
    ]))?;
    let vacuum_secs = t0.elapsed().as_secs_f64();

    // 2. Proofs against the full tree.
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let inc = latencies(&agent, t, &mut rng, size, |r, n| {
        format!(
            "/api/v1/log/proof/inclusion?index={}&tree_size={n}",
            r.below(n)
        )
    })?;
    let con = latencies(&agent, t, &mut rng, size, |r, n| {
        format!(
            "/api/v1/log/proof/consistency?from={}&to={n}",
            1 + r.below(n - 1)
        )
    })?;

    // 3. `sanxiang verify` over the whole log, and raw SHA-256.
    let t0 = Instant::now();
    let out = Command::new(t.bin)
        .args(["verify", "--checkpoint"])
        .arg(&saved_path)
        .arg("--key")
        .arg(&key_path)
        .args(["--database-url", t.db_url])
        .env("RUST_LOG", "warn")
        .output()?;
    let verify_secs = t0.elapsed().as_secs_f64();
    let verify_out = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() {
        bail!(
            "sanxiang verify failed: {}{}",
            verify_out,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let openssl = openssl_sha256();
    let verify_mbs = hashed_bytes as f64 / verify_secs / 1e6;

    Ok(format!(
        "\n## Tamper-evident log ({ENTRIES} entries in PostgreSQL)\n\n\
         Entries: generated by the bench (RFC 8785 canonical JSON, ~{avg} bytes each) and loaded \
         in one `COPY` transaction into `log_entries` + `log_pending` ({load_secs:.1} s), then \
         integrated by the server's integrator (leaf hashes checked against the canonical bytes, \
         leaves and node hashes stored, a consistency proof from the previous checkpoint, one \
         signed checkpoint per batch). Proofs: {PROOF_SAMPLES} sequential HTTP requests each, \
         random index / `from`, against the full tree of {size}, after a `VACUUM ANALYZE` of the log \
         tables ({vacuum_secs:.1} s; what autovacuum does after such a bulk load). \
         Note: the bench entries are not case records, so `verify` here rehashes every entry and \
         rebuilds the tree but has no `case_records` rows to re-encode.\n\n\
         | measure | target | result |\n|---|---|---|\n\
         | sustained appends through the integrator | ≥ 5,000 entries/s | **{rate:.0} entries/s** ({ENTRIES} in {integrate_secs:.1} s) |\n\
         | inclusion proof, tree of {size} | p99 ≤ 10 ms | **p50 {i50:.2} ms, p99 {i99:.2} ms** |\n\
         | consistency proof, tree of {size} | p99 ≤ 10 ms | **p50 {c50:.2} ms, p99 {c99:.2} ms** |\n\
         | `sanxiang verify --checkpoint` over all {size} entries | ≤ 10 s | **{verify_secs:.1} s** ({verify_mbs:.0} MB/s of entries read, rehashed and compared) |\n\
         | raw SHA-256 on this machine (`openssl speed -seconds 1 sha256`) | — | {openssl} |\n\n\
         `verify` said: {verify_out}\n",
        avg = hashed_bytes / ENTRIES,
        i50 = percentile(&inc, 0.5),
        i99 = percentile(&inc, 0.99),
        c50 = percentile(&con, 0.5),
        c99 = percentile(&con, 0.99),
    ))
}
