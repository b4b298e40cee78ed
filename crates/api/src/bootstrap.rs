//! First start: data dir, JWT secret, the first admin and (with `--demo`) the demo agency.

use crate::auth::password;
use crate::config::{Config, Secret};
use anyhow::Context;
use base64::Engine;
use chrono::NaiveDate;
use rand::distributions::{Alphanumeric, DistString};
use rand::RngCore;
use sanxiang_domain::account::Role;
use sanxiang_domain::case::CertificateStatus;
use sanxiang_domain::tlog::SignerKey;
use sanxiang_persistence::accounts::{self, NewAgency, NewUser};
use sanxiang_persistence::officers::{self, NewCertificate, ProfileInput};
use sanxiang_persistence::{calendar, Db};
use std::io::Write;
use std::path::Path;

/// The demo agency (the seed plan's county finance bureau).
pub const DEMO_AGENCY: &str = "桓仁满族自治县财政局";
const DEMO_AGENCY_SHORT: &str = "桓财";

/// The demo users: (username, display name, roles).
pub const DEMO_USERS: &[(&str, &str, &[Role])] = &[
    ("demo_officer", "张执法", &[Role::Officer]),
    ("demo_officer2", "李执法", &[Role::Officer]),
    ("demo_reviewer", "王审核", &[Role::LegalReviewer]),
    ("demo_approver", "赵负责", &[Role::Approver]),
    ("demo_editor", "陈公示", &[Role::DisclosureEditor]),
    ("demo_auditor", "周审计", &[Role::Auditor]),
    ("demo_supervisor", "孙监督", &[Role::Supervisor]),
];

/// Creates the data dir and, for a SQLite URL, the directory of the database file.
pub fn prepare_dirs(cfg: &Config) -> anyhow::Result<()> {
    std::fs::create_dir_all(&cfg.data_dir).with_context(|| {
        format!(
            "SANXIANG_DATA_DIR: cannot create {}",
            cfg.data_dir.display()
        )
    })?;
    if let Some(rest) = cfg.database_url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or_default();
        if !path.is_empty() && path != ":memory:" {
            if let Some(parent) = Path::new(path)
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
            {
                std::fs::create_dir_all(parent).with_context(|| {
                    format!("SANXIANG_DATABASE_URL: cannot create {}", parent.display())
                })?;
            }
        }
    }
    Ok(())
}

/// The JWT signing secret: configured, or generated once and kept in `<data dir>/jwt_secret`
/// with mode 0600.
pub fn jwt_secret(cfg: &Config) -> anyhow::Result<Secret> {
    if let Some(s) = &cfg.jwt_secret {
        return Ok(s.clone());
    }
    let path = cfg.data_dir.join("jwt_secret");
    if path.exists() {
        let s = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let s = s.trim().to_owned();
        anyhow::ensure!(
            s.len() >= 32,
            "{} is too short; delete it to generate a new one",
            path.display()
        );
        return Ok(Secret::new(s));
    }
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let s = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(s.as_bytes())?;
    tracing::info!(path = %path.display(), "generated a new JWT secret");
    Ok(Secret::new(s))
}

/// The Ed25519 key that signs the log's checkpoints, named after `log_origin`: generated on
/// first start into `<data dir>/log_signing_key` (mode 0600, `PRIVATE+KEY+<name>+<id>+<base64>`)
/// and reused afterwards, unless `SANXIANG_LOG_SIGNING_KEY` gives it. Several API nodes on one
/// database must share the key: give each the same `SANXIANG_LOG_SIGNING_KEY`.
pub fn log_signer(cfg: &Config) -> anyhow::Result<SignerKey> {
    if let Some(configured) = &cfg.log_signing_key {
        let key = SignerKey::parse(configured.expose().trim())
            .map_err(|e| anyhow::anyhow!("SANXIANG_LOG_SIGNING_KEY: {e}"))?;
        anyhow::ensure!(
            key.name() == cfg.log_origin,
            "SANXIANG_LOG_SIGNING_KEY signs for `{}` but SANXIANG_LOG_ORIGIN is `{}`",
            key.name(),
            cfg.log_origin
        );
        return Ok(key);
    }
    let path = cfg.data_dir.join("log_signing_key");
    if path.exists() {
        let s = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let key =
            SignerKey::parse(s.trim()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        anyhow::ensure!(
            key.name() == cfg.log_origin,
            "{} signs for `{}` but SANXIANG_LOG_ORIGIN is `{}`",
            path.display(),
            key.name(),
            cfg.log_origin
        );
        return Ok(key);
    }
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = SignerKey::from_seed(&cfg.log_origin, seed)
        .map_err(|e| anyhow::anyhow!("SANXIANG_LOG_ORIGIN: {e}"))?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(key.to_private_key_string().as_bytes())?;
    f.write_all(b"\n")?;
    tracing::info!(path = %path.display(), key = %key.verifier(), "generated the log signing key");
    Ok(key)
}

/// Fresh keys for a deployment of several nodes, as `.env` lines (`sanxiang keygen`): the JWT
/// secret and the log signing key for `origin`, plus the log's public verifier key as a comment.
pub fn generate_keys(origin: &str) -> anyhow::Result<Vec<String>> {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = SignerKey::from_seed(origin, seed)
        .map_err(|e| anyhow::anyhow!("SANXIANG_LOG_ORIGIN: {e}"))?;
    let jwt = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 48);
    Ok(vec![
        format!("SANXIANG_JWT_SECRET={jwt}"),
        format!("SANXIANG_LOG_ORIGIN={origin}"),
        format!("SANXIANG_LOG_SIGNING_KEY={}", key.to_private_key_string()),
        format!("# verifier key (public): {}", key.verifier()),
    ])
}

