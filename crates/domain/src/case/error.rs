//! Rule violations: why the domain refused a command. Each has a stable snake_case `code()` (the
//! API's problem+json `code`) and a message in Chinese and English an officer can act on.

use super::kind::{Action, Stage};
use super::officer::OfficerId;
use super::settings::Activity;
use crate::calendar::OutsideCalendar;
use chrono::NaiveDate;

/// A refused command. The variant names the rule; the fields say what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleViolation {
    /// The action is not possible at this stage (out of order or already done).
    #[error("当前环节“{}”不能执行“{action}” / `{action}` is not allowed at stage `{stage}`", stage.label_zh())]
    InvalidTransition {
        /// Where the case is.
        stage: Stage,
        /// What was asked.
        action: Action,
    },
    /// The simplified procedure exists only for penalties.
    #[error("简易程序仅适用于行政处罚 / the simplified procedure applies only to penalties")]
    ProcedureNotApplicable,
    /// An acting officer has no certificate valid for the category on that day (art. 42).
    #[error("执法人员{name}在{on}无有效执法证 / officer {name} holds no certificate valid on {on} for this category")]
    CertificateInvalid {
        /// The officer.
        officer: OfficerId,
        /// Their name.
        name: String,
        /// The day of the act.
        on: NaiveDate,
    },
    /// An officer who withdrew from the case (回避) acts in it or is assigned to it again
    /// (行政处罚法 art. 43).
    #[error("执法人员{name}已回避本案，不得参与本案执法或再被指派办理本案（行政处罚法第四十三条） / officer {name} has withdrawn from this case (art. 43)")]
    OfficerWithdrawn {
        /// The officer.
        officer: OfficerId,
        /// Their name.
        name: String,
    },
    /// A recusal without its facts in words (art. 43).
    #[error("回避须写明事实和理由 / a recusal must state its facts")]
    RecusalReasonRequired,
    /// Fewer certified officers than required (行政处罚法 art. 42, 55; 行政强制法 art. 18).
    #[error("执法人员不得少于{required}人，现为{present}人 / at least {required} certified officers required, {present} present")]
    TooFewOfficers {
        /// Required number.
        required: usize,
        /// Present number.
        present: usize,
    },
    /// Discovered after the limitation period (行政处罚法 art. 36).
    #[error("违法行为已超过追责时效（{expired_on}届满），不再给予行政处罚 / limitation period expired on {expired_on}")]
    LimitationExpired {
        /// Last day of the period.
        expired_on: NaiveDate,
    },
    /// An override was given without approver or written reason.
    #[error("越过规则须由机关负责人批准并书面说明理由 / an override needs an approver and a written reason")]
    OverrideReasonRequired,
    /// A penalty decision without the notice of intended penalty (行政处罚法 art. 44); a waiver
    /// of the party's rights never replaces it (art. 62).
    #[error("未履行告知程序，不得作出处罚决定；请先送达行政处罚事先告知书 / no penalty decision without the notice of intended penalty: serve the notice first")]
    NoticeMissing,
    /// The decision is heavier than the notice after the party defended (art. 45).
    #[error("处罚不得重于告知书所告知的内容；有新的事实或拟加重处罚的，应当重新告知 / the penalty may not exceed the notice; new facts or a heavier penalty need a new notice")]
    HeavierThanNoticed,
    /// A second fine for one illegal act (art. 29).
    #[error("同一个违法行为已由{case_number}给予罚款，不得再次罚款（行政处罚法第二十九条） / this illegal act was already fined in case {case_number} (art. 29)")]
    AlreadyFined {
        /// The case that fined it.
        case_number: String,
    },
    /// A decision not to penalise without its statutory ground (art. 30, 31, 33, 36).
    #[error("不予行政处罚决定应当写明法定理由（行政处罚法第三十条、第三十一条、第三十三条、第三十六条等） / a no-penalty decision must state its statutory ground")]
    NoPenaltyGroundMissing,
    /// A penalty for a person under 14 at the time of the act (art. 30).
    #[error("当事人违法行为发生时不满十四周岁（{age}周岁），不予行政处罚（行政处罚法第三十条） / no penalty for a person under 14 at the time of the act")]
    PartyUnderFourteen {
        /// Full years of age on the day of the act.
        age: i32,
    },
    /// A hearing asked for on a notice whose penalty gives no right to one (art. 63).
    #[error("告知的拟处罚内容不属于行政处罚法第六十三条规定的听证范围，当事人可以陈述、申辩 / the noticed penalty gives no right to a hearing (art. 63); the party may state its case")]
    NoHearingRight,
    /// Hearing requested after the window (art. 64).
    #[error("听证申请期限已于{due}届满 / the hearing request period ended on {due}")]
    HearingRequestLate {
        /// Last day of the window.
        due: NaiveDate,
    },
    /// The presiding officer investigated the case (art. 64).
    #[error("听证主持人不得为本案调查人员 / the hearing presider may not be an investigator of the case")]
    HearingPresiderConflict,
    /// The hearing notice reaches the party less than 7 working days before the hearing
    /// (art. 64 (二)).
    #[error("应当在举行听证的七日前通知当事人听证的时间、地点；按此通知日期，听证最早可于{earliest}举行（行政处罚法第六十四条） / the party must be notified 7 working days before the hearing: the earliest hearing day for this notice is {earliest}")]
    HearingNoticeTooShort {
        /// The first day the hearing may be held after this notice.
        earliest: NaiveDate,
    },
    /// The hearing is held (or the party's absence recorded) before the party was notified of
    /// it (art. 64 (二)).
    #[error("尚未通知当事人听证的时间、地点，请先“安排听证”（行政处罚法第六十四条） / the hearing has not been scheduled: notify the party first")]
    HearingNotScheduled,
    /// Hearing stage completed without a hearing.
    #[error("尚未举行听证 / the hearing has not been held")]
    HearingNotHeld,
    /// Moving on while the party may still respond (art. 45, 64).
    #[error("当事人陈述申辩、申请听证期限至{until}，期满或当事人书面放弃后方可继续 / the party may respond until {until}")]
    StatementPeriodOpen {
        /// Last day of the response period.
        until: NaiveDate,
    },
    /// A decision that needs legal review has no approving review (art. 58).
    #[error("须经法制审核通过后方可作出决定 / legal review approval required before the decision")]
    LegalReviewMissing,
    /// A flagged case has no collective deliberation record (art. 57).
    #[error("须经集体讨论后方可作出决定 / collective deliberation required before the decision")]
    DeliberationMissing,
    /// Simplified procedure beyond its ceiling (art. 51).
    #[error("当场作出的行政处罚仅限警告或者{}以下的罚款（本案当事人适用的限额，行政处罚法第五十一条）；超出的，应当适用普通程序立案调查 / on-the-spot penalties are limited to a warning or a fine up to {} for this party (art. 51)", crate::review::yuan_zh(*limit_fen), crate::review::yuan_zh(*limit_fen))]
    SimplifiedAmountExceeded {
        /// The ceiling for this party kind, fen.
        limit_fen: i64,
    },
    /// A listed activity without a continuous video record (国办发〔2018〕118号).
    #[error(
        "该环节须有全程音像记录 / a continuous audio/video record is required for {activity:?}"
    )]
    VideoRequired {
        /// The activity.
        activity: Activity,
    },
    /// The act needs the agency head's prior approval (行政处罚法 art. 56; 行政强制法 art. 18).
    #[error("须经行政机关负责人批准 / the agency head's approval is required")]
    ApprovalRequired,
    /// A coercive measure (行政强制法 art. 18) or an on-site inspection (行政处罚法 art. 55)
    /// without its on-site record (笔录).
    #[error("须制作现场笔录 / an on-site record (笔录) is required")]
    OnSiteRecordMissing,
    /// A seizure without its decision and list handed to the party on the spot (行政强制法
    /// art. 24).
    #[error("查封、扣押应当当场交付查封、扣押决定书和清单 / the seizure decision and list must be handed to the party on the spot")]
    SeizureListMissing,
    /// On-the-spot collection outside the cases of 行政处罚法 art. 68, 69.
    #[error("不符合当场收缴罚款的情形（行政处罚法第六十八条、第六十九条） / the fine may not be collected on the spot on this ground")]
    OnSpotCollectionNotAllowed,
    /// On-the-spot collection without the official receipt (art. 70).
    #[error("当场收缴罚款必须出具财政部门统一制发的专用票据（行政处罚法第七十条） / the official receipt number is required")]
    ReceiptMissing,
    /// A payment larger than what is owed.
    #[error("缴款金额超过应缴金额（{outstanding_fen}分） / the amount exceeds what is owed ({outstanding_fen} fen)")]
    PaymentExceedsOutstanding {
        /// Fine plus surcharge still owed, fen.
        outstanding_fen: i64,
    },
    /// An instalment plan that does not add up (art. 66).
    #[error("分期缴纳须至少两期、日期先后有序且不早于批准日，各期金额之和等于罚款数额（{fine_fen}分） / instalments must be two or more, in date order, and sum to the fine ({fine_fen} fen)")]
    InstalmentsInvalid {
        /// The fine, fen.
        fine_fen: i64,
    },
    /// Applying to the court while the party may still seek a remedy (行政强制法 art. 53).
    #[error("当事人申请行政复议或者提起行政诉讼的期限至{until}届满，期满后方可申请人民法院强制执行（行政强制法第五十三条） / the party may seek a remedy until {until}")]
    RemedyPeriodOpen {
        /// Last day of the remedy periods.
        until: NaiveDate,
    },
    /// A correction notice that lists nothing (行政许可法 art. 32).
    #[error("补正告知应当一次告知需要补正的全部内容 / the correction notice must list everything missing")]
    CorrectionItemsMissing,
    /// The one permitted extension is used (行政强制法 art. 25, 行政许可法 art. 42).
    #[error("延长期限只能一次 / the single extension has already been used")]
    ExtensionExhausted,
    /// Electronic service without the party's consent (行政处罚法 art. 61).
    #[error(
        "电子送达须当事人同意并签订确认书 / electronic service needs the party's signed consent"
    )]
    EServiceConsentMissing,
    /// Investigation closed with preserved evidence still undecided (art. 56).
    #[error("先行登记保存的证据尚未作出处理决定 / preserved evidence awaits a decision")]
    PreservationUndecided,
    /// Archiving an incomplete file without an approver's override (案卷标准).
    #[error("案卷材料不完整，归档须经机关负责人批准并说明理由 / the case file is incomplete; archiving needs an approver's override")]
    FileIncomplete,
    /// A money amount that is zero or negative where a positive one is needed.
    #[error("金额必须大于零 / the amount must be positive")]
    AmountInvalid,
    /// A date earlier than the step it follows.
    #[error("日期早于前一环节（{after}） / the date precedes the previous step ({after})")]
    DateOutOfOrder {
        /// The earliest acceptable date.
        after: NaiveDate,
    },
    /// A working-day deadline reaches a year without holiday data.
    #[error("{0}")]
    CalendarGap(#[from] OutsideCalendar),
}

