//! Measures for enforcement supervision (执法监督, 行政执法监督条例): pure computations over what
//! the cases and disclosures already hold, so the supervisor's dashboard
//! (`crates/api/src/routes/supervision`) only loads and counts.
//!
//! - Publication punctuality: a decision is to be published within 7 working days (penalties,
//!   licences) or 20 (other decisions) of being made (国办发〔2018〕118号); the share published
//!   within each bound is counted on the working-day calendar (`crate::calendar`).
//! - A major decision made without the legal review it requires (行政处罚法 art. 58): the
//!   decision gate forbids it, so the count should be 0.
//! - Time spent per stage, from the stage changes the case file records.

use crate::calendar::{Calendar, Deadline, Period};
use crate::case::{CaseState, Stage};
use chrono::NaiveDate;

/// The two publication bounds of 国办发〔2018〕118号, in working days.
pub const PUBLISH_WITHIN_SHORT: u32 = 7;
/// The longer bound (decisions other than penalties and licences).
pub const PUBLISH_WITHIN_LONG: u32 = 20;

/// How punctually decisions were published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Punctuality {
    /// Decisions published.
    pub published: u32,
    /// Of them, published within 7 working days of the decision.
    pub within_short: u32,
    /// Of them, published within 20 working days of the decision.
    pub within_long: u32,
    /// Of them, those the calendar cannot judge (a year without holiday data): counted in neither
    /// bound, never guessed.
    pub unknown: u32,
}

impl Punctuality {
    /// Adds one decision made on `decided_on` and first published on `published_on`.
    pub fn add(&mut self, decided_on: NaiveDate, published_on: NaiveDate, cal: &Calendar) {
        self.published += 1;
        match (
            within(decided_on, published_on, PUBLISH_WITHIN_SHORT, cal),
            within(decided_on, published_on, PUBLISH_WITHIN_LONG, cal),
        ) {
            (Some(short), Some(long)) => {
                self.within_short += u32::from(short);
                self.within_long += u32::from(long);
            }
            _ => self.unknown += 1,
        }
    }

    /// The punctuality of `(decided_on, published_on)` pairs.
    pub fn of(pairs: impl IntoIterator<Item = (NaiveDate, NaiveDate)>, cal: &Calendar) -> Self {
        let mut p = Self::default();
        for (d, on) in pairs {
            p.add(d, on, cal);
        }
        p
    }
}

/// Whether `published_on` is within `bound` working days of `decided_on` (the day of the
/// decision not counted); `None` when the calendar cannot tell. When the last day falls in a
/// year without data, a publication before it is still judged: fewer than `bound` working days
/// had passed.
fn within(
    decided_on: NaiveDate,
    published_on: NaiveDate,
    bound: u32,
    cal: &Calendar,
) -> Option<bool> {
    match Deadline::due(decided_on, Period::working(bound), cal) {
        Ok(due) => Some(published_on <= due),
        Err(_) => cal
            .working_days_between(decided_on, published_on)
            .ok()
            .map(|n| n < bound),
    }
}

/// A share as a fraction in 0..=1, `None` when nothing was counted.
pub fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// A case decided although it falls in the major-decision catalogue and no approving legal
/// review was recorded (行政处罚法 art. 58): what the decision gate exists to prevent.
pub fn decided_without_required_review(state: &CaseState) -> bool {
    state.flags.legal_review_required
        && state.decision.is_some()
        && state.legal_review_done_on.is_none()
}

/// The stage changes among the steps the stage machine recorded in a case (each step names the
/// stage it was taken in, `crate::case::machine`), oldest first: a step left its stage when the
/// next step — or, for the last, the case's `current` stage — is in another.
pub fn stage_changes(steps: &[(Stage, NaiveDate)], current: Stage) -> Vec<(Stage, NaiveDate)> {
    steps
        .iter()
        .enumerate()
        .filter(|(i, (stage, _))| steps.get(i + 1).map_or(current, |n| n.0) != *stage)
        .map(|(_, step)| *step)
        .collect()
}

