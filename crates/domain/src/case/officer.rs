//! Officers and their enforcement certificates (行政执法证), as the gates see them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Typed id of an officer (the user id of an officer profile).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OfficerId(pub Uuid);

/// State of a certificate as recorded by the issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// In force.
    Valid,
    /// 暂扣: may not enforce until restored.
    Suspended,
    /// 吊销/注销: never again.
    Revoked,
}

/// An enforcement certificate. Only certified officers enforce (行政处罚法 art. 42).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Certificate number, shown to the party (art. 55).
    pub number: String,
    /// First valid day.
    pub valid_from: NaiveDate,
    /// Last valid day.
    pub valid_until: NaiveDate,
    /// Current status. A suspension or revocation is treated as applying to every date: the
    /// gate runs at the time of the act, when the current status is the one that matters.
    pub status: CertificateStatus,
    /// Enforcement categories the certificate covers (e.g. 财政).
    pub categories: Vec<String>,
    /// Area of enforcement (administrative division).
    pub area: String,
}

impl Certificate {
    /// Whether the holder may enforce `category` on `date`.
    pub fn is_valid_on(&self, date: NaiveDate, category: &str) -> bool {
        self.status == CertificateStatus::Valid
            && self.valid_from <= date
            && date <= self.valid_until
            && self.categories.iter().any(|c| covers(c, category))
    }
}

/// Whether a certificate's enforcement category (执法类别) covers a case's matter category: the
/// same, or a narrower matter named within it (a 财政 certificate covers 财政票据 matters).
fn covers(certificate_category: &str, matter_category: &str) -> bool {
    let c = certificate_category.trim();
    !c.is_empty() && matter_category.trim().starts_with(c)
}

/// An officer taking part in an act, with the certificates on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActingOfficer {
    /// Who.
    pub id: OfficerId,
    /// Name, for the refusal message.
    pub name: String,
    /// Certificates on file (old and new).
    pub certificates: Vec<Certificate>,
}

impl ActingOfficer {
    /// Whether any certificate of the officer covers `category` on `date`.
    pub fn is_certified_on(&self, date: NaiveDate, category: &str) -> bool {
        self.certificates
            .iter()
            .any(|c| c.is_valid_on(date, category))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 行政处罚法 art. 42: officers enforce within the categories of their certificate; a
    /// category covers the narrower matters named within it.
    #[test]
    fn a_certificate_covers_its_category_and_the_matters_within_it() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let c = Certificate {
            number: "财1".into(),
            valid_from: d("2024-01-01"),
            valid_until: d("2029-12-31"),
            status: CertificateStatus::Valid,
            categories: vec!["财政".into()],
            area: "桓仁县".into(),
        };
        assert!(c.is_valid_on(d("2025-01-01"), "财政"));
        assert!(c.is_valid_on(d("2025-01-01"), "财政票据"));
        assert!(!c.is_valid_on(d("2025-01-01"), "税务"));
        assert!(!c.is_valid_on(d("2030-01-01"), "财政"));
        let blank = Certificate {
            categories: vec![" ".into()],
            ..c
        };
        assert!(!blank.is_valid_on(d("2025-01-01"), "财政"));
    }
}
