//! The documents benchmark (`cargo xtask bench documents`), against the same release server on
//! PostgreSQL as the others, over HTTP: one penalty case at the decision stage with the agency's
//! document settings; then
//! 1. 100 行政处罚决定书 issued one after another on a warm server (each numbered, typeset as
//!    PDF/A-2b, stored and logged): p50/p99 against the 300 ms target;
//! 2. 50 issued at once: errors and p99 against the 2 s target;
//! 3. the case file of those documents as one PDF (about 200 pages): time against 5 s, and the
//!    server's peak RSS while making it against 250 MB, with idle RSS before and after.

use crate::bench::{percentile, rss_kib, Api};
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SEQUENTIAL: usize = 100;
const CONCURRENT: usize = 50;
/// Two-page 决定书 in the case file: with cover and contents about 200 pages.
const CASE_FILE_DOCUMENTS: usize = 95;

fn form() -> Value {
    json!({
        "legal_representative": "王某某",
        "facts": "当事人未按规定保存2025年度会计凭证，涉及凭证十二册。".repeat(3),
        "violated": [{"law": "中华人民共和国会计法", "article": 23}],
        "basis": [{"law": "中华人民共和国会计法", "article": 42, "paragraph": 1, "item": 3}],
        "discretion": "首次违法，主动配合调查，按一般情节裁量。"
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Where the memory goes (measured with crates/documents/examples/memory.rs and this bench).
const MEMORY_NOTES: &str = "Memory, step by step (this bench, same machine, other work paused): 242 / 368 / 304 MiB at first; typst hashes each font whole once (its memo keys), which kept the three Noto faces' 70 MB resident — they are now hashed at start and their pages handed back to the kernel after each render (`MADV_DONTNEED` on the read-only mapping, crates/documents/src/fonts.rs); pages laid out on rayon's worker threads stayed with mimalloc's idle heaps — collected after each render (crates/api/src/documents.rs): 118 / 280 / 168 MiB. The case file was then one typst compile holding every page's layout and its memo entries (about 160 MiB for 200 pages); it is now typeset in parts of 8 documents (crates/documents/src/engine.rs `render_case_file`): a first pass counts each part's pages and where each document begins, the second lays each part out with its first page number and the file's total, keeping only the finished pages, which are exported once as one PDF/A-2b — 118 / 193 / 141 MiB, at 1.17 s instead of 0.71 s (two layout passes). The case file is written without tagged-PDF structure (each document issued alone keeps it): on 200 pages the tags were four fifths of the file (1,661 KiB against 346) and 15 MiB more memory. The engine alone (`cargo run --release -p sanxiang-documents --example memory [documents per part]`, same machine): peak 202 MiB in one part, 152 in parts of 1, 118 of 4, 119 of 8, 124 of 16, 103 of 8 untagged, from 27 MiB before — what remains is the finished pages and the PDF writer.";

/// Runs the benchmark; answers the BENCHMARKS.md section.
pub fn run(
    base: &str,
    pid: u32,
    officer: &Api,
    admin: &Api,
    approver_ids: &[String],
) -> Result<String> {
    admin.put(
        "/api/v1/document-settings",
        &json!({"expected_version": 0, "settings": {
            "number_prefix": "桓财",
            "bank_account": {"bank": "中国工商银行桓仁支行", "account_name": "桓仁满族自治县财政局", "account_number": "0716000000000001"},
            "reconsideration_organ": "桓仁满族自治县人民政府",
            "court": "桓仁满族自治县人民法院",
            "contact": "桓仁县某路8号"}}),
    )?;
    let id = decision_case(officer, approver_ids, "文书基准案件")?;
    let today = crate::bench::chrono_like_today();
    let issue = |api: &Api| -> Result<Duration> {
        let t = Instant::now();
        api.post(
            &format!("/api/v1/cases/{id}/documents"),
            &json!({"kind": "penalty_decision", "form": form()}),
        )?;
        Ok(t.elapsed())
    };
    // Warm up (fonts paged in, the engine's caches filled).
    for _ in 0..5 {
        issue(officer)?;
    }
    let mut seq: Vec<f64> = (0..SEQUENTIAL)
        .map(|_| issue(officer).map(ms))
        .collect::<Result<_>>()?;
    seq.sort_by(f64::total_cmp);
    let started = Instant::now();
    let results: Vec<Result<Duration>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CONCURRENT)
            .map(|_| s.spawn(|| issue(officer)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("panicked")))
            })
            .collect()
    });
    let wall = started.elapsed();
    let errors = results.iter().filter(|r| r.is_err()).count();
    let mut conc: Vec<f64> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|d| ms(*d)))
        .collect();
    conc.sort_by(f64::total_cmp);

    // The case file (about 200 pages) of a case of its own, with the server's RSS sampled.
    let file_case = decision_case(officer, approver_ids, "案卷基准案件")?;
    for _ in 0..CASE_FILE_DOCUMENTS {
        officer.post(
            &format!("/api/v1/cases/{file_case}/documents"),
            &json!({"kind": "penalty_decision", "form": form()}),
        )?;
    }
    std::thread::sleep(Duration::from_secs(2));
    let idle_before = rss_kib(pid);
    let peak = Arc::new(AtomicU64::new(idle_before));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let t = Instant::now();
    let pdf = officer.get_bytes(&format!("/api/v1/cases/{file_case}/case-file.pdf"))?;
    let case_file = t.elapsed();
    sampling.store(false, Ordering::Relaxed);
    let _ = sampler.join();
    std::thread::sleep(Duration::from_secs(2));
    let idle_after = rss_kib(pid);
    let pages = count_pages(&pdf);
    let documents = CASE_FILE_DOCUMENTS;
    let peak_mib = peak.load(Ordering::Relaxed) as f64 / 1024.0;
    let _ = base;
    Ok(format!(
        "## Enforcement documents\n\n\
         Run {today}, `cargo xtask bench documents` (xtask/src/bench_documents.rs): release server, PostgreSQL, one penalty case at the decision stage; each request composes, numbers (in the transaction), typesets a PDF/A-2b 行政处罚决定书 (typst, Noto CJK), stores it and appends its issuing record.\n\n\
         | measure | result | target | ratio to target |\n|---|---|---|---|\n\
         | one 决定书, warm, {SEQUENTIAL} in a row: p50 / p99 | {:.0} / {:.0} ms | p99 ≤ 300 ms | {:.2} |\n\
         | {CONCURRENT} at once: errors, p99 (wall {:.1} s) | {errors}, {:.0} ms | 0, p99 ≤ 2,000 ms | {:.2} |\n\
         | case file of {documents} documents, {pages} pages | {:.2} s | ≤ 5 s | {:.2} |\n\
         | server RSS: idle before / peak while making the case file / idle after | {:.0} / {:.0} / {:.0} MiB | peak ≤ 250 MB | {:.2} |\n\n{MEMORY_NOTES}\n",
        percentile(&seq, 0.5),
        percentile(&seq, 0.99),
        percentile(&seq, 0.99) / 300.0,
        wall.as_secs_f64(),
        percentile(&conc, 0.99),
        percentile(&conc, 0.99) / 2000.0,
        case_file.as_secs_f64(),
        case_file.as_secs_f64() / 5.0,
        idle_before as f64 / 1024.0,
        peak_mib,
        idle_after as f64 / 1024.0,
        peak_mib * 1024.0 * 1024.0 / 250e6,
    ))
}

