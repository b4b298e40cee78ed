//! Legal review of major decisions (重大执法决定法制审核): the catalogue of major
//! decisions, the review request and its rounds, the 11-point checklist, opinions, collective
//! deliberation (集体讨论) and oversight figures.
//!
//! Endpoints (all under `/api/v1`):
//! - `GET /review/catalogue` → [`CatalogueHistoryView`]; `GET /review/catalogue/{version}` →
//!   [`CatalogueVersion`]; `POST /review/catalogue` ([`CreateCatalogueVersion`], approver/admin).
//! - `GET /review/queue` ([`ReviewQueueQuery`]) → [`ReviewList`].
//! - `GET /review/deadlines` → [`ReviewDeadlineList`] (overdue and running reviews).
//! - `GET /cases/{id}/review` → [`ReviewDetail`]; `POST /cases/{id}/review` ([`SubmitReview`],
//!   first request) and `POST /cases/{id}/review/resubmissions` ([`SubmitReview`]).
//! - `POST /cases/{id}/review/assignment` ([`AssignReviewer`]),
//!   `POST /cases/{id}/review/answers` ([`AnswerItems`]),
//!   `POST /cases/{id}/review/adviser-opinion` ([`AdviserOpinionInput`]),
//!   `POST /cases/{id}/review/opinion` ([`GiveOpinion`]),
//!   `POST /cases/{id}/review/extension` ([`ExtendReview`]); each answers [`ReviewDetail`].
//! - `GET /cases/{id}/deliberation` → [`DeliberationView`]; `POST /cases/{id}/deliberation`
//!   ([`RecordDeliberation`]).
//! - `GET /stats/review` → [`ReviewStats`].
//!
//! Every write body may carry `expected_version` (the review's `version` the caller saw); a
//! different current version is 409 `version_conflict`.

use crate::cases::DeadlineState;
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::{RecordKind, Sanction};
use sanxiang_domain::party::PartyKind;
use sanxiang_domain::review::{
    ChecklistItem, DraftField, Finding, MaterialKind, OutcomeKind, ReviewStatus,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

// ---------------------------------------------------------------- catalogue

/// The kind of a catalogue criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriterionType {
    /// Fine or confiscation at or above a threshold (`person_fen`, `organisation_fen`).
    AmountAtLeast,
    /// 吊销许可证件、降低资质等级.
    LicenceRevocationOrDowngrade,
    /// 责令停产停业.
    SuspensionOfBusiness,
    /// 责令关闭.
    Closure,
    /// 限制从业.
    RestrictionOfPractice,
    /// 经过听证程序.
    HearingHeld,
    /// 涉及重大公共利益.
    MajorPublicInterest,
    /// 疑难复杂、涉及多个法律关系.
    ComplexMultipleRelationships,
    /// 涉嫌犯罪需要移送司法机关.
    SuspectedCrime,
    /// The agency's own criterion (`key`, `label`), matched by an officer flag with that key.
    Custom,
}

/// One criterion of a catalogue version (input and output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"type": "amount_at_least", "person_fen": 1000000, "organisation_fen": 10000000}))]
pub struct CriterionDto {
    #[serde(rename = "type")]
    pub kind: CriterionType,
    /// `amount_at_least` only: threshold for a natural person, fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_fen: Option<i64>,
    /// `amount_at_least` only: threshold for an organisation, fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_fen: Option<i64>,
    /// `custom` only: the flag key officers set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub key: Option<String>,
    /// Wording shown (output: always; input: required for `custom`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub label: Option<String>,
}

/// One version of the agency's catalogue of major decisions (目录清单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CatalogueVersion {
    pub agency_id: Uuid,
    /// 1, 2, 3… per agency.
    pub version: u32,
    pub effective_from: NaiveDate,
    /// `None` while current.
    pub effective_until: Option<NaiveDate>,
    pub criteria: Vec<CriterionDto>,
    /// In force today.
    pub in_force: bool,
    pub created_by: Option<Uuid>,
    pub created_at: Option<DateTime<Utc>>,
}

/// Every version of the agency's catalogue, oldest first. A default version 1 is created the
/// first time the catalogue is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CatalogueHistoryView {
    pub versions: Vec<CatalogueVersion>,
    /// The version in force today.
    pub current_version: Option<u32>,
}

