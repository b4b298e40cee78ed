//! Public registers (事前公开): agency profiles, enforcement matters, random-inspection items and
//! service guides — versioned, reviewed by a second person, public in the version in force — and
//! the public officers list and certificate check (事中: 亮证执法).

use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::CertificateStatus;
pub use sanxiang_domain::disclosure::registers::{
    AgencyProfile, Contact, EnforcementMatter, InspectionItem, RegisterContent, RegisterType,
    ServiceGuide, VersionStatus,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Saves a draft of a register entry (creating the entry, or a new version of it). `content` is
/// the register type's object: `AgencyProfile`, `EnforcementMatter`, `InspectionItem` or
/// `ServiceGuide`, as named by the path.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SaveRegisterDraft {
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    /// First day the version is in force (Beijing date); today when omitted.
    #[serde(default)]
    pub effective_from: Option<NaiveDate>,
    /// Day the version stops being in force (exclusive), when known in advance.
    #[serde(default)]
    pub effective_until: Option<NaiveDate>,
    /// What changed and why (shown in the history and, for corrections, in the change feed).
    #[serde(default)]
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub change_note: String,
}

/// The reviewer's decision on a submitted version. The reviewer must not have written or
/// submitted it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReviewRegisterVersion {
    /// `true` publishes the version, `false` sends it back.
    pub approve: bool,
    #[serde(default)]
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub comment: Option<String>,
}

/// Withdraws an entry from the public registers, with the reason (published as a tombstone).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRegisterEntry {
    #[validate(length(min = 1, max = 1000))]
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
}

/// One version of an entry, as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegisterVersionView {
    pub entry_id: Uuid,
    pub register_type: RegisterType,
    pub agency_id: Uuid,
    pub version: i32,
    pub status: VersionStatus,
    pub title: String,
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub change_note: String,
    pub author_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewer_id: Option<Uuid>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
    /// This is the version the public sees today.
    pub in_force: bool,
}

/// One line of an entry's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegisterEventView {
    pub version: i32,
    /// `create`, `save`, `submit`, `approve`, `reject`, `withdraw`.
    pub action: String,
    pub actor_id: Uuid,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An entry with every version and its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegisterEntryView {
    pub entry_id: Uuid,
    pub register_type: RegisterType,
    pub versions: Vec<RegisterVersionView>,
    pub history: Vec<RegisterEventView>,
}

/// One line of the staff list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegisterEntrySummary {
    pub entry_id: Uuid,
    pub register_type: RegisterType,
    pub title: String,
    pub latest_version: i32,
    pub latest_status: VersionStatus,
    pub in_force_version: Option<i32>,
    pub updated_at: DateTime<Utc>,
}

/// The agency's entries of one register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegisterEntryList {
    pub items: Vec<RegisterEntrySummary>,
}

/// Paging of public lists: keyset cursor, stable order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PublicPageQuery {
    /// Only this agency's entries.
    #[serde(default)]
    pub agency_id: Option<Uuid>,
    /// The `next` of the previous page (opaque: an id in unpadded base64url).
    #[serde(default)]
    #[param(pattern = "^[A-Za-z0-9_-]{21}[AQgw]$")]
    pub cursor: Option<String>,
    /// Page size, default 20, at most 500.
    #[serde(default)]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// Default page size of public lists.
pub const DEFAULT_PAGE: u32 = 20;
/// Largest page of public lists.
pub const MAX_PAGE: u32 = 500;

/// A register entry as the public sees it: the version in force today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicRegisterEntry {
    /// Stable id of the entry (all versions share it).
    pub id: Uuid,
    pub register_type: RegisterType,
    pub agency_id: Uuid,
    pub version: i32,
    pub title: String,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub published_at: Option<DateTime<Utc>>,
    /// The register type's object (`AgencyProfile`, `EnforcementMatter`, `InspectionItem`,
    /// `ServiceGuide`).
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    /// SVG flowchart of the matter (enforcement matters, and service guides linked to one).
    pub flowchart_url: Option<String>,
}

/// A page of a public register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicRegisterPage {
    pub items: Vec<PublicRegisterEntry>,
    /// Cursor of the next page; absent on the last page.
    pub next: Option<String>,
}

/// A published version in an entry's public change history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicRegisterVersion {
    pub version: i32,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub published_at: Option<DateTime<Utc>>,
    pub change_note: String,
    pub withdrawn_reason: Option<String>,
}

/// One public entry with its change history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicRegisterDetail {
    pub entry: PublicRegisterEntry,
    pub history: Vec<PublicRegisterVersion>,
}

/// An officer in the public officers list: nothing private (no phone, resident id or username).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicOfficer {
    pub name: String,
    pub unit: String,
    pub post: String,
    pub agency_id: Uuid,
    pub certificates: Vec<PublicCertificate>,
}

/// A certificate as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicCertificate {
    pub number: String,
    pub issuer: String,
    pub categories: Vec<String>,
    pub area: String,
    pub status: CertificateStatus,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// Status valid and today (Beijing) within the dates.
    pub valid_today: bool,
}

/// A page of the officers list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicOfficerPage {
    pub items: Vec<PublicOfficer>,
    pub next: Option<String>,
}

/// The answer of the certificate check: valid today or not, and whose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CertificateCheck {
    pub number: String,
    /// Status valid and today (Beijing) within the dates.
    pub valid_today: bool,
    /// The day the answer is for.
    pub checked_on: NaiveDate,
    pub status: CertificateStatus,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub issuer: String,
    pub name: String,
    pub unit: String,
    pub agency_id: Uuid,
    pub categories: Vec<String>,
    pub area: String,
}

pub use sanxiang_domain::disclosure::annual_report::{
    AnnualFigures, InspectionFigures, KindCount, LicenceFigures, PenaltyFigures,
};

/// The annual report of one agency as staff see it: the draft computed from the cases now, and
/// what was published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AnnualReportDraft {
    pub agency_id: Uuid,
    pub year: i32,
    /// From 1 January of the next year the report may be published.
    pub ready: bool,
    /// Publication is due by this day (31 January of the next year, 118号).
    pub due_on: Option<NaiveDate>,
    /// Not published and past `due_on`.
    pub overdue: bool,
    pub draft: AnnualFigures,
    pub published: Option<PublishedAnnualReport>,
}

/// A published annual report of one agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublishedAnnualReport {
    pub agency_id: Uuid,
    pub agency_name: String,
    pub year: i32,
    /// 1, or higher after corrections.
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub figures: AnnualFigures,
}

/// The published annual reports of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicAnnualReports {
    pub year: i32,
    pub reports: Vec<PublishedAnnualReport>,
}

/// Filter of the public annual reports.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgencyFilter {
    #[serde(default)]
    pub agency_id: Option<Uuid>,
}
