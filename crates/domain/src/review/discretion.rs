//! Discretion standards (行政处罚裁量基准, 行政处罚法 art. 34): per agency and violation type, the
//! published fine ranges for persons and organisations, optionally per circumstance (情节), with
//! the legal basis and text. Versioned with effective dates like the catalogue: a review is judged
//! against the version in force on the day its round was submitted, and old versions stay
//! readable. An amount outside the range does not block anything; it is flagged for the reviewer,
//! who answers checklist item 6 (裁量基准运用适当).

use super::error::ReviewViolation;
use super::flagging::{DraftDecision, OutcomeKind};
use crate::party::PartyKind;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Seriousness of the circumstances (情节).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Circumstance {
    /// 轻微.
    Minor,
    /// 一般.
    General,
    /// 严重.
    Serious,
}

impl Circumstance {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Minor => "轻微",
            Self::General => "一般",
            Self::Serious => "严重",
        }
    }
}

/// Fen as yuan for people: `2000000` → `20,000元`, `12345` → `123.45元`.
pub fn yuan_zh(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let digits = (abs / 100).to_string();
    let mut whole = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            whole.push(',');
        }
        whole.push(ch);
    }
    match abs % 100 {
        0 => format!("{sign}{whole}元"),
        f => format!("{sign}{whole}.{f:02}元"),
    }
}

/// One published fine range, fen, both ends included: for persons or organisations and, when the
/// standard distinguishes them, for one circumstance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FineRange {
    /// Natural person or organisation.
    pub party_kind: PartyKind,
    /// For which circumstance; `None`: whatever the circumstances.
    #[serde(default)]
    pub circumstance: Option<Circumstance>,
    /// Lowest fine, fen.
    pub min_fen: i64,
    /// Highest fine, fen.
    pub max_fen: i64,
}

/// One version of a published standard for one violation type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionStandard {
    /// The agency that published it.
    pub agency_id: Uuid,
    /// Stable key of the violation type within the agency (letters, digits, `_`, `-`, `.`).
    pub code: String,
    /// The violation type as published, e.g. 未按规定保存会计凭证.
    pub violation_type: String,
    /// 1, 2, 3… per agency and code.
    pub version: u32,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force; `None` while it is the current version.
    pub effective_until: Option<NaiveDate>,
    /// Legal basis (articles), in order.
    pub legal_basis: Vec<String>,
    /// The standard's text (裁量说明).
    pub text: String,
    /// The ranges.
    pub ranges: Vec<FineRange>,
}

/// Whether `code` may key a standard (it appears in URLs).
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

impl DiscretionStandard {
    /// Whether the version is in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_until.is_none_or(|u| date <= u)
    }

    /// Checks the version on its own: a valid code, a name, a non-empty period, at least one
    /// range, every range 0 ≤ min ≤ max, and per party kind either one range for all
    /// circumstances or distinct circumstance ranges.
    pub fn validate(&self) -> Result<(), ReviewViolation> {
        if !valid_code(&self.code) {
            return Err(ReviewViolation::DiscretionInvalid(
                "标识只能由字母、数字、_-. 组成 / the code may hold only letters, digits, _ - ."
                    .into(),
            ));
        }
        if self.violation_type.trim().is_empty() {
            return Err(ReviewViolation::DiscretionInvalid(
                "须填写违法行为 / the violation type is required".into(),
            ));
        }
        if self
            .effective_until
            .is_some_and(|u| u < self.effective_from)
        {
            return Err(ReviewViolation::DiscretionInvalid(
                "有效期无效 / the period is invalid".into(),
            ));
        }
        if self.ranges.is_empty()
            || self
                .ranges
                .iter()
                .any(|r| r.min_fen < 0 || r.min_fen > r.max_fen)
        {
            return Err(ReviewViolation::DiscretionRangeInvalid);
        }
        for kind in [PartyKind::NaturalPerson, PartyKind::Organisation] {
            let mut of_kind: Vec<_> = self
                .ranges
                .iter()
                .filter(|r| r.party_kind == kind)
                .map(|r| r.circumstance)
                .collect();
            let n = of_kind.len();
            let general = of_kind.iter().any(Option::is_none);
            of_kind.sort();
            of_kind.dedup();
            if of_kind.len() != n || (general && n > 1) {
                return Err(ReviewViolation::DiscretionRangeInvalid);
            }
        }
        Ok(())
    }

    /// The range that applies to a party of `kind` in `circumstance`: the range for that
    /// circumstance, else the range for all circumstances; without a circumstance, the range
    /// for all circumstances, else the span of the circumstance ranges (lowest minimum to
    /// highest maximum).
    pub fn range_for(
        &self,
        kind: PartyKind,
        circumstance: Option<Circumstance>,
    ) -> Option<(i64, i64)> {
        let of_kind = || self.ranges.iter().filter(move |r| r.party_kind == kind);
        let exact = |c: Option<Circumstance>| {
            of_kind()
                .find(|r| r.circumstance == c)
                .map(|r| (r.min_fen, r.max_fen))
        };
        if let Some(c) = circumstance {
            return exact(Some(c)).or_else(|| exact(None));
        }
        exact(None).or_else(|| {
            let min = of_kind().map(|r| r.min_fen).min()?;
            let max = of_kind().map(|r| r.max_fen).max()?;
            Some((min, max))
        })
    }
}