/// Publishes the next version (approver or admin). The current version is closed the day before
/// `effective_from`, which must be after it began.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateCatalogueVersion {
    pub effective_from: NaiveDate,
    #[validate(length(min = 1, max = 50), nested)]
    #[schema(min_items = 1, max_items = 50)]
    pub criteria: Vec<CriterionDto>,
}

// ---------------------------------------------------------------- requests

/// A submitted material: a record of the case's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaterialInput {
    /// Id of a record of this case.
    pub record_id: Uuid,
    pub kind: MaterialKind,
}

/// Facts only officers judge (catalogue criteria not visible in the sanction).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct OfficerFlagsDto {
    #[serde(default)]
    pub major_public_interest: bool,
    /// 疑难复杂、涉及多个法律关系.
    #[serde(default)]
    pub complex: bool,
    #[serde(default)]
    pub suspected_crime: bool,
    /// Keys of the agency's custom criteria that apply.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub custom: Vec<String>,
}

/// The draft decision in structured form (flagging and staleness are judged on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"outcome": "penalty", "sanction": {"warning": false, "fine_fen": 2000000, "confiscation_fen": 0, "licence_suspension": false, "licence_revocation": false, "other": []}, "legal_basis": ["《中华人民共和国会计法》第四十二条"], "hearing_held": false, "flags": {}}))]
pub struct DraftDecisionDto {
    pub outcome: OutcomeKind,
    /// The proposed penalty, money in fen (all zero / false unless `outcome` is `penalty`).
    #[serde(default)]
    pub sanction: Sanction,
    /// Legal basis cited (articles), in order.
    #[validate(length(max = 30))]
    #[schema(max_items = 30)]
    #[serde(default)]
    pub legal_basis: Vec<String>,
    #[serde(default)]
    pub hearing_held: bool,
    #[serde(default)]
    #[validate(nested)]
    pub flags: OfficerFlagsDto,
    /// The violation type's discretion standard and the circumstances assessed: a fine outside
    /// the published range is flagged for the reviewer (行政处罚法 art. 34).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub discretion: Option<crate::discretion::DiscretionRefDto>,
}

/// The handling officer's review request (first round) or corrected resubmission.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SubmitReview {
    /// Resubmission only: the review `version` seen.
    #[serde(default)]
    pub expected_version: Option<i32>,
    /// Investigation report, draft decision, evidence list, hearing record where one was held.
    #[validate(length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub materials: Vec<MaterialInput>,
    #[validate(nested)]
    pub draft: DraftDecisionDto,
    /// Day submitted (default today).
    #[serde(default)]
    pub submitted_on: Option<NaiveDate>,
}

/// Assigns (or reassigns before the round is answered) a legal reviewer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AssignReviewer {
    #[serde(default)]
    pub expected_version: Option<i32>,
    /// A `legal_reviewer` of the agency who did not handle or investigate the case.
    pub reviewer_id: Uuid,
}

/// The answer to one checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AnswerItem {
    pub item: ChecklistItem,
    pub finding: Finding,
    /// Required for `problem`.
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub comment: String,
}

/// The assigned reviewer answers one or more checklist items of the current round.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AnswerItems {
    #[serde(default)]
    pub expected_version: Option<i32>,
    #[validate(length(min = 1, max = 11), nested)]
    #[schema(min_items = 1, max_items = 11)]
    pub answers: Vec<AnswerItem>,
}

/// A legal adviser's (法律顾问) written opinion, attached by the reviewer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AdviserOpinionInput {
    #[serde(default)]
    pub expected_version: Option<i32>,
    /// Adviser name and firm.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub adviser: String,
    #[validate(length(min = 1, max = 10000))]
    #[schema(min_length = 1, max_length = 10000)]
    pub text: String,
    /// Record id of the attached document, if any.
    #[serde(default)]
    pub material_id: Option<Uuid>,
}

/// The written opinion's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpinionKind {
    /// 同意.
    Approve,
    /// 存在问题.
    ProblemsFound,
}

/// The reviewer's written opinion on the current round (all 11 items must be answered).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct GiveOpinion {
    #[serde(default)]
    pub expected_version: Option<i32>,
    pub opinion: OpinionKind,
    /// `problems_found`: what must change (non-empty).
    #[serde(default)]
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub must_change: Vec<String>,
    /// Day of the opinion (default today).
    #[serde(default)]
    pub on: Option<NaiveDate>,
}

