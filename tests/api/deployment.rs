//! `docker-compose.yml` and the `Dockerfile` cannot run here (no Docker engine): parse and check them.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn compose_file_is_correct() {
    let text = std::fs::read_to_string(root().join("docker-compose.yml")).unwrap();
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    // `app2` is `app` (`<<: *app-node`) with its own volume and port.
    doc.apply_merge().unwrap();
    let services = doc["services"].as_mapping().unwrap();
    assert!(services.contains_key("db") && services.contains_key("app"));
    let db = &doc["services"]["db"];
    assert!(db["image"].as_str().unwrap().starts_with("postgres:16"));
    assert!(db["healthcheck"]["test"].is_sequence() || db["healthcheck"]["test"].is_string());
    let volume = db["volumes"][0].as_str().unwrap();
    let named = volume.split(':').next().unwrap();
    assert!(
        doc["volumes"].as_mapping().unwrap().contains_key(named),
        "db must use a named volume"
    );
    let app = &doc["services"]["app"];
    assert_eq!(app["build"]["dockerfile"].as_str().unwrap(), "Dockerfile");
    assert_eq!(
        app["depends_on"]["db"]["condition"].as_str().unwrap(),
        "service_healthy"
    );
    let env = &app["environment"];
    let url = env["SANXIANG_DATABASE_URL"].as_str().unwrap();
    assert!(
        url.starts_with("postgres://sanxiang_app:") && url.contains("@db:5432/"),
        "the app connects as the role that owns nothing: {url}"
    );
    assert_eq!(env["SANXIANG_MIGRATE_ON_START"].as_str(), Some("false"));
    // Two roles: `migrate` runs as the owner before `app` starts; the owner's password (and the
    // superuser's) never reaches the app, neither in its environment nor through an env file.
    let migrate = &doc["services"]["migrate"];
    assert_eq!(
        app["depends_on"]["migrate"]["condition"].as_str().unwrap(),
        "service_completed_successfully"
    );
    let owner_url = migrate["environment"]["SANXIANG_MIGRATE_DATABASE_URL"]
        .as_str()
        .unwrap();
    assert!(
        owner_url.starts_with("postgres://sanxiang_owner:"),
        "{owner_url}"
    );
    let command: Vec<&str> = migrate["command"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(command.contains(&"migrate") && command.contains(&"sanxiang_app"));
    assert!(app.get("env_file").is_none());
    // Metrics on their own port, not published; Docker waits longer than the node's own grace.
    assert_eq!(env["SANXIANG_METRICS_BIND"].as_str(), Some("0.0.0.0:9090"));
    let published = serde_yaml::to_string(&app["ports"]).unwrap();
    assert!(!published.contains("9090"), "{published}");
    let grace: u64 = env["SANXIANG_SHUTDOWN_GRACE_SECS"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let stop: u64 = app["stop_grace_period"]
        .as_str()
        .unwrap()
        .trim_end_matches('s')
        .parse()
        .unwrap();
    assert!(
        stop > grace,
        "stop_grace_period {stop}s ≤ the node's grace {grace}s"
    );
    let app_env = serde_yaml::to_string(env).unwrap();
    assert!(
        !app_env.contains("OWNER") && !app_env.contains("POSTGRES_PASSWORD"),
        "{app_env}"
    );
    // Secrets never inline: every secret is substituted from .env.
    for (service, key) in [
        ("app", "SANXIANG_JWT_SECRET"),
        ("app", "SANXIANG_LOG_SIGNING_KEY"),
        ("app", "AWS_ACCESS_KEY_ID"),
        ("app", "AWS_SECRET_ACCESS_KEY"),
        ("app2", "SANXIANG_JWT_SECRET"),
        ("app2", "SANXIANG_LOG_SIGNING_KEY"),
        ("app2", "AWS_SECRET_ACCESS_KEY"),
        ("s3", "S3_ACCESS_KEY"),
        ("s3", "S3_SECRET_KEY"),
        ("app", "SANXIANG_ADMIN_PASSWORD"),
        ("db", "POSTGRES_PASSWORD"),
        ("db", "SANXIANG_OWNER_PASSWORD"),
        ("db", "SANXIANG_APP_PASSWORD"),
    ] {
        let v = doc["services"][service]["environment"][key]
            .as_str()
            .unwrap();
        assert!(
            v.starts_with("${") && v.ends_with('}'),
            "{service}.{key}: {v}"
        );
    }
    // The init step creates both roles, the app role without any power over the schema.
    let mount = db["volumes"][1].as_str().unwrap();
    assert!(
        mount.ends_with(":/docker-entrypoint-initdb.d:ro"),
        "{mount}"
    );
    let init_dir = root().join(mount.split(':').next().unwrap());
    let init = std::fs::read_to_string(init_dir.join("10-sanxiang-roles.sh")).unwrap();
    assert!(init.contains("CREATE ROLE sanxiang_app LOGIN NOSUPERUSER"));
    assert!(init.contains("CREATE DATABASE sanxiang OWNER sanxiang_owner"));
    let example = std::fs::read_to_string(root().join(".env.example")).unwrap();
    for key in [
        "POSTGRES_PASSWORD=",
        "SANXIANG_OWNER_PASSWORD=",
        "SANXIANG_APP_PASSWORD=",
        "SANXIANG_JWT_SECRET=",
        "SANXIANG_LOG_ORIGIN=",
        "SANXIANG_LOG_SIGNING_KEY=",
        "SANXIANG_S3_ACCESS_KEY=",
        "SANXIANG_S3_SECRET_KEY=",
        "SANXIANG_ADMIN_PASSWORD=",
    ] {
        assert!(example.contains(key), "{key} missing from .env.example");
    }
}

/// Two API nodes on one database and one S3-compatible store (SeaweedFS, Apache-2.0 — not
/// MinIO or Garage, AGPL), sharing their keys; the bucket exists before either starts.
#[test]
fn compose_runs_two_nodes_on_one_object_store() {
    let text = std::fs::read_to_string(root().join("docker-compose.yml")).unwrap();
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc.apply_merge().unwrap();
    let s3 = &doc["services"]["s3"];
    let image = s3["image"].as_str().unwrap();
    assert!(image.starts_with("chrislusf/seaweedfs:"), "{image}");
    for (name, service) in doc["services"].as_mapping().unwrap() {
        let image = service["image"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            !image.contains("minio") && !image.contains("garage"),
            "{name:?}: {image} is AGPL"
        );
    }
    let volume = s3["volumes"][0].as_str().unwrap();
    assert!(doc["volumes"]
        .as_mapping()
        .unwrap()
        .contains_key(volume.split(':').next().unwrap()));
    assert!(s3.get("ports").is_none(), "the S3 port is not published");
    let bucket = &doc["services"]["s3-bucket"];
    assert_eq!(
        bucket["depends_on"]["s3"]["condition"].as_str(),
        Some("service_healthy")
    );
    assert!(serde_yaml::to_string(&bucket["command"])
        .unwrap()
        .contains("s3.bucket.create -name sanxiang"));
    let (a, b) = (&doc["services"]["app"], &doc["services"]["app2"]);
    for node in [a, b] {
        let env = &node["environment"];
        let url = env["SANXIANG_STORE_URL"].as_str().unwrap();
        assert_eq!(url, "s3://sanxiang/blobs");
        assert_eq!(env["AWS_ENDPOINT"].as_str(), Some("http://s3:8333"));
        assert_eq!(
            node["depends_on"]["s3-bucket"]["condition"].as_str(),
            Some("service_completed_successfully")
        );
        assert_eq!(
            node["depends_on"]["migrate"]["condition"].as_str(),
            Some("service_completed_successfully")
        );
        assert_eq!(env["SANXIANG_MIGRATE_ON_START"].as_str(), Some("false"));
    }
    // The same keys on both nodes, their own scratch volume and published port.
    for key in [
        "SANXIANG_JWT_SECRET",
        "SANXIANG_LOG_ORIGIN",
        "SANXIANG_LOG_SIGNING_KEY",
        "SANXIANG_DATABASE_URL",
    ] {
        assert_eq!(a["environment"][key], b["environment"][key], "{key}");
    }
    assert_ne!(a["volumes"], b["volumes"]);
    assert_ne!(a["ports"], b["ports"]);
}

#[test]
fn dockerfile_is_multi_stage_and_non_root() {
    let text = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let froms = text
        .lines()
        .filter(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM "))
        .count();
    assert!(froms >= 2, "multi-stage build expected");
    let user = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("USER "))
        .expect("USER line");
    assert!(
        !user.contains("root") && !user.trim().ends_with(" 0"),
        "{user}"
    );
    assert!(text.contains("wasm32-unknown-unknown") && text.contains("wasm-bindgen"));
    assert!(text.contains("sanxiang"));
}

/// A URL of the test cluster for another user and database.
fn pg_url_as(admin_url: &str, user: &str, db: &str) -> String {
    let (scheme, rest) = admin_url.split_once("://").unwrap();
    let host_etc = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let (host, query) = match host_etc.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (host_etc, String::new()),
    };
    let host = host.split('/').next().unwrap();
    format!("{scheme}://{user}:{ROLE_PASSWORD}@{host}/{db}{query}")
}

