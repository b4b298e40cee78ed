//! The case file (电子案卷) as one document: cover, table of contents, every issued document in
//! issue order, and the evidence list with each file's SHA-256 and where it is kept (typeset in
//! parts by `crates/documents/src/engine.rs` with `crates/documents/templates/case-file.typ`).

use super::compose::{evidence_rows, CaseFacts, ComposedDocument};
use super::text::zh_date;
use crate::case::CaseKind;

/// The data of the case-file template: `documents` as (number, composed document), in order.
pub fn case_file_data(
    facts: &CaseFacts,
    documents: &[(&str, &ComposedDocument)],
) -> serde_json::Value {
    let docs: Vec<serde_json::Value> = documents
        .iter()
        .map(|(number, c)| c.template_data(Some(number), "", false))
        .collect();
    let mut cover = vec![
        ["案号".to_owned(), facts.case_number.clone()],
        ["案件名称".to_owned(), facts.case_title.clone()],
        ["当事人".to_owned(), facts.party.name.clone()],
    ];
    if let Some(d) = facts.state.filed_on {
        cover.push(["立案日期".into(), zh_date(d)]);
    }
    if let Some(d) = facts.state.closed_on {
        cover.push(["结案日期".into(), zh_date(d)]);
    }
    cover.push(["文书数".into(), documents.len().to_string()]);
    cover.push(["证据数".into(), facts.evidence.len().to_string()]);
    let kind = match facts.case_kind {
        CaseKind::Penalty => "行政处罚",
        CaseKind::Licence => "行政许可",
        CaseKind::Inspection => "行政检查",
        CaseKind::Fee => "行政收费",
        CaseKind::CoerciveMeasure => "行政强制",
    };
    let rows: Vec<Vec<String>> = evidence_rows(facts)
        .into_iter()
        .zip(&facts.evidence)
        .map(|(mut row, e)| {
            // Non-PDF evidence is listed with its hash and where to find it.
            row.push(format!("电子证据，/api/v1/blobs/{}", e.sha256));
            row
        })
        .collect();
    serde_json::json!({
        "cover": {
            "agency": facts.settings.header.clone().filter(|h| !h.trim().is_empty()).unwrap_or_else(|| facts.agency_name.clone()),
            "title": format!("{kind}案卷"),
            "fields": cover,
        },
        "documents": docs,
        "evidence": {"t": "table", "header": ["序号", "证据", "文件", "SHA-256", "存放位置"], "rows": rows},
        "verification": format!("案卷 {}", facts.case_number),
    })
}