/// Extends the current round's review period once, with a written reason.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ExtendReview {
    #[serde(default)]
    pub expected_version: Option<i32>,
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
}

// ---------------------------------------------------------------- views

/// A user in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserRef {
    pub id: Uuid,
    pub name: String,
}

/// A review's current deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewDeadlineView {
    pub round: u32,
    /// Day the clock started (not counted).
    pub start: NaiveDate,
    pub extended: bool,
    /// `None` when the calendar lacks the year (status `unknown`).
    pub due: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub status: DeadlineState,
    /// Why `due` is unknown: the year whose holiday calendar must be loaded.
    #[serde(default)]
    pub note: Option<String>,
}

/// A review in the reviewer's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewSummary {
    pub case_id: Uuid,
    pub case_number: String,
    pub case_title: String,
    pub party_name: String,
    pub handling_officer: UserRef,
    pub status: ReviewStatus,
    /// Chinese label of the status.
    pub status_label: String,
    /// Current round number.
    pub round: u32,
    pub reviewer: Option<UserRef>,
    pub due_on: Option<NaiveDate>,
    /// `None` before a reviewer is assigned.
    pub deadline_status: Option<DeadlineState>,
    pub overdue: bool,
    pub requested_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The review's version (pass as `expected_version`).
    pub version: i32,
}

/// Which reviews to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewQueueQuery {
    pub status: Option<ReviewStatus>,
    /// Only reviews assigned to this user (`me` is not supported: pass the id).
    pub reviewer: Option<Uuid>,
    /// Only overdue reviews.
    pub overdue: Option<bool>,
}

/// The review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewList {
    pub items: Vec<ReviewSummary>,
}

/// A material as submitted (with the content hash taken when submitted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MaterialView {
    pub record_id: String,
    pub kind: MaterialKind,
    /// SHA-256 (hex) of the record's content when submitted.
    pub sha256: String,
    /// Record title, when the record is found.
    pub title: Option<String>,
    pub record_kind: Option<RecordKind>,
}

/// The draft decision as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DraftDecisionView {
    pub party_kind: PartyKind,
    pub outcome: OutcomeKind,
    pub sanction: Sanction,
    pub legal_basis: Vec<String>,
    pub hearing_held: bool,
    pub flags: OfficerFlagsDto,
    pub discretion: Option<crate::discretion::DiscretionRefDto>,
}

/// A round's submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SubmissionView {
    pub submitted_by: UserRef,
    pub submitted_on: NaiveDate,
    pub materials: Vec<MaterialView>,
    pub draft: DraftDecisionView,
}

/// One checklist item with its answer, if given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChecklistEntry {
    pub item: ChecklistItem,
    /// 1–11 as printed on the form.
    pub number: usize,
    pub label: String,
    pub finding: Option<Finding>,
    pub comment: Option<String>,
}

/// The written opinion of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OpinionView {
    pub opinion: OpinionKind,
    pub must_change: Vec<String>,
    pub answered_on: Option<NaiveDate>,
}

/// A legal adviser's opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AdviserOpinionView {
    pub adviser: String,
    pub text: String,
    pub material_id: Option<String>,
}

/// The one extension of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExtensionView {
    pub granted_on: NaiveDate,
    pub reason: String,
}

/// What changed from the previous round's submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SubmissionDiffView {
    /// New material record ids.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Materials whose content changed.
    pub changed: Vec<String>,
    /// Draft fields changed (outcome, amount, penalty type, legal basis).
    pub draft: Vec<DraftField>,
}

/// One round: submission, checklist, opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RoundView {
    pub number: u32,
    pub submission: SubmissionView,
    pub started_on: Option<NaiveDate>,
    pub extension: Option<ExtensionView>,
    /// All 11 items in form order.
    pub checklist: Vec<ChecklistEntry>,
    pub checklist_complete: bool,
    pub adviser_opinion: Option<AdviserOpinionView>,
    pub opinion: Option<OpinionView>,
    /// Diff from the previous round (`None` for round 1).
    pub diff: Option<SubmissionDiffView>,
    /// Flagging of this round's draft against the review's catalogue version.
    pub flagging: FlaggingView,
}

