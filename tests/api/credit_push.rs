//! The credit push connector (`[credit.push]`): a test provincial platform receives exactly one
//! push per decision publication, correction and withdrawal, in feed order, with the token and
//! the province's field keys; while it is down a publication is retried and logged as failed
//! attempts, and arrives once it is back; an editor replays a chosen push.

use crate::credit::{agency_credit_code, licence_case, publish_cited, AGENCY_CODE, RESIDENT_ID};
use crate::disclosure::{decided_case, ok_step, publish, token};
use crate::helpers::{run_tweaked, Backend, TestApp};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use sanxiang_api::config::Secret;
use sanxiang_api::credit_push::CreditPushSettings;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TOKEN: &str = "province-issued-token";

#[actix_web::test]
async fn sqlite() {
    pushes_reach_the_platform_once_retried_and_replayed(Backend::Sqlite).await
}

#[actix_web::test]
async fn postgres() {
    pushes_reach_the_platform_once_retried_and_replayed(Backend::Postgres).await
}

/// One request the platform received.
#[derive(Clone, Debug)]
struct Push {
    authorization: String,
    idempotency_key: String,
    body: Value,
    answered: u16,
}

#[derive(Clone, Default)]
struct Platform {
    received: Arc<Mutex<Vec<Push>>>,
    /// Answers 503 while set.
    down: Arc<AtomicBool>,
}

impl Platform {
    fn all(&self) -> Vec<Push> {
        self.received.lock().unwrap().clone()
    }

    /// The pushes it accepted (2xx), in arrival order.
    fn accepted(&self) -> Vec<Push> {
        self.all()
            .into_iter()
            .filter(|p| p.answered == 200)
            .collect()
    }
}

async fn receive(req: HttpRequest, body: web::Bytes, p: web::Data<Platform>) -> HttpResponse {
    let h = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let down = p.down.load(Ordering::SeqCst);
    p.received.lock().unwrap().push(Push {
        authorization: h("authorization"),
        idempotency_key: h("idempotency-key"),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        answered: if down { 503 } else { 200 },
    });
    if down {
        HttpResponse::ServiceUnavailable().body("维护中")
    } else {
        HttpResponse::Ok().json(json!({"code": 0}))
    }
}

