//! The workbench (工作台): each role sees its own to-do items, counted as the lists they
//! summarise count them, and never another agency's.

use crate::disclosure::{decided_case, disclosure_of, ok_step};
use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use crate::review::{draft, ok, sanction, uid};
use chrono::Datelike;
use sanxiang_api_types::workbench::{DisclosureTask, Workbench};
use serde_json::{json, Value};
use std::collections::BTreeSet;

on_both_databases!(
    each_role_sees_its_items_and_counts_match_the_lists,
    another_agencys_items_never_appear,
);

async fn workbench(app: &TestApp, token: &str) -> Workbench {
    let r = app.get("/api/v1/workbench", Some(token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_value(r.body).unwrap()
}

async fn items(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let r = app.get(path, Some(token)).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

fn day(app: &TestApp, back: i64) -> String {
    (app.today() - chrono::Duration::days(back)).to_string()
}

/// A penalty case in the decision stage with a fine large enough to need a legal review
/// (行政处罚法 art. 58), its review requested by the handling officer.
async fn case_under_review(app: &TestApp, officer: &str) -> String {
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(officer),
            &json!({"kind": "penalty", "title": "大额罚款", "category": "财政",
                "party": {"kind": "organisation", "name": "某某有限公司"}, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mut c = r.body;
    let id = c["id"].as_str().unwrap().to_owned();
    c = ok(app, officer, &c, json!({"action": "file", "on": day(app, 10), "violation_on": day(app, 40), "discovered_on": day(app, 12), "grave_harm": false, "limitation_override": null})).await;
    c = ok(
        app,
        officer,
        &c,
        json!({"action": "complete", "on": day(app, 8)}),
    )
    .await;
    let big = 20_000_000;
    c = ok(
        app,
        officer,
        &c,
        json!({"action": "issue_notice", "served_on": day(app, 7), "proposed": sanction(big)}),
    )
    .await;
    c = ok(
        app,
        officer,
        &c,
        json!({"action": "waive_rights", "on": day(app, 6)}),
    )
    .await;
    assert_eq!(c["stage"], "decision", "{c}");
    let rec = app
        .post(&format!("/api/v1/cases/{id}/records"), Some(officer),
            &json!({"kind": "document", "document_type": "investigation_report", "title": "调查终结报告", "text": "……"}))
        .await;
    assert_eq!(rec.status, 201, "{}", rec.body);
    let materials = json!([{"record_id": rec.body["id"], "kind": "investigation_report"}]);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review"),
            Some(officer),
            &json!({"materials": materials, "draft": draft(big)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    id
}

/// A new penalty case of `officer_ids`, opened by `token` (not filed: filing needs two
/// certified officers, 行政处罚法 art. 42).
pub(crate) async fn open_case(
    app: &TestApp,
    token: &str,
    officer_ids: Value,
    title: &str,
) -> Value {
    let r = app
        .post(
            "/api/v1/cases",
            Some(token),
            &json!({"kind": "penalty", "title": title, "category": "财政",
                "party": {"kind": "organisation", "name": "某某商行"}, "officer_ids": officer_ids}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

/// The ids of the cases with an overdue statutory deadline in `/deadlines` (reviews,
/// disclosures and the annual report left out).
async fn overdue_case_ids(app: &TestApp, token: &str) -> BTreeSet<String> {
    items(app, token, "/api/v1/deadlines?status=overdue")
        .await
        .iter()
        .filter(|e| {
            !matches!(
                e["deadline"]["kind"].as_str(),
                Some("legal_review" | "disclosure" | "disclosure_withdrawal")
            )
        })
        .filter_map(|e| e["case_id"].as_str().map(str::to_owned))
        .collect()
}

async fn each_role_sees_its_items_and_counts_match_the_lists(app: TestApp) {
    let officer = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let officer2 = app.login("demo_officer2", DEMO_PASSWORD).await.0;
    let reviewer = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let editor = app.login("demo_editor", DEMO_PASSWORD).await.0;
    let auditor = app.login("demo_auditor", DEMO_PASSWORD).await.0;
    let admin = app.admin().await;
    let o1 = uid(&app, "demo_officer").await;
    let o2 = uid(&app, "demo_officer2").await;
    let reviewer_id = uid(&app, "demo_reviewer").await;

    // Two reviews: one assigned to the reviewer, one nobody has taken.
    let assigned = case_under_review(&app, &officer).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{assigned}/review/assignment"),
            Some(&reviewer),
            &json!({"reviewer_id": reviewer_id}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let unassigned = case_under_review(&app, &officer).await;
    // A case of the officer alone and one of the second officer alone.
    let mine_only = open_case(&app, &officer, json!([o1]), "本人承办").await;
    let theirs = open_case(&app, &officer2, json!([o2]), "他人承办").await;
    // Two decided cases: a draft to edit, and one submitted for approval.
    let to_edit = decided_case(&app, "张三", 15_000, false, false).await;
    let to_approve = decided_case(&app, "李四", 10_000, false, false).await;
    let d = disclosure_of(&app, &editor, &to_approve).await;
    ok_step(&app, &editor, &d, "submission", json!({})).await;
    // A certificate of the officer expiring in ten days.
    let until = (app.today() + chrono::Duration::days(10)).to_string();
    let r = app
        .post(
            &format!("/api/v1/officers/{o1}/certificates"),
            Some(&admin),
            &json!({"number": "2199990001", "issuer": "桓仁满族自治县人民政府", "valid_from": day(&app, 300),
                    "valid_until": until, "categories": ["财政"], "area": "桓仁满族自治县"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);

    // Today: the officer's open cases are theirs, with the case page's actions.
    let wb = workbench(&app, &officer).await;
    let cases = wb.cases.as_ref().expect("an officer has cases");
    let ids: BTreeSet<String> = cases.items.iter().map(|c| c.case_id.to_string()).collect();
    let listed: BTreeSet<String> = items(
        &app,
        &officer,
        &format!("/api/v1/cases?officer={o1}&limit=200"),
    )
    .await
    .iter()
    .filter(|c| c["archived"] == false)
    .map(|c| c["id"].as_str().unwrap().to_owned())
    .collect();
    assert_eq!(ids, listed);
    assert_eq!(cases.total as usize, listed.len());
    for id in [&assigned, &unassigned, mine_only["id"].as_str().unwrap()] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
    assert!(!ids.contains(theirs["id"].as_str().unwrap()));
    let one = cases
        .items
        .iter()
        .find(|c| c.case_id.to_string() == mine_only["id"].as_str().unwrap())
        .unwrap();
    let page = app
        .get(&format!("/api/v1/cases/{}", one.case_id), Some(&officer))
        .await
        .body;
    assert_eq!(json!(one.next_actions), page["allowed_actions"]);
    assert!(!one.next_actions.is_empty());
    let reviewed = cases
        .items
        .iter()
        .find(|c| c.case_id.to_string() == assigned)
        .unwrap();
    let reviewed_page = app
        .get(&format!("/api/v1/cases/{assigned}"), Some(&officer))
        .await
        .body;
    assert_eq!(
        json!(reviewed.next_actions),
        reviewed_page["allowed_actions"]
    );
    let deadline = reviewed
        .deadline
        .as_ref()
        .expect("a filed case has deadlines");
    assert!(!deadline.article.is_empty());
    // The officer's certificate; the officer reviews, edits and approves nothing.
    let certs = wb.certificates.as_ref().unwrap();
    assert_eq!(certs.total, 1, "{certs:?}");
    assert_eq!(certs.items[0].days_left, 10);
    assert!(certs.items[0].own);
    assert!(wb.reviews.is_none() && wb.disclosures.is_none() && wb.agency_overdue.is_none());
    assert!(wb.draws.is_some());
    // The case page knows whether a review exists, so it never asks for a missing one.
    assert_eq!(page["review_requested"], false);
    let page = app
        .get(&format!("/api/v1/cases/{assigned}"), Some(&officer))
        .await
        .body;
    assert_eq!(page["review_requested"], true);

    // The legal reviewer: the review assigned to them and the unassigned one.
    let wb = workbench(&app, &reviewer).await;
    let reviews = wb.reviews.as_ref().unwrap();
    let requested = items(&app, &reviewer, "/api/v1/review/queue?status=requested").await;
    let theirs_open: Vec<Value> = items(
        &app,
        &reviewer,
        &format!("/api/v1/review/queue?reviewer={reviewer_id}"),
    )
    .await
    .into_iter()
    .filter(|s| matches!(s["status"].as_str(), Some("assigned" | "resubmitted")))
    .collect();
    assert_eq!(reviews.unassigned as usize, requested.len());
    assert_eq!(reviews.mine as usize, theirs_open.len());
    assert_eq!((reviews.mine, reviews.unassigned), (1, 1));
    assert_eq!(reviews.items.len(), 2);
    let review_cases: BTreeSet<String> = reviews
        .items
        .iter()
        .map(|s| s.case_id.to_string())
        .collect();
    assert_eq!(
        review_cases,
        BTreeSet::from([assigned.clone(), unassigned.clone()])
    );
    assert!(reviews
        .items
        .iter()
        .all(|s| s.due_on.is_some() || s.reviewer.is_none()));
    assert!(wb.cases.is_none() && wb.disclosures.is_none());
    assert!(wb.certificates.as_ref().unwrap().items.is_empty());

    // The editor: the draft to edit; the approver: the one submitted.
    let wb = workbench(&app, &editor).await;
    let ds = wb.disclosures.as_ref().unwrap();
    let drafts = items(&app, &editor, "/api/v1/disclosures?status=draft").await;
    assert_eq!(ds.total as usize, drafts.len());
    assert_eq!(ds.total, 1);
    assert_eq!(ds.items[0].task, DisclosureTask::Edit);
    assert_eq!(
        ds.items[0].disclosure.case_id.to_string(),
        to_edit["id"].as_str().unwrap()
    );
    assert!(ds.items[0].task_due_on.is_some());
    assert!(ds.items[0].article.contains("118号"));
    assert!(wb.cases.is_none() && wb.reviews.is_none() && wb.certificates.is_none());

    let wb = workbench(&app, &approver).await;
    let ds = wb.disclosures.as_ref().unwrap();
    let pending = items(&app, &approver, "/api/v1/disclosures?status=pending_review").await;
    assert_eq!(ds.total as usize, pending.len());
    assert_eq!(ds.total, 1);
    assert_eq!(ds.items[0].task, DisclosureTask::Approve);
    assert_eq!(
        ds.items[0].disclosure.case_id.to_string(),
        to_approve["id"].as_str().unwrap()
    );
    // Approvers see the agency's expiring certificates.
    assert!(wb
        .certificates
        .as_ref()
        .unwrap()
        .items
        .iter()
        .any(|c| c.user_id.to_string() == o1 && !c.own));
    let overdue = wb.agency_overdue.unwrap();
    assert_eq!(
        overdue.cases as usize,
        overdue_case_ids(&app, &approver).await.len()
    );

    // An auditor has no to-do items.
    let wb = workbench(&app, &auditor).await;
    assert!(wb.cases.is_none() && wb.reviews.is_none() && wb.disclosures.is_none());
    assert!(wb.draws.is_none() && wb.certificates.is_none() && wb.agency_overdue.is_none());

    // A hundred days on, deadlines have passed: overdue first, and the approver's figures are
    // the lists' own.
    let later = app.today() + chrono::Duration::days(100);
    for year in app.today().year() + 1..=later.year() + 1 {
        app.load_plain_year(year).await;
    }
    app.set_today(later);
    let officer = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let approver = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let reviewer = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let editor = app.login("demo_editor", DEMO_PASSWORD).await.0;

    let wb = workbench(&app, &officer).await;
    let cases = wb.cases.as_ref().unwrap();
    let overdue_ids = overdue_case_ids(&app, &officer).await;
    let mine_overdue: BTreeSet<String> = cases
        .items
        .iter()
        .filter(|c| c.overdue)
        .map(|c| c.case_id.to_string())
        .collect();
    assert!(!mine_overdue.is_empty());
    assert_eq!(cases.overdue as usize, mine_overdue.len());
    let all_mine: BTreeSet<String> = cases.items.iter().map(|c| c.case_id.to_string()).collect();
    assert_eq!(
        mine_overdue,
        overdue_ids
            .intersection(&all_mine)
            .cloned()
            .collect::<BTreeSet<_>>()
    );
    // Overdue first, each with its overdue deadline and the article it cites.
    let first_fresh = cases
        .items
        .iter()
        .position(|c| !c.overdue)
        .unwrap_or(cases.items.len());
    assert!(cases.items[first_fresh..].iter().all(|c| !c.overdue));
    for c in &cases.items[..first_fresh] {
        let d = c.deadline.as_ref().unwrap();
        assert_eq!(
            d.status,
            sanxiang_api_types::cases::DeadlineState::Overdue,
            "{c:?}"
        );
        assert!(!d.article.is_empty() && d.due.is_some());
    }
    // The certificate has expired: no longer "expiring".
    assert!(wb.certificates.as_ref().unwrap().items.is_empty());

    let wb = workbench(&app, &reviewer).await;
    let reviews = wb.reviews.unwrap();
    let overdue_queue = items(&app, &reviewer, "/api/v1/review/queue?overdue=true").await;
    assert_eq!(reviews.overdue as usize, overdue_queue.len());
    assert!(reviews.overdue >= 1);
    assert!(reviews.items[0].overdue);

    let wb = workbench(&app, &editor).await;
    let ds = wb.disclosures.unwrap();
    assert_eq!(ds.overdue, 1);
    assert!(ds.items[0].task_overdue);

    let wb = workbench(&app, &approver).await;
    let overdue = wb.agency_overdue.unwrap();
    assert_eq!(
        overdue.cases as usize,
        overdue_case_ids(&app, &approver).await.len()
    );
    assert!(overdue.cases >= 1, "{overdue:?}");
    let overdue_disclosures = items(&app, &approver, "/api/v1/disclosures")
        .await
        .iter()
        .filter(|d| d["overdue"] == true)
        .count();
    assert_eq!(overdue.disclosures as usize, overdue_disclosures);
    assert_eq!(overdue.disclosures, 2);
    let stats = app.get("/api/v1/stats/review", Some(&approver)).await.body;
    assert_eq!(json!(overdue.reviews), stats["overdue"]);
    assert!(overdue.reviews >= 1);
}

async fn another_agencys_items_never_appear(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "乙机关", "short_name": "乙"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let agency_b = r.body["id"].as_str().unwrap().to_owned();
    for (name, roles) in [
        ("b_officer", json!(["officer"])),
        ("b_editor", json!(["disclosure_editor"])),
        ("b_approver", json!(["approver"])),
        ("b_reviewer", json!(["legal_reviewer"])),
    ] {
        let r = app
            .post(
                "/api/v1/users",
                Some(&admin),
                &json!({"username": name, "display_name": name, "password": DEMO_PASSWORD,
                        "agency_id": agency_b, "roles": roles}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let b_officer = app.login("b_officer", DEMO_PASSWORD).await.0;
    let bo = uid(&app, "b_officer").await;
    let b_case = open_case(&app, &b_officer, json!([bo]), "乙机关案件").await;
    let b_case = b_case["id"].as_str().unwrap().to_owned();

    // Agency A: a case under review, a filed case and a draft disclosure.
    let officer = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let o1 = uid(&app, "demo_officer").await;
    let a_review = case_under_review(&app, &officer).await;
    let a_case = open_case(&app, &officer, json!([o1]), "甲机关案件").await;
    let a_case = a_case["id"].as_str().unwrap().to_owned();
    let a_decided = decided_case(&app, "王五", 12_000, false, false).await;
    let a_decided = a_decided["id"].as_str().unwrap().to_owned();
    let a_ids = [a_review.as_str(), a_case.as_str(), a_decided.as_str()];

    // B's staff see B's case only; none of A's items.
    let wb = workbench(&app, &b_officer).await;
    let ids: Vec<String> = wb
        .cases
        .unwrap()
        .items
        .iter()
        .map(|c| c.case_id.to_string())
        .collect();
    assert_eq!(ids, vec![b_case.clone()]);
    for user in ["b_reviewer", "b_editor", "b_approver"] {
        let t = app.login(user, DEMO_PASSWORD).await.0;
        let wb = workbench(&app, &t).await;
        let text = serde_json::to_string(&wb).unwrap();
        for id in a_ids {
            assert!(!text.contains(id), "{user} sees {id}: {text}");
        }
        if let Some(r) = wb.reviews {
            assert!(r.items.is_empty());
        }
        if let Some(d) = wb.disclosures {
            assert!(d.items.is_empty());
        }
        if let Some(o) = wb.agency_overdue {
            assert_eq!((o.cases, o.disclosures, o.reviews), (0, 0, 0));
        }
    }
    // A's staff never see B's case.
    for user in [
        "demo_officer",
        "demo_reviewer",
        "demo_editor",
        "demo_approver",
    ] {
        let t = app.login(user, DEMO_PASSWORD).await.0;
        let text = serde_json::to_string(&workbench(&app, &t).await).unwrap();
        assert!(!text.contains(&b_case), "{user} sees B's case: {text}");
    }
    // A's reviewer sees A's review.
    let t = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let wb = workbench(&app, &t).await;
    assert!(wb
        .reviews
        .unwrap()
        .items
        .iter()
        .any(|s| s.case_id.to_string() == a_review));
}
