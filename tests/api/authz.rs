//! The authorization matrix: every `/api/v1` operation × every role × own and other agency.
//! Its table (`MATRIX`) is the documented access policy of the staff API; a change of policy is
//! a change of this table.
//!
//! Identities, in the order of each row's outcome string:
//!
//! | # | identity | who |
//! |---|---|---|
//! | 0 | `admin` | platform admin (agency A, may manage every agency) |
//! | 1 | `demo_officer` | officer of agency A, assigned to the case |
//! | 2 | `demo_officer2` | officer of agency A, not assigned to the case |
//! | 3 | `demo_reviewer` | legal reviewer of agency A |
//! | 4 | `demo_approver` | approver (机关负责人) of agency A |
//! | 5 | `demo_editor` | disclosure editor of agency A |
//! | 6 | `demo_auditor` | auditor of agency A |
//! | 7 | `b_admin` | admin of agency B (not the platform) |
//! | 8 | `b_officer` | officer of agency B |
//! | 9 | — | no token |
//!
//! Outcomes: `a` admitted (authorization passed: any answer but 401, 403 and 404 — the request
//! may still be refused as invalid), `f` 403 forbidden, `n` 404 (another agency's resource is
//! not there for the caller), `u` 401, `-` not tried. The fixtures (agency B, a case of agency A
//! assigned to `demo_officer` only, one record) are made first; bodies are `{}` unless a row
//! gives one, so most admitted writes end as 422 and change nothing.

use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::{json, Value};

on_both_databases!(authorization_matrix, grants_stay_within_the_admins_agencies);

const IDENTITIES: [&str; 10] = [
    "admin",
    "demo_officer",
    "demo_officer2",
    "demo_reviewer",
    "demo_approver",
    "demo_editor",
    "demo_auditor",
    "b_admin",
    "b_officer",
    "",
];

