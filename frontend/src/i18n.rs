//! The translation table: every string the user can see lives here.
//!
//! Components never hold literal text; they call [`t`] with a [`Key`]. The table has one column
//! per language ([`Lang`]); today only zh-CN. To add English, add `Lang::En`, write `fn en(key)`
//! with the same `match`, and route it in [`tr`] — the compiler then lists any missing key.

use sanxiang_api_types::cases::{DeadlineState, PartyIdType, StageProgress};
use sanxiang_api_types::Role;
use sanxiang_domain::case::{
    Action, Activity, CaseKind, CertificateStatus, Procedure, RecordKind, ServiceMethod, Stage,
};
use sanxiang_domain::party::PartyKind;

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese, the default.
    ZhCn,
}

/// The language used when nothing else is chosen.
pub const DEFAULT_LANG: Lang = Lang::ZhCn;

/// A user-visible string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    // Product
    AppName,
    AppNameLatin,
    Loading,

    // Login page
    LoginTitle,
    LoginSubtitle,
    Username,
    Password,
    UsernamePlaceholder,
    PasswordPlaceholder,
    LoginSubmit,
    LoginPending,
    UsernameRequired,
    PasswordRequired,

    // Top bar and navigation
    CurrentUser,
    Logout,
    LogoutPending,
    MainNav,
    NavDashboard,
    NavProfile,
    NavCases,
    NavLegalReview,
    NavDisclosure,
    NavAudit,
    NavAdmin,

    // Dashboard (工作台)
    DashboardWelcome,
    DashboardIntro,
    DashboardEntries,

    // Profile (个人信息)
    ProfileTitle,
    ProfileDisplayName,
    ProfileUsername,
    ProfileAgency,
    ProfileRoles,
    ProfileNoRoles,

    // Placeholders: pages that later issues build. Remove these keys when the pages exist.
    ComingSoonBadge,
    ComingSoonBody,

    // Access
    NotAllowed,

    // Navigation (cases)
    NavDeadlines,
    NavOfficers,

    // Common
    Save,
    Saving,
    Cancel,
    Submitting,
    LoadMore,
    LoadingMore,
    Edit,
    All,
    Saved,

    // Case list
    CasesTitle,
    CaseNewButton,
    CaseFilters,
    FilterKind,
    FilterStage,
    FilterParty,
    FilterPartyPlaceholder,
    FilterOverdue,
    FilterMine,
    FilterApply,
    FilterReset,
    ColCaseNumber,
    ColTitle,
    ColParty,
    ColStage,
    ColHandler,
    ColNextDue,
    OverdueBadge,
    ArchivedBadge,
    CasesEmpty,

    // Kinds and procedures
    KindPenalty,
    KindLicence,
    KindInspection,
    KindFee,
    KindCoerciveMeasure,
    ProcedureOrdinary,
    ProcedureSimplified,

    // Stages
    StageFiling,
    StageInvestigation,
    StageInvestigationReport,
    StageNotice,
    StageStatement,
    StageHearing,
    StageLegalReview,
    StageCollectiveDeliberation,
    StageDecision,
    StageService,
    StageExecution,
    StageClosure,
    StageArchive,
    StageOnSite,
    StageTask,
    StageOnSiteInspection,
    StageResult,
    StageApplication,
    StageAcceptance,
    StageReview,
    StageCertificateIssued,
    StageAssessment,
    StageCollection,
    StageApproval,
    StageImplementation,
    StageInForce,
    ProgressDone,
    ProgressCurrent,
    ProgressUpcoming,
    ProgressSkipped,

    // New case
    CaseNewTitle,
    FieldKind,
    FieldProcedure,
    FieldTitle,
    FieldTitlePlaceholder,
    FieldCategory,
    DefaultCategory,
    PartySection,
    FieldPartyKind,
    PartyNaturalPerson,
    PartyOrganisation,
    FieldPartyName,
    FieldIdType,
    IdCreditCode,
    IdResidentId,
    IdOther,
    FieldIdKind,
    FieldIdKindPlaceholder,
    FieldIdNumber,
    FieldAddress,
    FieldContact,
    FieldMinor,
    OfficersSection,
    FieldOfficers,
    FieldHandler,
    FlagsSection,
    FlagLegalReview,
    FlagDeliberation,
    CaseCreate,
    CaseCreating,
    ErrTitleRequired,
    ErrCategoryRequired,
    ErrPartyNameRequired,
    ErrOfficersRequired,
    ErrIdKindRequired,
    CertValidToday,
    CertNoneValid,

    // Case page
    CaseLoading,
    CaseParty,
    CaseHandler,
    CaseOfficers,
    CaseCategory,
    CaseKindProcedure,
    CaseOutcome,
    CaseNextDue,
    CaseBackToList,
    StagesTitle,
    DeadlinesTitle,
    DeadlineDue,
    DeadlineStart,
    DeadlineCompleted,
    DeadlineUnitWorking,
    DeadlineUnitCalendar,
    DeadlineMet,
    DeadlinePending,
    DeadlineDueSoon,
    DeadlineOverdue,
    DeadlineUnknown,
    NoDeadlines,

    // Actions
    ActionsTitle,
    NoActions,
    CaseArchivedNote,
    ActionRefused,
    ActionDone,
    ActionComplete,
    ActionCompleteStage,
    ActionFile,
    ActionPreserveEvidence,
    ActionDecidePreservation,
    ActionIssueNotice,
    ActionRecordStatement,
    ActionRequestHearing,
    ActionHoldHearing,
    ActionWaiveRights,
    ActionDecide,
    ActionRecordService,
    ActionRecordExecution,
    ActionRecordResult,
    ActionAccept,
    ActionRejectApplication,
    ActionExtendReview,
    ActionDecideLicence,
    ActionIssueCertificate,
    ActionAssess,
    ActionRecordPayment,
    ActionApproveMeasure,
    ActionImplementMeasure,
    ActionExtendMeasure,
    ActionEndMeasure,
    ActionClose,
    ActionArchive,
    FieldOn,
    FieldServedOn,
    FieldViolationOn,
    FieldDiscoveredOn,
    FieldGraveHarm,
    FieldApprovedBy,
    FieldPresider,
    FieldPickOfficer,
    FieldWarning,
    FieldFineYuan,
    FieldConfiscationYuan,
    FieldLicenceSuspension,
    FieldLicenceRevocation,
    FieldOtherMeasures,
    FieldOutcome,
    OutcomePenalty,
    OutcomeNoPenalty,
    OutcomeTransfer,
    OutcomeGranted,
    OutcomeRefused,
    OutcomeNoProblem,
    OutcomeRectification,
    OutcomeRefer,
    FieldServiceMethod,
    ServiceDirect,
    ServiceLeaving,
    ServicePost,
    ServiceElectronic,
    ServiceAnnouncement,
    FieldForced,
    FieldResult,
    FieldPenaltyCase,
    FieldGranted,
    FieldAmountYuan,
    FieldActingOfficers,
    FieldOverride,
    FieldOverrideReason,
    ErrMoneyInvalid,
    ErrDateRequired,
    ErrReasonRequired,
    ErrPickOfficer,
    ErrCaseIdInvalid,
    ErrVersionConflict,

    // Timeline
    TimelineTitle,
    TimelineEmpty,
    RecordRecordedAt,
    RecordOccurredAt,
    RecordPlace,
    RecordBy,
    RecordOfficersPresent,
    RecordDocumentType,
    RecordActivity,
    RecordCorrects,
    RecordCorrectedBy,
    RecordCorrectionReason,
    RecordCorrect,
    Attachments,
    Preview,
    HidePreview,
    PreviewLoading,
    RecordKindTranscript,
    RecordKindDocument,
    RecordKindPhoto,
    RecordKindAudio,
    RecordKindVideo,
    RecordKindNote,
    RecordKindSignature,
    RecordKindTransition,
    RecordKindCorrection,
    ActivitySeizure,
    ActivityForcedExecution,
    ActivityEvidencePreservation,
    ActivityOnSiteInspection,
    ActivityHearing,
    ActivityService,

    // Record form
    RecordFormTitle,
    RecordFormCorrection,
    FieldRecordKind,
    FieldRecordTitle,
    FieldRecordText,
    FieldDocumentType,
    DocumentTypeNone,
    FieldActivity,
    ActivityNone,
    FieldOccurredAt,
    FieldPlace,
    FieldFiles,
    FieldCorrectionReason,
    RecordSubmit,
    RecordSaved,
    Uploading,
    UploadFailed,
    ErrRecordTitleRequired,
    ErrCorrectionReasonRequired,

    // Completeness
    CompletenessTitle,
    CompletenessScore,
    CompletenessComplete,
    CompletenessMissing,
    ItemPresent,
    ItemMissing,

    // Deadlines page
    DeadlinesPageTitle,
    DeadlinesShowOverdue,
    DeadlinesShowDueSoon,
    DeadlinesShowOpen,
    ColDeadline,
    ColDue,
    ColStatus,
    ColArticle,
    DeadlinesEmpty,
    StatsTotal,
    StatsOverdue,

    // Officers page
    OfficersTitle,
    OfficersEmpty,
    OfficerName,
    OfficerPost,
    OfficerUnit,
    OfficerLegalQualification,
    OfficerSet,
    OfficerPickUser,
    CertNumber,
    CertIssuer,
    CertValidFrom,
    CertValidUntil,
    CertValidity,
    CertRevokeConfirm,
    CertCategories,
    CertArea,
    CertStatus,
    CertStatusValid,
    CertStatusSuspended,
    CertStatusRevoked,
    CertTodayValid,
    CertTodayInvalid,
    CertAdd,
    CertSuspend,
    CertRevoke,
    CertRestore,
    CertNone,
    ErrFieldRequired,

    // Roles
    RoleAdmin,
    RoleOfficer,
    RoleLegalReviewer,
    RoleApprover,
    RoleDisclosureEditor,
    RoleAuditor,

    // Errors (problem codes and transport failures)
    ErrInvalidCredentials,
    ErrRateLimited,
    ErrUnauthorized,
    ErrForbidden,
    ErrNotFound,
    ErrValidationFailed,
    ErrInternal,
    ErrServiceUnavailable,
    ErrNetwork,
    ErrUnexpectedResponse,
    ErrSessionExpired,

    // Tamper-evident log: the verified mark (核验)
    VerifyTitle,
    VerifyRunning,
    VerifyOk,
    VerifyOkDetail,
    VerifyFailed,
    VerifyFailedRecord,
    VerifyPending,
    VerifyPendingDetail,
    VerifyEmpty,
    VerifyError,
    VerifyReasonVerifier,
    VerifyReasonCheckpoint,
    VerifyReasonProof,
    VerifyReasonNoEntry,
    VerifyReasonInclusion,
    VerifyReasonEntry,
    VerifyReasonIndex,

    // Auditor page (审计)
    AuditTitle,
    AuditIntro,
    AuditSearchLabel,
    AuditSearchPlaceholder,
    AuditSearch,
    AuditResultsEmpty,
    AuditPickCase,
    AuditTimelineTitle,
    ColSeq,
    ColLogIndex,
    ColRecord,
    ColRecordedAt,
    ColProof,
    ProofDownload,
    LogIndexPending,
    ExportButton,
    ExportPreparing,
    ExportDownloading,
    ExportDone,
    CheckpointsTitle,
    CheckpointsEmpty,
    ColTreeSize,
    ColRootHash,
    ColSignedAt,
    CheckpointNote,
    CheckpointNoteShow,
}

