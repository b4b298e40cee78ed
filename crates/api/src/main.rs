//! `sanxiang`: serve the API and app, run migrations, print the OpenAPI document.

use clap::{Parser, Subcommand};
use sanxiang_api::bootstrap::FirstStart;
use sanxiang_api::demo::{self, DemoSeed, Outcome};
use sanxiang_api::{openapi, telemetry, verify, Application, Config};
use std::process::ExitCode;

/// mimalloc returns freed memory to the system promptly and avoids per-thread arena growth, which
/// keeps the server's RSS flat while it streams large uploads on blocking threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (include/mimalloc.h).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once instead of after a delay that only runs out when
/// the freeing thread allocates again: each password check takes 19 MiB (argon2) on a blocking
/// thread that then sits idle, which otherwise stays resident (measured: +32 MiB RSS after a burst
/// of logins, none with this). `MIMALLOC_PURGE_DELAY` in the environment still wins.
#[allow(unsafe_code)]
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: called first thing in `main`, before any other thread exists; setting an option
        // is a plain store into mimalloc's option table.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
}

#[derive(Parser)]
#[command(
    name = "sanxiang",
    version,
    about = "Sanxiang (三项): administrative law enforcement — disclosure, whole-process recording, legal review"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API under /api and the web app at /.
    Serve {
        /// Seed a demo agency (桓仁满族自治县财政局) and one user per role on first start, and
        /// (once) a month of its work through the API: cases of every kind and stage, evidence,
        /// publications, a random inspection, an annual report, an API key and a webhook.
        #[arg(long)]
        demo: bool,
        /// With `--demo`: the demo agency and users only, without the month of work (the test
        /// harnesses, which bring their own data).
        #[arg(long, requires = "demo")]
        no_seed: bool,
    },
    /// Apply pending database migrations as the schema's owner and exit. On PostgreSQL with a
    /// separate application role (the user of SANXIANG_DATABASE_URL, or `--app-role`), grant it
    /// what the server needs on every table and sequence, now and for later ones.
    Migrate {
        /// The owner's URL (default: SANXIANG_MIGRATE_DATABASE_URL, else SANXIANG_DATABASE_URL).
        #[arg(long)]
        owner_url: Option<String>,
        /// The role the server connects as (default: the user of SANXIANG_DATABASE_URL when it
        /// differs from the owner's).
        #[arg(long)]
        app_role: Option<String>,
    },
    /// Print the OpenAPI document (JSON) to standard output.
    Openapi,
    /// Check the tamper-evident log offline: a case export (`--export`), or the live log in the
    /// database against a checkpoint saved earlier (`--checkpoint`), or a restored backup
    /// against a checkpoint saved outside it (`--expect-checkpoint`) and its attachments against
    /// the log (`--blobs`). Names the first entry that does not match (every file, with
    /// `--blobs`); exits non-zero on any mismatch or error.
    #[command(group(
        clap::ArgGroup::new("what")
            .required(true)
            .multiple(true)
            .args(["export", "checkpoint", "expect_checkpoint", "blobs"])
    ))]
    Verify {
        /// A case export archive (`GET /api/v1/cases/{id}/export`).
        #[arg(long, conflicts_with_all = ["checkpoint", "expect_checkpoint", "blobs"])]
        export: Option<std::path::PathBuf>,
        /// A signed checkpoint saved earlier (`GET /api/public/v1/log/checkpoint`): the live
        /// log must be consistent with it.
        #[arg(long, conflicts_with = "expect_checkpoint")]
        checkpoint: Option<std::path::PathBuf>,
        /// A signed checkpoint saved outside the backup (`GET /api/public/v1/log/checkpoint`,
        /// kept apart from the dumps): the database, e.g. restored from a backup, must hold at
        /// least its whole tree. Names the first missing entry by log index (a backup that lost
        /// the last records) or, for an entry rewritten with its hashes, the range of indexes it
        /// lies in; then checks everything `--checkpoint` does.
        #[arg(long, value_name = "FILE")]
        expect_checkpoint: Option<std::path::PathBuf>,
        /// Re-hash every attachment the log names from the blob store (the configured one:
        /// SANXIANG_STORE_URL, else `<SANXIANG_DATA_DIR>/blobs`; or `--blob-dir`): each missing
        /// file and each file whose bytes do not hash to the logged SHA-256 is named.
        #[arg(long)]
        blobs: bool,
        /// A local blob store to check with `--blobs` instead of the configured one.
        #[arg(long, value_name = "DIR", requires = "blobs")]
        blob_dir: Option<std::path::PathBuf>,
        /// The log's verifier key (`GET /api/public/v1/log/key`), as text or a file holding it
        /// (needed by every check but `--blobs` alone).
        #[arg(long)]
        key: Option<String>,
        /// The database (default: SANXIANG_DATABASE_URL / configuration).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Print fresh keys for a deployment of several nodes, as `.env` lines: a JWT secret and
    /// a log signing key for SANXIANG_LOG_ORIGIN (give every node the same ones), and the log's
    /// public verifier key.
    Keygen,
    /// The blob store of evidence files, snapshots and documents.
    Store {
        #[command(subcommand)]
        command: StoreCommand,
    },
    /// Recompute a published random-inspection draw from its public data alone: the seed
    /// against the commitment, the pools against their hash, and the result. Exits non-zero on
    /// any mismatch.
    VerifyDraw {
        /// `https://…/api/public/v1/draws/{id}` or a file holding that document.
        source: String,
    },
}