impl RuleViolation {
    /// The stable API code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidTransition { .. } => "invalid_transition",
            Self::ProcedureNotApplicable => "procedure_not_applicable",
            Self::CertificateInvalid { .. } => "certificate_invalid",
            Self::OfficerWithdrawn { .. } => "officer_withdrawn",
            Self::RecusalReasonRequired => "reason_required",
            Self::TooFewOfficers { .. } => "too_few_officers",
            Self::LimitationExpired { .. } => "limitation_expired",
            Self::OverrideReasonRequired => "override_reason_required",
            Self::NoticeMissing => "notice_missing",
            Self::HeavierThanNoticed => "heavier_than_noticed",
            Self::NoHearingRight => "no_hearing_right",
            Self::PartyUnderFourteen { .. } => "party_under_fourteen",
            Self::AlreadyFined { .. } => "already_fined",
            Self::NoPenaltyGroundMissing => "no_penalty_ground_missing",
            Self::HearingRequestLate { .. } => "hearing_request_late",
            Self::HearingPresiderConflict => "hearing_presider_conflict",
            Self::HearingNoticeTooShort { .. } => "hearing_notice_too_short",
            Self::HearingNotScheduled => "hearing_not_scheduled",
            Self::HearingNotHeld => "hearing_not_held",
            Self::StatementPeriodOpen { .. } => "statement_period_open",
            Self::LegalReviewMissing => "legal_review_missing",
            Self::DeliberationMissing => "deliberation_missing",
            Self::SimplifiedAmountExceeded { .. } => "simplified_amount_exceeded",
            Self::VideoRequired { .. } => "video_required",
            Self::ApprovalRequired => "approval_required",
            Self::OnSiteRecordMissing => "on_site_record_missing",
            Self::SeizureListMissing => "seizure_list_missing",
            Self::OnSpotCollectionNotAllowed => "on_spot_collection_not_allowed",
            Self::ReceiptMissing => "receipt_missing",
            Self::PaymentExceedsOutstanding { .. } => "payment_exceeds_outstanding",
            Self::InstalmentsInvalid { .. } => "instalments_invalid",
            Self::RemedyPeriodOpen { .. } => "remedy_period_open",
            Self::CorrectionItemsMissing => "correction_items_missing",
            Self::ExtensionExhausted => "extension_exhausted",
            Self::EServiceConsentMissing => "e_service_consent_missing",
            Self::PreservationUndecided => "preservation_undecided",
            Self::FileIncomplete => "file_incomplete",
            Self::AmountInvalid => "amount_invalid",
            Self::DateOutOfOrder { .. } => "date_out_of_order",
            Self::CalendarGap(_) => "calendar_gap",
        }
    }

    /// The bilingual message (same as `Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }
}
