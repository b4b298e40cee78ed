//! Three real `sanxiang` processes on one PostgreSQL database and one S3-compatible store
//! (`crate::s3`), with the keys `sanxiang keygen` printed given to each, and the migrations run
//! once by `sanxiang migrate` (the nodes only check them). Work is spread over the nodes at the
//! same time: record appends, racing transitions, publications, webhook deliveries, draws, the
//! daily snapshot, the log's checkpoints; then one node is killed (SIGKILL) under load.

use crate::disclosure::{decided_case, publish};
use crate::helpers::{create_pg_database, drop_pg_database, with_db_name, TestApp, DEMO_PASSWORD};
use crate::inspections::{credit_code, import_csv, published_item};
use crate::portal::{start_portal, Portal};
use crate::procs::{free_port, sanxiang, signal, spawn_server_with, wait_ready};
use crate::tlog::{add_record, checkpoint_at_least, key, logged, open_case};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use futures_util::{FutureExt, StreamExt};
use sanxiang_domain::tlog::{verify_consistency_bytes, Checkpoint};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::rc::Rc;
use std::time::{Duration, Instant};

const ORIGIN: &str = "nodes.sanxiang.test/log";
const NODES: usize = 3;
/// Cases × records per case of the spread appends.
const CASES: usize = 3;
const RECORDS_PER_CASE: usize = 60;
/// Requests in flight at once.
const IN_FLIGHT: usize = 12;

/// The processes; killed (SIGKILL) when dropped, so a failing test leaves none behind.
struct Procs(Vec<Option<Child>>);