/// The text of `key` in the default language.
pub fn t(key: Key) -> &'static str {
    tr(DEFAULT_LANG, key)
}

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::ZhCn => zh_cn(key),
    }
}

/// The text of `key` with `{name}` replaced by `name`.
pub fn t_name(key: Key, name: &str) -> String {
    t(key).replace("{name}", name)
}

/// The Chinese name of a role.
pub fn role_key(role: Role) -> Key {
    match role {
        Role::Admin => Key::RoleAdmin,
        Role::Officer => Key::RoleOfficer,
        Role::LegalReviewer => Key::RoleLegalReviewer,
        Role::Approver => Key::RoleApprover,
        Role::DisclosureEditor => Key::RoleDisclosureEditor,
        Role::Auditor => Key::RoleAuditor,
    }
}

/// Every case kind, in the order the filters list them.
pub const ALL_KINDS: [CaseKind; 5] = [
    CaseKind::Penalty,
    CaseKind::Licence,
    CaseKind::Inspection,
    CaseKind::Fee,
    CaseKind::CoerciveMeasure,
];

/// Every stage, in the order the filters list them (penalty first, then the other kinds).
pub const ALL_STAGES: [Stage; 26] = [
    Stage::Filing,
    Stage::Investigation,
    Stage::InvestigationReport,
    Stage::Notice,
    Stage::Statement,
    Stage::Hearing,
    Stage::LegalReview,
    Stage::CollectiveDeliberation,
    Stage::Decision,
    Stage::Service,
    Stage::Execution,
    Stage::Closure,
    Stage::Archive,
    Stage::OnSite,
    Stage::Task,
    Stage::OnSiteInspection,
    Stage::Result,
    Stage::Application,
    Stage::Acceptance,
    Stage::Review,
    Stage::CertificateIssued,
    Stage::Assessment,
    Stage::Collection,
    Stage::Approval,
    Stage::Implementation,
    Stage::InForce,
];

