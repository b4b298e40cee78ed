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
    /// 警告 (行政处罚法 art. 9 (一)).
    pub warning: bool,
    /// 通报批评 (art. 9 (一)): a penalty of its own, published to others, so neither the same as
    /// a warning nor open to the on-the-spot procedure (art. 51 names only the warning). Absent in
    /// sanctions stored before it was separated from `warning`.
    #[serde(default)]
    pub circulated_criticism: bool,
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
    /// The licence suspended or revoked, by name and number (暂扣或吊销证照名称及编号 of the
    /// 双公示 template): a suspension or revocation is not published without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_document: Option<String>,
}

impl Sanction {
    /// Whether `self` is heavier than `noticed` in any respect (行政处罚法 art. 45: no heavier
    /// penalty because the party defended itself). Conservative: any component above the notice
    /// counts, so a trade of one measure for another needs a fresh notice.
    pub fn is_heavier_than(&self, noticed: &Sanction) -> bool {
        self.fine_fen > noticed.fine_fen
            || self.confiscation_fen > noticed.confiscation_fen
            || (self.warning && !noticed.is_heavier_or_equal_to_warning())
            || (self.circulated_criticism && !noticed.circulated_criticism)
            || (self.licence_suspension
                && !noticed.licence_suspension
                && !noticed.licence_revocation)
            || (self.licence_revocation && !noticed.licence_revocation)
            || self.other.iter().any(|o| !noticed.other.contains(o))
    }

    fn is_heavier_or_equal_to_warning(&self) -> bool {
        self.warning
            || self.circulated_criticism
            || self.fine_fen > 0
            || self.licence_suspension
            || self.licence_revocation
            || !self.other.is_empty()
    }

    /// Whether the sanction is only a warning.
    pub fn is_warning_only(&self) -> bool {
        self.warning
            && !self.circulated_criticism
            && self.fine_fen == 0
            && self.confiscation_fen == 0
            && !self.licence_suspension
            && !self.licence_revocation
            && self.other.is_empty()
    }

    /// Whether it is a fine and nothing heavier (a warning alongside is allowed).
    pub fn is_fine_only(&self) -> bool {
        !self.circulated_criticism
            && self.confiscation_fen == 0
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
    /// 不予行政处罚, on its statutory ground (行政处罚法 art. 30, 31, 33, 36). Decisions stored
    /// before the ground was asked for load with none; a new one without a ground is refused.
    NoPenalty {
        /// Why no penalty is given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ground: Option<NoPenaltyGround>,
    },
    /// 移送司法机关.
    TransferToJudicial,
}

/// The statutory ground of a decision not to penalise.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum NoPenaltyGround {
    /// 违法行为轻微并及时改正，没有造成危害后果 (art. 33 para. 1, first sentence: shall not).
    MinorCorrectedNoHarm,
    /// 初次违法且危害后果轻微并及时改正 (art. 33 para. 1, second sentence: may not).
    FirstMinorViolation,
    /// 当事人有证据足以证明没有主观过错 (art. 33 para. 2).
    NoFault,
    /// 违法行为超过追责时效 (art. 36).
    BeyondLimitation,
    /// 不满十四周岁 (art. 30).
    UnderFourteen,
    /// 精神病人、智力残疾人在不能辨认或者不能控制自己行为时 (art. 31).
    MentalIncapacity,
    /// Another ground a law or regulation provides, stated in words.
    Other {
        /// The ground and its legal basis.
        text: String,
    },
}

impl NoPenaltyGround {
    /// The ground in Chinese with its article, as the file and the decision state it.
    pub fn label_zh(&self) -> String {
        match self {
            Self::MinorCorrectedNoHarm => {
                "违法行为轻微并及时改正，没有造成危害后果（《中华人民共和国行政处罚法》第三十三条第一款）".into()
            }
            Self::FirstMinorViolation => {
                "初次违法且危害后果轻微并及时改正（《中华人民共和国行政处罚法》第三十三条第一款）".into()
            }
            Self::NoFault => {
                "当事人有证据足以证明没有主观过错（《中华人民共和国行政处罚法》第三十三条第二款）".into()
            }
            Self::BeyondLimitation => {
                "违法行为超过追责时效（《中华人民共和国行政处罚法》第三十六条）".into()
            }
            Self::UnderFourteen => {
                "违法行为发生时不满十四周岁（《中华人民共和国行政处罚法》第三十条）".into()
            }
            Self::MentalIncapacity => {
                "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为（《中华人民共和国行政处罚法》第三十一条）".into()
            }
            Self::Other { text } => format!("其他法定情形：{}", text.trim()),
        }
    }

    /// Whether the ground is stated (an `other` ground needs its words).
    pub fn is_stated(&self) -> bool {
        match self {
            Self::Other { text } => !text.trim().is_empty(),
            _ => true,
        }
    }
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