/// (method, path, body or "" for `{}`/none, outcomes per identity, why).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    ("GET", "/api/v1/agencies", "", "aaaaaaaaau", "agencies: every user sees their own; admins change them; platform admins create"),
    ("POST", "/api/v1/agencies", "", "affffffafu", "agencies: every user sees their own; admins change them; platform admins create"),
    ("PATCH", "/api/v1/agencies/{agency}", "", "affffffnfu", "agencies: every user sees their own; admins change them; platform admins create"),
    ("GET", "/api/v1/audit/reads", "", "affffffafu", "audit reads: admins"),
    ("POST", "/api/v1/auth/login", "", "aaaaaaaaaa", "public"),
    ("POST", "/api/v1/auth/logout", "", "aaaaaaaaaa", "public"),
    ("POST", "/api/v1/auth/refresh", "", "aaaaaaaaaa", "public"),
    ("POST", "/api/v1/blobs", "", "aaaaaffaau", "evidence files: case workers upload; read by content address within the agency"),
    ("GET", "/api/v1/blobs/{sha}", "", "nnnnnnnnnu", "evidence files: case workers upload; read by content address within the agency"),
    ("GET", "/api/v1/calendar", "", "aaaaaaaaau", "calendar: read by all; changed by platform admins"),
    ("GET", "/api/v1/calendar/{year}", "", "aaaaaaaaau", "calendar: read by all; changed by platform admins"),
    ("PUT", "/api/v1/calendar/{year}", "", "affffffafu", "calendar: read by all; changed by platform admins"),
    ("GET", "/api/v1/cases", "", "aaaaaaaaau", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("POST", "/api/v1/cases", "", "faafffffau", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("GET", "/api/v1/cases/{case}", "", "aaaaaaannu", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("GET", "/api/v1/cases/{case}/completeness", "", "aaaaaaannu", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("GET", "/api/v1/cases/{case}/deliberation", "", "aaaaaffnnu", "collective deliberation: recorded by approvers and officers (art. 57)"),
    ("POST", "/api/v1/cases/{case}/deliberation", "", "faafafffau", "collective deliberation: recorded by approvers and officers (art. 57)"),
    ("GET", "/api/v1/cases/{case}/export", "", "aaaaaaannu", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("POST", "/api/v1/cases/{case}/periods", "", "faaaafffau", "deadline extensions and suspensions: case workers (duty per case: see the rows with bodies)"),
    ("POST", "/api/v1/cases/{case}/records", "", "faaaafffau", "records: case workers (duty per case: see the rows with bodies)"),
    ("POST", "/api/v1/cases/{case}/recusals", "", "faaaafffau", "recusals: case workers; the party's request is decided by the agency head (art. 43)"),
    ("GET", "/api/v1/cases/{case}/review", "", "nnnnnffnnu", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("POST", "/api/v1/cases/{case}/review", "", "faafffffau", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("POST", "/api/v1/cases/{case}/review/adviser-opinion", "", "fffafffffu", "legal review: officers submit, reviewers review, approvers assign (art. 58)"),
    ("POST", "/api/v1/cases/{case}/review/answers", "", "fffafffffu", "legal review: officers submit, reviewers review, approvers assign (art. 58)"),
    ("POST", "/api/v1/cases/{case}/review/assignment", "", "fffaaffffu", "legal review: officers submit, reviewers review, approvers assign (art. 58)"),
    ("POST", "/api/v1/cases/{case}/review/extension", "", "fffaaffffu", "legal review: officers submit, reviewers review, approvers assign (art. 58)"),
    ("POST", "/api/v1/cases/{case}/review/opinion", "", "fffafffffu", "legal review: officers submit, reviewers review, approvers assign (art. 58)"),
    ("POST", "/api/v1/cases/{case}/review/resubmissions", "", "faafffffau", "legal review: officers submit, reviewers review, approvers assign (art. 58)"),
    ("GET", "/api/v1/cases/{case}/timeline", "", "aaaaaaannu", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("POST", "/api/v1/cases/{case}/transitions", "", "faaaafffau", "transitions: case workers (duty per case: see the rows with bodies)"),
    ("PATCH", "/api/v1/certificates/{rand}", "", "nffffffnfu", "officers and certificates: read by all, changed by admins"),
    ("GET", "/api/v1/deadlines", "", "aaaaaaaaau", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("GET", "/api/v1/disclosures", "", "aaafaaaaau", "disclosure: editors, approvers and admins"),
    ("GET", "/api/v1/exchange/credit?kind=penalty", "", "affffafafu", "credit export (双公示): disclosure editors and admins, each of their own agency"),
    ("GET", "/api/v1/disclosures/{rand}", "", "nnnfnnnnnu", "disclosure: editors, approvers and admins"),
    ("PATCH", "/api/v1/disclosures/{rand}", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/disclosures/{rand}/correction", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/disclosures/{rand}/early-removal", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/disclosures/{rand}/review", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/disclosures/{rand}/submission", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/disclosures/{rand}/withdrawal", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/disclosures/{rand}/withdrawal-requirement", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/disclosures/{rand}/withholding", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("GET", "/api/v1/health", "", "aaaaaaaaaa", "public"),
    ("GET", "/api/v1/inspections/conflicts", "", "aaafafaaau", "random inspections: officers, approvers, admins"),
    ("POST", "/api/v1/inspections/conflicts", "", "aaafaffaau", "random inspections: officers, approvers, admins"),
    ("GET", "/api/v1/inspections/plans", "", "aaafafaaau", "random inspections: officers, approvers, admins"),
    ("POST", "/api/v1/inspections/plans", "", "aaafaffaau", "random inspections: officers, approvers, admins"),
    ("GET", "/api/v1/inspections/plans/{rand}", "", "nnnfnfnnnu", "random inspections: officers, approvers, admins"),
    ("POST", "/api/v1/inspections/plans/{rand}/cancel", "", "aaafaffaau", "random inspections: officers, approvers, admins"),
    ("POST", "/api/v1/inspections/plans/{rand}/draw", "", "nnnfnffnnu", "random inspections: officers, approvers, admins"),
    ("POST", "/api/v1/inspections/plans/{rand}/fix", "", "nnnfnffnnu", "random inspections: officers, approvers, admins"),
    ("GET", "/api/v1/inspections/plans/{rand}/progress", "", "nnnfnfnnnu", "random inspections: officers, approvers, admins"),
    ("POST", "/api/v1/inspections/plans/{rand}/tasks", "", "nnnfnffnnu", "random inspections: officers, approvers, admins"),
    ("GET", "/api/v1/inspections/preview", "", "aaafafaaau", "random inspections: officers, approvers, admins"),
    ("GET", "/api/v1/inspections/targets", "", "aaafafaaau", "random inspections: officers, approvers, admins"),
    ("POST", "/api/v1/inspections/targets", "", "aaafaffaau", "random inspections: officers, approvers, admins"),
    ("POST", "/api/v1/inspections/targets/import", "", "aaafaffaau", "random inspections: officers, approvers, admins"),
    ("PUT", "/api/v1/inspections/targets/{rand}", "", "aaafaffaau", "random inspections: officers, approvers, admins"),
    ("GET", "/api/v1/log/checkpoints", "", "aaaaaaaaau", "record log: every signed-in user"),
    ("GET", "/api/v1/log/entries", "", "aaaaaaaaau", "record log: every signed-in user"),
    ("GET", "/api/v1/log/proof/consistency", "", "aaaaaaaaau", "record log: every signed-in user"),
    ("GET", "/api/v1/log/proof/inclusion", "", "aaaaaaaaau", "record log: every signed-in user"),
    ("GET", "/api/v1/me", "", "aaaaaaaaau", "own profile"),
    ("GET", "/api/v1/officers", "", "aaaaaaaaau", "officers and certificates: read by all, changed by admins"),
    ("PUT", "/api/v1/officers/{user}", "", "affffffafu", "officers and certificates: read by all, changed by admins"),
    ("POST", "/api/v1/officers/{user}/certificates", "", "affffffafu", "officers and certificates: read by all, changed by admins"),
    ("GET", "/api/v1/portal/api-keys", "", "affffffafu", "portal keys and webhooks: admins of the agency"),
    ("POST", "/api/v1/portal/api-keys", "", "affffffafu", "portal keys and webhooks: admins of the agency"),
    ("POST", "/api/v1/portal/api-keys/{rand}/revoke", "", "nffffffnfu", "portal keys and webhooks: admins of the agency"),
    ("GET", "/api/v1/portal/deliveries/{rand}", "", "nffffffnfu", "portal keys and webhooks: admins of the agency"),
    ("POST", "/api/v1/portal/deliveries/{rand}/replay", "", "nffffffnfu", "portal keys and webhooks: admins of the agency"),
    ("GET", "/api/v1/portal/webhooks", "", "affffffafu", "portal keys and webhooks: admins of the agency"),
    ("POST", "/api/v1/portal/webhooks", "", "affffffafu", "portal keys and webhooks: admins of the agency"),
    ("PATCH", "/api/v1/portal/webhooks/{rand}", "", "nffffffnfu", "portal keys and webhooks: admins of the agency"),
    ("GET", "/api/v1/portal/webhooks/{rand}/deliveries", "", "nffffffnfu", "portal keys and webhooks: admins of the agency"),
    ("GET", "/api/v1/ready", "", "aaaaaaaaaa", "public"),
    ("GET", "/api/v1/records/{record}/proof", "", "aaaaaaannu", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("GET", "/api/v1/registers/agency_profile", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/registers/agency_profile", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("GET", "/api/v1/registers/agency_profile/{rand}", "", "nfffnnfnfu", "disclosure: editors, approvers and admins"),
    ("PUT", "/api/v1/registers/agency_profile/{rand}/draft", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/registers/agency_profile/{rand}/versions/1/review", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/registers/agency_profile/{rand}/versions/1/submit", "", "nfffnnfnfu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/registers/agency_profile/{rand}/withdraw", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("GET", "/api/v1/reports/annual/{year}", "", "afffaafafu", "disclosure: editors, approvers and admins"),
    ("POST", "/api/v1/reports/annual/{year}/publish", "", "afffaffafu", "disclosure: editors, approvers and admins"),
    ("GET", "/api/v1/review/catalogue", "", "aaaaaffaau", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("POST", "/api/v1/review/catalogue", "", "afffaffafu", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("GET", "/api/v1/review/catalogue/1", "", "aaaaaffaau", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("GET", "/api/v1/review/deadlines", "", "aaaaaffaau", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("GET", "/api/v1/review/discretion-standards", "", "aaaaaffaau", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("POST", "/api/v1/review/discretion-standards", "", "afffaffafu", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("GET", "/api/v1/review/discretion-standards/X1", "", "nnnnnffnnu", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("GET", "/api/v1/review/discretion-standards/X1/1", "", "nnnnnffnnu", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("GET", "/api/v1/review/queue", "", "aaaaaffaau", "review catalogue and discretion standards: read by case workers and admins, written by admins and approvers"),
    ("GET", "/api/v1/stats/cases", "", "aaaaaaaaau", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("GET", "/api/v1/stats/review", "", "aaaaaaaaau", "case files: read by every user of the agency and granted auditors; another agency's case is not there"),
    ("GET", "/api/v1/workbench", "", "aaaaaaaaau", "workbench: every user sees their own to-do items, of their own agency"),
    ("GET", "/api/v1/supervision/dashboard", "", "fffffffffu", "supervision: supervisors only (none among these identities; see tests/api/supervision.rs)"),
    ("GET", "/api/v1/supervision/dashboard.csv", "", "fffffffffu", "supervision: supervisors only (none among these identities; see tests/api/supervision.rs)"),
    ("GET", "/api/v1/users", "", "affffffafu", "users: admins of the agency (platform admins: every agency)"),
    ("POST", "/api/v1/users", "", "affffffafu", "users: admins of the agency (platform admins: every agency)"),
    ("PATCH", "/api/v1/users/{user}", "", "affffffnfu", "users: admins of the agency (platform admins: every agency)"),
    // Finding rows, with bodies that pass validation, so the answer is the policy's own.
    // An agency admin grants only their own agency (auditor_agency_ids), at creation…
    ("POST", "/api/v1/users", r#"{"username": "spy{n}", "display_name": "x", "password": "spy-password-1", "roles": ["auditor"], "auditor_agency_ids": ["{agency}"]}"#, "affffffffu", "grants: only agencies the admin administers"),
    // …and on a change of their own account (the platform admin is not tried: it would succeed).
    ("PATCH", "/api/v1/users/{b_admin}", r#"{"roles": ["admin", "auditor"], "auditor_agency_ids": ["{agency}"]}"#, "-ffffffffu", "grants: an agency admin cannot grant itself another agency"),
    // …and the same for supervisors (执法监督), who hold the same grants.
    ("POST", "/api/v1/users", r#"{"username": "sup{n}", "display_name": "x", "password": "sup-password-1", "roles": ["supervisor"], "auditor_agency_ids": ["{agency}"]}"#, "affffffffu", "grants: only agencies the admin administers"),
    ("PATCH", "/api/v1/users/{b_admin}", r#"{"roles": ["admin", "supervisor"], "auditor_agency_ids": ["{agency}"]}"#, "-ffffffffu", "grants: an agency admin cannot grant itself another agency"),
    // Separation of duties (sanxiang_domain::case::duty): the handling officer records…
    ("POST", "/api/v1/cases/{case}/records", r#"{"kind": "note", "title": "备注", "text": "矩阵"}"#, "faffffffnu", "only the case's handling officers add to its file (art. 42, 58)"),
    // …the agency head decides (art. 57): not the officer, not a reviewer…
    ("POST", "/api/v1/cases/{case}/transitions", r#"{"expected_version": {version}, "command": {"action": "decide", "on": "2026-12-01", "outcome": {"type": "penalty", "sanction": {"warning": true, "fine_fen": 0, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []}}}}"#, "ffffafffnu", "the agency head decides in the ordinary procedure (art. 57)"),
    // …the deliberation is recorded by the head or the case's own officer (art. 57)…
    ("POST", "/api/v1/cases/{case}/deliberation", r#"{"held_on": "2026-12-01", "attendee_ids": ["{agency}"], "conclusion": "矩阵"}"#, "faffafffnu", "the agency head or the case's handling officer records the deliberation (art. 57)"),
    // …and other steps are the handling officer's only.
    ("POST", "/api/v1/cases/{case}/transitions", r#"{"expected_version": {version}, "command": {"action": "complete", "on": "2026-12-01"}}"#, "faffffffnu", "the case's handling officers act (art. 42)"),
    // …and record extensions and suspensions of its deadlines (art. 42, 60).
    ("POST", "/api/v1/cases/{case}/periods", r#"{"kind": "suspension_end", "deadline": "decision", "on": "2026-12-01"}"#, "faffffffnu", "the case's handling officers record period adjustments (art. 42, 60)"),
];

struct Fixture {
    tokens: Vec<Option<String>>,
    vars: Vec<(&'static str, String)>,
}

async fn uid(app: &TestApp, username: &str) -> String {
    sanxiang_persistence::accounts::find_credentials(&app.db, username)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
        .to_string()
}

async fn fixture(app: &TestApp) -> Fixture {
    let admin = app.admin().await;
    let agency_a = sanxiang_persistence::accounts::find_credentials(&app.db, "demo_officer")
        .await
        .unwrap()
        .unwrap()
        .0
        .agency_id
        .to_string();
    let r = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "乙机关", "short_name": "乙"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let agency_b = r.body["id"].as_str().unwrap().to_owned();
    for (name, role) in [("b_admin", "admin"), ("b_officer", "officer")] {
        let r = app
            .post(
                "/api/v1/users",
                Some(&admin),
                &json!({"username": name, "display_name": name, "password": DEMO_PASSWORD,
                        "agency_id": agency_b, "roles": [role]}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let officer = uid(app, "demo_officer").await;
    let t = app.login("demo_officer", DEMO_PASSWORD).await.0;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({
                "kind": "penalty",
                "title": "权限矩阵案件",
                "category": "财政",
                "party": {"kind": "organisation", "name": "某公司", "id_type": "credit_code",
                          "id_number": "91350100M000100Y43", "address": "某路1号", "contact": "024-00000000"},
                "officer_ids": [officer]
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let case = r.body["id"].as_str().unwrap().to_owned();
    let version = r.body["version"].to_string();
    let r = app
        .post(
            &format!("/api/v1/cases/{case}/records"),
            Some(&t),
            &json!({"kind": "note", "title": "备注", "text": "矩阵"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let record = r.body["id"].as_str().unwrap().to_owned();
    let b_admin = uid(app, "b_admin").await;
    let mut tokens = Vec::new();
    for name in IDENTITIES {
        tokens.push(if name.is_empty() {
            None
        } else if name == "admin" {
            Some(admin.clone())
        } else {
            Some(app.login(name, DEMO_PASSWORD).await.0)
        });
    }
    Fixture {
        tokens,
        vars: vec![
            ("{agency}", agency_a),
            ("{agency_b}", agency_b),
            ("{case}", case),
            ("{version}", version),
            ("{record}", record),
            ("{user}", officer),
            ("{b_admin}", b_admin),
            ("{rand}", uuid::Uuid::new_v4().to_string()),
            ("{sha}", "ab".repeat(32)),
            ("{year}", "2026".into()),
        ],
    }
}

fn fill(s: &str, vars: &[(&str, String)], n: usize) -> String {
    let mut out = s.replace("{n}", &n.to_string());
    for (k, v) in vars {
        out = out.replace(k, v);
    }
    out
}

fn outcome(status: u16) -> char {
    match status {
        401 => 'u',
        403 => 'f',
        404 => 'n',
        _ => 'a',
    }
}

async fn authorization_matrix(app: TestApp) {
    let fx = fixture(&app).await;
    let mut wrong = Vec::new();
    let mut actual_table = String::new();
    let mut n = 0;
    for (method, path, body, expected, why) in MATRIX {
        assert_eq!(
            expected.chars().count(),
            IDENTITIES.len(),
            "{method} {path}: one outcome per identity"
        );
        let mut actual = String::new();
        for (i, want) in expected.chars().enumerate() {
            if want == '-' {
                actual.push('-');
                continue;
            }
            n += 1;
            let token = fx.tokens[i].as_deref();
            let url = fill(path, &fx.vars, n);
            let r = if *method == "GET" {
                app.get(&url, token).await
            } else {
                let b: Value = if body.is_empty() {
                    json!({})
                } else {
                    serde_json::from_str(&fill(body, &fx.vars, n)).unwrap()
                };
                app.send_json(method, &url, token, &b).await
            };
            let got = outcome(r.status.as_u16());
            if want != got {
                wrong.push(format!(
                    "  {method} {url} as {}: {} {}",
                    IDENTITIES[i],
                    r.status,
                    String::from_utf8_lossy(&r.raw)
                        .chars()
                        .take(200)
                        .collect::<String>()
                ));
            }
            if r.status.as_u16() >= 500 {
                wrong.push(format!(
                    "{method} {path} as {}: {} {}",
                    IDENTITIES[i],
                    r.status,
                    String::from_utf8_lossy(&r.raw)
                ));
            }
            actual.push(got);
        }
        let shown: String = expected
            .chars()
            .zip(actual.chars())
            .map(|(w, a)| if w == '-' { '-' } else { a })
            .collect();
        if shown != *expected {
            wrong.push(format!(
                "{method} {path}: expected {expected}, got {shown} ({why})"
            ));
        }
        actual_table.push_str(&format!(
            "    (\"{method}\", \"{path}\", {body:?}, \"{shown}\", {why:?}),\n"
        ));
    }
    assert!(
        wrong.is_empty(),
        "the access policy differs:\n{}\n\nactual table:\n{actual_table}",
        wrong.join("\n")
    );
}

/// 行政处罚法 and the separation of agencies: an agency admin can grant an auditor, or
/// themselves, only their own agency; a platform admin any agency.
async fn grants_stay_within_the_admins_agencies(app: TestApp) {
    let fx = fixture(&app).await;
    let var = |k: &str| {
        fx.vars
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let (agency_a, case) = (var("{agency}"), var("{case}"));
    let b_admin = fx.tokens[7].clone().unwrap();
    let admin = fx.tokens[0].clone().unwrap();
    // B's admin makes an auditor of agency A: refused, and no user is created.
    app.post(
        "/api/v1/users",
        Some(&b_admin),
        &json!({"username": "b_spy", "display_name": "间谍", "password": "b-spy-password",
                "roles": ["auditor"], "auditor_agency_ids": [agency_a]}),
    )
    .await
    .problem(403, "forbidden");
    app.login_resp("b_spy", "b-spy-password")
        .await
        .problem(401, "invalid_credentials");
    // …nor grants itself agency A.
    let me = var("{b_admin}");
    app.patch(
        &format!("/api/v1/users/{me}"),
        Some(&b_admin),
        &json!({"roles": ["admin", "auditor"], "auditor_agency_ids": [agency_a]}),
    )
    .await
    .problem(403, "forbidden");
    let b_token = app.login("b_admin", DEMO_PASSWORD).await.0;
    app.get(&format!("/api/v1/cases/{case}"), Some(&b_token))
        .await
        .problem(404, "not_found");
    // B's admin may make an auditor of B; the platform admin may grant agency A.
    let agency_b = var("{agency_b}");
    let r = app
        .post(
            "/api/v1/users",
            Some(&b_admin),
            &json!({"username": "b_auditor", "display_name": "乙审计", "password": "b-aud-password",
                    "roles": ["auditor"], "auditor_agency_ids": [agency_b]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "county_auditor", "display_name": "县审计", "password": "c-aud-password",
                    "agency_id": agency_b, "roles": ["auditor"], "auditor_agency_ids": [agency_a]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let aud = app.login("county_auditor", "c-aud-password").await.0;
    assert_eq!(
        app.get(&format!("/api/v1/cases/{case}"), Some(&aud))
            .await
            .status,
        200
    );
    // B's admin renames that auditor: the grant it did not give stays, and is not refused.
    let aud_id = uid(&app, "county_auditor").await;
    let r = app
        .patch(
            &format!("/api/v1/users/{aud_id}"),
            Some(&b_admin),
            &json!({"display_name": "县审计员"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}
