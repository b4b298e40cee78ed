//! Deadline tests per article (行政处罚法 art. 56, 60, 61, 72).

use super::*;
use crate::calendar::{DeadlineStatus, Period};
use crate::case::*;

#[test]
fn art60_61_deadlines_with_status() {
    // 行政处罚法 art. 60: 90 calendar days from filing; art. 61: service within 7 working days.
    let w = World::new();
    let ctx = w.ctx();
    let s = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    let dl = &case_deadlines(&s, &w.settings, &w.cal)[0];
    assert_eq!(
        (dl.kind, dl.due, dl.period),
        (
            DeadlineKind::Decision,
            // 2025-06-01 is a Sunday and 2 June the Dragon Boat holiday: the period ends on the
            // next working day (民法典 art. 203).
            Ok(d("2025-06-03")),
            Period::calendar(90)
        )
    );
    let table = [
        ("2025-05-01", DeadlineStatus::Pending),
        ("2025-05-31", DeadlineStatus::DueSoon),
        ("2025-06-03", DeadlineStatus::DueSoon),
        ("2025-06-04", DeadlineStatus::Overdue),
    ];
    for (today, want) in table {
        assert_eq!(dl.status(d(today), &w.settings), Ok(want), "{today}");
    }
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-09-25"),
        },
        &ctx,
        "2025-09-25",
    );
    let s = step(
        &s,
        // No notice: the case goes on towards a decision that is not a penalty.
        Command::Complete {
            on: d("2025-09-26"),
        },
        &ctx,
        "2025-09-26",
    );
    let s = step(
        &s,
        Command::Decide {
            on: d("2025-09-30"),
            outcome: Outcome::NoPenalty {
                ground: Some(NoPenaltyGround::NoFault),
            },
        },
        &ctx,
        "2025-09-30",
    );
    let dls = case_deadlines(&s, &w.settings, &w.cal);
    assert_eq!(
        dls[0].status(d("2025-10-01"), &w.settings),
        Ok(DeadlineStatus::Overdue)
    ); // decided late
    assert_eq!(
        (dls[1].kind, dls[1].due),
        (DeadlineKind::Service, Ok(d("2025-10-16")))
    );
    // art. 56: preservation decision 7 working days.
    let mut p = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    p = step(
        &p,
        Command::PreserveEvidence {
            on: d("2025-04-28"),
            approved_by: Some(oid(9)),
        },
        &ctx,
        "2025-04-28",
    );
    let pd = &case_deadlines(&p, &w.settings, &w.cal)[1];
    // Monday 04-28: 04-29, 04-30, (05-01..05 off), 05-06, 05-07, 05-08, 05-09, 05-12.
    assert_eq!(
        (pd.kind, pd.due),
        (DeadlineKind::PreservationDecision, Ok(d("2025-05-12")))
    );
}

#[test]
fn art72_late_surcharge_table() {
    // 行政处罚法 art. 72: 3 % of the fine per day, never more than the fine.
    let s = RuleSettings::default();
    let due = d("2025-05-06");
    let table = [
        (yuan(10_000), "2025-05-06", 0),
        (yuan(10_000), "2025-05-07", yuan(300)),
        (yuan(10_000), "2025-05-16", yuan(3_000)),
        (yuan(10_000), "2025-06-08", yuan(9_900)),
        (yuan(10_000), "2025-06-09", yuan(10_000)),
        (yuan(10_000), "2026-01-01", yuan(10_000)),
        (333, "2025-05-07", 9), // 9.99 fen rounds down
    ];
    for (fine_fen, on, want) in table {
        assert_eq!(
            late_surcharge_fen(fine_fen, due, d(on), &s),
            want,
            "{fine_fen} {on}"
        );
    }
}
