//! The acts that are made by a document: with `RuleSettings::documents_required`, a notice is
//! served by issuing its 告知书 (行政处罚法 art. 44), a decision is made by issuing its 决定书
//! (art. 59, 52 for the on-the-spot one), and service is proved by a 送达回证 (art. 61).

use super::kind::DocumentKind;
use crate::case::{CaseKind, CaseState, Command, Outcome, Procedure};

/// The document the command needs, and how many of that type must have been issued.
pub fn document_for(cmd: &Command, state: &CaseState) -> Option<(DocumentKind, usize)> {
    if state.kind != CaseKind::Penalty {
        return None;
    }
    match cmd {
        // A renewed notice needs its own 告知书 (art. 44, 45).
        Command::IssueNotice { .. } => Some((
            DocumentKind::PenaltyNotice,
            state.earlier_notices.len() + usize::from(state.notice.is_some()) + 1,
        )),
        Command::Decide { outcome, .. } => match (outcome, state.procedure) {
            (Outcome::Penalty { .. }, Procedure::Simplified) => {
                Some((DocumentKind::SummaryPenaltyDecision, 1))
            }
            (Outcome::Penalty { .. }, Procedure::Ordinary) => {
                Some((DocumentKind::PenaltyDecision, 1))
            }
            (Outcome::NoPenalty { .. }, _) => Some((DocumentKind::NoPenaltyDecision, 1)),
            (Outcome::TransferToJudicial, _) => None,
        },
        Command::RecordService { .. } => Some((DocumentKind::ServiceReceipt, 1)),
        _ => None,
    }
}

/// `Err(kind)` when the command needs a document of `kind` that was not issued (enough times).
pub fn check_documents(
    cmd: &Command,
    state: &CaseState,
    issued: &[DocumentKind],
) -> Result<(), DocumentKind> {
    match document_for(cmd, state) {
        Some((kind, n)) if issued.iter().filter(|k| **k == kind).count() < n => Err(kind),
        _ => Ok(()),
    }
}