async fn wait_for(what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn pushes_reach_the_platform_once_retried_and_replayed(backend: Backend) {
    let platform = Platform::default();
    let data = web::Data::new(platform.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/push", web::post().to(receive))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let url = format!("http://127.0.0.1:{}/push", server.addrs()[0].port());
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    run_tweaked(
        backend,
        move |c| {
            c.credit.push = CreditPushSettings {
                enabled: true,
                url,
                token: Some(Secret::new(TOKEN)),
                penalty_fields: [("party_name".to_owned(), "XZXDR_MC".to_owned())].into(),
                tick_ms: 50,
                retry_base_ms: 100,
                retry_max_ms: 400,
                timeout_secs: 2,
                allow_http: true,
                ..CreditPushSettings::default()
            };
        },
        |app| scenario(app, platform),
    )
    .await;
    handle.stop(false).await;
}

async fn deliveries(app: &TestApp, t: &str, query: &str) -> Vec<Value> {
    let r = app
        .get(
            &format!("/api/v1/exchange/credit/push/deliveries{query}"),
            Some(t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

async fn scenario(app: TestApp, platform: Platform) {
    agency_credit_code(&app).await;
    let editor = token(&app, "demo_editor").await;
    let approver = token(&app, "demo_approver").await;
    let today = app.today().to_string();

    // A natural person's penalty published, corrected, then withdrawn; a licence published.
    let penalty = decided_case(&app, "张三", 20_000, false, false).await;
    let published = publish_cited(&app, &penalty).await;
    let lic = licence_case(&app).await;
    publish(&app, &lic).await;
    let d = ok_step(
        &app,
        &editor,
        &published,
        "correction",
        json!({"reason": "更正违法事实"}),
    )
    .await;
    let d = ok_step(&app, &editor, &d, "submission", json!({})).await;
    let d = ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    let d = ok_step(
        &app,
        &editor,
        &d,
        "withdrawal-requirement",
        json!({"basis": "复议撤销", "on": today}),
    )
    .await;
    ok_step(
        &app,
        &editor,
        &d,
        "withdrawal",
        json!({"reason": "决定已被复议机关撤销"}),
    )
    .await;

    // Four pushes, each accepted once, in feed order.
    wait_for("four pushes", || platform.accepted().len() >= 4).await;
    wait_for("the log to settle", || {
        platform.accepted().len() == 4 && platform.all().len() == 4
    })
    .await;
    // A few more ticks: nothing is sent twice.
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let got = platform.accepted();
    assert_eq!(got.len(), 4, "{got:#?}");
    let actions: Vec<&str> = got
        .iter()
        .map(|p| p.body["action"].as_str().unwrap())
        .collect();
    let templates: Vec<&str> = got
        .iter()
        .map(|p| p.body["template"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["publish", "publish", "correct", "withdraw"]);
    assert_eq!(templates, ["penalty", "licence", "penalty", "penalty"]);
    let seqs: Vec<i64> = got
        .iter()
        .map(|p| p.body["seq"].as_i64().unwrap())
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let mut keys: Vec<&str> = got.iter().map(|p| p.idempotency_key.as_str()).collect();
    for p in &got {
        assert_eq!(p.authorization, format!("Bearer {TOKEN}"));
        assert_eq!(p.body["idempotency_key"], p.idempotency_key.as_str());
    }
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 4, "one key per feed entry");

    // The penalty in the province's keys (one mapped, the rest the template's column names),
    // with the values the export writes.
    let rec = &got[0].body["record"];
    assert_eq!(rec["XZXDR_MC"], "张三", "{rec}");
    assert!(rec.get("行政相对人名称").is_none());
    assert_eq!(rec["行政相对人类别"], "自然人");
    assert_eq!(rec["证件类型"], "身份证");
    assert_eq!(rec["证件号码"], RESIDENT_ID);
    assert_eq!(rec["罚款金额(万元)"], "0.020000");
    assert_eq!(rec["处罚依据"], "《财政违法行为处罚处分条例》第十六条");
    assert_eq!(rec["处罚机关统一社会信用代码"], AGENCY_CODE);
    assert_eq!(
        rec["处罚决定日期"],
        app.today().format("%Y/%m/%d").to_string()
    );
    assert_eq!(rec.as_object().unwrap().len(), 30, "every column: {rec}");
    let lic_rec = &got[1].body["record"];
    assert_eq!(lic_rec["行政相对人名称"], "桓仁县明达代理记账有限公司");
    assert_eq!(lic_rec["许可类别"], "认可");
    assert_eq!(lic_rec["许可编号"], "JZ2105220001");
    assert_eq!(lic_rec["当前状态"], "有效");
    assert_eq!(lic_rec.as_object().unwrap().len(), 28, "{lic_rec}");
    assert_eq!(got[2].body["record"]["XZXDR_MC"], "张三");
    // The withdrawal: the identifying fields and the reason.
    let w = &got[3].body;
    assert_eq!(w["reason"], "决定已被复议机关撤销");
    assert_eq!(w["record"]["XZXDR_MC"], "张三");
    assert_eq!(w["record"]["证件号码"], RESIDENT_ID);
    assert!(w["record"]["行政处罚决定书文号"].is_string(), "{w}");
    assert!(w["record"].get("违法事实").is_none(), "{w}");

    // The delivery log: newest first, all delivered at the first attempt.
    let log = deliveries(&app, &editor, "").await;
    assert_eq!(log.len(), 4, "{log:#?}");
    for (d, p) in log.iter().zip(got.iter().rev()) {
        assert_eq!(d["status"], "delivered", "{d}");
        assert_eq!(d["attempts"], 1);
        assert_eq!(d["last_status_code"], 200);
        assert_eq!(d["seq"], p.body["seq"]);
        assert_eq!(d["idempotency_key"], p.idempotency_key.as_str());
        assert!(d.get("payload").is_none(), "documents are not listed");
    }

    // The platform is down while a decision is published: retried, logged as failed attempts.
    platform.down.store(true, Ordering::SeqCst);
    let second = decided_case(&app, "李四", 10_000, false, false).await;
    publish_cited(&app, &second).await;
    wait_for("three refused attempts", || {
        platform.all().iter().filter(|p| p.answered == 503).count() >= 3
    })
    .await;
    let failed = deliveries(&app, &editor, "?status=failed").await;
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert_eq!(failed[0]["last_status_code"], 503);
    assert!(
        failed[0]["attempts"].as_i64().unwrap() >= 2,
        "{}",
        failed[0]
    );
    assert!(failed[0]["last_error"].as_str().unwrap().contains("503"));
    assert_eq!(platform.accepted().len(), 4);

    // Back up: the push arrives, exactly once.
    platform.down.store(false, Ordering::SeqCst);
    wait_for("the retried push", || platform.accepted().len() == 5).await;
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let got = platform.accepted();
    assert_eq!(got.len(), 5);
    assert_eq!(got[4].body["record"]["XZXDR_MC"], "李四");
    let refused = platform.all().iter().filter(|p| p.answered == 503).count();
    let key = got[4].idempotency_key.clone();
    assert!(platform
        .all()
        .iter()
        .filter(|p| p.answered == 503)
        .all(|p| p.idempotency_key == key));
    let log = deliveries(&app, &editor, "").await;
    assert_eq!(log[0]["status"], "delivered", "{}", log[0]);
    assert_eq!(
        log[0]["attempts"].as_i64().unwrap(),
        i64::try_from(refused).unwrap() + 1,
        "every attempt counted"
    );
    assert!(deliveries(&app, &editor, "?status=failed").await.is_empty());

    // A replay re-sends the chosen push with its idempotency key, as a new attempt.
    let chosen = log
        .iter()
        .find(|d| d["action"] == "publish" && d["template"] == "licence")
        .unwrap();
    let r = app
        .post(
            "/api/v1/exchange/credit/push/replay",
            Some(&editor),
            &json!({"delivery_id": chosen["id"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["queued"], 1);
    let chosen_key = chosen["idempotency_key"].as_str().unwrap().to_owned();
    wait_for("the replay", || platform.accepted().len() == 6).await;
    let got = platform.accepted();
    assert_eq!(got[5].idempotency_key, chosen_key);
    assert_eq!(got[5].body, got[1].body, "the same document again");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let log = deliveries(&app, &editor, "?status=delivered").await;
        if let Some(again) = log.iter().find(|d| d["id"] == chosen["id"]) {
            if again["attempts"] == 2 {
                break;
            }
        }
        assert!(Instant::now() < deadline, "the replay is not logged");
        actix_web::rt::time::sleep(Duration::from_millis(25)).await;
    }
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(platform.accepted().len(), 6, "one replay, one push");

    // Bad replays and other roles.
    app.post(
        "/api/v1/exchange/credit/push/replay",
        Some(&editor),
        &json!({}),
    )
    .await
    .problem(422, "validation_failed");
    app.post(
        "/api/v1/exchange/credit/push/replay",
        Some(&editor),
        &json!({"delivery_id": chosen["id"], "from_seq": 1}),
    )
    .await
    .problem(422, "validation_failed");
    app.post(
        "/api/v1/exchange/credit/push/replay",
        Some(&editor),
        &json!({"delivery_id": uuid::Uuid::new_v4()}),
    )
    .await
    .problem(404, "not_found");
    let officer = token(&app, "demo_officer").await;
    let r = app
        .get("/api/v1/exchange/credit/push/deliveries", Some(&officer))
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    // An admin of another agency sees none of it and cannot replay it.
    let admin = app.admin().await;
    let other = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "本溪市市场监督管理局", "short_name": "本市监"}),
        )
        .await;
    assert_eq!(other.status, 201, "{}", other.body);
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "other_admin", "display_name": "外机关", "password": "other-admin-pw-1",
                    "agency_id": other.body["id"], "roles": ["admin"]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let other_admin = app.login("other_admin", "other-admin-pw-1").await.0;
    assert!(deliveries(&app, &other_admin, "").await.is_empty());
    app.post(
        "/api/v1/exchange/credit/push/replay",
        Some(&other_admin),
        &json!({"delivery_id": chosen["id"]}),
    )
    .await
    .problem(404, "not_found");
    let r = app
        .post(
            "/api/v1/exchange/credit/push/replay",
            Some(&other_admin),
            &json!({"from_seq": 0}),
        )
        .await;
    assert_eq!(r.body["queued"], 0, "{}", r.body);
}