/// The Chinese name of a case kind.
pub fn kind_key(kind: CaseKind) -> Key {
    match kind {
        CaseKind::Penalty => Key::KindPenalty,
        CaseKind::Licence => Key::KindLicence,
        CaseKind::Inspection => Key::KindInspection,
        CaseKind::Fee => Key::KindFee,
        CaseKind::CoerciveMeasure => Key::KindCoerciveMeasure,
    }
}

/// The Chinese name of a procedure.
pub fn procedure_key(procedure: Procedure) -> Key {
    match procedure {
        Procedure::Ordinary => Key::ProcedureOrdinary,
        Procedure::Simplified => Key::ProcedureSimplified,
    }
}

/// The Chinese name of a stage.
pub fn stage_key(stage: Stage) -> Key {
    match stage {
        Stage::Filing => Key::StageFiling,
        Stage::Investigation => Key::StageInvestigation,
        Stage::InvestigationReport => Key::StageInvestigationReport,
        Stage::Notice => Key::StageNotice,
        Stage::Statement => Key::StageStatement,
        Stage::Hearing => Key::StageHearing,
        Stage::LegalReview => Key::StageLegalReview,
        Stage::CollectiveDeliberation => Key::StageCollectiveDeliberation,
        Stage::Decision => Key::StageDecision,
        Stage::Service => Key::StageService,
        Stage::Execution => Key::StageExecution,
        Stage::Closure => Key::StageClosure,
        Stage::Archive => Key::StageArchive,
        Stage::OnSite => Key::StageOnSite,
        Stage::Task => Key::StageTask,
        Stage::OnSiteInspection => Key::StageOnSiteInspection,
        Stage::Result => Key::StageResult,
        Stage::Application => Key::StageApplication,
        Stage::Acceptance => Key::StageAcceptance,
        Stage::Review => Key::StageReview,
        Stage::CertificateIssued => Key::StageCertificateIssued,
        Stage::Assessment => Key::StageAssessment,
        Stage::Collection => Key::StageCollection,
        Stage::Approval => Key::StageApproval,
        Stage::Implementation => Key::StageImplementation,
        Stage::InForce => Key::StageInForce,
    }
}

/// How far a stage of the stage bar is.
pub fn progress_key(progress: StageProgress) -> Key {
    match progress {
        StageProgress::Done => Key::ProgressDone,
        StageProgress::Current => Key::ProgressCurrent,
        StageProgress::Upcoming => Key::ProgressUpcoming,
        StageProgress::Skipped => Key::ProgressSkipped,
    }
}

