//! Discretion standards (行政处罚裁量基准, 行政处罚法 art. 34) and the public reads of the
//! standards and of the catalogue of major decisions (for government portals).
//!
//! Staff endpoints (under `/api/v1`, read: officers, reviewers, approvers, admins; write:
//! approvers and admins):
//! - `GET /review/discretion-standards` → [`DiscretionStandardList`] (per code the version in
//!   force today, else the newest); `POST /review/discretion-standards`
//!   ([`CreateDiscretionStandard`]) publishes the next version of a code.
//! - `GET /review/discretion-standards/{code}` → [`DiscretionStandardHistory`];
//!   `GET /review/discretion-standards/{code}/{version}` → [`DiscretionStandardView`].
//!
//! Public endpoints (under `/api/public/v1`, no sign-in; only versions that have taken effect,
//! without who created them):
//! - `GET /discretion-standards?agency_id=` → [`PublicDiscretionList`] (in force today);
//!   `GET /discretion-standards/{agency_id}/{code}/{version}` → [`PublicDiscretionStandard`].
//! - `GET /major-decision-catalogue?agency_id=` → [`PublicCatalogueList`] (in force today);
//!   `GET /major-decision-catalogue/{agency_id}/{version}` → [`PublicCatalogueVersion`].

use crate::review::CriterionDto;
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::party::PartyKind;
use sanxiang_domain::review::Circumstance;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// One fine range, fen, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"party_kind": "organisation", "circumstance": "general", "min_fen": 500000, "max_fen": 2000000}))]
pub struct DiscretionRangeDto {
    pub party_kind: PartyKind,
    /// `minor` (轻微), `general` (一般), `serious` (严重); absent: whatever the circumstances.
    #[serde(default)]
    pub circumstance: Option<Circumstance>,
    #[validate(range(min = 0))]
    #[schema(minimum = 0)]
    pub min_fen: i64,
    #[validate(range(min = 0))]
    #[schema(minimum = 0)]
    pub max_fen: i64,
}

/// Publishes the next version of the standard for `code` (version 1 when the code is new). The
/// current version ends the day before `effective_from`, which must be after it began.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "accounting-42", "violation_type": "未按规定保存会计凭证", "effective_from": "2026-01-01", "legal_basis": ["《中华人民共和国会计法》第四十二条"], "text": "按情节轻重分档裁量。", "ranges": [{"party_kind": "organisation", "min_fen": 500000, "max_fen": 5000000}]}))]
pub struct CreateDiscretionStandard {
    /// Stable key of the violation type: letters, digits, `_`, `-`, `.` (used in URLs).
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub code: String,
    /// The violation type, e.g. 未按规定保存会计凭证.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub violation_type: String,
    pub effective_from: NaiveDate,
    #[serde(default)]
    #[validate(length(max = 30))]
    #[schema(max_items = 30)]
    pub legal_basis: Vec<String>,
    /// The standard's text (裁量说明).
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub text: String,
    #[validate(length(min = 1, max = 20), nested)]
    #[schema(min_items = 1, max_items = 20)]
    pub ranges: Vec<DiscretionRangeDto>,
}

/// One version of a standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DiscretionStandardView {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub code: String,
    pub violation_type: String,
    /// 1, 2, 3… per agency and code.
    pub version: u32,
    pub effective_from: NaiveDate,
    /// `None` while current.
    pub effective_until: Option<NaiveDate>,
    pub legal_basis: Vec<String>,
    pub text: String,
    pub ranges: Vec<DiscretionRangeDto>,
    /// In force today.
    pub in_force: bool,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// The agency's standards: per code the version in force today, else the newest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DiscretionStandardList {
    pub items: Vec<DiscretionStandardView>,
}

/// Every version of one standard, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DiscretionStandardHistory {
    pub code: String,
    pub versions: Vec<DiscretionStandardView>,
    /// The version in force today.
    pub current_version: Option<u32>,
}

/// A draft decision's reference to the discretion standard of its violation type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DiscretionRefDto {
    /// The standard's code.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub code: String,
    /// The circumstances assessed (情节).
    #[serde(default)]
    pub circumstance: Option<Circumstance>,
}

// ---------------------------------------------------------------- public

/// Filter of the public lists.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicAgencyQuery {
    /// Only this agency.
    pub agency_id: Option<Uuid>,
}

/// A standard as published to portals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicDiscretionStandard {
    pub agency_id: Uuid,
    pub code: String,
    pub violation_type: String,
    pub version: u32,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub legal_basis: Vec<String>,
    pub text: String,
    pub ranges: Vec<DiscretionRangeDto>,
    pub in_force: bool,
}

/// Standards in force today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicDiscretionList {
    pub items: Vec<PublicDiscretionStandard>,
}

/// A catalogue version as published to portals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicCatalogueVersion {
    pub agency_id: Uuid,
    pub version: u32,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub criteria: Vec<CriterionDto>,
    pub in_force: bool,
}

/// Catalogue versions in force today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicCatalogueList {
    pub items: Vec<PublicCatalogueVersion>,
}
