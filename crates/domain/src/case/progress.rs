//! What a case page shows about progress: the stage path of each kind (the stage bar), the
//! outcome code, and Chinese labels for actions and deadlines.

use super::deadlines::DeadlineKind;
use super::kind::{CaseKind, Procedure, Stage};
use super::sanction::{InspectionResult, Outcome};
use super::state::CaseState;
use serde::{Deserialize, Serialize};

/// The canonical path of stages for a kind and procedure, in order.
pub fn stage_path(kind: CaseKind, procedure: Procedure) -> &'static [Stage] {
    use Stage as S;
    match (kind, procedure) {
        (CaseKind::Penalty, Procedure::Simplified) => {
            &[S::OnSite, S::Service, S::Execution, S::Closure, S::Archive]
        }
        (CaseKind::Penalty, Procedure::Ordinary) => &[
            S::Filing,
            S::Investigation,
            S::InvestigationReport,
            S::Notice,
            S::Statement,
            S::Hearing,
            S::LegalReview,
            S::CollectiveDeliberation,
            S::Decision,
            S::Service,
            S::Execution,
            S::Closure,
            S::Archive,
        ],
        (CaseKind::Inspection, _) => &[
            S::Task,
            S::OnSiteInspection,
            S::Result,
            S::Closure,
            S::Archive,
        ],
        (CaseKind::Licence, _) => &[
            S::Application,
            S::Acceptance,
            S::Review,
            S::Decision,
            S::CertificateIssued,
            S::Closure,
            S::Archive,
        ],
        (CaseKind::Fee, _) => &[S::Assessment, S::Collection, S::Closure, S::Archive],
        (CaseKind::CoerciveMeasure, _) => &[
            S::Approval,
            S::Implementation,
            S::InForce,
            S::Closure,
            S::Archive,
        ],
    }
}

/// Where a stage stands for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    Done,
    Current,
    Upcoming,
    /// Not part of this case's course (not required, or passed over).
    Skipped,
}

/// Whether an optional stage actually took place (or, for upcoming stages, will be needed).
fn happened(state: &CaseState, stage: Stage) -> Option<bool> {
    match stage {
        Stage::Notice => Some(state.notice.is_some()),
        Stage::Statement => Some(state.defended && state.hearing.is_none()),
        // Held, or ended by the party's withdrawal or absence (行政处罚法 art. 64 (六)).
        Stage::Hearing => Some(state.hearing.is_some_and(|h| h.is_over())),
        // A required review or deliberation is behind every decision: the decision gate admits
        // none without it (art. 57, 58), even one recorded while the case stood at the decision.
        Stage::LegalReview => Some(
            state.legal_review_done_on.is_some()
                || (state.flags.legal_review_required && state.decision.is_some()),
        ),
        Stage::CollectiveDeliberation => Some(
            state.deliberation_done_on.is_some()
                || (state.flags.collective_deliberation_required && state.decision.is_some()),
        ),
        Stage::Execution => Some(state.executed_on.is_some()),
        Stage::Service => Some(state.service.is_some()),
        Stage::CertificateIssued => Some(state.licence.certificate_issued_on.is_some()),
        _ => None,
    }
}

fn needed_later(state: &CaseState, stage: Stage) -> bool {
    match stage {
        Stage::LegalReview => state.flags.legal_review_required,
        Stage::CollectiveDeliberation => state.flags.collective_deliberation_required,
        Stage::Statement | Stage::Hearing => false,
        _ => true,
    }
}

/// Whether the case's flags require `stage` (legal review, art. 58; deliberation, art. 57).
fn required(state: &CaseState, stage: Stage) -> bool {
    match stage {
        Stage::LegalReview => state.flags.legal_review_required,
        Stage::CollectiveDeliberation => state.flags.collective_deliberation_required,
        _ => false,
    }
}

/// The stage bar: every stage of the path with its progress.
pub fn stage_bar(state: &CaseState) -> Vec<(Stage, Progress)> {
    let path = stage_path(state.kind, state.procedure);
    let current = path.iter().position(|s| *s == state.stage);
    path.iter()
        .enumerate()
        .map(|(i, s)| {
            let p = if state.archived_at.is_some() {
                if *s == Stage::Archive || happened(state, *s).unwrap_or(true) {
                    Progress::Done
                } else {
                    Progress::Skipped
                }
            } else {
                match current {
                    Some(c) if i == c => Progress::Current,
                    Some(c) if i < c => {
                        if happened(state, *s).unwrap_or(true) {
                            Progress::Done
                        } else if required(state, *s) {
                            // Required by the case's flags and still to be done: never "not
                            // needed" (art. 57, 58).
                            Progress::Upcoming
                        } else {
                            Progress::Skipped
                        }
                    }
                    _ => {
                        if needed_later(state, *s) {
                            Progress::Upcoming
                        } else {
                            Progress::Skipped
                        }
                    }
                }
            };
            (*s, p)
        })
        .collect()
}

