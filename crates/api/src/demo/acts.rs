//! The acts every demo case is made of, as the web app sends them: opening a case with both
//! demo officers, filing documents (文书) and photos, and the sanctions.

use super::client::Session;
use super::{picture, Demo};
use chrono::NaiveDate;
use sanxiang_domain::case::{Outcome, Sanction};
use serde_json::{json, Value};

/// A fine of `fen`, nothing else.
pub(crate) fn fine(fen: i64) -> Sanction {
    Sanction {
        warning: false,
        circulated_criticism: false,
        fine_fen: fen,
        confiscation_fen: 0,
        licence_suspension: false,
        licence_revocation: false,
        other: vec![],
        licence_document: None,
    }
}

pub(crate) fn penalty(fen: i64) -> Outcome {
    Outcome::Penalty {
        sanction: fine(fen),
    }
}

/// Opens a case with both demo officers.
pub(crate) async fn open(d: &Demo<'_>, body: Value) -> anyhow::Result<Value> {
    let mut body = body;
    body["officer_ids"] = json!([d.officer.id, d.officer2.id]);
    if body.get("category").is_none() {
        body["category"] = json!("财政");
    }
    d.officer.post("/api/v1/cases", &body).await
}

/// A document record (文书) for the completeness check.
pub(crate) async fn document(
    s: &Session<'_>,
    case: &Value,
    document_type: &str,
    name: &str,
    body: &str,
) -> anyhow::Result<Value> {
    s.record(
        case,
        json!({"kind": "document", "document_type": document_type, "title": name, "text": body}),
    )
    .await
}

/// Photos of the evidence (现场照片), generated, uploaded and attached to one record.
pub(crate) async fn photos(
    s: &Session<'_>,
    case: &Value,
    name: &str,
    first: u32,
    count: u32,
    taken_on: NaiveDate,
) -> anyhow::Result<Value> {
    let mut attachments = Vec::new();
    for n in first..first + count {
        let file_name = format!("IMG_{:04}.png", 1000 + n);
        let sha = s.upload(&file_name, picture::photo(n)?).await?;
        attachments.push(json!({"sha256": sha, "file_name": file_name}));
    }
    let occurred_at = taken_on
        .and_hms_opt(2, 30, 0)
        .map(|t| t.and_utc().to_rfc3339());
    s.record(
        case,
        json!({"kind": "photo", "document_type": "evidence", "title": name,
            "text": "执法记录仪拍摄，现场出示执法证件后拍摄。", "attachments": attachments,
            "occurred_at": occurred_at, "place": "当事人经营场所"}),
    )
    .await
}
