//! The document set, per case kind, after national practice (the structure of the SAMR 2021
//! 行政处罚文书格式范本, the 行政许可法 and 行政强制法 acts), each with its number code.

use crate::case::CaseKind;
use serde::{Deserialize, Serialize};

macro_rules! kinds {
    ($( $(#[$m:meta])* $v:ident => $id:literal, $zh:literal, $code:literal, [$($ck:ident),+], $signed:literal; )+) => {
        /// An enforcement document type.
        #[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum DocumentKind {
            $( $(#[$m])* $v, )+
        }

        impl DocumentKind {
            /// Every type, in case-file order.
            pub const ALL: &'static [DocumentKind] = &[$(DocumentKind::$v),+];

            /// The wire name (`snake_case`).
            pub fn as_str(self) -> &'static str {
                match self { $(DocumentKind::$v => $id,)+ }
            }

            /// Parses the wire name.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($id => Some(DocumentKind::$v),)+ _ => None }
            }

            /// The document's title.
            pub fn title_zh(self) -> &'static str {
                match self { $(DocumentKind::$v => $zh,)+ }
            }

            /// The default code in its number (桓财**罚决**〔2026〕1号); agencies may set their own.
            pub fn default_code(self) -> &'static str {
                match self { $(DocumentKind::$v => $code,)+ }
            }

            /// The case kinds that produce it.
            pub fn case_kinds(self) -> &'static [CaseKind] {
                match self { $(DocumentKind::$v => &[$(CaseKind::$ck),+],)+ }
            }

            /// A record (笔录) the party signs on every page.
            pub fn signed_by_party(self) -> bool {
                match self { $(DocumentKind::$v => $signed,)+ }
            }
        }
    };
}

kinds! {
    /// 立案审批表 (行政处罚法 art. 54).
    FilingApproval => "filing_approval", "立案审批表", "立", [Penalty], false;
    /// 询问笔录 (art. 55).
    InquiryRecord => "inquiry_record", "询问笔录", "询", [Penalty, Inspection, CoerciveMeasure], true;
    /// 现场检查（勘验）笔录 (art. 55).
    InspectionRecord => "inspection_record", "现场检查（勘验）笔录", "检", [Penalty, Inspection, CoerciveMeasure, Licence], true;
    /// 先行登记保存通知书 (art. 56).
    PreservationNotice => "preservation_notice", "先行登记保存证据通知书", "登存", [Penalty], false;
    /// 先行登记保存证据处理决定书 (art. 56: decided within 7 working days).
    PreservationDecision => "preservation_decision", "先行登记保存证据处理决定书", "登处", [Penalty], false;
    /// 调查终结报告 (art. 57).
    InvestigationReport => "investigation_report", "案件调查终结报告", "终", [Penalty], false;
    /// 行政处罚事先告知书 (art. 44).
    PenaltyNotice => "penalty_notice", "行政处罚事先告知书", "罚告", [Penalty], false;
    /// 陈述申辩笔录 (art. 45).
    DefenceRecord => "defence_record", "陈述申辩笔录", "申", [Penalty], true;
    /// 听证通知书 (art. 64 (二)).
    HearingNotice => "hearing_notice", "行政处罚听证通知书", "听通", [Penalty], false;
    /// 听证笔录 (art. 64 (八)).
    HearingRecord => "hearing_record", "听证笔录", "听录", [Penalty], true;
    /// 听证报告 (art. 65).
    HearingReport => "hearing_report", "听证报告", "听报", [Penalty], false;
    /// 法制审核意见书 (art. 58), from the legal review.
    LegalReviewOpinion => "legal_review_opinion", "重大执法决定法制审核意见书", "审", [Penalty, Licence, CoerciveMeasure], false;
    /// 集体讨论记录 (art. 57 para. 2), from the deliberation.
    DeliberationRecord => "deliberation_record", "重大案件集体讨论记录", "议", [Penalty], false;
    /// 行政处罚决定书 (art. 59).
    PenaltyDecision => "penalty_decision", "行政处罚决定书", "罚决", [Penalty], false;
    /// 不予行政处罚决定书 (art. 57 (二), 33).
    NoPenaltyDecision => "no_penalty_decision", "不予行政处罚决定书", "不罚决", [Penalty], false;
    /// 当场行政处罚决定书 (art. 52).
    SummaryPenaltyDecision => "summary_penalty_decision", "当场行政处罚决定书", "当罚决", [Penalty], true;
    /// 送达地址确认书 (art. 61).
    ServiceAddressConfirmation => "service_address_confirmation", "送达地址确认书", "址", [Penalty, Licence, CoerciveMeasure], true;
    /// 送达回证 (art. 61).
    ServiceReceipt => "service_receipt", "送达回证", "送", [Penalty, Licence, CoerciveMeasure, Inspection], true;
    /// 罚款缴纳及执行记录 (art. 66–73).
    ExecutionRecord => "execution_record", "行政处罚执行记录", "执", [Penalty], false;
    /// 结案审批表.
    ClosingApproval => "closing_approval", "结案审批表", "结", [Penalty, Inspection, CoerciveMeasure, Licence], false;
    /// 检查通知书.
    InspectionNotice => "inspection_notice", "行政检查通知书", "检通", [Inspection], false;
    /// 检查结果告知书.
    InspectionResult => "inspection_result", "行政检查结果告知书", "检果", [Inspection], false;
    /// 受理通知书 (行政许可法 art. 32).
    LicenceAcceptance => "licence_acceptance", "行政许可受理通知书", "许受", [Licence], false;
    /// 不予受理通知书 (行政许可法 art. 32).
    LicenceRejection => "licence_rejection", "行政许可不予受理通知书", "许不受", [Licence], false;
    /// 补正材料通知书 (行政许可法 art. 32 (四)).
    LicenceCorrectionNotice => "licence_correction_notice", "行政许可补正材料通知书", "许补", [Licence], false;
    /// 准予行政许可决定书 (行政许可法 art. 38).
    LicenceGrant => "licence_grant", "准予行政许可决定书", "许准", [Licence], false;
    /// 不予行政许可决定书 (行政许可法 art. 38 para. 2).
    LicenceRefusal => "licence_refusal", "不予行政许可决定书", "许不准", [Licence], false;
    /// 查封（扣押）决定书 with its list (行政强制法 art. 24).
    SeizureDecision => "seizure_decision", "查封（扣押）决定书", "强扣", [CoerciveMeasure, Penalty], false;
    /// 延长查封（扣押）期限决定书 (行政强制法 art. 25).
    SeizureExtension => "seizure_extension", "延长查封（扣押）期限决定书", "强延", [CoerciveMeasure, Penalty], false;
    /// 解除查封（扣押）决定书 (行政强制法 art. 28).
    SeizureRelease => "seizure_release", "解除查封（扣押）决定书", "强解", [CoerciveMeasure, Penalty], false;
}

