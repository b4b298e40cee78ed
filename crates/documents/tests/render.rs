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

#[test]
fn case_file_has_contents_and_page_numbers() {
    let e = engine();
    let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let mut doc = sample();
    doc["date"] = json!("2026年12月7日");
    let data = json!({
        "cover": {"agency": "桓仁满族自治县财政局", "title": "行政处罚案卷", "fields": [["案号", "桓财罚〔2026〕1号"]]},
        "documents": [doc.clone(), doc],
        "evidence": {"t": "table", "header": ["序号", "名称", "SHA-256", "存放位置"], "rows": [["1", "a.jpg", "ab", "对象存储"]]},
        "verification": "案卷核验"
    });
    let pdf = e
        .render(Template::CaseFile, &data, day, "case-file")
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}
