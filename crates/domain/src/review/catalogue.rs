//! The catalogue of major enforcement decisions (重大执法决定法制审核目录清单): per agency,
//! versioned with effective dates. A case is judged against the version in force on the day its
//! review is requested, so earlier versions are kept, never edited.

use super::error::ReviewViolation;
use crate::case::yuan;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

/// One criterion that makes a decision "major". Matching is in `super::flagging`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Criterion {
    /// Fine or confiscation at or above the threshold for the party's kind (fen). Default: the
    /// "large amount" of 财政部令第109号, 10,000 yuan person / 100,000 yuan organisation.
    AmountAtLeast {
        /// Threshold for a natural person, fen.
        person_fen: i64,
        /// Threshold for an organisation, fen.
        organisation_fen: i64,
    },
    /// 吊销许可证件、降低资质等级.
    LicenceRevocationOrDowngrade,
    /// 责令停产停业 (and 限制开展生产经营活动).
    SuspensionOfBusiness,
    /// 责令关闭.
    Closure,
    /// 限制从业.
    RestrictionOfPractice,
    /// 经过听证程序 (行政处罚法 art. 58 (二)).
    HearingHeld,
    /// 涉及重大公共利益 (art. 58 (一)).
    MajorPublicInterest,
    /// 案件情况疑难复杂、涉及多个法律关系 (art. 58 (三)).
    ComplexMultipleRelationships,
    /// 涉嫌犯罪需要移送司法机关.
    SuspectedCrime,
    /// An agency's own criterion, matched by an officer-set flag with the same key.
    Custom {
        /// Flag key officers set (snake_case or any stable text).
        key: String,
        /// Wording shown in the catalogue.
        label: String,
    },
}

impl Criterion {
    /// The amount criterion with the national defaults (行政处罚法 art. 63; 财政部令第109号).
    pub const fn default_amount() -> Self {
        Self::AmountAtLeast {
            person_fen: yuan(10_000),
            organisation_fen: yuan(100_000),
        }
    }

    /// Stable key for logs and the API.
    pub fn key(&self) -> &str {
        match self {
            Self::AmountAtLeast { .. } => "amount_at_least",
            Self::LicenceRevocationOrDowngrade => "licence_revocation_or_downgrade",
            Self::SuspensionOfBusiness => "suspension_of_business",
            Self::Closure => "closure",
            Self::RestrictionOfPractice => "restriction_of_practice",
            Self::HearingHeld => "hearing_held",
            Self::MajorPublicInterest => "major_public_interest",
            Self::ComplexMultipleRelationships => "complex_multiple_relationships",
            Self::SuspectedCrime => "suspected_crime",
            Self::Custom { key, .. } => key,
        }
    }

    /// Chinese wording for the catalogue page.
    pub fn label_zh(&self) -> String {
        match self {
            Self::AmountAtLeast {
                person_fen,
                organisation_fen,
            } => format!(
                "罚款或没收金额达到公民{}、法人或其他组织{}以上",
                super::discretion::yuan_zh(*person_fen),
                super::discretion::yuan_zh(*organisation_fen)
            ),
            Self::LicenceRevocationOrDowngrade => "吊销许可证件、降低资质等级".into(),
            Self::SuspensionOfBusiness => "责令停产停业".into(),
            Self::Closure => "责令关闭".into(),
            Self::RestrictionOfPractice => "限制从业".into(),
            Self::HearingHeld => "经过听证程序".into(),
            Self::MajorPublicInterest => "涉及重大公共利益".into(),
            Self::ComplexMultipleRelationships => "案件情况疑难复杂、涉及多个法律关系".into(),
            Self::SuspectedCrime => "涉嫌犯罪需要移送司法机关".into(),
            Self::Custom { label, .. } => label.clone(),
        }
    }
}

/// One version of an agency's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    /// The agency whose catalogue it is.
    pub agency_id: Uuid,
    /// 1, 2, 3… per agency.
    pub version: u32,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force; `None` while it is the current version.
    pub effective_until: Option<NaiveDate>,
    /// What counts as major.
    pub criteria: Vec<Criterion>,
}

impl Catalogue {
    /// The default first version: every criterion of 行政处罚法 art. 58.
    pub fn default_for(agency_id: Uuid, effective_from: NaiveDate) -> Self {
        Self {
            agency_id,
            version: 1,
            effective_from,
            effective_until: None,
            criteria: vec![
                Criterion::default_amount(),
                Criterion::LicenceRevocationOrDowngrade,
                Criterion::SuspensionOfBusiness,
                Criterion::Closure,
                Criterion::RestrictionOfPractice,
                Criterion::HearingHeld,
                Criterion::MajorPublicInterest,
                Criterion::ComplexMultipleRelationships,
                Criterion::SuspectedCrime,
            ],
        }
    }

