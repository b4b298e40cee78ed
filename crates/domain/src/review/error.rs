//! Why the review domain refused something. Each variant has a stable snake_case `code()` (the
//! API's problem+json `code`) and a Chinese and English message, like `crate::case::RuleViolation`.

use super::checklist::ChecklistItem;
use super::review::ReviewStatus;
use crate::calendar::OutsideCalendar;
use chrono::NaiveDate;

/// A refused review command or a failed gate. The variant names the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewViolation {
    /// The reviewer handled or investigated the case (separation of duties).
    #[error("审核人员不得为本案承办或调查人员 / the reviewer may not have handled or investigated the case")]
    ReviewerConflict,
    /// A person newly engaged in legal review (since 2021-07-15, or with no date recorded)
    /// without the legal profession qualification (行政处罚法 art. 58 para. 2).
    #[error("初次从事行政处罚决定法制审核的人员应当取得法律职业资格；如该人员在2021年7月15日前已从事法制审核，请在执法人员信息中登记开始从事法制审核的日期 / a person newly engaged in legal review must hold the legal profession qualification; record in the profile since when an earlier reviewer has done this work")]
    ReviewerUnqualified,
    /// The reviewer belongs to another agency or lacks the `legal_reviewer` role.
    #[error(
        "审核人员须为本机关法制审核人员 / the reviewer must be a legal reviewer of the same agency"
    )]
    ReviewerNotEligible,
    /// Someone other than the assigned reviewer answered.
    #[error("仅指定的审核人员可以作出审核意见 / only the assigned reviewer may answer")]
    NotAssignedReviewer,
    /// The command does not fit the review's status.
    #[error("审核状态“{}”下不能{action} / `{action}` is not allowed while the review is {status:?}", status.label_zh())]
    InvalidTransition {
        /// Where the review is.
        status: ReviewStatus,
        /// What was asked.
        action: &'static str,
    },
    /// A problem finding without a comment.
    #[error("第{}项“{}”存在问题时须填写意见 / a problem on item {} needs a comment", item.number(), item.label_zh(), item.number())]
    CommentRequired {
        /// The item.
        item: ChecklistItem,
    },
    /// The opinion was given before all 11 items were answered.
    #[error("审核要点尚有{} 项未填写 / {} checklist items are unanswered", missing.len(), missing.len())]
    ChecklistIncomplete {
        /// The unanswered items.
        missing: Vec<ChecklistItem>,
    },
    /// An approval while checklist items are marked as problems: the opinion must match the
    /// findings (行政处罚法 art. 58; the items are those of `crates/domain/src/review/checklist.rs`).
    #[error("审核要点第{}项存在问题，不能出具同意意见 / items {} are marked as problems; the opinion cannot approve", items.iter().map(|i| i.number().to_string()).collect::<Vec<_>>().join("、"), items.iter().map(|i| i.number().to_string()).collect::<Vec<_>>().join(", "))]
    ApprovalWithProblems {
        /// The items marked as problems.
        items: Vec<ChecklistItem>,
    },
    /// `problems_found` without what must change.
    #[error("存在问题的审核意见须写明需要纠正的内容 / a problems-found opinion must say what must change")]
    ChangesRequired,
    /// A submission without materials.
    #[error("提交审核须附案件材料 / a review request needs its materials")]
    MaterialsMissing,
    /// The one extension of the review period is used.
    #[error("审核期限只能延长一次 / the review period may be extended only once")]
    ExtensionExhausted,
    /// An extension, override or similar without a written reason.
    #[error("须书面说明理由 / a written reason is required")]
    ReasonRequired,
    /// A date earlier than the step it follows.
    #[error("日期早于前一环节（{after}） / the date precedes the previous step ({after})")]
    DateOutOfOrder {
        /// Earliest acceptable date.
        after: NaiveDate,
    },
    /// Deciding a case that needs review with no review, or none answered (行政处罚法 art. 58).
    #[error("未经法制审核，不得作出决定 / no decision without legal review")]
    LegalReviewMissing,
    /// Deciding while the latest round's opinion is not an approval (art. 58).
    #[error("法制审核未通过，不得作出决定 / no decision while the legal review has not approved")]
    LegalReviewNotApproved,
    /// The draft decided differs from the draft approved (amount, penalty type, legal basis).
    #[error("审核通过后决定内容已变更，须重新提交审核 / the draft changed after approval; resubmit for review")]
    ReviewStale,
    /// No collective deliberation for a complex or major case (行政处罚法 art. 57).
    #[error("情节复杂或者重大违法行为须经集体讨论决定 / collective deliberation required before the decision")]
    DeliberationMissing,
    /// A deliberation record with too few attendees or without conclusion.
    #[error("集体讨论须至少{required}人参加并形成结论 / a deliberation needs at least {required} attendees and a conclusion")]
    DeliberationIncomplete {
        /// Minimum attendees (a setting).
        required: usize,
    },
    /// A new catalogue version that is not the next number.
    #[error("目录清单版本应为{expected} / the catalogue version must be {expected}")]
    CatalogueVersionNotNext {
        /// The expected version.
        expected: u32,
    },
    /// A catalogue version whose period overlaps or precedes an earlier one.
    #[error("目录清单有效期与第{version}版重叠 / the catalogue period overlaps version {version}")]
    CatalogueOverlap {
        /// The version overlapped.
        version: u32,
    },
    /// A catalogue whose end precedes its start, or for another agency.
    #[error("目录清单有效期或所属机关无效 / the catalogue period or agency is invalid")]
    CatalogueInvalid,
    /// A criterion with a non-positive threshold or a blank or duplicate custom key.
    #[error("目录清单标准无效：{0} / invalid catalogue criterion: {0}")]
    CriterionInvalid(String),
    /// A discretion range with min > max or a negative amount.
    #[error("裁量基准幅度无效 / invalid discretion range")]
    DiscretionRangeInvalid,
    /// A discretion standard with a bad code, no name or an empty period.
    #[error("裁量基准无效：{0} / invalid discretion standard: {0}")]
    DiscretionInvalid(String),
    /// A new discretion-standard version that is not the next number.
    #[error("裁量基准版本应为{expected} / the discretion standard version must be {expected}")]
    DiscretionVersionNotNext {
        /// The expected version.
        expected: u32,
    },
    /// A discretion-standard version whose period overlaps or precedes an earlier one.
    #[error("裁量基准有效期与第{version}版重叠 / the discretion standard period overlaps version {version}")]
    DiscretionOverlap {
        /// The version overlapped.
        version: u32,
    },
    /// A working-day deadline reaches a year without holiday data.
    #[error("{0}")]
    CalendarGap(#[from] OutsideCalendar),
}

