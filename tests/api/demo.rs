//! `serve --demo`'s month of work (crates/api/src/demo): seeded through the API on the test
//! server, it shows cases of every kind and stage, public decisions and a log that verifies —
//! and seeding again adds nothing.

use crate::helpers::{TestApp, ADMIN_PASSWORD, DEMO_PASSWORD};
use crate::on_both_databases;
use crate::tlog::{checkpoint_at_least, key, logged};
use sanxiang_api::demo::{self, DemoSeed, Outcome};
use sanxiang_api::verify;
use serde_json::Value;
use std::collections::BTreeSet;

on_both_databases!(the_demo_month_is_seeded_once_and_verifies);

fn seed_of(app: &TestApp, webhook_url: String) -> DemoSeed {
    DemoSeed {
        base: app.base.clone(),
        demo_password: DEMO_PASSWORD.into(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        today: app.today(),
        webhook_url: Some(webhook_url),
    }
}

/// Every demo case (their parties carry the demo marker).
async fn demo_cases(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app
        .get(
            "/api/v1/cases?limit=200&party=%EF%BC%88%E6%BC%94%E7%A4%BA%EF%BC%89",
            Some(token),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

async fn the_demo_month_is_seeded_once_and_verifies(app: TestApp) {
    let hook = demo::receiver::start(0).unwrap();
    let seed = seed_of(&app, hook);
    let report = match demo::seed(&seed).await.unwrap() {
        Outcome::Seeded(r) => r,
        Outcome::AlreadySeeded => panic!("a fresh database was taken as seeded"),
    };
    assert!(report.failed.is_empty(), "{:#?}", report.failed);
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let cases = demo_cases(&app, &t).await;
    assert_eq!(cases.len(), report.cases);
    assert!((18..=30).contains(&cases.len()), "{} cases", cases.len());
    assert!(cases.iter().all(
        |c| c["title"].as_str().unwrap().starts_with(demo::TITLE) || c["kind"] == "inspection"
    ));
    // Every kind, many stages, some overdue.
    let kinds: BTreeSet<&str> = cases.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "coercive_measure",
            "fee",
            "inspection",
            "licence",
            "penalty"
        ])
    );
    // Enforcement documents were generated on the demo cases, numbered, as PDFs.
    let mut documents = 0;
    for c in cases.iter().filter(|c| c["kind"] == "penalty") {
        let r = app
            .get(
                &format!("/api/v1/cases/{}/documents", c["id"].as_str().unwrap()),
                Some(&t),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        documents += r.body["issued"].as_array().unwrap().len();
    }
    assert!(documents >= 3, "only {documents} demo documents");
    let stages: BTreeSet<&str> = cases.iter().map(|c| c["stage"].as_str().unwrap()).collect();
    for s in [
        "filing",
        "investigation",
        "investigation_report",
        "notice",
        "decision",
        "collective_deliberation",
        "execution",
        "closure",
        "archive",
        "acceptance",
        "in_force",
        "task",
    ] {
        assert!(stages.contains(s), "no case at {s}: {stages:?}");
    }
    let overdue = app
        .get("/api/v1/cases?overdue=true&limit=200", Some(&t))
        .await;
    assert!(
        overdue.body["items"].as_array().unwrap().len() >= 2,
        "{}",
        overdue.body
    );
    // One in legal review.
    let rt = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let review = app.get("/api/v1/review/queue", Some(&rt)).await;
    assert_eq!(review.status, 200, "{}", review.body);
    assert!(
        !review.body["items"].as_array().unwrap().is_empty(),
        "{}",
        review.body
    );
    // Public: decisions, an inspection result, the draw, last year's annual report.
    let public = app.get("/api/public/v1/decisions", None).await;
    assert_eq!(public.status, 200, "{}", public.body);
    let decisions = public.body["items"].as_array().unwrap();
    assert!(decisions.len() >= 2, "{}", public.body);
    assert!(decisions
        .iter()
        .all(|d| d["party_name"].as_str().unwrap().ends_with(demo::PARTY)));
    let inspections = app.get("/api/public/v1/inspections", None).await;
    assert_eq!(inspections.body["items"].as_array().unwrap().len(), 1);
    let last = chrono::Datelike::year(&app.today()) - 1;
    let report_page = app
        .get(&format!("/api/public/v1/reports/annual/{last}"), None)
        .await;
    assert_eq!(report_page.status, 200, "{}", report_page.body);
    // The withdrawn publication is a tombstone in the feed.
    let feed = app.get("/api/public/v1/changes?limit=200", None).await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert!(feed.body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["change"] == "withdraw"));
    // The API key and the webhook endpoint.
    let admin = app.admin().await;
    let keys = app.get("/api/v1/portal/api-keys", Some(&admin)).await;
    assert_eq!(keys.body["items"].as_array().unwrap().len(), 1);
    let hooks = app.get("/api/v1/portal/webhooks", Some(&admin)).await;
    assert_eq!(hooks.body["items"].as_array().unwrap().len(), 1);
    // It was registered first: the demo's own receiver takes the publications that followed.
    let hook = hooks.body["items"][0]["id"].as_str().unwrap().to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let r = app
            .get(
                &format!("/api/v1/portal/webhooks/{hook}/deliveries"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let items = r.body["items"].as_array().unwrap();
        if items.len() >= 3 && items.iter().all(|d| d["status"] == "succeeded") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{}", r.body);
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // The log verifies: the live database against a signed checkpoint, and the archived
    // case's export with its photos.
    let key = key(&app).await;
    let (saved, _) = checkpoint_at_least(&app, logged(&app).await).await;
    let live = verify::verify_live(&app.db, &saved, &key).await.unwrap();
    assert!(live.entries >= 100, "{} entries", live.entries);
    assert!(live.publications >= 3, "{} publications", live.publications);
    let archived = cases.iter().find(|c| c["stage"] == "archive").unwrap();
    let id = archived["id"].as_str().unwrap();
    let export = app
        .get(&format!("/api/v1/cases/{id}/export"), Some(&t))
        .await;
    assert_eq!(export.status, 200);
    let r = verify::verify_export(std::io::Cursor::new(export.raw), &key).unwrap();
    assert!(
        r.records >= 10 && r.attachments >= 2,
        "{} records, {} attachments",
        r.records,
        r.attachments
    );

    // Seeding again adds nothing.
    assert!(matches!(
        demo::seed(&seed).await.unwrap(),
        Outcome::AlreadySeeded
    ));
    assert_eq!(demo_cases(&app, &t).await.len(), cases.len());
}
