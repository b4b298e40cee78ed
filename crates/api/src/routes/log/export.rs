use super::{b64, note_auditor_read, LogApiError};
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use crate::verify::{
    attachment_path, entry_path, proof_path, Manifest, ManifestAttachment, ManifestRecord,
    CHECKPOINT_PATH, EXPORT_FORMAT, MANIFEST_PATH, RECORDS_PATH,
};
use actix_files::NamedFile;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{get, web, HttpRequest, HttpResponse};
use sanxiang_domain::tlog::TlogProof;
use sanxiang_persistence::blob::{BlobAddress, BlobError, BlobSource};
use sanxiang_persistence::tlog::{self, CaseExport};
use std::collections::HashMap;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use uuid::Uuid;
use zip::write::SimpleFileOptions;

/// The electronic case file as one ZIP archive (`sanxiang-case-export/v1`): manifest, records,
/// every record's canonical log entry and `tlog-proof`, the signed checkpoint they are proved
/// against, and the attached files. Check it offline with `sanxiang verify --export`.
#[utoipa::path(tag = "log", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Case id")), responses(
    (status = 200, description = "The archive", body = Vec<u8>, content_type = "application/zip"),
    (status = 404, description = "No such case in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "A record is not yet covered by a signed checkpoint (`not_integrated`); retry in a second", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{id}/export")]
pub async fn export(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, LogApiError> {
    let id = id.into_inner();
    let export = tlog::case_export(&state.db, &auth.user.readable_agencies(), id).await?;
    note_auditor_read(
        &state,
        &auth,
        "case.export",
        id.to_string(),
        Some(export.case.agency_id),
    )
    .await?;
    let dir = state.config.data_dir.join("exports");
    let mut files: HashMap<String, PathBuf> = HashMap::new();
    // Attachments of a remote store, fetched for the archive and removed however it ends.
    let mut fetched = Fetched(Vec::new());
    for a in export.records.iter().flat_map(|r| &r.attachments) {
        if files.contains_key(&a.sha256) {
            continue;
        }
        let Some(address) = BlobAddress::parse(&a.sha256) else {
            continue;
        };
        match state.blobs.open(&address).await {
            Ok(BlobSource::File(path)) => {
                files.insert(a.sha256.clone(), path);
            }
            Ok(BlobSource::Remote { .. }) => {
                let path = fetch(&state, &dir, &address)
                    .await
                    .map_err(ApiError::internal)?;
                fetched.0.push(path.clone());
                files.insert(a.sha256.clone(), path);
            }
            Err(BlobError::NotFound) => {
                tracing::error!(sha256 = %a.sha256, "attachment missing from the blob store; exported without it");
            }
            Err(e) => return Err(ApiError::internal(e).into()),
        }
    }
    let manifest = manifest(&state, &export, &files);
    let file = web::block(move || write_archive(&dir, &manifest, &export, &files))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let named = NamedFile::from_file(file, format!("case-{id}.zip"))
        .map_err(ApiError::internal)?
        .set_content_type("application/zip".parse().map_err(ApiError::internal)?)
        .disable_content_disposition();
    let mut res = named.into_response(&req);
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"case-{id}.zip\""))
            .map_err(ApiError::internal)?,
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    drop(fetched);
    Ok(res)
}

/// Files fetched from a remote store for one archive; removed when dropped.
struct Fetched(Vec<PathBuf>);

