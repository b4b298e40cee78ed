//! Writing a record's log entry (inside the record's own transaction), and the canonical
//! encoding of a record (documented in the module above).

use super::hex;
use crate::entity::{case_record, log_entry, log_pending, record_attachment};
use crate::StoreError;
use chrono::{DateTime, Utc};
use sanxiang_domain::tlog::{canonical_json, leaf_hash};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde_json::{json, Value};
use uuid::Uuid;

/// The `type` member of a record entry.
pub const ENTRY_TYPE_RECORD: &str = "case_record";
/// `log_entries.kind` of an ordinary record.
pub const KIND_RECORD: &str = "record";
/// `log_entries.kind` of a stage-machine transition record (a state change).
pub const KIND_STATE_CHANGE: &str = "state_change";

/// UTC with exactly six fractional digits (truncated): what both databases keep.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The log entry of a stored record with its attachments: a JSON value whose RFC 8785 bytes are
/// the leaf. Every member is always present (nulls included), attachments sorted by SHA-256.
pub fn record_entry(r: &case_record::Model, attachments: &[record_attachment::Model]) -> Value {
    let mut atts: Vec<&record_attachment::Model> = attachments.iter().collect();
    atts.sort_by(|a, b| a.sha256.cmp(&b.sha256));
    let atts: Vec<Value> = atts
        .into_iter()
        .map(|a| {
            json!({
                "sha256": a.sha256,
                "file_name": a.file_name,
                "content_type": a.content_type,
                "size": a.size,
            })
        })
        .collect();
    let mut entry = json!({
        "type": ENTRY_TYPE_RECORD,
        "v": 1,
        "id": r.id.to_string(),
        "case_id": r.case_id.to_string(),
        "agency_id": r.agency_id.to_string(),
        "seq": r.seq,
        "stage": r.stage,
        "kind": r.kind,
        "action": r.action,
        "document_type": r.document_type,
        "activity": r.activity,
        "title": r.title,
        "body": r.body,
        "officers_present": r.officers_present,
        "occurred_at": r.occurred_at.map(ts),
        "recorded_at": ts(r.recorded_at),
        "place": r.place,
        "corrects": r.corrects_id.map(|u| u.to_string()),
        "correction_reason": r.correction_reason,
        "created_by": r.created_by.to_string(),
        "attachments": atts,
    });
    // Version 2: a record that names persons besides the party carries their names and roles
    // (their id numbers stay in the agency, out of the log). Records without keep version 1,
    // byte for byte, so every leaf written before stays valid.
    let persons: Vec<Value> = r
        .persons_named
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| json!({ "name": p.get("name"), "role": p.get("role") }))
                .collect()
        })
        .unwrap_or_default();
    if !persons.is_empty() {
        if let Some(o) = entry.as_object_mut() {
            o.insert("v".into(), json!(2));
            o.insert("persons_named".into(), Value::Array(persons));
        }
    }
    entry
}

/// The canonical bytes of a record entry.
pub(crate) fn record_canonical(
    r: &case_record::Model,
    attachments: &[record_attachment::Model],
) -> Result<Vec<u8>, DbErr> {
    canonical_json(&record_entry(r, attachments))
        .map_err(|e| DbErr::Custom(format!("record {}: {e}", r.id)))
}

/// Writes the log entry of a record just inserted (with the rows as the database returned
/// them), and queues it for the integrator. Call inside the record's transaction.
pub(crate) async fn log_record<C: ConnectionTrait>(
    conn: &C,
    r: &case_record::Model,
    attachments: &[record_attachment::Model],
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let entry = record_log_entry(r, attachments, now)?;
    let id = entry.id;
    log_entry::ActiveModel::from(entry).insert(conn).await?;
    log_pending::ActiveModel {
        entry_id: Set(id),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// The log entry row of a record (canonical bytes and leaf hash computed here), not yet written.
pub(crate) fn record_log_entry(
    r: &case_record::Model,
    attachments: &[record_attachment::Model],
    now: DateTime<Utc>,
) -> Result<log_entry::Model, DbErr> {
    let bytes = record_canonical(r, attachments)?;
    let leaf = leaf_hash(&bytes);
    let canonical = String::from_utf8(bytes)
        .map_err(|e| DbErr::Custom(format!("canonical JSON is not UTF-8: {e}")))?;
    let kind = if r.kind == "transition" {
        KIND_STATE_CHANGE
    } else {
        KIND_RECORD
    };
    Ok(log_entry::Model {
        id: Uuid::new_v4(),
        agency_id: r.agency_id,
        case_id: Some(r.case_id),
        record_id: Some(r.id),
        kind: kind.to_owned(),
        canonical,
        leaf_hash: hex(&leaf),
        created_at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn encoding_is_pinned() {
        let id = Uuid::from_u128(1);
        let r = case_record::Model {
            id,
            case_id: Uuid::from_u128(2),
            agency_id: Uuid::from_u128(3),
            seq: 1,
            stage: "filing".into(),
            kind: "document".into(),
            action: None,
            document_type: Some("filing_approval".into()),
            activity: None,
            title: "立案审批表".into(),
            body: "a\"b\n".into(),
            officers_present: json!([Uuid::from_u128(4).to_string()]),
            occurred_at: None,
            recorded_at: Utc
                .timestamp_opt(1_764_000_000, 123_456_789)
                .single()
                .unwrap(),
            place: None,
            corrects_id: None,
            correction_reason: None,
            created_by: Uuid::from_u128(5),
            persons_named: json!([]),
        };
        let att = record_attachment::Model {
            record_id: id,
            sha256: "ab".repeat(32),
            file_name: "x.pdf".into(),
            content_type: "application/pdf".into(),
            size: 10,
        };
        let bytes = record_canonical(&r, &[att]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"{"action":null,"activity":null,"agency_id":"00000000-0000-0000-0000-000000000003","#,
                r#""attachments":[{"content_type":"application/pdf","file_name":"x.pdf","sha256":"abababababababababababababababababababababababababababababababab","size":10}],"#,
                r#""body":"a\"b\n","case_id":"00000000-0000-0000-0000-000000000002","correction_reason":null,"corrects":null,"#,
                r#""created_by":"00000000-0000-0000-0000-000000000005","document_type":"filing_approval","#,
                r#""id":"00000000-0000-0000-0000-000000000001","kind":"document","occurred_at":null,"#,
                r#""officers_present":["00000000-0000-0000-0000-000000000004"],"place":null,"#,
                r#""recorded_at":"2025-11-24T16:00:00.123456Z","seq":1,"stage":"filing","#,
                r#""title":"立案审批表","type":"case_record","v":1}"#
            )
        );
        // A record naming persons: version 2 with names and roles, never the id number.
        let named = case_record::Model {
            persons_named: json!([{"name": "李四", "role": "witness", "id_number": "11010519491231002X"}]),
            ..r
        };
        let text = String::from_utf8(record_canonical(&named, &[]).unwrap()).unwrap();
        assert!(
            text.contains(r#""persons_named":[{"name":"李四","role":"witness"}]"#),
            "{text}"
        );
        assert!(text.ends_with(r#""v":2}"#), "{text}");
        assert!(!text.contains("11010519491231002X"), "{text}");
    }
}