/// The days spent in each stage the case has left, in order. `opened_on` is the day the case
/// entered its first stage; `changes` the stage changes the case file records, oldest first, as
/// (the stage left, the day it was left).
pub fn stage_durations(opened_on: NaiveDate, changes: &[(Stage, NaiveDate)]) -> Vec<(Stage, i64)> {
    let mut entered = opened_on;
    changes
        .iter()
        .map(|&(stage, left_on)| {
            let days = (left_on - entered).num_days().max(0);
            entered = left_on;
            (stage, days)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// 国办发〔2018〕118号: penalty and licence decisions published within 7 working days, others
    /// within 20 — counted in working days, so the National Day week does not count.
    #[test]
    fn punctuality_counts_working_days_118_hao() {
        let cal = Calendar::shipped().unwrap();
        // Decided Tuesday 2026-09-29; 1–6 October 2026 are holidays (shipped calendar).
        let decided = day(2026, 9, 29);
        let seventh = cal.add_working_days(decided, 7).unwrap();
        let twentieth = cal.add_working_days(decided, 20).unwrap();
        // Seven calendar days would end on 6 October: the working-day bound is well after it.
        assert!(seventh > day(2026, 10, 6));
        let p = Punctuality::of(
            [
                (decided, day(2026, 9, 30)),
                (decided, seventh),
                (decided, seventh.succ_opt().unwrap()),
                (decided, twentieth),
                (decided, twentieth.succ_opt().unwrap()),
            ],
            &cal,
        );
        assert_eq!(
            p,
            Punctuality {
                published: 5,
                within_short: 2,
                within_long: 4,
                unknown: 0,
            }
        );
        assert_eq!(share(p.within_short, p.published), Some(0.4));
        assert_eq!(share(0, 0), None);
    }

    /// 国办发〔2018〕118号 bounds counted on a calendar without data for the year are unknown,
    /// never a guess (crates/domain/src/calendar.rs: a date outside the data is unknown).
    #[test]
    fn punctuality_without_the_calendar_is_unknown_118_hao() {
        let cal = Calendar::shipped().unwrap();
        // Decided 2026-12-28: 7 working days reach into 2027, which the shipped calendar lacks.
        let p = Punctuality::of([(day(2026, 12, 28), day(2027, 1, 8))], &cal);
        assert_eq!(p.unknown, 1);
        assert_eq!(p.within_short + p.within_long, 0);
        // Published the next day: within both bounds whatever 2027 holds.
        let p = Punctuality::of([(day(2026, 12, 28), day(2026, 12, 29))], &cal);
        assert_eq!((p.within_short, p.within_long, p.unknown), (1, 1, 0));
    }

    /// 行政处罚法 art. 58: a major decision needs an approving legal review before it is made.
    #[test]
    fn major_decision_without_review_art_58() {
        use crate::case::{CaseFlags, CaseKind, Procedure};
        use crate::party::PartyKind;
        let flags = CaseFlags {
            legal_review_required: true,
            collective_deliberation_required: false,
        };
        let s = CaseState::open(
            CaseKind::Penalty,
            Procedure::Ordinary,
            PartyKind::Organisation,
            flags,
        )
        .unwrap();
        // Not decided: nothing to count.
        assert!(!decided_without_required_review(&s));
        let mut decided = s.clone();
        decided.decision = Some(crate::case::DecisionInfo {
            decided_on: day(2026, 3, 2),
            outcome: crate::case::Outcome::TransferToJudicial,
        });
        assert!(decided_without_required_review(&decided));
        let mut reviewed = decided.clone();
        reviewed.legal_review_done_on = Some(day(2026, 3, 1));
        assert!(!decided_without_required_review(&reviewed));
    }

    #[test]
    fn stage_changes_skip_acts_within_a_stage() {
        let steps = [
            (Stage::Filing, day(2026, 3, 2)),
            (Stage::Investigation, day(2026, 3, 5)),
            (Stage::Investigation, day(2026, 3, 12)),
            (Stage::InvestigationReport, day(2026, 3, 13)),
        ];
        assert_eq!(
            stage_changes(&steps, Stage::InvestigationReport),
            vec![
                (Stage::Filing, day(2026, 3, 2)),
                (Stage::Investigation, day(2026, 3, 12)),
            ]
        );
        assert_eq!(stage_changes(&steps, Stage::Notice).len(), 3);
    }

    #[test]
    fn stage_durations_run_from_stage_change_to_stage_change() {
        let d = stage_durations(
            day(2026, 3, 1),
            &[
                (Stage::Filing, day(2026, 3, 2)),
                (Stage::Investigation, day(2026, 3, 12)),
            ],
        );
        assert_eq!(d, vec![(Stage::Filing, 1), (Stage::Investigation, 10)]);
    }
}
