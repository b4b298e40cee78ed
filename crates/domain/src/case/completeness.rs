//! Case-file completeness (案卷标准): which documents each kind's file must hold, stage by stage.
//! The standard is configuration with a shipped default; archiving needs a complete file or an
//! approver's recorded override (行政处罚法 art. 47: the whole process is recorded and archived).

use super::kind::{CaseKind, Procedure, Stage};
use super::progress::stage_path;
use super::state::CaseState;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// When a requirement applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Always,
    /// A notice of intended penalty was served.
    NoticeServed,
    /// The party waived statement and hearing (the waiver replaces the statement record).
    RightsWaived,
    /// The party stated its case without a hearing.
    Defended,
    /// A hearing was held.
    HearingHeld,
    /// Legal review required (art. 58).
    LegalReview,
    /// Collective deliberation flagged (art. 57).
    Deliberation,
    /// Evidence was preserved (art. 56).
    Preservation,
    /// The decision imposes something to execute.
    Executable,
    /// A licence was granted.
    Granted,
}

/// One required document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// The stage whose work the document records.
    pub stage: Stage,
    /// `document_type` of the record that satisfies it; any of these.
    pub document_types: Vec<String>,
    /// Chinese name.
    pub label: String,
    pub condition: Condition,
}

fn req(stage: Stage, types: &[&str], label: &str, condition: Condition) -> Requirement {
    Requirement {
        stage,
        document_types: types.iter().map(|t| (*t).to_owned()).collect(),
        label: label.to_owned(),
        condition,
    }
}

/// The file standard per kind (configurable; `Default` is the shipped standard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStandard {
    pub penalty: Vec<Requirement>,
    pub penalty_simplified: Vec<Requirement>,
    pub inspection: Vec<Requirement>,
    pub licence: Vec<Requirement>,
    pub fee: Vec<Requirement>,
    pub coercive_measure: Vec<Requirement>,
}

impl Default for FileStandard {
    fn default() -> Self {
        use Condition as C;
        use Stage as S;
        Self {
            penalty: vec![
                req(S::Filing, &["filing_approval"], "立案审批表", C::Always),
                req(
                    S::Investigation,
                    &["inquiry_transcript", "inspection_transcript"],
                    "询问（检查）笔录",
                    C::Always,
                ),
                req(S::Investigation, &["evidence"], "证据材料", C::Always),
                req(
                    S::Investigation,
                    &["preservation_decision"],
                    "先行登记保存处理决定书",
                    C::Preservation,
                ),
                req(
                    S::InvestigationReport,
                    &["investigation_report"],
                    "调查终结报告",
                    C::Always,
                ),
                req(
                    S::Notice,
                    &["penalty_notice"],
                    "行政处罚告知书",
                    C::NoticeServed,
                ),
                req(
                    S::Statement,
                    &["statement_record"],
                    "陈述申辩笔录",
                    C::Defended,
                ),
                req(
                    S::Statement,
                    &["rights_waiver"],
                    "放弃陈述申辩（听证）声明",
                    C::RightsWaived,
                ),
                req(S::Hearing, &["hearing_record"], "听证笔录", C::HearingHeld),
                req(
                    S::LegalReview,
                    &["legal_review_opinion"],
                    "法制审核意见书",
                    C::LegalReview,
                ),
                req(
                    S::CollectiveDeliberation,
                    &["deliberation_record"],
                    "集体讨论记录",
                    C::Deliberation,
                ),
                req(
                    S::Decision,
                    &["decision_document"],
                    "行政处罚决定书",
                    C::Always,
                ),
                req(S::Service, &["service_proof"], "送达回证", C::Always),
                req(
                    S::Execution,
                    &["execution_record"],
                    "执行记录（缴款凭证）",
                    C::Executable,
                ),
                req(S::Closure, &["closure_report"], "结案报告", C::Always),
            ],
            penalty_simplified: vec![
                req(
                    S::OnSite,
                    &["on_site_decision"],
                    "当场行政处罚决定书",
                    C::Always,
                ),
                req(S::Service, &["service_proof"], "送达回证", C::Always),
                req(
                    S::Execution,
                    &["execution_record"],
                    "执行记录（缴款凭证）",
                    C::Executable,
                ),
                req(S::Closure, &["closure_report"], "结案报告", C::Always),
            ],
            inspection: vec![
                req(S::Task, &["inspection_task"], "检查任务书", C::Always),
                req(
                    S::OnSiteInspection,
                    &["inspection_transcript"],
                    "现场检查笔录",
                    C::Always,
                ),
                req(S::Result, &["inspection_result"], "检查结果文书", C::Always),
                req(S::Closure, &["closure_report"], "结案报告", C::Always),
            ],
            licence: vec![
                req(
                    S::Application,
                    &["application_form"],
                    "许可申请书",
                    C::Always,
                ),
                req(
                    S::Acceptance,
                    &["acceptance_notice"],
                    "受理（不予受理）通知书",
                    C::Always,
                ),
                req(S::Review, &["review_opinion"], "审查意见", C::Always),
                req(S::Decision, &["licence_decision"], "许可决定书", C::Always),
                req(
                    S::CertificateIssued,
                    &["certificate_copy"],
                    "许可证件存根",
                    C::Granted,
                ),
                req(S::Closure, &["closure_report"], "结案报告", C::Always),
            ],
            fee: vec![
                req(S::Assessment, &["fee_assessment"], "缴费通知书", C::Always),
                req(S::Collection, &["payment_receipt"], "缴款凭证", C::Always),
                req(S::Closure, &["closure_report"], "结案报告", C::Always),
            ],
            coercive_measure: vec![
                req(
                    S::Approval,
                    &["measure_approval"],
                    "行政强制措施审批表",
                    C::Always,
                ),
                req(
                    S::Implementation,
                    &["measure_transcript"],
                    "现场笔录",
                    C::Always,
                ),
                req(
                    S::Implementation,
                    &["measure_decision"],
                    "查封扣押决定书",
                    C::Always,
                ),
                req(
                    S::InForce,
                    &["release_decision"],
                    "解除（处理）决定书",
                    C::Always,
                ),
                req(S::Closure, &["closure_report"], "结案报告", C::Always),
            ],
        }
    }
}

