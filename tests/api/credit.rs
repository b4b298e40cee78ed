//! The national 双公示 templates: a penalty and a licence decision published and found, every
//! required column in template order, in the CSV and XLSX export for the provincial credit
//! platform; an organisation without 法定代表人 refused at publication naming the field; the
//! identity number of a natural person in the export and in no public answer.

use crate::disclosure::{decided_case, disclosure_of, ok_step, publish, token, uid};

/// The editor cites the legal basis (处罚依据, which the template requires and a decision on
/// the spot may lack), then a second person publishes.
pub(crate) async fn publish_cited(app: &TestApp, case: &Value) -> Value {
    let editor = token(app, "demo_editor").await;
    let d = disclosure_of(app, &editor, case).await;
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{}", d["id"].as_str().unwrap()),
            Some(&editor),
            &json!({"expected_version": d["version"],
                    "legal_basis": ["《财政违法行为处罚处分条例》第十六条"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let approver = token(app, "demo_approver").await;
    let d = ok_step(app, &editor, &r.body, "submission", json!({})).await;
    let d = ok_step(app, &approver, &d, "review", json!({"approve": true})).await;
    assert_eq!(d["status"], "published", "{d}");
    d
}
use crate::helpers::TestApp;
use crate::on_both_databases;
use sanxiang_domain::disclosure::credit::{Requirement, LICENCE_TEMPLATE, PENALTY_TEMPLATE};
use serde_json::{json, Value};

on_both_databases!(
    penalty_and_licence_reach_the_credit_export,
    an_organisation_without_legal_representative_is_refused,
    the_credit_export_is_staff_only_and_agency_isolated,
);

pub(crate) const RESIDENT_ID: &str = "11010519491231002X";
const CREDIT_CODE: &str = "91350100M000100Y43";
pub(crate) const AGENCY_CODE: &str = "11210522MB0000001C";

fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

fn days_ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}

/// Gives the agencies a credit code (the agency register has no API to change it yet).
pub(crate) async fn agency_credit_code(app: &TestApp) {
    use sea_orm::ConnectionTrait;
    let conn = app.db.connection();
    let stmt = match app.backend {
        crate::helpers::Backend::Sqlite => "UPDATE agencies SET credit_code = ?",
        crate::helpers::Backend::Postgres => "UPDATE agencies SET credit_code = $1",
    };
    conn.execute(sea_orm::Statement::from_sql_and_values(
        conn.get_database_backend(),
        stmt,
        vec![AGENCY_CODE.into()],
    ))
    .await
    .unwrap();
}

async fn act(app: &TestApp, t: &str, c: &Value, command: Value) -> Value {
    let r = app
        .post(
            &format!("/api/v1/cases/{}/transitions", c["id"].as_str().unwrap()),
            Some(t),
            &json!({"expected_version": c["version"], "command": command}),
        )
        .await;
    assert_eq!(r.status, 200, "{command}: {}", r.body);
    r.body
}

/// An organisation's penalty decided on the spot (行政处罚法 art. 51: up to 3,000 yuan).
async fn organisation_case(app: &TestApp, legal_representative: Option<&str>) -> Value {
    let t = token(app, "demo_officer").await;
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let mut party = json!({"kind": "organisation", "name": "桓仁某某商贸有限公司",
        "id_type": "credit_code", "id_number": CREDIT_CODE, "address": "桓仁县某路1号",
        "codes": {"organisation_code": "M000100Y4"}});
    if let Some(l) = legal_representative {
        party["legal_representative"] = json!(l);
    }
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "penalty", "procedure": "simplified", "title": "未按规定使用财政票据",
                    "category": "财政票据", "party": party, "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    act(
        app,
        &t,
        &r.body,
        json!({"action": "decide", "on": today().to_string(), "outcome": {"type": "penalty",
            "sanction": {"warning": true, "fine_fen": 250_000, "confiscation_fen": 0,
                "licence_suspension": false, "licence_revocation": false, "other": []}}}),
    )
    .await
}

/// A licence granted to an organisation, with what it grants.
pub(crate) async fn licence_case(app: &TestApp) -> Value {
    let t = token(app, "demo_officer").await;
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(&t),
            &json!({"kind": "licence", "title": "代理记账资格申请", "category": "代理记账",
                "party": {"kind": "organisation", "name": "桓仁县明达代理记账有限公司",
                    "id_type": "credit_code", "id_number": CREDIT_CODE,
                    "legal_representative": "周会计"},
                "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let c = act(
        app,
        &t,
        &r.body,
        json!({"action": "complete", "on": days_ago(3)}),
    )
    .await;
    let c = act(app, &t, &c, json!({"action": "accept", "on": days_ago(2)})).await;
    let c = act(
        app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(1)}),
    )
    .await;
    act(
        app,
        &t,
        &c,
        json!({"action": "decide_licence", "on": days_ago(1), "granted": true, "terms": {
            "document_name": "准予行政许可决定书", "category": "recognition",
            "certificate_name": "代理记账许可证书", "certificate_number": "JZ2105220001",
            "content": "准予取得代理记账资格", "valid_from": days_ago(1), "valid_until": "2099-12-31"}}),
    )
    .await
}

