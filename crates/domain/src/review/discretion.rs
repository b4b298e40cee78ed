//! Discretion standards (行政处罚裁量基准, 行政处罚法 art. 34): the published fine range per
//! circumstance for a violation type. An amount outside it does not block anything; it is flagged
//! for the reviewer, who answers checklist item 6 (裁量基准运用适当).

use super::error::ReviewViolation;
use super::flagging::{DraftDecision, OutcomeKind};
use serde::{Deserialize, Serialize};

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

/// The fine range for one circumstance, fen, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FineRange {
    /// For which circumstance.
    pub circumstance: Circumstance,
    /// Lowest fine, fen.
    pub min_fen: i64,
    /// Highest fine, fen.
    pub max_fen: i64,
}

/// A published standard for one violation type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionStandard {
    /// The violation type (matter code or name) the standard is for.
    pub violation_type: String,
    /// One range per circumstance.
    pub ranges: Vec<FineRange>,
}

impl DiscretionStandard {
    /// A standard whose ranges are well formed: 0 ≤ min ≤ max, one range per circumstance.
    pub fn new(
        violation_type: impl Into<String>,
        ranges: Vec<FineRange>,
    ) -> Result<Self, ReviewViolation> {
        let bad = ranges
            .iter()
            .any(|r| r.min_fen < 0 || r.min_fen > r.max_fen);
        let mut seen: Vec<_> = ranges.iter().map(|r| r.circumstance).collect();
        seen.sort();
        seen.dedup();
        if bad || seen.len() != ranges.len() {
            return Err(ReviewViolation::DiscretionRangeInvalid);
        }
        Ok(Self {
            violation_type: violation_type.into(),
            ranges,
        })
    }

    /// The range for `circumstance`.
    pub fn range(&self, circumstance: Circumstance) -> Option<&FineRange> {
        self.ranges.iter().find(|r| r.circumstance == circumstance)
    }
}

/// What the reviewer is told about the proposed fine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DiscretionFlag {
    /// Below the published minimum (减轻处罚 needs its own ground, 行政处罚法 art. 32).
    BelowRange {
        /// Circumstance assessed.
        circumstance: Circumstance,
        /// Proposed fine, fen.
        proposed_fen: i64,
        /// The range.
        min_fen: i64,
        /// The range.
        max_fen: i64,
    },
    /// Above the published maximum.
    AboveRange {
        /// Circumstance assessed.
        circumstance: Circumstance,
        /// Proposed fine, fen.
        proposed_fen: i64,
        /// The range.
        min_fen: i64,
        /// The range.
        max_fen: i64,
    },
    /// The standard publishes no range for the circumstance.
    NoRange {
        /// Circumstance assessed.
        circumstance: Circumstance,
    },
}

/// Checks the proposed fine of a penalty against the standard's range for `circumstance`;
/// `None` when it is inside the range or the draft is not a penalty.
pub fn check_discretion(
    draft: &DraftDecision,
    standard: &DiscretionStandard,
    circumstance: Circumstance,
) -> Option<DiscretionFlag> {
    if draft.outcome != OutcomeKind::Penalty {
        return None;
    }
    let Some(r) = standard.range(circumstance) else {
        return Some(DiscretionFlag::NoRange { circumstance });
    };
    let proposed_fen = draft.sanction.fine_fen;
    let (min_fen, max_fen) = (r.min_fen, r.max_fen);
    if proposed_fen < min_fen {
        Some(DiscretionFlag::BelowRange {
            circumstance,
            proposed_fen,
            min_fen,
            max_fen,
        })
    } else if proposed_fen > max_fen {
        Some(DiscretionFlag::AboveRange {
            circumstance,
            proposed_fen,
            min_fen,
            max_fen,
        })
    } else {
        None
    }
}
