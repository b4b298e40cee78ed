use actix_web::dev::ServerHandle;
use awc::http::StatusCode;
use futures_util::FutureExt;
use sanxiang_api::config::{Config, LogFormat, Secret};
use sanxiang_api::Application;
use sanxiang_persistence::Db;
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;

pub const ADMIN_PASSWORD: &str = "admin-password-0";
pub const DEMO_PASSWORD: &str = "demo-password-1";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server and what the test needs to talk to it.
#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub client: awc::Client,
    pub db: Db,
    pub backend: Backend,
    /// The server's one clock: `set_today` moves the server's time forward, so
    /// periods end and deadlines fall due through the API alone.
    pub clock: sanxiang_api::clock::Clock,
    /// The in-process server; `None` for a spawned process ([`TestApp::remote`]).
    handle: Option<ServerHandle>,
    pg_db: Option<(String, String)>,
    dir: PathBuf,
    /// `http://127.0.0.1:<port>` of the metrics listener, when `metrics_bind` was set.
    pub metrics_base: Option<String>,
}

/// A response: status, headers we care about, JSON body (or Null).
pub struct Resp {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: awc::http::header::HeaderMap,
    pub body: Value,
    pub raw: Vec<u8>,
}

impl Resp {
    /// Asserts a problem document with the code and returns it.
    pub fn problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            String::from_utf8_lossy(&self.raw)
        );
        assert_eq!(
            self.content_type, "application/problem+json",
            "body: {}",
            self.body
        );
        assert_eq!(self.body["code"], code, "body: {}", self.body);
        assert_eq!(self.body["status"], status);
        assert!(self.body["title"].is_string());
        assert!(self.body["request_id"].is_string());
        &self.body
    }
}

pub(crate) fn pg_admin_url() -> String {
    std::env::var("SANXIANG_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Creates a fresh PostgreSQL database and answers (admin URL, its name); `None` (after a loud
/// message) when PostgreSQL cannot be reached, unless `CI` is set, which makes that a failure.
pub(crate) async fn create_pg_database() -> Option<(String, String)> {
    let admin_url = pg_admin_url();
    let admin = match Database::connect(&admin_url).await {
        Ok(c) => c,
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!("PostgreSQL at {admin_url} is unreachable and CI is set: {e}");
            }
            eprintln!(
                "\n!!!!!!!! SKIPPING PostgreSQL test: {admin_url} unreachable ({e}) !!!!!!!!\n"
            );
            return None;
        }
    };
    let name = format!("sx_test_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    admin.close().await.unwrap();
    Some((admin_url, name))
}

/// Drops a database made by [`create_pg_database`] (closing its connections).
pub(crate) async fn drop_pg_database(admin_url: &str, name: &str) {
    if let Ok(admin) = Database::connect(admin_url).await {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
        let _ = admin.close().await;
    }
}

pub(crate) fn with_db_name(url: &str, name: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (url, String::new()),
    };
    let base = head.rsplit_once('/').map(|(b, _)| b).unwrap_or(head);
    format!("{base}/{name}{query}")
}

/// Runs `test` against a fresh server on `backend`, then tears it down (also when it panics).
pub async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    run_tweaked(backend, |_| {}, test).await
}