const ROLE_PASSWORD: &str = "sx-role-password";

/// Two roles (PostgreSQL): the schema's owner runs the migrations and grants the application
/// role its privileges; the server runs as the application role, which owns nothing: every
/// normal flow works, but it can neither turn a trigger off nor switch to replica mode (which
/// skips every append-only trigger).
#[actix_web::test]
async fn the_server_runs_as_a_role_that_owns_nothing() {
    use sea_orm::{ConnectionTrait, Database};
    let admin_url = std::env::var("SANXIANG_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let admin = match Database::connect(&admin_url).await {
        Ok(c) => c,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL unreachable: {e}"
            );
            eprintln!(
                "\n!!!!!!!! SKIPPING PostgreSQL test: {admin_url} unreachable ({e}) !!!!!!!!\n"
            );
            return;
        }
    };
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let tag = &tag[..12];
    let (owner, app_role, db) = (
        format!("sx_owner_{tag}"),
        format!("sx_app_{tag}"),
        format!("sx_roles_{tag}"),
    );
    for stmt in [
        format!("CREATE ROLE {owner} LOGIN PASSWORD '{ROLE_PASSWORD}'"),
        format!("CREATE ROLE {app_role} LOGIN PASSWORD '{ROLE_PASSWORD}'"),
        format!("CREATE DATABASE {db} OWNER {owner}"),
    ] {
        admin.execute_unprepared(&stmt).await.unwrap();
    }
    let owner_url = pg_url_as(&admin_url, &owner, &db);
    let app_url = pg_url_as(&admin_url, &app_role, &db);
    let dir = std::env::temp_dir().join(format!("sanxiang-roles-{tag}"));
    let result = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(two_roles(
        owner_url,
        app_url,
        dir.clone(),
    )))
    .await;
    for stmt in [
        format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        format!("DROP ROLE IF EXISTS {app_role}"),
        format!("DROP ROLE IF EXISTS {owner}"),
    ] {
        let _ = admin.execute_unprepared(&stmt).await;
    }
    let _ = admin.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

