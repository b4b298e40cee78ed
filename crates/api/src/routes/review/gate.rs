//! The decision gate (行政处罚法 art. 57, 58) as the case transition handler applies it: before the
//! domain's `decide` (for the answer the officer sees) and again inside the transaction that
//! writes the decision, on the review and deliberation re-read there.

use super::view::{catalogue_for, catalogues};
use crate::error::ApiError;
use crate::state::AppState;
use chrono::NaiveDate;
use sanxiang_domain::case::{Outcome, Stage};
use sanxiang_domain::review::{
    check_decision, evaluate, Catalogue, Deliberation, DraftDecision, Flagging, OutcomeKind,
    Review, ReviewStatus,
};
use sanxiang_persistence::cases::StoredCase;
use sanxiang_persistence::review::{GateSnapshot, StoredDeliberation};

/// What the gate needs besides the stored review: the catalogues and the case.
#[derive(Debug, Clone)]
pub struct GateInput {
    pub case: StoredCase,
    /// The catalogue version in force today (for a case without review).
    pub today_catalogue: Catalogue,
    /// Every version, to judge a review against its own.
    pub history: sanxiang_domain::review::CatalogueHistory,
    /// The configured review settings (`[review]`).
    pub settings: sanxiang_domain::review::ReviewSettings,
}

pub async fn input(state: &AppState, case: &StoredCase) -> Result<GateInput, ApiError> {
    let (_, history) = catalogues(state, case.agency_id).await?;
    let today = state.today();
    let today_catalogue = history
        .in_force_on(today)
        .or_else(|| history.latest())
        .cloned()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no catalogue")))?;
    Ok(GateInput {
        case: case.clone(),
        today_catalogue,
        history,
        settings: super::view::settings(state),
    })
}

/// The draft a decide command decides: outcome and sanction from the command; legal basis and
/// officer flags from the latest submitted draft (the decide command carries no legal basis, so a
/// change of legal basis goes through a resubmission); hearing from the case.
pub fn deciding_draft(
    case: &StoredCase,
    outcome: &Outcome,
    review: Option<&Review>,
) -> DraftDecision {
    let latest = review
        .and_then(|r| r.current())
        .map(|r| &r.submission.draft);
    let (kind, sanction) = match outcome {
        Outcome::Penalty { sanction } => (OutcomeKind::Penalty, sanction.clone()),
        Outcome::NoPenalty { .. } => (OutcomeKind::NoPenalty, Default::default()),
        Outcome::TransferToJudicial => (OutcomeKind::TransferToJudicial, Default::default()),
    };
    DraftDecision {
        party_kind: case.party.kind,
        outcome: kind,
        sanction,
        legal_basis: latest.map(|d| d.legal_basis.clone()).unwrap_or_default(),
        hearing_held: case.state.hearing.is_some_and(|h| h.held_on.is_some())
            || latest.is_some_and(|d| d.hearing_held),
        flags: latest.map(|d| d.flags.clone()).unwrap_or_default(),
        discretion: latest.and_then(|d| d.discretion.clone()),
    }
}

/// The flagging the decision is judged on: the deciding draft against the review's catalogue
/// version (or today's without review), joined with the review's own flagging and the case's
/// creation flags — any of them requiring review makes the gate apply.
pub fn flagging(
    g: &GateInput,
    review: Option<&Review>,
    stored: Option<&Flagging>,
    deciding: &DraftDecision,
) -> Flagging {
    let catalogue = review
        .and_then(|r| catalogue_for(&g.history, r.catalogue_version).ok())
        .unwrap_or_else(|| g.today_catalogue.clone());
    let mut f = evaluate(deciding, &catalogue);
    if let Some(s) = stored {
        f.review_required |= s.review_required;
        f.deliberation_required |= s.deliberation_required;
    }
    f.review_required |= g.case.state.flags.legal_review_required;
    f.deliberation_required |= g.case.state.flags.collective_deliberation_required;
    f
}

fn deliberation(d: Option<&StoredDeliberation>) -> Option<Deliberation> {
    d.map(|d| Deliberation {
        held_on: d.held_on,
        attendees: d.attendees.iter().map(ToString::to_string).collect(),
        opinions: vec![],
        conclusion: d.conclusion.clone(),
    })
}

/// Whether the gate applies to this command: an ordinary-procedure decision.
pub fn applies(case: &StoredCase, stage: Stage) -> bool {
    stage == Stage::Decision && case.kind == sanxiang_domain::case::CaseKind::Penalty
}

/// The gate on a snapshot of the review and deliberation.
pub fn check(
    g: &GateInput,
    snap: &GateSnapshot,
    outcome: &Outcome,
    decided_on: NaiveDate,
) -> Result<(), ApiError> {
    let review = snap.review.as_ref().map(|s| &s.review);
    let deciding = deciding_draft(&g.case, outcome, review);
    let f = flagging(
        g,
        review,
        snap.review.as_ref().map(|s| &s.flagging),
        &deciding,
    );
    check_decision(
        &f,
        review,
        deliberation(snap.deliberation.as_ref()).as_ref(),
        &deciding,
        decided_on,
        &g.settings,
    )
    .map_err(|v| ApiError::review(&v))
}

/// `GateContext.legal_review_approved` for steps other than the decision: the latest round is
/// approved.
pub fn review_approved(snap: &GateSnapshot) -> bool {
    snap.review
        .as_ref()
        .is_some_and(|s| s.review.status == ReviewStatus::Approved)
}

/// The draft as the case stands when it reaches the decision stages: the latest submitted draft
/// if a review exists, else the penalty of the notice (with the hearing, if held).
pub fn stage_draft(
    case: &StoredCase,
    state: &sanxiang_domain::case::CaseState,
    review: Option<&sanxiang_persistence::review::StoredReview>,
) -> DraftDecision {
    if let Some(d) = review
        .and_then(|r| r.review.current())
        .map(|r| &r.submission.draft)
    {
        return d.clone();
    }
    let outcome = match &state.notice {
        Some(n) => Outcome::Penalty {
            sanction: n.proposed.clone(),
        },
        None => Outcome::NoPenalty { ground: None },
    };
    let mut d = deciding_draft(case, &outcome, None);
    d.hearing_held = state.hearing.is_some_and(|h| h.held_on.is_some());
    d
}
