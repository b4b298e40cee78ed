//! A real S3-compatible server for the store tests: moto's server mode (`moto_server`, from
//! PyPI; `cargo xtask test` installs it into its Python virtualenv and names it in
//! `SANXIANG_TEST_MOTO_SERVER`). Chosen over building `s3s-fs` because moto is a separate
//! process that speaks the real S3 wire protocol — SigV4, multipart uploads, `UploadPartCopy`,
//! `If-None-Match: *` on PUT and on CompleteMultipartUpload — and installs in seconds beside the
//! Python tools the suite already uses, while a Rust S3 server would add its build to the suite.
//!
//! One server per test binary, started on first use on a free port; each test takes a bucket
//! of its own. A watchdog shell ends the server when the test binary exits. When the server
//! cannot start the store tests fail if `CI` is set and print a loud skip otherwise, as the
//! PostgreSQL tests do.

use sanxiang_persistence::blob::{BlobStore, ObjectBlobStore};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Credentials moto accepts (any); given as the AWS variables would be.
pub const ACCESS_KEY: &str = "sanxiang-test-key";
pub const SECRET_KEY: &str = "sanxiang-test-secret";

/// The running server.
pub struct S3 {
    pub endpoint: String,
}

static SERVER: tokio::sync::OnceCell<Option<S3>> = tokio::sync::OnceCell::const_new();

/// The suite's S3 server, started on first call; `None` (after a loud message) when it cannot
/// start outside CI.
pub async fn server() -> Option<&'static S3> {
    SERVER.get_or_init(start).await.as_ref()
}

async fn start() -> Option<S3> {
    let bin = std::env::var("SANXIANG_TEST_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
    match try_start(&bin).await {
        Ok(s) => Some(s),
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!("the S3 test server ({bin}) cannot start and CI is set: {e}");
            }
            eprintln!("\n!!!!!!!! SKIPPING S3 store test: {bin} cannot start ({e}); `cargo xtask test` installs it !!!!!!!!\n");
            None
        }
    }
}

async fn try_start(bin: &str) -> Result<S3, String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    // The watchdog: the server lives as long as this test binary.
    let script = format!(
        "\"$0\" -H 127.0.0.1 -p {port} >/dev/null 2>&1 & m=$!; \
         while kill -0 {parent} 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 1; done; kill $m 2>/dev/null",
        parent = std::process::id()
    );
    std::process::Command::new("sh")
        .args(["-c", &script, bin])
        .stdin(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run sh: {e}"))?;
    let endpoint = format!("http://127.0.0.1:{port}");
    let client = awc::Client::default();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client.get(format!("{endpoint}/")).send().await {
            if r.status().is_success() {
                return Ok(S3 { endpoint });
            }
        }
        if Instant::now() > deadline {
            return Err(format!("no answer on port {port} within 60 s"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

impl S3 {
    /// Creates a fresh bucket and answers its name.
    pub async fn bucket(&self) -> String {
        let name = format!("sx-{}", uuid::Uuid::new_v4().simple());
        let r = awc::Client::default()
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success(),
            "creating bucket {name}: {}",
            r.status()
        );
        name
    }

    /// `SANXIANG_STORE_URL` for `bucket` under `prefix`, with the endpoint and the
    /// credentials in its query.
    pub fn url(&self, bucket: &str, prefix: &str) -> String {
        format!(
            "s3://{bucket}/{prefix}?endpoint={}&region=us-east-1&allow_http=true&access_key_id={ACCESS_KEY}&secret_access_key={SECRET_KEY}",
            self.endpoint
        )
    }

    /// The store on a fresh bucket.
    pub async fn store(&self, prefix: &str) -> (Arc<dyn BlobStore>, String) {
        let bucket = self.bucket().await;
        let store = ObjectBlobStore::s3(&self.url(&bucket, prefix)).unwrap();
        (Arc::new(store), bucket)
    }

    /// Every key in `bucket` (unsigned ListObjectsV2, which moto answers).
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        let body = self
            .get_text(&format!("{}/{bucket}?list-type=2", self.endpoint))
            .await;
        tags(&body, "Key")
    }

    /// The ids of the multipart uploads not completed or aborted in `bucket`.
    pub async fn open_uploads(&self, bucket: &str) -> Vec<String> {
        let body = self
            .get_text(&format!("{}/{bucket}?uploads", self.endpoint))
            .await;
        tags(&body, "UploadId")
    }

    /// Puts `bytes` at `key` behind the store's back.
    pub async fn put_raw(&self, bucket: &str, key: &str, bytes: Vec<u8>) {
        let r = awc::Client::default()
            .put(format!("{}/{bucket}/{key}", self.endpoint))
            .send_body(bytes)
            .await
            .unwrap();
        assert!(r.status().is_success(), "raw put: {}", r.status());
    }

    async fn get_text(&self, url: &str) -> String {
        let mut r = awc::Client::default().get(url).send().await.unwrap();
        assert!(r.status().is_success(), "{url}: {}", r.status());
        String::from_utf8(r.body().limit(16 << 20).await.unwrap().to_vec()).unwrap()
    }
}

/// The texts of every `<tag>…</tag>` in an XML answer.
fn tags(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(&open)
        .skip(1)
        .filter_map(|s| s.split_once(&close).map(|(v, _)| v.to_owned()))
        .collect()
}
