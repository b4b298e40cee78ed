//! Evidence files: content-addressed uploads (sniffed, size-limited, streamed), Range
//! downloads, agency isolation, and a catalogue the database keeps append-only.

use crate::helpers::{Backend, Resp, TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use actix_web::web::Bytes;
use futures_util::FutureExt;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::Duration;

on_both_databases!(
    upload_and_download_with_range,
    refused_content_leaves_nothing,
    agency_isolation_and_roles,
    catalogue_is_append_only,
    a_50_mib_upload_streams,
);

/// A PNG signature and IHDR chunk (1×1, RGBA).
pub(crate) fn png() -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    v.extend_from_slice(b"\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89");
    v.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    v
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// An `ftyp` box (brand isom) and an `mdat` box of `payload` zero bytes.
pub(crate) fn mp4(payload: usize) -> Vec<u8> {
    let mut v = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    v.extend_from_slice(&((payload + 8) as u32).to_be_bytes());
    v.extend_from_slice(b"mdat");
    v.resize(v.len() + payload, 0);
    v
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn read(
    mut res: awc::ClientResponse<
        impl futures_util::Stream<Item = Result<Bytes, awc::error::PayloadError>> + Unpin,
    >,
) -> Resp {
    let status = res.status();
    let headers = res.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let raw = res.body().limit(128 * 1024 * 1024).await.unwrap().to_vec();
    let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    Resp {
        status,
        content_type,
        headers,
        body,
        raw,
    }
}

pub(crate) async fn upload(app: &TestApp, token: Option<&str>, name: &str, bytes: Vec<u8>) -> Resp {
    let mut req = app
        .client
        .post(app.url("/api/v1/blobs"))
        .query(&[("file_name", name)])
        .unwrap()
        .insert_header(("content-type", "application/octet-stream"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    read(req.send_body(bytes).await.unwrap()).await
}

pub(crate) async fn download(app: &TestApp, token: &str, sha: &str, range: Option<&str>) -> Resp {
    let mut req = app
        .client
        .get(app.url(&format!("/api/v1/blobs/{sha}")))
        .bearer_auth(token);
    if let Some(r) = range {
        req = req.insert_header(("range", r));
    }
    read(req.send().await.unwrap()).await
}

pub(crate) fn header<'a>(r: &'a Resp, name: &str) -> &'a str {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let conn = app.db.connection();
    let row = conn
        .query_one(Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Regular files anywhere under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

async fn officer(app: &TestApp) -> String {
    app.login("demo_officer", DEMO_PASSWORD).await.0
}

pub(crate) async fn upload_and_download_with_range(app: TestApp) {
    let token = officer(&app).await;
    for (name, bytes, content_type) in [
        ("现场照片.png", png(), "image/png"),
        ("询问笔录 (签字).pdf", pdf(), "application/pdf"),
        ("执法记录仪.MP4", mp4(4000), "video/mp4"),
    ] {
        let sha = sha256_hex(&bytes);
        let r = upload(&app, Some(&token), name, bytes.clone()).await;
        assert_eq!(r.status, 201, "{name}: {}", r.body);
        assert_eq!(r.body["sha256"], sha.as_str());
        assert_eq!(r.body["size"], bytes.len());
        assert_eq!(r.body["content_type"], content_type);
        assert_eq!(r.body["file_name"], name);
        let url = format!("/api/v1/blobs/{sha}");
        assert_eq!(r.body["url"], url.as_str());
        assert_eq!(header(&r, "location"), url);

        // The whole file, as uploaded, with safe headers.
        let d = download(&app, &token, &sha, None).await;
        assert_eq!(d.status, 200);
        assert_eq!(d.raw, bytes, "{name}");
        assert_eq!(d.content_type, content_type);
        assert_eq!(header(&d, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(&d, "cache-control"),
            "private, max-age=31536000, immutable"
        );
        assert_eq!(header(&d, "accept-ranges"), "bytes");
        let cd = header(&d, "content-disposition");
        assert!(cd.starts_with("inline; filename=\""), "{cd}");
        assert!(cd.contains("filename*=UTF-8''"), "{cd}");

        // A range, as a video player asks for it.
        let p = download(&app, &token, &sha, Some("bytes=0-9")).await;
        assert_eq!(p.status, 206);
        assert_eq!(p.raw, &bytes[..10]);
        assert_eq!(
            header(&p, "content-range"),
            format!("bytes 0-9/{}", bytes.len())
        );
    }
    let d = download(&app, &token, &sha256_hex(&png()), None).await;
    assert_eq!(
        header(&d, "content-disposition"),
        "inline; filename=\"____.png\"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"
    );

    // The same content again: same address, nothing new (200), one file on disk.
    let again = upload(&app, Some(&token), "again.png", png()).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["sha256"], sha256_hex(&png()).as_str());
    assert_eq!(count(&app, "blobs").await, 3);
    assert_eq!(count(&app, "blob_owners").await, 3);

    // A range past the end.
    let r = download(&app, &token, &sha256_hex(&pdf()), Some("bytes=100000-")).await;
    assert_eq!(r.status, 416);
}

async fn refused_content_leaves_nothing(app: TestApp) {
    let token = officer(&app).await;
    // PNG bytes named as a PDF; an executable named as a photo; text named as a PDF.
    let r = upload(&app, Some(&token), "scan.pdf", png()).await;
    let p = r.problem(415, "unsupported_media_type");
    assert!(p["detail"].as_str().unwrap().contains("image/png"), "{p}");
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0PE\0\0".repeat(20);
    upload(&app, Some(&token), "photo.jpg", exe.clone())
        .await
        .problem(415, "unsupported_media_type");
    upload(&app, Some(&token), "setup.exe", exe)
        .await
        .problem(415, "unsupported_media_type");
    upload(&app, Some(&token), "note.pdf", b"just some text\n".to_vec())
        .await
        .problem(415, "unsupported_media_type");
    upload(&app, Some(&token), "note.txt", b"just some text\n".to_vec())
        .await
        .problem(415, "unsupported_media_type");
    // A missing or bad name, an empty file.
    let r = read(
        app.client
            .post(app.url("/api/v1/blobs"))
            .bearer_auth(&token)
            .send_body(png())
            .await
            .unwrap(),
    )
    .await;
    assert!(r.problem(422, "validation_failed")["errors"]["file_name"].is_array());
    upload(&app, Some(&token), "../../etc/passwd.png", png())
        .await
        .problem(422, "validation_failed");
    upload(&app, Some(&token), "empty.png", Vec::new())
        .await
        .problem(422, "validation_failed");
    assert_eq!(count(&app, "blobs").await, 0);
    assert_eq!(count(&app, "blob_owners").await, 0);
}

async fn agency_isolation_and_roles(app: TestApp) {
    let token = officer(&app).await;
    let bytes = pdf();
    let sha = sha256_hex(&bytes);

    // Signed-out callers are told to sign in; roles outside the case staff cannot upload.
    upload(&app, None, "a.pdf", bytes.clone())
        .await
        .problem(401, "unauthorized");
    let (editor, _) = app.login("demo_editor", DEMO_PASSWORD).await;
    upload(&app, Some(&editor), "a.pdf", bytes.clone())
        .await
        .problem(403, "forbidden");

    assert_eq!(
        upload(&app, Some(&token), "决定书.pdf", bytes.clone())
            .await
            .status,
        201
    );
    app.get(&format!("/api/v1/blobs/{sha}"), None)
        .await
        .problem(401, "unauthorized");
    app.get("/api/v1/blobs/not-a-hash", Some(&token))
        .await
        .problem(400, "invalid_path_parameter");
    app.get(
        &format!("/api/v1/blobs/{}", sha.to_uppercase()),
        Some(&token),
    )
    .await
    .problem(400, "invalid_path_parameter");
    app.get(&format!("/api/v1/blobs/{}", "0".repeat(64)), Some(&token))
        .await
        .problem(404, "not_found");

    // Anyone in the agency, and the auditor granted it, may read it.
    let (approver, _) = app.login("demo_approver", DEMO_PASSWORD).await;
    assert_eq!(download(&app, &approver, &sha, None).await.raw, bytes);
    let (auditor, _) = app.login("demo_auditor", DEMO_PASSWORD).await;
    assert_eq!(download(&app, &auditor, &sha, None).await.status, 200);

    // Another agency's officer: the file does not exist for them…
    let admin = app.admin().await;
    let other_agency = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "本溪市市场监督管理局", "short_name": "本市监"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "other_officer", "display_name": "外机关", "password": "other-officer-pw", "agency_id": other_agency, "roles": ["officer"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let (other, _) = app.login("other_officer", "other-officer-pw").await;
    app.get(&format!("/api/v1/blobs/{sha}"), Some(&other))
        .await
        .problem(404, "not_found");

    // … until they upload the same content themselves: then they own it too (201), under
    // their own file name.
    let r = upload(&app, Some(&other), "their-copy.pdf", bytes.clone()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["sha256"], sha.as_str());
    let d = download(&app, &other, &sha, None).await;
    assert_eq!(d.raw, bytes);
    assert!(header(&d, "content-disposition").contains("their-copy.pdf"));
    let d = download(&app, &token, &sha, None).await;
    assert!(header(&d, "content-disposition").contains("%E5%86%B3%E5%AE%9A%E4%B9%A6.pdf"));

    // What a record may attach: only what the agency owns.
    let demo_agency: uuid::Uuid = app.get("/api/v1/me", Some(&token)).await.body["agency"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let png_sha = upload(&app, Some(&token), "p.png", png()).await.body["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let asked = vec![
        sha.clone(),
        png_sha.clone(),
        "f".repeat(64),
        "garbage".to_owned(),
    ];
    let owned = sanxiang_persistence::blob::owned_blobs(&app.db, demo_agency, &asked)
        .await
        .unwrap();
    assert_eq!(owned.len(), 2);
    assert_eq!(owned[&png_sha].content_type, "image/png");
    assert_eq!(owned[&sha].size, bytes.len() as i64);
    let other_owned =
        sanxiang_persistence::blob::owned_blobs(&app.db, other_agency.parse().unwrap(), &asked)
            .await
            .unwrap();
    assert_eq!(other_owned.keys().collect::<Vec<_>>(), vec![&sha]);
}

async fn catalogue_is_append_only(app: TestApp) {
    let token = officer(&app).await;
    assert_eq!(upload(&app, Some(&token), "a.png", png()).await.status, 201);
    let conn = app.db.connection();
    assert!(conn
        .execute_unprepared("UPDATE blobs SET content_type = 'text/html'")
        .await
        .is_err());
    assert!(conn.execute_unprepared("DELETE FROM blobs").await.is_err());
    assert_eq!(count(&app, "blobs").await, 1);
    let d = download(&app, &token, &sha256_hex(&png()), None).await;
    assert_eq!(d.content_type, "image/png");
}

async fn a_50_mib_upload_streams(app: TestApp) {
    let token = officer(&app).await;
    let bytes = mp4(50 * 1024 * 1024);
    let sha = sha256_hex(&bytes);
    let r = upload(&app, Some(&token), "整段执法记录.mp4", bytes.clone()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["sha256"], sha.as_str());
    assert_eq!(r.body["size"], bytes.len());
    // Seeking near the end, as a player does.
    let n = bytes.len();
    let p = download(&app, &token, &sha, Some(&format!("bytes={}-", n - 16))).await;
    assert_eq!(p.status, 206);
    assert_eq!(p.raw, &bytes[n - 16..]);
}

// --- Size limit and interrupted uploads: these look at the blob directory itself. ---------

macro_rules! with_blob_dir {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    super::run_with_dir($crate::helpers::Backend::Sqlite, super::$name).await
                }
                #[actix_web::test]
                async fn postgres() {
                    super::run_with_dir($crate::helpers::Backend::Postgres, super::$name).await
                }
            }
        )*
    };
}

with_blob_dir!(
    over_the_limit_is_refused,
    an_interrupted_upload_leaves_nothing
);

/// The upload limit in these tests: above the sniffing window, far below the default.
const SMALL_LIMIT: u64 = 64 * 1024;

/// Like `helpers::run`, with a small upload limit, handing the test the blob directory.
async fn run_with_dir<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp, PathBuf) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut data_dir = None;
    let Some(app) = TestApp::spawn_with(backend, |c| {
        c.max_upload_bytes = SMALL_LIMIT;
        data_dir = Some(c.data_dir.clone());
    })
    .await
    else {
        return;
    };
    let blobs = data_dir.unwrap().join("blobs");
    let result = AssertUnwindSafe(test(app.clone(), blobs))
        .catch_unwind()
        .await;
    app.teardown().await;
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

fn chunks(bytes: &[u8], size: usize) -> Vec<Bytes> {
    bytes.chunks(size).map(Bytes::copy_from_slice).collect()
}

async fn over_the_limit_is_refused(app: TestApp, blobs: PathBuf) {
    let token = officer(&app).await;
    assert!(blobs.join("tmp").is_dir());
    // Declared too large: refused before reading.
    let big = mp4(SMALL_LIMIT as usize);
    let r = upload(&app, Some(&token), "big.mp4", big.clone()).await;
    r.problem(413, "payload_too_large");
    // Not declared (chunked): refused while streaming, after the upload began on disk.
    let stream = futures_util::stream::iter(
        chunks(&big, 8 * 1024)
            .into_iter()
            .map(Ok::<_, std::io::Error>),
    );
    let r = read(
        app.client
            .post(app.url("/api/v1/blobs?file_name=big.mp4"))
            .bearer_auth(&token)
            .send_stream(stream)
            .await
            .unwrap(),
    )
    .await;
    r.problem(413, "payload_too_large");
    assert!(r.content_type.starts_with("application/problem+json"));
    assert_eq!(count(&app, "blobs").await, 0);
    assert_eq!(count(&app, "blob_owners").await, 0);
    assert_eq!(files_under(&blobs), Vec::<PathBuf>::new());

    // Exactly at the limit is fine.
    let fits = mp4(SMALL_LIMIT as usize - 32);
    assert_eq!(fits.len() as u64, SMALL_LIMIT);
    assert_eq!(
        upload(&app, Some(&token), "fits.mp4", fits).await.status,
        201
    );
    assert_eq!(files_under(&blobs).len(), 1);
}

async fn an_interrupted_upload_leaves_nothing(app: TestApp, blobs: PathBuf) {
    let token = officer(&app).await;
    let body = mp4(32 * 1024);
    // Send the first 16 KiB (past sniffing, so the upload is on disk), then break off.
    let parts: Vec<Bytes> = chunks(&body[..16 * 1024], 4 * 1024);
    let stream = futures_util::stream::unfold(parts.into_iter(), |mut it| async move {
        match it.next() {
            Some(b) => Some((Ok(b), it)),
            None => {
                tokio::time::sleep(Duration::from_millis(300)).await;
                Some((Err(std::io::Error::other("client gave up")), it))
            }
        }
    });
    let sent = app
        .client
        .post(app.url("/api/v1/blobs?file_name=cut.mp4"))
        .bearer_auth(&token)
        .send_stream(stream)
        .await;
    assert!(sent.is_err(), "the client aborted the request");
    // The server notices the broken connection and drops the temporary file.
    let mut left = files_under(&blobs);
    for _ in 0..50 {
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        left = files_under(&blobs);
    }
    assert_eq!(left, Vec::<PathBuf>::new());
    assert_eq!(count(&app, "blobs").await, 0);
}
