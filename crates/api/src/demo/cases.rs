//! Demo cases of the other kinds: licences (行政许可法 art. 32, 42), fees, and coercive
//! measures (行政强制法 art. 18, 24, 25) — one of each overdue.

use super::acts::{document, open};
use super::{organisation, picture, title, Demo};
use sanxiang_domain::case::{Command, OfficerId, SeizureList};
use sanxiang_domain::disclosure::credit::{no_end, LicenceCategory, LicenceTerms};
use serde_json::json;
use uuid::Uuid;

/// Licences, fees and coercive measures; returns how many cases were opened.
pub(crate) async fn seed(d: &Demo<'_>) -> anyhow::Result<usize> {
    let o = &d.officer;
    let head: Uuid = d.head.id.parse()?;
    let licence =
        |what: &str, party| json!({"kind": "licence", "title": title(what), "party": party});

    // Application complete three weeks ago and never accepted: the 5 working days to accept
    // or refuse it (行政许可法 art. 32) have passed.
    let c = open(
        d,
        licence(
            "代理记账资格申请",
            organisation("桓仁县诚信财务咨询有限公司", 201),
        ),
    )
    .await?;
    o.act(&c, Command::Complete { on: d.day(20) }).await?;

    // Accepted, under review.
    let c = open(
        d,
        licence(
            "代理记账资格申请",
            organisation("桓仁县正源会计服务有限公司", 202),
        ),
    )
    .await?;
    let c = o.act(&c, Command::Complete { on: d.day(12) }).await?;
    o.act(&c, Command::Accept { on: d.day(10) }).await?;

    // Granted, certificate issued.
    let c = open(
        d,
        licence(
            "代理记账资格申请",
            organisation("桓仁县明达代理记账有限公司", 203),
        ),
    )
    .await?;
    let c = o.act(&c, Command::Complete { on: d.day(25) }).await?;
    let c = o.act(&c, Command::Accept { on: d.day(23) }).await?;
    let c = o.act(&c, Command::Complete { on: d.day(10) }).await?;
    let c = d
        .head
        .act(
            &c,
            Command::DecideLicence {
                on: d.day(6),
                granted: true,
                terms: Some(LicenceTerms {
                    document_name: "准予行政许可决定书".into(),
                    category: LicenceCategory::Recognition,
                    certificate_name: Some("代理记账许可证书".into()),
                    certificate_number: Some("JZ2105220203".into()),
                    content: "准予取得代理记账资格".into(),
                    valid_from: d.day(6),
                    valid_until: no_end(),
                }),
            },
        )
        .await?;
    document(
        o,
        &c,
        "licence_decision",
        "准予行政许可决定书",
        "准予当事人取得代理记账资格。",
    )
    .await?;
    let c = o.reload(&c).await?;
    o.act(&c, Command::IssueCertificate { on: d.day(5) })
        .await?;

    // A fee assessed, awaiting payment; another paid.
    let fee = |what: &str, party| json!({"kind": "fee", "title": title(what), "party": party});
    let c = open(
        d,
        fee("非税收入征收", organisation("桓仁县顺达砂石有限公司", 204)),
    )
    .await?;
    o.act(
        &c,
        Command::Assess {
            on: d.day(6),
            amount_fen: 1_280_000,
        },
    )
    .await?;
    let c = open(
        d,
        fee("非税收入征收", organisation("桓仁县林丰木业有限公司", 205)),
    )
    .await?;
    let c = o
        .act(
            &c,
            Command::Assess {
                on: d.day(21),
                amount_fen: 860_000,
            },
        )
        .await?;
    o.act(&c, Command::RecordPayment { on: d.day(14) }).await?;

    // A seizure carried out 33 days ago and not yet ended: past its 30 days (行政强制法
    // art. 25), with the on-site record and the continuous video (art. 18).
    let measure = |what: &str, party| json!({"kind": "coercive_measure", "title": title(what), "party": party});
    let c = open(
        d,
        measure(
            "查封违法使用的财政票据",
            organisation("桓仁县通达票务代理有限公司", 206),
        ),
    )
    .await?;
    let c = d
        .head
        .act(
            &c,
            Command::ApproveMeasure {
                on: d.day(34),
                approved_by: Some(OfficerId(head)),
            },
        )
        .await?;
    o.record(
        &c,
        json!({"kind": "transcript", "document_type": "measure_transcript", "title": "现场笔录",
        "text": "执法人员二人到场，出示执法证件，告知当事人查封理由、依据及其享有的权利。"}),
    )
    .await?;
    let sha = o.upload("执法记录仪_查封.mp4", picture::video(1)).await?;
    o.record(
        &c,
        json!({"kind": "video", "activity": "seizure", "title": "查封全程录像",
        "attachments": [{"sha256": sha, "file_name": "执法记录仪_查封.mp4"}]}),
    )
    .await?;
    let c = o.reload(&c).await?;
    o.act(
        &c,
        Command::ImplementMeasure {
            on: d.day(33),
            emergency: false,
            seizure_list: Some(SeizureList {
                items: 4,
                handed_over_on: d.day(33),
            }),
        },
    )
    .await?;

    // A measure waiting for the agency head's approval.
    let c = open(
        d,
        measure(
            "扣押涉案会计账簿",
            organisation("桓仁县永盛贸易有限公司", 207),
        ),
    )
    .await?;
    document(
        o,
        &c,
        "measure_request",
        "采取行政强制措施审批表",
        "当事人可能转移、隐匿会计账簿，申请扣押。",
    )
    .await?;
    Ok(7)
}
