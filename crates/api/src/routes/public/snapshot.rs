//! The daily full snapshot of everything public (decisions and inspection results), as NDJSON
//! and as CSV (UTF-8 with a BOM, for spreadsheet users), each with its SHA-256. Made on the first
//! request of the day (China time) by whichever API node gets it: the files go to the blob store
//! (content-addressed) and the day's entry to the database, so every node serves the same
//! snapshot; `feed_position` says where to continue the change feed from.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use sanxiang_api_types::disclosure::{PublicDecision, SnapshotInfo};
use sanxiang_persistence::blob::{BlobAddress, StoredBlob};
use sanxiang_persistence::disclosure::decisions::{self, PublicFilter};
use sanxiang_persistence::disclosure::feed;
use sanxiang_persistence::disclosure::snapshots::{self, Snapshot};
use std::io::Write;
use std::path::{Path, PathBuf};
use tokio::io::AsyncReadExt;
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

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(anyhow::anyhow!("snapshot: {e}"))
}

/// Temporary files of a snapshot being made, removed however the making ends.
struct Scratch(Vec<PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Copies a finished file into the blob store (streamed, never whole in memory).
async fn store(state: &AppState, path: &Path) -> Result<StoredBlob, ApiError> {
    let mut upload = state.blobs.begin_upload().await.map_err(internal)?;
    let mut source = tokio::fs::File::open(path).await.map_err(internal)?;
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = source.read(&mut buf).await.map_err(internal)?;
        if n == 0 {
            break;
        }
        upload.write(&buf[..n]).await.map_err(internal)?;
    }
    upload.commit().await.map_err(internal)
}

fn info(s: &Snapshot) -> SnapshotInfo {
    let date = s.day;
    SnapshotInfo {
        date,
        count: u64::try_from(s.count).unwrap_or_default(),
        feed_position: s.feed_position.to_string(),
        ndjson_url: format!("/api/public/v1/snapshots/{date}/decisions.ndjson"),
        ndjson_sha256: s.ndjson_sha256.clone(),
        ndjson_bytes: u64::try_from(s.ndjson_bytes).unwrap_or_default(),
        csv_url: format!("/api/public/v1/snapshots/{date}/decisions.csv"),
        csv_sha256: s.csv_sha256.clone(),
        csv_bytes: u64::try_from(s.csv_bytes).unwrap_or_default(),
    }
}

/// A cell as spreadsheets should show it: text that a spreadsheet would take for a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so opening
/// `decisions.csv` never runs what a party name or a decision text says (OWASP "CSV Injection").
fn inert_cell(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

fn csv_row(d: &PublicDecision) -> Vec<String> {
    csv_cells(d).into_iter().map(inert_cell).collect()
}

fn csv_cells(d: &PublicDecision) -> Vec<String> {
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

/// Makes today's snapshot unless one was recorded (by any node); answers its description.
async fn ensure(state: &AppState, date: NaiveDate) -> Result<SnapshotInfo, ApiError> {
    if let Some(s) = snapshots::of_day(&state.db, date).await? {
        return Ok(info(&s));
    }
    let _guard = MAKING.lock().await;
    if let Some(s) = snapshots::of_day(&state.db, date).await? {
        return Ok(info(&s));
    }
    let dir = state.config.data_dir.join("snapshots").join("tmp");
    tokio::fs::create_dir_all(&dir).await.map_err(internal)?;
    let id = uuid::Uuid::new_v4().simple();
    let tmp_nd = dir.join(format!("{id}.ndjson"));
    let tmp_csv = dir.join(format!("{id}.csv"));
    let _scratch = Scratch(vec![tmp_nd.clone(), tmp_csv.clone()]);
    // The feed position first: everything up to it is in the snapshot (later changes may be
    // too, and applying them again is harmless for a portal that keys by id and version).
    let position = feed::head(&state.db).await?;
    let mut nd = std::io::BufWriter::new(std::fs::File::create(&tmp_nd).map_err(internal)?);
    let mut csv_out = std::io::BufWriter::new(std::fs::File::create(&tmp_csv).map_err(internal)?);
    csv_out.write_all("\u{feff}".as_bytes()).map_err(internal)?;
    let mut w = csv::Writer::from_writer(csv_out);
    w.write_record(CSV_HEADER).map_err(internal)?;
    let mut after = None;
    let mut count = 0i64;
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
    nd.into_inner()
        .map_err(|e| internal(e.error()))?
        .sync_all()
        .map_err(internal)?;
    w.into_inner()
        .map_err(internal)?
        .into_inner()
        .map_err(|e| internal(e.error()))?
        .sync_all()
        .map_err(internal)?;
    let ndjson = store(state, &tmp_nd).await?;
    let csv_blob = store(state, &tmp_csv).await?;
    let made = Snapshot {
        day: date,
        feed_position: position,
        count,
        ndjson_sha256: ndjson.address.to_string(),
        ndjson_bytes: i64::try_from(ndjson.size).map_err(internal)?,
        csv_sha256: csv_blob.address.to_string(),
        csv_bytes: i64::try_from(csv_blob.size).map_err(internal)?,
        created_at: state.now(),
    };
    Ok(info(&snapshots::record(&state.db, made).await?))
}

/// Today's snapshot (made on first request): counts, SHA-256 and where to download it.
#[utoipa::path(tag = "public", responses(
    (status = 200, description = "Today's snapshot", body = SnapshotInfo),
))]
#[get("/snapshots/latest")]
pub async fn latest(state: web::Data<AppState>) -> Result<web::Json<SnapshotInfo>, ApiError> {
    Ok(web::Json(ensure(&state, state.today()).await?))
}

/// A snapshot file: `decisions.ndjson` or `decisions.csv` of a day that was made.
#[utoipa::path(tag = "public",
    params(("date" = NaiveDate, Path, description = "Day (YYYY-MM-DD)"),
           ("file" = String, Path, description = "`decisions.ndjson` or `decisions.csv`")),
    responses(
    (status = 200, description = "The file: NDJSON (one decision per line) or CSV, UTF-8", content(
        (String = "application/x-ndjson"),
        (String = "text/csv"),
    )),
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
    let Some(snap) = snapshots::of_day(&state.db, date).await? else {
        return Err(ApiError::not_found());
    };
    let sha = if name.ends_with(".csv") {
        snap.csv_sha256
    } else {
        snap.ndjson_sha256
    };
    let address = BlobAddress::parse(&sha).ok_or_else(|| internal("stored address"))?;
    // Streamed from the store (with Range support): a snapshot of a million entries never sits
    // in memory.
    let mut res = crate::routes::blobs::serve::stored(
        &req,
        &state,
        &address,
        content_type.parse().map_err(internal)?,
    )
    .await?;
    res.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        header::HeaderValue::from_str(
            &header::ContentDisposition::attachment(format!("sanxiang-{date}-{name}")).to_string(),
        )
        .map_err(internal)?,
    );
    res.headers_mut().insert(
        header::HeaderName::from_static("x-content-sha256"),
        header::HeaderValue::from_str(&sha).map_err(internal)?,
    );
    Ok(res)
}
