//! The second-person review of a disclosure (审核, 国办发〔2018〕118号: what is published is
//! reviewed before it is public): nobody who contributed to the version under review — any
//! editor of it, the one who submitted it — may approve it. Starting a correction round writes
//! nothing of the version (only its reason), so it does not count.
//! The same rule as the registers' (`registers::check_reviewer`), which count every writer.
//!
//! A version is what changed since the last publication: the history before that was reviewed
//! already, by a second person, when that version was published.

use uuid::Uuid;

/// What a step of a disclosure's history did, as far as authorship goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// The draft was edited (facts, legal basis, masks, severity, publication end).
    Edit,
    /// The draft was sent to review.
    Submit,
    /// A correction round of a published entry was started.
    StartCorrection,
    /// A version was published (first publication or correction): a new round begins.
    Publish,
    /// Anything else (returned, withheld, withdrawal required, …): no authorship.
    Other,
}

impl StepKind {
    /// The kind of a stored event action (`disclosure_events.action`).
    pub fn of_action(action: &str) -> Self {
        match action {
            "edited" => StepKind::Edit,
            "submitted" => StepKind::Submit,
            "correction_started" => StepKind::StartCorrection,
            "published" | "corrected" => StepKind::Publish,
            _ => StepKind::Other,
        }
    }
}

/// One step of a disclosure's history, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryStep {
    pub kind: StepKind,
    pub actor: Option<Uuid>,
}

/// Everyone who contributed to the version now under review: the actors of every edit and
/// submission since the last publication, in order, each once.
pub fn contributors(history: &[HistoryStep]) -> Vec<Uuid> {
    let start = history
        .iter()
        .rposition(|s| s.kind == StepKind::Publish)
        .map_or(0, |i| i + 1);
    let mut out: Vec<Uuid> = Vec::new();
    for s in history.get(start..).unwrap_or_default() {
        if matches!(s.kind, StepKind::Edit | StepKind::Submit) {
            if let Some(a) = s.actor {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
    }
    out
}

/// The reviewer contributed to the version under review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a contributor to the version cannot review it")]
pub struct SelfReview;

/// Whether `reviewer` may approve (or return) the version: not one of its `contributors`.
pub fn check_second_person(contributors: &[Uuid], reviewer: Uuid) -> Result<(), SelfReview> {
    if contributors.contains(&reviewer) {
        Err(SelfReview)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn s(kind: StepKind, actor: u128) -> HistoryStep {
        HistoryStep {
            kind,
            actor: Some(u(actor)),
        }
    }

    #[test]
    fn every_editor_and_the_submitter_are_contributors_118() {
        // editor 1 edits the facts, editor 2 edits and submits: both contributed.
        let h = [
            s(StepKind::Edit, 1),
            s(StepKind::Edit, 2),
            s(StepKind::Submit, 2),
        ];
        let c = contributors(&h);
        assert_eq!(c, vec![u(1), u(2)]);
        assert_eq!(check_second_person(&c, u(1)), Err(SelfReview));
        assert_eq!(check_second_person(&c, u(2)), Err(SelfReview));
        assert_eq!(check_second_person(&c, u(3)), Ok(()));
    }

    #[test]
    fn a_return_does_not_forget_earlier_editors() {
        let h = [
            s(StepKind::Edit, 1),
            s(StepKind::Submit, 1),
            s(StepKind::Other, 3), // returned by the reviewer
            s(StepKind::Edit, 2),
            s(StepKind::Submit, 2),
        ];
        assert_eq!(
            check_second_person(&contributors(&h), u(1)),
            Err(SelfReview)
        );
        // The reviewer who returned it did not write it.
        assert_eq!(check_second_person(&contributors(&h), u(3)), Ok(()));
    }

    #[test]
    fn a_correction_round_starts_after_the_last_publication() {
        let h = [
            s(StepKind::Edit, 1),
            s(StepKind::Submit, 1),
            s(StepKind::Publish, 2),
            s(StepKind::StartCorrection, 3),
            s(StepKind::Edit, 2),
            s(StepKind::Submit, 2),
        ];
        let c = contributors(&h);
        assert_eq!(c, vec![u(2)]);
        assert_eq!(check_second_person(&c, u(1)), Ok(()));
        assert_eq!(check_second_person(&c, u(2)), Err(SelfReview));
        // Whoever opened the correction round wrote nothing of it.
        assert_eq!(check_second_person(&c, u(3)), Ok(()));
    }

    #[test]
    fn steps_without_an_actor_and_other_steps_count_for_nobody() {
        let h = [
            HistoryStep {
                kind: StepKind::Edit,
                actor: None,
            },
            s(StepKind::Other, 4),
        ];
        assert!(contributors(&h).is_empty());
        assert_eq!(StepKind::of_action("edited"), StepKind::Edit);
        assert_eq!(StepKind::of_action("corrected"), StepKind::Publish);
        assert_eq!(StepKind::of_action("returned"), StepKind::Other);
    }
}
