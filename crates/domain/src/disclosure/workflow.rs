//! The status machine of a decision disclosure (行政执法公示, 国办发〔2018〕118号), as pure
//! functions: which step applies in which status. Who may review is `second_person`; what is
//! published is `publication`.
//!
//! ```text
//!            edit ⟲                      review: return
//!   draft ───────────── submit ──▶ pending_review ─────────▶ draft
//!     │                                  │
//!     │ withhold (legal ground;          │ review: approve (a second person)
//!     ▼  never published)                ▼
//!   not_published                    published ──── start correction ──▶ draft (v + 1 on approval)
//!                                        │
//!            require withdrawal (any status once published, until taken down)
//!                                        │
//!        withdraw (after a recorded reason; 行政处罚法 art. 48) ──▶ withdrawn
//!        remove early (credit repair) / publication end ──────────▶ expired
//! ```

use serde::{Deserialize, Serialize};

/// Where a disclosure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being prepared by an editor (also: a correction of a published entry in preparation).
    Draft,
    /// Waiting for the second person's review.
    PendingReview,
    /// Public.
    Published,
    /// Not published, with its legal ground.
    NotPublished,
    /// Taken down with a reason (tombstone published).
    Withdrawn,
    /// Reached its publication end date (tombstone published).
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::PendingReview => "pending_review",
            Status::Published => "published",
            Status::NotPublished => "not_published",
            Status::Withdrawn => "withdrawn",
            Status::Expired => "expired",
        }
    }

    /// Whether the entry was taken down for good (withdrawn or expired).
    pub fn is_down(self) -> bool {
        matches!(self, Status::Withdrawn | Status::Expired)
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Edit,
    Submit,
    Withhold,
    Review,
    StartCorrection,
    RequireWithdrawal,
    Withdraw,
    RemoveEarly,
}

/// What the status machine looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub status: Status,
    /// The last published version (0: never published).
    pub published_version: i32,
    /// Whether a reason to withdraw (changed, revoked, unlawful, void) was recorded.
    pub withdrawal_required: bool,
}

/// Why a step does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The step does not apply in this status.
    #[error("not allowed in status {0:?}")]
    WrongStatus(Status),
    /// Withdrawal without a recorded reason to withdraw: an editor cannot take a published
    /// decision down at will (行政处罚法 art. 48).
    #[error("withdrawal not required")]
    WithdrawalNotRequired,
}

/// Whether `step` applies to a disclosure with these `facts`.
pub fn check(step: Step, facts: &Facts) -> Result<(), WorkflowError> {
    let wrong = Err(WorkflowError::WrongStatus(facts.status));
    let published = facts.published_version > 0;
    match step {
        Step::Edit | Step::Submit if facts.status == Status::Draft => Ok(()),
        // Only a first publication can be withheld; a published one is withdrawn.
        Step::Withhold if facts.status == Status::Draft && !published => Ok(()),
        Step::Review if facts.status == Status::PendingReview => Ok(()),
        Step::StartCorrection | Step::RemoveEarly if facts.status == Status::Published => Ok(()),
        Step::RequireWithdrawal if published && !facts.status.is_down() => Ok(()),
        Step::Withdraw if published && !facts.status.is_down() => {
            if facts.withdrawal_required {
                Ok(())
            } else {
                Err(WorkflowError::WithdrawalNotRequired)
            }
        }
        _ => wrong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(status: Status, published_version: i32, withdrawal_required: bool) -> Facts {
        Facts {
            status,
            published_version,
            withdrawal_required,
        }
    }

    #[test]
    fn the_status_machine_118() {
        use Status::*;
        use Step::*;
        let ok = Ok(());
        let table: &[(Step, Facts, Result<(), WorkflowError>)] = &[
            (Edit, f(Draft, 0, false), ok),
            (
                Edit,
                f(PendingReview, 0, false),
                Err(WorkflowError::WrongStatus(PendingReview)),
            ),
            (Submit, f(Draft, 1, false), ok),
            (
                Submit,
                f(Published, 1, false),
                Err(WorkflowError::WrongStatus(Published)),
            ),
            (Withhold, f(Draft, 0, false), ok),
            // A correction in preparation cannot be withheld: the decision is public already.
            (
                Withhold,
                f(Draft, 1, false),
                Err(WorkflowError::WrongStatus(Draft)),
            ),
            (Review, f(PendingReview, 0, false), ok),
            (
                Review,
                f(Draft, 0, false),
                Err(WorkflowError::WrongStatus(Draft)),
            ),
            (StartCorrection, f(Published, 1, false), ok),
            (
                StartCorrection,
                f(Draft, 1, false),
                Err(WorkflowError::WrongStatus(Draft)),
            ),
            (RemoveEarly, f(Published, 2, false), ok),
            (
                RemoveEarly,
                f(Withdrawn, 2, true),
                Err(WorkflowError::WrongStatus(Withdrawn)),
            ),
            (RequireWithdrawal, f(Draft, 1, false), ok),
            (
                RequireWithdrawal,
                f(Draft, 0, false),
                Err(WorkflowError::WrongStatus(Draft)),
            ),
            (
                RequireWithdrawal,
                f(Expired, 1, false),
                Err(WorkflowError::WrongStatus(Expired)),
            ),
            // 行政处罚法 art. 48: withdrawal follows a recorded reason.
            (
                Withdraw,
                f(Published, 1, false),
                Err(WorkflowError::WithdrawalNotRequired),
            ),
            (Withdraw, f(Published, 1, true), ok),
            (Withdraw, f(PendingReview, 2, true), ok),
            (
                Withdraw,
                f(Withdrawn, 1, true),
                Err(WorkflowError::WrongStatus(Withdrawn)),
            ),
            (
                Withdraw,
                f(NotPublished, 0, true),
                Err(WorkflowError::WrongStatus(NotPublished)),
            ),
        ];
        for (step, facts, want) in table {
            assert_eq!(check(*step, facts), *want, "{step:?} in {facts:?}");
        }
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in [
            Status::Draft,
            Status::PendingReview,
            Status::Published,
            Status::NotPublished,
            Status::Withdrawn,
            Status::Expired,
        ] {
            let v = serde_json::to_value(s).unwrap();
            assert_eq!(v, s.as_str());
        }
    }
}
