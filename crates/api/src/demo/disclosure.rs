//! Publishing demo decisions (行政处罚法 art. 48; 国办发〔2018〕118号): a decision makes a
//! masked draft; the editor submits it and the approver, a second person, publishes it. Also
//! the on-the-spot penalties (art. 51): one whose draft waits, one whose draft is overdue and
//! one published, then withdrawn after the decision was revoked on reconsideration.

use super::acts::{fine, open, penalty};
use super::client::text;
use super::documents::{issue, proposing, served};
use super::{person, title, Demo};
use sanxiang_domain::case::{Command, ServiceMethod};
use serde_json::{json, Value};

/// The disclosure the decision of `case` made.
async fn draft_of(d: &Demo<'_>, case: &Value) -> anyhow::Result<Value> {
    let id = text(case, "id")?;
    let list = d
        .editor
        .get(&format!("/api/v1/disclosures?case_id={id}"))
        .await?;
    let did = list["items"]
        .as_array()
        .and_then(|a| a.first())
        .map(|i| text(i, "id"))
        .ok_or_else(|| anyhow::anyhow!("case {id} has no disclosure draft"))??;
    d.editor.get(&format!("/api/v1/disclosures/{did}")).await
}

async fn step(
    s: &super::client::Session<'_>,
    disclosure: &Value,
    path: &str,
    body: Value,
) -> anyhow::Result<Value> {
    let mut body = body;
    body["expected_version"] = disclosure["version"].clone();
    let id = text(disclosure, "id")?;
    s.post(&format!("/api/v1/disclosures/{id}/{path}"), &body)
        .await
}

/// Draft → the editor writes the facts and the legal basis → submission (editor) → review
/// (approver, a second person): published. Returns the disclosure.
pub(crate) async fn publish(
    d: &Demo<'_>,
    case: &Value,
    facts: &str,
    legal_basis: &str,
) -> anyhow::Result<Value> {
    let draft = draft_of(d, case).await?;
    let id = text(&draft, "id")?;
    let edited = d
        .editor
        .patch(
            &format!("/api/v1/disclosures/{id}"),
            &json!({"expected_version": draft["version"], "facts": facts, "legal_basis": [legal_basis]}),
        )
        .await?;
    let submitted = step(&d.editor, &edited, "submission", json!({})).await?;
    step(&d.head, &submitted, "review", json!({"approve": true})).await
}

/// An on-the-spot fine (简易程序) decided `on` days ago and handed to the party there and then
/// (行政处罚法 art. 52); paid the next day when `paid`.
async fn on_the_spot(
    d: &Demo<'_>,
    what: &str,
    party: Value,
    on: i64,
    fen: i64,
    paid: bool,
) -> anyhow::Result<Value> {
    let o = &d.officer;
    let c = open(
        d,
        json!({"kind": "penalty", "procedure": "simplified", "title": title(what), "party": party,
            "category": "财政"}),
    )
    .await?;
    // Made by its 当场处罚决定书 and handed over with a 送达回证 (行政处罚法 art. 52, 61).
    issue(d, &c, "summary_penalty_decision", proposing(&fine(fen))).await?;
    let c = o.reload(&c).await?;
    let c = o
        .act(
            &c,
            Command::Decide {
                on: d.day(on),
                outcome: penalty(fen),
            },
        )
        .await?;
    issue(d, &c, "service_receipt", served(d.day(on))).await?;
    let c = o.reload(&c).await?;
    let c = o
        .act(
            &c,
            Command::RecordService {
                on: d.day(on),
                method: ServiceMethod::Direct,
            },
        )
        .await?;
    if !paid {
        return Ok(c);
    }
    o.act(
        &c,
        Command::RecordFinePayment {
            on: d.day(on - 1),
            amount_fen: fen,
        },
    )
    .await
}

/// The simplified-procedure cases; returns how many were opened.
pub(crate) async fn seed(d: &Demo<'_>) -> anyhow::Result<usize> {
    // Decided yesterday: the draft waits for the editor (due within 7 working days).
    on_the_spot(d, "未按规定开具财政票据", person("刘某"), 1, 15_000, false).await?;
    // Decided three weeks ago, paid, and never published: the draft is overdue.
    on_the_spot(
        d,
        "遗失财政票据未及时报告",
        person("孙某"),
        20,
        10_000,
        true,
    )
    .await?;
    // Published, then withdrawn: the decision was revoked on reconsideration (art. 48).
    let c = on_the_spot(d, "擅自转借财政票据", person("吴某"), 26, 20_000, true).await?;
    let pubd = publish(
        d,
        &c,
        "当事人吴某将领购的财政票据转借他人使用。",
        "《财政票据管理办法》第四十条",
    )
    .await?;
    let req = step(
        &d.editor,
        &pubd,
        "withdrawal-requirement",
        json!({"basis": "复议机关决定撤销原处罚决定", "on": d.day(4)}),
    )
    .await?;
    step(
        &d.editor,
        &req,
        "withdrawal",
        json!({"reason": "原处罚决定已被复议机关撤销"}),
    )
    .await?;
    Ok(3)
}