fn random_password() -> String {
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, 20)
}

/// What first start created, to print once on the console (never into the logs).
#[derive(Default)]
pub struct FirstStart {
    pub lines: Vec<String>,
    /// The `admin` password when this process knows it (configured, or generated now): the
    /// demo seed signs in with it (`crate::demo`).
    pub admin_password: Option<Secret>,
    /// The demo users' password when this process knows it (configured, or generated now).
    pub demo_password: Option<Secret>,
}

/// Demo officer profiles: officers get a certificate valid 2024–2029 for 财政 in the county (so
/// a demo case can pass the two-certified-officers gate); the legal reviewer holds the legal
/// profession qualification (行政处罚法 art. 58).
async fn seed_demo_officer(
    db: &Db,
    agency_id: uuid::Uuid,
    user_id: uuid::Uuid,
    name: &str,
    roles: &[Role],
    index: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let officer = roles.contains(&Role::Officer);
    let reviewer = roles.contains(&Role::LegalReviewer);
    if !officer && !reviewer {
        return Ok(());
    }
    let (post, unit) = if reviewer {
        ("法制审核员", "法规科")
    } else {
        ("执法人员", "财政监督检查局")
    };
    officers::upsert_profile(
        db,
        agency_id,
        user_id,
        ProfileInput {
            name: name.to_owned(),
            post: post.into(),
            unit: unit.into(),
            legal_qualification: reviewer,
            review_experience_since: None,
        },
        now,
    )
    .await?;
    if officer {
        let (Some(valid_from), Some(valid_until)) = (
            NaiveDate::from_ymd_opt(2024, 1, 1),
            NaiveDate::from_ymd_opt(2029, 12, 31),
        ) else {
            anyhow::bail!("demo certificate dates out of range");
        };
        officers::create_certificate(
            db,
            agency_id,
            user_id,
            NewCertificate {
                number: format!("21{:08}", index + 1),
                issuer: "桓仁满族自治县人民政府".into(),
                valid_from,
                valid_until,
                categories: vec!["财政".into()],
                area: "桓仁满族自治县".into(),
                status: CertificateStatus::Valid,
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// Loads the shipped working-day calendar when no year is loaded, and seeds the first admin
/// (and, in demo mode, the demo agency, users and officer profiles) when the database has no
/// users yet. Nodes starting together on one database seed it one at a time
/// ([`sanxiang_persistence::FirstStartLock`]): the first seeds, the others find it seeded.
pub async fn seed(
    db: &Db,
    cfg: &Config,
    demo: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<FirstStart> {
    let lock = db.first_start_lock().await?;
    let seeded = seed_unlocked(db, cfg, demo, now).await;
    lock.release().await?;
    seeded
}

async fn seed_unlocked(
    db: &Db,
    cfg: &Config,
    demo: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<FirstStart> {
    let mut out = FirstStart {
        admin_password: cfg.admin_password.clone(),
        demo_password: cfg.demo_password.clone(),
        ..FirstStart::default()
    };
    calendar::seed_shipped_if_empty(db, now).await?;
    if accounts::count_users(db).await? == 0 {
        let (name, short) = if demo {
            (DEMO_AGENCY.to_owned(), DEMO_AGENCY_SHORT.to_owned())
        } else {
            (
                cfg.first_agency_name.clone(),
                cfg.first_agency_short_name.clone(),
            )
        };
        let agency = match accounts::platform_agency(db).await? {
            Some(a) => a,
            None => {
                accounts::create_agency(
                    db,
                    NewAgency {
                        name,
                        short_name: short,
                        credit_code: None,
                        is_platform: true,
                    },
                    now,
                )
                .await?
            }
        };
        let (pw, generated) = match &cfg.admin_password {
            Some(p) => (p.expose().to_owned(), false),
            None => (random_password(), true),
        };
        let hash = password::hash(pw.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        accounts::create_user(
            db,
            NewUser {
                agency_id: agency.id,
                username: "admin".into(),
                display_name: "系统管理员".into(),
                password_hash: hash,
                roles: vec![Role::Admin],
                auditor_agency_ids: vec![],
            },
            now,
        )
        .await?;
        out.lines.push(format!(
            "Created the first administrator `admin` in agency {}.",
            agency.name
        ));
        if generated {
            out.lines
                .push(format!("  admin password (shown once): {pw}"));
            out.admin_password = Some(Secret::new(pw));
        } else {
            out.lines
                .push("  admin password: as set in SANXIANG_ADMIN_PASSWORD".into());
        }
    }
    if demo
        && accounts::find_credentials(db, DEMO_USERS[0].0)
            .await?
            .is_none()
    {
        let agency = match accounts::find_agency_by_name(db, DEMO_AGENCY).await? {
            Some(a) => a,
            None => {
                accounts::create_agency(
                    db,
                    NewAgency {
                        name: DEMO_AGENCY.into(),
                        short_name: DEMO_AGENCY_SHORT.into(),
                        credit_code: None,
                        is_platform: false,
                    },
                    now,
                )
                .await?
            }
        };
        let (pw, generated) = match &cfg.demo_password {
            Some(p) => (p.expose().to_owned(), false),
            None => (random_password(), true),
        };
        let hash = password::hash(pw.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        out.lines
            .push(format!("Demo agency {DEMO_AGENCY} with one user per role:"));
        for (i, (username, display, roles)) in DEMO_USERS.iter().enumerate() {
            let grants = if roles.iter().any(|r| r.reads_granted_agencies()) {
                vec![agency.id]
            } else {
                vec![]
            };
            let user = accounts::create_user(
                db,
                NewUser {
                    agency_id: agency.id,
                    username: (*username).into(),
                    display_name: (*display).into(),
                    password_hash: hash.clone(),
                    roles: roles.to_vec(),
                    auditor_agency_ids: grants,
                },
                now,
            )
            .await?;
            seed_demo_officer(db, agency.id, user.id, display, roles, i, now).await?;
            let role_names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            out.lines.push(format!(
                "  {username:<15} {display}  ({})",
                role_names.join(", ")
            ));
        }
        if generated {
            out.lines
                .push(format!("  demo password (shown once): {pw}"));
            out.demo_password = Some(Secret::new(pw));
        } else {
            out.lines
                .push("  demo password: as set in SANXIANG_DEMO_PASSWORD".into());
        }
    }
    Ok(out)
}

/// At start: applies pending migrations over the server's own connection (the single-URL
/// default), or — with `migrate_on_start = false`, when the server connects as an application
/// role that owns nothing — only checks that `sanxiang migrate` left nothing pending.
pub async fn migrate_or_check(db: &Db, cfg: &Config) -> anyhow::Result<()> {
    if cfg.migrate_on_start {
        return migrate_and_backfill(db).await;
    }
    let pending = sanxiang_persistence::roles::pending_migrations(db).await?;
    anyhow::ensure!(
        pending.is_empty(),
        "{} migration(s) not applied ({}): run `sanxiang migrate` as the database owner \
         (SANXIANG_MIGRATE_DATABASE_URL) first",
        pending.len(),
        pending.join(", ")
    );
    if sanxiang_persistence::roles::can_disable_triggers(db).await? {
        tracing::warn!(
            "the server's database role owns the tables or is a superuser: it could turn the \
             append-only triggers off; connect as a role that owns nothing (README, Deploying)"
        );
    }
    Ok(())
}

/// The user name in a `postgres://user:password@host/db` URL.
fn url_user(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let name = u.username();
    (!name.is_empty()).then(|| name.to_owned())
}

/// `sanxiang migrate`: applies the migrations as the owner (`owner_url`, else
/// `migrate_database_url`, else `database_url`) and, on PostgreSQL, grants the application role
/// its privileges on every table and sequence, now and by default for later ones. The role is
/// `app_role`, else the user of `database_url` when it differs from the owner's. Returns what
/// was done, one line each.
pub async fn migrate_database(
    cfg: &Config,
    owner_url: Option<&str>,
    app_role: Option<&str>,
) -> anyhow::Result<Vec<String>> {
    let owner_url = owner_url
        .map(str::to_owned)
        .or_else(|| {
            cfg.migrate_database_url
                .as_ref()
                .map(|s| s.expose().to_owned())
        })
        .unwrap_or_else(|| cfg.database_url.clone());
    // The directories of the database migrated (a SQLite file), not of the app's URL.
    prepare_dirs(&Config {
        database_url: owner_url.clone(),
        ..cfg.clone()
    })?;
    let db = Db::connect(&owner_url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect as the owner: {e}"))?;
    let mut out = Vec::new();
    let result = async {
        migrate_and_backfill(&db).await?;
        out.push(format!(
            "migrations applied; pending: {}",
            db.pending_migrations().await?
        ));
        let role = match app_role {
            Some(r) => Some(r.to_owned()),
            None => url_user(&cfg.database_url).filter(|u| Some(u) != url_user(&owner_url).as_ref()),
        };
        // Roles exist on PostgreSQL only (SQLite: one writer, the file's owner).
        if let Some(role) = role.filter(|_| !sanxiang_persistence::tlog::single_writer(&db)) {
            sanxiang_persistence::roles::grant_app_role(&db, &role).await?;
            out.push(format!(
                "granted `{role}` SELECT, INSERT, UPDATE, DELETE on the tables and USAGE on the sequences (also for later ones)"
            ));
        }
        anyhow::Ok(())
    }
    .await;
    let _ = db.close().await;
    result.map(|()| out)
}

/// The migration from which publications and legal-review events are log entries.
const LOGGED_PUBLICATIONS_FROM: &str = "m20261207_000013_public_decisions_guard";
/// The migration from which authentication events are log entries.
const LOGGED_AUTH_EVENTS_FROM: &str = "m20261207_000021_auth_events_log";
/// The migration from which each feed change names its publication entry (`log_publications`),
/// so the feed and the webhooks carry its leaf index and public proof.
const PUBLICATION_INDEX_FROM: &str = "m20261207_000061_log_publications";

/// Applies pending migrations; when this upgrades a database past
/// [`LOGGED_PUBLICATIONS_FROM`] (or [`LOGGED_AUTH_EVENTS_FROM`]), then writes the log entries of
/// the feed changes and review events (or authentication events) recorded before (once:
/// afterwards every one is logged in its own transaction), so that `sanxiang verify` holds older
/// data to the log as well. Past [`PUBLICATION_INDEX_FROM`] it maps the feed changes logged
/// before to their entries (`log_publications`), so older changes carry proofs too.
pub async fn migrate_and_backfill(db: &Db) -> anyhow::Result<()> {
    let pending = sanxiang_persistence::roles::pending_migrations(db).await?;
    db.migrate()
        .await
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    if pending.iter().any(|m| m == LOGGED_PUBLICATIONS_FROM) {
        let p = sanxiang_persistence::tlog::backfill_unlogged_publications(db).await?;
        let r = sanxiang_persistence::tlog::backfill_unlogged_review_events(db).await?;
        if p + r > 0 {
            tracing::info!(
                publications = p,
                review_events = r,
                "logged the publications and review events made before they were logged"
            );
        }
    }
    if pending.iter().any(|m| m == LOGGED_AUTH_EVENTS_FROM) {
        let a = sanxiang_persistence::tlog::backfill_unlogged_auth_events(db).await?;
        if a > 0 {
            tracing::info!(
                auth_events = a,
                "logged the auth events made before they were logged"
            );
        }
    }
    if pending.iter().any(|m| m == PUBLICATION_INDEX_FROM) {
        let n = sanxiang_persistence::tlog::backfill_publication_index(db).await?;
        if n > 0 {
            tracing::info!(
                publications = n,
                "indexed the publication entries logged before their feed changes named them"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// Two nodes given the same `SANXIANG_LOG_SIGNING_KEY` (as `sanxiang keygen` prints it) sign
    /// as one, without a key file in either data directory; a key for another origin is refused.
    #[test]
    fn nodes_share_the_configured_log_signing_key() {
        let lines = generate_keys("sanxiang.example.gov.cn/log").unwrap();
        let value = |name: &str| {
            lines
                .iter()
                .find_map(|l| l.strip_prefix(&format!("{name}=")))
                .unwrap()
                .to_owned()
        };
        assert!(value("SANXIANG_JWT_SECRET").len() >= 32);
        let node = || {
            let dir =
                std::env::temp_dir().join(format!("sx-key-{}", uuid::Uuid::new_v4().simple()));
            Config {
                data_dir: dir,
                log_origin: value("SANXIANG_LOG_ORIGIN"),
                log_signing_key: Some(Secret::new(value("SANXIANG_LOG_SIGNING_KEY"))),
                ..Config::default()
            }
        };
        let (a, b) = (node(), node());
        let (ka, kb) = (log_signer(&a).unwrap(), log_signer(&b).unwrap());
        assert_eq!(ka.verifier().to_string(), kb.verifier().to_string());
        assert!(lines.iter().any(|l| l.contains(&ka.verifier().to_string())));
        assert!(!a.data_dir.join("log_signing_key").exists());
        let other = Config {
            log_origin: "other.example/log".into(),
            ..node()
        };
        assert!(log_signer(&other)
            .err()
            .unwrap()
            .to_string()
            .contains("SANXIANG_LOG_SIGNING_KEY"));
    }
}
