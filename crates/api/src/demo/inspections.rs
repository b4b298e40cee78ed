//! The demo's registers and random inspection (双随机、一公开): an enforcement matter and an
//! inspection item published after a second person's review (118号), a pool of targets, a plan
//! fixed and drawn (the draw is public and verifiable), its tasks as inspection cases — one
//! inspected on site with photos, one carried to its result and published.

use super::acts::photos;
use super::client::{text, Session};
use super::{credit_code, Demo, PARTY};
use sanxiang_domain::case::{Command, InspectionResult};
use serde_json::{json, Value};

/// Writes a register entry as the editor, submits it and has the approver publish it.
async fn publish_register(d: &Demo<'_>, kind: &str, content: Value) -> anyhow::Result<Value> {
    let v = d
        .editor
        .post(
            &format!("/api/v1/registers/{kind}"),
            &json!({"content": content, "effective_from": d.day(30), "change_note": "首次发布（演示）"}),
        )
        .await?;
    let path = format!(
        "/api/v1/registers/{kind}/{}/versions/{}",
        text(&v, "entry_id")?,
        v["version"]
    );
    d.editor.post(&format!("{path}/submit"), &json!({})).await?;
    d.head
        .post(
            &format!("{path}/review"),
            &json!({"approve": true, "comment": "经审核，同意发布。"}),
        )
        .await?;
    Ok(v)
}

const TARGETS: &[(&str, &str)] = &[
    ("桓仁县诚信财务咨询有限公司", "A"),
    ("桓仁县正源会计服务有限公司", "A"),
    ("桓仁县明达代理记账有限公司", "B"),
    ("桓仁县安泰代理记账有限公司", "B"),
    ("桓仁县友邦财税服务有限公司", "B"),
    ("桓仁县汇通会计师事务所有限公司", "C"),
    ("桓仁县启航企业管理咨询有限公司", "C"),
    ("桓仁县金算盘代理记账有限公司", "D"),
];

/// Registers, the target pool, a drawn plan and its tasks; returns how many inspection cases
/// the tasks opened.
pub(crate) async fn seed(d: &Demo<'_>) -> anyhow::Result<usize> {
    publish_register(
        d,
        "enforcement_matter",
        json!({"name": "对违反会计法行为的行政处罚", "kind": "penalty",
            "legal_basis": "《中华人民共和国会计法》第四十二条",
            "duties_and_powers": "对违反会计法规定的单位和个人进行处罚",
            "agency": "桓仁满族自治县财政局"}),
    )
    .await?;
    let item = publish_register(
        d,
        "inspection_item",
        json!({"item": "代理记账机构监督检查", "sub_item": "执业条件",
            "legal_basis": "《代理记账管理办法》第二十二条", "agency": "桓仁满族自治县财政局",
            "target_type": "代理记账机构", "content": "代理记账资格、内部管理制度、业务开展情况",
            "ratio_percent": 5.0, "frequency": "每年一次", "method": "书面检查、实地核查",
            "inspector_requirements": "每个检查对象不少于2名持证执法人员",
            "enforcement_category": "财政"}),
    )
    .await?;
    let o = &d.officer;
    for (i, (name, tier)) in TARGETS.iter().enumerate() {
        let n = 301 + u32::try_from(i)?;
        o.post(
            "/api/v1/inspections/targets",
            &json!({"name": format!("{name}{PARTY}"), "credit_code": credit_code(n),
                "kind": "organisation", "tier": tier, "address": "桓仁满族自治县桓仁镇",
                "tags": ["代理记账"]}),
        )
        .await?;
    }
    let plan = o
        .post(
            "/api/v1/inspections/plans",
            &json!({"name": "【演示】代理记账机构随机抽查", "item_id": text(&item, "entry_id")?,
                "period_start": d.day(20), "period_end": d.day(-40), "rules": {"count": 3}}),
        )
        .await?;
    let id = text(&plan, "id")?;
    o.post(&format!("/api/v1/inspections/plans/{id}/fix"), &json!({}))
        .await?;
    o.post(&format!("/api/v1/inspections/plans/{id}/draw"), &json!({}))
        .await?;
    o.post(&format!("/api/v1/inspections/plans/{id}/tasks"), &json!({}))
        .await?;
    let progress = o
        .get(&format!("/api/v1/inspections/plans/{id}/progress"))
        .await?;
    let tasks: Vec<String> = progress["tasks"]
        .as_array()
        .map(|t| {
            t.iter()
                .filter_map(|t| t["case_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some(case_id) = tasks.first() {
        let c = on_site(d, o, case_id, 9).await?;
        let c = o.act(&c, Command::Complete { on: d.day(8) }).await?;
        let c = o
            .act(
                &c,
                Command::RecordResult {
                    on: d.day(6),
                    result: InspectionResult::NoProblem,
                },
            )
            .await?;
        super::disclosure::publish(
            d,
            &c,
            "经现场检查，该代理记账机构执业条件、内部管理制度符合规定，未发现问题。",
            "《代理记账管理办法》第二十二条",
        )
        .await?;
    }
    if let Some(case_id) = tasks.get(1) {
        on_site(d, o, case_id, 2).await?;
    }
    Ok(tasks.len())
}

/// Takes a task to the on-site inspection `on` days ago and files its record (检查笔录, 行政处罚法
/// art. 55) and photos; returns the case.
async fn on_site(d: &Demo<'_>, o: &Session<'_>, case_id: &str, on: i64) -> anyhow::Result<Value> {
    let c = o.get(&format!("/api/v1/cases/{case_id}")).await?;
    let c = o.act(&c, Command::Complete { on: d.day(on + 1) }).await?;
    o.record(&c, json!({"kind": "transcript", "document_type": "inspection_transcript", "title": "现场检查笔录",
        "text": "检查人员出示执法证件，对代理记账资格、内部管理制度进行了现场检查，未发现问题。"}))
        .await?;
    photos(o, &c, "现场检查照片", 40 + u32::try_from(on)?, 2, d.day(on)).await?;
    o.reload(&c).await
}
