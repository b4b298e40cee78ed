//! Gates of the legal review: who may review, and what must exist before the decision. Each is
//! a pure function so the API can re-check it inside the transaction that writes the decision.

use super::checklist::Opinion;
use super::error::ReviewViolation;
use super::flagging::{draft_changes, DraftDecision, Flagging};
use super::review::{Review, ReviewSettings};
use crate::case::OfficerId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A candidate reviewer as the gates see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerProfile {
    /// User id.
    pub id: OfficerId,
    /// The reviewer's agency.
    pub agency_id: Uuid,
    /// Holds the `legal_reviewer` role.
    pub is_legal_reviewer: bool,
    /// Passed the national unified legal profession examination (法律职业资格).
    pub legal_qualification: bool,
    /// Taking up review work for the first time (初次从事法制审核, 行政处罚法 art. 58 para. 2):
    /// see [`newly_engaged`].
    pub newly_appointed: bool,
}

/// The day the revised 行政处罚法 came into force (2021-07-15): its art. 58 para. 2 requires the
/// legal profession qualification of persons who take up legal review of penalty decisions for
/// the first time from then on.
pub const QUALIFICATION_RULE_FROM: (i32, u32, u32) = (2021, 7, 15);

/// Whether a person whose legal-review work began on `since` counts as newly engaged (初次从事)
/// under art. 58 para. 2. Not knowing when they began counts as newly engaged: the profile says
/// otherwise once the date is recorded.
pub fn newly_engaged(since: Option<chrono::NaiveDate>) -> bool {
    let (y, m, d) = QUALIFICATION_RULE_FROM;
    match (since, chrono::NaiveDate::from_ymd_opt(y, m, d)) {
        (Some(since), Some(from)) => since >= from,
        _ => true,
    }
}

/// Who handled and investigated the case (they may not review it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseParticipants {
    /// Handling officers (承办人).
    pub handlers: Vec<OfficerId>,
    /// Investigating officers.
    pub investigators: Vec<OfficerId>,
}

/// The reviewer gates. Order: eligibility (same agency, role), separation of duties (did not
/// handle or investigate the case), then qualification: without the legal profession
/// qualification a reviewer may not be the case's first reviewer, nor review at all while newly
/// appointed (行政处罚法 art. 58 para. 2).
pub fn check_reviewer(
    reviewer: &ReviewerProfile,
    case_agency: Uuid,
    case: &CaseParticipants,
) -> Result<(), ReviewViolation> {
    if !reviewer.is_legal_reviewer || reviewer.agency_id != case_agency {
        return Err(ReviewViolation::ReviewerNotEligible);
    }
    if case.handlers.contains(&reviewer.id) || case.investigators.contains(&reviewer.id) {
        return Err(ReviewViolation::ReviewerConflict);
    }
    // Art. 58 para. 2 is about the person (newly engaged in review), not about the case: an
    // experienced reviewer without the qualification may review any case.
    if !reviewer.legal_qualification && reviewer.newly_appointed {
        return Err(ReviewViolation::ReviewerUnqualified);
    }
    Ok(())
}

/// The review gate on the decision (行政处罚法 art. 58: "未经法制审核或者审核未通过的，不得作出
/// 决定"). When `flagging` requires review: a review must exist with an answered round
/// (`legal_review_missing`), the latest round must be approved (`legal_review_not_approved`),
/// and the draft decided must be the draft approved (`review_stale`).
pub fn check_review_gate(
    flagging: &Flagging,
    review: Option<&Review>,
    deciding: &DraftDecision,
) -> Result<(), ReviewViolation> {
    if !flagging.review_required {
        return Ok(());
    }
    let Some(review) = review else {
        return Err(ReviewViolation::LegalReviewMissing);
    };
    if !review.rounds.iter().any(|r| r.opinion.is_some()) {
        return Err(ReviewViolation::LegalReviewMissing);
    }
    let latest = review
        .current()
        .ok_or(ReviewViolation::LegalReviewMissing)?;
    if latest.opinion != Some(Opinion::Approve) {
        return Err(ReviewViolation::LegalReviewNotApproved);
    }
    if !draft_changes(&latest.submission.draft, deciding).is_empty() {
        return Err(ReviewViolation::ReviewStale);
    }
    Ok(())
}

/// The value the case machine's `GateContext.legal_review_approved` takes.
pub fn legal_review_approved(
    flagging: &Flagging,
    review: Option<&Review>,
    deciding: &DraftDecision,
) -> bool {
    check_review_gate(flagging, review, deciding).is_ok()
}

/// One participant's opinion in a collective deliberation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliberationOpinion {
    /// Who.
    pub attendee: String,
    /// What they said.
    pub opinion: String,
}

/// The record of a collective deliberation (集体讨论, 行政处罚法 art. 57).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliberation {
    /// Day held.
    pub held_on: NaiveDate,
    /// Attendees (the agency head presiding, members of the leadership).
    pub attendees: Vec<String>,
    /// Opinions expressed.
    pub opinions: Vec<DeliberationOpinion>,
    /// The conclusion reached.
    pub conclusion: String,
}

/// Collective deliberation before the decision in a complex or major case (行政处罚法 art. 57):
/// recorded, with at least the configured number of distinct attendees and a conclusion, held
/// no later than the decision.
pub fn check_deliberation(
    flagging: &Flagging,
    deliberation: Option<&Deliberation>,
    decided_on: NaiveDate,
    settings: &ReviewSettings,
) -> Result<(), ReviewViolation> {
    if !flagging.deliberation_required {
        return Ok(());
    }
    let Some(d) = deliberation else {
        return Err(ReviewViolation::DeliberationMissing);
    };
    let mut names: Vec<&str> = d
        .attendees
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.len() < settings.min_deliberation_attendees || d.conclusion.trim().is_empty() {
        return Err(ReviewViolation::DeliberationIncomplete {
            required: settings.min_deliberation_attendees,
        });
    }
    if decided_on < d.held_on {
        return Err(ReviewViolation::DeliberationMissing);
    }
    Ok(())
}

/// Both decision gates, review first (the order in which an officer meets them).
pub fn check_decision(
    flagging: &Flagging,
    review: Option<&Review>,
    deliberation: Option<&Deliberation>,
    deciding: &DraftDecision,
    decided_on: NaiveDate,
    settings: &ReviewSettings,
) -> Result<(), ReviewViolation> {
    check_review_gate(flagging, review, deciding)?;
    check_deliberation(flagging, deliberation, decided_on, settings)
}
