//! Officers (执法人员) and their enforcement certificates (行政执法证).

use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::CertificateStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Sets an officer profile for a user of the agency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpsertOfficer {
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub post: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub unit: String,
    /// Holds the national legal profession qualification (法律职业资格).
    #[serde(default)]
    pub legal_qualification: bool,
    /// Since when the person has done legal-review work (从事法制审核). 行政处罚法 art. 58 para. 2
    /// requires the qualification of persons newly engaged in review (from 2021-07-15); a
    /// reviewer who began before needs this date recorded instead.
    #[serde(default)]
    pub review_experience_since: Option<NaiveDate>,
}

/// Registers a certificate.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateCertificate {
    #[validate(length(min = 4, max = 64))]
    #[schema(min_length = 4, max_length = 64)]
    pub number: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub issuer: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub categories: Vec<String>,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub area: String,
    #[serde(default = "valid")]
    pub status: CertificateStatus,
}

fn valid() -> CertificateStatus {
    CertificateStatus::Valid
}

/// Changes a certificate's status or validity.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateCertificate {
    #[serde(default)]
    pub status: Option<CertificateStatus>,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

/// A certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CertificateInfo {
    pub id: Uuid,
    pub user_id: Uuid,
    pub number: String,
    pub issuer: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub categories: Vec<String>,
    pub area: String,
    pub status: CertificateStatus,
    /// Valid today (status valid and today within the dates).
    pub valid_today: bool,
    pub updated_at: DateTime<Utc>,
}

/// An officer with certificates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Officer {
    pub user_id: Uuid,
    pub username: String,
    pub name: String,
    pub post: String,
    pub unit: String,
    pub legal_qualification: bool,
    /// Since when the person has done legal-review work, if recorded.
    pub review_experience_since: Option<NaiveDate>,
    pub certificates: Vec<CertificateInfo>,
}

/// The agency's officers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficerList {
    pub items: Vec<Officer>,
}
