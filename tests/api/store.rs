//! The blob store on the local filesystem and on a real S3-compatible server (`crate::s3`):
//! uploads read back whole and by range, create-if-absent at content addresses, interrupted
//! uploads that leave nothing, the API serving evidence from S3 with Range, and
//! `sanxiang store migrate`.

use crate::blobs::{download, header, mp4, png, sha256_hex, upload};
use crate::helpers::{run_tweaked, sanxiang_bin, Backend, TestApp, DEMO_PASSWORD};
use crate::s3;
use futures_util::StreamExt;
use sanxiang_persistence::blob::{
    hash_stored, read_all, BlobAddress, BlobError, BlobSource, BlobStore, LocalBlobStore,
    ObjectBlobStore, MULTIPART_PART_SIZE,
};
use std::sync::Arc;
use std::time::Duration;

/// Bytes that differ at every offset modulo a prime, so a misplaced range shows.
fn pattern(len: usize, salt: u8) -> Vec<u8> {
    (0..len)
        .map(|i| ((i % 251) as u8).wrapping_add(salt))
        .collect()
}

fn address(bytes: &[u8]) -> BlobAddress {
    BlobAddress::parse(&sha256_hex(bytes)).unwrap()
}

async fn put(store: &dyn BlobStore, bytes: &[u8]) -> Result<u64, BlobError> {
    let mut up = store.begin_upload().await?;
    for c in bytes.chunks(64 * 1024 + 7) {
        up.write(c).await?;
    }
    let stored = up.commit().await?;
    assert_eq!(stored.address, address(bytes));
    Ok(stored.size)
}

async fn read_range(store: &dyn BlobStore, a: &BlobAddress, r: std::ops::Range<u64>) -> Vec<u8> {
    let mut s = store.read(a, Some(r)).await.unwrap();
    let mut out = Vec::new();
    while let Some(piece) = s.next().await {
        out.extend_from_slice(&piece.unwrap());
    }
    out
}

/// What every store must do, through the trait alone.
async fn exercise(store: &dyn BlobStore) {
    let small = b"hello world".to_vec();
    // More than two parts of a multipart upload.
    let big = pattern(2 * MULTIPART_PART_SIZE + 123_457, 0);
    for bytes in [&small, &big] {
        assert_eq!(put(store, bytes).await.unwrap(), bytes.len() as u64);
        let a = address(bytes);
        assert_eq!(read_all(store, &a).await.unwrap(), *bytes);
        let size = match store.open(&a).await.unwrap() {
            BlobSource::File(p) => std::fs::metadata(p).unwrap().len(),
            BlobSource::Remote { size } => size,
        };
        assert_eq!(size, bytes.len() as u64);
        assert_eq!(hash_stored(store, &a).await.unwrap(), (a, size));
    }
    // A range across a part boundary, and the last byte.
    let a = address(&big);
    let p = MULTIPART_PART_SIZE as u64;
    assert_eq!(
        read_range(store, &a, p - 10..p + 10).await,
        big[(p - 10) as usize..(p + 10) as usize]
    );
    let n = big.len() as u64;
    assert_eq!(read_range(store, &a, n - 1..n).await, big[big.len() - 1..]);

    // Create-if-absent: the same content again is success, and the content stays.
    assert_eq!(put(store, &big).await.unwrap(), n);
    assert_eq!(put(store, &small).await.unwrap(), small.len() as u64);
    assert_eq!(read_all(store, &a).await.unwrap(), big);

    // An upload dropped midway (past the first part) leaves nothing at any address.
    let unfinished = pattern(MULTIPART_PART_SIZE + 4096, 9);
    let mut up = store.begin_upload().await.unwrap();
    up.write(&unfinished).await.unwrap();
    drop(up);
    for a in [
        address(&unfinished),
        address(&pattern(MULTIPART_PART_SIZE + 8192, 9)),
    ] {
        assert!(matches!(store.open(&a).await, Err(BlobError::NotFound)));
        assert!(matches!(
            store.read(&a, None).await,
            Err(BlobError::NotFound)
        ));
    }
}

