//! Case kinds, procedures, stages and actions: the vocabulary of the stage machines.
//!
//! The snake_case serde names are API values; renaming one is a breaking change of the contract.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of enforcement a case is (行政处罚法, 行政许可法, 行政强制法). Each kind has its own stage machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// 行政处罚.
    Penalty,
    /// 行政许可.
    Licence,
    /// 行政检查.
    Inspection,
    /// 行政收费.
    Fee,
    /// 行政强制措施 (seizure, freezing, …).
    CoerciveMeasure,
}

/// Penalty procedure: the simplified (on-the-spot, 行政处罚法 art. 51–53) one skips investigation,
/// notice and review but is limited to small amounts. Other kinds are always `Ordinary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// 普通程序.
    Ordinary,
    /// 简易程序 (当场处罚).
    Simplified,
}

/// A stage of a case: the step currently in progress. One flat enum across kinds so the API has
/// one stage vocabulary; which stages a kind uses, and in what order, is its machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 立案: awaiting the filing approval (penalty, ordinary).
    Filing,
    /// 调查取证 (evidence preservation happens inside it).
    Investigation,
    /// 调查终结报告.
    InvestigationReport,
    /// 告知: notice of intended penalty served, the party's response period runs.
    Notice,
    /// 陈述申辩: the party's statement and defence are being heard.
    Statement,
    /// 听证.
    Hearing,
    /// 法制审核 (only when required, 行政处罚法 art. 58).
    LegalReview,
    /// 集体讨论 (only when flagged, art. 57).
    CollectiveDeliberation,
    /// 决定.
    Decision,
    /// 送达.
    Service,
    /// 执行.
    Execution,
    /// 结案.
    Closure,
    /// 归档: the last stage; the case is archived once `archive` is recorded.
    Archive,
    /// 当场处罚: the simplified procedure's on-site step.
    OnSite,
    /// 检查任务 (inspection).
    Task,
    /// 现场检查.
    OnSiteInspection,
    /// 检查结果.
    Result,
    /// 申请 (licence).
    Application,
    /// 受理.
    Acceptance,
    /// 审查.
    Review,
    /// 制发证件.
    CertificateIssued,
    /// 核定 (fee).
    Assessment,
    /// 征收: payment awaited.
    Collection,
    /// 事前审批 (coercive measure).
    Approval,
    /// 实施: on site, with the record (笔录) and video.
    Implementation,
    /// 措施期间: the measure is in force (30 days, one extension).
    InForce,
}

impl Stage {
    /// The officer-facing Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Filing => "立案",
            Stage::Investigation => "调查取证",
            Stage::InvestigationReport => "调查终结",
            Stage::Notice => "告知",
            Stage::Statement => "陈述申辩",
            Stage::Hearing => "听证",
            Stage::LegalReview => "法制审核",
            Stage::CollectiveDeliberation => "集体讨论",
            Stage::Decision => "决定",
            Stage::Service => "送达",
            Stage::Execution => "执行",
            Stage::Closure => "结案",
            Stage::Archive => "归档",
            Stage::OnSite => "当场处罚",
            Stage::Task => "检查任务",
            Stage::OnSiteInspection => "现场检查",
            Stage::Result => "检查结果",
            Stage::Application => "申请",
            Stage::Acceptance => "受理",
            Stage::Review => "审查",
            Stage::CertificateIssued => "制发证件",
            Stage::Assessment => "核定",
            Stage::Collection => "征收",
            Stage::Approval => "审批",
            Stage::Implementation => "实施",
            Stage::InForce => "措施期间",
        }
    }
}

impl fmt::Display for CaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_plain(self))
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The serde name, so logs and API values agree.
        let s = serde_plain(self);
        f.write_str(&s)
    }
}

fn serde_plain<T: fmt::Debug>(v: &T) -> String {
    // Debug of a unit variant is its CamelCase name; convert to snake_case like serde does.
    let camel = format!("{v:?}");
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, ch) in camel.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// What an officer can ask the case to do; the fieldless twin of `Command`, listed by
/// `allowed_actions` so the app only offers what the server will accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Finish the current stage and move to the next one (stages with no payload of their own).
    Complete,
    /// 立案 (limitation gate, art. 36).
    File,
    /// 先行登记保存 (art. 56).
    PreserveEvidence,
    /// Decide on preserved evidence within 7 working days (art. 56).
    DecidePreservation,
    /// Serve the notice of intended penalty (art. 44).
    IssueNotice,
    /// The party stated its case (art. 45).
    RecordStatement,
    /// The party asked for a hearing (art. 63–64).
    RequestHearing,
    /// Notify the party of the hearing, 7 working days ahead (art. 64 (二)).
    ScheduleHearing,
    /// The hearing took place (art. 64).
    HoldHearing,
    /// The party withdrew its hearing request.
    WithdrawHearing,
    /// The party did not appear without good reason (art. 64 (六)).
    RecordHearingNoShow,
    /// The party waived statement and hearing in writing.
    WaiveRights,
    /// 作出处罚决定 (also the on-the-spot decision of the simplified procedure).
    Decide,
    /// 送达 (art. 61).
    RecordService,
    /// 执行 (art. 67, 72).
    RecordExecution,
    /// A payment of the fine received (art. 67).
    RecordFinePayment,
    /// 当场收缴罚款 (art. 68–70).
    CollectOnSpot,
    /// The fine collected on the spot handed in to the agency (art. 71).
    HandInCollection,
    /// 暂缓缴纳 approved (art. 66).
    ApproveDeferral,
    /// 分期缴纳 approved (art. 66).
    ApproveInstalments,
    /// The party applied for reconsideration or sued (art. 73).
    RecordRemedy,
    /// The reconsideration or lawsuit ended.
    EndRemedy,
    /// 申请人民法院强制执行 (行政强制法 art. 53).
    ApplyCourtEnforcement,
    /// Inspection result (no problem / rectification / refer to penalty).
    RecordResult,
    /// 受理 a licence application (starts the 20-working-day clock).
    Accept,
    /// 不予受理.
    RejectApplication,
    /// 一次性告知补正 (行政许可法 art. 32).
    RequestCorrection,
    /// The applicant's supplement received (restarts the acceptance period).
    ReceiveSupplement,
    /// Extend the licence review by 10 working days (行政许可法 art. 42).
    ExtendReview,
    /// Grant or refuse the licence.
    DecideLicence,
    /// Issue the licence certificate (行政许可法 art. 44).
    IssueCertificate,
    /// Assess a fee.
    Assess,
    /// Payment received.
    RecordPayment,
    /// Prior approval of a coercive measure (行政强制法 art. 18).
    ApproveMeasure,
    /// Carry out the measure on site (行政强制法 art. 18), or first in an emergency (art. 19).
    ImplementMeasure,
    /// The agency head does not approve an emergency measure: released at once (art. 19).
    DisapproveMeasure,
    /// Extend the measure once by 30 days (行政强制法 art. 25).
    ExtendMeasure,
    /// Release or dispose of seized property; the measure ends.
    EndMeasure,
    /// 结案.
    Close,
    /// 归档.
    Archive,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_plain(self))
    }
}