impl std::fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DocumentKind {
    /// A document the agency serves on the party (行政处罚法 art. 61; 行政许可法 art. 32, 38, 44;
    /// 行政强制法 art. 24): what a 送达回证 names. Internal papers (approvals, reports, the review
    /// opinion, the deliberation record) and the records the party signs on the spot are not.
    pub fn served_on_party(self) -> bool {
        use DocumentKind as K;
        matches!(
            self,
            K::PreservationNotice
                | K::PreservationDecision
                | K::PenaltyNotice
                | K::HearingNotice
                | K::PenaltyDecision
                | K::NoPenaltyDecision
                | K::SummaryPenaltyDecision
                | K::InspectionNotice
                | K::InspectionResult
                | K::LicenceAcceptance
                | K::LicenceRejection
                | K::LicenceCorrectionNotice
                | K::LicenceGrant
                | K::LicenceRefusal
                | K::SeizureDecision
                | K::SeizureExtension
                | K::SeizureRelease
        )
    }

    /// The document type the case-file standard counts it as (crates/domain/src/case/completeness.rs).
    pub fn file_type(self) -> &'static str {
        use DocumentKind as K;
        match self {
            K::InquiryRecord => "inquiry_transcript",
            K::InspectionRecord => "inspection_transcript",
            K::DefenceRecord => "statement_record",
            K::PenaltyDecision | K::NoPenaltyDecision => "decision_document",
            K::SummaryPenaltyDecision => "on_site_decision",
            K::ServiceReceipt => "service_proof",
            K::ClosingApproval => "closure_report",
            K::InspectionNotice => "inspection_task",
            K::LicenceAcceptance => "acceptance_notice",
            K::LicenceGrant | K::LicenceRefusal => "licence_decision",
            K::SeizureDecision => "measure_decision",
            K::SeizureRelease => "release_decision",
            other => other.as_str(),
        }
    }
}

impl DocumentKind {
    /// The documents a stage usually produces: what the app offers first ("due now").
    pub fn due_at(stage: crate::case::Stage) -> &'static [DocumentKind] {
        use crate::case::Stage as S;
        use DocumentKind as K;
        match stage {
            S::Filing => &[K::FilingApproval],
            S::Investigation => &[
                K::InquiryRecord,
                K::InspectionRecord,
                K::PreservationNotice,
                K::PreservationDecision,
                K::SeizureDecision,
            ],
            // The 告知书 is issued before the notice it serves (行政处罚法 art. 44), at the end
            // of the investigation; a renewed one at the notice stage (art. 45).
            S::InvestigationReport => &[K::InvestigationReport, K::PenaltyNotice],
            S::Notice => &[K::PenaltyNotice, K::ServiceAddressConfirmation],
            S::Statement => &[K::DefenceRecord],
            S::Hearing => &[K::HearingNotice, K::HearingRecord, K::HearingReport],
            S::LegalReview => &[K::LegalReviewOpinion],
            S::CollectiveDeliberation => &[K::DeliberationRecord],
            S::Decision => &[K::PenaltyDecision, K::NoPenaltyDecision],
            S::Service => &[K::ServiceReceipt],
            S::Execution => &[K::ExecutionRecord],
            S::Closure => &[K::ClosingApproval],
            S::Archive => &[],
            S::OnSite => &[K::SummaryPenaltyDecision],
            S::Task => &[K::InspectionNotice],
            S::OnSiteInspection => &[K::InspectionRecord],
            S::Result => &[K::InspectionResult],
            S::Application => &[
                K::LicenceAcceptance,
                K::LicenceRejection,
                K::LicenceCorrectionNotice,
            ],
            S::Acceptance | S::Review => &[K::LicenceGrant, K::LicenceRefusal],
            S::CertificateIssued => &[K::ServiceReceipt],
            S::Assessment | S::Collection => &[],
            S::Approval => &[K::SeizureDecision],
            S::InForce => &[K::SeizureExtension, K::SeizureRelease],
            S::Implementation => &[K::InspectionRecord, K::SeizureExtension, K::SeizureRelease],
        }
    }
}
