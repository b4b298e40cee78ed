//! The engine against the system fonts (Debian's `fonts-noto-cjk`; `cargo xtask test` installs
//! them): deterministic bytes, PDF/A-2b declared, Chinese text extractable.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use sanxiang_documents::{Engine, Template, DEFAULT_FONT_DIRS};
use serde_json::json;
use std::path::PathBuf;

fn engine() -> Engine {
    let dirs: Vec<PathBuf> = DEFAULT_FONT_DIRS.iter().map(PathBuf::from).collect();
    Engine::load(&dirs).expect("fonts-noto-cjk is installed (cargo xtask test installs it)")
}

fn sample() -> serde_json::Value {
    json!({
        "agency": "桓仁满族自治县财政局",
        "title": "行政处罚决定书",
        "number": "桓财罚决〔2026〕1号",
        "blocks": [
            {"t": "fields", "rows": [["当事人", "某某会计服务有限公司"], ["统一社会信用代码", "91210522MA0XXXXXX1"]]},
            {"t": "heading", "text": "一、违法事实和证据"},
            {"t": "para", "text": "经查，当事人未按规定保存会计凭证。"},
            {"t": "table", "header": ["序号", "证据", "SHA-256"], "rows": [["1", "现场照片", "ab12"]]},
            {"t": "qa", "rows": [["你是否知道？", "知道。"]]},
            {"t": "lines", "rows": ["第一行", "第二行"]}
        ],
        "signatures": ["执法人员：张执法（执法证号 21000001）"],
        "signoff": {"agency": "桓仁满族自治县财政局", "date": "2026年12月7日", "seal": true},
        "party_signs": true,
        "verification": "核验码 ABCD2345",
        "draft": false
    })
}

#[test]
fn same_data_same_bytes_and_pdfa_2b_declared() {
    let e = engine();
    let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let a = e
        .render(Template::Document, &sample(), day, "桓财罚决〔2026〕1号")
        .unwrap();
    let b = e
        .render(Template::Document, &sample(), day, "桓财罚决〔2026〕1号")
        .unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, b, "deterministic output");
    let text = String::from_utf8_lossy(&a);
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A part 2 declared"
    );
    assert!(
        text.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "conformance B"
    );
    let mut other = sample();
    other["blocks"][2]["text"] = json!("经查，当事人未按规定保存会计账簿。");
    let c = e
        .render(Template::Document, &other, day, "桓财罚决〔2026〕1号")
        .unwrap();
    assert_ne!(a, c);
}

/// The text of page `n` of `pdf` (poppler's `pdftotext`, installed by `cargo xtask test`).
fn page_text(pdf: &[u8], n: usize) -> String {
    let dir = std::env::temp_dir().join(format!("sanxiang-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{n}-{}.pdf", pdf.len()));
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", &n.to_string(), "-l", &n.to_string(), "-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let _ = std::fs::remove_file(&file);
    String::from_utf8(out.stdout).unwrap()
}

/// A case file of documents of different lengths: document `i` has `1 + i % 3` long paragraphs.
fn case_file(n: usize) -> serde_json::Value {
    let documents: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut doc = sample();
            doc["title"] = json!(format!("第{i}号文书"));
            doc["number"] = json!(format!("桓财罚〔2026〕{i}号"));
            doc["date"] = json!("2026年12月7日");
            let long =
                "经查，当事人未按规定保存会计凭证，涉及凭证十二册，违法事实清楚。".repeat(40);
            doc["blocks"] = json!((0..1 + i % 3)
                .map(|_| json!({"t": "para", "text": long}))
                .collect::<Vec<_>>());
            doc
        })
        .collect();
    json!({
        "cover": {"agency": "桓仁满族自治县财政局", "title": "行政处罚案卷", "fields": [["案号", "桓财罚〔2026〕1号"]]},
        "documents": documents,
        "evidence": {"t": "table", "header": ["序号", "名称", "SHA-256", "存放位置"], "rows": [["1", "a.jpg", "ab", "对象存储"]]},
        "verification": "案卷核验"
    })
}

/// The case file is typeset in parts (crates/documents/src/engine.rs): its pages are numbered
/// through the whole file, every footer gives the file's total, and the table of contents gives
/// the page where each document and the evidence list begin — the same as typeset in one part.
#[test]
fn case_file_in_parts_has_contents_and_page_numbers() {
    let e = engine();
    let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let data = case_file(7);
    let pdf = e.render_case_file(&data, day, "case-file", 3).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        pdf,
        e.render_case_file(&data, day, "case-file", 3).unwrap(),
        "same data, same bytes"
    );
    assert!(String::from_utf8_lossy(&pdf).contains("pdfaid:part"));

    // Every page's footer: its number and the total.
    let mut texts = vec![String::new()];
    loop {
        let n = texts.len();
        let text = page_text(&pdf, n);
        if text.trim().is_empty() {
            break;
        }
        texts.push(text);
    }
    let total = texts.len() - 1;
    assert!(
        total > 2 + 7,
        "cover, contents, documents, evidence: {total} pages"
    );
    for (n, text) in texts.iter().enumerate().skip(1) {
        let squeezed: String = text.split_whitespace().collect();
        assert!(
            squeezed.contains(&format!("第{n}页共{total}页")),
            "page {n} footer: {text}"
        );
    }

    // The contents (page 2): each document's row gives the page its title is on.
    let first_page_of = |needle: &str| {
        (1..=total)
            .find(|&n| {
                n > 2
                    && texts[n]
                        .split_whitespace()
                        .collect::<String>()
                        .contains(needle)
            })
            .unwrap_or_else(|| panic!("{needle} is in the file"))
    };
    // A row: its cells squeezed together, and its last cell (the page).
    let contents: Vec<(String, String)> = texts[2]
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            (
                cells.concat(),
                cells.last().copied().unwrap_or("").to_owned(),
            )
        })
        .collect();
    for i in 0..7 {
        let page = first_page_of(&format!("第{i}号文书"));
        let (row, last) = contents
            .iter()
            .find(|(l, _)| l.starts_with(&format!("{}第{i}号文书", i + 1)))
            .unwrap_or_else(|| panic!("row of document {i} in {contents:?}"));
        assert_eq!(
            last,
            &page.to_string(),
            "document {i} on page {page}: {row}"
        );
    }
    let evidence = first_page_of("证据材料清单");
    assert_eq!(evidence, total);
    assert!(contents
        .iter()
        .any(|(l, last)| l.starts_with("8证据材料清单") && last == &evidence.to_string()));

    // The same pages as in one part.
    let whole = e
        .render_case_file(&data, day, "case-file", usize::MAX)
        .unwrap();
    for (n, text) in texts.iter().enumerate().skip(1) {
        assert_eq!(&page_text(&whole, n), text, "page {n}");
    }
}