async fn export(app: &TestApp, t: &str, kind: &str, format: &str) -> crate::helpers::Resp {
    app.get(
        &format!(
            "/api/v1/exchange/credit?kind={kind}&from={}&to={}&format={format}",
            days_ago(30),
            today()
        ),
        Some(t),
    )
    .await
}

fn parse_csv(raw: &[u8]) -> Vec<Vec<String>> {
    assert!(raw.starts_with(b"\xEF\xBB\xBF"), "no UTF-8 BOM");
    let text = std::str::from_utf8(&raw[3..]).unwrap();
    // A small reader for the test: the server writes with the `csv` crate; quoted cells hold
    // no line breaks here.
    text.lines()
        .map(|line| {
            let mut cells = Vec::new();
            let mut cur = String::new();
            let mut quoted = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        cur.push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(std::mem::take(&mut cur)),
                    c => cur.push(c),
                }
            }
            cells.push(cur);
            cells
        })
        .collect()
}

fn parse_xlsx(raw: &[u8], sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(raw.to_vec())).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// Every column the template requires for this row is filled; the header is the template's.
fn assert_template(
    table: &[Vec<String>],
    template: &[sanxiang_domain::disclosure::credit::TemplateField],
    organisation: bool,
) {
    let header: Vec<&str> = template.iter().map(|f| f.column).collect();
    assert_eq!(table[0], header, "header in template order");
    assert_eq!(table.len(), 2, "{table:?}");
    let row = &table[1];
    assert_eq!(row.len(), template.len());
    for (f, v) in template.iter().zip(row) {
        let required = match f.requirement {
            Requirement::Always => true,
            Requirement::Organisations => organisation,
            Requirement::NaturalPersons => !organisation,
            Requirement::WhenFine => true,
            _ => false,
        };
        if required {
            assert!(
                !v.trim().is_empty(),
                "{} ({}) empty: {row:?}",
                f.column,
                f.id
            );
        }
    }
}

fn cell<'a>(table: &'a [Vec<String>], column: &str) -> &'a str {
    let i = table[0].iter().position(|c| c == column).unwrap();
    &table[1][i]
}

