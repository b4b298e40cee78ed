//! Disclosure of decisions and inspection results (行政执法公示).
//!
//! Staff endpoints (under `/api/v1`, roles disclosure_editor / approver / admin):
//! - `GET /disclosures` ([`DisclosureQuery`]) → [`DisclosureList`]: the queue.
//! - `GET /disclosures/{id}` → [`DisclosureDetail`]: source beside the masked preview, history.
//! - `PATCH /disclosures/{id}` ([`EditDisclosure`]): facts, legal basis, third persons, extra masks,
//!   severity, publication end.
//! - `POST /disclosures/{id}/submission`, `/review` ([`ReviewDisclosure`]), `/withholding`
//!   ([`WithholdDisclosure`]), `/correction` ([`ReasonInput`]), `/withdrawal-requirement`
//!   ([`RequireWithdrawal`]), `/withdrawal` ([`ReasonInput`]) → [`DisclosureDetail`].
//!
//! Public endpoints (under `/api/public/v1`, no sign-in): `GET /decisions`, `/decisions/{id}`,
//! `/inspections`, `/inspections/{id}` ([`PublicListQuery`] → [`PublicDecisionPage`]),
//! `GET /changes?since=` ([`ChangesQuery`] → [`ChangePage`]), `GET /snapshots/latest` →
//! [`SnapshotInfo`] and the files it names.

use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::CaseKind;
pub use sanxiang_domain::disclosure::publication::{
    AppliedMask, DecisionSource, PublicDecision, ResourceType, Severity,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Where a disclosure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureStatus {
    Draft,
    PendingReview,
    Published,
    NotPublished,
    Withdrawn,
    Expired,
}

/// A disclosure in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DisclosureSummary {
    pub id: Uuid,
    pub case_id: Uuid,
    pub case_number: String,
    pub resource_type: ResourceType,
    pub case_kind: CaseKind,
    pub status: DisclosureStatus,
    pub status_label: String,
    pub party_name: String,
    pub decided_on: NaiveDate,
    /// Last day to publish (118号: 7 working days for penalties and licences, 20 otherwise),
    /// counted on the working-day calendar; `null` when the period reaches a year without
    /// holiday data (`due_note` says which year to load) — never a guess.
    pub due_on: Option<NaiveDate>,
    /// Why `due_on` is unknown, e.g. "未知——请先载入2027年的节假日数据".
    pub due_note: Option<String>,
    /// Not yet published and past `due_on`.
    pub overdue: bool,
    pub published_version: i32,
    /// The day the decision was changed or revoked (the withdrawal period counts from it).
    pub withdrawal_required_on: Option<NaiveDate>,
    /// Last day to withdraw (行政处罚法 art. 48: 3 working days); `null` when not required or
    /// unknown (`withdrawal_due_note`).
    pub withdrawal_due_on: Option<NaiveDate>,
    /// Why `withdrawal_due_on` is unknown although a withdrawal is required.
    pub withdrawal_due_note: Option<String>,
    pub version: i32,
}

/// The queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DisclosureList {
    pub items: Vec<DisclosureSummary>,
}

/// Queue filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DisclosureQuery {
    /// Only this status.
    pub status: Option<DisclosureStatus>,
    /// Only this case.
    pub case_id: Option<Uuid>,
}

/// One event of a disclosure's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DisclosureEvent {
    pub action: String,
    pub action_label: String,
    pub actor: Option<String>,
    pub detail: serde_json::Value,
    pub at: DateTime<Utc>,
}

/// A published version as the public saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublishedVersion {
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub body: PublicDecision,
}

/// A disclosure with its source, the masked preview and its history (staff only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DisclosureDetail {
    #[serde(flatten)]
    pub summary: DisclosureSummary,
    /// The unmasked field set from the case (staff only).
    pub source: DecisionSource,
    /// What the public will see (masked by rule plus the editor's masks).
    pub preview: PublicDecision,
    /// Which masking rules applied, and how often.
    pub masks_applied: Vec<AppliedMask>,
    pub extra_masks: Vec<String>,
    pub severity: Severity,
    pub publication_end: Option<NaiveDate>,
    pub not_published_ground: Option<String>,
    pub withdrawal_basis: Option<String>,
    pub events: Vec<DisclosureEvent>,
    pub versions: Vec<PublishedVersion>,
    /// Actions the caller may take now.
    pub allowed_actions: Vec<String>,
}

/// Editor changes (absent fields stay). Masks may be added, never removed: `facts` or
/// `legal_basis` that would bring back masked text (a name or number masked automatically or
/// by an earlier edit) is refused with `mask_removed`, naming the field in `errors`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct EditDisclosure {
    pub expected_version: i32,
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub facts: Option<String>,
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub legal_basis: Option<Vec<String>>,
    /// Names of other persons mentioned (never published). Added to those already listed: a
    /// name once listed stays masked. (Persons the case's records name are listed already.)
    #[validate(length(max = 100))]
    #[schema(max_items = 100)]
    pub third_persons: Option<Vec<String>>,
    /// Further text to mask, added to the masks already there (the editor may mask more, never
    /// less).
    #[validate(length(max = 200))]
    #[schema(max_items = 200)]
    pub extra_masks: Option<Vec<String>>,
    /// 法定代表人 of an organisation (the operator of an individual business) when the case
    /// did not give it: the 双公示 templates require it, publication is refused without it.
    #[serde(default)]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub legal_representative: Option<String>,
    pub severity: Option<Severity>,
    /// Publication end date (within the period of the severity).
    pub publication_end: Option<NaiveDate>,
}

