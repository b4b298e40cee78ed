//! Enforcement documents through the API (行政处罚法 art. 44, 59, 61; 行政强制法 art. 24): generated
//! from the case, numbered without gaps, PDF/A-2b, the SHA-256 in the log, checked publicly —
//! on SQLite and PostgreSQL. Text is read back from the PDF with `pdftotext` (poppler-utils).

use crate::blobs::{png, sha256_hex, upload};
use crate::cases::{act, days_ago, officer, open_case};
use crate::helpers::{TestApp, DEMO_PASSWORD};
use crate::on_both_databases;
use serde_json::{json, Value};
use std::io::Write;

on_both_databases!(
    penalty_documents_are_generated_numbered_and_checked,
    art59_decision_without_basis_or_remedies_is_refused_naming_the_fields,
    concurrent_issues_get_consecutive_numbers,
    acts_are_made_by_their_documents,
);

/// Every type is generated here on its own, out of the order of the acts: the acts are not made
/// by their documents (`[rules] documents_required = false`), so that the case reaches each stage
/// without them.
mod every_document_type_is_generated_with_its_number_and_elements {
    fn tweak(c: &mut sanxiang_api::Config) {
        c.rules.documents_required = Some(false);
    }
    #[actix_web::test]
    async fn sqlite() {
        crate::helpers::run_tweaked(
            crate::helpers::Backend::Sqlite,
            tweak,
            super::every_document_type_is_generated_with_its_number_and_elements,
        )
        .await
    }
    #[actix_web::test]
    async fn postgres() {
        crate::helpers::run_tweaked(
            crate::helpers::Backend::Postgres,
            tweak,
            super::every_document_type_is_generated_with_its_number_and_elements,
        )
        .await
    }
}