/// The button text of an action.
pub fn action_key(action: Action) -> Key {
    match action {
        Action::Complete => Key::ActionComplete,
        Action::File => Key::ActionFile,
        Action::PreserveEvidence => Key::ActionPreserveEvidence,
        Action::DecidePreservation => Key::ActionDecidePreservation,
        Action::IssueNotice => Key::ActionIssueNotice,
        Action::RecordStatement => Key::ActionRecordStatement,
        Action::RequestHearing => Key::ActionRequestHearing,
        Action::HoldHearing => Key::ActionHoldHearing,
        Action::WaiveRights => Key::ActionWaiveRights,
        Action::Decide => Key::ActionDecide,
        Action::RecordService => Key::ActionRecordService,
        Action::RecordExecution => Key::ActionRecordExecution,
        Action::RecordResult => Key::ActionRecordResult,
        Action::Accept => Key::ActionAccept,
        Action::RejectApplication => Key::ActionRejectApplication,
        Action::ExtendReview => Key::ActionExtendReview,
        Action::DecideLicence => Key::ActionDecideLicence,
        Action::IssueCertificate => Key::ActionIssueCertificate,
        Action::Assess => Key::ActionAssess,
        Action::RecordPayment => Key::ActionRecordPayment,
        Action::ApproveMeasure => Key::ActionApproveMeasure,
        Action::ImplementMeasure => Key::ActionImplementMeasure,
        Action::ExtendMeasure => Key::ActionExtendMeasure,
        Action::EndMeasure => Key::ActionEndMeasure,
        Action::Close => Key::ActionClose,
        Action::Archive => Key::ActionArchive,
    }
}

/// The Chinese name of a record kind.
pub fn record_kind_key(kind: RecordKind) -> Key {
    match kind {
        RecordKind::Transcript => Key::RecordKindTranscript,
        RecordKind::Document => Key::RecordKindDocument,
        RecordKind::Photo => Key::RecordKindPhoto,
        RecordKind::Audio => Key::RecordKindAudio,
        RecordKind::Video => Key::RecordKindVideo,
        RecordKind::Note => Key::RecordKindNote,
        RecordKind::Signature => Key::RecordKindSignature,
        RecordKind::Transition => Key::RecordKindTransition,
        RecordKind::Correction => Key::RecordKindCorrection,
    }
}

/// The Chinese name of a filmed activity.
pub fn activity_key(activity: Activity) -> Key {
    match activity {
        Activity::Seizure => Key::ActivitySeizure,
        Activity::ForcedExecution => Key::ActivityForcedExecution,
        Activity::EvidencePreservation => Key::ActivityEvidencePreservation,
        Activity::OnSiteInspection => Key::ActivityOnSiteInspection,
        Activity::Hearing => Key::ActivityHearing,
        Activity::Service => Key::ActivityService,
    }
}

/// The Chinese name of a deadline state.
pub fn deadline_state_key(state: DeadlineState) -> Key {
    match state {
        DeadlineState::Met => Key::DeadlineMet,
        DeadlineState::Pending => Key::DeadlinePending,
        DeadlineState::DueSoon => Key::DeadlineDueSoon,
        DeadlineState::Overdue => Key::DeadlineOverdue,
        DeadlineState::Unknown => Key::DeadlineUnknown,
    }
}

/// The Chinese name of a service method.
pub fn service_method_key(method: ServiceMethod) -> Key {
    match method {
        ServiceMethod::Direct => Key::ServiceDirect,
        ServiceMethod::Leaving => Key::ServiceLeaving,
        ServiceMethod::Post => Key::ServicePost,
        ServiceMethod::Electronic => Key::ServiceElectronic,
        ServiceMethod::Announcement => Key::ServiceAnnouncement,
    }
}

/// The Chinese name of a certificate status.
pub fn cert_status_key(status: CertificateStatus) -> Key {
    match status {
        CertificateStatus::Valid => Key::CertStatusValid,
        CertificateStatus::Suspended => Key::CertStatusSuspended,
        CertificateStatus::Revoked => Key::CertStatusRevoked,
    }
}

/// The Chinese name of a party kind.
pub fn party_kind_key(kind: PartyKind) -> Key {
    match kind {
        PartyKind::NaturalPerson => Key::PartyNaturalPerson,
        PartyKind::Organisation => Key::PartyOrganisation,
    }
}

/// The Chinese name of a party identifier type.
pub fn id_type_key(id_type: PartyIdType) -> Key {
    match id_type {
        PartyIdType::CreditCode => Key::IdCreditCode,
        PartyIdType::ResidentId => Key::IdResidentId,
        PartyIdType::Other => Key::IdOther,
    }
}

/// The Chinese name of a case outcome as the API spells it (`CaseSummary.outcome`).
pub fn outcome_text(outcome: &str) -> String {
    let key = match outcome {
        "penalty" => Key::OutcomePenalty,
        "no_penalty" => Key::OutcomeNoPenalty,
        "transfer_to_judicial" => Key::OutcomeTransfer,
        "granted" => Key::OutcomeGranted,
        "refused" => Key::OutcomeRefused,
        "no_problem" => Key::OutcomeNoProblem,
        "rectification_order" => Key::OutcomeRectification,
        "refer_to_penalty" => Key::OutcomeRefer,
        other => return other.to_owned(),
    };
    t(key).to_owned()
}

/// The message for a stable problem `code` from the API, when the table has one.
pub fn problem_key(code: &str) -> Option<Key> {
    Some(match code {
        "invalid_credentials" => Key::ErrInvalidCredentials,
        "rate_limited" => Key::ErrRateLimited,
        "unauthorized" => Key::ErrUnauthorized,
        "forbidden" => Key::ErrForbidden,
        "not_found" => Key::ErrNotFound,
        "validation_failed" => Key::ErrValidationFailed,
        "refresh_token_reused" => Key::ErrSessionExpired,
        "internal" | "internal_error" => Key::ErrInternal,
        "service_unavailable" => Key::ErrServiceUnavailable,
        "version_conflict" => Key::ErrVersionConflict,
        "not_integrated" => Key::VerifyPending,
        _ => return None,
    })
}