/// [`run`] on a server whose configuration `tweak` changed first.
pub async fn run_tweaked<F, Fut>(backend: Backend, tweak: impl FnOnce(&mut Config), test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(app) = TestApp::spawn_with(backend, tweak).await else {
        return;
    };
    let result = AssertUnwindSafe(test(app.clone())).catch_unwind().await;
    app.teardown().await;
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

impl TestApp {
    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<Self> {
        // `SANXIANG_TEST_LOG=1` shows the server's log (e.g. the cause of a 500).
        if std::env::var_os("SANXIANG_TEST_LOG").is_some() {
            sanxiang_api::telemetry::init(LogFormat::Pretty);
        }
        let dir =
            std::env::temp_dir().join(format!("sanxiang-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut pg_db = None;
        let database_url = match backend {
            Backend::Sqlite => format!("sqlite://{}/test.db?mode=rwc", dir.display()),
            Backend::Postgres => {
                let (admin_url, name) = create_pg_database().await?;
                pg_db = Some((admin_url.clone(), name.clone()));
                with_db_name(&admin_url, &name)
            }
        };
        let mut config = Config {
            database_url,
            bind: "127.0.0.1:0".into(),
            data_dir: dir.clone(),
            static_dir: dir.join("no-frontend"),
            jwt_secret: Some(Secret::new(JWT_SECRET)),
            admin_password: Some(Secret::new(ADMIN_PASSWORD)),
            demo_password: Some(Secret::new(DEMO_PASSWORD)),
            log: LogFormat::Pretty,
            workers: 2,
            // The suite polls public endpoints; tests of the limits lower them again.
            portal: sanxiang_api::portal::PortalSettings {
                anonymous_per_minute: 1_000_000,
                anonymous_burst: 1_000_000,
                key_per_minute: 1_000_000,
                key_burst: 1_000_000,
                // Webhooks delivered within a tick of 50 ms, retried quickly.
                webhook_tick_ms: 50,
                webhook_retry_base_ms: 100,
                webhook_retry_max_ms: 1000,
                // Tests write feed entries behind the API's back and read them at once; the
                // node's head cache has its own test (portal::feed_head_is_trusted_briefly).
                feed_head_ttl_ms: 0,
                // The webhook tests' receivers listen on 127.0.0.1; production refuses that.
                webhook_allow_private_networks: true,
                ..Default::default()
            },
            // The publication sweeper runs often, so a test that moves the clock past a
            // publication end sees the entry leave at once.
            sweep_interval_ms: 200,
            ..Config::default()
        };
        tweak(&mut config);
        let (app, _first) = Application::build(config, true).await.unwrap();
        let port = app.port();
        let metrics_base = app.metrics_port().map(|p| format!("http://127.0.0.1:{p}"));
        let clock = app.clock();
        let (server, db) = app.into_parts();
        let handle = Some(server.handle());
        actix_web::rt::spawn(server);
        let client = awc::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .finish();
        Some(Self {
            base: format!("http://127.0.0.1:{port}"),
            client,
            db,
            backend,
            clock,
            handle,
            pg_db,
            dir,
            metrics_base,
        })
    }

    /// The PostgreSQL URL of this test's database (None on SQLite).
    pub fn pg_url(&self) -> Option<String> {
        self.pg_db
            .as_ref()
            .map(|(admin, name)| with_db_name(admin, name))
    }

    /// The server's data directory (its blob store is `<dir>/blobs`).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// A `TestApp` for a server this test spawned as a process at `base` (`crate::procs`), on
    /// `db` (PostgreSQL), with `dir` as its data directory: the suite's helpers then speak to
    /// that node. Its clock is the system clock, as the process's is. The caller stops the
    /// process and drops the database; [`TestApp::teardown`] is not for it.
    pub fn remote(base: String, db: Db, dir: PathBuf) -> Self {
        Self {
            base,
            client: awc::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .finish(),
            db,
            backend: Backend::Postgres,
            clock: sanxiang_api::clock::Clock::system(),
            handle: None,
            pg_db: None,
            dir,
            metrics_base: None,
        }
    }

    pub async fn teardown(self) {
        if let Some(handle) = &self.handle {
            handle.stop(false).await;
        }
        let _ = self.db.close().await;
        if let Some((admin_url, name)) = self.pg_db {
            drop_pg_database(&admin_url, &name).await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn finish(
        mut res: awc::ClientResponse<
            impl futures_util::Stream<Item = Result<actix_web::web::Bytes, awc::error::PayloadError>>
                + Unpin,
        >,
    ) -> Resp {
        let status = res.status();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let headers = res.headers().clone();
        let raw = res.body().limit(64 * 1024 * 1024).await.unwrap().to_vec();
        let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        Resp {
            status,
            content_type,
            headers,
            body,
            raw,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::finish(req.send().await.unwrap()).await
    }

    pub async fn send_json(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Resp {
        let mut req = match method {
            "POST" => self.client.post(self.url(path)),
            "PATCH" => self.client.patch(self.url(path)),
            "PUT" => self.client.put(self.url(path)),
            _ => panic!("method {method}"),
        };
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::finish(req.send_json(body).await.unwrap()).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Resp {
        self.send_json("POST", path, token, body).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Resp {
        self.send_json("PATCH", path, token, body).await
    }

    /// Raw body with an explicit content type.
    pub async fn post_raw(&self, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Resp {
        let mut req = self.client.post(self.url(path));
        if let Some(ct) = content_type {
            req = req.insert_header(("content-type", ct));
        }
        Self::finish(req.send_body(body).await.unwrap()).await
    }

    pub async fn login_resp(&self, username: &str, password: &str) -> Resp {
        self.post(
            "/api/v1/auth/login",
            None,
            &serde_json::json!({"username": username, "password": password}),
        )
        .await
    }

    /// Logs in and returns (access, refresh).
    pub async fn login(&self, username: &str, password: &str) -> (String, String) {
        let r = self.login_resp(username, password).await;
        assert_eq!(r.status, 200, "login {username}: {}", r.body);
        (
            r.body["access_token"].as_str().unwrap().to_owned(),
            r.body["refresh_token"].as_str().unwrap().to_owned(),
        )
    }

    pub async fn admin(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await.0
    }

    /// Loads `year` into the working-day calendar as weekends only — a test fixture, not the
    /// State Council's notice — for tests whose calendar-day deadlines reach past the shipped
    /// years (a year without data makes them unknown: `crates/domain/src/calendar.rs`).
    pub async fn load_plain_year(&self, year: i32) {
        let admin = self.admin().await;
        let r = self
            .send_json(
                "PUT",
                &format!("/api/v1/calendar/{year}"),
                Some(&admin),
                &serde_json::json!({"source": "测试用：仅周末（并非国务院办公厅通知）", "days": []}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }

    /// Today on the server's clock (China, UTC+8).
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Moves the server's clock so that today is `day`.
    pub fn set_today(&self, day: chrono::NaiveDate) {
        self.clock.set_today(day);
    }
}

/// Declares each listed async test function `fn(TestApp)` once per database.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    $crate::helpers::run($crate::helpers::Backend::Sqlite, super::$name).await
                }
                #[actix_web::test]
                async fn postgres() {
                    $crate::helpers::run($crate::helpers::Backend::Postgres, super::$name).await
                }
            }
        )*
    };
}

/// The `sanxiang` binary of this build (`target/<profile>/sanxiang`), built once per test run:
/// the tests crate is another package, so cargo does not build it for this test binary.
pub fn sanxiang_bin() -> PathBuf {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        // target/<profile>/deps/api-<hash>
        let profile_dir = exe.parent().unwrap().parent().unwrap().to_path_buf();
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = std::process::Command::new(cargo);
        cmd.args([
            "build",
            "--quiet",
            "-p",
            "sanxiang-api",
            "--bin",
            "sanxiang",
        ])
        .current_dir(root);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            cmd.arg("--release");
        }
        let status = cmd.status().unwrap();
        assert!(status.success(), "building the sanxiang binary failed");
        let bin = profile_dir.join("sanxiang");
        assert!(bin.exists(), "{} is missing", bin.display());
        bin
    })
    .clone()
}