fn pdftotext(pdf: &[u8]) -> String {
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext (Debian's poppler-utils; `cargo xtask test` installs it)");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext failed");
    // Layout mode may spread a line; compare without spaces.
    String::from_utf8(out.stdout)
        .unwrap()
        .replace([' ', '\u{3000}', '\n', '\r', '\u{c}'], "")
}

/// An administrator of the demo agency (the platform's admin creates one).
async fn agency_admin(app: &TestApp) -> String {
    let me = app.get("/api/v1/me", Some(&officer(app).await)).await;
    let agency = me.body["agency"]["id"].as_str().unwrap().to_owned();
    let r = app
        .post(
            "/api/v1/users",
            Some(&app.admin().await),
            &json!({"username": "doc_admin", "display_name": "文书管理员", "password": "doc-admin-password", "agency_id": agency, "roles": ["admin"]}),
        )
        .await;
    assert!(r.status == 201 || r.status == 409, "{}", r.body);
    app.login("doc_admin", "doc-admin-password").await.0
}

async fn save_settings(app: &TestApp, settings: Value) {
    let admin = agency_admin(app).await;
    let cur = app.get("/api/v1/document-settings", Some(&admin)).await;
    assert_eq!(cur.status, 200, "{}", cur.body);
    let r = app
        .send_json(
            "PUT",
            "/api/v1/document-settings",
            Some(&admin),
            &json!({"expected_version": cur.body["version"], "settings": settings}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

fn full_settings() -> Value {
    json!({
        "number_prefix": "桓财",
        "bank_account": {"bank": "中国工商银行桓仁支行", "account_name": "桓仁满族自治县财政局", "account_number": "0716 0000 0000 0001"},
        "reconsideration_organ": "桓仁满族自治县人民政府",
        "court": "桓仁满族自治县人民法院",
        "contact": "桓仁县某路8号，电话0414-0000000"
    })
}

fn decision_form() -> Value {
    json!({
        "legal_representative": "王某某",
        "facts": "当事人未按规定保存2025年度会计凭证",
        "violated": [{"law": "中华人民共和国会计法", "article": 23}],
        "basis": [{"law": "中华人民共和国会计法", "article": 42, "paragraph": 1, "item": 3}],
        "discretion": "首次违法，主动配合调查，按一般情节裁量"
    })
}

fn sanction(fen: i64) -> Value {
    json!({"warning": false, "fine_fen": fen, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []})
}

async fn issue(
    app: &TestApp,
    t: &str,
    case: &Value,
    kind: &str,
    form: Value,
) -> crate::helpers::Resp {
    let id = case["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/cases/{id}/documents"),
        Some(t),
        &json!({"kind": kind, "form": form}),
    )
    .await
}

async fn issued(app: &TestApp, t: &str, case: &Value, kind: &str, form: Value) -> Value {
    let r = issue(app, t, case, kind, form).await;
    assert_eq!(r.status, 201, "{kind}: {}", r.body);
    r.body
}

async fn pdf_of(app: &TestApp, t: &str, doc: &Value) -> Vec<u8> {
    let r = app.get(doc["pdf_url"].as_str().unwrap(), Some(t)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers.get("content-type").unwrap(), "application/pdf");
    r.raw.to_vec()
}

/// A case with evidence, at the decision stage after a notice of a 20,000-yuan fine.
async fn case_at_decision(app: &TestApp, t: &str, with_documents: bool) -> Value {
    let mut c = open_case(app, t, "未按规定保存会计凭证案", "桓仁某某会计服务有限公司").await;
    c = act(app, t, &c, json!({"action": "file", "on": days_ago(20), "violation_on": days_ago(40), "discovered_on": days_ago(21), "grave_harm": false, "limitation_override": null})).await;
    if with_documents {
        issued(
            app,
            t,
            &c,
            "filing_approval",
            json!({"text": "举报反映当事人未按规定保存会计凭证，经初步核查属实。"}),
        )
        .await;
    }
    let photo = png();
    let up = upload(app, Some(t), "现场照片.png", photo.clone()).await;
    assert_eq!(up.status, 201, "{}", up.body);
    let id = c["id"].as_str().unwrap();
    let r = app
        .post(&format!("/api/v1/cases/{id}/records"), Some(t), &json!({"kind": "photo", "title": "凭证柜现场照片", "text": "现场拍摄", "attachments": [{"sha256": sha256_hex(&photo), "file_name": "现场照片.png"}]}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    if with_documents {
        issued(app, t, &c, "inquiry_record", json!({
            "started_at": format!("{}T09:00:00", days_ago(15)),
            "ended_at": format!("{}T10:00:00", days_ago(15)),
            "place": "当事人办公室",
            "persons_present": ["王某某（法定代表人）"],
            "qa": [{"question": "你单位2025年度的会计凭证保存在哪里？", "answer": "部分丢失了。"}]
        })).await;
    }
    c = act(app, t, &c, json!({"action": "complete", "on": days_ago(9)})).await;
    if with_documents {
        // The notice is served by its 告知书 (行政处罚法 art. 44; crates/domain/src/document/gate.rs),
        // which proposes the sanction.
        let mut form = decision_form();
        form["sanction"] = sanction(2_000_000);
        issued(app, t, &c, "penalty_notice", form).await;
    }
    c = act(app, t, &c, json!({"action": "issue_notice", "served_on": days_ago(8), "proposed": sanction(2_000_000)})).await;
    act(
        app,
        t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(7)}),
    )
    .await
}

async fn penalty_documents_are_generated_numbered_and_checked(app: TestApp) {
    save_settings(&app, full_settings()).await;
    let t = officer(&app).await;
    let c = case_at_decision(&app, &t, true).await;
    let id = c["id"].as_str().unwrap();
    let year = app.today().format("%Y").to_string();

    // Enter once: the decision's form comes pre-filled from the notice.
    let list = app
        .get(&format!("/api/v1/cases/{id}/documents"), Some(&t))
        .await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.body["issued"].as_array().unwrap().len(), 3);
    let dec = list.body["available"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "penalty_decision")
        .unwrap()
        .clone();
    assert_eq!(dec["due_now"], true, "{dec}");
    assert_eq!(dec["prefill"]["basis"], decision_form()["basis"]);
    assert_eq!(dec["prefill"]["facts"], decision_form()["facts"]);

    // The same data gives the same bytes (two previews of one form).
    let p1 = app
        .post(
            &format!("/api/v1/cases/{id}/documents/preview"),
            Some(&t),
            &json!({"kind": "penalty_decision", "form": dec["prefill"]}),
        )
        .await;
    let p2 = app
        .post(
            &format!("/api/v1/cases/{id}/documents/preview"),
            Some(&t),
            &json!({"kind": "penalty_decision", "form": dec["prefill"]}),
        )
        .await;
    assert_eq!(p1.status, 200);
    assert_eq!(p1.raw, p2.raw, "deterministic output");
    assert!(pdftotext(&p1.raw).contains("样稿"));

    let d = issued(&app, &t, &c, "penalty_decision", dec["prefill"].clone()).await;
    assert_eq!(d["number"], format!("桓财罚决〔{year}〕1号"));
    let pdf = pdf_of(&app, &t, &d).await;
    assert_eq!(sha256_hex(&pdf), d["sha256"].as_str().unwrap());
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>")
            && raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "PDF/A-2b declared"
    );
    let text = pdftotext(&pdf);
    // 行政处罚法 art. 59 (一)–(六) and the number.
    for needle in [
        format!("桓财罚决〔{year}〕1号").as_str(),
        "行政处罚决定书",
        "桓仁某某会计服务有限公司",
        "91350100M000100Y43",
        "桓仁县某路1号",
        "王某某",
        "当事人未按规定保存2025年度会计凭证",
        "凭证柜现场照片",
        "《中华人民共和国会计法》第二十三条",
        "《中华人民共和国会计法》第四十二条第一款第（三）项",
        "罚款人民币20,000.00元",
        "十五日内",
        "0716000000000001",
        "六十日内向桓仁满族自治县人民政府申请行政复议",
        "六个月内依法向桓仁满族自治县人民法院提起行政诉讼",
        "桓仁满族自治县财政局",
    ] {
        assert!(
            text.contains(needle),
            "{needle} missing from the 决定书:\n{text}"
        );
    }
    // The other documents carry their numbers too.
    let all = app
        .get(&format!("/api/v1/cases/{id}/documents"), Some(&t))
        .await
        .body;
    let numbers: Vec<&str> = all["issued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            format!("桓财立〔{year}〕1号"),
            format!("桓财询〔{year}〕1号"),
            format!("桓财罚告〔{year}〕1号"),
            format!("桓财罚决〔{year}〕1号")
        ]
    );
    let notice = &all["issued"][2];
    let notice_text = pdftotext(&pdf_of(&app, &t, notice).await);
    assert!(
        notice_text.contains("陈述和申辩") && notice_text.contains(numbers[2]),
        "{notice_text}"
    );
    let inquiry_text = pdftotext(&pdf_of(&app, &t, &all["issued"][1]).await);
    assert!(
        inquiry_text.contains("部分丢失了") && inquiry_text.contains("当事人（签名）"),
        "a 笔录 is signed by the party on every page:\n{inquiry_text}"
    );

    // The head decides; the publication carries the legal basis of the 决定书 (entered once).
    let head = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let now = app.get(&format!("/api/v1/cases/{id}"), Some(&t)).await.body;
    act(&app, &head, &now, json!({"action": "decide", "on": days_ago(0), "outcome": {"type": "penalty", "sanction": sanction(2_000_000)}})).await;
    let editor = app.login("demo_editor", DEMO_PASSWORD).await.0;
    let disclosure = crate::disclosure::disclosure_of(&app, &editor, &c)
        .await
        .to_string();
    assert!(
        disclosure.contains("《中华人民共和国会计法》第四十二条第一款第（三）项"),
        "{disclosure}"
    );

    // The PDF's hash is in the issuing record (hence in the log).
    let timeline = app
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&t))
        .await
        .body
        .to_string();
    assert!(timeline.contains(d["sha256"].as_str().unwrap()));

    // Public check: confirmed by hash and by number + code; a changed byte is unknown; nothing personal.
    let check = app
        .get(
            &format!(
                "/api/public/v1/documents/check?sha256={}",
                d["sha256"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(check.status, 200, "{}", check.body);
    assert_eq!(check.body["status"], "issued");
    assert_eq!(check.body["number"], d["number"]);
    let body = check.body.to_string();
    for personal in [
        "桓仁某某会计服务有限公司",
        "王某某",
        "91350100M000100Y43",
        "桓仁县某路1号",
    ] {
        assert!(!body.contains(personal), "{personal} in the public answer");
    }
    let mut changed = pdf.clone();
    let mid = changed.len() / 2;
    changed[mid] ^= 1;
    let check = app
        .get(
            &format!(
                "/api/public/v1/documents/check?sha256={}",
                sha256_hex(&changed)
            ),
            None,
        )
        .await;
    assert_eq!(check.body["status"], "unknown");
    let q = format!(
        "/api/public/v1/documents/check?number={}&code={}",
        urlencode(d["number"].as_str().unwrap()),
        d["verification_code"].as_str().unwrap()
    );
    let check = app.get(&q, None).await;
    assert_eq!(check.body["status"], "issued", "{}", check.body);
    let check = app
        .get(
            &format!(
                "/api/public/v1/documents/check?number={}&code=WRONG234",
                urlencode(d["number"].as_str().unwrap())
            ),
            None,
        )
        .await;
    assert_eq!(check.body["status"], "unknown");
    assert_eq!(
        app.get("/api/public/v1/documents/check?number=&code=", None)
            .await
            .status,
        400
    );

    // Paper comes back: the signed scan is kept beside the PDF.
    let scan = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n% signed scan\n".to_vec();
    let up = upload(&app, Some(&t), "决定书签收.pdf", scan.clone()).await;
    assert_eq!(up.status, 201);
    let r = app
        .post(
            &format!(
                "/api/v1/documents/{}/signed-copy",
                d["id"].as_str().unwrap()
            ),
            Some(&t),
            &json!({"sha256": sha256_hex(&scan)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["signed_copies"][0]["sha256"], sha256_hex(&scan));
    let r = app
        .post(
            &format!(
                "/api/v1/documents/{}/signed-copy",
                d["id"].as_str().unwrap()
            ),
            Some(&t),
            &json!({"sha256": "0".repeat(64)}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);

    // The case export carries the PDFs and verifies offline; one changed byte of a PDF is named.
    let size = crate::tlog::logged(&app).await;
    crate::tlog::checkpoint_at_least(&app, size).await;
    let key = crate::tlog::key(&app).await;
    let export = app
        .get(&format!("/api/v1/cases/{id}/export"), Some(&t))
        .await;
    assert_eq!(export.status, 200);
    let report =
        sanxiang_api::verify::verify_export(std::io::Cursor::new(export.raw.clone()), &key)
            .unwrap();
    assert!(
        report.attachments >= 5,
        "the PDFs are in the bundle: {report:?}"
    );
    let tampered = change_one_byte(
        &export.raw,
        &format!("attachments/{}", d["sha256"].as_str().unwrap()),
    );
    let err =
        sanxiang_api::verify::verify_export(std::io::Cursor::new(tampered), &key).unwrap_err();
    assert!(
        err.to_string().contains(d["sha256"].as_str().unwrap()),
        "{err}"
    );

    // The case file: cover, contents, every document, the evidence list.
    let cf = app
        .get(&format!("/api/v1/cases/{id}/case-file.pdf"), Some(&t))
        .await;
    assert_eq!(cf.status, 200);
    let cf_text = pdftotext(&cf.raw);
    for needle in [
        "行政处罚案卷",
        "卷内目录",
        "证据材料清单",
        numbers[0],
        numbers[3],
        "凭证柜现场照片",
    ] {
        assert!(
            cf_text.contains(needle),
            "{needle} missing from the case file"
        );
    }

    // Another agency sees nothing of it.
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
        .post("/api/v1/users", Some(&admin), &json!({"username": "other_officer", "display_name": "他", "password": "other-officer-pass", "agency_id": other.body["id"], "roles": ["officer"]}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let stranger = app.login("other_officer", "other-officer-pass").await.0;
    for path in [
        format!("/api/v1/documents/{}", d["id"].as_str().unwrap()),
        d["pdf_url"].as_str().unwrap().to_owned(),
        format!("/api/v1/cases/{id}/documents"),
        format!("/api/v1/cases/{id}/case-file.pdf"),
    ] {
        assert_eq!(app.get(&path, Some(&stranger)).await.status, 404, "{path}");
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// 行政处罚法 art. 59: a 决定书 without its legal basis or without the remedy route is never
/// printed; every missing element is named.
async fn art59_decision_without_basis_or_remedies_is_refused_naming_the_fields(app: TestApp) {
    let t = officer(&app).await;
    let c = case_at_decision(&app, &t, false).await;
    let mut form = decision_form();
    form["basis"] = json!([]);
    let r = issue(&app, &t, &c, "penalty_decision", form).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["code"], "document_incomplete");
    let errors = r.body["errors"].as_object().unwrap();
    for f in [
        "form.basis",
        "settings.reconsideration_organ",
        "settings.court",
        "settings.bank_account",
    ] {
        assert!(errors.contains_key(f), "{f} not named: {}", r.body);
    }
    // Nothing was numbered: the first decision issued after the fix is number 1.
    save_settings(&app, full_settings()).await;
    let d = issued(&app, &t, &c, "penalty_decision", decision_form()).await;
    assert!(
        d["number"].as_str().unwrap().ends_with("〕1号"),
        "{}",
        d["number"]
    );
    // A number template that could repeat numbers is refused.
    let admin = agency_admin(&app).await;
    let r = app
        .send_json(
            "PUT",
            "/api/v1/document-settings",
            Some(&admin),
            &json!({"expected_version": 1, "settings": {"number_format": "{prefix}{code}号"}}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    // Settings are an object, never an array of its fields.
    let r = app
        .send_json(
            "PUT",
            "/api/v1/document-settings",
            Some(&admin),
            &json!({"expected_version": 1, "settings": [null, null]}),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.body);
    let r = app
        .send_json(
            "PUT",
            "/api/v1/document-settings",
            Some(&admin),
            &json!({"expected_version": 1, "settings": {"bank_account": ["a", "b", "c"]}}),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.body);
    // Only administrators edit the settings.
    let r = app
        .send_json(
            "PUT",
            "/api/v1/document-settings",
            Some(&t),
            &json!({"expected_version": 1, "settings": {}}),
        )
        .await;
    assert_eq!(r.status, 403);
}

/// Numbers are taken in the issuing transaction: concurrent issues of one type get distinct,
/// consecutive numbers (no gaps, none reused).
async fn concurrent_issues_get_consecutive_numbers(app: TestApp) {
    save_settings(&app, full_settings()).await;
    let t = officer(&app).await;
    let c = open_case(&app, &t, "并发签发", "桓仁某某商贸有限公司").await;
    let c = act(&app, &t, &c, json!({"action": "file", "on": days_ago(3), "violation_on": days_ago(10), "discovered_on": days_ago(4), "grave_harm": false, "limitation_override": null})).await;
    let n = if app.backend == crate::helpers::Backend::Postgres {
        50
    } else {
        10
    };
    let form = json!({
        "started_at": format!("{}T09:00:00", days_ago(1)),
        "place": "当事人经营场所",
        "persons_present": ["李某（见证人）"],
        "findings": "现场未发现会计凭证。"
    });
    let futures: Vec<_> = (0..n)
        .map(|_| issue(&app, &t, &c, "inspection_record", form.clone()))
        .collect();
    let results = futures_util::future::join_all(futures).await;
    let mut seqs: Vec<u32> = results
        .iter()
        .map(|r| {
            assert_eq!(r.status, 201, "{}", r.body);
            let num = r.body["number"].as_str().unwrap();
            num.split('〕')
                .nth(1)
                .unwrap()
                .trim_end_matches('号')
                .parse()
                .unwrap()
        })
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=n).collect::<Vec<u32>>());
}

/// The zip with one byte of `member` flipped.
fn change_one_byte(zip_bytes: &[u8], member: &str) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut found = false;
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().to_owned();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        if name == member {
            let mid = buf.len() / 2;
            buf[mid] ^= 1;
            found = true;
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&buf).unwrap();
    }
    assert!(found, "{member} not in the export");
    out.finish().unwrap().into_inner()
}

/// A form with every officer-written part filled in (each kind takes what it needs).
fn full_form() -> Value {
    json!({
        "legal_representative": "王某某",
        "facts": "当事人未按规定保存2025年度会计凭证",
        "violated": [{"law": "中华人民共和国会计法", "article": 23}],
        "basis": [{"law": "中华人民共和国会计法", "article": 42, "paragraph": 1, "item": 3}],
        "discretion": "首次违法，按一般情节裁量",
        "place": "当事人办公室",
        "started_at": format!("{}T09:00:00", days_ago(1)),
        "ended_at": format!("{}T10:00:00", days_ago(1)),
        "persons_present": ["王某某（法定代表人）"],
        "qa": [{"question": "凭证保存在哪里？", "answer": "部分丢失。"}],
        "findings": "现场未发现2025年度会计凭证。",
        "text": "要素齐全的文书正文。",
        "items": [{"name": "会计凭证", "specification": "2025年度", "quantity": "12册", "note": ""}],
        // Beyond 7 working days (行政处罚法 art. 64 (二), art. 85), whatever the holidays.
        "hearing_at": format!("{}T09:00:00", days_ago(-20)),
        "hearing_place": "本局三楼会议室",
        "presiding": "赵主持",
        "service": {"documents": ["行政处罚决定书"], "method": "direct", "address": "桓仁县某路1号", "recipient": "王某某", "served_on": days_ago(0)},
        "period_days": 30
    })
}

async fn open_kind(app: &TestApp, t: &str, kind: &str) -> Value {
    let o1 = crate::cases::uid(app, "demo_officer").await;
    let o2 = crate::cases::uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(t),
            &json!({"kind": kind, "title": format!("{kind}文书"), "category": "财政",
                "party": {"kind": "organisation", "name": "桓仁某某会计服务有限公司", "id_type": "credit_code", "id_number": "91350100M000100Y43", "address": "桓仁县某路1号"},
                "officer_ids": [o1, o2]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

/// Every type of the document set is generated from a scenario case of its kind: the PDF holds
/// its title, its number, the agency, the party and what the type prints of the officer's part;
/// the review opinion and the deliberation record come from those workflows (refused, naming the
/// missing part, before them).
async fn every_document_type_is_generated_with_its_number_and_elements(app: TestApp) {
    save_settings(&app, full_settings()).await;
    let t = officer(&app).await;
    let year = app.today().format("%Y").to_string();
    let penalty = case_at_decision(&app, &t, false).await;
    let cases = [
        ("penalty", penalty),
        ("inspection", open_kind(&app, &t, "inspection").await),
        ("licence", open_kind(&app, &t, "licence").await),
        (
            "coercive_measure",
            open_kind(&app, &t, "coercive_measure").await,
        ),
    ];
    let kinds: [(&str, &str, &str, &str); 30] = [
        ("filing_approval", "penalty", "立案审批表", "立"),
        ("inquiry_record", "penalty", "询问笔录", "询"),
        (
            "inspection_record",
            "inspection",
            "现场检查（勘验）笔录",
            "检",
        ),
        (
            "preservation_notice",
            "penalty",
            "先行登记保存证据通知书",
            "登存",
        ),
        (
            "preservation_decision",
            "penalty",
            "先行登记保存证据处理决定书",
            "登处",
        ),
        ("investigation_report", "penalty", "案件调查终结报告", "终"),
        ("penalty_notice", "penalty", "行政处罚事先告知书", "罚告"),
        ("defence_record", "penalty", "陈述申辩笔录", "申"),
        ("hearing_notice", "penalty", "行政处罚听证通知书", "听通"),
        ("hearing_record", "penalty", "听证笔录", "听录"),
        ("hearing_report", "penalty", "听证报告", "听报"),
        (
            "legal_review_opinion",
            "penalty",
            "重大执法决定法制审核意见书",
            "审",
        ),
        (
            "deliberation_record",
            "penalty",
            "重大案件集体讨论记录",
            "议",
        ),
        ("penalty_decision", "penalty", "行政处罚决定书", "罚决"),
        (
            "no_penalty_decision",
            "penalty",
            "不予行政处罚决定书",
            "不罚决",
        ),
        (
            "summary_penalty_decision",
            "penalty",
            "当场行政处罚决定书",
            "当罚决",
        ),
        (
            "service_address_confirmation",
            "penalty",
            "送达地址确认书",
            "址",
        ),
        ("service_receipt", "penalty", "送达回证", "送"),
        ("execution_record", "penalty", "行政处罚执行记录", "执"),
        ("closing_approval", "penalty", "结案审批表", "结"),
        ("inspection_notice", "inspection", "行政检查通知书", "检通"),
        (
            "inspection_result",
            "inspection",
            "行政检查结果告知书",
            "检果",
        ),
        (
            "licence_acceptance",
            "licence",
            "行政许可受理通知书",
            "许受",
        ),
        (
            "licence_rejection",
            "licence",
            "行政许可不予受理通知书",
            "许不受",
        ),
        (
            "licence_correction_notice",
            "licence",
            "行政许可补正材料通知书",
            "许补",
        ),
        ("licence_grant", "licence", "准予行政许可决定书", "许准"),
        ("licence_refusal", "licence", "不予行政许可决定书", "许不准"),
        (
            "seizure_decision",
            "coercive_measure",
            "查封（扣押）决定书",
            "强扣",
        ),
        (
            "seizure_extension",
            "coercive_measure",
            "延长查封（扣押）期限决定书",
            "强延",
        ),
        (
            "seizure_release",
            "coercive_measure",
            "解除查封（扣押）决定书",
            "强解",
        ),
    ];
    // The review opinion and the deliberation record come from their workflows: without them
    // the documents are refused, naming what is missing…
    let penalty = &cases[0].1;
    for (kind, field) in [
        ("legal_review_opinion", "case.review"),
        ("deliberation_record", "case.deliberation"),
    ] {
        let r = issue(&app, &t, penalty, kind, full_form()).await;
        assert_eq!(r.status, 422, "{kind}: {}", r.body);
        assert!(r.body["errors"].get(field).is_some(), "{kind}: {}", r.body);
    }
    // …and with them, they are generated from what the reviewer and the meeting wrote.
    review_and_deliberate(&app, &t, penalty).await;
    // What each type prints of the officer's part (beyond title, number, agency, party).
    let needles = |kind: &str| -> Vec<&'static str> {
        match kind {
            "filing_approval"
            | "execution_record"
            | "closing_approval"
            | "inspection_notice"
            | "licence_acceptance"
            | "licence_rejection"
            | "licence_grant"
            | "seizure_extension"
            | "seizure_release"
            | "no_penalty_decision" => vec!["要素齐全的文书正文"],
            "inquiry_record" | "defence_record" => vec![
                "凭证保存在哪里",
                "部分丢失",
                "当事人办公室",
                "王某某（法定代表人）",
                "21",
            ],
            "hearing_record" => vec!["凭证保存在哪里", "赵主持"],
            "inspection_record" => vec!["现场未发现2025年度会计凭证", "当事人办公室"],
            "preservation_notice" | "licence_correction_notice" => vec!["会计凭证", "12册"],
            "preservation_decision" => vec!["会计凭证", "要素齐全的文书正文"],
            "investigation_report" => vec![
                "当事人未按规定保存2025年度会计凭证",
                "第二十三条",
                "第四十二条第一款第（三）项",
                "要素齐全的文书正文",
            ],
            "penalty_notice" => vec![
                "当事人未按规定保存2025年度会计凭证",
                "第二十三条",
                "罚款人民币20,000.00元",
                "陈述和申辩",
            ],
            "hearing_notice" => vec!["本局三楼会议室", "赵主持"],
            "hearing_report" => vec!["要素齐全的文书正文", "赵主持"],
            "legal_review_opinion" => vec!["同意"],
            "deliberation_record" => vec!["同意罚款"],
            "penalty_decision" | "summary_penalty_decision" => vec![
                "第四十二条第一款第（三）项",
                "罚款人民币20,000.00元",
                "桓仁满族自治县人民法院",
            ],
            "service_address_confirmation" => vec!["桓仁县某路1号", "王某某"],
            "service_receipt" => vec!["直接送达", "王某某"],
            "inspection_result" => vec!["现场未发现2025年度会计凭证", "要素齐全的文书正文"],
            "licence_refusal" => vec!["第四十二条", "行政复议"],
            "seizure_decision" => vec!["会计凭证", "30日", "第四十二条"],
            _ => vec![],
        }
    };
    for (kind, case_kind, title, code) in kinds {
        let case = &cases.iter().find(|(k, _)| *k == case_kind).unwrap().1;
        let r = issue(&app, &t, case, kind, full_form()).await;
        assert_eq!(r.status, 201, "{kind}: {}", r.body);
        let number = format!("桓财{code}〔{year}〕1号");
        assert_eq!(r.body["number"], number.as_str(), "{kind}");
        let text = pdftotext(&pdf_of(&app, &t, &r.body).await);
        for needle in [
            title,
            number.as_str(),
            "桓仁满族自治县财政局",
            "桓仁某某会计服务有限公司",
        ]
        .into_iter()
        .chain(needles(kind))
        {
            assert!(text.contains(needle), "{kind}: {needle} missing:\n{text}");
        }
    }
    // A document of another case kind is refused, naming why.
    let r = issue(&app, &t, &cases[2].1, "penalty_decision", full_form()).await;
    assert_eq!(r.status, 422);
    assert!(r.body["errors"].get("kind").is_some(), "{}", r.body);
}

/// By default, once the agency has saved its document settings: the notice is served by its
/// 告知书 (行政处罚法 art. 44; a renewed notice by a new one, art. 45), the decision made by its
/// 决定书 (art. 59), service proved by the 送达回证 (art. 61). Before the settings exist the agency
/// cannot issue them, and its acts are not held up.
async fn acts_are_made_by_their_documents(app: TestApp) {
    let t = officer(&app).await;
    let mut early = open_case(&app, &t, "文书设置之前", "桓仁某某会计服务有限公司").await;
    early = act(&app, &t, &early, json!({"action": "file", "on": days_ago(20), "violation_on": days_ago(40), "discovered_on": days_ago(21), "grave_harm": false, "limitation_override": null})).await;
    let photo = png();
    upload(&app, Some(&t), "照片.png", photo.clone()).await;
    let early_id = early["id"].as_str().unwrap().to_owned();
    let r = app.post(&format!("/api/v1/cases/{early_id}/records"), Some(&t), &json!({"kind": "photo", "title": "现场照片", "text": "现场", "attachments": [{"sha256": sha256_hex(&photo), "file_name": "照片.png"}]})).await;
    assert_eq!(r.status, 201);
    early = act(
        &app,
        &t,
        &early,
        json!({"action": "complete", "on": days_ago(9)}),
    )
    .await;
    act(&app, &t, &early, json!({"action": "issue_notice", "served_on": days_ago(8), "proposed": sanction(2_000_000)})).await;

    save_settings(&app, full_settings()).await;
    let mut c = open_case(&app, &t, "文书即行为", "桓仁某某会计服务有限公司").await;
    c = act(&app, &t, &c, json!({"action": "file", "on": days_ago(20), "violation_on": days_ago(40), "discovered_on": days_ago(21), "grave_harm": false, "limitation_override": null})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let r = app.post(&format!("/api/v1/cases/{id}/records"), Some(&t), &json!({"kind": "photo", "title": "现场照片", "text": "现场", "attachments": [{"sha256": sha256_hex(&photo), "file_name": "照片.png"}]})).await;
    assert_eq!(r.status, 201);
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "complete", "on": days_ago(9)}),
    )
    .await;
    let notice = json!({"action": "issue_notice", "served_on": days_ago(8), "proposed": sanction(2_000_000)});
    let r = crate::cases::try_act(&app, &t, &c, notice.clone()).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(r.body["code"], "document_required");
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("行政处罚事先告知书"),
        "{}",
        r.body
    );
    let mut form = decision_form();
    form["sanction"] = sanction(2_000_000);
    issued(&app, &t, &c, "penalty_notice", form).await;
    c = act(&app, &t, &c, notice).await;
    c = act(
        &app,
        &t,
        &c,
        json!({"action": "waive_rights", "on": days_ago(7)}),
    )
    .await;
    let head = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let decide = json!({"action": "decide", "on": days_ago(6), "outcome": {"type": "penalty", "sanction": sanction(2_000_000)}});
    let r = crate::cases::try_act(&app, &head, &c, decide.clone()).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("行政处罚决定书"),
        "{}",
        r.body
    );
    issued(&app, &t, &c, "penalty_decision", decision_form()).await;
    c = act(&app, &head, &c, decide).await;
    let serve = json!({"action": "record_service", "on": days_ago(5), "method": "direct"});
    let r = crate::cases::try_act(&app, &t, &c, serve.clone()).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.body["detail"].as_str().unwrap().contains("送达回证"),
        "{}",
        r.body
    );
    issued(&app, &t, &c, "service_receipt", full_form()).await;
    act(&app, &t, &c, serve).await;
}

/// The legal review (行政处罚法 art. 58: submitted, assigned, every item answered, approved) and
/// a collective deliberation (art. 57) of the case.
async fn review_and_deliberate(app: &TestApp, t: &str, case: &Value) {
    let id = case["id"].as_str().unwrap();
    let rec = app
        .post(&format!("/api/v1/cases/{id}/records"), Some(t), &json!({"kind": "document", "document_type": "investigation_report", "title": "调查终结报告", "text": "……"}))
        .await;
    assert_eq!(rec.status, 201, "{}", rec.body);
    let materials = json!([{"record_id": rec.body["id"], "kind": "investigation_report"}]);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review"),
            Some(t),
            &json!({"materials": materials, "draft": crate::review::draft(2_000_000)}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let rt = app.login("demo_reviewer", DEMO_PASSWORD).await.0;
    let reviewer = crate::cases::uid(app, "demo_reviewer").await;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/assignment"),
            Some(&rt),
            &json!({"reviewer_id": reviewer}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    crate::review::answer_all(app, &rt, id, false).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/review/opinion"),
            Some(&rt),
            &json!({"opinion": "approve"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let head = app.login("demo_approver", DEMO_PASSWORD).await.0;
    let attendees = [
        crate::cases::uid(app, "demo_approver").await,
        crate::cases::uid(app, "demo_officer").await,
        reviewer,
    ];
    let r = app
        .post(&format!("/api/v1/cases/{id}/deliberation"), Some(&head), &json!({"held_on": days_ago(1), "attendee_ids": attendees, "opinions": [], "conclusion": "同意罚款20000元"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}