/// A step that only needs the version seen.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    pub expected_version: i32,
}

/// The second person's review (审核).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReviewDisclosure {
    pub expected_version: i32,
    /// `true` publishes; `false` returns it to the editor.
    pub approve: bool,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub comment: String,
}

/// Not publishing, with the legal ground.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct WithholdDisclosure {
    pub expected_version: i32,
    /// The legal ground (e.g. 《政府信息公开条例》第十五条).
    #[validate(length(min = 4, max = 2000))]
    #[schema(min_length = 4, max_length = 2000)]
    pub legal_ground: String,
}

/// A step with a reason (correction, withdrawal).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    pub expected_version: i32,
    #[validate(length(min = 2, max = 2000))]
    #[schema(min_length = 2, max_length = 2000)]
    pub reason: String,
}

/// The decision was changed, revoked, ruled unlawful or void (行政处罚法 art. 48).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RequireWithdrawal {
    pub expected_version: i32,
    /// What happened (e.g. 复议决定撤销原处罚决定).
    #[validate(length(min = 2, max = 2000))]
    #[schema(min_length = 2, max_length = 2000)]
    pub basis: String,
    /// The day it happened (the 3 working days count from it).
    pub on: NaiveDate,
}

// ---------------------------------------------------------------- public

/// Public list filters and cursor.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PublicListQuery {
    /// Deciding agency.
    pub agency_id: Option<Uuid>,
    /// Case kind.
    pub kind: Option<CaseKind>,
    /// Violation type, exactly.
    pub violation_type: Option<String>,
    /// Decided on or after.
    pub from: Option<NaiveDate>,
    /// Decided on or before.
    pub to: Option<NaiveDate>,
    /// Words in the party name, document number, violation type or content.
    pub q: Option<String>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
    /// Page size, default 20, at most 500.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// A page of published entries, newest decision first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicDecisionPage {
    pub items: Vec<PublicDecision>,
    /// Opaque cursor of the next page; absent on the last page.
    pub next: Option<String>,
}

/// Change feed position.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    /// The `next` cursor of the previous page (absent or `0`: from the beginning).
    pub since: Option<String>,
    /// Page size, default 100, at most 1000.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    Publish,
    Correct,
    Withdraw,
    Expire,
}

/// One change of the public data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    /// Strictly increasing position in the feed.
    pub seq: i64,
    pub change: ChangeType,
    /// `decision`, `inspection_result`, `register`, `annual_report`, …
    pub resource_type: String,
    pub resource_id: Uuid,
    pub version: i32,
    pub resource_url: String,
    /// The public representation (absent for tombstones).
    pub body: Option<serde_json::Value>,
    /// `true` for withdrawals and expiries: remove the resource.
    pub tombstone: bool,
    /// Reason of a withdrawal or expiry.
    pub reason: Option<String>,
    pub occurred_at: DateTime<Utc>,
    /// The change's publication entry in the tamper-evident log: its canonical bytes (RFC 8785
    /// JSON) exactly as hashed, so the leaf hash is `SHA-256(0x00 ‖ leaf)`. It states this
    /// change's `seq`, `resource_type`, `resource_id`, `version`, `change`, `resource_url` and
    /// `reason`, and `body_sha256`: the SHA-256 (hex) of the RFC 8785 form of `body` (`null` for a
    /// tombstone). `null` for a change that has no log entry.
    pub leaf: Option<String>,
    /// The entry's leaf index; `null` until a signed checkpoint covers it (within seconds) or
    /// when there is no entry.
    pub log_index: Option<u64>,
    /// Where its inclusion proof is (`GET /api/public/v1/log/proof/inclusion?index=…`; add
    /// `&tree_size=` for a checkpoint you hold); `null` when `log_index` is.
    pub proof_url: Option<String>,
}

/// A page of the change feed. Store `next` and ask again with `since=next`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChangePage {
    pub changes: Vec<Change>,
    /// Cursor to continue from (equal to `since` when there is nothing new).
    pub next: String,
    /// Whether more changes are waiting now.
    pub more: bool,
}

/// The daily full snapshot of what is public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SnapshotInfo {
    pub date: NaiveDate,
    pub count: u64,
    /// The change feed position the snapshot includes (continue the feed from here).
    pub feed_position: String,
    pub ndjson_url: String,
    pub ndjson_sha256: String,
    pub ndjson_bytes: u64,
    pub csv_url: String,
    pub csv_sha256: String,
    pub csv_bytes: u64,
}

/// File format of the credit export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CreditExportFormat {
    /// UTF-8 with a byte-order mark (spreadsheet programs read the Chinese columns right).
    #[default]
    Csv,
    /// Office Open XML workbook.
    Xlsx,
}

/// `GET /exchange/credit`: which template, which decision dates, which file format.
#[derive(Debug, Clone, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CreditExportQuery {
    /// `penalty` (行政处罚信息) or `licence` (行政许可信息).
    #[param(inline)]
    pub kind: sanxiang_domain::disclosure::credit::TemplateKind,
    /// Decisions made on or after this day.
    pub from: Option<NaiveDate>,
    /// Decisions made on or before this day.
    pub to: Option<NaiveDate>,
    /// `csv` (default) or `xlsx`.
    #[param(inline)]
    pub format: Option<CreditExportFormat>,
}