async fn two_roles(owner_url: String, app_url: String, dir: std::path::PathBuf) {
    use crate::helpers::{Backend, TestApp};
    use sanxiang_api::{bootstrap, Application, Config};
    use sea_orm::ConnectionTrait;
    let config = Config {
        database_url: app_url.clone(),
        migrate_on_start: false,
        bind: "127.0.0.1:0".into(),
        data_dir: dir.clone(),
        ..Config::default()
    };
    // Before `sanxiang migrate`, the server refuses to start (it does not migrate as the app).
    let err = Application::build(config.clone(), true)
        .await
        .err()
        .expect("started on an unmigrated database");
    assert!(err.to_string().contains("sanxiang migrate"), "{err}");

    // `sanxiang migrate` as the owner, granting the application role (the user of the app URL).
    let done = bootstrap::migrate_database(&config, Some(&owner_url), None)
        .await
        .unwrap();
    assert!(done.iter().any(|l| l.contains("granted")), "{done:?}");

    let app = TestApp::spawn_with(Backend::Postgres, |c| {
        c.database_url = app_url.clone();
        c.migrate_on_start = false;
    })
    .await
    .unwrap();
    let outcome = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(async {
        // Ready (the readiness check reads the migrations without the owner's rights).
        let r = app.get("/api/v1/ready", None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        // Normal flows: a case decided (records, log entries), its decision reviewed and
        // published (projection, feed, log), read publicly, the log verified.
        let case = crate::disclosure::decided_case(&app, "郑丙", 15_000, false, false).await;
        let d = crate::disclosure::publish(&app, &case).await;
        let id = d["id"].as_str().unwrap();
        let r = app
            .get(&format!("/api/public/v1/decisions/{id}"), None)
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let key = app.get("/api/public/v1/log/key", None).await;
        let key =
            sanxiang_domain::tlog::VerifierKey::parse(String::from_utf8(key.raw).unwrap().trim())
                .unwrap();
        let mut saved = None;
        for _ in 0..500 {
            let r = app.get("/api/public/v1/log/checkpoint", None).await;
            if r.status == 200 {
                saved = Some(String::from_utf8(r.raw).unwrap());
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let report = sanxiang_api::verify::verify_live(&app.db, &saved.unwrap(), &key)
            .await
            .unwrap();
        assert_eq!(report.publications, 1);

        // The application role cannot switch the append-only triggers off, nor write around
        // them, nor create anything.
        let conn = app.db.connection();
        assert!(!sanxiang_persistence::roles::can_disable_triggers(&app.db)
            .await
            .unwrap());
        for stmt in [
            "ALTER TABLE case_records DISABLE TRIGGER ALL",
            "ALTER TABLE public_decisions DISABLE TRIGGER USER",
            "SET session_replication_role = replica",
            "UPDATE case_records SET title = 'x'",
            "UPDATE public_decisions SET version = 9",
            "DELETE FROM log_entries",
            "CREATE TABLE sx_intruder (id INTEGER)",
        ] {
            let r = conn.execute_unprepared(stmt).await;
            assert!(r.is_err(), "the application role could run `{stmt}`");
        }
    }))
    .await;
    app.teardown().await;
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}