async fn penalty_and_licence_reach_the_credit_export(app: TestApp) {
    agency_credit_code(&app).await;
    let editor = token(&app, "demo_editor").await;
    // A natural person's penalty: the export reports the resident id; the public never sees it.
    let person = decided_case(&app, "张三", 20_000, false, false).await;
    publish_cited(&app, &person).await;
    let org = organisation_case(&app, Some("孙经理")).await;
    let published = publish_cited(&app, &org).await;
    let lic = licence_case(&app).await;
    let lic_published = publish(&app, &lic).await;

    // The public entry carries the template's public fields.
    let id = published["id"].as_str().unwrap();
    let p = app
        .get(&format!("/api/public/v1/decisions/{id}"), None)
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(p.body["party_type"], "legal_entity");
    assert_eq!(p.body["legal_representative"], "孙经理");
    assert_eq!(p.body["penalty_kinds"], json!(["warning", "fine"]));
    assert_eq!(p.body["party_codes"]["organisation_code"], "M000100Y4");
    assert_eq!(p.body["data_source_credit_code"], AGENCY_CODE);
    assert_eq!(p.body["fine_wan_yuan"], "0.25");
    assert!(p.body["penalty_valid_until"].is_string());
    let lid = lic_published["id"].as_str().unwrap();
    let l = app
        .get(&format!("/api/public/v1/decisions/{lid}"), None)
        .await;
    assert_eq!(l.status, 200, "{}", l.body);
    assert_eq!(l.body["licence"]["category"], "recognition");
    assert_eq!(l.body["licence"]["certificate_number"], "JZ2105220001");

    // CSV and XLSX: the penalty template with both penalties, in decision order.
    let csv = export(&app, &editor, "penalty", "csv").await;
    assert_eq!(csv.status, 200, "{}", String::from_utf8_lossy(&csv.raw));
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    let xlsx = export(&app, &editor, "penalty", "xlsx").await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.content_type.contains("spreadsheetml"));
    for table in [parse_csv(&csv.raw), parse_xlsx(&xlsx.raw, "行政处罚信息")] {
        assert_eq!(table.len(), 3, "{table:?}");
        let header: Vec<&str> = PENALTY_TEMPLATE.iter().map(|f| f.column).collect();
        assert_eq!(table[0], header);
        let person_row = table.iter().find(|r| r[0] == "张三").unwrap();
        let org_row = table
            .iter()
            .find(|r| r[0] == "桓仁某某商贸有限公司")
            .unwrap();
        assert_template(
            &[table[0].clone(), person_row.clone()],
            &PENALTY_TEMPLATE,
            false,
        );
        assert_template(
            &[table[0].clone(), org_row.clone()],
            &PENALTY_TEMPLATE,
            true,
        );
        let person_t = [table[0].clone(), person_row.clone()];
        assert_eq!(cell(&person_t, "证件类型"), "身份证");
        assert_eq!(cell(&person_t, "证件号码"), RESIDENT_ID);
        assert_eq!(cell(&person_t, "行政相对人类别"), "自然人");
        assert_eq!(cell(&person_t, "罚款金额(万元)"), "0.020000");
        let org_t = [table[0].clone(), org_row.clone()];
        assert_eq!(cell(&org_t, "法定代表人"), "孙经理");
        assert_eq!(cell(&org_t, "证件号码"), "");
        assert_eq!(
            cell(&org_t, "行政相对人代码_1(统一社会信用代码)"),
            CREDIT_CODE
        );
        assert_eq!(cell(&org_t, "罚款金额(万元)"), "0.250000");
        assert_eq!(cell(&org_t, "处罚类别"), "警告;罚款");
        assert_eq!(
            cell(&org_t, "处罚依据"),
            "《财政违法行为处罚处分条例》第十六条"
        );
        assert_eq!(cell(&org_t, "处罚机关统一社会信用代码"), AGENCY_CODE);
        assert_eq!(
            cell(&org_t, "处罚决定日期"),
            today().format("%Y/%m/%d").to_string()
        );
    }

    // The licence template.
    let csv = export(&app, &editor, "licence", "csv").await;
    assert_eq!(csv.status, 200);
    let xlsx = export(&app, &editor, "licence", "xlsx").await;
    assert_eq!(xlsx.status, 200);
    for table in [parse_csv(&csv.raw), parse_xlsx(&xlsx.raw, "行政许可信息")] {
        assert_template(&table, &LICENCE_TEMPLATE, true);
        assert_eq!(cell(&table, "许可类别"), "认可");
        assert_eq!(cell(&table, "当前状态"), "有效");
        assert_eq!(cell(&table, "有效期至"), "2099/12/31");
        assert_eq!(cell(&table, "行政许可决定文书名称"), "准予行政许可决定书");
        assert_eq!(cell(&table, "法定代表人"), "周会计");
    }

    // No public answer carries the identity number: the entries, the lists, the feed.
    let pid = disclosure_of(&app, &editor, &person).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in [
        format!("/api/public/v1/decisions/{pid}"),
        "/api/public/v1/decisions?limit=500".to_owned(),
        "/api/public/v1/changes?limit=500".to_owned(),
    ] {
        let r = app.get(&path, None).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        let text = String::from_utf8_lossy(&r.raw);
        assert!(
            !text.contains(RESIDENT_ID),
            "{path} leaks the id number: {text}"
        );
    }
}

