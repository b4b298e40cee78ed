//! Demo penalty cases in the ordinary procedure (行政处罚法 chapter V section 2), one at each
//! stage: just opened, under investigation with evidence photos, reported, notified, heard,
//! in legal review (art. 58), waiting for collective deliberation (art. 57), decided and
//! published, archived with a complete file, overdue (art. 60), and decided not to penalise
//! (art. 33).

use super::acts::{document, fine, open, penalty, photos};
use super::client::text;
use super::documents::{issue, proposing, served};
use super::{disclosure, organisation, title, Demo};
use sanxiang_domain::case::{Command, NoPenaltyGround, Outcome, ServiceMethod};
use serde_json::{json, Value};

async fn open_penalty(d: &Demo<'_>, what: &str, party: Value) -> anyhow::Result<Value> {
    open(
        d,
        json!({"kind": "penalty", "title": title(what), "party": party}),
    )
    .await
}

fn file(d: &Demo<'_>, on: i64, violation: i64, discovered: i64) -> Command {
    Command::File {
        on: d.day(on),
        violation_on: d.day(violation),
        discovered_on: d.day(discovered),
        grave_harm: false,
        limitation_override: None,
    }
}

fn complete(d: &Demo<'_>, on: i64) -> Command {
    Command::Complete { on: d.day(on) }
}

/// Filed `on` days ago, investigated with an inquiry transcript and photos, the investigation
/// ended `done` days ago: the case at the investigation report.
async fn investigated(
    d: &Demo<'_>,
    what: &str,
    party: Value,
    on: i64,
    done: i64,
    photo: u32,
) -> anyhow::Result<Value> {
    let o = &d.officer;
    let c = open_penalty(d, what, party).await?;
    document(
        o,
        &c,
        "filing_approval",
        "立案审批表",
        "经初步核查，当事人涉嫌违法，建议立案调查。",
    )
    .await?;
    let c = o
        .act(&o.reload(&c).await?, file(d, on, on + 30, on + 2))
        .await?;
    o.record(
        &c,
        json!({"kind": "transcript", "document_type": "inquiry_transcript", "title": "询问笔录",
        "text": "问：你单位的会计凭证由谁保管？答：由财务人员负责保管。问：……答：……"}),
    )
    .await?;
    photos(o, &c, "现场检查照片", photo, 2, d.day(on - 1)).await?;
    let c = o.reload(&c).await?;
    let c = o.act(&c, complete(d, done)).await?;
    document(
        o,
        &c,
        "investigation_report",
        "调查终结报告",
        "经调查，违法事实清楚，证据确实充分，建议给予行政处罚。",
    )
    .await?;
    o.reload(&c).await
}

/// Notified `served` days ago of a fine of `fen`, the party waived its rights the day after.
async fn waived(d: &Demo<'_>, c: &Value, served: i64, fen: i64) -> anyhow::Result<Value> {
    let o = &d.officer;
    // The notice is served by its 告知书 (行政处罚法 art. 44): issued first.
    issue(d, c, "penalty_notice", proposing(&fine(fen))).await?;
    let c = o.reload(c).await?;
    let c = o
        .act(
            &c,
            Command::IssueNotice {
                served_on: d.day(served),
                proposed: fine(fen),
            },
        )
        .await?;
    let c = o
        .act(
            &c,
            Command::WaiveRights {
                on: d.day(served - 1),
            },
        )
        .await?;
    document(
        o,
        &c,
        "rights_waiver",
        "放弃陈述申辩声明",
        "当事人书面声明放弃陈述、申辩和听证的权利。",
    )
    .await?;
    o.reload(&c).await
}

/// Decided by the agency head `on` days ago, served the next day: the case at execution.
async fn decided(d: &Demo<'_>, c: &Value, on: i64, outcome: Outcome) -> anyhow::Result<Value> {
    let o = &d.officer;
    // The decision is made by its 决定书 (art. 59), service proved by the 送达回证 (art. 61).
    let kind = match &outcome {
        Outcome::Penalty { .. } => Some("penalty_decision"),
        Outcome::NoPenalty { .. } => Some("no_penalty_decision"),
        Outcome::TransferToJudicial => None,
    };
    if let Some(kind) = kind {
        issue(d, c, kind, json!({})).await?;
    }
    let c = o.reload(c).await?;
    let c = d
        .head
        .act(
            &c,
            Command::Decide {
                on: d.day(on),
                outcome,
            },
        )
        .await?;
    issue(d, &c, "service_receipt", served(d.day(on - 1))).await?;
    let c = o.reload(&c).await?;
    let c = o
        .act(
            &c,
            Command::RecordService {
                on: d.day(on - 1),
                method: ServiceMethod::Direct,
            },
        )
        .await?;
    o.reload(&c).await
}

