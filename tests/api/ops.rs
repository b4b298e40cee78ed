//! Operations: `GET /metrics` on its own listener, graceful shutdown of the real binary on
//! SIGTERM, and a PostgreSQL backup (`pg_dump` / `pg_restore`) proved by `sanxiang verify
//! --expect-checkpoint` and `--blobs`.

use crate::blobs::{png, sha256_hex, upload};
use crate::helpers::{sanxiang_bin, Backend, TestApp};
use crate::procs::{
    free_port, http, login, read_response, server_log, sigterm, spawn_server, wait_ready,
};
use crate::tlog::{add_record, checkpoint_at_least, logged, officer, open_case};
use futures_util::FutureExt;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod metrics_after_a_small_load {
    use crate::helpers::{run_tweaked, Backend};
    fn on(c: &mut sanxiang_api::Config) {
        c.metrics_bind = Some("127.0.0.1:0".into());
    }
    #[actix_web::test]
    async fn sqlite() {
        run_tweaked(Backend::Sqlite, on, super::metrics_after_a_small_load).await
    }
    #[actix_web::test]
    async fn postgres() {
        run_tweaked(Backend::Postgres, on, super::metrics_after_a_small_load).await
    }
}

/// Prometheus text → `name{labels}` → value.
fn parse_metrics(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (k, v) = l.rsplit_once(' ')?;
            Some((k.to_owned(), v.parse().ok()?))
        })
        .collect()
}

fn value(m: &BTreeMap<String, f64>, key: &str) -> f64 {
    *m.get(key)
        .unwrap_or_else(|| panic!("no {key} in {:#?}", m.keys().collect::<Vec<_>>()))
}

async fn metrics_after_a_small_load(app: TestApp) {
    let base = app.metrics_base.clone().expect("metrics listener");
    let t = officer(&app).await;
    let case = open_case(&app, &t, "未按规定保存会计凭证案（指标）").await;
    let id = case["id"].as_str().unwrap().to_owned();
    for i in 0..3 {
        add_record(&app, &t, &id, &format!("凭证{i}")).await;
    }
    assert_eq!(
        app.get(&format!("/api/v1/cases/{id}"), Some(&t))
            .await
            .status,
        200
    );
    for _ in 0..3 {
        assert_eq!(app.get("/api/public/v1/decisions", None).await.status, 200);
    }
    checkpoint_at_least(&app, logged(&app).await).await;
    // Not on the public port.
    let public = app.get("/metrics", None).await;
    assert!(
        !String::from_utf8_lossy(&public.raw).contains("sanxiang_http_requests_total"),
        "metrics leak on the public port"
    );
    let mut res = app
        .client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let ct = res
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(ct.starts_with("text/plain"), "{ct}");
    let text = String::from_utf8(res.body().limit(8 << 20).await.unwrap().to_vec()).unwrap();
    let m = parse_metrics(&text);

    // HTTP by route pattern and status: ids never become labels.
    assert!(!text.contains(&id), "a case id became a label");
    let appends = m
        .iter()
        .find(|(k, _)| {
            k.starts_with("sanxiang_http_requests_total{")
                && k.contains("method=\"POST\"")
                && k.contains("route=\"/api/v1/cases/{")
                && k.contains("}/records\"")
                && k.contains("status=\"201\"")
        })
        .unwrap_or_else(|| panic!("no append requests counted:\n{text}"));
    assert!(*appends.1 >= 3.0, "{appends:?}");
    let latency: Vec<(&String, &f64)> = m
        .iter()
        .filter(|(k, _)| {
            k.starts_with("sanxiang_http_request_duration_seconds_count{")
                && k.contains("route=\"/api/v1/cases/{")
        })
        .collect();
    assert!(!latency.is_empty(), "{text}");
    assert!(text.contains("sanxiang_http_request_duration_seconds_bucket{"));
    let sum: f64 = m
        .iter()
        .filter(|(k, _)| k.starts_with("sanxiang_http_request_duration_seconds_sum{"))
        .map(|(_, v)| v)
        .sum();
    assert!(sum > 0.0 && sum < 60.0, "latency sum {sum}");

    // Pool.
    let open = value(&m, "sanxiang_db_pool_connections{state=\"open\"}");
    let idle = value(&m, "sanxiang_db_pool_connections{state=\"idle\"}");
    let max = value(&m, "sanxiang_db_pool_connections{state=\"max\"}");
    assert!(
        open >= 1.0 && idle <= open && open <= max,
        "{open} {idle} {max}"
    );
    let wait = value(&m, "sanxiang_db_pool_acquire_seconds");
    assert!((0.0..5.0).contains(&wait), "{wait}");

    // Appender batches: at least the three appends, none larger than a batch.
    let batches = value(&m, "sanxiang_appender_batch_size_count");
    let appended = value(&m, "sanxiang_appender_batch_size_sum");
    assert!(
        batches >= 1.0 && appended >= 3.0 && appended <= 64.0 * batches,
        "{batches} {appended}"
    );

    // The log: everything written was signed above; the checkpoint is fresh.
    let size = value(&m, "sanxiang_log_checkpoint_size");
    assert!(size >= 4.0, "{size}");
    let unsigned = value(&m, "sanxiang_log_unsigned_entries");
    assert!((0.0..10.0).contains(&unsigned), "{unsigned}");
    let age = value(&m, "sanxiang_log_seconds_since_checkpoint");
    assert!((0.0..60.0).contains(&age), "{age}");

    // Webhooks: no endpoint, so no backlog and no failure.
    for status in ["pending", "succeeded", "failed"] {
        assert_eq!(
            value(
                &m,
                &format!("sanxiang_webhook_deliveries{{status=\"{status}\"}}")
            ),
            0.0
        );
    }
    assert_eq!(value(&m, "sanxiang_webhook_failed_attempts_total"), 0.0);
    // No disclosure is due yet (国办发〔2018〕118号: 7 working days after the decision).
    assert_eq!(value(&m, "sanxiang_disclosures_overdue"), 0.0);

    // The response cache: the first public list missed, the repeats hit.
    let hits = value(&m, "sanxiang_response_cache_hits_total");
    let misses = value(&m, "sanxiang_response_cache_misses_total");
    assert!(hits >= 2.0 && misses >= 1.0, "{hits} {misses}");
    let ratio = value(&m, "sanxiang_response_cache_hit_ratio");
    assert!((ratio - hits / (hits + misses)).abs() < 1e-9, "{ratio}");
    assert_eq!(value(&m, "sanxiang_draining"), 0.0);
}