impl Drop for Procs {
    fn drop(&mut self) {
        for c in self.0.iter_mut().flatten() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The last `lines` lines of every `*.log` in `dir`.
fn log_tails(dir: &Path, lines: usize) -> String {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "log"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::new();
    for p in names {
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        let from = all.len().saturating_sub(lines);
        out.push_str(&format!("\n===== {} =====\n", p.display()));
        out.push_str(&all[from..].join("\n"));
    }
    out
}

/// `sanxiang <args>` to completion: (success, its output).
fn run_cli(dir: &Path, args: &[&str], env: &[(&str, String)], log: &str) -> (bool, String) {
    let status = sanxiang(dir, args, env, log).status().unwrap();
    let out = std::fs::read_to_string(dir.join(log)).unwrap_or_default();
    (status.success(), out)
}

async fn rows(app: &TestApp, sql: &str) -> Vec<sea_orm::QueryResult> {
    let c = app.db.connection();
    c.query_all(Statement::from_string(c.get_database_backend(), sql))
        .await
        .unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    rows(app, sql).await[0].try_get_by_index::<i64>(0).unwrap()
}

#[actix_web::test]
async fn three_nodes_on_one_database() {
    let Some((admin_url, name)) = create_pg_database().await else {
        return;
    };
    let Some(s3) = crate::s3::server().await else {
        drop_pg_database(&admin_url, &name).await;
        return;
    };
    let dir =
        std::env::temp_dir().join(format!("sanxiang-nodes-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let db_url = with_db_name(&admin_url, &name);
    let store_url = s3.url(&s3.bucket().await, "nodes");
    let started = Instant::now();
    let result = AssertUnwindSafe(scenario(&dir, &db_url, &store_url))
        .catch_unwind()
        .await;
    eprintln!("three nodes on one database: {:?}", started.elapsed());
    if result.is_err() {
        eprintln!("the nodes' logs (tails):{}", log_tails(&dir, 40));
    }
    drop_pg_database(&admin_url, &name).await;
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

async fn scenario(dir: &Path, db_url: &str, store_url: &str) {
    // Keys for the deployment, as an operator makes them: once, the same on every node.
    let origin = [("SANXIANG_LOG_ORIGIN", ORIGIN.to_owned())];
    let (ok, out) = run_cli(dir, &["keygen"], &origin, "keygen.log");
    assert!(ok, "{out}");
    let value = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} in {out}"))
            .to_owned()
    };
    let (jwt, signing_key) = (
        value("SANXIANG_JWT_SECRET"),
        value("SANXIANG_LOG_SIGNING_KEY"),
    );
    let verifier = out
        .lines()
        .find_map(|l| l.strip_prefix("# verifier key (public): "))
        .unwrap()
        .to_owned();

    // The migrations run once, as their own step.
    let db_env = [("SANXIANG_DATABASE_URL", db_url.to_owned())];
    let (ok, out) = run_cli(dir, &["migrate"], &db_env, "migrate.log");
    assert!(ok && out.contains("pending: 0"), "{out}");

    // Three nodes, started together, each with its own data directory (nothing shared on disk):
    // they only check the migrations.
    let ports: Vec<u16> = (0..NODES).map(|_| free_port()).collect();
    let mut procs = Procs(Vec::new());
    for (n, port) in ports.iter().enumerate() {
        let data = dir.join(format!("node-{n}"));
        std::fs::create_dir_all(&data).unwrap();
        let env = [
            ("SANXIANG_DATABASE_URL", db_url.to_owned()),
            ("SANXIANG_MIGRATE_ON_START", "false".to_owned()),
            ("SANXIANG_DATA_DIR", data.display().to_string()),
            ("SANXIANG_STORE_URL", store_url.to_owned()),
            ("SANXIANG_JWT_SECRET", jwt.clone()),
            ("SANXIANG_LOG_ORIGIN", ORIGIN.to_owned()),
            ("SANXIANG_LOG_SIGNING_KEY", signing_key.clone()),
            ("SANXIANG_PORTAL_ANONYMOUS_PER_MINUTE", "1000000".to_owned()),
            ("SANXIANG_PORTAL_ANONYMOUS_BURST", "1000000".to_owned()),
            ("SANXIANG_PORTAL_FEED_HEAD_TTL_MS", "0".to_owned()),
            ("SANXIANG_PORTAL_WEBHOOK_TICK_MS", "50".to_owned()),
            ("SANXIANG_PORTAL_WEBHOOK_RETRY_BASE_MS", "100".to_owned()),
            ("SANXIANG_PORTAL_WEBHOOK_RETRY_MAX_MS", "1000".to_owned()),
            (
                "SANXIANG_PORTAL_WEBHOOK_ALLOW_PRIVATE_NETWORKS",
                "true".to_owned(),
            ),
        ];
        procs
            .0
            .push(Some(spawn_server_with(dir, *port, n as u32, &env)));
    }
    for (n, port) in ports.iter().enumerate() {
        wait_ready(*port, procs.0[n].as_mut().unwrap(), dir);
    }
    let db = sanxiang_persistence::Db::connect(db_url).await.unwrap();
    let apps: Vec<TestApp> = ports
        .iter()
        .enumerate()
        .map(|(n, p)| {
            TestApp::remote(
                format!("http://127.0.0.1:{p}"),
                db.clone(),
                dir.join(format!("node-{n}")),
            )
        })
        .collect();
    eprintln!("nodes ready on ports {ports:?}");
    let ready = Instant::now();

    // One seed although three nodes started on the empty database at once.
    assert_eq!(
        count(
            &apps[0],
            "SELECT COUNT(*) FROM users WHERE username = 'admin'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &apps[0],
            "SELECT COUNT(*) FROM users WHERE username = 'demo_officer'"
        )
        .await,
        1
    );
    // One key: every node publishes the keygen's verifier key; a token from one node is good on
    // the others (one JWT secret).
    for app in &apps {
        assert_eq!(key(app).await.to_string().trim(), verifier.trim());
    }
    let t = apps[0].login("demo_officer", DEMO_PASSWORD).await.0;
    for app in &apps[1..] {
        let r = app.get("/api/v1/cases?limit=1", Some(&t)).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }

    // The checkpoints every node serves, watched while the work below runs.
    let watch = CheckpointWatch::start(&apps).await;

    // 4. A portal registered before anything is published receives every change-feed event.
    let portal = Portal::default();
    let (hook_url, portal_handle) = start_portal(portal.clone()).await;
    let admin = apps[2].admin().await;
    let r = apps[2]
        .post(
            "/api/v1/portal/webhooks",
            Some(&admin),
            &json!({"url": hook_url}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let hook_secret = r.body["secret"].as_str().unwrap().to_owned();
    let hook_id = r.body["id"].as_str().unwrap().to_owned();

    appends_spread_over_the_nodes(&apps, &t).await;
    racing_transitions(&apps, &t).await;
    let published = publications(&apps).await;
    draws(&apps, &t).await;
    snapshot_made_once(&apps, published).await;
    webhooks_delivered_once(&apps, &portal, &hook_secret, &hook_id).await;
    portal_handle.stop(false).await;
    let (first_note, _) = watch.stop_and_check(&apps, &t).await;

    sigkill_under_load(dir, db_url, &apps, &t, &mut procs, &verifier, &first_note).await;

    for (n, c) in procs.0.iter().enumerate() {
        if let Some(c) = c {
            signal(c, "TERM");
            eprintln!("node {n}: SIGTERM");
        }
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    for c in procs.0.iter_mut().flatten() {
        while c.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "a node did not stop after SIGTERM"
            );
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
    eprintln!("from the nodes ready to their stop: {:?}", ready.elapsed());
    let _ = db.close().await;
}

/// The node the `k`-th request goes to.
fn node(apps: &[TestApp], k: usize) -> &TestApp {
    &apps[k % apps.len()]
}

/// Record numbers of a case as the database holds them.
async fn seqs(app: &TestApp, case: &str) -> Vec<i64> {
    rows(
        app,
        &format!("SELECT seq::bigint FROM case_records WHERE case_id = '{case}' ORDER BY seq"),
    )
    .await
    .iter()
    .map(|r| r.try_get_by_index::<i64>(0).unwrap())
    .collect()
}

/// Every case's records are numbered 1..=n without gap or repeat.
async fn assert_numbered(app: &TestApp, case: &str) -> usize {
    let s = seqs(app, case).await;
    let expected: Vec<i64> = (1..=s.len() as i64).collect();
    assert_eq!(s, expected, "record numbers of case {case}");
    s.len()
}

/// The log's leaves are 0..n without gap or repeat, one per entry, and every entry has one.
async fn assert_leaves_dense(app: &TestApp) -> i64 {
    let r = &rows(
        app,
        "SELECT COUNT(*) AS n, COUNT(DISTINCT idx) AS d, COALESCE(MIN(idx), 0) AS lo, \
         COALESCE(MAX(idx), -1) AS hi, COUNT(DISTINCT entry_id) AS e FROM log_leaves",
    )
    .await[0];
    let get = |c: &str| r.try_get::<i64>("", c).unwrap();
    let n = get("n");
    assert_eq!((get("d"), get("lo"), get("hi"), get("e")), (n, 0, n - 1, n));
    assert_eq!(
        count(app, "SELECT COUNT(*) FROM log_entries").await,
        n,
        "entries without a leaf"
    );
    n
}

/// Every acknowledged record has a log entry with a leaf, and its proof is served by `app`.
async fn assert_logged(app: &TestApp, t: &str, records: &[String]) {
    let ids: Vec<String> = records.iter().map(|r| format!("'{r}'")).collect();
    let logged = count(
        app,
        &format!(
            "SELECT COUNT(DISTINCT e.record_id) FROM log_entries e JOIN log_leaves l ON l.entry_id = e.id \
             WHERE e.record_id IN ({})",
            ids.join(",")
        ),
    )
    .await;
    assert_eq!(
        logged as usize,
        records.len(),
        "acknowledged records missing from the log"
    );
    let proofs: Vec<u16> = futures_util::stream::iter(records)
        .map(|r| async move {
            app.get(&format!("/api/v1/records/{r}/proof"), Some(t))
                .await
                .status
                .as_u16()
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    assert!(proofs.iter().all(|s| *s == 200), "{proofs:?}");
}

/// (1) Appends to the same few cases, each request to another node.
async fn appends_spread_over_the_nodes(apps: &[TestApp], t: &str) {
    let started = Instant::now();
    // Opened at once on every node: distinct case numbers.
    let cases: Vec<Value> = futures_util::future::join_all((0..CASES).map(|c| async move {
        let title = format!("未按规定保存会计凭证案（多节点{c}）");
        open_case(node(apps, c), t, &title).await
    }))
    .await;
    let numbers: BTreeSet<&str> = cases
        .iter()
        .map(|c| c["case_number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers.len(), CASES, "{numbers:?}");
    let ids: Vec<String> = cases
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let jobs: Vec<(usize, usize)> = (0..RECORDS_PER_CASE)
        .flat_map(|i| (0..CASES).map(move |c| (c, i)))
        .collect();
    let acked: Vec<(usize, Value)> = futures_util::stream::iter(jobs.into_iter().enumerate())
        .map(|(k, (c, i))| {
            let id = ids[c].clone();
            async move {
                let r = add_record(node(apps, k), t, &id, &format!("凭证n{}-{i}", k % NODES)).await;
                (c, r)
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    eprintln!(
        "{} appends over {NODES} nodes: {:?}",
        acked.len(),
        started.elapsed()
    );
    // The numbers the nodes answered are distinct per case, and the database's are 1..=n.
    for (c, id) in ids.iter().enumerate() {
        let answered: BTreeSet<i64> = acked
            .iter()
            .filter(|(x, _)| *x == c)
            .map(|(_, r)| r["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(answered.len(), RECORDS_PER_CASE);
        assert_eq!(assert_numbered(&apps[0], id).await, RECORDS_PER_CASE + 1);
    }
    checkpoint_at_least(&apps[1], logged(&apps[1]).await).await;
    assert_leaves_dense(&apps[0]).await;
    let records: Vec<String> = acked
        .iter()
        .map(|(_, r)| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_logged(&apps[2], t, &records).await;
}

/// (2) The same transition sent to every node at once: one wins, the others are refused.
async fn racing_transitions(apps: &[TestApp], t: &str) {
    for round in 0..3 {
        let case = open_case(
            node(apps, round),
            t,
            &format!("越序竞争案（多节点{round}）"),
        )
        .await;
        let id = case["id"].as_str().unwrap().to_owned();
        let r = apps[0]
            .post(
                &format!("/api/v1/cases/{id}/records"),
                Some(t),
                &json!({"kind": "document", "document_type": "filing_approval", "title": "立案审批表", "text": "……"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let day = |n: i64| (crate::cases::today() - chrono::Duration::days(n)).to_string();
        let body = json!({"expected_version": case["version"], "command": {"action": "file", "on": day(1),
            "violation_on": day(30), "discovered_on": day(2), "grave_harm": false, "limitation_override": null}});
        let path = format!("/api/v1/cases/{id}/transitions");
        let answers =
            futures_util::future::join_all(apps.iter().map(|a| a.post(&path, Some(t), &body)))
                .await;
        let won: Vec<&crate::helpers::Resp> = answers.iter().filter(|r| r.status == 200).collect();
        assert_eq!(
            won.len(),
            1,
            "{:?}",
            answers.iter().map(|r| &r.body).collect::<Vec<_>>()
        );
        assert_eq!(won[0].body["stage"], "investigation");
        for r in answers.iter().filter(|r| r.status != 200) {
            assert_eq!(r.status, 409, "{}", r.body);
            assert_eq!(r.content_type, "application/problem+json");
            assert!(
                ["version_conflict", "invalid_transition"]
                    .contains(&r.body["code"].as_str().unwrap()),
                "{}",
                r.body
            );
        }
        let tl = apps[1]
            .get(&format!("/api/v1/cases/{id}/timeline"), Some(t))
            .await;
        assert_eq!(tl.status, 200, "{}", tl.body);
        let transitions = tl.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] == "transition")
            .count();
        assert_eq!(transitions, 1, "{}", tl.body);
        let now = apps[2].get(&format!("/api/v1/cases/{id}"), Some(t)).await;
        assert_eq!(now.body["version"], 2, "{}", now.body);
        assert_numbered(&apps[0], &id).await;
    }
}

/// (3) Decisions decided and published through different nodes, at once; each is public on
/// every node. Answers how many were published.
async fn publications(apps: &[TestApp]) -> usize {
    let parties = ["张某", "李某", "王某"];
    let published: Vec<Value> =
        futures_util::future::join_all(parties.iter().enumerate().map(|(i, party)| async move {
            let case =
                decided_case(node(apps, i), party, 10_000 + i as i64 * 100, false, false).await;
            publish(node(apps, i + 1), &case).await
        }))
        .await;
    for d in &published {
        let id = d["id"].as_str().unwrap();
        for app in apps {
            let r = app
                .get(&format!("/api/public/v1/decisions/{id}"), None)
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
    }
    published.len()
}

/// (5) Random-inspection plans made, fixed and drawn through different nodes; one draw sent to
/// every node at once is made once.
async fn draws(apps: &[TestApp], t: &str) {
    let item = published_item(&apps[0]).await;
    let mut csv = String::from("name,credit_code,kind,tier,address,tags,last_inspected_on\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "代理记账公司{i},{},单位,{},桓仁县{i}号,代理记账,\n",
            credit_code(20_000 + i),
            ["A", "B"][i % 2]
        ));
    }
    let (status, report) = import_csv(&apps[1], t, csv).await;
    assert_eq!(status, 200, "{report}");
    let today = crate::cases::today();
    let plan = |n: usize| {
        json!({"name": format!("双随机抽查（多节点{n}）"), "item_id": item,
            "period_start": today.to_string(),
            "period_end": (today + chrono::Duration::days(60)).to_string(),
            "rules": {"tier_ratios_bp": {"A": 2000, "B": 1000}, "exclude_inspected_within_years": 3,
                      "inspectors_per_target": 2}})
    };
    let step = |app: &TestApp, id: &str, what: &str| {
        let path = format!("/api/v1/inspections/plans/{id}/{what}");
        let app = app.clone();
        async move { app.post(&path, Some(t), &json!({})).await }
    };
    // Three plans at once: made on node i, fixed on node i+1, drawn on node i+2.
    let drawn: Vec<Value> = futures_util::future::join_all((0..3).map(|i| {
        let body = plan(i);
        async move {
            let r = node(apps, i)
                .post("/api/v1/inspections/plans", Some(t), &body)
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
            let id = r.body["id"].as_str().unwrap().to_owned();
            let r = step(node(apps, i + 1), &id, "fix").await;
            assert_eq!(r.status, 200, "{}", r.body);
            let r = step(node(apps, i + 2), &id, "draw").await;
            assert_eq!(r.status, 200, "{}", r.body);
            r.body
        }
    }))
    .await;
    // A fourth, drawn on every node at once.
    let r = apps[0]
        .post("/api/v1/inspections/plans", Some(t), &plan(3))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let raced = r.body["id"].as_str().unwrap().to_owned();
    let r = step(&apps[1], &raced, "fix").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let answers =
        futures_util::future::join_all(apps.iter().map(|a| step(a, &raced, "draw"))).await;
    let won: Vec<&crate::helpers::Resp> = answers.iter().filter(|r| r.status == 200).collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        answers.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    // The losers: the draw already made (it committed first) or the plan changed meanwhile
    // (they read it before).
    for r in answers.iter().filter(|r| r.status != 200) {
        assert_eq!(r.status, 409, "{}", r.body);
        assert_eq!(r.content_type, "application/problem+json");
        assert!(
            ["draw_already_made", "version_conflict"].contains(&r.body["code"].as_str().unwrap()),
            "{}",
            r.body
        );
    }
    // Every node serves the same public draw, and it verifies.
    for plan in drawn.iter().chain([&won[0].body]) {
        let id = plan["id"].as_str().unwrap();
        let path = format!("/api/public/v1/draws/{id}");
        let docs: Vec<Value> =
            futures_util::future::join_all(apps.iter().map(|a| a.get(&path, None)))
                .await
                .into_iter()
                .map(|r| {
                    assert_eq!(r.status, 200, "{}", r.body);
                    r.body
                })
                .collect();
        assert!(docs.iter().all(|d| *d == docs[0]));
        assert_eq!(
            docs[0]["result"]["selections"],
            plan["result"]["selections"]
        );
        let (_, report) =
            sanxiang_api::verify_draw::verify_json(&serde_json::to_string(&docs[0]).unwrap())
                .unwrap();
        assert!(report.ok(), "{report:?}");
    }
    // Each draw published once: its fix and its draw, one log entry and one feed change each.
    assert_eq!(
        count(
            &apps[0],
            "SELECT COUNT(*) FROM log_entries WHERE kind = 'inspection_draw'"
        )
        .await,
        8
    );
    assert_eq!(
        count(
            &apps[0],
            "SELECT COUNT(*) FROM disclosure_changes WHERE resource_type = 'inspection_draw'"
        )
        .await,
        8
    );
}

/// (7) Today's snapshot requested on every node at once: one is recorded and all serve it.
async fn snapshot_made_once(apps: &[TestApp], published: usize) {
    let answers = futures_util::future::join_all(
        apps.iter()
            .map(|a| a.get("/api/public/v1/snapshots/latest", None)),
    )
    .await;
    for r in &answers {
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body, answers[0].body);
    }
    let info = &answers[0].body;
    assert_eq!(info["count"], published);
    assert_eq!(
        count(&apps[0], "SELECT COUNT(*) FROM public_snapshots").await,
        1
    );
    let day = count(
        &apps[0],
        &format!(
            "SELECT COUNT(*) FROM public_snapshots WHERE day = '{}'",
            info["date"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(day, 1);
    // The files come from the shared store whichever node made them.
    for app in apps {
        for (url, sha) in [("ndjson_url", "ndjson_sha256"), ("csv_url", "csv_sha256")] {
            let r = app.get(info[url].as_str().unwrap(), None).await;
            assert_eq!(r.status, 200, "{}", info[url]);
            assert_eq!(
                crate::blobs::sha256_hex(&r.raw),
                info[sha].as_str().unwrap()
            );
        }
    }
}

/// (4) Every change-feed event reached the portal exactly once, though three dispatchers run.
async fn webhooks_delivered_once(apps: &[TestApp], portal: &Portal, secret: &str, hook: &str) {
    let feed: BTreeSet<i64> = rows(&apps[0], "SELECT seq FROM disclosure_changes")
        .await
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0).unwrap())
        .collect();
    assert!(feed.len() >= 11, "{feed:?}");
    let seqs_of = |p: &Portal| -> Vec<i64> {
        p.received
            .lock()
            .unwrap()
            .iter()
            .map(|r| {
                serde_json::from_slice::<Value>(&r.body).unwrap()["seq"]
                    .as_i64()
                    .unwrap()
            })
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while seqs_of(portal).iter().collect::<BTreeSet<_>>().len() < feed.len() {
        assert!(
            Instant::now() < deadline,
            "not all delivered: {:?} of {feed:?}",
            seqs_of(portal)
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    // Many dispatcher ticks on every node later, nothing came twice.
    actix_web::rt::time::sleep(Duration::from_millis(1000)).await;
    let got = portal.received.lock().unwrap().clone();
    let seqs = seqs_of(portal);
    let mut sorted = seqs.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        feed.iter().copied().collect::<Vec<_>>(),
        "delivered: {seqs:?}"
    );
    // In feed order, each signed, each with its own id.
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let ids: BTreeSet<&str> = got.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), got.len());
    for r in &got {
        assert_eq!(r.answered, 204);
        assert!(crate::portal::verify(secret, r), "{r:?}");
    }
    // The delivery log says the same: one delivery per event, delivered at the first attempt.
    let r = &rows(
        &apps[0],
        &format!(
            "SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d, \
             SUM(CASE WHEN status = 'succeeded' AND attempts = 1 THEN 1 ELSE 0 END) AS ok \
             FROM webhook_deliveries WHERE endpoint_id = '{hook}'"
        ),
    )
    .await[0];
    let n = r.try_get::<i64>("", "n").unwrap();
    assert_eq!(n as usize, feed.len());
    assert_eq!(r.try_get::<i64>("", "d").unwrap(), n);
    assert_eq!(r.try_get::<i64>("", "ok").unwrap(), n);
}

/// Per node, the (tree size, signed note) of each checkpoint it served, in order.
type Seen = Vec<Vec<(u64, String)>>;

/// (6) The public checkpoint of every node, polled while the work runs.
struct CheckpointWatch {
    seen: Rc<RefCell<Seen>>,
    stop: Rc<Cell<bool>>,
    task: actix_web::rt::task::JoinHandle<()>,
}

impl CheckpointWatch {
    async fn start(apps: &[TestApp]) -> Self {
        let seen = Rc::new(RefCell::new(vec![Vec::new(); apps.len()]));
        let stop = Rc::new(Cell::new(false));
        let key = key(&apps[0]).await;
        let (apps, s, st) = (apps.to_vec(), seen.clone(), stop.clone());
        let task = actix_web::rt::spawn(async move {
            while !st.get() {
                for (n, app) in apps.iter().enumerate() {
                    let r = app.get("/api/public/v1/log/checkpoint", None).await;
                    if r.status != 200 {
                        continue;
                    }
                    let note = String::from_utf8(r.raw).unwrap();
                    let (cp, _) =
                        Checkpoint::open(&note, key.name(), std::slice::from_ref(&key)).unwrap();
                    let mut s = s.borrow_mut();
                    if s[n].last().is_none_or(|(size, _)| *size != cp.size) {
                        s[n].push((cp.size, note));
                    }
                }
                actix_web::rt::time::sleep(Duration::from_millis(30)).await;
            }
        });
        Self { seen, stop, task }
    }

    /// Checks what was seen and the whole signed history; answers the first and last notes.
    async fn stop_and_check(self, apps: &[TestApp], t: &str) -> (String, String) {
        self.stop.set(true);
        self.task.await.unwrap();
        let seen = self.seen.borrow().clone();
        let key = key(&apps[0]).await;
        // Each node's tree only grew, and a size has one root whichever node served it.
        let mut by_size: BTreeMap<u64, String> = BTreeMap::new();
        for (n, s) in seen.iter().enumerate() {
            assert!(s.len() >= 2, "node {n} served {} checkpoints", s.len());
            assert!(
                s.windows(2).all(|w| w[0].0 < w[1].0),
                "node {n}: {:?}",
                s.iter().map(|x| x.0).collect::<Vec<_>>()
            );
            for (size, note) in s {
                let kept = by_size.entry(*size).or_insert_with(|| note.clone());
                assert_eq!(kept, note, "two checkpoints of size {size}");
            }
        }
        // The signed history is the same on every node (once everything written is signed).
        checkpoint_at_least(&apps[0], logged(&apps[0]).await).await;
        let mut histories = Vec::new();
        for app in apps {
            let mut all: Vec<(u64, String)> = Vec::new();
            let mut before: Option<u64> = None;
            loop {
                let q = before.map(|b| format!("&before={b}")).unwrap_or_default();
                let r = app
                    .get(&format!("/api/v1/log/checkpoints?limit=200{q}"), Some(t))
                    .await;
                assert_eq!(r.status, 200, "{}", r.body);
                let items = r.body["items"].as_array().unwrap();
                if items.is_empty() {
                    break;
                }
                for i in items {
                    all.push((
                        i["size"].as_u64().unwrap(),
                        i["note"].as_str().unwrap().to_owned(),
                    ));
                }
                before = all.last().map(|x| x.0);
            }
            histories.push(all);
        }
        assert!(histories.iter().all(|h| *h == histories[0]));
        let mut history = histories.swap_remove(0);
        history.reverse();
        assert!(history.windows(2).all(|w| w[0].0 < w[1].0));
        for (size, note) in &by_size {
            assert!(
                history.iter().any(|(s, n)| s == size && n == note),
                "served {size} is not in the history"
            );
        }
        // Successive checkpoints are consistent (proofs from the nodes in turn).
        let cps: Vec<Checkpoint> = history
            .iter()
            .map(|(_, n)| {
                Checkpoint::open(n, key.name(), std::slice::from_ref(&key))
                    .unwrap()
                    .0
            })
            .collect();
        let pairs: Vec<(usize, (&Checkpoint, &Checkpoint))> = cps
            .windows(2)
            .filter(|w| w[0].size > 0)
            .map(|w| (&w[0], &w[1]))
            .enumerate()
            .collect();
        let checked: Vec<()> = futures_util::stream::iter(pairs)
            .map(|(k, (a, b))| async move {
                let r = node(apps, k)
                    .get(
                        &format!(
                            "/api/v1/log/proof/consistency?from={}&to={}",
                            a.size, b.size
                        ),
                        Some(t),
                    )
                    .await;
                assert_eq!(r.status, 200, "{}", r.body);
                let path: Vec<Vec<u8>> = r.body["hashes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| STANDARD.decode(h.as_str().unwrap()).unwrap())
                    .collect();
                verify_consistency_bytes(a.size, b.size, &a.root, &b.root, &path)
                    .unwrap_or_else(|e| panic!("{} → {}: {e:?}", a.size, b.size));
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
        eprintln!(
            "{} checkpoints signed, {} consistency proofs verified, {:?} seen per node",
            history.len(),
            checked.len(),
            seen.iter().map(Vec::len).collect::<Vec<_>>()
        );
        let first = history.iter().find(|(s, _)| *s > 0).unwrap().1.clone();
        (first, history.last().unwrap().1.clone())
    }
}

/// (8) One node killed (SIGKILL) while appends run on all three: what it acknowledged is in the
/// log, the other two carry on, and `sanxiang verify` passes on the database.
async fn sigkill_under_load(
    dir: &Path,
    db_url: &str,
    apps: &[TestApp],
    t: &str,
    procs: &mut Procs,
    verifier: &str,
    first_note: &str,
) {
    const VICTIM: usize = 2;
    const TOTAL: usize = 150;
    let cases: Vec<String> = futures_util::future::join_all((0..2).map(|c| async move {
        let title = format!("未按规定保存会计凭证案（断电{c}）");
        open_case(node(apps, c), t, &title).await
    }))
    .await
    .iter()
    .map(|c| c["id"].as_str().unwrap().to_owned())
    .collect();
    let dead = Rc::new(Cell::new(false));
    let acked_by_victim = Rc::new(Cell::new(0usize));
    let mut victim = procs.0[VICTIM].take();
    let killer = {
        let (dead, acked) = (dead.clone(), acked_by_victim.clone());
        async move {
            let deadline = Instant::now() + Duration::from_secs(30);
            while acked.get() < 15 {
                assert!(
                    Instant::now() < deadline,
                    "the node to kill acknowledged too little"
                );
                actix_web::rt::time::sleep(Duration::from_millis(5)).await;
            }
            let c = victim.as_mut().unwrap();
            signal(c, "KILL");
            dead.set(true);
            let _ = c.wait();
            eprintln!(
                "node {VICTIM}: SIGKILL after {} of its appends were acknowledged",
                acked.get()
            );
        }
    };
    let load = futures_util::stream::iter(0..TOTAL)
        .map(|k| {
            let (dead, acked) = (dead.clone(), acked_by_victim.clone());
            let case = cases[k % cases.len()].clone();
            async move {
                let mut n = k % NODES;
                if n == VICTIM && dead.get() {
                    n = k % (NODES - 1);
                }
                let app = &apps[n];
                let sent = app
                    .client
                    .post(app.url(&format!("/api/v1/cases/{case}/records")))
                    .bearer_auth(t)
                    .send_json(&json!({"kind": "document", "document_type": "evidence",
                        "title": format!("断电前后凭证{k}"), "text": "会计凭证复印件三页"}))
                    .await;
                let answer = match sent {
                    Ok(mut res) => {
                        let status = res.status().as_u16();
                        match res.body().await {
                            Ok(b) => Some((
                                status,
                                serde_json::from_slice::<Value>(&b).unwrap_or(Value::Null),
                            )),
                            Err(_) => None,
                        }
                    }
                    Err(_) => None,
                };
                if n == VICTIM && matches!(answer, Some((201, _))) {
                    acked.set(acked.get() + 1);
                }
                (n, answer)
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect::<Vec<_>>();
    let (results, ()) = futures_util::future::join(load, killer).await;
    let mut acknowledged = Vec::new();
    let mut lost = 0;
    for (n, answer) in &results {
        match answer {
            Some((201, r)) => acknowledged.push(r["id"].as_str().unwrap().to_owned()),
            Some((s, r)) => panic!("node {n} answered {s}: {r}"),
            None => {
                assert_eq!(*n, VICTIM, "a surviving node failed a request");
                lost += 1;
            }
        }
    }
    eprintln!(
        "under SIGKILL: {} appends acknowledged ({} by the killed node), {lost} cut off",
        acknowledged.len(),
        acked_by_victim.get()
    );
    assert!(acked_by_victim.get() >= 15);
    // The survivors serve on, their integrators take in what the killed node left pending.
    let live = &apps[..VICTIM];
    for app in live {
        assert_eq!(app.get("/api/v1/ready", None).await.status, 200);
    }
    checkpoint_at_least(&live[0], logged(&live[0]).await).await;
    assert_leaves_dense(&live[0]).await;
    assert_logged(&live[1], t, &acknowledged).await;
    for c in &cases {
        assert_numbered(&live[0], c).await;
    }
    // A last append through a survivor, and the log verifies offline against the first
    // checkpoint (consistency) and the latest (the database holds all of it).
    add_record(&live[1], t, &cases[0], "断电之后").await;
    let (latest, _) = checkpoint_at_least(&live[0], logged(&live[0]).await).await;
    std::fs::write(dir.join("first.checkpoint"), first_note).unwrap();
    std::fs::write(dir.join("latest.checkpoint"), &latest).unwrap();
    std::fs::write(dir.join("log.key"), verifier).unwrap();
    let no_config = [("SANXIANG_CONFIG", "/nonexistent/sanxiang.toml".to_owned())];
    let key_path = dir.join("log.key").display().to_string();
    for (flag, file, log) in [
        ("--checkpoint", "first.checkpoint", "verify-first.log"),
        (
            "--expect-checkpoint",
            "latest.checkpoint",
            "verify-latest.log",
        ),
    ] {
        let cp = dir.join(file).display().to_string();
        let (ok, out) = run_cli(
            dir,
            &[
                "verify",
                flag,
                &cp,
                "--key",
                &key_path,
                "--database-url",
                db_url,
            ],
            &no_config,
            log,
        );
        assert!(ok && out.contains("OK:"), "{out}");
        eprintln!("{}", out.trim());
    }
}