async fn an_organisation_without_legal_representative_is_refused(app: TestApp) {
    let editor = token(&app, "demo_editor").await;
    let approver = token(&app, "demo_approver").await;
    let c = organisation_case(&app, None).await;
    let d = disclosure_of(&app, &editor, &c).await;
    let d = ok_step(&app, &editor, &d, "submission", json!({})).await;
    let r = app
        .post(
            &format!("/api/v1/disclosures/{}/review", d["id"].as_str().unwrap()),
            Some(&approver),
            &json!({"expected_version": d["version"], "approve": true}),
        )
        .await;
    let p = r.problem(422, "credit_field_missing");
    assert!(p["errors"]["legal_representative"].is_array(), "{p}");
    assert!(p["detail"].as_str().unwrap().contains("法定代表人"), "{p}");
    // Nothing went public.
    let id = d["id"].as_str().unwrap();
    let g = app
        .get(&format!("/api/public/v1/decisions/{id}"), None)
        .await;
    assert_eq!(g.status, 404);
    // Sent back, the editor supplies it, and a second person publishes.
    let d = ok_step(
        &app,
        &approver,
        &d,
        "review",
        json!({"approve": false, "comment": "补充法定代表人"}),
    )
    .await;
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{id}"),
            Some(&editor),
            &json!({"expected_version": d["version"], "legal_representative": "孙经理"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = ok_step(&app, &editor, &r.body, "submission", json!({})).await;
    let d = ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    assert_eq!(d["status"], "published", "{d}");
    let g = app
        .get(&format!("/api/public/v1/decisions/{id}"), None)
        .await;
    assert_eq!(g.body["legal_representative"], "孙经理");
}

async fn the_credit_export_is_staff_only_and_agency_isolated(app: TestApp) {
    let c = decided_case(&app, "李四", 10_000, false, false).await;
    publish(&app, &c).await;
    let officer = token(&app, "demo_officer").await;
    let r = export(&app, &officer, "penalty", "csv").await;
    r.problem(403, "forbidden");
    let anonymous = app.get("/api/v1/exchange/credit?kind=penalty", None).await;
    assert_eq!(anonymous.status, 401);
    let editor = token(&app, "demo_editor").await;
    let bad = app
        .get(
            "/api/v1/exchange/credit?kind=penalty&from=2026-02-01&to=2026-01-01",
            Some(&editor),
        )
        .await;
    bad.problem(400, "invalid_query");
    // An admin of another agency exports that agency's decisions: none of these.
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
    let r = export(&app, &other_admin, "penalty", "csv").await;
    assert_eq!(r.status, 200);
    let table = parse_csv(&r.raw);
    assert_eq!(
        table.len(),
        1,
        "another agency's decisions leaked: {table:?}"
    );
    let editor_table = parse_csv(&export(&app, &editor, "penalty", "csv").await.raw);
    assert_eq!(editor_table.len(), 2);
}