/// zh-CN column.
fn zh_cn(key: Key) -> &'static str {
    match key {
        Key::AppName => "三项执法管理平台",
        Key::AppNameLatin => "Sanxiang",
        Key::Loading => "正在加载…",

        Key::LoginTitle => "用户登录",
        Key::LoginSubtitle => "行政执法公示 · 执法全过程记录 · 重大执法决定法制审核",
        Key::Username => "用户名",
        Key::Password => "密码",
        Key::UsernamePlaceholder => "请输入用户名",
        Key::PasswordPlaceholder => "请输入密码",
        Key::LoginSubmit => "登录",
        Key::LoginPending => "正在登录…",
        Key::UsernameRequired => "请输入用户名。",
        Key::PasswordRequired => "请输入密码。",

        Key::CurrentUser => "当前用户",
        Key::Logout => "退出登录",
        Key::LogoutPending => "正在退出…",
        Key::MainNav => "主导航",
        Key::NavDashboard => "工作台",
        Key::NavProfile => "个人信息",
        Key::NavCases => "案件",
        Key::NavLegalReview => "法制审核",
        Key::NavDisclosure => "公示",
        Key::NavAudit => "审计",
        Key::NavAdmin => "用户与机构",

        Key::DashboardWelcome => "您好，{name}",
        Key::DashboardIntro => "请从导航菜单选择要办理的事项。",
        Key::DashboardEntries => "您可以使用的功能",

        Key::ProfileTitle => "个人信息",
        Key::ProfileDisplayName => "姓名",
        Key::ProfileUsername => "用户名",
        Key::ProfileAgency => "所属执法主体",
        Key::ProfileRoles => "角色",
        Key::ProfileNoRoles => "未分配角色",

        // Placeholders (即将推出).
        Key::ComingSoonBadge => "即将推出",
        Key::ComingSoonBody => "此功能正在建设中，将在后续版本中提供。",

        Key::NotAllowed => "您没有访问此页面的权限。",

        // Navigation (cases).
        Key::NavDeadlines => "期限",
        Key::NavOfficers => "执法人员",

        // Common.
        Key::Save => "保存",
        Key::Saving => "正在保存…",
        Key::Cancel => "取消",
        Key::Submitting => "正在提交…",
        Key::LoadMore => "加载更多",
        Key::LoadingMore => "正在加载…",
        Key::Edit => "编辑",
        Key::All => "全部",
        Key::Saved => "已保存。",

        // Case list.
        Key::CasesTitle => "案件",
        Key::CaseNewButton => "新建案件",
        Key::CaseFilters => "筛选条件",
        Key::FilterKind => "案件类型",
        Key::FilterStage => "办案阶段",
        Key::FilterParty => "当事人",
        Key::FilterPartyPlaceholder => "按当事人名称搜索",
        Key::FilterOverdue => "仅看逾期",
        Key::FilterMine => "只看我参与的",
        Key::FilterApply => "查询",
        Key::FilterReset => "重置",
        Key::ColCaseNumber => "案号",
        Key::ColTitle => "案由",
        Key::ColParty => "当事人",
        Key::ColStage => "阶段",
        Key::ColHandler => "承办人",
        Key::ColNextDue => "最近期限",
        Key::OverdueBadge => "逾期",
        Key::ArchivedBadge => "已归档",
        Key::CasesEmpty => "没有符合条件的案件。",

        // Kinds and procedures.
        Key::KindPenalty => "行政处罚",
        Key::KindLicence => "行政许可",
        Key::KindInspection => "行政检查",
        Key::KindFee => "行政收费",
        Key::KindCoerciveMeasure => "行政强制措施",
        Key::ProcedureOrdinary => "普通程序",
        Key::ProcedureSimplified => "简易程序（当场处罚）",

        // Stages.
        Key::StageFiling => "立案",
        Key::StageInvestigation => "调查取证",
        Key::StageInvestigationReport => "调查终结",
        Key::StageNotice => "告知",
        Key::StageStatement => "陈述申辩",
        Key::StageHearing => "听证",
        Key::StageLegalReview => "法制审核",
        Key::StageCollectiveDeliberation => "集体讨论",
        Key::StageDecision => "决定",
        Key::StageService => "送达",
        Key::StageExecution => "执行",
        Key::StageClosure => "结案",
        Key::StageArchive => "归档",
        Key::StageOnSite => "当场处罚",
        Key::StageTask => "检查任务",
        Key::StageOnSiteInspection => "现场检查",
        Key::StageResult => "检查结果",
        Key::StageApplication => "申请",
        Key::StageAcceptance => "受理",
        Key::StageReview => "审查",
        Key::StageCertificateIssued => "制发证件",
        Key::StageAssessment => "核定",
        Key::StageCollection => "征收",
        Key::StageApproval => "审批",
        Key::StageImplementation => "实施",
        Key::StageInForce => "措施期间",
        Key::ProgressDone => "已完成",
        Key::ProgressCurrent => "当前阶段",
        Key::ProgressUpcoming => "未开始",
        Key::ProgressSkipped => "无需办理",

        // New case.
        Key::CaseNewTitle => "新建案件",
        Key::FieldKind => "案件类型",
        Key::FieldProcedure => "程序",
        Key::FieldTitle => "案由",
        Key::FieldTitlePlaceholder => "如：未按规定保存会计凭证",
        Key::FieldCategory => "执法类别",
        Key::DefaultCategory => "财政",
        Key::PartySection => "当事人信息",
        Key::FieldPartyKind => "当事人类型",
        Key::PartyNaturalPerson => "自然人",
        Key::PartyOrganisation => "法人或其他组织",
        Key::FieldPartyName => "名称或姓名",
        Key::FieldIdType => "证件类型",
        Key::IdCreditCode => "统一社会信用代码",
        Key::IdResidentId => "公民身份号码",
        Key::IdOther => "其他证件",
        Key::FieldIdKind => "证件名称",
        Key::FieldIdKindPlaceholder => "如：护照",
        Key::FieldIdNumber => "证件号码",
        Key::FieldAddress => "地址",
        Key::FieldContact => "联系方式",
        Key::FieldMinor => "当事人为未成年人",
        Key::OfficersSection => "办案人员",
        Key::FieldOfficers => "执法人员（至少两名持有效执法证）",
        Key::FieldHandler => "承办人",
        Key::FlagsSection => "案件标记",
        Key::FlagLegalReview => "重大执法决定（决定前须法制审核）",
        Key::FlagDeliberation => "情节复杂或重大（须集体讨论）",
        Key::CaseCreate => "创建案件",
        Key::CaseCreating => "正在创建…",
        Key::ErrTitleRequired => "请填写案由（至少两个字）。",
        Key::ErrCategoryRequired => "请填写执法类别。",
        Key::ErrPartyNameRequired => "请填写当事人名称或姓名。",
        Key::ErrOfficersRequired => "请至少选择一名执法人员。",
        Key::ErrIdKindRequired => "请填写证件名称。",
        Key::CertValidToday => "执法证有效",
        Key::CertNoneValid => "无有效执法证",

        // Case page.
        Key::CaseLoading => "正在加载案件…",
        Key::CaseParty => "当事人",
        Key::CaseHandler => "承办人",
        Key::CaseOfficers => "办案人员",
        Key::CaseCategory => "执法类别",
        Key::CaseKindProcedure => "类型与程序",
        Key::CaseOutcome => "处理结果",
        Key::CaseNextDue => "最近期限",
        Key::CaseBackToList => "返回案件列表",
        Key::StagesTitle => "办案进度",
        Key::DeadlinesTitle => "办案期限",
        Key::DeadlineDue => "截止",
        Key::DeadlineStart => "起算",
        Key::DeadlineCompleted => "完成于",
        Key::DeadlineUnitWorking => "个工作日",
        Key::DeadlineUnitCalendar => "日",
        Key::DeadlineMet => "按期完成",
        Key::DeadlinePending => "进行中",
        Key::DeadlineDueSoon => "即将到期",
        Key::DeadlineOverdue => "已逾期",
        Key::DeadlineUnknown => "无法计算",
        Key::NoDeadlines => "暂无期限。",

        // Actions.
        Key::ActionsTitle => "可办理事项",
        Key::NoActions => "当前阶段没有可办理的事项。",
        Key::CaseArchivedNote => "案件已归档，案卷不可再变更。",
        Key::ActionRefused => "未能办理",
        Key::ActionDone => "已办理：{name}",
        Key::ActionComplete => "完成本阶段",
        Key::ActionCompleteStage => "完成“{name}”",
        Key::ActionFile => "立案",
        Key::ActionPreserveEvidence => "先行登记保存证据",
        Key::ActionDecidePreservation => "对登记保存的证据作出处理决定",
        Key::ActionIssueNotice => "送达行政处罚事先告知书",
        Key::ActionRecordStatement => "记录当事人陈述申辩",
        Key::ActionRequestHearing => "当事人申请听证",
        Key::ActionHoldHearing => "举行听证",
        Key::ActionWaiveRights => "当事人书面放弃陈述申辩和听证",
        Key::ActionDecide => "作出处理决定",
        Key::ActionRecordService => "送达决定书",
        Key::ActionRecordExecution => "执行完毕",
        Key::ActionRecordResult => "记录检查结果",
        Key::ActionAccept => "受理申请",
        Key::ActionRejectApplication => "不予受理",
        Key::ActionExtendReview => "延长审查期限（10个工作日）",
        Key::ActionDecideLicence => "作出许可决定",
        Key::ActionIssueCertificate => "制发许可证件",
        Key::ActionAssess => "核定收费金额",
        Key::ActionRecordPayment => "确认已缴费",
        Key::ActionApproveMeasure => "批准实施强制措施",
        Key::ActionImplementMeasure => "实施强制措施",
        Key::ActionExtendMeasure => "延长强制措施期限（30日）",
        Key::ActionEndMeasure => "解除或处理强制措施",
        Key::ActionClose => "结案",
        Key::ActionArchive => "归档",
        Key::FieldOn => "日期",
        Key::FieldServedOn => "送达日期",
        Key::FieldViolationOn => "违法行为发生（终了）日期",
        Key::FieldDiscoveredOn => "发现日期",
        Key::FieldGraveHarm => "涉及公民生命健康安全、金融安全且有危害后果（追责时效五年）",
        Key::FieldApprovedBy => "批准人（机关负责人）",
        Key::FieldPresider => "听证主持人（非本案调查人员）",
        Key::FieldPickOfficer => "请选择",
        Key::FieldWarning => "警告、通报批评",
        Key::FieldFineYuan => "罚款（元）",
        Key::FieldConfiscationYuan => "没收违法所得、非法财物（元）",
        Key::FieldLicenceSuspension => "暂扣许可证件、降低资质等级",
        Key::FieldLicenceRevocation => "吊销许可证件",
        Key::FieldOtherMeasures => "其他处罚（每行一项）",
        Key::FieldOutcome => "处理结果",
        Key::OutcomePenalty => "给予行政处罚",
        Key::OutcomeNoPenalty => "不予行政处罚",
        Key::OutcomeTransfer => "移送司法机关",
        Key::OutcomeGranted => "准予许可",
        Key::OutcomeRefused => "不予许可",
        Key::OutcomeNoProblem => "未发现问题",
        Key::OutcomeRectification => "责令整改",
        Key::OutcomeRefer => "移交立案",
        Key::FieldServiceMethod => "送达方式",
        Key::ServiceDirect => "直接送达",
        Key::ServiceLeaving => "留置送达",
        Key::ServicePost => "邮寄送达",
        Key::ServiceElectronic => "电子送达",
        Key::ServiceAnnouncement => "公告送达",
        Key::FieldForced => "强制执行",
        Key::FieldResult => "检查结果",
        Key::FieldPenaltyCase => "移交的处罚案件（案件ID）",
        Key::FieldGranted => "许可决定",
        Key::FieldAmountYuan => "收费金额（元）",
        Key::FieldActingOfficers => "参与本次执法的人员",
        Key::FieldOverride => "经机关负责人批准（本人），写明理由",
        Key::FieldOverrideReason => "批准理由",
        Key::ErrMoneyInvalid => "金额格式不正确（元，最多两位小数）。",
        Key::ErrDateRequired => "请选择日期。",
        Key::ErrReasonRequired => "请填写批准理由。",
        Key::ErrPickOfficer => "请选择人员。",
        Key::ErrCaseIdInvalid => "案件ID格式不正确。",
        Key::ErrVersionConflict => "案件已被他人更新，已重新加载，请核对后再办理。",

        // Timeline.
        Key::TimelineTitle => "执法全过程记录",
        Key::TimelineEmpty => "暂无记录。",
        Key::RecordRecordedAt => "记录时间",
        Key::RecordOccurredAt => "发生时间",
        Key::RecordPlace => "地点",
        Key::RecordBy => "记录人",
        Key::RecordOfficersPresent => "在场执法人员",
        Key::RecordDocumentType => "文书类别",
        Key::RecordActivity => "执法活动",
        Key::RecordCorrects => "更正了记录",
        Key::RecordCorrectedBy => "已被更正，见记录",
        Key::RecordCorrectionReason => "更正理由",
        Key::RecordCorrect => "更正此记录",
        Key::Attachments => "附件",
        Key::Preview => "预览",
        Key::HidePreview => "收起",
        Key::PreviewLoading => "正在加载…",
        Key::RecordKindTranscript => "笔录",
        Key::RecordKindDocument => "文书",
        Key::RecordKindPhoto => "照片",
        Key::RecordKindAudio => "录音",
        Key::RecordKindVideo => "录像",
        Key::RecordKindNote => "备注",
        Key::RecordKindSignature => "签名",
        Key::RecordKindTransition => "流转",
        Key::RecordKindCorrection => "更正",
        Key::ActivitySeizure => "查封、扣押",
        Key::ActivityForcedExecution => "强制执行",
        Key::ActivityEvidencePreservation => "先行登记保存证据",
        Key::ActivityOnSiteInspection => "现场检查",
        Key::ActivityHearing => "听证",
        Key::ActivityService => "留置或公告送达",

        // Record form.
        Key::RecordFormTitle => "新增记录",
        Key::RecordFormCorrection => "更正记录 #{name}",
        Key::FieldRecordKind => "记录类型",
        Key::FieldRecordTitle => "标题",
        Key::FieldRecordText => "内容",
        Key::FieldDocumentType => "案卷文书类别",
        Key::DocumentTypeNone => "不属于案卷必备文书",
        Key::FieldActivity => "录像记录的执法活动",
        Key::ActivityNone => "无",
        Key::FieldOccurredAt => "发生时间",
        Key::FieldPlace => "地点",
        Key::FieldFiles => "附件（照片、录像、录音、PDF）",
        Key::FieldCorrectionReason => "更正理由",
        Key::RecordSubmit => "保存记录",
        Key::RecordSaved => "记录已保存。",
        Key::Uploading => "正在上传：{name}",
        Key::UploadFailed => "上传失败：{name}",
        Key::ErrRecordTitleRequired => "请填写标题。",
        Key::ErrCorrectionReasonRequired => "请填写更正理由。",

        // Completeness.
        Key::CompletenessTitle => "案卷完整性",
        Key::CompletenessScore => "完整度",
        Key::CompletenessComplete => "案卷材料齐全。",
        Key::CompletenessMissing => "尚缺：",
        Key::ItemPresent => "已具备",
        Key::ItemMissing => "缺少",

        // Deadlines page.
        Key::DeadlinesPageTitle => "办案期限预警",
        Key::DeadlinesShowOverdue => "已逾期",
        Key::DeadlinesShowDueSoon => "即将到期",
        Key::DeadlinesShowOpen => "全部未完成",
        Key::ColDeadline => "期限",
        Key::ColDue => "截止日期",
        Key::ColStatus => "状态",
        Key::ColArticle => "依据",
        Key::DeadlinesEmpty => "没有需要关注的期限。",
        Key::StatsTotal => "案件总数",
        Key::StatsOverdue => "逾期案件",

        // Officers page.
        Key::OfficersTitle => "执法人员与执法证",
        Key::OfficersEmpty => "尚未设置执法人员。",
        Key::OfficerName => "姓名",
        Key::OfficerPost => "职务",
        Key::OfficerUnit => "科室",
        Key::OfficerLegalQualification => "具有法律职业资格",
        Key::OfficerSet => "设置执法人员",
        Key::OfficerPickUser => "用户",
        Key::CertNumber => "证号",
        Key::CertIssuer => "发证机关",
        Key::CertValidFrom => "有效期自",
        Key::CertValidUntil => "有效期至",
        Key::CertValidity => "有效期",
        Key::CertRevokeConfirm => "吊销、注销后该执法证不能再恢复，确定吊销吗？",
        Key::CertCategories => "执法类别（多个用逗号分隔）",
        Key::CertArea => "执法区域",
        Key::CertStatus => "状态",
        Key::CertStatusValid => "有效",
        Key::CertStatusSuspended => "暂扣",
        Key::CertStatusRevoked => "吊销、注销",
        Key::CertTodayValid => "今日有效",
        Key::CertTodayInvalid => "今日无效",
        Key::CertAdd => "登记执法证",
        Key::CertSuspend => "暂扣",
        Key::CertRevoke => "吊销",
        Key::CertRestore => "恢复",
        Key::CertNone => "无执法证",
        Key::ErrFieldRequired => "请填写必填项。",

        Key::RoleAdmin => "系统管理员",
        Key::RoleOfficer => "执法人员",
        Key::RoleLegalReviewer => "法制审核人员",
        Key::RoleApprover => "机关负责人",
        Key::RoleDisclosureEditor => "公示编辑人员",
        Key::RoleAuditor => "审计人员",

        Key::ErrInvalidCredentials => "用户名或密码错误。",
        Key::ErrRateLimited => "尝试次数过多，请稍后再试。",
        Key::ErrUnauthorized => "登录已失效，请重新登录。",
        Key::ErrForbidden => "您没有执行此操作的权限。",
        Key::ErrNotFound => "请求的内容不存在。",
        Key::ErrValidationFailed => "输入有误，请检查后重试。",
        Key::ErrInternal => "服务器内部错误，请稍后再试。",
        Key::ErrServiceUnavailable => "服务暂不可用，请稍后再试。",
        Key::ErrNetwork => "无法连接服务器，请检查网络后重试。",
        Key::ErrUnexpectedResponse => "服务器返回了无法识别的响应，请稍后再试。",
        Key::ErrSessionExpired => "登录已过期，请重新登录。",

        Key::VerifyTitle => "防篡改核验",
        Key::VerifyRunning => "核验中",
        Key::VerifyOk => "已核验",
        Key::VerifyOkDetail => {
            "{count} 条记录均已写入防篡改日志，与签名检查点（树大小 {size}）一致。"
        }
        Key::VerifyFailed => "未通过核验",
        Key::VerifyFailedRecord => "第 {seq} 条记录：{reason}",
        Key::VerifyPending => "待上链",
        Key::VerifyPendingDetail => "第 {seq} 条记录尚未写入签名检查点，请稍后刷新。",
        Key::VerifyEmpty => "暂无可核验的记录。",
        Key::VerifyError => "暂时无法核验：{reason}",
        Key::VerifyReasonVerifier => "日志公钥无效",
        Key::VerifyReasonCheckpoint => "最新检查点的签名无效",
        Key::VerifyReasonProof => "证明格式错误",
        Key::VerifyReasonNoEntry => "证明未附带日志条目",
        Key::VerifyReasonInclusion => "检查点签名或包含证明不成立",
        Key::VerifyReasonEntry => "日志条目与所显示的记录内容不符",
        Key::VerifyReasonIndex => "日志序号与证明不符",

        Key::AuditTitle => "审计",
        Key::AuditIntro => {
            "查询授权机关的案件，查看全过程记录在防篡改日志中的位置，核验并导出电子案卷。"
        }
        Key::AuditSearchLabel => "当事人或案号",
        Key::AuditSearchPlaceholder => "输入当事人名称或案号",
        Key::AuditSearch => "查询",
        Key::AuditResultsEmpty => "未找到符合条件的案件。",
        Key::AuditPickCase => "选择一个案件，查看其记录、核验结果并导出案卷。",
        Key::AuditTimelineTitle => "执法全过程记录",
        Key::ColSeq => "序号",
        Key::ColLogIndex => "日志序号",
        Key::ColRecord => "记录",
        Key::ColRecordedAt => "记录时间",
        Key::ColProof => "包含证明",
        Key::ProofDownload => "下载证明",
        Key::LogIndexPending => "待上链",
        Key::ExportButton => "导出电子案卷",
        Key::ExportPreparing => "正在生成案卷…",
        Key::ExportDownloading => "正在下载…",
        Key::ExportDone => "已下载 {name}",
        Key::CheckpointsTitle => "检查点历史",
        Key::CheckpointsEmpty => "暂无签名检查点。",
        Key::ColTreeSize => "树大小",
        Key::ColRootHash => "根哈希",
        Key::ColSignedAt => "签署时间",
        Key::CheckpointNote => "签名检查点",
        Key::CheckpointNoteShow => "查看签名文本",
    }
}
