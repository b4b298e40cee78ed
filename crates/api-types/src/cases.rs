//! Cases (案件), transitions, records, deadlines, completeness and statistics.

use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::{
    Action, Activity, CaseKind, Command, PaymentStatus, PersonNamed, Procedure, RecordKind, Stage,
    VideoPrompt,
};
use sanxiang_domain::party::{PartyCodes, PartyKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// How the party is identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyIdType {
    /// 统一社会信用代码 (checked: GB 32100-2015).
    CreditCode,
    /// 公民身份号码 (checked: GB 11643-1999).
    ResidentId,
    /// Another document (passport, …): `id_kind` names it.
    Other,
}

/// The party (当事人). Held for staff only; never published as is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "organisation", "name": "桓仁某某会计师事务所有限公司", "id_type": "credit_code", "id_number": "91110108MA01B2C3X4", "address": "桓仁县某路1号", "contact": "024-00000000", "minor": false}))]
pub struct PartyInput {
    pub kind: PartyKind,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(default)]
    pub id_type: Option<PartyIdType>,
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub id_number: Option<String>,
    /// For `other`: the document kind, e.g. 护照.
    #[serde(default)]
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub id_kind: Option<String>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub address: Option<String>,
    #[serde(default)]
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub contact: Option<String>,
    #[serde(default)]
    pub minor: bool,
    /// 个体工商户: reported to the credit platform in a category of its own (双公示).
    #[serde(default)]
    pub individual_business: bool,
    /// 法定代表人 (or 负责人) of an organisation, the operator (经营者) of an individual
    /// business: the 双公示 templates require it, so a decision without it is not published.
    #[serde(default)]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub legal_representative: Option<String>,
    /// Secondary codes of an organisation (代码_2…_6 of the 双公示 templates).
    #[serde(default)]
    pub codes: Option<PartyCodes>,
}

/// Catalogue flags set when the case is opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseFlagsInput {
    /// Major decision: legal review before the decision (行政处罚法 art. 58).
    #[serde(default)]
    pub legal_review_required: bool,
    /// Complex or major: collective deliberation (art. 57).
    #[serde(default)]
    pub collective_deliberation_required: bool,
}

/// Opens a case. The case number is assigned from the agency's template.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateCase {
    pub kind: CaseKind,
    /// `simplified` only for penalties (当场处罚).
    #[serde(default = "ordinary")]
    pub procedure: Procedure,
    /// Short description, e.g. 未按规定保存会计凭证.
    #[validate(length(min = 2, max = 200))]
    #[schema(min_length = 2, max_length = 200)]
    pub title: String,
    /// Enforcement category of the matter (certificates must cover it), e.g. 财政.
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub category: String,
    #[validate(nested)]
    pub party: PartyInput,
    /// Officers assigned (user ids of this agency's officers).
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub officer_ids: Vec<Uuid>,
    /// The handling officer (承办人); defaults to the caller.
    #[serde(default)]
    pub handling_officer_id: Option<Uuid>,
    #[serde(default)]
    pub flags: CaseFlagsInput,
}

fn ordinary() -> Procedure {
    Procedure::Ordinary
}

/// An officer in brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfficerRef {
    pub id: Uuid,
    pub name: String,
}

/// A case in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CaseSummary {
    pub id: Uuid,
    pub agency_id: Uuid,
    /// e.g. 桓财罚〔2026〕12号.
    pub case_number: String,
    pub kind: CaseKind,
    pub procedure: Procedure,
    pub title: String,
    pub party_name: String,
    pub stage: Stage,
    /// Chinese name of the stage.
    pub stage_label: String,
    /// `penalty`, `no_penalty`, `transfer_to_judicial`, `granted`, `refused`, `no_problem`, … once decided.
    pub outcome: Option<String>,
    pub handling_officer: OfficerRef,
    /// Earliest open deadline.
    pub next_due_on: Option<NaiveDate>,
    /// The earliest open deadline has passed.
    pub overdue: bool,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A page of cases. Pass `next_cursor` as `cursor` for the next page.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseList {
    pub items: Vec<CaseSummary>,
    pub next_cursor: Option<String>,
}