#[actix_web::test]
async fn the_local_store() {
    let dir =
        std::env::temp_dir().join(format!("sanxiang-store-{}", uuid::Uuid::new_v4().simple()));
    let store = LocalBlobStore::open(&dir).unwrap();
    exercise(&store).await;
    // Nothing but the two blobs: no temporary file stays behind.
    let mut files = Vec::new();
    for e in walk(&dir) {
        files.push(e);
    }
    assert_eq!(files.len(), 2, "{files:?}");
    std::fs::remove_dir_all(&dir).ok();
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[actix_web::test]
async fn the_s3_store() {
    let Some(s3) = s3::server().await else { return };
    let (store, bucket) = s3.store("evidence/v1").await;
    exercise(store.as_ref()).await;
    // Exactly the two blobs, at their addresses under the prefix: no temporary object stays.
    let mut keys = s3.keys(&bucket).await;
    keys.sort();
    let mut want: Vec<String> = [
        b"hello world".to_vec(),
        pattern(2 * MULTIPART_PART_SIZE + 123_457, 0),
    ]
    .iter()
    .map(|b| {
        let h = sha256_hex(b);
        format!("evidence/v1/{}/{h}", &h[..2])
    })
    .collect();
    want.sort();
    assert_eq!(keys, want);
    // The dropped upload's multipart upload was aborted (in the background).
    let mut waited = 0;
    while !s3.open_uploads(&bucket).await.is_empty() {
        assert!(waited < 50, "a multipart upload was left open");
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    assert_eq!(store.describe(), format!("s3://{bucket}/evidence/v1"));
    assert!(!format!("{store:?}").contains(s3::SECRET_KEY));
}

/// An address never changes content: an object planted at an address (a damaged store) is
/// neither overwritten nor taken for the upload, small (put with `If-None-Match: *`) or large
/// (multipart, then copy-if-absent).
#[actix_web::test]
async fn an_s3_address_is_never_overwritten() {
    let Some(s3) = s3::server().await else { return };
    let (store, bucket) = s3.store("").await;
    for bytes in [pattern(1000, 1), pattern(MULTIPART_PART_SIZE + 10, 2)] {
        let h = sha256_hex(&bytes);
        let key = format!("{}/{h}", &h[..2]);
        // Same size, other bytes.
        let planted = pattern(bytes.len(), 77);
        s3.put_raw(&bucket, &key, planted.clone()).await;
        match put(store.as_ref(), &bytes).await {
            Err(BlobError::Conflict { .. }) => {}
            other => panic!("a planted object must be refused, got {other:?}"),
        }
        assert_eq!(
            read_all(store.as_ref(), &address(&bytes)).await.unwrap(),
            planted
        );
    }
    // Nothing but the two planted objects.
    assert_eq!(s3.keys(&bucket).await.len(), 2);
}

/// The server configured with the S3 store: evidence uploaded through `POST /api/v1/blobs`
/// lands in the bucket and downloads with Range, from one range in a large video across a
/// part boundary to a range past the end (416).
async fn the_api_serves_evidence_from_s3(backend: Backend) {
    let Some(s3) = s3::server().await else { return };
    let bucket = s3.bucket().await;
    let url = s3.url(&bucket, "blobs");
    run_tweaked(
        backend,
        |c| c.store_url = Some(sanxiang_api::config::Secret::new(url)),
        |app: TestApp| async move {
            crate::blobs::upload_and_download_with_range(app.clone()).await;
            let token = app.login("demo_officer", DEMO_PASSWORD).await.0;
            let video = mp4(2 * MULTIPART_PART_SIZE + 1000);
            let sha = sha256_hex(&video);
            let r = upload(&app, Some(&token), "执法记录仪.mp4", video.clone()).await;
            assert_eq!(r.status, 201, "{}", r.body);
            let p = MULTIPART_PART_SIZE;
            let d = download(
                &app,
                &token,
                &sha,
                Some(&format!("bytes={}-{}", p - 5, p + 4)),
            )
            .await;
            assert_eq!(d.status, 206);
            assert_eq!(d.raw, &video[p - 5..p + 5]);
            assert_eq!(
                header(&d, "content-range"),
                format!("bytes {}-{}/{}", p - 5, p + 4, video.len())
            );
            assert_eq!(header(&d, "content-type"), "video/mp4");
            assert_eq!(header(&d, "etag"), format!("\"{sha}\""));
            let d = download(&app, &token, &sha, None).await;
            assert_eq!(d.status, 200);
            assert_eq!(d.raw.len(), video.len());
            assert!(d.raw == video);
            // Nothing of it on the node's disk; all of it in the bucket.
            assert!(!app.data_dir().join("blobs").join(&sha[..2]).exists());
            let keys = s3.keys(&bucket).await;
            assert!(
                keys.contains(&format!("blobs/{}/{sha}", &sha[..2])),
                "{keys:?}"
            );
            assert_eq!(keys.len(), 4, "three small files and the video: {keys:?}");
        },
    )
    .await
}

#[actix_web::test]
async fn the_api_serves_evidence_from_s3_sqlite() {
    the_api_serves_evidence_from_s3(Backend::Sqlite).await
}

#[actix_web::test]
async fn the_api_serves_evidence_from_s3_postgres() {
    the_api_serves_evidence_from_s3(Backend::Postgres).await
}

/// `sanxiang store migrate`: every catalogued blob of a local store copied into S3 and each
/// SHA-256 checked there; a rerun copies nothing; a damaged local file is named and fails it.
async fn store_migrate_copies_and_verifies(backend: Backend) {
    let Some(s3) = s3::server().await else { return };
    let bucket = s3.bucket().await;
    run_tweaked(
        backend,
        |_| {},
        |app: TestApp| async move {
            let token = app.login("demo_officer", DEMO_PASSWORD).await.0;
            let files = [png(), mp4(MULTIPART_PART_SIZE + 77), mp4(500)];
            for (name, f) in ["a.png", "b.mp4", "c.mp4"].iter().zip(&files) {
                let r = upload(&app, Some(&token), name, f.clone()).await;
                assert_eq!(r.status, 201, "{}", r.body);
            }
            let db_url = app.pg_url().unwrap_or_else(|| {
                format!("sqlite://{}/test.db?mode=rwc", app.data_dir().display())
            });
            let from = app.data_dir().join("blobs");
            let migrate = || {
                let out = std::process::Command::new(sanxiang_bin())
                    .args(["store", "migrate", "--to"])
                    .arg(format!("s3://{bucket}/moved"))
                    .arg("--from")
                    .arg(&from)
                    .args(["--database-url", &db_url])
                    .current_dir(app.data_dir())
                    .env("AWS_ENDPOINT", &s3.endpoint)
                    .env("AWS_ALLOW_HTTP", "true")
                    .env("AWS_REGION", "us-east-1")
                    .env("AWS_ACCESS_KEY_ID", s3::ACCESS_KEY)
                    .env("AWS_SECRET_ACCESS_KEY", s3::SECRET_KEY)
                    .output()
                    .unwrap();
                (
                    out.status.success(),
                    String::from_utf8_lossy(&out.stdout).into_owned(),
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                )
            };
            let (ok, out, err) = migrate();
            assert!(ok, "{out}{err}");
            assert!(
                out.contains("3 blobs copied, 0 already there; all 3"),
                "{out}"
            );
            assert!(!out.contains(s3::SECRET_KEY) && !err.contains(s3::SECRET_KEY));
            let target = Arc::new(ObjectBlobStore::s3(&s3.url(&bucket, "moved")).unwrap());
            for f in &files {
                assert_eq!(read_all(target.as_ref(), &address(f)).await.unwrap(), *f);
            }
            let (ok, out, _) = migrate();
            assert!(
                ok && out.contains("0 blobs copied, 3 already there; all 3"),
                "{out}"
            );

            // A local file damaged before it was moved: named, and the command fails.
            let extra = png().into_iter().chain(*b"extra").collect::<Vec<u8>>();
            let r = upload(&app, Some(&token), "extra.png", extra.clone()).await;
            assert_eq!(r.status, 201, "{}", r.body);
            let sha = sha256_hex(&extra);
            let path = from.join(&sha[..2]).join(&sha);
            let mut perms = std::fs::metadata(&path).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&path, perms).unwrap();
            std::fs::write(&path, b"tampered").unwrap();
            let (ok, out, err) = migrate();
            assert!(!ok, "{out}");
            assert!(err.contains(&sha) && err.contains("damaged"), "{err}");
            assert!(matches!(
                target.open(&address(&extra)).await,
                Err(BlobError::NotFound)
            ));
        },
    )
    .await
}

#[actix_web::test]
async fn store_migrate_copies_and_verifies_sqlite() {
    store_migrate_copies_and_verifies(Backend::Sqlite).await
}

#[actix_web::test]
async fn store_migrate_copies_and_verifies_postgres() {
    store_migrate_copies_and_verifies(Backend::Postgres).await
}
