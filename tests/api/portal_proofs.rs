//! A portal proves what it mirrors without trusting the server: each change of the public feed
//! carries its publication entry (`leaf`), leaf index and proof URL; the public log endpoints
//! serve inclusion proofs (of publication entries only), consistency proofs and checkpoints; and
//! the reference verifier `tools/verify-portal.py` (standard-library Python) checks a running
//! server and names the change that was rewritten behind its back.

use crate::disclosure::{decided_case, ok_step, publish, token};
use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;
use crate::tlog::{checkpoint_at_least, key};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sanxiang_domain::tlog::{
    canonical_json, leaf_hash, verify_consistency_bytes, verify_inclusion_bytes, Checkpoint,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

on_both_databases!(public_proofs_cover_publications_only);

/// Rows are rewritten behind the server's back: without the in-memory response cache, which
/// would otherwise keep serving what was published until the feed moves (`portal/access.rs`).
mod a_portal_verifies_the_feed_against_the_log {
    fn tweak(c: &mut sanxiang_api::Config) {
        c.portal.response_cache_mib = 0;
    }
    #[actix_web::test]
    async fn sqlite() {
        crate::helpers::run_tweaked(
            crate::helpers::Backend::Sqlite,
            tweak,
            super::a_portal_verifies_the_feed_against_the_log,
        )
        .await
    }
    #[actix_web::test]
    async fn postgres() {
        crate::helpers::run_tweaked(
            crate::helpers::Backend::Postgres,
            tweak,
            super::a_portal_verifies_the_feed_against_the_log,
        )
        .await
    }
}

fn repo_root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).to_path_buf()
}

fn script() -> PathBuf {
    repo_root().join("tools/verify-portal.py")
}

