//! Legal review of major decisions (重大执法决定法制审核, 行政处罚法 art. 57, 58).
//!
//! The catalogue (`CatalogueHistory`) says what is major; `evaluate` flags a draft decision
//! against the version in force; `check_discretion` compares the fine with the published
//! discretion standard; a `Review` runs its rounds through the 11-point checklist to an opinion;
//! `check_decision` is the gate the case's decision passes, re-checked in the transaction that
//! writes the decision.

mod catalogue;
mod checklist;
mod discretion;
mod error;
mod flagging;
mod gates;
#[expect(
    clippy::module_inception,
    reason = "the review itself, inside the review module"
)]
mod review;

pub use catalogue::{Catalogue, CatalogueHistory, Criterion};
pub use checklist::{AdviserOpinion, Checklist, ChecklistItem, Finding, ItemAnswer, Opinion};
pub use discretion::{
    check_discretion, valid_code as valid_discretion_code, yuan_zh, Circumstance, DiscretionFlag,
    DiscretionHistory, DiscretionRef, DiscretionStandard, FineRange,
};
pub use error::ReviewViolation;
pub use flagging::{
    draft_changes, evaluate, DraftDecision, DraftField, Flagging, MatchedCriterion, OfficerFlags,
    OutcomeKind,
};
pub use gates::{
    check_decision, check_deliberation, check_review_gate, check_reviewer, legal_review_approved,
    newly_engaged, CaseParticipants, Deliberation, DeliberationOpinion, ReviewerProfile,
    QUALIFICATION_RULE_FROM,
};
pub use review::{
    diff, review_deadline, Extension, Material, MaterialKind, Review, ReviewDeadline,
    ReviewSettings, ReviewStatus, Round, Submission, SubmissionDiff,
};

#[cfg(test)]
mod tests;
