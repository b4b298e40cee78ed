//! The state of a case as the stage machines see it: stage plus the dates and facts the gates
//! and deadlines need. Persistence maps rows to and from this; the record log holds the rest.

use super::error::RuleViolation;
use super::kind::{CaseKind, Procedure, Stage};
use super::officer::OfficerId;
use super::payment::PaymentInfo;
use super::periods::CasePeriods;
use super::sanction::{InspectionResult, Outcome, Sanction, ServiceMethod};
use crate::party::PartyKind;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Flags set from the agency's catalogues when the case is opened or re-assessed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFlags {
    /// Falls in the major-decision catalogue: legal review before the decision (行政处罚法 art. 58).
    pub legal_review_required: bool,
    /// Complex or major: collective deliberation before the decision (art. 57).
    pub collective_deliberation_required: bool,
}

/// 先行登记保存 (行政处罚法 art. 56).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preservation {
    /// Day the evidence was secured.
    pub started_on: NaiveDate,
    /// Day the agency decided what to do with it.
    pub decided_on: Option<NaiveDate>,
}

/// The notice of intended penalty (art. 44).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeInfo {
    /// Day served on the party; the response and hearing windows run from here.
    pub served_on: NaiveDate,
    /// The penalty announced.
    pub proposed: Sanction,
}

/// A hearing (art. 63–65).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingInfo {
    /// Day the party asked for it.
    pub requested_on: NaiveDate,
    /// Day it was held.
    pub held_on: Option<NaiveDate>,
    /// Who presided (named when the hearing is scheduled, confirmed when it is held).
    pub presider: Option<OfficerId>,
    /// Day the party was notified of the hearing's time and place (art. 64 (二)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_on: Option<NaiveDate>,
    /// Day the hearing is to be held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_on: Option<NaiveDate>,
    /// How the hearing ended without being held, if it did (art. 64 (六)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<HearingEnd>,
}

impl HearingInfo {
    /// A hearing asked for on `on`, not yet scheduled.
    pub fn requested(on: NaiveDate) -> Self {
        Self {
            requested_on: on,
            held_on: None,
            presider: None,
            notified_on: None,
            scheduled_on: None,
            ended: None,
        }
    }

    /// The hearing procedure is over: held, or ended by the party's withdrawal or absence.
    pub fn is_over(&self) -> bool {
        self.held_on.is_some() || self.ended.is_some()
    }
}

/// A hearing that ended without taking place, as the file records it (行政处罚法 art. 64 (六)):
/// never a hearing record for a hearing that was not held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum HearingEnd {
    /// The party withdrew its request.
    Withdrawn {
        /// Day of the withdrawal.
        on: NaiveDate,
    },
    /// The party did not appear, or left without permission, without good reason: deemed to
    /// give up the hearing, which the agency ends.
    NoShow {
        /// Day the hearing was to be held.
        on: NaiveDate,
    },
}

/// Why an officer withdraws from a case (行政处罚法 art. 43).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecusalGround {
    /// 近亲属: a close relative of the party.
    CloseRelative,
    /// 直接利害关系: a direct interest in the case.
    DirectInterest,
    /// 其他关系可能影响公正执法: another relation that may affect impartial enforcement.
    OtherRelation,
}

impl RecusalGround {
    /// The ground in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::CloseRelative => "与当事人有近亲属关系",
            Self::DirectInterest => "与案件有直接利害关系",
            Self::OtherRelation => "有其他关系可能影响公正执法",
        }
    }
}

/// Who raised the recusal (art. 43 para. 1 and 2).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecusalSource {
    /// The officer declared the conflict (自行回避).
    Officer,
    /// The party asked for it (申请回避).
    Party,
}

/// A recusal decided by the agency head (行政处罚法 art. 43 para. 3), kept in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recusal {
    /// The officer concerned.
    pub officer: OfficerId,
    /// Who raised it.
    pub source: RecusalSource,
    /// The ground.
    pub ground: RecusalGround,
    /// The facts, in words.
    pub reason: String,
    /// Day raised.
    pub raised_on: NaiveDate,
    /// The agency head who decided.
    pub decided_by: OfficerId,
    /// Day decided.
    pub decided_on: NaiveDate,
    /// Whether the officer withdraws.
    pub granted: bool,
}