#[derive(Subcommand)]
enum StoreCommand {
    /// Copy every catalogued blob from a local store into another store (an S3-compatible one:
    /// `s3://bucket/prefix`, endpoint and credentials from the `AWS_*` variables), then read each
    /// one back from there and check its SHA-256 and size. Names every blob that is missing or
    /// does not match and exits non-zero; safe to rerun (copies only what is missing).
    Migrate {
        /// The store to copy into (default: SANXIANG_STORE_URL).
        #[arg(long, value_name = "URL")]
        to: Option<String>,
        /// The local store to copy from (default: `<SANXIANG_DATA_DIR>/blobs`).
        #[arg(long, value_name = "DIR")]
        from: Option<std::path::PathBuf>,
        /// The database whose catalogue lists the blobs (default: SANXIANG_DATABASE_URL).
        #[arg(long)]
        database_url: Option<String>,
    },
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        return match openapi::document_json() {
            Ok(s) => {
                print!("{s}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if let Command::VerifyDraw { source } = &cli.command {
        return match sanxiang_api::verify_draw::run(source) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("verify-draw: {e:#}");
                ExitCode::from(2)
            }
        };
    }
    if let Command::Verify {
        export,
        checkpoint,
        expect_checkpoint,
        blobs,
        blob_dir,
        key,
        database_url,
    } = cli.command
    {
        if checkpoint.is_none() && export.is_none() && (expect_checkpoint.is_some() || blobs) {
            return run_verify_restore(
                expect_checkpoint,
                blobs.then_some(blob_dir),
                key.as_deref(),
                database_url,
            );
        }
        let Some(key) = key else {
            eprintln!("verify: --key is required");
            return ExitCode::from(2);
        };
        let code = run_verify(export, checkpoint.clone(), &key, database_url.clone());
        if code != ExitCode::SUCCESS || !blobs {
            return code;
        }
        return run_verify_restore(None, Some(blob_dir), Some(&key), database_url);
    }
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log);
    let result = actix_web::rt::System::new().block_on(async move {
        match cli.command {
            Command::Serve { demo, no_seed } => serve(config, demo, !no_seed).await,
            Command::Migrate {
                owner_url,
                app_role,
            } => migrate(config, owner_url, app_role).await,
            Command::Store {
                command:
                    StoreCommand::Migrate {
                        to,
                        from,
                        database_url,
                    },
            } => store_migrate(config, to, from, database_url).await,
            Command::Keygen => {
                for line in sanxiang_api::bootstrap::generate_keys(&config.log_origin)? {
                    println!("{line}");
                }
                Ok(())
            }
            Command::Openapi | Command::Verify { .. } | Command::VerifyDraw { .. } => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config, demo: bool, seed: bool) -> anyhow::Result<()> {
    let mut config = config;
    if demo && seed {
        // The demo's webhook endpoint is its own receiver on this machine (loopback), for
        // trying the system out only, as plain http is in demo mode (`Application::build`).
        config.portal.webhook_allow_private_networks = true;
    }
    let bind = config.bind.clone();
    let addr = config.bind_addr()?;
    let (app, first) = Application::build(config, demo).await?;
    for line in &first.lines {
        println!("{line}");
    }
    println!(
        "Sanxiang is listening on http://{bind} (app at /, API under /api, docs at /api/docs/)"
    );
    tracing::info!(port = app.port(), "server started");
    if demo && seed {
        spawn_demo_seed(&app, addr, &first);
    }
    app.run_until_stopped().await?;
    Ok(())
}

/// With `--demo`: starts the demo's webhook receiver (on the port after the server's) and, on
/// the bound server, the demo seed (`sanxiang_api::demo`), which writes a month of work through
/// the API once and does nothing on later starts.
fn spawn_demo_seed(app: &Application, addr: std::net::SocketAddr, first: &FirstStart) {
    let webhook_url = match demo::receiver::start(app.port().wrapping_add(1)) {
        Ok(url) => Some(url),
        Err(e) => {
            tracing::warn!(error = %e, "the demo webhook receiver could not start");
            None
        }
    };
    let Some(demo_password) = &first.demo_password else {
        tracing::info!(
            "demo seed not run: it needs the demo password, known at first start or from \
             SANXIANG_DEMO_PASSWORD"
        );
        return;
    };
    let host = match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    let seed = DemoSeed {
        base: format!("http://{}", std::net::SocketAddr::new(host, app.port())),
        demo_password: demo_password.expose().to_owned(),
        admin_password: first.admin_password.as_ref().map(|p| p.expose().to_owned()),
        today: app.clock().today(),
        webhook_url,
    };
    actix_web::rt::spawn(async move {
        match demo::seed(&seed).await {
            Ok(Outcome::AlreadySeeded) => tracing::info!("demo data already seeded"),
            Ok(Outcome::Seeded(r)) if r.failed.is_empty() => {
                println!("Demo: seeded a month of work ({} cases).", r.cases);
            }
            Ok(Outcome::Seeded(r)) => println!(
                "Demo: seeded {} cases; {} part(s) failed (see the log): {}",
                r.cases,
                r.failed.len(),
                r.failed.join("; ")
            ),
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "the demo seed failed"),
        }
    });
}

async fn migrate(
    config: Config,
    owner_url: Option<String>,
    app_role: Option<String>,
) -> anyhow::Result<()> {
    let done = sanxiang_api::bootstrap::migrate_database(
        &config,
        owner_url.as_deref(),
        app_role.as_deref(),
    )
    .await?;
    for line in done {
        println!("{line}");
    }
    Ok(())
}

async fn store_migrate(
    config: Config,
    to: Option<String>,
    from: Option<std::path::PathBuf>,
    database_url: Option<String>,
) -> anyhow::Result<()> {
    use sanxiang_persistence::blob::{open_store, LocalBlobStore};
    let to = to
        .or_else(|| config.store_url().map(str::to_owned))
        .ok_or_else(|| anyhow::anyhow!("store migrate: give --to URL or set SANXIANG_STORE_URL"))?;
    let from = from.unwrap_or_else(|| config.data_dir.join("blobs"));
    let source = LocalBlobStore::existing(&from);
    let target = open_store(Some(&to), &from)
        .map_err(|e| anyhow::anyhow!("store migrate: the target store: {e}"))?;
    let url = database_url.unwrap_or_else(|| config.database_url.clone());
    let db = sanxiang_persistence::Db::connect(&url)
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to the database: {e}"))?;
    let report = sanxiang_api::store_migrate::migrate(&db, &source, target.as_ref()).await;
    let _ = db.close().await;
    let report = report?;
    for p in &report.problems {
        eprintln!("store migrate: {p}");
    }
    if report.problems.is_empty() {
        println!(
            "OK: {} blobs copied, {} already there; all {} ({} bytes) in {} hash to their SHA-256",
            report.copied,
            report.present,
            report.verified,
            report.bytes,
            target.describe()
        );
        Ok(())
    } else {
        anyhow::bail!(
            "{} blob(s) missing or altered, {} verified",
            report.problems.len(),
            report.verified
        )
    }
}

fn run_verify(
    export: Option<std::path::PathBuf>,
    checkpoint: Option<std::path::PathBuf>,
    key: &str,
    database_url: Option<String>,
) -> ExitCode {
    let fail = |msg: String| {
        eprintln!("verify: {msg}");
        ExitCode::FAILURE
    };
    let key = match verify::read_key(key) {
        Ok(k) => k,
        Err(e) => return fail(e.to_string()),
    };
    if let Some(path) = export {
        let file = match std::fs::File::open(&path) {
            Ok(f) => std::io::BufReader::new(f),
            Err(e) => return fail(format!("{}: {e}", path.display())),
        };
        return match verify::verify_export(file, &key) {
            Ok(r) => {
                println!(
                    "OK: case {} — {} records and {} attachments match the log checkpoint of size {} signed by {}",
                    r.case_id.as_deref().unwrap_or("?"),
                    r.records,
                    r.attachments,
                    r.tree_size,
                    key.name()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e.to_string()),
        };
    }
    let Some(path) = checkpoint else {
        return fail("give --export or --checkpoint".into());
    };
    let saved = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => return fail(format!("{}: {e}", path.display())),
    };
    let url = match database_url {
        Some(u) => u,
        None => match Config::load() {
            Ok(c) => c.database_url,
            Err(e) => return fail(e.to_string()),
        },
    };
    let result = actix_web::rt::System::new().block_on(async move {
        let db = sanxiang_persistence::Db::connect(&url)
            .await
            .map_err(|e| format!("cannot connect to the database: {e}"))?;
        let r = verify::verify_live(&db, &saved, &key)
            .await
            .map_err(|e| e.to_string());
        let _ = db.close().await;
        r
    });
    match result {
        Ok(r) => {
            println!(
                "OK: all {} log entries match their records; what is public matches its {} logged publications; {} review events and {} auth events match the log; the log (size {}) is consistent with the saved checkpoint (size {})",
                r.entries, r.publications, r.review_events, r.auth_events, r.latest_size, r.saved_size
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// `verify --expect-checkpoint` and/or `--blobs` (`sanxiang_api::verify_restore`).
fn run_verify_restore(
    expected: Option<std::path::PathBuf>,
    blobs: Option<Option<std::path::PathBuf>>,
    key: Option<&str>,
    database_url: Option<String>,
) -> ExitCode {
    let fail = |msg: String| {
        eprintln!("verify: {msg}");
        ExitCode::FAILURE
    };
    let expected = match expected {
        Some(path) => {
            let Some(key) = key else {
                return fail("--expect-checkpoint needs --key".into());
            };
            let key = match verify::read_key(key) {
                Ok(k) => k,
                Err(e) => return fail(e.to_string()),
            };
            match std::fs::read_to_string(&path) {
                Ok(s) => Some((s, key)),
                Err(e) => return fail(format!("{}: {e}", path.display())),
            }
        }
        None => None,
    };
    let config = if database_url.is_none() || matches!(blobs, Some(None)) {
        match Config::load() {
            Ok(c) => Some(c),
            Err(e) => return fail(e.to_string()),
        }
    } else {
        None
    };
    let url = match (database_url, &config) {
        (Some(u), _) => u,
        (None, Some(c)) => c.database_url.clone(),
        (None, None) => return fail("no database URL".into()),
    };
    let store = match blobs {
        Some(Some(dir)) => Some(sanxiang_persistence::blob::existing_store(None, &dir)),
        Some(None) => config.as_ref().map(|c| {
            sanxiang_persistence::blob::existing_store(c.store_url(), &c.data_dir.join("blobs"))
        }),
        None => None,
    };
    let store = match store.transpose() {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let result = actix_web::rt::System::new().block_on(async move {
        let db = sanxiang_persistence::Db::connect(&url)
            .await
            .map_err(|e| vec![format!("cannot connect to the database: {e}")])?;
        let mut lines = Vec::new();
        let mut errors = Vec::new();
        if let Some((saved, key)) = &expected {
            match sanxiang_api::verify_restore::verify_expected(&db, saved, key).await {
                Ok(r) => lines.push(format!(
                    "OK: the database holds all {} entries of the expected checkpoint; all {} log entries match their records; {} publications, {} review events and {} auth events match the log; the latest checkpoint (size {}) is consistent with it",
                    r.expected_size, r.live.entries, r.live.publications, r.live.review_events, r.live.auth_events, r.live.latest_size
                )),
                Err(e) => errors.push(e.to_string()),
            }
        }
        if let Some(store) = &store {
            match sanxiang_api::verify_restore::verify_blobs(&db, store.as_ref()).await {
                Ok(r) if r.problems.is_empty() => lines.push(format!(
                    "OK: all {} attachments in {} ({} bytes) hash to what the log says",
                    r.checked,
                    store.describe(),
                    r.bytes
                )),
                Ok(r) => {
                    errors.extend(r.problems.iter().map(ToString::to_string));
                    errors.push(format!(
                        "{} attachment(s) missing or altered, {} match",
                        r.problems.len(),
                        r.checked
                    ));
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        let _ = db.close().await;
        if errors.is_empty() {
            Ok(lines)
        } else {
            Err(errors)
        }
    });
    match result {
        Ok(lines) => {
            for l in lines {
                println!("{l}");
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in errors {
                eprintln!("verify: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
