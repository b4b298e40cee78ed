//! RFC 9457 problem details, and the one table of problem codes: each code with its HTTP status
//! and Chinese title. The server answers only these codes, the OpenAPI document lists them and the
//! web app matches its messages on them.

use sanxiang_domain::case::{PeriodRefusal, RuleViolation};
use sanxiang_domain::inspection::{DrawError, PlanViolation};
use sanxiang_domain::review::ReviewViolation;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The media type of every error response.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// Declares [`ProblemCode`] and its table from one list of `Variant => ("code", status, "title")`.
macro_rules! problem_codes {
    ($($(#[doc = $doc:literal])* $variant:ident => ($code:literal, $status:literal, $title:literal),)+) => {
        /// A stable, machine-readable problem code (`Problem.code`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ProblemCode {
            $($(#[doc = $doc])* $variant,)+
        }

        impl ProblemCode {
            /// Every code, in table order.
            pub const ALL: &'static [ProblemCode] = &[$(ProblemCode::$variant,)+];

            /// The snake_case code on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ProblemCode::$variant => $code,)+
                }
            }

            /// The HTTP status every answer with this code has.
            pub const fn status(self) -> u16 {
                match self {
                    $(ProblemCode::$variant => $status,)+
                }
            }

            /// The short Chinese title (`Problem.title`).
            pub const fn title(self) -> &'static str {
                match self {
                    $(ProblemCode::$variant => $title,)+
                }
            }

            /// The code named by `s`; `None` for a code this build does not know (e.g. from a
            /// newer server).
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($code => Some(ProblemCode::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

problem_codes! {
    // Requests the server cannot take.
    /// A body or a field that does not meet its rules (`errors` names the fields).
    ValidationFailed => ("validation_failed", 422, "输入有误"),
    /// A body that is not well-formed JSON.
    MalformedJson => ("malformed_json", 400, "请求格式错误"),
    /// A path segment of the wrong shape (e.g. not a UUID).
    InvalidPathParameter => ("invalid_path_parameter", 400, "路径参数无效"),
    /// A query string that does not parse or is out of range.
    InvalidQuery => ("invalid_query", 400, "查询参数无效"),
    /// No valid access token.
    Unauthorized => ("unauthorized", 401, "未登录或登录已失效"),
    /// Wrong user name or password.
    InvalidCredentials => ("invalid_credentials", 401, "用户名或密码错误"),
    /// A refresh token used twice: the whole sign-in is revoked.
    RefreshTokenReused => ("refresh_token_reused", 401, "登录凭据已被使用，请重新登录"),
    /// Signed in, but not allowed.
    Forbidden => ("forbidden", 403, "无权执行此操作"),
    /// No such object (or one of another agency), or no such endpoint.
    NotFound => ("not_found", 404, "未找到"),
    /// The endpoint exists but not with this method.
    MethodNotAllowed => ("method_not_allowed", 405, "不支持的请求方法"),
    /// The request contradicts data that exists (a unique name, a state of the object).
    Conflict => ("conflict", 409, "与现有数据冲突"),
    /// Someone else changed the object since it was read (`expected_version`).
    VersionConflict => ("version_conflict", 409, "数据已被他人更新，请刷新后重试"),
    /// The body exceeds the size limit.
    PayloadTooLarge => ("payload_too_large", 413, "请求内容过大"),
    /// The body's media type is not accepted here.
    UnsupportedMediaType => ("unsupported_media_type", 415, "不支持的内容类型"),
    /// Too many requests or failed sign-ins (`Retry-After`).
    RateLimited => ("rate_limited", 429, "尝试次数过多，请稍后再试"),
    /// A fault of the server; logged with the request id.
    InternalError => ("internal_error", 500, "服务器内部错误"),
    /// A dependency (database, blob store) is not available.
    ServiceUnavailable => ("service_unavailable", 503, "服务暂不可用"),
    /// A document would lack required elements (行政处罚法 art. 59 for a 决定书): `errors` names
    /// each missing field (`form.basis`, `party.address`, `settings.court`…) with its name.
    DocumentIncomplete => ("document_incomplete", 422, "文书缺少必备内容"),
    /// The act is made by a document that was not issued (once the agency has document settings,
    /// or with `[rules] documents_required = true`: the 告知书 before the notice, the 决定书 before
    /// the decision, the 送达回证 before service).
    DocumentRequired => ("document_required", 409, "须先签发文书"),
    /// No font to typeset documents with: install Debian's `fonts-noto-cjk`.
    FontsMissing => ("fonts_missing", 503, "未安装文书字体"),

    // Cases (执法全过程记录): the stage machine and its statutory gates.
    /// The case is archived and can no longer change.
    CaseArchived => ("case_archived", 409, "案件已归档，不能再变更"),
    /// The action is not possible at this stage (out of order or already done).
    InvalidTransition => ("invalid_transition", 409, "当前环节不能执行此操作"),
    /// The simplified procedure exists only for penalties.
    ProcedureNotApplicable => ("procedure_not_applicable", 422, "简易程序仅适用于行政处罚"),
    /// An acting officer holds no valid certificate (行政处罚法 art. 42).
    CertificateInvalid => ("certificate_invalid", 422, "执法人员无有效执法证"),
    /// An officer who withdrew from the case acts in it or is assigned to it (行政处罚法 art. 43).
    OfficerWithdrawn => ("officer_withdrawn", 422, "该执法人员已回避本案"),
    /// Fewer certified officers than required (行政处罚法 art. 42, 55).
    TooFewOfficers => ("too_few_officers", 422, "执法人员人数不足"),
    /// Discovered after the limitation period (行政处罚法 art. 36).
    LimitationExpired => ("limitation_expired", 422, "违法行为已超过追责时效"),
    /// An override without approver or written reason.
    OverrideReasonRequired => ("override_reason_required", 422, "越过规则须经机关负责人批准并书面说明理由"),
    /// A penalty decision without the notice (行政处罚法 art. 44, 62).
    NoticeMissing => ("notice_missing", 422, "未履行告知程序，不得作出处罚决定"),
    /// A decision heavier than the latest notice (行政处罚法 art. 44, 45).
    HeavierThanNoticed => ("heavier_than_noticed", 422, "处罚不得重于告知的内容，加重须重新告知"),
    /// A second fine for one illegal act (行政处罚法 art. 29).
    AlreadyFined => ("already_fined", 422, "同一个违法行为不得给予两次以上罚款"),
    /// A no-penalty decision without its statutory ground (行政处罚法 art. 30, 31, 33, 36).
    NoPenaltyGroundMissing => ("no_penalty_ground_missing", 422, "不予行政处罚决定须写明法定理由"),
    /// A penalty for a person under 14 at the time of the act (行政处罚法 art. 30).
    PartyUnderFourteen => ("party_under_fourteen", 422, "不满十四周岁的未成年人不予行政处罚"),
    /// The noticed penalty gives no right to a hearing (行政处罚法 art. 63).
    NoHearingRight => ("no_hearing_right", 422, "告知的处罚不属于听证范围"),
    /// A hearing requested after the window (行政处罚法 art. 64).
    HearingRequestLate => ("hearing_request_late", 422, "听证申请期限已届满"),
    /// The hearing presider investigated the case (行政处罚法 art. 64).
    HearingPresiderConflict => ("hearing_presider_conflict", 422, "听证主持人不得为本案调查人员"),
    /// The hearing notice reaches the party less than 7 working days ahead (行政处罚法 art. 64).
    HearingNoticeTooShort => ("hearing_notice_too_short", 422, "应当在举行听证的七日前通知当事人"),
    /// A hearing held, or an absence recorded, before the party was notified (行政处罚法 art. 64).
    HearingNotScheduled => ("hearing_not_scheduled", 422, "尚未通知当事人听证的时间、地点"),
    /// The hearing stage completed without a hearing.
    HearingNotHeld => ("hearing_not_held", 422, "尚未举行听证"),
    /// The party may still state a defence or ask for a hearing (行政处罚法 art. 45, 64).
    StatementPeriodOpen => ("statement_period_open", 422, "当事人陈述申辩期限尚未届满"),
    /// A decision needs an approving legal review of the current draft (行政处罚法 art. 58).
    ReviewRequired => ("review_required", 409, "须经法制审核同意后方可作出决定"),
    /// A decision needs a collective deliberation (行政处罚法 art. 57).
    DeliberationMissing => ("deliberation_missing", 409, "须经集体讨论后方可作出决定"),
    /// An on-the-spot penalty beyond its ceiling (行政处罚法 art. 51).
    SimplifiedAmountExceeded => ("simplified_amount_exceeded", 422, "超出当场处罚的限额"),
    /// A continuous audio/video record is required (国办发〔2018〕118号).
    VideoRequired => ("video_required", 422, "该环节须有全程音像记录"),
    /// The agency head's prior approval is required (行政处罚法 art. 56).
    ApprovalRequired => ("approval_required", 422, "须经行政机关负责人批准"),
    /// An on-site record (笔录) is required (行政强制法 art. 18).
    OnSiteRecordMissing => ("on_site_record_missing", 422, "须制作现场笔录"),
    /// A seizure without its decision and list handed over on the spot (行政强制法 art. 24).
    SeizureListMissing => ("seizure_list_missing", 422, "须当场交付查封、扣押决定书和清单"),
    /// On-the-spot collection outside the cases of 行政处罚法 art. 68, 69.
    OnSpotCollectionNotAllowed => ("on_spot_collection_not_allowed", 422, "不符合当场收缴罚款的情形"),
    /// On-the-spot collection without the official receipt (行政处罚法 art. 70).
    ReceiptMissing => ("receipt_missing", 422, "当场收缴罚款须出具专用票据"),
    /// A payment larger than the fine and surcharge still owed.
    PaymentExceedsOutstanding => ("payment_exceeds_outstanding", 422, "缴款金额超过应缴金额"),
    /// An instalment plan that does not add up to the fine (行政处罚法 art. 66).
    InstalmentsInvalid => ("instalments_invalid", 422, "分期缴纳计划无效"),
    /// Court enforcement applied for while the party may still seek a remedy (行政强制法 art. 53).
    RemedyPeriodOpen => ("remedy_period_open", 422, "复议、诉讼期限尚未届满"),
    /// A correction notice that lists nothing (行政许可法 art. 32).
    CorrectionItemsMissing => ("correction_items_missing", 422, "须一次告知需要补正的全部内容"),
    /// The single extension is used (行政强制法 art. 25, 行政许可法 art. 42).
    ExtensionExhausted => ("extension_exhausted", 409, "延长期限只能一次"),
    /// Electronic service without the party's consent (行政处罚法 art. 61).
    EServiceConsentMissing => ("e_service_consent_missing", 422, "电子送达须当事人同意并签订确认书"),
    /// Preserved evidence still awaits a decision (行政处罚法 art. 56).
    PreservationUndecided => ("preservation_undecided", 422, "先行登记保存的证据尚未作出处理决定"),
    /// Archiving an incomplete file without an approver's override.
    FileIncomplete => ("file_incomplete", 422, "案卷材料不完整"),
    /// An amount that is zero or negative.
    AmountInvalid => ("amount_invalid", 422, "金额必须大于零"),
    /// A date earlier than the step it follows.
    DateOutOfOrder => ("date_out_of_order", 422, "日期早于前一环节"),
    /// A working-day deadline reaches a year without holiday data.
    CalendarGap => ("calendar_gap", 422, "该年度节假日数据尚未维护"),
    /// The deadline has not started or its act is done: nothing to extend or suspend.
    DeadlineNotRunning => ("deadline_not_running", 409, "该期限未在计算中"),
    /// No rule allows extending this deadline (settings: `extensions`).
    NotExtendable => ("not_extendable", 422, "该期限不得延长"),
    /// An extension of zero days or longer than the rule allows.
    ExtensionTooLong => ("extension_too_long", 422, "延长天数超出规定"),
    /// The approver named is not an agency head (approver) of this agency.
    NotAnApprover => ("not_an_approver", 422, "批准人须为本机关负责人"),
    /// The ground does not suspend this deadline (行政许可法 art. 45; 行政强制法 art. 25).
    NotSuspendable => ("not_suspendable", 422, "该事由不属于不计入此期限的情形"),
    /// A suspension of this deadline is already open.
    SuspensionOpen => ("suspension_open", 409, "该期限已中止计算"),
    /// Ending a suspension that was never started.
    NoOpenSuspension => ("no_open_suspension", 409, "该期限未中止计算"),

    // Legal review of major decisions (重大执法决定法制审核).
    /// The reviewer handled or investigated the case.
    ReviewerConflict => ("reviewer_conflict", 422, "审核人员不得为本案承办或调查人员"),
    /// A first reviewer without the legal profession qualification.
    ReviewerUnqualified => ("reviewer_unqualified", 422, "审核人员应当取得法律职业资格"),
    /// The person cannot be assigned as reviewer.
    ReviewerNotEligible => ("reviewer_not_eligible", 422, "该人员不能担任审核人员"),
    /// Only the assigned reviewer may answer.
    NotAssignedReviewer => ("not_assigned_reviewer", 403, "仅指定的审核人员可以作出审核意见"),
    /// A problem on a checklist item needs a comment.
    CommentRequired => ("comment_required", 422, "存在问题的审核事项须填写意见"),
    /// Checklist items are unanswered.
    ChecklistIncomplete => ("checklist_incomplete", 422, "审核要点尚未全部填写"),
    ApprovalWithProblems => ("approval_with_problems", 422, "审核要点存在问题时不能出具同意意见"),
    /// A problems-found opinion must say what must change.
    ChangesRequired => ("changes_required", 422, "须写明需要纠正的内容"),
    /// A review request without its materials.
    MaterialsMissing => ("materials_missing", 422, "提交审核须附案件材料"),
    /// A written reason is required.
    ReasonRequired => ("reason_required", 422, "须书面说明理由"),
    /// The draft changed after approval.
    ReviewStale => ("review_stale", 409, "审核通过后决定内容已变更，须重新提交审核"),
    /// A deliberation without enough attendees or a conclusion.
    DeliberationIncomplete => ("deliberation_incomplete", 409, "集体讨论记录不完整"),
    /// A catalogue version that is not the next number.
    CatalogueVersionNotNext => ("catalogue_version_not_next", 422, "目录清单版本号不连续"),
    /// A catalogue period that overlaps an earlier version.
    CatalogueOverlap => ("catalogue_overlap", 422, "目录清单有效期与已有版本重叠"),
    /// A catalogue with an invalid period or agency.
    CatalogueInvalid => ("catalogue_invalid", 422, "目录清单有效期或所属机关无效"),
    /// An invalid catalogue criterion.
    CriterionInvalid => ("criterion_invalid", 422, "目录清单标准无效"),
    /// A discretion range with min > max or a negative amount.
    DiscretionRangeInvalid => ("discretion_range_invalid", 422, "裁量基准幅度无效"),
    /// An invalid discretion standard.
    DiscretionInvalid => ("discretion_invalid", 422, "裁量基准无效"),
    /// A discretion-standard version that is not the next number.
    DiscretionVersionNotNext => ("discretion_version_not_next", 422, "裁量基准版本号不连续"),
    /// A discretion-standard period that overlaps an earlier version.
    DiscretionOverlap => ("discretion_overlap", 422, "裁量基准有效期与已有版本重叠"),

    // Random inspections (双随机、一公开).
    /// A draw is final: never rerun.
    DrawAlreadyMade => ("draw_already_made", 409, "该计划已抽取，抽取结果不能重新生成或更改"),
    /// The plan is cancelled.
    PlanCancelled => ("plan_cancelled", 409, "该计划已取消"),
    /// Drawing before the plan was fixed and published.
    PlanNotFixed => ("plan_not_fixed", 409, "须先固定并公布计划"),
    /// Fixing twice.
    PlanAlreadyFixed => ("plan_already_fixed", 409, "该计划已固定"),
    /// Tasks before the draw.
    PlanNotDrawn => ("plan_not_drawn", 409, "该计划尚未抽取"),
    /// Fewer than two inspectors per target (行政处罚法 art. 42).
    TooFewInspectorsPerTarget => ("too_few_inspectors_per_target", 422, "每个检查对象至少须有 2 名执法检查人员"),
    /// Both a count and ratios, or neither.
    QuotaAmbiguous => ("quota_ambiguous", 422, "须且只能指定抽取数量或抽取比例之一"),
    /// A ratio above 100 %.
    RatioTooLarge => ("ratio_too_large", 422, "抽取比例不能超过 100%"),
    /// An invalid credit tier label.
    InvalidTier => ("invalid_tier", 422, "信用等级无效"),
    /// Not enough eligible inspectors for a target.
    NotEnoughInspectors => ("not_enough_inspectors", 422, "可选执法检查人员不足"),
    /// A seed that is not 64 hex digits.
    BadSeed => ("bad_seed", 422, "随机种子应为 64 位十六进制"),
    /// A snapshot not in canonical order.
    SnapshotNotCanonical => ("snapshot_not_canonical", 422, "名录快照未按规范排序"),

    // Disclosure (行政执法公示), registers (事前公开) and the record log.
    /// A register version edited or submitted by the reviewer.
    RegisterSelfReview => ("register_self_review", 403, "不能审核本人编辑或提交的版本"),
    /// The register version's status does not allow this.
    RegisterWrongStatus => ("register_wrong_status", 409, "该版本当前状态不允许此操作"),
    /// Another register version awaits review.
    RegisterVersionPending => ("register_version_pending", 409, "已有版本待审核，请先完成审核"),
    /// The register entry is not public.
    RegisterNotPublic => ("register_not_public", 409, "该条目未公开"),
    /// The annual report cannot be published yet.
    AnnualReportNotReady => ("annual_report_not_ready", 409, "年度报告尚未到可发布时间"),
    /// The disclosure's status does not allow this.
    DisclosureWrongStatus => ("disclosure_wrong_status", 409, "该公示当前状态不允许此操作"),
    /// A disclosure reviewed by its editor or submitter.
    DisclosureSelfReview => ("disclosure_self_review", 403, "公示须由编辑、提交人以外的另一人审核"),
    /// Early removal after credit repair is not admitted.
    EarlyRemovalRefused => ("early_removal_refused", 409, "不符合信用修复提前停止公示的条件"),
    /// Withdrawal without a recorded reason to withdraw (行政处罚法 art. 48).
    WithdrawalNotRequired => ("withdrawal_not_required", 409, "尚未登记须撤回公示的事由"),
    /// An edit of a disclosure that would bring back masked text (`errors` names the field):
    /// masks only grow (行政处罚法 art. 50).
    MaskRemoved => ("mask_removed", 422, "不得恢复已遮蔽的内容"),
    /// A penalty or licence decision lacks a field the national 双公示 template requires
    /// (`errors` names each field by its id, the message by its template column).
    CreditFieldMissing => ("credit_field_missing", 422, "缺少双公示数据模板要求的必填项"),
    /// The record is not yet covered by a signed checkpoint (`Retry-After`).
    NotIntegrated => ("not_integrated", 409, "尚未写入已签名的日志检查点，请稍后重试"),
}

impl ProblemCode {
    /// The problem's `type` URI.
    pub fn type_uri(self) -> String {
        format!("urn:sanxiang:problem:{}", self.as_str())
    }
}

impl From<&RuleViolation> for ProblemCode {
    fn from(v: &RuleViolation) -> Self {
        use RuleViolation as V;
        match v {
            V::InvalidTransition { .. } => Self::InvalidTransition,
            V::ProcedureNotApplicable => Self::ProcedureNotApplicable,
            V::CertificateInvalid { .. } => Self::CertificateInvalid,
            V::OfficerWithdrawn { .. } => Self::OfficerWithdrawn,
            V::RecusalReasonRequired => Self::ReasonRequired,
            V::TooFewOfficers { .. } => Self::TooFewOfficers,
            V::LimitationExpired { .. } => Self::LimitationExpired,
            V::OverrideReasonRequired => Self::OverrideReasonRequired,
            V::NoticeMissing => Self::NoticeMissing,
            V::HeavierThanNoticed => Self::HeavierThanNoticed,
            V::NoHearingRight => Self::NoHearingRight,
            V::PartyUnderFourteen { .. } => Self::PartyUnderFourteen,
            V::AlreadyFined { .. } => Self::AlreadyFined,
            V::NoPenaltyGroundMissing => Self::NoPenaltyGroundMissing,
            V::HearingRequestLate { .. } => Self::HearingRequestLate,
            V::HearingPresiderConflict => Self::HearingPresiderConflict,
            V::HearingNoticeTooShort { .. } => Self::HearingNoticeTooShort,
            V::HearingNotScheduled => Self::HearingNotScheduled,
            V::HearingNotHeld => Self::HearingNotHeld,
            V::StatementPeriodOpen { .. } => Self::StatementPeriodOpen,
            // The same gate as the review domain's: one code for "no approving review".
            V::LegalReviewMissing => Self::ReviewRequired,
            V::DeliberationMissing => Self::DeliberationMissing,
            V::SimplifiedAmountExceeded { .. } => Self::SimplifiedAmountExceeded,
            V::VideoRequired { .. } => Self::VideoRequired,
            V::ApprovalRequired => Self::ApprovalRequired,
            V::OnSiteRecordMissing => Self::OnSiteRecordMissing,
            V::SeizureListMissing => Self::SeizureListMissing,
            V::OnSpotCollectionNotAllowed => Self::OnSpotCollectionNotAllowed,
            V::ReceiptMissing => Self::ReceiptMissing,
            V::PaymentExceedsOutstanding { .. } => Self::PaymentExceedsOutstanding,
            V::InstalmentsInvalid { .. } => Self::InstalmentsInvalid,
            V::RemedyPeriodOpen { .. } => Self::RemedyPeriodOpen,
            V::CorrectionItemsMissing => Self::CorrectionItemsMissing,
            V::ExtensionExhausted => Self::ExtensionExhausted,
            V::EServiceConsentMissing => Self::EServiceConsentMissing,
            V::PreservationUndecided => Self::PreservationUndecided,
            V::FileIncomplete => Self::FileIncomplete,
            V::AmountInvalid => Self::AmountInvalid,
            V::DateOutOfOrder { .. } => Self::DateOutOfOrder,
            V::CalendarGap(_) => Self::CalendarGap,
        }
    }
}

impl From<&PeriodRefusal> for ProblemCode {
    fn from(v: &PeriodRefusal) -> Self {
        use PeriodRefusal as V;
        match v {
            V::CaseArchived => Self::CaseArchived,
            V::DeadlineNotRunning(_) => Self::DeadlineNotRunning,
            V::NotExtendable(_) => Self::NotExtendable,
            V::ExtensionLength { .. } => Self::ExtensionTooLong,
            V::ExtensionExhausted { .. } => Self::ExtensionExhausted,
            V::ApprovalRequired => Self::ApprovalRequired,
            V::NotAnApprover => Self::NotAnApprover,
            V::ReasonRequired => Self::ReasonRequired,
            V::NotSuspendable { .. } => Self::NotSuspendable,
            V::SuspensionOpen { .. } => Self::SuspensionOpen,
            V::NoOpenSuspension => Self::NoOpenSuspension,
            V::DateOutOfOrder { .. } => Self::DateOutOfOrder,
        }
    }
}

impl From<&ReviewViolation> for ProblemCode {
    fn from(v: &ReviewViolation) -> Self {
        use ReviewViolation as V;
        match v {
            V::ReviewerConflict => Self::ReviewerConflict,
            V::ReviewerUnqualified => Self::ReviewerUnqualified,
            V::ReviewerNotEligible => Self::ReviewerNotEligible,
            V::NotAssignedReviewer => Self::NotAssignedReviewer,
            V::InvalidTransition { .. } => Self::InvalidTransition,
            V::CommentRequired { .. } => Self::CommentRequired,
            V::ChecklistIncomplete { .. } => Self::ChecklistIncomplete,
            V::ApprovalWithProblems { .. } => Self::ApprovalWithProblems,
            V::ChangesRequired => Self::ChangesRequired,
            V::MaterialsMissing => Self::MaterialsMissing,
            V::ExtensionExhausted => Self::ExtensionExhausted,
            V::ReasonRequired => Self::ReasonRequired,
            V::DateOutOfOrder { .. } => Self::DateOutOfOrder,
            // No approving opinion for the current draft, whether none was given or it was not
            // an approval: the decision gate's one answer.
            V::LegalReviewMissing | V::LegalReviewNotApproved => Self::ReviewRequired,
            V::ReviewStale => Self::ReviewStale,
            V::DeliberationMissing => Self::DeliberationMissing,
            V::DeliberationIncomplete { .. } => Self::DeliberationIncomplete,
            V::CatalogueVersionNotNext { .. } => Self::CatalogueVersionNotNext,
            V::CatalogueOverlap { .. } => Self::CatalogueOverlap,
            V::CatalogueInvalid => Self::CatalogueInvalid,
            V::CriterionInvalid(_) => Self::CriterionInvalid,
            V::DiscretionRangeInvalid => Self::DiscretionRangeInvalid,
            V::DiscretionInvalid(_) => Self::DiscretionInvalid,
            V::DiscretionVersionNotNext { .. } => Self::DiscretionVersionNotNext,
            V::DiscretionOverlap { .. } => Self::DiscretionOverlap,
            V::CalendarGap(_) => Self::CalendarGap,
        }
    }
}

impl From<&PlanViolation> for ProblemCode {
    fn from(v: &PlanViolation) -> Self {
        match v {
            PlanViolation::AlreadyDrawn => Self::DrawAlreadyMade,
            PlanViolation::Cancelled => Self::PlanCancelled,
            PlanViolation::NotFixed => Self::PlanNotFixed,
            PlanViolation::AlreadyFixed => Self::PlanAlreadyFixed,
            PlanViolation::NotDrawn => Self::PlanNotDrawn,
            PlanViolation::ReasonRequired => Self::ReasonRequired,
        }
    }
}

impl From<&DrawError> for ProblemCode {
    fn from(v: &DrawError) -> Self {
        match v {
            DrawError::TooFewInspectorsPerTarget => Self::TooFewInspectorsPerTarget,
            DrawError::QuotaAmbiguous => Self::QuotaAmbiguous,
            DrawError::RatioTooLarge(_) => Self::RatioTooLarge,
            DrawError::InvalidTier(_) => Self::InvalidTier,
            DrawError::NotEnoughInspectors { .. } => Self::NotEnoughInspectors,
            DrawError::BadSeed => Self::BadSeed,
            DrawError::SnapshotNotCanonical | DrawError::Canonical(_) => Self::SnapshotNotCanonical,
        }
    }
}

/// An error, as `application/problem+json` (RFC 9457). `code` is stable and machine-readable;
/// `title` and `detail` are for people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[schema(example = json!({
    "type": "urn:sanxiang:problem:validation_failed",
    "title": "输入有误",
    "status": 422,
    "detail": "One or more fields are invalid.",
    "code": "validation_failed",
    "errors": {"password": ["the password must have at least 10 characters"]},
    "request_id": "5f0c8a5e-2c4b-4c1e-9a49-2f0a3c1d9b7e"
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:sanxiang:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary (Chinese).
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable snake_case code from the table of problem codes. Kept a string on the wire so a
    /// client built before a code was added still reads the problem (and shows its `title`).
    #[schema(value_type = ProblemCode)]
    pub code: String,
    /// For validation failures: messages per field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// The request id (also in the `x-request-id` response header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl Problem {
    /// The code as a table entry; `None` for a code this build does not know.
    pub fn problem_code(&self) -> Option<ProblemCode> {
        ProblemCode::parse(&self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_match_serde() {
        let mut seen = std::collections::HashSet::new();
        for &c in ProblemCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {}", c.as_str());
            assert!(c
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!((400..600).contains(&c.status()));
            assert!(!c.title().is_empty());
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::Value::String(c.as_str().to_owned()))
            );
            assert_eq!(ProblemCode::parse(c.as_str()), Some(c));
        }
        assert_eq!(ProblemCode::parse("from_a_newer_server"), None);
    }
}