/// The decision taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionInfo {
    /// Day of the decision.
    pub decided_on: NaiveDate,
    /// What was decided.
    pub outcome: Outcome,
}

/// Service of the decision (art. 61).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInfo {
    /// Day served.
    pub served_on: NaiveDate,
    /// How.
    pub method: ServiceMethod,
}

/// Licence milestones (行政许可法 art. 32, 42, 44).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceInfo {
    /// Day the application was received: the 5-day acceptance period runs (art. 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_on: Option<NaiveDate>,
    /// Day the applicant was told everything missing (一次性告知补正, art. 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction_requested_on: Option<NaiveDate>,
    /// Day the applicant supplied it: the acceptance period runs afresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplemented_on: Option<NaiveDate>,
    /// Day the application was not accepted (不予受理).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_on: Option<NaiveDate>,
    /// 受理 day: the decision clock starts.
    pub accepted_on: Option<NaiveDate>,
    /// The one 10-working-day extension was approved.
    pub extended: bool,
    /// Decision day.
    pub decided_on: Option<NaiveDate>,
    /// Granted or refused.
    pub granted: Option<bool>,
    /// Certificate issued on.
    pub certificate_issued_on: Option<NaiveDate>,
}

/// Fee milestones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeInfo {
    /// Assessment day.
    pub assessed_on: Option<NaiveDate>,
    /// Amount assessed, fen.
    pub amount_fen: i64,
    /// Payment day.
    pub paid_on: Option<NaiveDate>,
}

/// The decision and list (清单) of seized things handed to the party on the spot (行政强制法
/// art. 24).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeizureList {
    /// Number of items on the list.
    pub items: u32,
    /// Day the decision and list were handed to the party.
    pub handed_over_on: NaiveDate,
}

/// Coercive-measure milestones (行政强制法 art. 18, 19, 24, 25).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureInfo {
    /// The agency head who approved it (beforehand, or within 24 hours after an emergency).
    pub approved_by: Option<OfficerId>,
    /// Day of the approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<NaiveDate>,
    /// Taken first in an emergency, recorded at this server time: reported and approved within
    /// 24 hours (art. 19).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_at: Option<DateTime<Utc>>,
    /// The decision and list handed over on the spot (art. 24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seizure_list: Option<SeizureList>,
    /// The agency head did not approve the emergency measure; it was released at once.
    #[serde(default)]
    pub disapproved: bool,
    /// Day the measure was carried out: the 30-day clock starts.
    pub started_on: Option<NaiveDate>,
    /// The one 30-day extension was approved.
    pub extended: bool,
    /// Day released or disposed of.
    pub ended_on: Option<NaiveDate>,
}

/// A case's state. Created by `CaseState::open`, changed only by `decide`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseState {
    /// Kind of enforcement.
    pub kind: CaseKind,
    /// Procedure (penalties only; `Ordinary` otherwise).
    pub procedure: Procedure,
    /// Current stage.
    pub stage: Stage,
    /// Person or organisation: decides the art. 51 ceiling.
    pub party_kind: PartyKind,
    /// Catalogue flags.
    pub flags: CaseFlags,
    /// 立案 day (for the simplified procedure: the on-the-spot decision day).
    pub filed_on: Option<NaiveDate>,
    /// Day the violation occurred or, if continuing, ended (given at filing, art. 36): the
    /// party's age is judged on it (art. 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation_on: Option<NaiveDate>,
    /// Filing went ahead past the limitation period on an approver's override.
    pub limitation_overridden: bool,
    /// Latest evidence preservation.
    pub preservation: Option<Preservation>,
    /// Notice of intended penalty: the latest one served, which a decision is compared with.
    pub notice: Option<NoticeInfo>,
    /// Notices served before the latest, oldest first: a new notice supersedes them after new
    /// facts or a heavier intended penalty (行政处罚法 art. 44, 45).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_notices: Vec<NoticeInfo>,
    /// The party waived statement and hearing in writing on this day.
    pub rights_waived_on: Option<NaiveDate>,
    /// The party stated its case or was heard (art. 45).
    pub defended: bool,
    /// Hearing.
    pub hearing: Option<HearingInfo>,
    /// Recusals decided in the case, oldest first; an officer withdrawn by one is off the case
    /// for good (行政处罚法 art. 43).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recusals: Vec<Recusal>,
    /// Legal review approved on.
    pub legal_review_done_on: Option<NaiveDate>,
    /// Collective deliberation held on.
    pub deliberation_done_on: Option<NaiveDate>,
    /// The decision.
    pub decision: Option<DecisionInfo>,
    /// Service of the decision.
    pub service: Option<ServiceInfo>,
    /// Execution completed on.
    pub executed_on: Option<NaiveDate>,
    /// Payment of the fine: deferral, instalments, payments, remedies, court (行政处罚法 art.
    /// 66–73; 行政强制法 art. 53).
    #[serde(default)]
    pub payment: PaymentInfo,
    /// Day of the on-site inspection.
    pub inspected_on: Option<NaiveDate>,
    /// Inspection result.
    pub inspection_result: Option<InspectionResult>,
    /// Licence milestones.
    pub licence: LicenceInfo,
    /// What a granted licence grants (双公示 行政许可信息), given with the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_terms: Option<crate::disclosure::credit::LicenceTerms>,
    /// Fee milestones.
    pub fee: FeeInfo,
    /// Coercive-measure milestones.
    pub measure: MeasureInfo,
    /// 结案 day.
    pub closed_on: Option<NaiveDate>,
    /// When the case was archived (server time); after that nothing more happens.
    pub archived_at: Option<DateTime<Utc>>,
    /// Extensions and suspensions of its deadlines (`super::periods`).
    #[serde(default, skip_serializing_if = "CasePeriods::is_empty")]
    pub periods: CasePeriods,
}

