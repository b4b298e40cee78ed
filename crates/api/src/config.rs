//! Configuration: defaults → optional `sanxiang.toml` (or the file named by `SANXIANG_CONFIG`)
//! → `SANXIANG_*` environment variables. Passed in, never global.

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A secret: never printed, not even by `Debug`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    /// The secret value; call only where it is used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Every setting of the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    /// `sqlite://…?mode=rwc` (embedded, default) or `postgres://…` (production).
    pub database_url: String,
    /// Address to listen on.
    pub bind: String,
    /// Where the SQLite database, the generated keys and (without `store_url`) the blobs live.
    pub data_dir: PathBuf,
    /// Where evidence files, snapshots and documents are stored (`SANXIANG_STORE_URL`):
    /// `s3://bucket/prefix` for an S3-compatible store shared by every node (endpoint, region
    /// and credentials from the `AWS_*` variables or the URL's query), `file:///dir` for a
    /// directory; unset: `<data_dir>/blobs`. A secret, since its query may hold credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_url: Option<Secret>,
    /// The built frontend (`cargo xtask run` builds it into `frontend/dist`).
    pub static_dir: PathBuf,
    /// HS256 key for access tokens. When unset: generated on first start and kept in the data
    /// dir (mode 0600). Set it explicitly when several API nodes share one database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_secret: Option<Secret>,
    /// The Ed25519 key that signs the log's checkpoints (`SANXIANG_LOG_SIGNING_KEY`,
    /// `PRIVATE+KEY+<origin>+…` as `sanxiang keygen` prints it). When unset: generated on first
    /// start into `<data_dir>/log_signing_key`. Every node of a deployment needs the same key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_signing_key: Option<Secret>,
    /// The first admin's password; when unset a random one is printed once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_password: Option<Secret>,
    /// The demo users' password (`serve --demo`); when unset a random one is printed once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_password: Option<Secret>,
    /// `pretty` or `json`.
    pub log: LogFormat,
    /// Maximum JSON request body, in bytes.
    pub json_limit: usize,
    /// Access-token lifetime in seconds.
    pub access_token_ttl_secs: u64,
    /// Refresh-token lifetime in days.
    pub refresh_token_ttl_days: u32,
    /// Name of the agency created with the first admin (not in demo mode).
    pub first_agency_name: String,
    /// Short name of that agency.
    pub first_agency_short_name: String,
    /// Worker threads (0 = one per core).
    pub workers: usize,
    /// Largest evidence file accepted, in bytes (default 2 GiB).
    pub max_upload_bytes: u64,
    /// Rule parameters (deadlines, thresholds, officers required, the continuous-video list),
    /// national defaults unless `[rules]` in `sanxiang.toml` says otherwise.
    pub rules: sanxiang_domain::case::RuleSettings,
    /// The case-file standard (案卷标准): required documents per kind and stage.
    pub file_standard: sanxiang_domain::case::completeness::FileStandard,
    /// Legal review (`[review]` in `sanxiang.toml`): review period, extension, deliberation
    /// quorum and the minimum ratio of legal reviewers to officers.
    #[serde(default)]
    pub review: ReviewConfig,
    /// The tamper-evident log's origin: the first line of its checkpoints and the name of its
    /// signing key (e.g. `sanxiang.example.gov.cn/log`). Unique per deployment.
    pub log_origin: String,
    /// `[portal]`: rate limits and caching of `/api/public/v1`, and the webhook dispatcher.
    #[serde(default)]
    pub portal: crate::portal::PortalSettings,
    /// `[disclosure]`: publication deadlines (118号: 7 / 20 working days), withdrawal period
    /// (3 working days), publication periods per severity (national credit rules) and whether
    /// warning-only penalties are published.
    #[serde(default)]
    pub disclosure: sanxiang_domain::disclosure::publication::DisclosureSettings,
    /// `[credit]`: the province's variants of the 双公示 export (`/exchange/credit`): column
    /// order, date format, code-list words; the national template when unset, e.g.
    /// `[credit] date_format = "%Y-%m-%d"` and
    /// `[credit.code_variants.licence_status] "有效" = "1"`; and `[credit.push]` (also
    /// `SANXIANG_CREDIT_PUSH_<SETTING>`), the connector that pushes every decision to the
    /// provincial platform (`crate::credit_push`), off by default.
    #[serde(default)]
    pub credit: crate::credit_push::CreditConfig,
    /// Public address of the app (e.g. `https://zfgs.example.gov.cn`), used in links printed or
    /// encoded outside the app (certificate QR codes); `http://<bind>` when unset.
    #[serde(default)]
    pub public_base_url: Option<String>,
    /// Database roles. `true` (default; SQLite, or one PostgreSQL URL): `serve` applies pending
    /// migrations over `database_url`. `false`: the server connects as an application role that
    /// owns nothing and only checks that `sanxiang migrate` (run as the owner) left nothing
    /// pending (`SANXIANG_MIGRATE_ON_START`).
    #[serde(default = "default_true")]
    pub migrate_on_start: bool,
    /// The owner's URL that `sanxiang migrate` connects with (`SANXIANG_MIGRATE_DATABASE_URL`);
    /// `database_url` when unset. Never give it to the server nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrate_database_url: Option<Secret>,
    /// How often each node takes down entries whose publication period ended, in milliseconds
    /// (default one minute).
    #[serde(default = "default_sweep_interval_ms")]
    pub sweep_interval_ms: u64,
    /// Folders searched for the documents' fonts (Noto Serif/Sans CJK SC, Debian's
    /// `fonts-noto-cjk`), `SANXIANG_FONT_DIRS`; default the system font folders.
    #[serde(default = "default_font_dirs")]
    pub font_dirs: Vec<PathBuf>,
    /// Seconds a node takes at most to shut down after SIGTERM/SIGINT: readiness off, requests
    /// in flight drained, appends flushed, the log's last batch signed (`crate::shutdown`).
    #[serde(default = "default_shutdown_grace_secs")]
    pub shutdown_grace_secs: u64,
    /// Milliseconds, at the start of a shutdown, during which `/api/v1/ready` answers 503 while
    /// the node still accepts requests (a load balancer's probe interval or more).
    #[serde(default = "default_shutdown_unready_ms")]
    pub shutdown_unready_ms: u64,
    /// Address of the metrics listener (`GET /metrics`, Prometheus text), e.g. `127.0.0.1:9090`;
    /// none when unset. Never the public port: keep it on a private network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_bind: Option<String>,
}

