//! The review itself: rounds, the 11-point checklist (行政处罚法 art. 58), the written opinion, the
//! state machine requested → assigned → approved | returned → resubmitted → …, the diff between
//! rounds and the review deadline. Every command returns a new `Review` or a `ReviewViolation`;
//! nothing is changed in place, so a refused command leaves the stored state as it was.

use super::checklist::{AdviserOpinion, Checklist, ChecklistItem, Finding, Opinion};
use super::error::ReviewViolation;
use super::flagging::{draft_changes, DraftDecision, DraftField};
use super::gates::{check_reviewer, CaseParticipants, ReviewerProfile};
use crate::calendar::{Calendar, Deadline, DeadlineStatus, OutsideCalendar, Period};
use crate::case::OfficerId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Kind of a submitted material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MaterialKind {
    /// 调查终结报告.
    InvestigationReport,
    /// 处罚决定书（草案）.
    DraftDecision,
    /// 证据清单.
    EvidenceList,
    /// 听证笔录.
    HearingRecord,
    /// Anything else.
    Other,
}

/// A submitted material: the id of its record and the hash of its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    /// Record id.
    pub id: String,
    /// Kind.
    pub kind: MaterialKind,
    /// SHA-256 of the content (hex), as in the record log.
    pub sha256: String,
}

/// What the handling officer submits for a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// The handling officer.
    pub submitted_by: OfficerId,
    /// Day submitted.
    pub submitted_on: NaiveDate,
    /// The materials.
    pub materials: Vec<Material>,
    /// The draft decision in structured form (flagging and staleness are judged on it).
    pub draft: DraftDecision,
}

/// The one extension of a round's review period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// Day granted.
    pub granted_on: NaiveDate,
    /// Written reason.
    pub reason: String,
}

/// One round: a submission and its review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// 1, 2, 3…
    pub number: u32,
    /// What was submitted.
    pub submission: Submission,
    /// Day the review clock started: the day the legal review body received the submission
    /// (round 1's request or a resubmission) — not the later day a reviewer was assigned, which
    /// would let waiting for an assignment eat into no period at all. `None` only in rows written
    /// before this rule; read through `Round::clock_start`.
    pub started_on: Option<NaiveDate>,
    /// The one extension, if granted.
    pub extension: Option<Extension>,
    /// Answers to the 11 items.
    pub checklist: Checklist,
    /// A legal adviser's opinion, if sought.
    pub adviser_opinion: Option<AdviserOpinion>,
    /// The written opinion, once given.
    pub opinion: Option<Opinion>,
    /// Day the opinion was given.
    pub answered_on: Option<NaiveDate>,
}

impl Round {
    fn new(number: u32, submission: Submission) -> Self {
        Self {
            number,
            started_on: Some(submission.submitted_on),
            submission,
            extension: None,
            checklist: Checklist::default(),
            adviser_opinion: None,
            opinion: None,
            answered_on: None,
        }
    }

    /// The day the review period runs from (not itself counted): receipt of the submission.
    pub fn clock_start(&self) -> NaiveDate {
        self.started_on.unwrap_or(self.submission.submitted_on)
    }
}

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Submitted, no reviewer yet.
    Requested,
    /// A reviewer is on round 1.
    Assigned,
    /// Problems found; back with the handling officer.
    Returned,
    /// A later round awaits the reviewer.
    Resubmitted,
    /// The latest round is approved.
    Approved,
}

impl ReviewStatus {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Requested => "待分配",
            Self::Assigned => "审核中",
            Self::Returned => "已退回",
            Self::Resubmitted => "重新提交待审核",
            Self::Approved => "审核通过",
        }
    }

    fn reviewing(self) -> bool {
        matches!(self, Self::Assigned | Self::Resubmitted)
    }
}

/// Materials and draft changes between two submissions, for the reviewer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionDiff {
    /// New material ids.
    pub added: Vec<String>,
    /// Material ids no longer submitted.
    pub removed: Vec<String>,
    /// Material ids whose content hash changed.
    pub changed: Vec<String>,
    /// Changes of the structured draft.
    pub draft: Vec<DraftField>,
}

/// The diff from `before` to `after`, material lists in `after`/`before` order.
pub fn diff(before: &Submission, after: &Submission) -> SubmissionDiff {
    let old: BTreeMap<&str, &str> = before
        .materials
        .iter()
        .map(|m| (m.id.as_str(), m.sha256.as_str()))
        .collect();
    let new: BTreeMap<&str, &str> = after
        .materials
        .iter()
        .map(|m| (m.id.as_str(), m.sha256.as_str()))
        .collect();
    let mut d = SubmissionDiff {
        draft: draft_changes(&before.draft, &after.draft),
        ..SubmissionDiff::default()
    };
    for m in &after.materials {
        match old.get(m.id.as_str()) {
            None => d.added.push(m.id.clone()),
            Some(h) if *h != m.sha256 => d.changed.push(m.id.clone()),
            Some(_) => {}
        }
    }
    d.removed = before
        .materials
        .iter()
        .filter(|m| !new.contains_key(m.id.as_str()))
        .map(|m| m.id.clone())
        .collect();
    d
}

