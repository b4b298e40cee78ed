//! The daily full snapshot of everything public (decisions and inspection results), as NDJSON
//! and as CSV (UTF-8 with a BOM, for spreadsheet users), each with its SHA-256. Made on the first
//! request of the day (China time) into `<data_dir>/snapshots/<date>/` and served from there;
//! `feed_position` says where to continue the change feed from.

use crate::error::ApiError;
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use sanxiang_api_types::disclosure::{PublicDecision, SnapshotInfo};
use sanxiang_persistence::disclosure::decisions::{self, PublicFilter};
use sanxiang_persistence::disclosure::feed;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use tokio::sync::Mutex;

type Problem = sanxiang_api_types::problem::Problem;

static MAKING: Mutex<()> = Mutex::const_new(());

const CSV_HEADER: [&str; 22] = [
    "id",
    "resource_type",
    "case_kind",
    "party_name",
    "party_category",
    "credit_code",
    "decision_number",
    "violation_type",
    "facts",
    "legal_basis",
    "categories",
    "content",
    "fine_wan_yuan",
    "confiscation_wan_yuan",
    "licence_action",
    "decided_on",
    "publication_end",
    "agency_name",
    "agency_credit_code",
    "data_source",
    "version",
    "published_on",
];

fn dir(state: &AppState, date: NaiveDate) -> PathBuf {
    state
        .config
        .data_dir
        .join("snapshots")
        .join(date.to_string())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(anyhow::anyhow!("snapshot: {e}"))
}

struct HashingFile {
    file: std::io::BufWriter<std::fs::File>,
    hash: Sha256,
    bytes: u64,
}

impl Write for HashingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn hashing(path: &Path) -> std::io::Result<HashingFile> {
    Ok(HashingFile {
        file: std::io::BufWriter::new(std::fs::File::create(path)?),
        hash: Sha256::new(),
        bytes: 0,
    })
}

fn csv_row(d: &PublicDecision) -> Vec<String> {
    let word = |v: &dyn erased::Word| v.word();
    vec![
        d.id.to_string(),
        word(&d.resource_type),
        word(&d.case_kind),
        d.party_name.clone(),
        word(&d.party_category),
        d.credit_code.clone().unwrap_or_default(),
        d.decision_number.clone(),
        d.violation_type.clone(),
        d.facts.clone(),
        d.legal_basis.join("；"),
        d.categories.join("；"),
        d.content.clone(),
        d.fine_wan_yuan.clone(),
        d.confiscation_wan_yuan.clone(),
        d.licence_action.clone().unwrap_or_default(),
        d.decided_on.to_string(),
        d.publication_end.map(|x| x.to_string()).unwrap_or_default(),
        d.agency_name.clone(),
        d.agency_credit_code.clone().unwrap_or_default(),
        d.data_source.clone(),
        d.version.to_string(),
        d.published_on.to_string(),
    ]
}

mod erased {
    /// The snake_case wire word of a serde enum.
    pub trait Word {
        fn word(&self) -> String;
    }
    impl<T: serde::Serialize> Word for T {
        fn word(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }
    }
}