impl ReviewViolation {
    /// The stable API code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ReviewerConflict => "reviewer_conflict",
            Self::ReviewerUnqualified => "reviewer_unqualified",
            Self::ReviewerNotEligible => "reviewer_not_eligible",
            Self::NotAssignedReviewer => "not_assigned_reviewer",
            Self::InvalidTransition { .. } => "invalid_transition",
            Self::CommentRequired { .. } => "comment_required",
            Self::ChecklistIncomplete { .. } => "checklist_incomplete",
            Self::ApprovalWithProblems { .. } => "approval_with_problems",
            Self::ChangesRequired => "changes_required",
            Self::MaterialsMissing => "materials_missing",
            Self::ExtensionExhausted => "extension_exhausted",
            Self::ReasonRequired => "reason_required",
            Self::DateOutOfOrder { .. } => "date_out_of_order",
            Self::LegalReviewMissing => "legal_review_missing",
            Self::LegalReviewNotApproved => "legal_review_not_approved",
            Self::ReviewStale => "review_stale",
            Self::DeliberationMissing => "deliberation_missing",
            Self::DeliberationIncomplete { .. } => "deliberation_incomplete",
            Self::CatalogueVersionNotNext { .. } => "catalogue_version_not_next",
            Self::CatalogueOverlap { .. } => "catalogue_overlap",
            Self::CatalogueInvalid => "catalogue_invalid",
            Self::CriterionInvalid(_) => "criterion_invalid",
            Self::DiscretionRangeInvalid => "discretion_range_invalid",
            Self::DiscretionInvalid(_) => "discretion_invalid",
            Self::DiscretionVersionNotNext { .. } => "discretion_version_not_next",
            Self::DiscretionOverlap { .. } => "discretion_overlap",
            Self::CalendarGap(_) => "calendar_gap",
        }
    }

    /// The bilingual message (same as `Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }
}