/// The ordinary-procedure penalty cases; returns how many were opened.
pub(crate) async fn seed(d: &Demo<'_>) -> anyhow::Result<usize> {
    let o = &d.officer;
    // Just opened: filing is pending.
    let c = open_penalty(
        d,
        "违规使用财政票据线索核查",
        organisation("桓仁县兴隆物资经销部", 101),
    )
    .await?;
    document(
        o,
        &c,
        "filing_approval",
        "立案审批表",
        "群众举报当事人违规使用财政票据，建议立案。",
    )
    .await?;

    // Under investigation, with photos.
    let c = open_penalty(
        d,
        "未按规定保存会计凭证",
        organisation("桓仁县鑫达商贸有限公司", 102),
    )
    .await?;
    let c = o.act(&c, file(d, 4, 45, 6)).await?;
    o.record(
        &c,
        json!({"kind": "transcript", "document_type": "inquiry_transcript", "title": "询问笔录",
        "text": "问：2025年度会计凭证存放在何处？答：部分凭证因搬迁遗失。"}),
    )
    .await?;
    photos(o, &c, "会计凭证存放现场照片", 1, 3, d.day(3)).await?;

    // At the investigation report.
    investigated(
        d,
        "虚列支出套取财政资金",
        organisation("桓仁县宏远建筑工程有限公司", 103),
        22,
        6,
        4,
    )
    .await?;

    // Notified, the party's statement period running.
    let c = investigated(
        d,
        "未按规定设置会计账簿",
        organisation("桓仁县山水农业科技有限公司", 104),
        26,
        14,
        6,
    )
    .await?;
    issue(d, &c, "penalty_notice", proposing(&fine(2_000_000))).await?;
    let c = o.reload(&c).await?;
    o.act(
        &c,
        Command::IssueNotice {
            served_on: d.day(5),
            proposed: fine(2_000_000),
        },
    )
    .await?;

    // The party stated its case.
    let c = investigated(
        d,
        "伪造会计凭证",
        organisation("桓仁县北方物流有限公司", 105),
        27,
        15,
        8,
    )
    .await?;
    issue(d, &c, "penalty_notice", proposing(&fine(3_000_000))).await?;
    let c = o.reload(&c).await?;
    let c = o
        .act(
            &c,
            Command::IssueNotice {
                served_on: d.day(6),
                proposed: fine(3_000_000),
            },
        )
        .await?;
    let c = o.act(&c, Command::RecordStatement { on: d.day(4) }).await?;
    document(
        o,
        &c,
        "statement_record",
        "陈述申辩笔录",
        "当事人称系财务人员操作失误，请求从轻处罚。",
    )
    .await?;

    // In legal review (行政处罚法 art. 58): 200,000 yuan against an organisation.
    let c = investigated(
        d,
        "编造虚假会计资料",
        organisation("桓仁县金海矿业有限公司", 106),
        28,
        20,
        10,
    )
    .await?;
    let c = waived(d, &c, 18, 20_000_000).await?;
    legal_review(d, &c).await?;

    // Waiting for collective deliberation (art. 57).
    let c = open(
        d,
        json!({"kind": "penalty", "title": title("违规发放津贴补贴"),
        "party": organisation("桓仁县城市供热有限公司", 107),
        "flags": {"legal_review_required": false, "collective_deliberation_required": true}}),
    )
    .await?;
    let c = o.act(&c, file(d, 25, 60, 27)).await?;
    let c = o.act(&c, complete(d, 16)).await?;
    let c = waived(d, &c, 12, 1_500_000).await?;
    document(
        o,
        &c,
        "deliberation_request",
        "集体讨论提请书",
        "本案拟处罚款1.5万元，提请机关负责人集体讨论决定。",
    )
    .await?;

    // Decided and published; half of the fine paid so far (art. 67).
    let c = investigated(
        d,
        "未按规定使用财政票据",
        organisation("桓仁县长青餐饮管理有限公司", 108),
        29,
        23,
        12,
    )
    .await?;
    let c = waived(d, &c, 21, 500_000).await?;
    let c = decided(d, &c, 16, penalty(500_000)).await?;
    let c = o
        .act(
            &c,
            Command::RecordFinePayment {
                on: d.day(10),
                amount_fen: 250_000,
            },
        )
        .await?;
    document(
        o,
        &c,
        "execution_record",
        "罚款缴款凭证（部分）",
        "当事人已通过银行缴纳罚款2500元。",
    )
    .await?;
    disclosure::publish(
        d,
        &c,
        "当事人在经营活动中未按规定使用财政票据，违反了财政票据管理规定。",
        "《财政票据管理办法》第四十条",
    )
    .await?;

    // Archived with a complete file, published.
    let c = investigated(
        d,
        "会计账簿登记不规范",
        organisation("桓仁县恒通汽车销售服务有限公司", 109),
        30,
        26,
        14,
    )
    .await?;
    let c = waived(d, &c, 24, 300_000).await?;
    let c = decided(d, &c, 20, penalty(300_000)).await?;
    let c = o
        .act(
            &c,
            Command::RecordExecution {
                on: d.day(15),
                forced: false,
            },
        )
        .await?;
    document(
        o,
        &c,
        "execution_record",
        "罚款缴款凭证",
        "当事人已缴纳罚款。",
    )
    .await?;
    let c = o.reload(&c).await?;
    let c = o.act(&c, Command::Close { on: d.day(12) }).await?;
    document(
        o,
        &c,
        "closure_report",
        "结案报告",
        "本案处罚决定已执行完毕，建议结案。",
    )
    .await?;
    let c = o.reload(&c).await?;
    let c = o
        .act(
            &c,
            Command::Archive {
                file_override: None,
            },
        )
        .await?;
    disclosure::publish(
        d,
        &c,
        "当事人会计账簿登记不规范，记账凭证与原始凭证不符，违反了《中华人民共和国会计法》的规定。",
        "《中华人民共和国会计法》第四十二条",
    )
    .await?;

    // Overdue: filed 95 days ago, still undecided (art. 60: 90 days).
    let c = open_penalty(
        d,
        "隐匿会计凭证",
        organisation("桓仁县德胜商贸有限公司", 110),
    )
    .await?;
    let c = o.act(&c, file(d, 95, 140, 97)).await?;
    o.record(
        &c,
        json!({"kind": "transcript", "document_type": "inquiry_transcript", "title": "询问笔录",
        "text": "问：为何未能提供2024年度的会计凭证？答：负责人外出，无法提供。"}),
    )
    .await?;
    let c = o.reload(&c).await?;
    o.act(&c, complete(d, 60)).await?;

    // No penalty: a first minor violation, corrected at once (art. 33 para. 1).
    let c = investigated(
        d,
        "会计凭证保管不善",
        organisation("桓仁县晨光文化传媒有限公司", 111),
        17,
        12,
        16,
    )
    .await?;
    let c = o.act(&c, complete(d, 11)).await?;
    let outcome = Outcome::NoPenalty {
        ground: Some(NoPenaltyGround::FirstMinorViolation),
    };
    decided(d, &c, 8, outcome).await?;
    Ok(11)
}