fn default_shutdown_grace_secs() -> u64 {
    10
}

fn default_shutdown_unready_ms() -> u64 {
    1000
}

fn default_font_dirs() -> Vec<PathBuf> {
    sanxiang_documents::DEFAULT_FONT_DIRS
        .iter()
        .map(PathBuf::from)
        .collect()
}

fn default_sweep_interval_ms() -> u64 {
    60_000
}

fn default_true() -> bool {
    true
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/sanxiang.db?mode=rwc".into(),
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            store_url: None,
            static_dir: PathBuf::from("./frontend/dist"),
            jwt_secret: None,
            log_signing_key: None,
            admin_password: None,
            demo_password: None,
            log: LogFormat::Pretty,
            json_limit: 1024 * 1024,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_days: 30,
            first_agency_name: "系统管理机构".into(),
            first_agency_short_name: "系统".into(),
            workers: 0,
            max_upload_bytes: 2 * 1024 * 1024 * 1024,
            rules: sanxiang_domain::case::RuleSettings::default(),
            file_standard: sanxiang_domain::case::completeness::FileStandard::default(),
            review: ReviewConfig::default(),
            log_origin: "sanxiang.local/log".into(),
            portal: crate::portal::PortalSettings::default(),
            disclosure: Default::default(),
            credit: Default::default(),
            public_base_url: None,
            migrate_on_start: true,
            migrate_database_url: None,
            sweep_interval_ms: default_sweep_interval_ms(),
            font_dirs: default_font_dirs(),
            shutdown_grace_secs: default_shutdown_grace_secs(),
            shutdown_unready_ms: default_shutdown_unready_ms(),
            metrics_bind: None,
        }
    }
}

/// `[review]`: the legal review's periods (default 5 working days, extendable once by 5; a local
/// example under 行政处罚法 art. 58), the deliberation quorum (3) and the minimum ratio of legal reviewers
/// to enforcement officers (default 0.05, 国办发〔2018〕118号), e.g.
/// `[review] minimum_reviewer_ratio = 0.1` and `[review.period] amount = 7` / `unit = "working"`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ReviewConfig {
    #[serde(flatten)]
    pub settings: sanxiang_domain::review::ReviewSettings,
    /// Legal reviewers ÷ enforcement officers below this is flagged in `/stats/review`.
    pub minimum_reviewer_ratio: f64,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        Self {
            settings: sanxiang_domain::review::ReviewSettings::default(),
            minimum_reviewer_ratio: 0.05,
        }
    }
}

