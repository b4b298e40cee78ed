//! Publication that decides from what the system holds: persons named in records are masked
//! without an editor, due dates are unknown (never guessed) until the calendar has the year,
//! and the server's one clock drives due-date status and withdrawal deadlines.

use crate::disclosure::{disclosure_of, ok_step, resident_id_born, token, uid};
use crate::helpers::TestApp;
use crate::on_both_databases;
use chrono::NaiveDate;
use serde_json::{json, Value};

on_both_databases!(
    persons_named_in_records_are_masked_automatically,
    due_dates_are_unknown_until_the_calendar_has_the_year,
);

const WITNESS: &str = "钱证人";
const RELATIVE: &str = "孙亲属";

/// Opens a simplified-procedure penalty case with `title` as its facts; returns it.
async fn open_case(app: &TestApp, t: &str, title: &str) -> Value {
    let o1 = uid(app, "demo_officer").await;
    let o2 = uid(app, "demo_officer2").await;
    let r = app
        .post(
            "/api/v1/cases",
            Some(t),
            &json!({
                "kind": "penalty", "procedure": "simplified", "title": title,
                "category": "财政票据",
                "party": {"kind": "natural_person", "name": "张三", "minor": false},
                "officer_ids": [o1, o2]
            }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

/// Decides the case with a fine of 150 yuan on `on` (行政处罚法 art. 51).
async fn decide(app: &TestApp, t: &str, c: &Value, on: NaiveDate) -> Value {
    let r = app
        .get(
            &format!("/api/v1/cases/{}", c["id"].as_str().unwrap()),
            Some(t),
        )
        .await;
    let sanction = json!({"warning": false, "fine_fen": 15_000, "confiscation_fen": 0,
        "licence_suspension": false, "licence_revocation": false, "other": []});
    let r = app
        .post(
            &format!("/api/v1/cases/{}/transitions", c["id"].as_str().unwrap()),
            Some(t),
            &json!({"expected_version": r.body["version"], "command": {"action": "decide",
                    "on": on.to_string(), "outcome": {"type": "penalty", "sanction": sanction}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

/// 行政处罚法 art. 50: every person a record names (and the officers' names) is masked in the
/// draft before an editor sees it, with their id numbers however written; a name that cannot be
/// masked is refused on the record.
async fn persons_named_in_records_are_masked_automatically(app: TestApp) {
    let t = token(&app, "demo_officer").await;
    let editor = token(&app, "demo_editor").await;
    let witness_id = resident_id_born(NaiveDate::from_ymd_opt(1980, 5, 6).unwrap());
    let spaced: String = witness_id
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let sep = (i > 0 && i % 4 == 0).then_some(' ');
            sep.into_iter().chain(std::iter::once(c))
        })
        .collect();
    let title = format!(
        "张三未按规定使用财政票据，经{WITNESS}（证件{spaced}）指认，其{RELATIVE}在场，张执法、李执法检查"
    );
    let c = open_case(&app, &t, &title).await;
    let records = format!("/api/v1/cases/{}/records", c["id"].as_str().unwrap());
    // A name of one character cannot be masked reliably: refused, naming the field.
    let r = app
        .post(
            &records,
            Some(&t),
            &json!({"kind": "transcript", "title": "询问笔录", "text": "问：……",
                    "persons_named": [{"name": "钱", "role": "witness"}]}),
        )
        .await;
    let p = r.problem(422, "validation_failed");
    assert!(p["errors"]["persons_named"].is_array(), "{p}");
    let r = app
        .post(
            &records,
            Some(&t),
            &json!({"kind": "transcript", "title": "询问笔录", "text": format!("证人{WITNESS}称……"),
            "document_type": "inquiry_transcript",
            "persons_named": [
                {"name": WITNESS, "role": "witness", "id_number": spaced},
                {"name": RELATIVE, "role": "relative"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["persons_named"][0]["id_number"], witness_id.as_str());
    assert_eq!(r.body["persons_named"][1]["role"], "relative");
    let decided = decide(&app, &t, &c, app.today()).await;
    let d = disclosure_of(&app, &editor, &decided).await;
    assert_eq!(d["status"], "draft", "{d}");
    // Masked in the draft's own text, before any editor edited anything.
    let facts = d["source"]["facts"].as_str().unwrap();
    for secret in [
        WITNESS,
        RELATIVE,
        "张执法",
        "李执法",
        witness_id.as_str(),
        spaced.as_str(),
    ] {
        assert!(!facts.contains(secret), "{secret} in {facts}");
    }
    assert!(
        facts.contains("张三"),
        "the party's own name stays: {facts}"
    );
    let preview = d["preview"].to_string();
    for secret in [WITNESS, RELATIVE, "张执法", witness_id.as_str()] {
        assert!(!preview.contains(secret), "{secret} in {preview}");
    }
    // The editor cannot type the witness back in.
    let mut body = json!({"expected_version": d["version"],
        "facts": format!("张三未按规定使用财政票据，经{WITNESS}指认。")});
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{}", d["id"].as_str().unwrap()),
            Some(&editor),
            &body,
        )
        .await;
    let p = r.problem(422, "mask_removed");
    assert!(p["errors"]["facts"].is_array(), "{p}");
    // …nor the witness's id number written with hyphens and full-width digits.
    let fancy: String = witness_id
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(v) => char::from_u32('０' as u32 + v).unwrap(),
            None => 'ｘ',
        })
        .collect();
    body["facts"] = json!(format!("证件号{}-{}", &fancy[..18], &fancy[18..]));
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{}", d["id"].as_str().unwrap()),
            Some(&editor),
            &body,
        )
        .await;
    r.problem(422, "mask_removed");
    // Adding a mask is fine.
    body["facts"] = json!("张三未按规定使用财政票据，经＊＊＊指认。");
    let r = app
        .patch(
            &format!("/api/v1/disclosures/{}", d["id"].as_str().unwrap()),
            Some(&editor),
            &body,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Publication: nothing of the persons named reaches the public API.
    let approver = token(&app, "demo_approver").await;
    let d = ok_step(&app, &editor, &r.body, "submission", json!({})).await;
    let d = ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    let public = app
        .get(
            &format!("/api/public/v1/decisions/{}", d["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(public.status, 200, "{}", public.body);
    let text = public.body.to_string();
    for secret in [WITNESS, RELATIVE, "张执法", "李执法", witness_id.as_str()] {
        assert!(!text.contains(secret), "{secret} published: {text}");
    }
}

/// 国办发〔2018〕118号 and 行政处罚法 art. 48: a publication or withdrawal period that reaches a
/// year without holiday data is unknown — with the year to load — in the detail, the queue and
/// the deadlines list, never 7 calendar days; once the year is loaded it is computed, and the
/// server's clock makes it fall due.
async fn due_dates_are_unknown_until_the_calendar_has_the_year(app: TestApp) {
    let t = token(&app, "demo_officer").await;
    let editor = token(&app, "demo_editor").await;
    let approver = token(&app, "demo_approver").await;
    // The shipped calendar ends with 2026: decide on 2026-12-28 by the server's clock.
    let day = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
    app.set_today(day);
    let a = open_case(&app, &t, "张三未按规定使用财政票据").await;
    let a = decide(&app, &t, &a, day).await;
    // A second decision, published at once, then revoked on 2026-12-29.
    let b = open_case(&app, &t, "李四未按规定使用财政票据").await;
    let b = decide(&app, &t, &b, day).await;
    let d = disclosure_of(&app, &editor, &b).await;
    let d = ok_step(&app, &editor, &d, "submission", json!({})).await;
    let d = ok_step(&app, &approver, &d, "review", json!({"approve": true})).await;
    let revoked = NaiveDate::from_ymd_opt(2026, 12, 29).unwrap();
    app.set_today(revoked);
    let d = ok_step(
        &app,
        &editor,
        &d,
        "withdrawal-requirement",
        json!({"basis": "复议决定撤销原处罚决定", "on": revoked.to_string()}),
    )
    .await;
    let note = "未知——请先载入2027年的节假日数据";
    assert_eq!(d["withdrawal_due_on"], Value::Null, "{d}");
    assert_eq!(d["withdrawal_due_note"], note, "{d}");
    let da = disclosure_of(&app, &editor, &a).await;
    assert_eq!(da["due_on"], Value::Null, "{da}");
    assert_eq!(da["due_note"], note, "{da}");
    assert_eq!(da["overdue"], false);
    let q = app.get("/api/v1/disclosures", Some(&editor)).await;
    let item = q.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == da["id"])
        .unwrap()
        .clone();
    assert_eq!(item["due_on"], Value::Null);
    assert_eq!(item["due_note"], note);
    let deadline = |body: &Value, kind: &str| -> Value {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["deadline"]["kind"] == kind)
            .map(|i| i["deadline"].clone())
            .unwrap_or(Value::Null)
    };
    let dl = app.get("/api/v1/deadlines", Some(&editor)).await;
    let entry = deadline(&dl.body, "disclosure");
    assert_eq!(entry["status"], "unknown", "{}", dl.body);
    assert_eq!(entry["due"], Value::Null);
    assert_eq!(entry["note"], note);
    assert_eq!(entry["amount"], 7);
    let entry = deadline(&dl.body, "disclosure_withdrawal");
    assert_eq!(entry["status"], "unknown", "{}", dl.body);
    assert_eq!(entry["note"], note);
    assert_eq!(entry["amount"], 3);
    // The year is loaded (weekends only, for the test): the due dates are computed on read.
    app.load_plain_year(2027).await;
    let da = disclosure_of(&app, &editor, &a).await;
    // 2026-12-28 (Mon) + 7 working days: 29, 30, 31 Dec, 1 Jan (no holiday in the test's
    // 2027), 4, 5, 6 Jan.
    assert_eq!(da["due_on"], "2027-01-06", "{da}");
    assert_eq!(da["due_note"], Value::Null);
    // 2026-12-29 (Tue) + 3 working days: 30, 31 Dec, 1 Jan.
    let db = disclosure_of(&app, &editor, &b).await;
    assert_eq!(db["withdrawal_due_on"], "2027-01-01", "{db}");
    // The server's clock passes both due days: overdue in the detail and the deadlines list.
    app.set_today(NaiveDate::from_ymd_opt(2027, 1, 7).unwrap());
    let da = disclosure_of(&app, &editor, &a).await;
    assert_eq!(da["overdue"], true, "{da}");
    let dl = app
        .get("/api/v1/deadlines?status=overdue", Some(&editor))
        .await;
    assert_eq!(
        deadline(&dl.body, "disclosure")["due"],
        "2027-01-06",
        "{}",
        dl.body
    );
    assert_eq!(
        deadline(&dl.body, "disclosure_withdrawal")["due"],
        "2027-01-01",
        "{}",
        dl.body
    );
    // Withdrawn late but withdrawn: the deadline leaves the list.
    let d = ok_step(
        &app,
        &editor,
        &db,
        "withdrawal",
        json!({"reason": "原处罚决定已被撤销"}),
    )
    .await;
    assert_eq!(d["status"], "withdrawn");
    let dl = app.get("/api/v1/deadlines", Some(&editor)).await;
    assert_eq!(deadline(&dl.body, "disclosure_withdrawal"), Value::Null);
}