/// A short code for the case's outcome once decided, for lists, filters and statistics.
pub fn outcome_code(state: &CaseState) -> Option<&'static str> {
    match state.kind {
        CaseKind::Penalty => state.decision.as_ref().map(|d| match d.outcome {
            Outcome::Penalty { .. } => "penalty",
            Outcome::NoPenalty { .. } => "no_penalty",
            Outcome::TransferToJudicial => "transfer_to_judicial",
        }),
        CaseKind::Licence => state
            .licence
            .granted
            .map(|g| if g { "granted" } else { "refused" }),
        CaseKind::Inspection => state.inspection_result.map(|r| match r {
            InspectionResult::NoProblem => "no_problem",
            InspectionResult::RectificationOrder => "rectification_order",
            InspectionResult::ReferToPenalty { .. } => "refer_to_penalty",
        }),
        CaseKind::Fee => state.fee.paid_on.map(|_| "paid"),
        CaseKind::CoerciveMeasure => state.measure.ended_on.map(|_| "ended"),
    }
}

impl DeadlineKind {
    /// The officer-facing Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Decision => "作出处罚决定",
            Self::HearingRequest => "申请听证期限",
            Self::PreservationDecision => "先行登记保存处理决定",
            Self::Service => "送达决定书",
            Self::Payment => "缴纳罚款",
            Self::CollectionHandIn => "当场收缴罚款交至机关",
            Self::CourtEnforcement => "申请人民法院强制执行",
            Self::LicenceAcceptance => "受理许可申请",
            Self::LicenceDecision => "作出许可决定",
            Self::CertificateIssue => "颁发许可证件",
            Self::EmergencyApproval => "紧急措施补办批准",
            Self::SeizureEnd => "查封扣押期限",
        }
    }

    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Decision => "decision",
            Self::HearingRequest => "hearing_request",
            Self::PreservationDecision => "preservation_decision",
            Self::Service => "service",
            Self::Payment => "payment",
            Self::CollectionHandIn => "collection_hand_in",
            Self::CourtEnforcement => "court_enforcement",
            Self::LicenceAcceptance => "licence_acceptance",
            Self::LicenceDecision => "licence_decision",
            Self::CertificateIssue => "certificate_issue",
            Self::EmergencyApproval => "emergency_approval",
            Self::SeizureEnd => "seizure_end",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::CaseFlags;
    use crate::party::PartyKind;

    #[test]
    fn fresh_penalty_bar_skips_unflagged_review() {
        let s = CaseState::open(
            CaseKind::Penalty,
            Procedure::Ordinary,
            PartyKind::Organisation,
            CaseFlags::default(),
        )
        .unwrap();
        let bar = stage_bar(&s);
        assert_eq!(bar[0], (Stage::Filing, Progress::Current));
        assert!(bar.contains(&(Stage::LegalReview, Progress::Skipped)));
        assert!(bar.contains(&(Stage::Decision, Progress::Upcoming)));
        // 行政处罚法 art. 58: with the flag the review stage is on the path.
        let flagged = CaseState::open(
            CaseKind::Penalty,
            Procedure::Ordinary,
            PartyKind::Organisation,
            CaseFlags {
                legal_review_required: true,
                collective_deliberation_required: false,
            },
        )
        .unwrap();
        assert!(stage_bar(&flagged).contains(&(Stage::LegalReview, Progress::Upcoming)));
    }

    #[test]
    fn every_kind_path_starts_where_open_starts() {
        for kind in [
            CaseKind::Penalty,
            CaseKind::Licence,
            CaseKind::Inspection,
            CaseKind::Fee,
            CaseKind::CoerciveMeasure,
        ] {
            let s = CaseState::open(
                kind,
                Procedure::Ordinary,
                PartyKind::NaturalPerson,
                CaseFlags::default(),
            )
            .unwrap();
            assert_eq!(stage_path(kind, Procedure::Ordinary)[0], s.stage);
            assert_eq!(
                *stage_path(kind, Procedure::Ordinary).last().unwrap(),
                Stage::Archive
            );
        }
    }
}