/// A legal review of one case. Rounds are never removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The case.
    pub case_id: Uuid,
    /// The case's agency; the reviewer must belong to it.
    pub agency_id: Uuid,
    /// The catalogue version in force when the review was requested.
    pub catalogue_version: u32,
    /// Status.
    pub status: ReviewStatus,
    /// The reviewer now assigned.
    pub reviewer: Option<OfficerId>,
    /// Rounds, oldest first; never empty.
    pub rounds: Vec<Round>,
}

impl Review {
    /// The handling officer's request with round 1's materials.
    pub fn request(
        case_id: Uuid,
        agency_id: Uuid,
        catalogue_version: u32,
        submission: Submission,
    ) -> Result<Self, ReviewViolation> {
        if submission.materials.is_empty() {
            return Err(ReviewViolation::MaterialsMissing);
        }
        Ok(Self {
            case_id,
            agency_id,
            catalogue_version,
            status: ReviewStatus::Requested,
            reviewer: None,
            rounds: vec![Round::new(1, submission)],
        })
    }

    /// The latest round.
    pub fn current(&self) -> Option<&Round> {
        self.rounds.last()
    }

    fn current_mut(&mut self) -> Result<&mut Round, ReviewViolation> {
        let status = self.status;
        self.rounds
            .last_mut()
            .ok_or(ReviewViolation::InvalidTransition {
                status,
                action: "review",
            })
    }

    fn refuse(&self, action: &'static str) -> ReviewViolation {
        ReviewViolation::InvalidTransition {
            status: self.status,
            action,
        }
    }

    fn by_reviewer(&self, by: OfficerId, action: &'static str) -> Result<(), ReviewViolation> {
        if !self.status.reviewing() {
            return Err(self.refuse(action));
        }
        if self.reviewer != Some(by) {
            return Err(ReviewViolation::NotAssignedReviewer);
        }
        Ok(())
    }

    /// Assigns (or reassigns, before the round is answered) a reviewer, after the separation-of-
    /// duties and qualification gates. The clock already runs from the submission's receipt.
    pub fn assign(
        &self,
        reviewer: &ReviewerProfile,
        case: &CaseParticipants,
        on: NaiveDate,
    ) -> Result<Self, ReviewViolation> {
        if !matches!(self.status, ReviewStatus::Requested) && !self.status.reviewing() {
            return Err(self.refuse("assign"));
        }
        check_reviewer(reviewer, self.agency_id, case)?;
        let mut next = self.clone();
        let round = next.current_mut()?;
        if on < round.submission.submitted_on {
            return Err(ReviewViolation::DateOutOfOrder {
                after: round.submission.submitted_on,
            });
        }
        next.reviewer = Some(reviewer.id);
        if next.status == ReviewStatus::Requested {
            next.status = ReviewStatus::Assigned;
        }
        Ok(next)
    }

    /// The assigned reviewer answers one checklist item.
    pub fn answer_item(
        &self,
        by: OfficerId,
        item: ChecklistItem,
        finding: Finding,
        comment: impl Into<String>,
    ) -> Result<Self, ReviewViolation> {
        self.by_reviewer(by, "answer")?;
        let mut next = self.clone();
        next.current_mut()?
            .checklist
            .answer(item, finding, comment)?;
        Ok(next)
    }

    /// The assigned reviewer attaches a legal adviser's opinion to the round.
    pub fn attach_adviser_opinion(
        &self,
        by: OfficerId,
        opinion: AdviserOpinion,
    ) -> Result<Self, ReviewViolation> {
        self.by_reviewer(by, "attach_adviser_opinion")?;
        if opinion.adviser.trim().is_empty() || opinion.text.trim().is_empty() {
            return Err(ReviewViolation::ReasonRequired);
        }
        let mut next = self.clone();
        next.current_mut()?.adviser_opinion = Some(opinion);
        Ok(next)
    }