impl Drop for Fetched {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Copies a blob of a remote store into a scratch file under `dir` (streamed).
async fn fetch(state: &AppState, dir: &Path, address: &BlobAddress) -> anyhow::Result<PathBuf> {
    use futures_util::TryStreamExt;
    use tokio::io::AsyncWriteExt;
    tokio::fs::create_dir_all(dir).await?;
    let path = dir.join(format!("{}.blob.tmp", Uuid::new_v4().simple()));
    let copied = async {
        let mut out = tokio::fs::File::create(&path).await?;
        let mut body = state.blobs.read(address, None).await?;
        while let Some(piece) = body.try_next().await? {
            out.write_all(&piece).await?;
        }
        out.flush().await?;
        anyhow::Ok(())
    }
    .await;
    if copied.is_err() {
        let _ = tokio::fs::remove_file(&path).await;
    }
    copied.map(|()| path)
}

fn manifest(state: &AppState, e: &CaseExport, files: &HashMap<String, PathBuf>) -> Manifest {
    let c = &e.case;
    Manifest {
        format: EXPORT_FORMAT.into(),
        log_origin: state.log_signer.name().to_owned(),
        verifier_key: state.log_signer.verifier().to_string(),
        tree_size: e.checkpoint.size,
        checkpoint: CHECKPOINT_PATH.into(),
        exported_at: state.now(),
        case: serde_json::json!({
            "id": c.id.to_string(),
            "agency_id": c.agency_id.to_string(),
            "case_number": c.case_number,
            "kind": c.kind,
            "procedure": c.procedure,
            "title": c.title,
            "category": c.category,
            "party": c.party,
            "stage": c.state.stage,
            "outcome": c.outcome,
            "created_at": c.created_at,
        }),
        records: e
            .records
            .iter()
            .map(|r| ManifestRecord {
                id: r.id,
                seq: r.seq,
                log_index: r.index,
                leaf_hash: b64(&r.leaf_hash),
                entry: entry_path(r.seq),
                proof: proof_path(r.seq),
                attachments: r
                    .attachments
                    .iter()
                    .map(|a| ManifestAttachment {
                        sha256: a.sha256.clone(),
                        file_name: a.file_name.clone(),
                        content_type: a.content_type.clone(),
                        size: a.size,
                        path: files
                            .contains_key(&a.sha256)
                            .then(|| attachment_path(&a.sha256)),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Writes the archive to an unlinked temporary file under `dir` and returns it, rewound.
fn write_archive(
    dir: &Path,
    manifest: &Manifest,
    e: &CaseExport,
    files: &HashMap<String, PathBuf>,
) -> anyhow::Result<std::fs::File> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{}.zip.tmp", Uuid::new_v4().simple()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    // The open handle keeps the data; nothing is left behind if we fail or crash.
    std::fs::remove_file(&path)?;
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    zip.start_file(MANIFEST_PATH, opts)?;
    zip.write_all(&serde_json::to_vec_pretty(manifest)?)?;
    let entries: Vec<&serde_json::Value> = e.records.iter().map(|r| &r.entry).collect();
    zip.start_file(RECORDS_PATH, opts)?;
    zip.write_all(&serde_json::to_vec_pretty(&entries)?)?;
    zip.start_file(CHECKPOINT_PATH, opts)?;
    zip.write_all(e.checkpoint.note.as_bytes())?;
    for r in &e.records {
        zip.start_file(entry_path(r.seq), opts)?;
        zip.write_all(&r.canonical)?;
        let proof = TlogProof {
            extra: None,
            index: r.index,
            path: r.path.clone(),
            checkpoint: e.checkpoint.note.clone(),
        };
        zip.start_file(proof_path(r.seq), opts)?;
        zip.write_all(proof.to_text().as_bytes())?;
    }
    let mut written: Vec<&str> = Vec::new();
    for a in e.records.iter().flat_map(|r| &r.attachments) {
        if written.contains(&a.sha256.as_str()) {
            continue;
        }
        let Some(src) = files.get(&a.sha256) else {
            continue;
        };
        zip.start_file(attachment_path(&a.sha256), opts)?;
        let mut f = std::fs::File::open(src)?;
        std::io::copy(&mut f, &mut zip)?;
        written.push(&a.sha256);
    }
    let mut file = zip
        .finish()?
        .into_inner()
        .map_err(|e| anyhow::anyhow!("flushing the archive: {}", e.error()))?;
    file.rewind()?;
    Ok(file)
}