    /// Whether the version is in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_until.is_none_or(|u| date <= u)
    }

    /// Checks the version on its own: a non-empty period, positive thresholds, non-blank and
    /// unique custom keys.
    pub fn validate(&self) -> Result<(), ReviewViolation> {
        if self
            .effective_until
            .is_some_and(|u| u < self.effective_from)
        {
            return Err(ReviewViolation::CatalogueInvalid);
        }
        let mut keys = BTreeSet::new();
        for c in &self.criteria {
            match c {
                Criterion::AmountAtLeast {
                    person_fen,
                    organisation_fen,
                } if *person_fen <= 0 || *organisation_fen <= 0 => {
                    return Err(ReviewViolation::CriterionInvalid(
                        "金额标准须大于零 / thresholds must be positive".into(),
                    ));
                }
                Criterion::Custom { key, label }
                    if key.trim().is_empty() || label.trim().is_empty() =>
                {
                    return Err(ReviewViolation::CriterionInvalid(
                        "自定义标准须有标识和名称 / a custom criterion needs a key and a label"
                            .into(),
                    ));
                }
                _ => {}
            }
            if !keys.insert(c.key().to_owned()) {
                return Err(ReviewViolation::CriterionInvalid(format!(
                    "重复的标准 / duplicate criterion `{}`",
                    c.key()
                )));
            }
        }
        Ok(())
    }
}

/// All versions of one agency's catalogue, oldest first. Only `publish` adds to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueHistory {
    versions: Vec<Catalogue>,
}

impl CatalogueHistory {
    /// An empty history (the agency has no catalogue yet).
    pub fn new() -> Self {
        Self::default()
    }

    /// Rebuilds a history from stored versions, checking each as if published in order.
    pub fn from_versions(
        versions: impl IntoIterator<Item = Catalogue>,
    ) -> Result<Self, ReviewViolation> {
        let mut h = Self::new();
        for v in versions {
            // Stored rows already carry the closing date `publish` set; re-check, don't re-close.
            h.validate_next(&v)?;
            h.versions.push(v);
        }
        Ok(h)
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> &[Catalogue] {
        &self.versions
    }

    /// A version by number (for the disclosure module: readable by id and version).
    pub fn get(&self, version: u32) -> Option<&Catalogue> {
        self.versions.iter().find(|c| c.version == version)
    }

    /// The newest version.
    pub fn latest(&self) -> Option<&Catalogue> {
        self.versions.last()
    }

    /// The version in force on `date` (the day the review is requested).
    pub fn in_force_on(&self, date: NaiveDate) -> Option<&Catalogue> {
        self.versions.iter().rev().find(|c| c.in_force_on(date))
    }

    /// Checks that `next` may follow: same agency, version = latest + 1, valid on its own, and
    /// starting after every earlier version. The open-ended current version is not an overlap as
    /// long as `next` starts after it began (publishing closes it); a closed version is.
    pub fn validate_next(&self, next: &Catalogue) -> Result<(), ReviewViolation> {
        next.validate()?;
        let Some(last) = self.versions.last() else {
            return if next.version == 1 {
                Ok(())
            } else {
                Err(ReviewViolation::CatalogueVersionNotNext { expected: 1 })
            };
        };
        if next.agency_id != last.agency_id {
            return Err(ReviewViolation::CatalogueInvalid);
        }
        let expected = last.version.saturating_add(1);
        if next.version != expected {
            return Err(ReviewViolation::CatalogueVersionNotNext { expected });
        }
        let overlap = next.effective_from <= last.effective_from
            || last
                .effective_until
                .is_some_and(|u| next.effective_from <= u);
        if overlap {
            return Err(ReviewViolation::CatalogueOverlap {
                version: last.version,
            });
        }
        Ok(())
    }

    /// Adds `next` after `validate_next`, closing the current open-ended version on the day
    /// before `next` takes effect. Returns the closed version's number, if one was closed, so the
    /// caller can persist its new end date.
    pub fn publish(&mut self, next: Catalogue) -> Result<Option<u32>, ReviewViolation> {
        self.validate_next(&next)?;
        let mut closed = None;
        if let Some(last) = self.versions.last_mut() {
            if last.effective_until.is_none() {
                last.effective_until = next.effective_from.checked_sub_days(Days::new(1));
                closed = Some(last.version);
            }
        }
        self.versions.push(next);
        Ok(closed)
    }
}