/// A matched catalogue criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MatchedCriterionView {
    pub criterion: CriterionDto,
    /// Why it matched (Chinese).
    pub reason: String,
}

/// Which criteria the draft meets, against which catalogue version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FlaggingView {
    pub catalogue_version: u32,
    pub matched: Vec<MatchedCriterionView>,
    pub review_required: bool,
    pub deliberation_required: bool,
}

/// A discretion-standard flag for the reviewer (checklist item 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DiscretionFlagView {
    /// `below_range`, `above_range`, `no_range` or `no_standard`.
    pub kind: String,
    /// The standard's code.
    pub code: String,
    /// The standard's version applied (the one in force when the round was submitted).
    pub standard_version: Option<u32>,
    /// `minor`, `general`, `serious`, when assessed.
    pub circumstance: Option<String>,
    pub proposed_fen: Option<i64>,
    pub min_fen: Option<i64>,
    pub max_fen: Option<i64>,
    /// Chinese explanation, amounts in yuan.
    pub message: String,
}

/// A review with all its rounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewDetail {
    pub summary: ReviewSummary,
    /// The catalogue version in force when the review was requested.
    pub catalogue_version: u32,
    /// Flagging of the current round.
    pub flagging: FlaggingView,
    /// Discretion-standard flags of the current draft (empty when no standard is published).
    pub discretion_flags: Vec<DiscretionFlagView>,
    /// Rounds, oldest first.
    pub rounds: Vec<RoundView>,
    /// Diff of the current round from the previous one.
    pub diff_latest: Option<SubmissionDiffView>,
    pub deadline: Option<ReviewDeadlineView>,
    /// The latest round is approved: the decision may be taken on its draft.
    pub approved: bool,
    /// What the caller may do now: `assign`, `answer`, `give_opinion`, `extend`, `resubmit`,
    /// `attach_adviser_opinion`.
    pub allowed: Vec<String>,
}

/// Overdue and running reviews of the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewDeadlineList {
    pub items: Vec<ReviewSummary>,
}

// ---------------------------------------------------------------- deliberation

/// One attendee's opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DeliberationOpinionInput {
    /// An attendee's user id.
    pub attendee_id: Uuid,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub opinion: String,
}

/// Records a collective deliberation (集体讨论, 行政处罚法 art. 57) before the decision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RecordDeliberation {
    pub held_on: NaiveDate,
    /// User ids of the attendees (users of the agency); at least the configured minimum (3).
    #[validate(length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub attendee_ids: Vec<Uuid>,
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    #[serde(default)]
    pub opinions: Vec<DeliberationOpinionInput>,
    #[validate(length(min = 1, max = 4000))]
    #[schema(min_length = 1, max_length = 4000)]
    pub conclusion: String,
}

/// One opinion as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeliberationOpinionView {
    pub attendee: UserRef,
    pub opinion: String,
}

/// A deliberation as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeliberationView {
    pub id: Uuid,
    pub case_id: Uuid,
    pub held_on: NaiveDate,
    pub attendees: Vec<UserRef>,
    pub opinions: Vec<DeliberationOpinionView>,
    pub conclusion: String,
    pub recorded_by: UserRef,
    pub recorded_at: DateTime<Utc>,
}

/// Every deliberation of a case, oldest first (the latest counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeliberationList {
    pub items: Vec<DeliberationView>,
}

// ---------------------------------------------------------------- stats

/// Oversight figures of the legal review (per agency).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewStats {
    pub agency_id: Uuid,
    pub requested: u64,
    /// Approved in round 1.
    pub approved_first_time: u64,
    /// Returned with problems at least once.
    pub returned: u64,
    pub approved: u64,
    /// From request to approval, calendar days (approved reviews).
    pub average_days: Option<f64>,
    pub longest_days: Option<i64>,
    pub overdue: u64,
    pub legal_reviewers: u64,
    pub enforcement_officers: u64,
    /// legal_reviewers / enforcement_officers (0 when there are no officers).
    pub reviewer_ratio: f64,
    /// Configured minimum ratio (default 0.05).
    pub minimum_ratio: f64,
    /// The ratio is below the minimum.
    pub below_minimum: bool,
}