/// All versions of one standard (one agency, one code), oldest first. Only `publish` adds to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiscretionHistory {
    versions: Vec<DiscretionStandard>,
}

impl DiscretionHistory {
    /// Rebuilds a history from stored versions, checking each as if published in order.
    pub fn from_versions(
        versions: impl IntoIterator<Item = DiscretionStandard>,
    ) -> Result<Self, ReviewViolation> {
        let mut h = Self::default();
        for v in versions {
            h.validate_next(&v)?;
            h.versions.push(v);
        }
        Ok(h)
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> &[DiscretionStandard] {
        &self.versions
    }

    /// A version by number.
    pub fn get(&self, version: u32) -> Option<&DiscretionStandard> {
        self.versions.iter().find(|s| s.version == version)
    }

    /// The newest version.
    pub fn latest(&self) -> Option<&DiscretionStandard> {
        self.versions.last()
    }

    /// The version in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> Option<&DiscretionStandard> {
        self.versions.iter().rev().find(|s| s.in_force_on(date))
    }

    /// Checks that `next` may follow: same agency and code, version = latest + 1, valid on its
    /// own, starting after the latest version began (and after it ended, if it is closed).
    pub fn validate_next(&self, next: &DiscretionStandard) -> Result<(), ReviewViolation> {
        next.validate()?;
        let Some(last) = self.versions.last() else {
            return if next.version == 1 {
                Ok(())
            } else {
                Err(ReviewViolation::DiscretionVersionNotNext { expected: 1 })
            };
        };
        if next.agency_id != last.agency_id || next.code != last.code {
            return Err(ReviewViolation::DiscretionInvalid(
                "机关或标识不一致 / agency or code differs".into(),
            ));
        }
        let expected = last.version.saturating_add(1);
        if next.version != expected {
            return Err(ReviewViolation::DiscretionVersionNotNext { expected });
        }
        let overlap = next.effective_from <= last.effective_from
            || last
                .effective_until
                .is_some_and(|u| next.effective_from <= u);
        if overlap {
            return Err(ReviewViolation::DiscretionOverlap {
                version: last.version,
            });
        }
        Ok(())
    }

    /// Adds `next` after `validate_next`, closing the open-ended latest version on the day
    /// before `next` takes effect. Returns the closed version's number and end date, if one was
    /// closed, so the caller can persist it.
    pub fn publish(
        &mut self,
        next: DiscretionStandard,
    ) -> Result<Option<(u32, Option<NaiveDate>)>, ReviewViolation> {
        self.validate_next(&next)?;
        let mut closed = None;
        if let Some(last) = self.versions.last_mut() {
            if last.effective_until.is_none() {
                last.effective_until = next.effective_from.checked_sub_days(Days::new(1));
                closed = Some((last.version, last.effective_until));
            }
        }
        self.versions.push(next);
        Ok(closed)
    }
}

/// Which standard a draft penalty is judged against: the violation type's code and the
/// circumstances the officer assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionRef {
    /// The standard's code.
    pub code: String,
    /// The circumstances assessed (情节), if the officer states them.
    #[serde(default)]
    pub circumstance: Option<Circumstance>,
}