#[test]
fn the_sample_dashboard_covers_every_family() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../deploy/grafana-dashboard.json"
    ));
    let dash: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let exprs: Vec<String> = dash["panels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap().iter())
        .map(|t| t["expr"].as_str().unwrap().to_owned())
        .collect();
    for family in [
        "sanxiang_http_requests_total",
        "sanxiang_http_request_duration_seconds_bucket",
        "sanxiang_db_pool_connections",
        "sanxiang_db_pool_acquire_seconds",
        "sanxiang_appender_batch_size_sum",
        "sanxiang_log_unsigned_entries",
        "sanxiang_log_seconds_since_checkpoint",
        "sanxiang_webhook_deliveries",
        "sanxiang_webhook_failed_attempts_total",
        "sanxiang_disclosures_overdue",
        "sanxiang_response_cache_hits_total",
    ] {
        assert!(
            exprs.iter().any(|e| e.contains(family)),
            "{family} has no panel"
        );
    }
}

async fn user_id(db: &sanxiang_persistence::Db, username: &str) -> String {
    sanxiang_persistence::accounts::find_credentials(db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string()
}

async fn count(db: &sanxiang_persistence::Db, sql: &str) -> i64 {
    let conn = db.connection();
    let row = conn
        .query_one(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            sql,
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

fn record_body(title: &str) -> Value {
    json!({"kind": "document", "document_type": "evidence", "title": title, "text": "会计凭证复印件三页"})
}

/// SIGTERM while a request is in flight: `/ready` turns 503 while the node still answers, the
/// request completes, the process exits 0 within the grace period, and every record
/// acknowledged before the signal is in the log, integrated and signed, after a restart.
#[actix_web::test]
async fn sigterm_drains_and_keeps_what_was_acknowledged() {
    let dir = std::env::temp_dir().join(format!(
        "sanxiang-shutdown-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let mut child = spawn_server(&dir, port, 0);
    wait_ready(port, &mut child, &dir);

    let db_url = format!("sqlite://{}/sanxiang.db?mode=rwc", dir.display());
    let db = sanxiang_persistence::Db::connect(&db_url).await.unwrap();
    let (o1, o2) = (
        user_id(&db, "demo_officer").await,
        user_id(&db, "demo_officer2").await,
    );
    let t = login(port, "demo_officer");
    let (s, case) = http(
        port,
        "POST",
        "/api/v1/cases",
        Some(&t),
        Some(&json!({
            "kind": "penalty",
            "title": "未按规定保存会计凭证案（停机）",
            "category": "财政",
            "party": {"kind": "organisation", "name": "桓仁某某有限公司", "id_type": "credit_code", "id_number": "91350100M000100Y43", "address": "桓仁县某路1号", "contact": "024-00000000"},
            "officer_ids": [o1, o2]
        })),
    );
    assert_eq!(s, 201, "{case}");
    let case_id = case["id"].as_str().unwrap().to_owned();
    let records_path = format!("/api/v1/cases/{case_id}/records");
    let mut acknowledged = Vec::new();
    for i in 0..5 {
        let (s, r) = http(
            port,
            "POST",
            &records_path,
            Some(&t),
            Some(&record_body(&format!("凭证{i}"))),
        );
        assert_eq!(s, 201, "{r}");
        acknowledged.push(r["id"].as_str().unwrap().to_owned());
    }

    // The slow request: headers and half the body now, the rest after the signal.
    let body = record_body("停机时在途的记录").to_string();
    let (head, tail) = body.as_bytes().split_at(body.len() / 2);
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        slow,
        "POST {records_path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    slow.write_all(head).unwrap();
    slow.flush().unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let signalled = Instant::now();
    sigterm(&child);
    std::thread::sleep(Duration::from_millis(300));
    // Readiness is off while the node still answers.
    let (s, ready) = http(port, "GET", "/api/v1/ready", None, None);
    assert_eq!(s, 503, "{ready}");
    assert_eq!(ready["status"], "shutting_down");
    // The request in flight completes, after the listener has closed.
    std::thread::sleep(Duration::from_millis(1700));
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "still accepting connections after the unready period"
    );
    slow.write_all(tail).unwrap();
    let (s, r) = read_response(&mut slow);
    assert_eq!(s, 201, "the request in flight: {r}");
    acknowledged.push(r["id"].as_str().unwrap().to_owned());

    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(11),
            "still running after the grace period: {}",
            server_log(&dir)
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let took = signalled.elapsed();
    assert!(status.success(), "exit {status}: {}", server_log(&dir));
    assert!(took < Duration::from_secs(10), "{took:?}");
    eprintln!("shutdown took {took:?}");

    // The last batch was integrated and signed before the exit.
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM log_pending").await, 0);
    let entries = count(&db, "SELECT COUNT(*) AS n FROM log_entries").await;
    let signed = count(&db, "SELECT MAX(size) AS n FROM log_checkpoints").await;
    assert_eq!(signed, entries, "{}", server_log(&dir));
    let _ = db.close().await;

    // After a restart every acknowledged record is there with its proof.
    let mut child = spawn_server(&dir, port, 1);
    wait_ready(port, &mut child, &dir);
    let t = login(port, "demo_officer");
    for id in &acknowledged {
        let (s, b) = http(
            port,
            "GET",
            &format!("/api/v1/records/{id}/proof"),
            Some(&t),
            None,
        );
        assert_eq!(s, 200, "record {id}: {b}");
    }
    sigterm(&child);
    let deadline = Instant::now() + Duration::from_secs(11);
    while child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "the restarted server did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_help_documents_the_backup_checks() {
    let out = Command::new(sanxiang_bin())
        .args(["verify", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    for flag in ["--expect-checkpoint <FILE>", "--blobs", "--blob-dir <DIR>"] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    assert!(help.contains("first missing entry"), "{help}");
}

fn run_verify(args: &[&str]) -> (bool, String) {
    let out = Command::new(sanxiang_bin())
        .arg("verify")
        .args(args)
        .env("SANXIANG_CONFIG", "/nonexistent/sanxiang.toml")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn pg_tool(tool: &str, args: &[&str]) {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A real `pg_dump` / `pg_restore` round trip into a new database, proved against a checkpoint
/// saved outside the backup; then the restored copy loses its last entries (triggers off, as
/// only the owner can) and a blob is altered, and `verify` names what is gone.
#[actix_web::test]
async fn a_restored_backup_proves_itself() {
    crate::helpers::run(Backend::Postgres, backup_round_trip).await
}

async fn backup_round_trip(app: TestApp) {
    let t = officer(&app).await;
    let case = open_case(&app, &t, "未按规定保存会计凭证案（备份）").await;
    let id = case["id"].as_str().unwrap().to_owned();
    let mut photos = Vec::new();
    for i in 0..2u8 {
        let mut p = png();
        p.extend_from_slice(&[b'x', i]);
        let up = upload(&app, Some(&t), &format!("现场照片{i}.png"), p.clone()).await;
        assert_eq!(up.status, 201, "{}", up.body);
        let r = app
            .post(
                &format!("/api/v1/cases/{id}/records"),
                Some(&t),
                &json!({"kind": "photo", "title": format!("现场照片{i}"), "text": "现场拍摄", "attachments": [{"sha256": sha256_hex(&p), "file_name": format!("现场照片{i}.png")}]}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        photos.push(sha256_hex(&p));
    }
    for i in 0..3 {
        add_record(&app, &t, &id, &format!("凭证{i}")).await;
    }
    // The checkpoint saved outside the backup, and the key, as an operator keeps them.
    let (note, cp) = checkpoint_at_least(&app, logged(&app).await).await;
    let work = app.data_dir().join("backup");
    std::fs::create_dir_all(&work).unwrap();
    let saved = work.join("checkpoint.txt");
    std::fs::write(&saved, &note).unwrap();
    let key_text = String::from_utf8(app.get("/api/public/v1/log/key", None).await.raw).unwrap();
    let key = work.join("log.key");
    std::fs::write(&key, key_text.trim()).unwrap();

    // pg_dump (custom format) and pg_restore into a new database; the blob store copied.
    let source = app.pg_url().unwrap();
    let dump = work.join("sanxiang.dump");
    pg_tool(
        "pg_dump",
        &["--format=custom", "--file", dump.to_str().unwrap(), &source],
    );
    let admin_url = crate::helpers::pg_admin_url();
    let restored_name = format!("sx_restore_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {restored_name}"))
        .await
        .unwrap();
    let restored = crate::helpers::with_db_name(&admin_url, &restored_name);
    pg_tool(
        "pg_restore",
        &[
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            &restored,
            dump.to_str().unwrap(),
        ],
    );
    let blobs = work.join("blobs");
    copy_dir(&app.data_dir().join("blobs"), &blobs);

    let result = std::panic::AssertUnwindSafe(async {
        let (ok, out) = run_verify(&[
            "--expect-checkpoint",
            saved.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--database-url",
            &restored,
            "--blobs",
            "--blob-dir",
            blobs.to_str().unwrap(),
        ]);
        assert!(ok, "{out}");
        assert!(out.contains(&format!("holds all {} entries", cp.size)), "{out}");
        assert!(out.contains("all 2 attachments"), "{out}");

        // The restored copy loses its last two entries (and their records).
        let conn = Database::connect(&restored).await.unwrap();
        let first_gone = cp.size - 2;
        conn.execute_unprepared(&format!(
            "BEGIN;
             SET LOCAL session_replication_role = replica;
             DELETE FROM record_attachments WHERE record_id IN (SELECT e.record_id FROM log_entries e JOIN log_leaves l ON l.entry_id = e.id WHERE l.idx >= {first_gone});
             DELETE FROM case_records WHERE id IN (SELECT e.record_id FROM log_entries e JOIN log_leaves l ON l.entry_id = e.id WHERE l.idx >= {first_gone});
             DELETE FROM log_entries WHERE id IN (SELECT entry_id FROM log_leaves WHERE idx >= {first_gone});
             DELETE FROM log_leaves WHERE idx >= {first_gone};
             COMMIT;"
        ))
        .await
        .unwrap();
        conn.close().await.unwrap();
        let (ok, out) = run_verify(&[
            "--expect-checkpoint",
            saved.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--database-url",
            &restored,
        ]);
        assert!(!ok, "{out}");
        assert!(
            out.contains(&format!("log entry {first_gone} is missing")),
            "{out}"
        );

        // One blob altered, one gone: each is named.
        let altered = blobs.join(&photos[0][..2]).join(&photos[0]);
        let mut bytes = std::fs::read(&altered).unwrap();
        bytes.push(0);
        std::fs::write(&altered, bytes).unwrap();
        std::fs::remove_file(blobs.join(&photos[1][..2]).join(&photos[1])).unwrap();
        let (ok, out) = run_verify(&[
            "--blobs",
            "--blob-dir",
            blobs.to_str().unwrap(),
            "--database-url",
            &source,
        ]);
        assert!(!ok, "{out}");
        assert!(
            out.contains(&format!("attachment {}", photos[0])) && out.contains("altered"),
            "{out}"
        );
        assert!(
            out.contains(&format!("attachment {}", photos[1])) && out.contains("missing"),
            "{out}"
        );
    })
    .catch_unwind()
    .await;
    let _ = admin
        .execute_unprepared(&format!(
            "DROP DATABASE IF EXISTS {restored_name} WITH (FORCE)"
        ))
        .await;
    let _ = admin.close().await;
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}