/// The reference verifier's Merkle, signed-note and JCS code agree with the published vectors
/// (the ones `crates/domain/tests/tlog_vectors.rs` checks the server's code with).
#[test]
fn the_reference_verifier_passes_the_vectors() {
    let out = std::process::Command::new("python3")
        .arg(script())
        .arg("--self-test")
        .arg(repo_root().join("crates/domain/tests/data/tlog-vectors.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("self-test ok"), "{stdout}");
}

/// Runs the verifier against the server (in a blocking thread: the server's background tasks
/// share this runtime). Returns (exit code, stdout, stderr).
async fn verify(app: &TestApp, vkey: &str, state: &Path) -> (i32, String, String) {
    let args: Vec<String> = vec![
        script().display().to_string(),
        "--base".into(),
        app.base.clone(),
        "--key".into(),
        vkey.to_owned(),
        "--state".into(),
        state.display().to_string(),
        "--wait".into(),
        "20".into(),
    ];
    let out = actix_web::rt::task::spawn_blocking(move || {
        std::process::Command::new("python3").args(&args).output()
    })
    .await
    .unwrap()
    .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The whole feed once every change in it is covered by a signed checkpoint.
async fn integrated_feed(app: &TestApp) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = app.get("/api/public/v1/changes?limit=1000", None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let changes = r.body["changes"].as_array().unwrap().clone();
        if changes.iter().all(|c| c["log_index"].is_u64()) {
            return changes;
        }
        assert!(Instant::now() < deadline, "never integrated: {}", r.body);
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs one statement as the tables' owner with `table`'s append-only triggers off, then turns
/// them back on, in one transaction (as `tests/api/ops.rs` and the verify tests do).
async fn behind_the_back(app: &TestApp, table: &str, stmt: &str, values: Vec<sea_orm::Value>) {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let tx = app.db.connection().begin().await.unwrap();
    let (stmt, off, on) = match app.backend {
        Backend::Sqlite => (
            stmt.replace("$1", "?").replace("$2", "?"),
            format!("DROP TRIGGER {table}_no_update"),
            format!(
                "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} \
                 BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            ),
        ),
        Backend::Postgres => (
            stmt.to_owned(),
            format!("ALTER TABLE {table} DISABLE TRIGGER ALL"),
            format!("ALTER TABLE {table} ENABLE TRIGGER ALL"),
        ),
    };
    tx.execute_unprepared(&off).await.unwrap();
    let n = tx
        .execute(sea_orm::Statement::from_sql_and_values(
            tx.get_database_backend(),
            &stmt,
            values,
        ))
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(n, 1, "{stmt}");
    tx.execute_unprepared(&on).await.unwrap();
    tx.commit().await.unwrap();
}

async fn a_portal_verifies_the_feed_against_the_log(app: TestApp) {
    let editor = token(&app, "demo_editor").await;
    let approver = token(&app, "demo_approver").await;
    let mut published = Vec::new();
    for (i, party) in ["证明甲", "证明乙", "证明丙"].iter().enumerate() {
        let case = decided_case(&app, party, 10_000 + i as i64, false, false).await;
        published.push(publish(&app, &case).await);
    }
    // Correct the first, withdraw the second.
    let d = ok_step(
        &app,
        &editor,
        &published[0],
        "correction",
        json!({"reason": "更正"}),
    )
    .await;
    let d = ok_step(&app, &editor, &d, "submission", json!({})).await;
    ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    let d = ok_step(
        &app,
        &editor,
        &published[1],
        "withdrawal-requirement",
        json!({"basis": "撤销", "on": (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive().to_string()}),
    )
    .await;
    ok_step(
        &app,
        &editor,
        &d,
        "withdrawal",
        json!({"reason": "决定已撤销"}),
    )
    .await;

    // Every change names its entry, and the entry commits to the change and its body.
    let feed = integrated_feed(&app).await;
    let kinds: Vec<&str> = feed.iter().map(|c| c["change"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["publish", "publish", "publish", "correct", "withdraw"]
    );
    for c in &feed {
        let leaf = c["leaf"].as_str().unwrap();
        let entry: Value = serde_json::from_str(leaf).unwrap();
        assert_eq!(entry["type"], "publication");
        assert_eq!(entry["seq"], c["seq"]);
        assert_eq!(entry["resource_id"], c["resource_id"]);
        assert_eq!(entry["change"], c["change"]);
        let body_sha = match &c["body"] {
            Value::Null => Value::Null,
            b => json!(sha256_hex(&canonical_json(b).unwrap())),
        };
        assert_eq!(entry["body_sha256"], body_sha, "{c}");
        let index = c["log_index"].as_u64().unwrap();
        assert_eq!(
            c["proof_url"],
            format!("/api/public/v1/log/proof/inclusion?index={index}")
        );
    }

    // The reference verifier, as a portal would run it: first sync, then an incremental one
    // after one more publication (its saved checkpoint must be extended consistently).
    let vkey = String::from_utf8(app.get("/api/public/v1/log/key", None).await.raw).unwrap();
    let portal_a = app.data_dir().join("portal-a.json");
    let (code, out, err) = verify(&app, &vkey, &portal_a).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("5 change(s) verified"), "{out}");
    assert!(out.contains("3 resource(s) checked as served"), "{out}");
    let case = decided_case(&app, "证明丁", 9_000, false, false).await;
    let fourth = publish(&app, &case).await;
    integrated_feed(&app).await;
    let (code, out, err) = verify(&app, &vkey, &portal_a).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("1 change(s) verified"), "{out}");
    assert!(out.contains("4 resource(s) checked as served"), "{out}");

    // A published change of the feed is rewritten behind the server's back: a portal syncing
    // from scratch names that change.
    let corrected = feed.iter().find(|c| c["change"] == "correct").unwrap();
    let seq = corrected["seq"].as_i64().unwrap();
    let mut forged = corrected["body"].clone();
    forged["fine_wan_yuan"] = json!("0.001");
    behind_the_back(
        &app,
        "disclosure_changes",
        "UPDATE disclosure_changes SET body = $1 WHERE seq = $2",
        vec![forged.to_string().into(), seq.into()],
    )
    .await;
    let portal_b = app.data_dir().join("portal-b.json");
    let (code, out, err) = verify(&app, &vkey, &portal_b).await;
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains(&format!("change seq {seq} ")), "{err}");
    assert!(err.contains("body_sha256"), "{err}");
    assert!(!portal_b.exists(), "a failed run saves no state");

    // What the public API serves is rewritten: the portal that mirrored it names the resource.
    let live = fourth["id"].as_str().unwrap();
    let served = app
        .get(&format!("/api/public/v1/decisions/{live}"), None)
        .await;
    let mut forged = served.body.clone();
    forged["fine_wan_yuan"] = json!("0.001");
    behind_the_back(
        &app,
        "public_decisions",
        "UPDATE public_decisions SET body = $1 WHERE id = $2",
        vec![
            forged.to_string().into(),
            uuid::Uuid::parse_str(live).unwrap().into(),
        ],
    )
    .await;
    let (code, out, err) = verify(&app, &vkey, &portal_a).await;
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains(&format!("decision {live}")), "{err}");
    assert!(err.contains("not the body published"), "{err}");
}

async fn public_proofs_cover_publications_only(app: TestApp) {
    let case = decided_case(&app, "证明戊", 8_000, false, false).await;
    publish(&app, &case).await;
    let feed = integrated_feed(&app).await;
    let index = feed[0]["log_index"].as_u64().unwrap();
    let vkey = key(&app).await;
    let (_, cp) = checkpoint_at_least(&app, index + 1).await;

    // The proof of the publication, without signing in: the entry, its path and the checkpoint.
    let r = app.get(feed[0]["proof_url"].as_str().unwrap(), None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let size = r.body["tree_size"].as_u64().unwrap();
    let note = r.body["checkpoint"].as_str().unwrap();
    let (signed, _) = Checkpoint::open(note, vkey.name(), std::slice::from_ref(&vkey)).unwrap();
    assert_eq!(signed.size, size);
    let leaf = r.body["leaf"].as_str().unwrap();
    assert_eq!(leaf, feed[0]["leaf"].as_str().unwrap());
    assert_eq!(
        r.body["leaf_hash"].as_str().unwrap(),
        STANDARD.encode(leaf_hash(leaf.as_bytes()))
    );
    let path: Vec<Vec<u8>> = r.body["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| STANDARD.decode(h.as_str().unwrap()).unwrap())
        .collect();
    verify_inclusion_bytes(
        index,
        size,
        &leaf_hash(leaf.as_bytes()),
        &path,
        &signed.root,
    )
    .unwrap();

    // Case records are leaves too, but internal: no public proof of them.
    let admin = app.admin().await;
    let r = app
        .get(
            &format!("/api/v1/log/entries?start=0&end={}", cp.size),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let record = r.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] != "publication")
        .unwrap()["index"]
        .as_u64()
        .unwrap();
    app.get(
        &format!("/api/public/v1/log/proof/inclusion?index={record}"),
        None,
    )
    .await
    .problem(404, "not_found");
    // Only the sizes of signed checkpoints; the index must be inside.
    let latest = app.get("/api/public/v1/log/checkpoints", None).await;
    assert_eq!(latest.status, 200, "{}", latest.body);
    let sizes: Vec<u64> = latest.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .collect();
    assert!(sizes.contains(&size), "{sizes:?}");
    let unsigned = (1..).find(|s| !sizes.contains(s)).unwrap();
    app.get(
        &format!("/api/public/v1/log/proof/inclusion?index=0&tree_size={unsigned}"),
        None,
    )
    .await
    .problem(404, "not_found");
    let smallest = *sizes.iter().min().unwrap();
    if smallest <= index {
        app.get(
            &format!("/api/public/v1/log/proof/inclusion?index={index}&tree_size={smallest}"),
            None,
        )
        .await
        .problem(404, "not_found");
    }
    app.get("/api/public/v1/log/proof/inclusion?index=x", None)
        .await
        .problem(400, "invalid_query");

    // Consistency between the oldest and the newest checkpoint listed.
    let items: Vec<&Value> = latest.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["size"].as_u64().unwrap() > 0)
        .collect();
    let (newest, oldest) = (items[0], items[items.len() - 1]);
    let (from, to) = (
        oldest["size"].as_u64().unwrap(),
        newest["size"].as_u64().unwrap(),
    );
    let r = app
        .get(
            &format!("/api/public/v1/log/proof/consistency?from={from}&to={to}"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let path: Vec<Vec<u8>> = r.body["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| STANDARD.decode(h.as_str().unwrap()).unwrap())
        .collect();
    let root = |c: &Value| STANDARD.decode(c["root"].as_str().unwrap()).unwrap();
    verify_consistency_bytes(from, to, &root(oldest), &root(newest), &path).unwrap();
    app.get(
        &format!("/api/public/v1/log/proof/consistency?from=0&to={to}"),
        None,
    )
    .await
    .problem(404, "not_found");
    // A size the log has not signed: no such checkpoint.
    app.get(
        &format!(
            "/api/public/v1/log/proof/consistency?from=1&to={}",
            to + 1_000_000
        ),
        None,
    )
    .await
    .problem(404, "not_found");
}
