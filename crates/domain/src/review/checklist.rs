//! The review form of one round: the 11 checklist items (行政处罚法 art. 58; the seed plan's items, `ChecklistItem::ALL`), the
//! findings, the written opinion and a legal adviser's opinion.

use super::error::ReviewViolation;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The points the reviewer checks (行政处罚法 art. 58; the seed plan's items, `ChecklistItem::ALL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChecklistItem {
    /// (1) 执法主体是否合法.
    LawfulSubject,
    /// (2) 执法人员是否具备执法资格.
    OfficersQualified,
    /// (3) 主要事实是否清楚.
    FactsClear,
    /// (4) 证据是否确凿、充分.
    EvidenceSufficient,
    /// (5) 适用法律是否准确.
    LawCorrect,
    /// (6) 裁量基准运用是否适当.
    DiscretionAppropriate,
    /// (7) 程序是否合法.
    ProcedureLawful,
    /// (8) 是否超越职权或者滥用职权.
    NoExcessOrAbuse,
    /// (9) 执法文书是否完备、规范.
    DocumentsComplete,
    /// (10) 违法行为是否涉嫌犯罪、需要移送司法机关.
    CrimeTransfer,
    /// (11) 其他需要审核的内容.
    Other,
}

impl ChecklistItem {
    /// All items, in the order of the review form.
    pub const ALL: [Self; 11] = [
        Self::LawfulSubject,
        Self::OfficersQualified,
        Self::FactsClear,
        Self::EvidenceSufficient,
        Self::LawCorrect,
        Self::DiscretionAppropriate,
        Self::ProcedureLawful,
        Self::NoExcessOrAbuse,
        Self::DocumentsComplete,
        Self::CrimeTransfer,
        Self::Other,
    ];

    /// 1-based number as printed on the review form.
    pub fn number(self) -> usize {
        Self::ALL
            .iter()
            .position(|i| *i == self)
            .map_or(0, |p| p + 1)
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::LawfulSubject => "行政执法主体是否合法",
            Self::OfficersQualified => "执法人员是否具备执法资格",
            Self::FactsClear => "主要事实是否清楚",
            Self::EvidenceSufficient => "证据是否确凿、充分",
            Self::LawCorrect => "适用法律、法规、规章是否准确",
            Self::DiscretionAppropriate => "裁量基准运用是否适当",
            Self::ProcedureLawful => "执法程序是否合法",
            Self::NoExcessOrAbuse => "是否超越执法权限、滥用职权",
            Self::DocumentsComplete => "执法文书是否完备、规范",
            Self::CrimeTransfer => "违法行为是否涉嫌犯罪、需要移送司法机关",
            Self::Other => "其他需要审核的内容",
        }
    }
}

/// A finding on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// 通过.
    Pass,
    /// 存在问题.
    Problem,
}

/// The answer to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAnswer {
    /// Pass or problem.
    pub finding: Finding,
    /// The reviewer's comment; required for a problem.
    pub comment: String,
}

/// The checklist of one round; complete when all 11 items are answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    answers: BTreeMap<ChecklistItem, ItemAnswer>,
}

impl Checklist {
    /// Records (or replaces) the answer to `item`. A problem needs a non-blank comment.
    pub fn answer(
        &mut self,
        item: ChecklistItem,
        finding: Finding,
        comment: impl Into<String>,
    ) -> Result<(), ReviewViolation> {
        let comment = comment.into();
        if finding == Finding::Problem && comment.trim().is_empty() {
            return Err(ReviewViolation::CommentRequired { item });
        }
        self.answers.insert(item, ItemAnswer { finding, comment });
        Ok(())
    }

    /// The answer to `item`, if given.
    pub fn get(&self, item: ChecklistItem) -> Option<&ItemAnswer> {
        self.answers.get(&item)
    }

    /// Items not yet answered, in form order.
    pub fn missing(&self) -> Vec<ChecklistItem> {
        ChecklistItem::ALL
            .into_iter()
            .filter(|i| !self.answers.contains_key(i))
            .collect()
    }

    /// Whether all 11 items are answered.
    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }

    /// Items answered with a problem.
    pub fn problems(&self) -> Vec<ChecklistItem> {
        self.answers
            .iter()
            .filter(|(_, a)| a.finding == Finding::Problem)
            .map(|(i, _)| *i)
            .collect()
    }
}

/// The written opinion of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Opinion {
    /// 同意.
    Approve,
    /// 存在问题, with what must change (non-empty).
    ProblemsFound {
        /// What the handling unit must correct.
        must_change: Vec<String>,
    },
}

impl Opinion {
    pub(super) fn validate(&self) -> Result<(), ReviewViolation> {
        match self {
            Self::ProblemsFound { must_change }
                if must_change.iter().all(|c| c.trim().is_empty()) =>
            {
                Err(ReviewViolation::ChangesRequired)
            }
            _ => Ok(()),
        }
    }
}

/// A legal adviser's (法律顾问) written opinion on a complex question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdviserOpinion {
    /// The adviser (name and firm).
    pub adviser: String,
    /// The opinion, or its summary when the document is attached.
    pub text: String,
    /// The attached document's material id, if any.
    pub material_id: Option<String>,
}