impl CaseState {
    /// Opens a case at the first stage of its kind's machine.
    pub fn open(
        kind: CaseKind,
        procedure: Procedure,
        party_kind: PartyKind,
        flags: CaseFlags,
    ) -> Result<Self, RuleViolation> {
        let stage = match (kind, procedure) {
            (CaseKind::Penalty, Procedure::Ordinary) => Stage::Filing,
            (CaseKind::Penalty, Procedure::Simplified) => Stage::OnSite,
            (_, Procedure::Simplified) => return Err(RuleViolation::ProcedureNotApplicable),
            (CaseKind::Inspection, _) => Stage::Task,
            (CaseKind::Licence, _) => Stage::Application,
            (CaseKind::Fee, _) => Stage::Assessment,
            (CaseKind::CoerciveMeasure, _) => Stage::Approval,
        };
        Ok(Self {
            kind,
            procedure,
            stage,
            party_kind,
            flags,
            filed_on: None,
            violation_on: None,
            limitation_overridden: false,
            preservation: None,
            notice: None,
            earlier_notices: Vec::new(),
            rights_waived_on: None,
            defended: false,
            hearing: None,
            recusals: Vec::new(),
            legal_review_done_on: None,
            deliberation_done_on: None,
            decision: None,
            service: None,
            executed_on: None,
            payment: PaymentInfo::default(),
            inspected_on: None,
            inspection_result: None,
            licence: LicenceInfo::default(),
            licence_terms: None,
            fee: FeeInfo::default(),
            measure: MeasureInfo::default(),
            closed_on: None,
            archived_at: None,
            periods: CasePeriods::default(),
        })
    }

    /// Whether `officer` has withdrawn from this case (art. 43): they may not act in it or be
    /// assigned to it again.
    pub fn has_withdrawn(&self, officer: OfficerId) -> bool {
        self.recusals
            .iter()
            .any(|r| r.granted && r.officer == officer)
    }

    /// Joins flags from a re-assessment (the legal-review flagging when the case reaches the
    /// decision stages), so the stage bar shows a newly required review or deliberation as still
    /// to do rather than "not needed" (行政处罚法 art. 57, 58). The case stays where it is: the
    /// review and the deliberation a flagging asks for are recorded while the decision waits,
    /// and the decision gate admits no decision without them.
    pub fn join_flags(&mut self, flags: CaseFlags) {
        self.flags.legal_review_required |= flags.legal_review_required;
        self.flags.collective_deliberation_required |= flags.collective_deliberation_required;
    }

    /// Whether evidence is secured and still awaits a decision.
    pub fn preservation_open(&self) -> bool {
        self.preservation.is_some_and(|p| p.decided_on.is_none())
    }
}