/// A setting with a bad value: stops the server with one line naming it.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

impl Config {
    /// The public address of the app, without a trailing slash.
    pub fn public_base(&self) -> String {
        match &self.public_base_url {
            Some(u) if !u.trim().is_empty() => u.trim().trim_end_matches('/').to_owned(),
            _ => format!("http://{}", self.bind),
        }
    }

    /// Loads the layered configuration from the process environment.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("SANXIANG_CONFIG").unwrap_or_else(|_| "sanxiang.toml".into());
        let cfg: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("SANXIANG_").ignore(&["config", "test_pg_url"]))
            // `[portal]` settings also as `SANXIANG_PORTAL_<SETTING>`.
            .merge(Env::prefixed("SANXIANG_PORTAL_").map(|k| format!("portal.{k}").into()))
            // `[credit.push]` settings as `SANXIANG_CREDIT_PUSH_<SETTING>` (the token too).
            .merge(
                Env::prefixed("SANXIANG_CREDIT_PUSH_").map(|k| format!("credit.push.{k}").into()),
            )
            .extract()
            .map_err(|e| {
                let key = e.path.join(".");
                let setting = if key.is_empty() {
                    String::new()
                } else {
                    format!("SANXIANG_{}: ", key.to_ascii_uppercase())
                };
                ConfigError(format!("{setting}{}", e.kind))
            })?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Checks values that parse but make no sense.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.bind_addr()?;
        self.credit.settings.check().map_err(ConfigError)?;
        self.credit.push.validate()?;
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError(
                "SANXIANG_DATABASE_URL: must start with sqlite: or postgres://".into(),
            ));
        }
        if let Some(s) = &self.jwt_secret {
            if s.expose().len() < 32 {
                return Err(ConfigError(
                    "SANXIANG_JWT_SECRET: must be at least 32 characters".into(),
                ));
            }
        }
        for (name, p) in [
            ("SANXIANG_ADMIN_PASSWORD", &self.admin_password),
            ("SANXIANG_DEMO_PASSWORD", &self.demo_password),
        ] {
            if let Some(p) = p {
                sanxiang_domain::account::check_password_policy(p.expose())
                    .map_err(|e| ConfigError(format!("{name}: {e}")))?;
            }
        }
        if !sanxiang_domain::tlog::note::is_valid_key_name(&self.log_origin) {
            return Err(ConfigError(
                "SANXIANG_LOG_ORIGIN: must be non-empty, without spaces or `+`".into(),
            ));
        }
        if self.json_limit < 1024 {
            return Err(ConfigError(
                "SANXIANG_JSON_LIMIT: must be at least 1024 bytes".into(),
            ));
        }
        if !(60..=86_400).contains(&self.access_token_ttl_secs) {
            return Err(ConfigError(
                "SANXIANG_ACCESS_TOKEN_TTL_SECS: must be between 60 and 86400".into(),
            ));
        }
        if !(0.0..=1.0).contains(&self.review.minimum_reviewer_ratio) {
            return Err(ConfigError(
                "[review] minimum_reviewer_ratio: must be between 0 and 1".into(),
            ));
        }
        if self.review.settings.period.amount == 0
            || self.review.settings.min_deliberation_attendees == 0
        {
            return Err(ConfigError(
                "[review] period.amount and min_deliberation_attendees: must be at least 1".into(),
            ));
        }
        if !(1..=365).contains(&self.refresh_token_ttl_days) {
            return Err(ConfigError(
                "SANXIANG_REFRESH_TOKEN_TTL_DAYS: must be between 1 and 365".into(),
            ));
        }
        if !(1..=3600).contains(&self.shutdown_grace_secs) {
            return Err(ConfigError(
                "SANXIANG_SHUTDOWN_GRACE_SECS: must be between 1 and 3600".into(),
            ));
        }
        if self.shutdown_unready_ms >= self.shutdown_grace_secs.saturating_mul(1000) {
            return Err(ConfigError(
                "SANXIANG_SHUTDOWN_UNREADY_MS: must be shorter than the grace period".into(),
            ));
        }
        if let Some(u) = &self.store_url {
            let u = u.expose().trim();
            if !(u.is_empty() || u.starts_with("s3://") || u.starts_with("file:///")) {
                return Err(ConfigError(
                    "SANXIANG_STORE_URL: must start with s3:// or file:///".into(),
                ));
            }
        }
        self.metrics_bind_addr()?;
        self.portal.validate()?;
        Ok(())
    }

    /// The metrics listener's address, when one is configured.
    pub fn metrics_bind_addr(&self) -> Result<Option<SocketAddr>, ConfigError> {
        match self.metrics_bind.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(b) => b.parse().map(Some).map_err(|_| {
                ConfigError(format!(
                    "SANXIANG_METRICS_BIND: `{b}` is not an address like 127.0.0.1:9090"
                ))
            }),
        }
    }

    /// The configured blob store URL, if any (see `store_url`).
    pub fn store_url(&self) -> Option<&str> {
        self.store_url
            .as_ref()
            .map(|s| s.expose().trim())
            .filter(|s| !s.is_empty())
    }

    /// The listen address.
    pub fn bind_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.bind.parse().map_err(|_| {
            ConfigError(format!(
                "SANXIANG_BIND: `{}` is not an address like 127.0.0.1:8080",
                self.bind
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn bad_values_name_the_setting() {
        let c = Config {
            bind: "nope".into(),
            ..Config::default()
        };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("SANXIANG_BIND"));
        let c = Config {
            jwt_secret: Some(Secret::new("short")),
            ..Config::default()
        };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("SANXIANG_JWT_SECRET"));
        let c = Config {
            database_url: "mysql://x".into(),
            ..Config::default()
        };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("SANXIANG_DATABASE_URL"));
    }

    #[test]
    fn review_settings_come_from_the_file_with_defaults() {
        // Local rules under 行政处罚法 art. 58: review within 5 working days (local example), reviewers ≥ 5 % of officers.
        let c: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string(
                "[review]\nminimum_reviewer_ratio = 0.1\n[review.period]\namount = 7\nunit = \"working\"\n",
            ))
            .extract()
            .unwrap();
        assert_eq!(c.review.minimum_reviewer_ratio, 0.1);
        assert_eq!(c.review.settings.period.amount, 7);
        assert_eq!(c.review.settings.extension.amount, 5);
        assert_eq!(c.review.settings.min_deliberation_attendees, 3);
        let d = Config::default();
        assert_eq!(d.review.minimum_reviewer_ratio, 0.05);
        assert_eq!(d.review.settings.period.amount, 5);
        let bad = Config {
            review: ReviewConfig {
                minimum_reviewer_ratio: 1.5,
                ..ReviewConfig::default()
            },
            ..Config::default()
        };
        assert!(bad.validate().unwrap_err().to_string().contains("[review]"));
    }

    #[test]
    fn the_store_url_is_checked_and_never_printed() {
        for ok in ["s3://bucket/prefix", "file:///srv/blobs", ""] {
            let c = Config {
                store_url: Some(Secret::new(ok)),
                ..Config::default()
            };
            c.validate().unwrap();
        }
        assert_eq!(Config::default().store_url(), None);
        for bad in ["gs://bucket", "file://relative/dir", "/srv/blobs"] {
            let c = Config {
                store_url: Some(Secret::new(bad)),
                ..Config::default()
            };
            assert!(c
                .validate()
                .unwrap_err()
                .to_string()
                .contains("SANXIANG_STORE_URL"));
        }
        let c = Config {
            store_url: Some(Secret::new("s3://b/p?secret_access_key=hunter2")),
            ..Config::default()
        };
        assert_eq!(c.store_url(), Some("s3://b/p?secret_access_key=hunter2"));
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn shutdown_and_metrics_settings_are_checked() {
        let d = Config::default();
        assert_eq!(d.shutdown_grace_secs, 10);
        assert_eq!(d.metrics_bind_addr().unwrap(), None);
        let c = Config {
            metrics_bind: Some("127.0.0.1:9090".into()),
            ..Config::default()
        };
        assert_eq!(c.metrics_bind_addr().unwrap().unwrap().port(), 9090);
        for (bad, setting) in [
            (
                Config {
                    metrics_bind: Some("everywhere".into()),
                    ..Config::default()
                },
                "SANXIANG_METRICS_BIND",
            ),
            (
                Config {
                    shutdown_grace_secs: 0,
                    ..Config::default()
                },
                "SANXIANG_SHUTDOWN_GRACE_SECS",
            ),
            (
                Config {
                    shutdown_grace_secs: 2,
                    shutdown_unready_ms: 2000,
                    ..Config::default()
                },
                "SANXIANG_SHUTDOWN_UNREADY_MS",
            ),
        ] {
            assert!(bad.validate().unwrap_err().to_string().contains(setting));
        }
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }
}