/// Filters of the case list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    pub kind: Option<CaseKind>,
    pub stage: Option<Stage>,
    /// Cases this officer is assigned to.
    pub officer: Option<Uuid>,
    /// Party name contains this text.
    pub party: Option<String>,
    /// Opened on or after this day.
    pub from: Option<NaiveDate>,
    /// Opened on or before this day.
    pub to: Option<NaiveDate>,
    /// Only cases with an overdue deadline (`true`) or without (`false`).
    pub overdue: Option<bool>,
    /// Outcome, as in `CaseSummary.outcome`.
    pub outcome: Option<String>,
    /// Opaque cursor from the previous page.
    pub cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// Position of a stage on the stage bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageProgress {
    Done,
    Current,
    Upcoming,
    /// Not needed for this case (e.g. legal review not required).
    Skipped,
}

/// One step of the stage bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StageStep {
    pub stage: Stage,
    pub label: String,
    pub progress: StageProgress,
}

/// Status of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    Met,
    Pending,
    DueSoon,
    Overdue,
    /// The period reaches a year without holiday data: no date is guessed.
    Unknown,
    /// Not counting now: an excluded period (hearing, testing, …) is open.
    Suspended,
}

/// A statutory deadline of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeadlineInfo {
    /// e.g. `decision`, `service`, `hearing_request`.
    pub kind: String,
    /// Chinese name.
    pub label: String,
    /// Source, e.g. 行政处罚法 art. 60.
    pub article: String,
    pub start: NaiveDate,
    pub amount: u32,
    /// `working` or `calendar` days.
    pub unit: String,
    /// Last day in time after extensions and suspensions; null when unknown or suspended.
    pub due: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub status: DeadlineState,
    /// Why `due` is unknown, or since when the deadline is suspended.
    pub note: Option<String>,
    /// Last day of the base period alone (before extensions and suspensions).
    #[serde(default)]
    pub base_due: Option<NaiveDate>,
    /// Approved extensions, each in the deadline's unit.
    #[serde(default)]
    pub extensions: Vec<crate::periods::ExtensionView>,
    /// Periods not counted (hearing, testing, announcement, expert review).
    #[serde(default)]
    pub suspensions: Vec<crate::periods::SuspensionView>,
}

/// The party as staff see it (identifiers masked unless `id_number` is needed in full for documents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PartyView {
    pub kind: PartyKind,
    pub name: String,
    pub id_type: Option<PartyIdType>,
    /// Full number (staff only; never published).
    pub id_number: Option<String>,
    pub id_masked: Option<String>,
    pub address: Option<String>,
    pub contact: Option<String>,
    pub minor: bool,
    /// 个体工商户.
    #[serde(default)]
    pub individual_business: bool,
    /// 法定代表人 or operator.
    #[serde(default)]
    pub legal_representative: Option<String>,
    /// Secondary codes (代码_2…_6).
    #[serde(default)]
    pub codes: PartyCodes,
}

/// A case with everything its page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub category: String,
    pub party: PartyView,
    pub officers: Vec<OfficerRef>,
    pub flags: CaseFlagsInput,
    /// Optimistic concurrency: send it back as `expected_version` when moving the case.
    pub version: i32,
    /// What may be done now; the server refuses anything else.
    pub allowed_actions: Vec<Action>,
    /// A legal review was requested for the case (行政处罚法 art. 58): `/cases/{id}/review`
    /// has it; without one that address answers 404.
    #[serde(default)]
    pub review_requested: bool,
    /// Audio/video reminders for those actions: `required` ones are gates, `advised` ones are
    /// prompts (国办发〔2018〕118号); `recorded` says whether this stage already has the recording.
    #[serde(default)]
    pub video: Vec<VideoPrompt>,
    pub stages: Vec<StageStep>,
    pub deadlines: Vec<DeadlineInfo>,
    /// Payment of the fine once a decision imposing one is served, as of today: due date (15
    /// days after service, or deferred, or by instalments), the late surcharge so far (3 % a day,
    /// capped at the fine, not counted during reconsideration or litigation), what was paid and
    /// is owed (行政处罚法 art. 66–73), and the court application (行政强制法 art. 53).
    #[serde(default)]
    pub payment: Option<PaymentStatus>,
    /// The domain state (dates and facts the gates use), for display.
    pub state: serde_json::Value,
}

/// Moves a case: one command of the stage machine.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"expected_version": 1, "officer_ids": [], "command": {"action": "file", "on": "2026-11-20", "violation_on": "2026-10-01", "discovered_on": "2026-11-18", "grave_harm": false, "limitation_override": null}}))]
pub struct TransitionRequest {
    /// The `version` the caller saw; a different current version is 409 `version_conflict`.
    pub expected_version: i32,
    /// Officers acting in this step (default: the case's officers).
    #[serde(default)]
    pub officer_ids: Vec<Uuid>,
    pub command: Command,
}

