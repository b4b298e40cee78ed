//! Where the engine's memory goes: resident set (anonymous and file-backed) after loading the
//! fonts, after each batch of documents and around a case file of about 200 pages.
//!
//! `cargo run --release -p sanxiang-documents --example memory [DOCUMENTS_PER_PART]` (Linux: reads
//! /proc/self/status). The case file is typeset in parts of `DOCUMENTS_PER_PART` documents (the
//! engine's default without it; 0: the whole file in one part, to compare).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use chrono::NaiveDate;
use sanxiang_documents::{Engine, Template, CASE_FILE_PART_DOCUMENTS, DEFAULT_FONT_DIRS};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Instant;

/// As in the server (crates/api/src/main.rs): mimalloc, freed memory returned at once.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    format!(
        "rss {} MiB (anon {}, file {}), peak {} MiB",
        get("VmRSS:"),
        get("RssAnon:"),
        get("RssFile:"),
        get("VmHWM:")
    )
}

fn document(n: usize) -> Value {
    let facts = "当事人未按规定保存2025年度会计凭证，涉及凭证十二册。".repeat(3);
    json!({
        "agency": "桓仁满族自治县财政局",
        "title": "行政处罚决定书",
        "number": format!("桓财罚决〔2026〕{n}号"),
        "date": "2026年12月7日",
        "blocks": [
            {"t": "fields", "rows": [["当事人", "某某会计服务有限公司"], ["统一社会信用代码", "91210522MA0XXXXXX1"], ["住所", "桓仁县某路8号"], ["法定代表人", "王某某"]]},
            {"t": "heading", "text": "一、违法事实和证据"},
            {"t": "para", "text": facts},
            {"t": "table", "header": ["序号", "证据", "SHA-256"], "rows": (1..=6).map(|i| json!([i.to_string(), "现场照片", "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"])).collect::<Vec<_>>()},
            {"t": "heading", "text": "二、违反的法律规定和处罚依据"},
            {"t": "para", "text": "《中华人民共和国会计法》第二十三条；《中华人民共和国会计法》第四十二条第一款第（三）项。"},
            {"t": "heading", "text": "三、处罚决定"},
            {"t": "para", "text": "罚款人民币贰万元整。".repeat(4)},
            {"t": "heading", "text": "四、履行方式和期限"},
            {"t": "para", "text": "自收到本决定书之日起十五日内缴至指定银行账户。逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。".repeat(3)},
            {"t": "heading", "text": "五、救济途径"},
            {"t": "para", "text": "如不服本决定，可以在收到本决定书之日起六十日内向桓仁满族自治县人民政府申请行政复议，或者在六个月内向桓仁满族自治县人民法院提起行政诉讼。".repeat(2)}
        ],
        "signatures": ["执法人员：张执法（执法证号 21000001）"],
        "signoff": {"agency": "桓仁满族自治县财政局", "date": "2026年12月7日", "seal": true},
        "party_signs": false,
        "verification": "核验码 ABCD2345",
        "draft": false
    })
}

/// As the server does after each render (crates/api/src/documents.rs, `release_freed_memory`),
/// unless `SANXIANG_NO_COLLECT` is set (to see the difference).
#[allow(unsafe_code)]
fn collect() {
    if std::env::var_os("SANXIANG_NO_COLLECT").is_some() {
        return;
    }
    // SAFETY: see crates/api/src/documents.rs.
    let c = || unsafe { libmimalloc_sys::mi_collect(true) };
    rayon::broadcast(|_| c());
    c();
}

#[allow(unsafe_code)]
fn main() {
    // SAFETY: first thing in `main`, before any other thread (crates/api/src/main.rs).
    unsafe { libmimalloc_sys::mi_option_set(15, 0) };
    let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    println!("start: {}", status());
    let dirs: Vec<PathBuf> = DEFAULT_FONT_DIRS.iter().map(PathBuf::from).collect();
    let engine = Engine::load(&dirs).expect("fonts-noto-cjk");
    println!("fonts loaded: {}", status());
    for batch in 0..4 {
        let t = Instant::now();
        for i in 0..25 {
            engine
                .render(Template::Document, &document(batch * 25 + i), day, "x")
                .unwrap();
            collect();
        }
        println!(
            "after {} documents ({:.0} ms each): {}",
            (batch + 1) * 25,
            t.elapsed().as_secs_f64() * 1000.0 / 25.0,
            status()
        );
    }
    let documents: Vec<Value> = (1..=95).map(document).collect();
    let data = json!({
        "cover": {"agency": "桓仁满族自治县财政局", "title": "行政处罚案卷", "fields": [["案号", "桓财罚〔2026〕1号"]]},
        "documents": documents,
        "evidence": {"t": "table", "header": ["序号", "名称", "SHA-256", "存放位置"], "rows": [["1", "a.jpg", "ab", "对象存储"]]},
        "verification": "案卷核验"
    });
    // The peak while the case file is made (VmHWM also holds the font load's).
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let rss = std::fs::read_to_string("/proc/self/statm")
                    .ok()
                    .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
                    .unwrap_or(0)
                    * 4;
                peak.fetch_max(rss, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        })
    };
    let per_part = match std::env::args().nth(1).map(|a| a.parse::<usize>().unwrap()) {
        None => CASE_FILE_PART_DOCUMENTS,
        Some(0) => usize::MAX,
        Some(n) => n,
    };
    println!("case file in parts of {per_part} documents");
    let t = Instant::now();
    let pdf = engine
        .render_case_file(&data, day, "case-file", per_part)
        .unwrap();
    collect();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    sampler.join().unwrap();
    println!(
        "case file peak: {} MiB",
        peak.load(std::sync::atomic::Ordering::Relaxed) / 1024
    );
    println!(
        "case file: {} KiB in {:.2} s: {}",
        pdf.len() / 1024,
        t.elapsed().as_secs_f64(),
        status()
    );
    drop(pdf);
    println!("after: {}", status());
}