/// A penalty case with one evidence photo, at the decision stage after a 20,000-yuan notice.
fn decision_case(officer: &Api, approver_ids: &[String], title: &str) -> Result<String> {
    let case = officer.post(
        "/api/v1/cases",
        &json!({"kind": "penalty", "title": title, "category": "财政",
            "party": {"kind": "organisation", "name": "基准会计服务有限公司", "id_type": "credit_code", "id_number": "91350100M000100Y43", "address": "桓仁县某路1号"},
            "officer_ids": approver_ids}),
    )?;
    let id = case["id"].as_str().context("case id")?.to_owned();
    let today = crate::bench::chrono_like_today();
    let day = |back: i64| -> String {
        let out = std::process::Command::new("date")
            .args(["-d", &format!("{today} -{back} days"), "+%Y-%m-%d"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        out
    };
    // One evidence photo (a 1×1 PNG): the 决定书 lists the evidence with its SHA-256.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
    png.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    let blob = officer.upload("现场照片.png", &png)?;
    officer.post(
        &format!("/api/v1/cases/{id}/records"),
        &json!({"kind": "photo", "title": "现场照片", "text": "现场拍摄",
            "attachments": [{"sha256": blob["sha256"], "file_name": "现场照片.png"}]}),
    )?;
    let mut c = case;
    for cmd in [
        json!({"action": "file", "on": day(20), "violation_on": day(40), "discovered_on": day(21), "grave_harm": false, "limitation_override": null}),
        json!({"action": "complete", "on": day(9)}),
        json!({"action": "issue_notice", "served_on": day(8), "proposed": {"warning": false, "fine_fen": 2000000, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []}}),
        json!({"action": "waive_rights", "on": day(7)}),
    ] {
        if cmd["action"] == "issue_notice" {
            // The notice is served by its 告知书 (crates/domain/src/document/gate.rs).
            let mut form = form();
            form["sanction"] = cmd["proposed"].clone();
            officer.post(
                &format!("/api/v1/cases/{id}/documents"),
                &json!({"kind": "penalty_notice", "form": form}),
            )?;
        }
        c = officer.post(
            &format!("/api/v1/cases/{id}/transitions"),
            &json!({"expected_version": c["version"], "command": cmd}),
        )?;
    }
    Ok(id)
}

/// Pages of a PDF, as `pdfinfo` (poppler-utils) counts them.
fn count_pages(pdf: &[u8]) -> usize {
    let path = std::env::temp_dir().join(format!("sx-bench-case-file-{}.pdf", std::process::id()));
    if std::fs::write(&path, pdf).is_err() {
        return 0;
    }
    let out = std::process::Command::new("pdfinfo").arg(&path).output();
    let _ = std::fs::remove_file(&path);
    out.ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout).lines().find_map(|l| {
                l.strip_prefix("Pages:")
                    .map(|n| n.trim().parse().unwrap_or(0))
            })
        })
        .unwrap_or(0)
}