/// Makes today's snapshot unless it exists; answers its description.
async fn ensure(state: &AppState, date: NaiveDate) -> Result<SnapshotInfo, ApiError> {
    let d = dir(state, date);
    let meta = d.join("meta.json");
    if let Ok(text) = tokio::fs::read_to_string(&meta).await {
        if let Ok(info) = serde_json::from_str(&text) {
            return Ok(info);
        }
    }
    let _guard = MAKING.lock().await;
    if let Ok(text) = tokio::fs::read_to_string(&meta).await {
        if let Ok(info) = serde_json::from_str(&text) {
            return Ok(info);
        }
    }
    tokio::fs::create_dir_all(&d).await.map_err(internal)?;
    // The feed position first: everything up to it is in the snapshot (later changes may be
    // too, and applying them again is harmless for a portal that keys by id and version).
    let position = feed::head(&state.db).await?;
    let tmp_nd = d.join("decisions.ndjson.tmp");
    let tmp_csv = d.join("decisions.csv.tmp");
    let mut nd = hashing(&tmp_nd).map_err(internal)?;
    let mut csv_out = hashing(&tmp_csv).map_err(internal)?;
    csv_out.write_all("\u{feff}".as_bytes()).map_err(internal)?;
    let mut w = csv::Writer::from_writer(csv_out);
    w.write_record(CSV_HEADER).map_err(internal)?;
    let mut after = None;
    let mut count = 0u64;
    loop {
        let rows = decisions::public_page(&state.db, &PublicFilter::default(), after, 1000).await?;
        let Some(last) = rows.last() else { break };
        after = Some((last.0, last.1));
        for (_, _, body) in &rows {
            nd.write_all(body.as_bytes()).map_err(internal)?;
            nd.write_all(b"\n").map_err(internal)?;
            let p: PublicDecision = serde_json::from_str(body).map_err(internal)?;
            w.write_record(csv_row(&p)).map_err(internal)?;
            count += 1;
        }
    }
    nd.flush().map_err(internal)?;
    let mut csv_out = w.into_inner().map_err(internal)?;
    csv_out.flush().map_err(internal)?;
    let info = SnapshotInfo {
        date,
        count,
        feed_position: position.to_string(),
        ndjson_url: format!("/api/public/v1/snapshots/{date}/decisions.ndjson"),
        ndjson_sha256: hex(&nd.hash.finalize()),
        ndjson_bytes: nd.bytes,
        csv_url: format!("/api/public/v1/snapshots/{date}/decisions.csv"),
        csv_sha256: hex(&csv_out.hash.clone().finalize()),
        csv_bytes: csv_out.bytes,
    };
    tokio::fs::rename(&tmp_nd, d.join("decisions.ndjson"))
        .await
        .map_err(internal)?;
    tokio::fs::rename(&tmp_csv, d.join("decisions.csv"))
        .await
        .map_err(internal)?;
    let text = serde_json::to_string_pretty(&info).map_err(internal)?;
    tokio::fs::write(&meta, text).await.map_err(internal)?;
    Ok(info)
}

/// Today's snapshot (made on first request): counts, SHA-256 and where to download it.
#[utoipa::path(tag = "public", responses(
    (status = 200, description = "Today's snapshot", body = SnapshotInfo),
))]
#[get("/snapshots/latest")]
pub async fn latest(state: web::Data<AppState>) -> Result<web::Json<SnapshotInfo>, ApiError> {
    Ok(web::Json(ensure(&state, case_view::today()).await?))
}

/// A snapshot file: `decisions.ndjson` or `decisions.csv` of a day that was made.
#[utoipa::path(tag = "public",
    params(("date" = String, Path, description = "Day (YYYY-MM-DD)"),
           ("file" = String, Path, description = "`decisions.ndjson` or `decisions.csv`")),
    responses(
    (status = 200, description = "The file", content_type = "application/x-ndjson"),
    (status = 404, description = "No such snapshot", body = Problem, content_type = "application/problem+json"),
))]
#[get("/snapshots/{date}/{file}")]
pub async fn file(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(NaiveDate, String)>,
) -> Result<HttpResponse, ApiError> {
    let (date, name) = path.into_inner();
    let content_type = match name.as_str() {
        "decisions.ndjson" => "application/x-ndjson; charset=utf-8",
        "decisions.csv" => "text/csv; charset=utf-8",
        _ => return Err(ApiError::not_found()),
    };
    let meta = dir(&state, date).join("meta.json");
    let info: SnapshotInfo = match tokio::fs::read_to_string(&meta).await {
        Ok(t) => serde_json::from_str(&t).map_err(internal)?,
        Err(_) => return Err(ApiError::not_found()),
    };
    let sha = if name.ends_with(".csv") {
        info.csv_sha256
    } else {
        info.ndjson_sha256
    };
    // Streamed from disk (with Range support): a snapshot of a million entries never sits in memory.
    let f = actix_files::NamedFile::open_async(dir(&state, date).join(&name))
        .await
        .map_err(|_| ApiError::not_found())?
        .set_content_type(content_type.parse().map_err(internal)?)
        .set_content_disposition(header::ContentDisposition::attachment(format!(
            "sanxiang-{date}-{name}"
        )));
    let mut res = f.into_response(&req);
    res.headers_mut().insert(
        header::HeaderName::from_static("x-content-sha256"),
        header::HeaderValue::from_str(&sha).map_err(internal)?,
    );
    Ok(res)
}
