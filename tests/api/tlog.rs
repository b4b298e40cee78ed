//! The tamper-evident log: checkpoints, proofs, exports, `verify`, auditor reads.

use crate::helpers::{Backend, TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sanxiang_api::verify::{self, VerifyError};
use sanxiang_domain::tlog::{
    leaf_hash, verify_consistency_bytes, verify_inclusion_bytes, Checkpoint, TlogProof,
    VerifierKey, EMPTY_ROOT,
};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

on_both_databases!(
    empty_log_has_the_pinned_root,
    proofs_verify_under_the_published_key,
    tampering_is_caught_by_verify,
    auditor_reads_are_recorded_and_listed_for_admins,
    node_hashes_are_stored_and_backfilled,
    concurrent_appends_are_written_together_and_verify,
    tampered_review_events_are_caught_by_verify,
    older_publications_and_review_events_are_logged_at_upgrade,
    tampered_auth_events_are_caught_by_verify,
    older_auth_events_are_logged_at_upgrade,
);

const EMPTY_ROOT_B64: &str = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

fn text(r: &crate::helpers::Resp) -> String {
    String::from_utf8(r.raw.clone()).unwrap()
}

pub(crate) async fn key(app: &TestApp) -> VerifierKey {
    let r = app.get("/api/public/v1/log/key", None).await;
    assert_eq!(r.status, 200);
    assert!(
        r.content_type.starts_with("text/plain"),
        "{}",
        r.content_type
    );
    VerifierKey::parse(&text(&r)).unwrap()
}

/// Waits until the signed checkpoint has at least `size` entries; returns (note, checkpoint).
pub(crate) async fn checkpoint_at_least(app: &TestApp, size: u64) -> (String, Checkpoint) {
    let key = key(app).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = app.get("/api/public/v1/log/checkpoint", None).await;
        if r.status == 200 {
            let note = text(&r);
            let (cp, _) = Checkpoint::open(&note, key.name(), std::slice::from_ref(&key)).unwrap();
            if cp.size >= size {
                return (note, cp);
            }
        } else {
            r.problem(503, "service_unavailable");
        }
        assert!(
            Instant::now() < deadline,
            "the log never reached size {size}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How many entries the log holds, integrated or not (each sign-in is one too).
pub(crate) async fn logged(app: &TestApp) -> u64 {
    let conn = app.db.connection();
    let row = conn
        .query_one(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) AS n FROM log_entries",
        ))
        .await
        .unwrap()
        .unwrap();
    u64::try_from(row.try_get::<i64>("", "n").unwrap()).unwrap()
}

pub(crate) async fn officer(app: &TestApp) -> String {
    app.login("demo_officer", DEMO_PASSWORD).await.0
}

pub(crate) async fn uid(app: &TestApp, username: &str) -> String {
    sanxiang_persistence::accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string()
}

/// Opens a case (its opening record is logged) and returns it.
pub(crate) async fn open_case(app: &TestApp, token: &str, title: &str) -> Value {
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(token),
            &json!({
                "kind": "penalty",
                "title": title,
                "category": "财政",
                "party": {"kind": "organisation", "name": "桓仁某某有限公司", "id_type": "credit_code", "id_number": "91350100M000100Y43", "address": "桓仁县某路1号", "contact": "024-00000000"},
                "officer_ids": [o1, o2]
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

pub(crate) async fn add_record(app: &TestApp, token: &str, case_id: &str, title: &str) -> Value {
    let r = app
        .post(
            &format!("/api/v1/cases/{case_id}/records"),
            Some(token),
            &json!({"kind": "document", "document_type": "evidence", "title": title, "text": "会计凭证复印件三页"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

async fn record_ids(app: &TestApp, token: &str, case_id: &str) -> Vec<String> {
    let r = app
        .get(&format!("/api/v1/cases/{case_id}/timeline"), Some(token))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Polls a record's proof until it is integrated; returns the proof text and how long it took.
async fn proof_when_ready(app: &TestApp, token: &str, record: &str) -> (String, Duration) {
    let started = Instant::now();
    loop {
        let r = app
            .get(&format!("/api/v1/records/{record}/proof"), Some(token))
            .await;
        if r.status == 200 {
            return (text(&r), started.elapsed());
        }
        r.problem(409, "not_integrated");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never integrated"
        );
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn empty_log_has_the_pinned_root(app: TestApp) {
    assert_eq!(STANDARD.encode(EMPTY_ROOT), EMPTY_ROOT_B64);
    // The demo seed writes no case, so the first checkpoint is of the empty tree.
    let (note, cp) = checkpoint_at_least(&app, 0).await;
    assert_eq!(cp.size, 0);
    assert_eq!(STANDARD.encode(cp.root), EMPTY_ROOT_B64);
    assert_eq!(cp.origin, "sanxiang.local/log");
    assert!(note.starts_with("sanxiang.local/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— sanxiang.local/log "));
}

async fn proofs_verify_under_the_published_key(app: TestApp) {
    let key = key(&app).await;
    let keys = [key.clone()];
    let t = officer(&app).await;
    let (_, before) = checkpoint_at_least(&app, 0).await;
    let started = Instant::now();
    let case = open_case(&app, &t, "未按规定保存会计凭证").await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    let first = record_ids(&app, &t, &case_id).await[0].clone();
    let (proof_text, waited) = proof_when_ready(&app, &t, &first).await;
    eprintln!(
        "[{:?}] record proof available {:?} after the case was created ({:?} after the create call began)",
        app.backend,
        waited,
        started.elapsed()
    );
    assert!(
        waited < Duration::from_secs(2),
        "integration took {waited:?}"
    );

    // The record's tlog-proof verifies offline: its extra line is the logged entry.
    let proof = TlogProof::parse(&proof_text).unwrap();
    let entry = proof.extra.clone().unwrap();
    let value: Value = serde_json::from_slice(&entry).unwrap();
    assert_eq!(value["id"], first.as_str());
    assert_eq!(value["case_id"], case_id.as_str());
    assert_eq!(value["type"], "case_record");
    let cp_a = proof.verify(&leaf_hash(&entry), key.name(), &keys).unwrap();
    assert!(cp_a.size > before.size);
    assert!(proof
        .verify(&leaf_hash(b"something else"), key.name(), &keys)
        .is_err());

    // The inclusion endpoint agrees with the entries endpoint and the checkpoint.
    let r = app
        .get(
            &format!(
                "/api/v1/log/proof/inclusion?index={}&tree_size={}",
                proof.index, cp_a.size
            ),
            Some(&t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let hashes: Vec<Vec<u8>> = r.body["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| STANDARD.decode(h.as_str().unwrap()).unwrap())
        .collect();
    let leaf = STANDARD
        .decode(r.body["leaf_hash"].as_str().unwrap())
        .unwrap();
    assert_eq!(leaf, leaf_hash(&entry));
    verify_inclusion_bytes(proof.index, cp_a.size, &leaf, &hashes, &cp_a.root).unwrap();
    let r = app
        .get(
            &format!("/api/v1/log/entries?start=0&end={}", cp_a.size),
            Some(&t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["tree_size"], cp_a.size);
    let listed = &r.body["entries"][proof.index as usize];
    assert_eq!(listed["canonical"].as_str().unwrap().as_bytes(), &entry[..]);
    assert_eq!(listed["redacted"], false);
    // Another agency's staff see hashes only, and not the record's proof.
    let other = other_agency_officer(&app).await;
    let r = app
        .get("/api/v1/log/entries?start=0&end=1000", Some(&other))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["entries"][proof.index as usize]["redacted"], true);
    assert!(r.body["entries"][proof.index as usize]["canonical"].is_null());
    app.get(&format!("/api/v1/records/{first}/proof"), Some(&other))
        .await
        .problem(404, "not_found");
    app.get(&format!("/api/v1/cases/{case_id}/export"), Some(&other))
        .await
        .problem(404, "not_found");

    // The log grows; the new checkpoint is consistent with the saved one.
    add_record(&app, &t, &case_id, "会计凭证复印件").await;
    // Everything written since (the sign-ins above are entries too).
    let (_, cp_b) = checkpoint_at_least(&app, logged(&app).await).await;
    assert!(cp_b.size > cp_a.size);
    let r = app
        .get(
            &format!(
                "/api/v1/log/proof/consistency?from={}&to={}",
                cp_a.size, cp_b.size
            ),
            Some(&t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let path: Vec<Vec<u8>> = r.body["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| STANDARD.decode(h.as_str().unwrap()).unwrap())
        .collect();
    verify_consistency_bytes(cp_a.size, cp_b.size, &cp_a.root, &cp_b.root, &path).unwrap();
    let r = app.get("/api/v1/log/checkpoints?limit=10", Some(&t)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["items"][0]["size"], cp_b.size);

    // Bad ranges are clear 400s, never 500s.
    for q in [
        format!(
            "/api/v1/log/proof/consistency?from={}&to={}",
            cp_b.size, cp_a.size
        ),
        "/api/v1/log/proof/consistency?from=0&to=1".to_owned(),
        format!("/api/v1/log/proof/consistency?from=1&to={}", cp_b.size + 5),
        format!(
            "/api/v1/log/proof/inclusion?index={}&tree_size={}",
            cp_b.size, cp_b.size
        ),
        format!(
            "/api/v1/log/proof/inclusion?index=0&tree_size={}",
            cp_b.size + 1
        ),
        "/api/v1/log/proof/inclusion?index=0&tree_size=0".to_owned(),
        "/api/v1/log/proof/inclusion?index=-1&tree_size=1".to_owned(),
        "/api/v1/log/entries?start=5&end=2".to_owned(),
    ] {
        app.get(&q, Some(&t)).await.problem(400, "invalid_query");
    }
    app.get("/api/v1/log/entries?start=0&end=10", None)
        .await
        .problem(401, "unauthorized");
    app.get(
        &format!("/api/v1/records/{}/proof", uuid::Uuid::new_v4()),
        Some(&t),
    )
    .await
    .problem(404, "not_found");
}

/// A user of a second agency: sees nothing of the demo agency.
async fn other_agency_officer(app: &TestApp) -> String {
    let admin = app.admin().await;
    let agency = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "邻县财政局", "short_name": "邻财"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app.post(
        "/api/v1/users",
        Some(&admin),
        &json!({"username": "other_officer", "display_name": "外局", "password": "other-officer-pw", "agency_id": agency, "roles": ["officer"]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    app.login("other_officer", "other-officer-pw").await.0
}

/// Edits a record's title behind the application's back, with the append-only triggers off.
async fn tamper_title(app: &TestApp, record: &str) {
    let conn = app.db.connection();
    let id = uuid::Uuid::parse_str(record).unwrap();
    let (disable, update) = match app.backend {
        Backend::Sqlite => (
            "DROP TRIGGER case_records_no_update",
            "UPDATE case_records SET title = ? WHERE id = ?",
        ),
        Backend::Postgres => (
            "ALTER TABLE case_records DISABLE TRIGGER USER",
            "UPDATE case_records SET title = $1 WHERE id = $2",
        ),
    };
    conn.execute_unprepared(disable).await.unwrap();
    let done = conn
        .execute(sea_orm::Statement::from_sql_and_values(
            conn.get_database_backend(),
            update,
            ["篡改后的标题".into(), id.into()],
        ))
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
}

async fn tampering_is_caught_by_verify(app: TestApp) {
    let key = key(&app).await;
    let t = officer(&app).await;
    let case = open_case(&app, &t, "未按规定保存会计凭证").await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    add_record(&app, &t, &case_id, "询问笔录").await;
    add_record(&app, &t, &case_id, "会计凭证复印件").await;
    let ids = record_ids(&app, &t, &case_id).await;
    assert_eq!(ids.len(), 3);
    let (saved, _) = checkpoint_at_least(&app, 3).await;

    // Before: the export and the live log verify.
    let r = app
        .get(&format!("/api/v1/cases/{case_id}/export"), Some(&t))
        .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.raw));
    assert_eq!(r.content_type, "application/zip");
    let report = verify::verify_export(std::io::Cursor::new(r.raw.clone()), &key).unwrap();
    assert_eq!(report.records, 3);
    assert_eq!(report.case_id.as_deref(), Some(case_id.as_str()));
    let live = verify::verify_live(&app.db, &saved, &key).await.unwrap();
    assert!(live.entries >= 3);
    // A key that did not sign fails; so does garbage.
    let other = sanxiang_domain::tlog::SignerKey::from_seed("sanxiang.local/log", [9; 32])
        .unwrap()
        .verifier();
    assert!(matches!(
        verify::verify_export(std::io::Cursor::new(r.raw.clone()), &other),
        Err(VerifyError::Checkpoint(_))
    ));
    assert!(matches!(
        verify::verify_export(std::io::Cursor::new(b"not a zip".to_vec()), &key),
        Err(VerifyError::Malformed(_))
    ));
    assert!(verify::verify_live(&app.db, "garbage", &key).await.is_err());

    // Someone with full database access edits the second record, triggers disabled.
    let victim = &ids[1];
    tamper_title(&app, victim).await;
    let timeline = app
        .get(&format!("/api/v1/cases/{case_id}/timeline"), Some(&t))
        .await;
    assert_eq!(timeline.body["items"][1]["title"], "篡改后的标题");

    let err = verify::verify_live(&app.db, &saved, &key)
        .await
        .unwrap_err();
    match &err {
        VerifyError::Entry { record_id, .. } => {
            assert_eq!(
                record_id.map(|u| u.to_string()).as_deref(),
                Some(victim.as_str())
            )
        }
        other => panic!("expected the tampered record to be named, got {other}"),
    }
    assert!(err.to_string().contains(victim.as_str()), "{err}");

    let r = app
        .get(&format!("/api/v1/cases/{case_id}/export"), Some(&t))
        .await;
    assert_eq!(r.status, 200);
    let err = verify::verify_export(std::io::Cursor::new(r.raw), &key).unwrap_err();
    match &err {
        VerifyError::Record { id, seq, .. } => {
            assert_eq!(id.to_string(), *victim);
            assert_eq!(*seq, 2);
        }
        other => panic!("expected the tampered record to be named, got {other}"),
    }
}

async fn auditor_reads_are_recorded_and_listed_for_admins(app: TestApp) {
    let t = officer(&app).await;
    let case = open_case(&app, &t, "未按规定保存会计凭证").await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    let first = record_ids(&app, &t, &case_id).await[0].clone();
    proof_when_ready(&app, &t, &first).await;
    let auditor = app.login("demo_auditor", DEMO_PASSWORD).await.0;
    let auditor_id = uid(&app, "demo_auditor").await;
    // Staff reads are not recorded; auditor reads are.
    assert_eq!(
        app.get("/api/v1/log/entries?start=0&end=10", Some(&t))
            .await
            .status,
        200
    );
    for path in [
        "/api/v1/log/entries?start=0&end=10".to_owned(),
        format!("/api/v1/records/{first}/proof"),
        format!("/api/v1/cases/{case_id}/export"),
    ] {
        let r = app.get(&path, Some(&auditor)).await;
        assert_eq!(r.status, 200, "{path}: {}", String::from_utf8_lossy(&r.raw));
    }
    let admin = app.admin().await;
    let r = app.get("/api/v1/audit/reads", Some(&admin)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let items = r.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{}", r.body);
    let whats: Vec<&str> = items.iter().map(|i| i["what"].as_str().unwrap()).collect();
    assert_eq!(whats, vec!["case.export", "record.proof", "log.entries"]);
    assert!(items.iter().all(|i| i["user_id"] == auditor_id.as_str()));
    assert_eq!(items[0]["target"], case_id.as_str());
    assert!(items[0]["request_id"].is_string());
    let r = app
        .get(
            &format!("/api/v1/audit/reads?user_id={}", uuid::Uuid::new_v4()),
            Some(&admin),
        )
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 0);
    app.get("/api/v1/audit/reads", Some(&t))
        .await
        .problem(403, "forbidden");
    app.get("/api/v1/audit/reads", Some(&auditor))
        .await
        .problem(403, "forbidden");
}

/// Every inclusion and consistency proof of a tree, as the API gives them (base64 strings).
async fn all_proofs(app: &TestApp, token: &str, size: u64) -> Vec<Value> {
    let mut out = Vec::new();
    for i in 0..size {
        let r = app
            .get(
                &format!("/api/v1/log/proof/inclusion?index={i}&tree_size={size}"),
                Some(token),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        out.push(r.body.clone());
        let r = app
            .get(
                &format!("/api/v1/log/proof/consistency?from={}&to={size}", i + 1),
                Some(token),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        out.push(r.body.clone());
    }
    out
}

/// Proofs are served from stored node hashes (`log_nodes`); a log whose nodes are missing (one
/// integrated before they were stored) gets them back from its leaves, and the proofs are the same.
async fn node_hashes_are_stored_and_backfilled(app: TestApp) {
    let t = officer(&app).await;
    let case = open_case(&app, &t, "节点哈希").await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    for i in 0..5 {
        add_record(&app, &t, &case_id, &format!("记录{i}")).await;
    }
    // The sign-in, the opening record and five more.
    let (_, cp) = checkpoint_at_least(&app, 7).await;
    let before = all_proofs(&app, &t, cp.size).await;
    for (i, body) in before.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let index = (i / 2) as u64;
        let hashes: Vec<Vec<u8>> = body["hashes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| STANDARD.decode(h.as_str().unwrap()).unwrap())
            .collect();
        let leaf = STANDARD
            .decode(body["leaf_hash"].as_str().unwrap())
            .unwrap();
        verify_inclusion_bytes(index, cp.size, &leaf, &hashes, &cp.root).unwrap();
    }
    let conn = app.db.connection();
    let disable = match app.backend {
        Backend::Sqlite => "DROP TRIGGER log_nodes_no_delete",
        Backend::Postgres => "ALTER TABLE log_nodes DISABLE TRIGGER USER",
    };
    conn.execute_unprepared(disable).await.unwrap();
    conn.execute_unprepared("DELETE FROM log_nodes")
        .await
        .unwrap();
    let written = sanxiang_persistence::tlog::backfill_nodes(&app.db)
        .await
        .unwrap();
    let expected: u64 = (1..64).map(|l| cp.size >> l).sum();
    let (_, now) = checkpoint_at_least(&app, cp.size).await;
    assert_eq!(now.size, cp.size, "nothing else was logged");
    assert_eq!(written, expected);
    assert_eq!(all_proofs(&app, &t, cp.size).await, before);
    // The integrator carries on from the restored nodes.
    add_record(&app, &t, &case_id, "之后的记录").await;
    let (_, next) = checkpoint_at_least(&app, cp.size + 1).await;
    let r = app
        .get(
            &format!(
                "/api/v1/log/proof/consistency?from={}&to={}",
                cp.size, next.size
            ),
            Some(&t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let path: Vec<Vec<u8>> = r.body["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| STANDARD.decode(h.as_str().unwrap()).unwrap())
        .collect();
    verify_consistency_bytes(cp.size, next.size, &cp.root, &next.root, &path).unwrap();
}

/// Appends that arrive together are written together (write combining): each request still gets
/// its own answer, each case numbers its records without gaps, refused jobs leave nothing, and
/// the log holds every record exactly as the verifier recomputes it.
async fn concurrent_appends_are_written_together_and_verify(app: TestApp) {
    use sanxiang_domain::case::{RecordKind, Stage};
    use sanxiang_persistence::cases::{self, AppendError, AppendJob, NewRecord};
    use sanxiang_persistence::StoreError;
    let key = key(&app).await;
    let t = officer(&app).await;
    let case_a = open_case(&app, &t, "未按规定保存会计凭证").await;
    let a = case_a["id"].as_str().unwrap().to_owned();
    let b = open_case(&app, &t, "未按规定编制预算").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let nowhere = uuid::Uuid::new_v4().to_string();

    // 1. Through the API, at once: 12 appends to each case and 4 to a case that does not exist.
    let mut calls = Vec::new();
    for i in 0..12 {
        for c in [&a, &b] {
            calls.push((c.clone(), format!("询问笔录{i}")));
        }
    }
    for i in 0..4 {
        calls.push((nowhere.clone(), format!("无此案件{i}")));
    }
    let requests: Vec<(String, Value)> = calls
        .iter()
        .map(|(c, title)| {
            (
                format!("/api/v1/cases/{c}/records"),
                json!({"kind": "note", "title": title, "text": "当事人在场"}),
            )
        })
        .collect();
    let answers = futures_util::future::join_all(
        requests
            .iter()
            .map(|(path, body)| app.post(path, Some(&t), body)),
    )
    .await;
    for ((c, title), r) in calls.iter().zip(&answers) {
        if *c == nowhere {
            r.problem(404, "not_found");
        } else {
            assert_eq!(r.status, 201, "{}", r.body);
            assert_eq!(r.body["title"], title.as_str());
            assert_eq!(r.body["case_id"], c.as_str());
        }
    }
    let seqs = |body: &Value| -> Vec<i64> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["seq"].as_i64().unwrap())
            .collect()
    };
    for c in [&a, &b] {
        let tl = app
            .get(&format!("/api/v1/cases/{c}/timeline"), Some(&t))
            .await;
        assert_eq!(seqs(&tl.body), (1..=13).collect::<Vec<_>>());
    }

    // 2. One batch directly: both cases, the same case twice, a job naming the case under
    // another agency, and an unknown case.
    let agency = uuid::Uuid::parse_str(case_a["agency_id"].as_str().unwrap()).unwrap();
    let user = uuid::Uuid::parse_str(&uid(&app, "demo_officer").await).unwrap();
    let job = |agency_id: uuid::Uuid, case: &str, title: &str| AppendJob {
        agency_id,
        case_id: uuid::Uuid::parse_str(case).unwrap(),
        record: NewRecord {
            stage: Stage::Filing,
            kind: RecordKind::Note,
            action: None,
            document_type: None,
            activity: None,
            title: title.into(),
            body: "批量写入".into(),
            officers_present: vec![user],
            occurred_at: None,
            place: None,
            corrects: None,
            correction_reason: None,
            attachments: vec![],
            persons_named: vec![],
        },
        created_by: user,
    };
    let out = cases::append_batch(
        &app.db,
        vec![
            job(agency, &a, "甲一"),
            job(agency, &b, "乙一"),
            job(agency, &a, "甲二"),
            job(uuid::Uuid::new_v4(), &a, "他局"),
            job(agency, &nowhere, "无此案件"),
        ],
        chrono::Utc::now(),
    )
    .await;
    assert_eq!(out.len(), 5);
    let ok: Vec<_> = out[..3].iter().map(|r| r.as_ref().unwrap()).collect();
    assert_eq!(
        ok.iter()
            .map(|r| (r.seq, r.title.as_str()))
            .collect::<Vec<_>>(),
        [(14, "甲一"), (14, "乙一"), (15, "甲二")]
    );
    assert!(ok
        .iter()
        .all(|r| r.stage == Stage::Filing && r.recorded_at == ok[0].recorded_at));
    for refused in &out[3..] {
        assert!(matches!(
            refused,
            Err(AppendError::Store(StoreError::NotFound))
        ));
    }
    let tl = app
        .get(&format!("/api/v1/cases/{a}/timeline"), Some(&t))
        .await;
    assert_eq!(seqs(&tl.body), (1..=15).collect::<Vec<_>>());
    assert!(!tl.body.to_string().contains("他局"));

    // 3. The log holds all 2 + 24 + 3 records and the sign-in, and the verifier recomputes
    // every entry.
    let (note, cp) = checkpoint_at_least(&app, 30).await;
    assert_eq!(cp.size, 30);
    let live = verify::verify_live(&app.db, &note, &key).await.unwrap();
    assert_eq!(live.entries, 30);
    assert_eq!(live.auth_events, 1);
    let r = app
        .get(&format!("/api/v1/cases/{a}/export"), Some(&t))
        .await;
    assert_eq!(r.status, 200);
    let report = verify::verify_export(std::io::Cursor::new(r.raw), &key).unwrap();
    assert_eq!(report.records, 15);
}

/// Legal-review events are log entries written with them: an event edited behind the server's
/// back (its table's triggers off) is named by `sanxiang verify`.
async fn tampered_review_events_are_caught_by_verify(app: TestApp) {
    use crate::review::{days_ago, draft, ok, sanction};
    let key = key(&app).await;
    let t = officer(&app).await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "title": "大额罚款", "category": "财政",
                "party": {"kind": "organisation", "name": "某某有限公司"}, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mut c = r.body;
    let id = c["id"].as_str().unwrap().to_owned();
    c = ok(&app, &t, &c, json!({"action": "file", "on": days_ago(10), "violation_on": days_ago(40), "discovered_on": days_ago(12), "grave_harm": false, "limitation_override": null})).await;
    c = ok(
        &app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(8)}),
    )
    .await;
    c = ok(&app, &t, &c, json!({"action": "issue_notice", "served_on": days_ago(7), "proposed": sanction(20_000_000)})).await;
    ok(
        &app,
        &t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(6)}),
    )
    .await;
    let rec = app
        .post(&format!("/api/v1/cases/{id}/records"), Some(&t),
            &json!({"kind": "document", "document_type": "investigation_report", "title": "调查终结报告", "text": "……"}))
        .await;
    assert_eq!(rec.status, 201, "{}", rec.body);
    let materials = json!([{"record_id": rec.body["id"], "kind": "investigation_report"}]);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review"),
            Some(&t),
            &json!({"materials": materials, "draft": draft(20_000_000)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let (saved, _) = checkpoint_at_least(&app, 1).await;
    let live = verify::verify_live(&app.db, &saved, &key).await.unwrap();
    assert!(live.review_events >= 1, "{live:?}");

    let conn = app.db.connection();
    let (disable, update) = match app.backend {
        Backend::Sqlite => (
            "DROP TRIGGER review_events_no_update",
            "UPDATE review_events SET action = ? WHERE case_id = ?",
        ),
        Backend::Postgres => (
            "ALTER TABLE review_events DISABLE TRIGGER ALL",
            "UPDATE review_events SET action = $1 WHERE case_id = $2",
        ),
    };
    conn.execute_unprepared(disable).await.unwrap();
    let case_id = uuid::Uuid::parse_str(&id).unwrap();
    let done = conn
        .execute(sea_orm::Statement::from_sql_and_values(
            conn.get_database_backend(),
            update,
            ["withdrawn".into(), case_id.into()],
        ))
        .await
        .unwrap();
    assert!(done.rows_affected() >= 1);
    let err = verify::verify_live(&app.db, &saved, &key)
        .await
        .unwrap_err();
    match &err {
        VerifyError::ReviewEvent { case_id: c, .. } => {
            assert_eq!(c.map(|u| u.to_string()).as_deref(), Some(id.as_str()))
        }
        other => panic!("expected the tampered review event to be named, got {other}"),
    }
}

/// A database upgraded past the migration that logs publications and review events gets the
/// log entries of those recorded before (rows written here without entries, as older versions
/// wrote them); `verify` then holds them to the log like the rest.
async fn older_publications_and_review_events_are_logged_at_upgrade(app: TestApp) {
    use sanxiang_persistence::tlog as store;
    let t = officer(&app).await;
    let case = open_case(&app, &t, "升级前的案件").await;
    let case_id = uuid::Uuid::parse_str(case["id"].as_str().unwrap()).unwrap();
    let agency_id = uuid::Uuid::parse_str(case["agency_id"].as_str().unwrap()).unwrap();
    let actor = uuid::Uuid::parse_str(&uid(&app, "demo_officer").await).unwrap();
    let conn = app.db.connection();
    let (change_sql, event_sql) = match app.backend {
        Backend::Sqlite => (
            "INSERT INTO disclosure_changes (seq, agency_id, resource_type, resource_id, version, change, resource_url, body, reason, occurred_at) VALUES (?, ?, 'register', ?, 1, 'publish', '/api/public/v1/registers/x', '{\"title\":\"旧\"}', NULL, ?)",
            "INSERT INTO review_events (id, case_id, agency_id, seq, action, round, actor_id, state, created_at) VALUES (?, ?, ?, 99, 'requested', 1, ?, '{\"status\":\"requested\"}', ?)",
        ),
        Backend::Postgres => (
            "INSERT INTO disclosure_changes (seq, agency_id, resource_type, resource_id, version, change, resource_url, body, reason, occurred_at) VALUES ($1, $2, 'register', $3, 1, 'publish', '/api/public/v1/registers/x', '{\"title\":\"旧\"}', NULL, $4)",
            "INSERT INTO review_events (id, case_id, agency_id, seq, action, round, actor_id, state, created_at) VALUES ($1, $2, $3, 99, 'requested', 1, $4, CAST('{\"status\":\"requested\"}' AS json), $5)",
        ),
    };
    let now = chrono::Utc::now();
    conn.execute(sea_orm::Statement::from_sql_and_values(
        conn.get_database_backend(),
        change_sql,
        [
            900_001i64.into(),
            agency_id.into(),
            uuid::Uuid::new_v4().into(),
            now.into(),
        ],
    ))
    .await
    .unwrap();
    conn.execute(sea_orm::Statement::from_sql_and_values(
        conn.get_database_backend(),
        event_sql,
        [
            uuid::Uuid::new_v4().into(),
            case_id.into(),
            agency_id.into(),
            actor.into(),
            now.into(),
        ],
    ))
    .await
    .unwrap();
    let check = |logged, feed| verify::check_publications(logged, &[], &[], feed);
    let feed = store::feed_rows(&app.db).await.unwrap();
    let logged = store::logged_publications(&app.db).await.unwrap();
    assert!(matches!(
        check(&logged, &feed),
        Err(VerifyError::Publication { .. })
    ));
    let (review, _) = store::check_review_events(&app.db).await.unwrap();
    assert!(
        matches!(review, store::ReviewEventCheck::NotLogged { .. }),
        "{review:?}"
    );

    assert_eq!(
        store::backfill_unlogged_publications(&app.db)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store::backfill_unlogged_review_events(&app.db)
            .await
            .unwrap(),
        1
    );
    let logged = store::logged_publications(&app.db).await.unwrap();
    assert_eq!(check(&logged, &feed).unwrap(), 1);
    let (review, n) = store::check_review_events(&app.db).await.unwrap();
    assert_eq!(review, store::ReviewEventCheck::Matches);
    assert_eq!(n, 1);
    // Once: nothing more to write, and the server's migration step does not write them again.
    assert_eq!(
        store::backfill_unlogged_publications(&app.db)
            .await
            .unwrap(),
        0
    );
    sanxiang_api::bootstrap::migrate_and_backfill(&app.db)
        .await
        .unwrap();
    let (_, n) = store::check_review_events(&app.db).await.unwrap();
    assert_eq!(n, 1);
    let (saved, _) = checkpoint_at_least(&app, 3).await;
    verify::verify_live(&app.db, &saved, &key(&app).await)
        .await
        .unwrap();
}

/// The `auth_events` row behind the one failed sign-in.
async fn failed_sign_in(app: &TestApp) -> uuid::Uuid {
    let conn = app.db.connection();
    let rows = conn
        .query_all(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT id FROM auth_events WHERE outcome = 'failure'",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    rows[0].try_get("", "id").unwrap()
}

/// Sign-in events are log entries written with them: an event edited behind the server's back
/// (its table's triggers off) is named by `sanxiang verify`, and so is one deleted.
async fn tampered_auth_events_are_caught_by_verify(app: TestApp) {
    let key = key(&app).await;
    officer(&app).await;
    app.login_resp("demo_officer", "wrong-password-x")
        .await
        .problem(401, "invalid_credentials");
    let (saved, _) = checkpoint_at_least(&app, logged(&app).await).await;
    let live = verify::verify_live(&app.db, &saved, &key).await.unwrap();
    assert_eq!(live.auth_events, 2, "{live:?}");
    let failed = failed_sign_in(&app).await;

    // The failure rewritten as a success.
    let conn = app.db.connection();
    let (disable, update) = match app.backend {
        Backend::Sqlite => (
            "DROP TRIGGER auth_events_no_update",
            "UPDATE auth_events SET outcome = ? WHERE id = ?",
        ),
        Backend::Postgres => (
            "ALTER TABLE auth_events DISABLE TRIGGER ALL",
            "UPDATE auth_events SET outcome = $1 WHERE id = $2",
        ),
    };
    conn.execute_unprepared(disable).await.unwrap();
    let done = conn
        .execute(sea_orm::Statement::from_sql_and_values(
            conn.get_database_backend(),
            update,
            ["success".into(), failed.into()],
        ))
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
    let err = verify::verify_live(&app.db, &saved, &key)
        .await
        .unwrap_err();
    match &err {
        VerifyError::AuthEvent {
            event_id,
            index,
            reason,
        } => {
            assert_eq!(*event_id, failed);
            assert!(index.is_some(), "{err}");
            assert!(reason.contains("changed"), "{err}");
        }
        other => panic!("expected the rewritten auth event to be named, got {other}"),
    }

    // The failure deleted: its log entry names it.
    let (disable, delete) = match app.backend {
        Backend::Sqlite => (
            Some("DROP TRIGGER auth_events_no_delete"),
            "DELETE FROM auth_events WHERE id = ?",
        ),
        Backend::Postgres => (None, "DELETE FROM auth_events WHERE id = $1"),
    };
    if let Some(disable) = disable {
        conn.execute_unprepared(disable).await.unwrap();
    }
    let done = conn
        .execute(sea_orm::Statement::from_sql_and_values(
            conn.get_database_backend(),
            delete,
            [failed.into()],
        ))
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
    let err = verify::verify_live(&app.db, &saved, &key)
        .await
        .unwrap_err();
    match &err {
        VerifyError::AuthEvent {
            event_id,
            index,
            reason,
        } => {
            assert_eq!(*event_id, failed);
            assert!(index.is_some(), "{err}");
            assert!(reason.contains("no longer in auth_events"), "{err}");
        }
        other => panic!("expected the deleted auth event to be named, got {other}"),
    }
}

/// A database upgraded past the migration that logs auth events gets the log entries of those
/// recorded before (a row written here without one, as older versions wrote them), once.
async fn older_auth_events_are_logged_at_upgrade(app: TestApp) {
    use sanxiang_persistence::tlog as store;
    let conn = app.db.connection();
    let insert = match app.backend {
        Backend::Sqlite => "INSERT INTO auth_events (id, at, username, user_id, outcome, request_id) VALUES (?, ?, 'demo_officer', NULL, 'failure', NULL)",
        Backend::Postgres => "INSERT INTO auth_events (id, at, username, user_id, outcome, request_id) VALUES ($1, $2, 'demo_officer', NULL, 'failure', NULL)",
    };
    let id = uuid::Uuid::new_v4();
    conn.execute(sea_orm::Statement::from_sql_and_values(
        conn.get_database_backend(),
        insert,
        [id.into(), chrono::Utc::now().into()],
    ))
    .await
    .unwrap();
    let (check, _) = store::check_auth_events(&app.db).await.unwrap();
    assert!(
        matches!(check, store::AuthEventCheck::NotLogged { event_id, .. } if event_id == id),
        "{check:?}"
    );

    assert_eq!(
        store::backfill_unlogged_auth_events(&app.db).await.unwrap(),
        1
    );
    assert_eq!(
        store::check_auth_events(&app.db).await.unwrap(),
        (store::AuthEventCheck::Matches, 1)
    );
    // Once: nothing more to write, and the server's migration step does not write it again.
    assert_eq!(
        store::backfill_unlogged_auth_events(&app.db).await.unwrap(),
        0
    );
    sanxiang_api::bootstrap::migrate_and_backfill(&app.db)
        .await
        .unwrap();
    assert_eq!(logged(&app).await, 1);
    let (saved, _) = checkpoint_at_least(&app, 1).await;
    let live = verify::verify_live(&app.db, &saved, &key(&app).await)
        .await
        .unwrap();
    assert_eq!(live.auth_events, 1);
}
