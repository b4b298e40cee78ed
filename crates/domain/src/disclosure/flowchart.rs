//! Flowcharts (流程图) of enforcement matters, drawn from the stage machines themselves so the
//! published chart always matches how the system really handles a case (118号: 事前公开
//! 执法流程图).
//!
//! Nodes are the kind's stage path (`progress::stage_path`); the actions shown on each node and
//! arrow are what `machine::allowed_actions` allows at that stage. Stages the machine may skip
//! (hearing, legal review, collective deliberation, …) are drawn dashed.

use crate::case::progress::stage_path;
use crate::case::{allowed_actions, Action, CaseFlags, CaseKind, CaseState, Procedure, Stage};
use crate::party::PartyKind;
use std::fmt::Write;

/// The Chinese name of an action, as the flowchart labels it.
pub fn action_label_zh(a: Action) -> &'static str {
    match a {
        Action::Complete => "完成",
        Action::File => "立案审批",
        Action::PreserveEvidence => "先行登记保存",
        Action::DecidePreservation => "保存处理决定",
        Action::IssueNotice => "送达告知书",
        Action::RecordStatement => "陈述申辩",
        Action::RequestHearing => "申请听证",
        Action::ScheduleHearing => "通知听证",
        Action::HoldHearing => "举行听证",
        Action::WithdrawHearing => "撤回听证申请",
        Action::RecordHearingNoShow => "拒不出席听证",
        Action::WaiveRights => "放弃权利",
        Action::Decide => "作出决定",
        Action::RecordService => "送达",
        Action::RecordExecution => "执行",
        Action::RecordFinePayment => "缴纳罚款",
        Action::CollectOnSpot => "当场收缴",
        Action::HandInCollection => "交至机关",
        Action::ApproveDeferral => "批准暂缓缴纳",
        Action::ApproveInstalments => "批准分期缴纳",
        Action::RecordRemedy => "复议/诉讼",
        Action::EndRemedy => "复议/诉讼终结",
        Action::ApplyCourtEnforcement => "申请法院强制执行",
        Action::RecordResult => "记录检查结果",
        Action::Accept => "受理",
        Action::RejectApplication => "不予受理",
        Action::RequestCorrection => "一次性告知补正",
        Action::ReceiveSupplement => "补正材料",
        Action::ExtendReview => "延长审查",
        Action::DecideLicence => "许可决定",
        Action::IssueCertificate => "颁发证件",
        Action::Assess => "核定",
        Action::RecordPayment => "缴纳",
        Action::ApproveMeasure => "批准",
        Action::ImplementMeasure => "实施",
        Action::DisapproveMeasure => "不予批准、立即解除",
        Action::ExtendMeasure => "延长期限",
        Action::EndMeasure => "解除/处理",
        Action::Close => "结案",
        Action::Archive => "归档",
    }
}

/// The Chinese name of a case kind.
pub fn kind_label_zh(kind: CaseKind, procedure: Procedure) -> &'static str {
    match (kind, procedure) {
        (CaseKind::Penalty, Procedure::Simplified) => "行政处罚（简易程序）",
        (CaseKind::Penalty, Procedure::Ordinary) => "行政处罚（普通程序）",
        (CaseKind::Licence, _) => "行政许可",
        (CaseKind::Inspection, _) => "行政检查",
        (CaseKind::Fee, _) => "行政收费",
        (CaseKind::CoerciveMeasure, _) => "行政强制措施",
    }
}

/// One node of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub stage: Stage,
    /// The actions the machine allows in this stage.
    pub actions: Vec<Action>,
    /// The machine may skip this stage (drawn dashed).
    pub optional: bool,
}

/// Stages a case of the kind may pass by, depending on the party's choices or the case's flags.
fn is_optional(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::Notice
            | Stage::Statement
            | Stage::Hearing
            | Stage::LegalReview
            | Stage::CollectiveDeliberation
            | Stage::Execution
            | Stage::CertificateIssued
    )
}