/// An attachment to add to a new record: an uploaded blob of this agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AttachmentInput {
    #[validate(length(equal = 64))]
    #[schema(min_length = 64, max_length = 64)]
    pub sha256: String,
    #[validate(length(min = 1, max = 255))]
    #[schema(min_length = 1, max_length = 255)]
    pub file_name: String,
}

/// Appends a record to a case's file. Records are never changed: a correction is a new record
/// with `corrects` and `correction_reason`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateRecord {
    pub kind: RecordKind,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 100000))]
    #[schema(max_length = 100000)]
    pub text: String,
    /// What document this is, for the completeness check (e.g. `inquiry_transcript`).
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub document_type: Option<String>,
    /// For audio/video: the activity filmed (continuous video requirement).
    #[serde(default)]
    pub activity: Option<Activity>,
    #[serde(default)]
    pub officer_ids_present: Vec<Uuid>,
    /// When it happened in the field.
    #[serde(default)]
    pub occurred_at: Option<DateTime<Utc>>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub place: Option<String>,
    #[serde(default)]
    #[validate(nested)]
    pub attachments: Vec<AttachmentInput>,
    /// The record this one corrects.
    #[serde(default)]
    pub corrects: Option<Uuid>,
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub correction_reason: Option<String>,
    /// Persons the record names besides the party (witnesses, relatives, employees,
    /// interpreters…): masked automatically in every publication of the case; their id numbers
    /// never leave the agency (行政处罚法 art. 50).
    #[serde(default)]
    #[schema(max_items = 50)]
    pub persons_named: Vec<PersonNamed>,
}

/// A file attached to a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Download URL (supports HTTP Range).
    pub url: String,
}

/// A record in a case's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Record {
    pub id: Uuid,
    pub case_id: Uuid,
    /// Position in the case's timeline, from 1.
    pub seq: i32,
    pub stage: Stage,
    pub stage_label: String,
    pub kind: RecordKind,
    pub action: Option<Action>,
    pub document_type: Option<String>,
    pub activity: Option<Activity>,
    pub title: String,
    pub text: String,
    pub officers_present: Vec<OfficerRef>,
    pub occurred_at: Option<DateTime<Utc>>,
    /// Server time of recording.
    pub recorded_at: DateTime<Utc>,
    pub place: Option<String>,
    pub attachments: Vec<Attachment>,
    pub corrects: Option<Uuid>,
    pub correction_reason: Option<String>,
    /// Later records that correct this one.
    pub corrected_by: Vec<Uuid>,
    /// Persons the record names besides the party (staff only; masked in publications).
    #[serde(default)]
    pub persons_named: Vec<PersonNamed>,
    pub created_by: OfficerRef,
    /// Leaf index in the tamper-evident log, once integrated (within a second).
    pub log_index: Option<u64>,
    /// Offline-verifiable proof (C2SP tlog-proof@v1), once integrated.
    pub proof_url: Option<String>,
}

/// Every record of a case, in order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Timeline {
    pub case_id: Uuid,
    pub items: Vec<Record>,
}

/// One required document of the case file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CompletenessItem {
    pub stage: Stage,
    pub document_type: String,
    pub label: String,
    pub present: bool,
}

/// How complete the case file is (案卷标准).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Completeness {
    pub case_id: Uuid,
    /// 0–100.
    pub score: u32,
    pub complete: bool,
    pub items: Vec<CompletenessItem>,
    /// Labels of what is missing.
    pub missing: Vec<String>,
}

/// A deadline across the agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeadlineEntry {
    /// The case the deadline belongs to; null for an agency's own duty (e.g. the annual report).
    pub case_id: Option<Uuid>,
    pub case_number: String,
    pub title: String,
    pub deadline: DeadlineInfo,
}

/// Deadlines across the agency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeadlineList {
    pub items: Vec<DeadlineEntry>,
}

/// Filter of the deadline list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// `overdue`, `due_soon`, `pending`, `met`, `unknown`; default: every open deadline.
    pub status: Option<DeadlineState>,
}

/// Case counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CaseStats {
    pub agency_id: Uuid,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub total: u64,
    pub overdue: u64,
    pub by_kind: BTreeMap<String, u64>,
    pub by_stage: BTreeMap<String, u64>,
    pub by_outcome: BTreeMap<String, u64>,
}

/// Period and agency of the statistics.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Agency (auditors: one granted to them; default the caller's).
    pub agency_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}
