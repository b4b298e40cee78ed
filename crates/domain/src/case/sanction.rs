//! Sanctions and outcomes: what a decision imposes, in fen so that money is exact.

use crate::party::PartyKind;
use serde::{Deserialize, Serialize};

/// `y` yuan in fen. Money is held in fen (i64) so amounts are exact; this keeps literals readable.
pub const fn yuan(y: i64) -> i64 {
    y * 100
}

/// The penalty proposed in a notice or imposed by a decision. Money in fen (1/100 yuan).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sanction {
    /// 警告 / 通报批评.
    pub warning: bool,
    /// 罚款, fen.
    pub fine_fen: i64,
    /// 没收违法所得、非法财物 (value), fen.
    pub confiscation_fen: i64,
    /// 暂扣许可证件、降低资质等级.
    pub licence_suspension: bool,
    /// 吊销许可证件.
    pub licence_revocation: bool,
    /// Any other measure (限制开展生产经营活动、责令停产停业、行政拘留…), by name.
    pub other: Vec<String>,
}

impl Sanction {
    /// Whether `self` is heavier than `noticed` in any respect (行政处罚法 art. 45: no heavier
    /// penalty because the party defended itself). Conservative: any component above the notice
    /// counts, so a trade of one measure for another needs a fresh notice.
    pub fn is_heavier_than(&self, noticed: &Sanction) -> bool {
        self.fine_fen > noticed.fine_fen
            || self.confiscation_fen > noticed.confiscation_fen
            || (self.warning && !noticed.is_heavier_or_equal_to_warning())
            || (self.licence_suspension
                && !noticed.licence_suspension
                && !noticed.licence_revocation)
            || (self.licence_revocation && !noticed.licence_revocation)
            || self.other.iter().any(|o| !noticed.other.contains(o))
    }

    fn is_heavier_or_equal_to_warning(&self) -> bool {
        self.warning
            || self.fine_fen > 0
            || self.licence_suspension
            || self.licence_revocation
            || !self.other.is_empty()
    }

    /// Whether the sanction is only a warning.
    pub fn is_warning_only(&self) -> bool {
        self.warning
            && self.fine_fen == 0
            && self.confiscation_fen == 0
            && !self.licence_suspension
            && !self.licence_revocation
            && self.other.is_empty()
    }

    /// Whether it is a fine and nothing heavier (a warning alongside is allowed).
    pub fn is_fine_only(&self) -> bool {
        self.confiscation_fen == 0
            && !self.licence_suspension
            && !self.licence_revocation
            && self.other.is_empty()
    }

    /// Whether the party may ask for a hearing (行政处罚法 art. 63): a large fine or confiscation
    /// (threshold is a setting), licence suspension or revocation, or another heavy measure.
    pub fn gives_hearing_right(&self, party: PartyKind, settings: &super::RuleSettings) -> bool {
        let threshold = match party {
            PartyKind::NaturalPerson => settings.hearing_threshold_person_fen,
            PartyKind::Organisation => settings.hearing_threshold_organisation_fen,
        };
        self.fine_fen >= threshold
            || self.confiscation_fen >= threshold
            || self.licence_suspension
            || self.licence_revocation
            || !self.other.is_empty()
    }
}

/// The outcome of a penalty decision (行政处罚法 art. 57).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// 给予行政处罚.
    Penalty {
        /// What is imposed.
        sanction: Sanction,
    },
    /// 不予行政处罚.
    NoPenalty,
    /// 移送司法机关.
    TransferToJudicial,
}

/// The result of an inspection.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum InspectionResult {
    /// 未发现问题.
    NoProblem,
    /// 责令整改.
    RectificationOrder,
    /// 移交立案: a penalty case is opened and linked.
    ReferToPenalty {
        /// The penalty case opened for it.
        penalty_case: uuid::Uuid,
    },
}

/// How a decision reached the party (行政处罚法 art. 61).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceMethod {
    /// 直接送达 (handed over on announcement).
    Direct,
    /// 留置送达 (left at the residence).
    Leaving,
    /// 邮寄送达.
    Post,
    /// 电子送达: only with the party's signed consent (art. 61).
    Electronic,
    /// 公告送达.
    Announcement,
}