/// The officer asks for the legal review (行政处罚法 art. 58); the reviewer takes it and works
/// through the checklist, the opinion still to come.
async fn legal_review(d: &Demo<'_>, c: &Value) -> anyhow::Result<()> {
    let id = text(c, "id")?;
    let timeline = d
        .officer
        .get(&format!("/api/v1/cases/{id}/timeline"))
        .await?;
    let report = timeline["items"]
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|r| r["document_type"] == "investigation_report")
        })
        .map(|r| r["id"].clone())
        .ok_or_else(|| anyhow::anyhow!("no investigation report on file"))?;
    let draft = json!({"outcome": "penalty", "sanction": fine(20_000_000),
        "legal_basis": ["《中华人民共和国会计法》第四十一条"], "hearing_held": false, "flags": {}});
    d.officer
        .post(
            &format!("/api/v1/cases/{id}/review"),
            &json!({"materials": [{"record_id": report, "kind": "investigation_report"}], "draft": draft}),
        )
        .await?;
    d.reviewer
        .post(
            &format!("/api/v1/cases/{id}/review/assignment"),
            &json!({"reviewer_id": d.reviewer.id}),
        )
        .await?;
    let answers: Vec<Value> = [
        "lawful_subject",
        "officers_qualified",
        "facts_clear",
        "evidence_sufficient",
        "law_correct",
    ]
    .iter()
    .map(|i| json!({"item": i, "finding": "pass"}))
    .collect();
    d.reviewer
        .post(
            &format!("/api/v1/cases/{id}/review/answers"),
            &json!({"answers": answers}),
        )
        .await?;
    Ok(())
}