    /// The written opinion; only once all 11 items are answered.
    pub fn give_opinion(
        &self,
        by: OfficerId,
        opinion: Opinion,
        on: NaiveDate,
    ) -> Result<Self, ReviewViolation> {
        self.by_reviewer(by, "give_opinion")?;
        opinion.validate()?;
        let mut next = self.clone();
        let round = next.current_mut()?;
        let missing = round.checklist.missing();
        if !missing.is_empty() {
            return Err(ReviewViolation::ChecklistIncomplete { missing });
        }
        let after = round.started_on.unwrap_or(round.submission.submitted_on);
        if on < after {
            return Err(ReviewViolation::DateOutOfOrder { after });
        }
        let approved = opinion == Opinion::Approve;
        let problems = round.checklist.problems();
        if approved && !problems.is_empty() {
            return Err(ReviewViolation::ApprovalWithProblems { items: problems });
        }
        round.opinion = Some(opinion);
        round.answered_on = Some(on);
        next.status = if approved {
            ReviewStatus::Approved
        } else {
            ReviewStatus::Returned
        };
        Ok(next)
    }

    /// The handling officer's corrected submission: a new round. Also after an approval, when the
    /// draft must change (the approval would otherwise be stale).
    pub fn resubmit(&self, submission: Submission) -> Result<Self, ReviewViolation> {
        if !matches!(self.status, ReviewStatus::Returned | ReviewStatus::Approved) {
            return Err(self.refuse("resubmit"));
        }
        if submission.materials.is_empty() {
            return Err(ReviewViolation::MaterialsMissing);
        }
        let last = self.current().map_or(0, |r| r.number);
        if let Some(after) = self.current().and_then(|r| r.answered_on) {
            if submission.submitted_on < after {
                return Err(ReviewViolation::DateOutOfOrder { after });
            }
        }
        let mut next = self.clone();
        next.rounds
            .push(Round::new(last.saturating_add(1), submission));
        next.status = if next.reviewer.is_some() {
            ReviewStatus::Resubmitted
        } else {
            ReviewStatus::Requested
        };
        Ok(next)
    }

    /// Extends the current round's period once, with a written reason.
    pub fn extend(
        &self,
        reason: impl Into<String>,
        on: NaiveDate,
    ) -> Result<Self, ReviewViolation> {
        if !self.status.reviewing() {
            return Err(self.refuse("extend"));
        }
        let reason = reason.into();
        if reason.trim().is_empty() {
            return Err(ReviewViolation::ReasonRequired);
        }
        let mut next = self.clone();
        let round = next.current_mut()?;
        if round.extension.is_some() {
            return Err(ReviewViolation::ExtensionExhausted);
        }
        round.extension = Some(Extension {
            granted_on: on,
            reason,
        });
        Ok(next)
    }

    /// What changed between the previous round's submission and the current one.
    pub fn diff_latest(&self) -> Option<SubmissionDiff> {
        match self.rounds.as_slice() {
            [.., a, b] => Some(diff(&a.submission, &b.submission)),
            _ => None,
        }
    }
}

/// Review periods and the deliberation quorum, with defaults (local rules under 行政处罚法 art. 58, a local example:
/// configurable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewSettings {
    /// Review period from the submission's receipt (default 5 working days).
    pub period: Period,
    /// The one extension (default 5 working days).
    pub extension: Period,
    /// Minimum attendees of a collective deliberation (default 3).
    pub min_deliberation_attendees: usize,
    /// Calendar days before the due date at which the review shows as due soon.
    pub due_soon_days: u32,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        Self {
            period: Period::working(5),
            extension: Period::working(5),
            min_deliberation_attendees: 3,
            due_soon_days: 1,
        }
    }
}

/// The current round's deadline, for the deadlines list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDeadline {
    /// The round.
    pub round: u32,
    /// Day the clock started (not itself counted).
    pub start: NaiveDate,
    /// Whether the one extension is granted.
    pub extended: bool,
    /// Last day in time; an error when a working-day count leaves the calendar (shown unknown).
    pub due: Result<NaiveDate, OutsideCalendar>,
    /// Day the round was answered.
    pub completed_on: Option<NaiveDate>,
    /// Status on the day asked; `None` while `due` is unknown.
    pub status: Option<DeadlineStatus>,
}

/// The deadline of the current round as seen on `today`, from the submission's receipt (also
/// while no reviewer is assigned yet); `None` only for a review without rounds.
pub fn review_deadline(
    review: &Review,
    settings: &ReviewSettings,
    calendar: &Calendar,
    today: NaiveDate,
) -> Option<ReviewDeadline> {
    let round = review.current()?;
    let start = round.clock_start();
    let due = Deadline::due(start, settings.period, calendar).and_then(|d| {
        if round.extension.is_some() {
            Deadline::due(d, settings.extension, calendar)
        } else {
            Ok(d)
        }
    });
    let status = due
        .ok()
        .map(|d| DeadlineStatus::evaluate(d, round.answered_on, today, settings.due_soon_days));
    Some(ReviewDeadline {
        round: round.number,
        start,
        extended: round.extension.is_some(),
        due,
        completed_on: round.answered_on,
        status,
    })
}