/// What the reviewer is told about the proposed fine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DiscretionFlag {
    /// Below the published minimum (减轻处罚 needs its own ground, 行政处罚法 art. 32).
    BelowRange {
        /// Standard code.
        code: String,
        /// Standard version applied.
        version: u32,
        /// Circumstance assessed.
        circumstance: Option<Circumstance>,
        /// Proposed fine, fen.
        proposed_fen: i64,
        /// The range.
        min_fen: i64,
        /// The range.
        max_fen: i64,
    },
    /// Above the published maximum.
    AboveRange {
        /// Standard code.
        code: String,
        /// Standard version applied.
        version: u32,
        /// Circumstance assessed.
        circumstance: Option<Circumstance>,
        /// Proposed fine, fen.
        proposed_fen: i64,
        /// The range.
        min_fen: i64,
        /// The range.
        max_fen: i64,
    },
    /// The standard publishes no range for the party's kind (and circumstance).
    NoRange {
        /// Standard code.
        code: String,
        /// Standard version applied.
        version: u32,
        /// Circumstance assessed.
        circumstance: Option<Circumstance>,
    },
    /// The draft names a violation type for which no standard is in force.
    NoStandard {
        /// The code named.
        code: String,
    },
}

impl DiscretionFlag {
    /// `below_range`, `above_range`, `no_range`, `no_standard`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BelowRange { .. } => "below_range",
            Self::AboveRange { .. } => "above_range",
            Self::NoRange { .. } => "no_range",
            Self::NoStandard { .. } => "no_standard",
        }
    }

    /// The explanation for the reviewer, amounts in yuan.
    pub fn message_zh(&self) -> String {
        let c = |c: &Option<Circumstance>| {
            c.map_or(String::new(), |c| format!("（情节{}）", c.label_zh()))
        };
        match self {
            Self::BelowRange {
                code,
                version,
                circumstance,
                proposed_fen,
                min_fen,
                max_fen,
            } => format!(
                "拟罚款{}低于裁量基准{code}（第{version}版）{}幅度{}至{}",
                yuan_zh(*proposed_fen),
                c(circumstance),
                yuan_zh(*min_fen),
                yuan_zh(*max_fen)
            ),
            Self::AboveRange {
                code,
                version,
                circumstance,
                proposed_fen,
                min_fen,
                max_fen,
            } => format!(
                "拟罚款{}高于裁量基准{code}（第{version}版）{}幅度{}至{}",
                yuan_zh(*proposed_fen),
                c(circumstance),
                yuan_zh(*min_fen),
                yuan_zh(*max_fen)
            ),
            Self::NoRange {
                code,
                version,
                circumstance,
            } => format!(
                "裁量基准{code}（第{version}版）未规定适用于该当事人{}的罚款幅度",
                c(circumstance)
            ),
            Self::NoStandard { code } => format!("未找到现行有效的裁量基准{code}"),
        }
    }
}

/// Checks the proposed fine of a penalty against `standard` (the version in force when the round
/// was submitted; `None` when there is none). `None` when the draft is not a penalty, names no
/// violation type, or the fine is inside the range (行政处罚法 art. 34).
pub fn check_discretion(
    draft: &DraftDecision,
    standard: Option<&DiscretionStandard>,
) -> Option<DiscretionFlag> {
    if draft.outcome != OutcomeKind::Penalty {
        return None;
    }
    let reference = draft.discretion.as_ref()?;
    let Some(standard) = standard else {
        return Some(DiscretionFlag::NoStandard {
            code: reference.code.clone(),
        });
    };
    let code = standard.code.clone();
    let version = standard.version;
    let circumstance = reference.circumstance;
    let Some((min_fen, max_fen)) = standard.range_for(draft.party_kind, circumstance) else {
        return Some(DiscretionFlag::NoRange {
            code,
            version,
            circumstance,
        });
    };
    let proposed_fen = draft.sanction.fine_fen;
    if proposed_fen < min_fen {
        Some(DiscretionFlag::BelowRange {
            code,
            version,
            circumstance,
            proposed_fen,
            min_fen,
            max_fen,
        })
    } else if proposed_fen > max_fen {
        Some(DiscretionFlag::AboveRange {
            code,
            version,
            circumstance,
            proposed_fen,
            min_fen,
            max_fen,
        })
    } else {
        None
    }
}