fn applies(c: Condition, s: &CaseState) -> bool {
    use super::sanction::Outcome;
    match c {
        Condition::Always => true,
        Condition::NoticeServed => s.notice.is_some(),
        Condition::RightsWaived => s.rights_waived_on.is_some(),
        Condition::Defended => s.defended && s.hearing.is_none(),
        Condition::HearingHeld => s.hearing.is_some_and(|h| h.held_on.is_some()),
        Condition::LegalReview => s.flags.legal_review_required,
        Condition::Deliberation => s.flags.collective_deliberation_required,
        Condition::Preservation => s.preservation.is_some(),
        Condition::Executable => match &s.decision {
            Some(d) => {
                matches!(&d.outcome, Outcome::Penalty { sanction } if !sanction.is_warning_only())
            }
            None => true,
        },
        Condition::Granted => s.licence.granted == Some(true),
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    pub stage: Stage,
    pub document_type: String,
    pub label: String,
    pub present: bool,
}

/// The scored checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub items: Vec<CheckItem>,
    /// 0–100.
    pub percent: u32,
    pub complete: bool,
}

impl FileStandard {
    fn for_case(&self, kind: CaseKind, procedure: Procedure) -> &[Requirement] {
        match (kind, procedure) {
            (CaseKind::Penalty, Procedure::Simplified) => &self.penalty_simplified,
            (CaseKind::Penalty, _) => &self.penalty,
            (CaseKind::Inspection, _) => &self.inspection,
            (CaseKind::Licence, _) => &self.licence,
            (CaseKind::Fee, _) => &self.fee,
            (CaseKind::CoerciveMeasure, _) => &self.coercive_measure,
        }
    }

    /// Scores the file: the requirements that apply to the stages the case has reached (all of
    /// them once it is at closure or later), against the document types on file.
    pub fn score(&self, state: &CaseState, on_file: &HashSet<String>) -> Score {
        let path = stage_path(state.kind, state.procedure);
        let reached = path
            .iter()
            .position(|s| *s == state.stage)
            .unwrap_or(path.len());
        let items: Vec<CheckItem> = self
            .for_case(state.kind, state.procedure)
            .iter()
            .filter(|r| applies(r.condition, state))
            .filter(|r| {
                path.iter()
                    .position(|s| *s == r.stage)
                    .is_some_and(|i| i <= reached)
            })
            .map(|r| CheckItem {
                stage: r.stage,
                document_type: r.document_types.first().cloned().unwrap_or_default(),
                label: r.label.clone(),
                present: r.document_types.iter().any(|t| on_file.contains(t)),
            })
            .collect();
        let present = items.iter().filter(|i| i.present).count();
        let percent = if items.is_empty() {
            100
        } else {
            u32::try_from(present * 100 / items.len()).unwrap_or(100)
        };
        Score {
            complete: present == items.len(),
            percent,
            items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::CaseFlags;
    use crate::party::PartyKind;

    fn set(types: &[&str]) -> HashSet<String> {
        types.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn filing_stage_needs_only_what_is_reached() {
        // 行政处罚法 art. 47: records stage by stage; a fresh case owes only its filing approval.
        let s = CaseState::open(
            CaseKind::Penalty,
            Procedure::Ordinary,
            PartyKind::Organisation,
            CaseFlags::default(),
        )
        .unwrap();
        let sc = FileStandard::default().score(&s, &set(&[]));
        assert_eq!(sc.items.len(), 1);
        assert!(!sc.complete);
        assert_eq!(sc.percent, 0);
        let sc = FileStandard::default().score(&s, &set(&["filing_approval"]));
        assert!(sc.complete);
        assert_eq!(sc.percent, 100);
    }

    #[test]
    fn closure_needs_the_whole_file() {
        let mut s = CaseState::open(
            CaseKind::Penalty,
            Procedure::Ordinary,
            PartyKind::Organisation,
            CaseFlags::default(),
        )
        .unwrap();
        s.stage = Stage::Archive;
        let sc = FileStandard::default().score(
            &s,
            &set(&["filing_approval", "inquiry_transcript", "evidence"]),
        );
        assert!(!sc.complete);
        let missing: Vec<&str> = sc
            .items
            .iter()
            .filter(|i| !i.present)
            .map(|i| i.document_type.as_str())
            .collect();
        assert!(missing.contains(&"decision_document"));
        assert!(missing.contains(&"closure_report"));
        // Legal review opinion only when required (art. 58).
        assert!(!missing.contains(&"legal_review_opinion"));
        s.flags.legal_review_required = true;
        let sc = FileStandard::default().score(&s, &set(&[]));
        assert!(sc
            .items
            .iter()
            .any(|i| i.document_type == "legal_review_opinion"));
    }

    #[test]
    fn alternatives_count() {
        let s = CaseState::open(
            CaseKind::Penalty,
            Procedure::Ordinary,
            PartyKind::Organisation,
            CaseFlags::default(),
        )
        .unwrap();
        let mut s2 = s.clone();
        s2.stage = Stage::InvestigationReport;
        let sc = FileStandard::default().score(
            &s2,
            &set(&["filing_approval", "inspection_transcript", "evidence"]),
        );
        assert_eq!(sc.items.iter().filter(|i| !i.present).count(), 1); // only the report
    }
}