/// The chart's nodes for a kind, in order, with the actions the machine allows at each.
pub fn nodes(kind: CaseKind, procedure: Procedure) -> Vec<Node> {
    let base = CaseState::open(
        kind,
        procedure,
        PartyKind::Organisation,
        CaseFlags::default(),
    )
    .ok();
    stage_path(kind, procedure)
        .iter()
        .map(|&stage| {
            let actions = base
                .as_ref()
                .map(|b| {
                    let mut s = b.clone();
                    s.stage = stage;
                    allowed_actions(&s)
                })
                .unwrap_or_default();
            Node {
                stage,
                actions,
                optional: procedure == Procedure::Ordinary && is_optional(stage),
            }
        })
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draws the chart as a standalone SVG: a title, then one box per stage top to bottom, arrows
/// between them labelled with the actions that finish the stage.
pub fn svg(kind: CaseKind, procedure: Procedure, title: Option<&str>) -> String {
    const W: i32 = 360;
    const BOX_W: i32 = 200;
    const BOX_H: i32 = 40;
    const GAP: i32 = 44;
    const TOP: i32 = 56;
    let ns = nodes(kind, procedure);
    let n = i32::try_from(ns.len()).unwrap_or(0);
    let h = TOP + n * BOX_H + (n - 1).max(0) * GAP + 24;
    let x = (W - BOX_W) / 2;
    let heading = title.unwrap_or_else(|| kind_label_zh(kind, procedure));
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{h}" viewBox="0 0 {W} {h}" role="img" aria-label="{t}流程图" font-family="'Noto Sans CJK SC','Microsoft YaHei',sans-serif"><title>{t}流程图</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs><rect width="100%" height="100%" fill="#fff"/><text x="{cx}" y="30" text-anchor="middle" font-size="16" font-weight="bold" fill="#222">{t}流程图</text>"##,
        t = esc(heading),
        cx = W / 2,
    );
    for (i, node) in ns.iter().enumerate() {
        let i = i32::try_from(i).unwrap_or(0);
        let y = TOP + i * (BOX_H + GAP);
        let dash = if node.optional {
            r#" stroke-dasharray="5,3""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r##"<g class="stage" data-stage="{code}"><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="#eef4fb" stroke="#2f6fad" stroke-width="1.5"{dash}/><text x="{cx}" y="{ty}" text-anchor="middle" font-size="14" fill="#123">{label}</text></g>"##,
            code = node.stage,
            cx = W / 2,
            ty = y + BOX_H / 2 + 5,
            label = esc(node.stage.label_zh()),
        );
        if i + 1 < n {
            let y1 = y + BOX_H;
            let y2 = y1 + GAP;
            let labels: Vec<&str> = node.actions.iter().map(|a| action_label_zh(*a)).collect();
            let _ = write!(
                out,
                r##"<line x1="{cx}" y1="{y1}" x2="{cx}" y2="{y2m}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/><text x="{lx}" y="{ly}" font-size="11" fill="#555">{l}</text>"##,
                cx = W / 2,
                y2m = y2 - 2,
                lx = W / 2 + 8,
                ly = y1 + GAP / 2 + 4,
                l = esc(&labels.join(" / ")),
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [(CaseKind, Procedure); 6] = [
        (CaseKind::Penalty, Procedure::Ordinary),
        (CaseKind::Penalty, Procedure::Simplified),
        (CaseKind::Inspection, Procedure::Ordinary),
        (CaseKind::Licence, Procedure::Ordinary),
        (CaseKind::Fee, Procedure::Ordinary),
        (CaseKind::CoerciveMeasure, Procedure::Ordinary),
    ];

    #[test]
    fn every_stage_of_the_machine_is_drawn() {
        for (k, p) in ALL {
            let svg = svg(k, p, None);
            for s in stage_path(k, p) {
                assert!(svg.contains(s.label_zh()), "{k} {s}");
                assert!(svg.contains(&format!("data-stage=\"{s}\"")), "{k} {s}");
            }
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        }
    }

    #[test]
    fn every_stage_but_the_last_allows_an_action() {
        for (k, p) in ALL {
            for n in nodes(k, p) {
                assert!(!n.actions.is_empty(), "{k} {}", n.stage);
            }
        }
    }

    /// 行政处罚法 art. 58: legal review is a stage of the ordinary penalty procedure, optional.
    #[test]
    fn legal_review_is_an_optional_penalty_stage_art_58() {
        let ns = nodes(CaseKind::Penalty, Procedure::Ordinary);
        assert!(ns
            .iter()
            .any(|n| n.stage == Stage::LegalReview && n.optional));
    }

    #[test]
    fn titles_are_escaped() {
        assert!(svg(CaseKind::Fee, Procedure::Ordinary, Some("<a&b>")).contains("&lt;a&amp;b&gt;"));
    }
}
