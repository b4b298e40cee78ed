//! The data of a case export: every record of the case re-encoded from its row now, with its
//! log index and inclusion proof in the latest signed checkpoint. A row changed after it was
//! logged then no longer matches its leaf, which `sanxiang verify --export` reports.

use super::entry::{record_canonical, record_entry};
use super::proofs::{latest_checkpoint, StoredCheckpoint};
use super::{nodes, stored_hash, to_u64, LogError};
use crate::cases::{self, AttachmentMeta, StoredCase};
use crate::entity::{case_record, log_entry, log_leaf, record_attachment};
use crate::Db;
use sanxiang_domain::tlog::{inclusion_proof, Hash};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// One record of an export.
#[derive(Debug, Clone)]
pub struct ExportRecord {
    pub id: Uuid,
    pub seq: i32,
    /// The entry as JSON (for people and tools).
    pub entry: serde_json::Value,
    /// Its canonical bytes, computed from the row now.
    pub canonical: Vec<u8>,
    pub index: u64,
    /// The leaf hash as logged.
    pub leaf_hash: Hash,
    pub path: Vec<Hash>,
    pub attachments: Vec<AttachmentMeta>,
}

/// A case with its records, proofs and the checkpoint they are proved against.
#[derive(Debug, Clone)]
pub struct CaseExport {
    pub case: StoredCase,
    pub checkpoint: StoredCheckpoint,
    pub records: Vec<ExportRecord>,
}

/// Gathers the export of a case of one of `agencies` (others are "not found").
/// [`LogError::NotIntegrated`] while any of its records is not yet in a signed checkpoint.
pub async fn case_export(
    db: &Db,
    agencies: &[Uuid],
    case_id: Uuid,
) -> Result<CaseExport, LogError> {
    let case = cases::get_case(db, agencies, case_id).await?;
    let rows = case_record::Entity::find()
        .filter(case_record::Column::CaseId.eq(case.id))
        .order_by_asc(case_record::Column::Seq)
        .all(&db.conn())
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut atts: HashMap<Uuid, Vec<record_attachment::Model>> = HashMap::new();
    let mut entries: HashMap<Uuid, log_entry::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        for a in record_attachment::Entity::find()
            .filter(record_attachment::Column::RecordId.is_in(chunk.to_vec()))
            .all(&db.conn())
            .await?
        {
            atts.entry(a.record_id).or_default().push(a);
        }
        for e in log_entry::Entity::find()
            .filter(log_entry::Column::RecordId.is_in(chunk.to_vec()))
            .all(&db.conn())
            .await?
        {
            if let Some(rid) = e.record_id {
                entries.insert(rid, e);
            }
        }
    }
    let entry_ids: Vec<Uuid> = entries.values().map(|e| e.id).collect();
    let mut leaves: HashMap<Uuid, log_leaf::Model> = HashMap::new();
    for chunk in entry_ids.chunks(500) {
        for l in log_leaf::Entity::find()
            .filter(log_leaf::Column::EntryId.is_in(chunk.to_vec()))
            .all(&db.conn())
            .await?
        {
            leaves.insert(l.entry_id, l);
        }
    }
    let checkpoint = latest_checkpoint(db)
        .await?
        .ok_or(LogError::NotIntegrated)?;
    let size = checkpoint.size;
    let mut indexes = Vec::new();
    for r in &rows {
        if let Some(leaf) = entries.get(&r.id).and_then(|e| leaves.get(&e.id)) {
            let index = to_u64(leaf.idx);
            if index < size {
                indexes.push(index);
            }
        }
    }
    let snap = nodes::fetch_for(&db.conn(), |rec| {
        for &i in &indexes {
            let _ = inclusion_proof(i, size, rec);
        }
    })
    .await?;
    let mut records = Vec::with_capacity(rows.len());
    for r in &rows {
        let entry = entries.get(&r.id).ok_or(LogError::NotIntegrated)?;
        let leaf = leaves.get(&entry.id).ok_or(LogError::NotIntegrated)?;
        let index = to_u64(leaf.idx);
        if index >= checkpoint.size {
            return Err(LogError::NotIntegrated);
        }
        let path = inclusion_proof(index, checkpoint.size, &snap)
            .map_err(|e| LogError::Integrity(format!("record {}: {e}", r.id)))?;
        let a = atts.get(&r.id).map_or(&[][..], Vec::as_slice);
        let mut metas: Vec<AttachmentMeta> = a
            .iter()
            .map(|m| AttachmentMeta {
                sha256: m.sha256.clone(),
                file_name: m.file_name.clone(),
                content_type: m.content_type.clone(),
                size: m.size,
            })
            .collect();
        metas.sort_by(|x, y| x.sha256.cmp(&y.sha256));
        records.push(ExportRecord {
            id: r.id,
            seq: r.seq,
            entry: record_entry(r, a),
            canonical: record_canonical(r, a)?,
            index,
            leaf_hash: stored_hash(&leaf.leaf_hash, "log_leaves")?,
            path,
            attachments: metas,
        });
    }
    Ok(CaseExport {
        case,
        checkpoint,
        records,
    })
}
