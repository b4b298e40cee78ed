//! Payment and execution (行政处罚法 art. 66–73), court enforcement (行政强制法 art. 53), licence
//! acceptance (行政许可法 art. 32) and emergency coercive measures (行政强制法 art. 18, 19, 24).

use super::other_kinds::list;
use super::*;
use crate::calendar::{DeadlineStatus, Period};
use crate::case::payment::payment_status;
use crate::case::*;
use crate::party::PartyKind;

/// An ordinary penalty case whose decision imposing `fine_fen` was served on `served_on`.
fn served(w: &World, fine_fen: i64, served_on: &str) -> CaseState {
    let ctx = w.ctx();
    let mut s = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    s = step(
        &s,
        Command::Complete {
            on: d("2025-03-05"),
        },
        &ctx,
        "2025-03-05",
    );
    s = step(
        &s,
        Command::IssueNotice {
            served_on: d("2025-03-06"),
            proposed: fine(fine_fen),
        },
        &ctx,
        "2025-03-06",
    );
    s = step(
        &s,
        Command::WaiveRights {
            on: d("2025-03-07"),
        },
        &ctx,
        "2025-03-07",
    );
    s = step(
        &s,
        Command::Decide {
            on: d("2025-03-10"),
            outcome: Outcome::Penalty {
                sanction: fine(fine_fen),
            },
        },
        &ctx,
        "2025-03-10",
    );
    step(
        &s,
        Command::RecordService {
            on: d(served_on),
            method: ServiceMethod::Direct,
        },
        &ctx,
        served_on,
    )
}

fn refused(s: &CaseState, cmd: Command, ctx: &GateContext<'_>, day: &str) -> &'static str {
    decide(s, &cmd, ctx, at(day)).unwrap_err().code()
}

fn pay(on: &str, amount_fen: i64) -> Command {
    Command::RecordFinePayment {
        on: d(on),
        amount_fen,
    }
}

fn deadline(s: &CaseState, w: &World, kind: DeadlineKind) -> CaseDeadline {
    case_deadlines(s, &w.settings, &w.cal)
        .into_iter()
        .find(|x| x.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?}"))
}

#[test]
fn art67_payment_due_across_national_day_rolls_to_the_next_working_day() {
    // 行政处罚法 art. 67: 15 days from service. Served 2025-09-16, the 15th day is 1 October, in
    // the National Day holiday (1–8 October 2025): the period ends on Thursday 9 October
    // (民法典 art. 203; art. 85 counts these days as calendar days).
    let w = World::new();
    let s = served(&w, yuan(5_000), "2025-09-16");
    let dl = deadline(&s, &w, DeadlineKind::Payment);
    assert_eq!(
        (dl.due, dl.period),
        (Ok(d("2025-10-09")), Period::calendar(15))
    );
    let p = payment_status(&s, &w.settings, &w.cal, d("2025-10-09")).unwrap();
    assert_eq!(
        (p.due_on, p.surcharge_fen, p.days_late),
        (Some(d("2025-10-09")), 0, 0)
    );
    // No surcharge for the holiday days: the first day late is 10 October.
    let p = payment_status(&s, &w.settings, &w.cal, d("2025-10-10")).unwrap();
    assert_eq!((p.surcharge_fen, p.days_late), (yuan(150), 1));
}

#[test]
fn art72_surcharge_three_percent_a_day_capped_at_the_fine() {
    // 行政处罚法 art. 72 (一): 3 % of the fine each day late, never more than the fine.
    let w = World::new();
    let s = served(&w, yuan(10_000), "2025-04-21"); // due Tuesday 2025-05-06
    let table = [
        ("2025-05-06", 0, 0),
        ("2025-05-07", 1, yuan(300)),
        ("2025-05-16", 10, yuan(3_000)),
        ("2025-06-08", 33, yuan(9_900)),
        ("2025-06-09", 34, yuan(10_000)),
        ("2026-01-01", 240, yuan(10_000)),
    ];
    for (as_of, days, fen) in table {
        let p = payment_status(&s, &w.settings, &w.cal, d(as_of)).unwrap();
        assert_eq!(p.due_on, Some(d("2025-05-06")));
        assert_eq!((p.days_late, p.surcharge_fen), (days, fen), "{as_of}");
        assert_eq!(p.outstanding_fen, yuan(10_000) + fen);
    }
}

#[test]
fn art67_72_payments_sum_up_and_settle_the_fine_with_its_surcharge() {
    // Part payments sum up; the surcharge stops once the fine is paid off and is owed too.
    let w = World::new();
    let ctx = w.ctx();
    let s = served(&w, yuan(1_000), "2025-04-21"); // due 2025-05-06
    assert!(allowed_actions(&s).contains(&Action::RecordFinePayment));
    let s = step(&s, pay("2025-05-05", yuan(600)), &ctx, "2025-05-05");
    assert_eq!(s.stage, Stage::Execution);
    // Two days late on the remaining 400 yuan: the surcharge is on the fine (art. 72), 60 a day.
    let s = step(&s, pay("2025-05-08", yuan(400)), &ctx, "2025-05-08");
    let p = payment_status(&s, &w.settings, &w.cal, d("2025-06-30")).unwrap();
    assert_eq!(
        (p.days_late, p.surcharge_fen, p.outstanding_fen),
        (2, yuan(60), yuan(60))
    );
    assert_eq!(s.stage, Stage::Execution);
    // More than owed is refused; the surcharge paid settles the case.
    assert_eq!(
        refused(&s, pay("2025-05-09", yuan(61)), &ctx, "2025-05-09"),
        "payment_exceeds_outstanding"
    );
    assert_eq!(
        refused(&s, pay("2025-05-09", 0), &ctx, "2025-05-09"),
        "amount_invalid"
    );
    let s = step(&s, pay("2025-05-09", yuan(60)), &ctx, "2025-05-09");
    assert_eq!(
        (s.stage, s.executed_on),
        (Stage::Closure, Some(d("2025-05-09")))
    );
    let dl = deadline(&s, &w, DeadlineKind::Payment);
    assert_eq!(
        dl.status(d("2025-06-30"), &w.settings),
        Ok(DeadlineStatus::Overdue)
    );
}

#[test]
fn art66_deferral_needs_approval_and_moves_the_surcharge_start() {
    // 行政处罚法 art. 66 para. 2: deferral on the party's application with the agency's approval.
    let w = World::new();
    let ctx = w.ctx();
    let s = served(&w, yuan(2_000), "2025-04-21");
    let no_approver = Command::ApproveDeferral {
        on: d("2025-04-25"),
        approved_by: None,
        until: d("2025-06-30"),
    };
    assert_eq!(
        refused(&s, no_approver, &ctx, "2025-04-25"),
        "approval_required"
    );
    let s = step(
        &s,
        Command::ApproveDeferral {
            on: d("2025-04-25"),
            approved_by: Some(oid(9)),
            until: d("2025-06-30"),
        },
        &ctx,
        "2025-04-25",
    );
    let p = payment_status(&s, &w.settings, &w.cal, d("2025-06-30")).unwrap();
    assert_eq!((p.due_on, p.surcharge_fen), (Some(d("2025-06-30")), 0));
    let p = payment_status(&s, &w.settings, &w.cal, d("2025-07-02")).unwrap();
    assert_eq!((p.days_late, p.surcharge_fen), (2, yuan(120)));
    assert_eq!(
        deadline(&s, &w, DeadlineKind::Payment).due,
        Ok(d("2025-06-30"))
    );
}

#[test]
fn art66_instalments_sum_to_the_fine_and_each_runs_its_own_surcharge() {
    // 行政处罚法 art. 66 para. 2: payment by instalments with the agency's approval.
    let w = World::new();
    let ctx = w.ctx();
    let s = served(&w, yuan(3_000), "2025-04-21");
    let plan = |a: i64, b: i64| {
        vec![
            Instalment {
                due_on: d("2025-05-31"),
                amount_fen: yuan(a),
            },
            Instalment {
                due_on: d("2025-06-30"),
                amount_fen: yuan(b),
            },
        ]
    };
    let bad = Command::ApproveInstalments {
        on: d("2025-04-25"),
        approved_by: Some(oid(9)),
        instalments: plan(1_000, 1_000),
    };
    assert_eq!(refused(&s, bad, &ctx, "2025-04-25"), "instalments_invalid");
    let s = step(
        &s,
        Command::ApproveInstalments {
            on: d("2025-04-25"),
            approved_by: Some(oid(9)),
            instalments: plan(1_000, 2_000),
        },
        &ctx,
        "2025-04-25",
    );
    assert_eq!(
        deadline(&s, &w, DeadlineKind::Payment).due,
        Ok(d("2025-05-31"))
    );
    // First instalment paid 2 days late: 3 % of 1,000 yuan for 2 days.
    let s = step(&s, pay("2025-06-02", yuan(1_000)), &ctx, "2025-06-02");
    assert_eq!(
        deadline(&s, &w, DeadlineKind::Payment).due,
        Ok(d("2025-06-30"))
    );
    let p = payment_status(&s, &w.settings, &w.cal, d("2025-06-30")).unwrap();
    assert_eq!(p.schedule[0].days_late, 2);
    assert_eq!(
        (p.surcharge_fen, p.due_on),
        (yuan(60), Some(d("2025-06-30")))
    );
    let s = step(&s, pay("2025-06-30", yuan(2_060)), &ctx, "2025-06-30");
    assert_eq!(s.stage, Stage::Closure);
}

#[test]
fn art73_surcharge_not_counted_during_reconsideration_or_litigation() {
    // 行政处罚法 art. 73 para. 3: the days of reconsideration or litigation are not counted.
    let w = World::new();
    let ctx = w.ctx();
    let s = served(&w, yuan(1_000), "2025-04-21"); // due 2025-05-06
    let s = step(
        &s,
        Command::RecordRemedy {
            on: d("2025-05-10"),
            kind: RemedyKind::Reconsideration,
        },
        &ctx,
        "2025-05-10",
    );
    // Late 7–9 May (3 days); from 10 May the reconsideration pauses the count.
    let p = payment_status(&s, &w.settings, &w.cal, d("2025-05-20")).unwrap();
    assert_eq!(
        (p.days_late, p.paused_days, p.surcharge_fen),
        (3, 11, yuan(90))
    );
    assert!(allowed_actions(&s).contains(&Action::EndRemedy));
    assert!(!allowed_actions(&s).contains(&Action::ApplyCourtEnforcement));
    let s = step(
        &s,
        Command::EndRemedy {
            on: d("2025-06-30"),
            result: RemedyResult::Upheld,
        },
        &ctx,
        "2025-06-30",
    );
    // 10 May – 30 June are 52 days not counted; 1 and 2 July count again.
    let p = payment_status(&s, &w.settings, &w.cal, d("2025-07-02")).unwrap();
    assert_eq!(
        (p.days_late, p.paused_days, p.surcharge_fen),
        (5, 52, yuan(150))
    );
    // Art. 73 para. 1: execution does not stop; the decision revoked, nothing is left to pay.
    let s = step(
        &s,
        Command::RecordRemedy {
            on: d("2025-07-03"),
            kind: RemedyKind::Litigation,
        },
        &ctx,
        "2025-07-03",
    );
    let s = step(
        &s,
        Command::EndRemedy {
            on: d("2025-09-03"),
            result: RemedyResult::Revoked,
        },
        &ctx,
        "2025-09-03",
    );
    assert_eq!(s.stage, Stage::Closure);
}

#[test]
fn qiangzhifa_53_court_enforcement_after_the_remedy_periods() {
    // 行政强制法 art. 53: no payment and no remedy: apply to the court within 3 months after the
    // remedy periods end (reconsideration 60 days, 行政复议法 art. 20; lawsuit 6 months, 行政诉讼法
    // art. 46, both from service).
    let w = World::new();
    let ctx = w.ctx();
    let s = served(&w, yuan(1_000), "2025-04-21");
    // 6 months after 21 April 2025 is Tuesday 21 October; 3 months later Wednesday 21 January 2026.
    let dl = deadline(&s, &w, DeadlineKind::CourtEnforcement);
    assert_eq!((dl.start, dl.due), (d("2025-10-21"), Ok(d("2026-01-21"))));
    // Shown once the payment (due 6 May 2025) is overdue.
    let shown = |on: &str| {
        case_deadlines_on(&s, &w.settings, &w.cal, d(on))
            .iter()
            .any(|x| x.kind == DeadlineKind::CourtEnforcement)
    };
    assert!(!shown("2025-05-06") && shown("2025-05-07"));
    let early = Command::ApplyCourtEnforcement {
        on: d("2025-10-21"),
        court: "桓仁县人民法院".into(),
    };
    assert_eq!(refused(&s, early, &ctx, "2025-10-21"), "remedy_period_open");
    let s = step(
        &s,
        Command::ApplyCourtEnforcement {
            on: d("2025-11-03"),
            court: "桓仁县人民法院".into(),
        },
        &ctx,
        "2025-11-03",
    );
    let dl = deadline(&s, &w, DeadlineKind::CourtEnforcement);
    assert_eq!(
        dl.status(d("2026-02-01"), &w.settings),
        Ok(DeadlineStatus::Met)
    );
    assert!(!allowed_actions(&s).contains(&Action::ApplyCourtEnforcement));
    let s = step(
        &s,
        Command::RecordExecution {
            on: d("2026-01-05"),
            forced: true,
        },
        &ctx,
        "2026-01-05",
    );
    assert_eq!(s.stage, Stage::Closure);
    // A party who sought a remedy is not under art. 53: no such deadline.
    let r = step(
        &served(&w, yuan(1_000), "2025-04-21"),
        Command::RecordRemedy {
            on: d("2025-05-10"),
            kind: RemedyKind::Litigation,
        },
        &ctx,
        "2025-05-10",
    );
    assert!(case_deadlines(&r, &w.settings, &w.cal)
        .iter()
        .all(|x| x.kind != DeadlineKind::CourtEnforcement));
}

#[test]
fn month_periods_end_on_the_corresponding_day_or_the_month_end() {
    // 民法典 art. 202: a period in months ends on the corresponding day, or the month's last day
    // when there is none; art. 203: a last day that is a rest day rolls to the next working day.
    let cal = crate::calendar::Calendar::shipped().unwrap();
    let m = |s: &str, n| crate::case::payment::months_after(d(s), n, &cal);
    assert_eq!(m("2025-08-31", 6), Ok(d("2026-02-28"))); // Saturday 28 Feb is a make-up working day
    assert_eq!(m("2025-04-21", 6), Ok(d("2025-10-21")));
    assert_eq!(m("2025-03-31", 6), Ok(d("2025-09-30"))); // no 31 September: its month end
    assert!(m("2026-10-01", 6).is_err()); // 2027 has no calendar data: unknown, not guessed
}

fn simplified_served(w: &World, fine_fen: i64) -> CaseState {
    let ctx = w.ctx();
    let s = CaseState::open(
        CaseKind::Penalty,
        Procedure::Simplified,
        PartyKind::NaturalPerson,
        CaseFlags::default(),
    )
    .unwrap();
    let s = step(
        &s,
        Command::Decide {
            on: d("2025-09-30"),
            outcome: Outcome::Penalty {
                sanction: fine(fine_fen),
            },
        },
        &ctx,
        "2025-09-30",
    );
    step(
        &s,
        Command::RecordService {
            on: d("2025-09-30"),
            method: ServiceMethod::Direct,
        },
        &ctx,
        "2025-09-30",
    )
}

fn collect(ground: CollectionGround, receipt: &str, fen: i64, asked: bool) -> Command {
    Command::CollectOnSpot {
        on: d("2025-09-30"),
        ground,
        receipt_number: receipt.into(),
        amount_fen: fen,
        party_requested: asked,
        landed_on: None,
    }
}

#[test]
fn art68_71_on_the_spot_collection_grounds_receipt_and_hand_in() {
    let w = World::new();
    let ctx = w.ctx();
    let small = simplified_served(&w, yuan(100));
    let big = simplified_served(&w, yuan(150));
    // Art. 68 (一): an on-the-spot decision with a fine up to 100 yuan; 150 yuan is not.
    assert_eq!(
        refused(
            &big,
            collect(CollectionGround::SmallFine, "No.1", yuan(150), false),
            &ctx,
            "2025-09-30"
        ),
        "on_spot_collection_not_allowed"
    );
    // Art. 69: remote areas etc. only when the party asks.
    assert_eq!(
        refused(
            &big,
            collect(CollectionGround::RemoteArea, "No.1", yuan(150), false),
            &ctx,
            "2025-09-30"
        ),
        "on_spot_collection_not_allowed"
    );
    // Art. 68 grounds belong to on-the-spot decisions only.
    let ordinary = served(&w, yuan(100), "2025-09-16");
    assert_eq!(
        refused(
            &ordinary,
            collect(
                CollectionGround::HardToExecuteLater,
                "No.1",
                yuan(100),
                false
            ),
            &ctx,
            "2025-09-30"
        ),
        "on_spot_collection_not_allowed"
    );
    // Art. 70: the official receipt.
    assert_eq!(
        refused(
            &small,
            collect(CollectionGround::SmallFine, " ", yuan(100), false),
            &ctx,
            "2025-09-30"
        ),
        "receipt_missing"
    );
    let s = step(
        &small,
        collect(
            CollectionGround::SmallFine,
            "辽财罚No.0012345",
            yuan(100),
            false,
        ),
        &ctx,
        "2025-09-30",
    );
    assert_eq!(s.stage, Stage::Closure);
    assert_eq!(
        allowed_actions(&s),
        vec![Action::Close, Action::HandInCollection]
    );
    // Art. 71: within 2 (working) days of collection: 30 September, then the National Day
    // holiday, so Thursday 9 and Friday 10 October.
    let dl = deadline(&s, &w, DeadlineKind::CollectionHandIn);
    assert_eq!(
        (dl.due, dl.period),
        (Ok(d("2025-10-10")), Period::working(2))
    );
    let s = step(
        &s,
        Command::HandInCollection {
            on: d("2025-10-09"),
        },
        &ctx,
        "2025-10-09",
    );
    assert_eq!(
        deadline(&s, &w, DeadlineKind::CollectionHandIn).status(d("2025-10-20"), &w.settings),
        Ok(DeadlineStatus::Met)
    );
    assert_eq!(allowed_actions(&s), vec![Action::Close]);
    // On water, at the party's request (art. 69): 2 working days from landing (art. 71).
    let water = step(
        &big,
        Command::CollectOnSpot {
            on: d("2025-09-30"),
            ground: CollectionGround::OnWater,
            receipt_number: "No.7".into(),
            amount_fen: yuan(150),
            party_requested: true,
            landed_on: Some(d("2025-10-13")),
        },
        &ctx,
        "2025-10-13",
    );
    assert_eq!(
        deadline(&water, &w, DeadlineKind::CollectionHandIn).due,
        Ok(d("2025-10-15"))
    );
}

#[test]
fn xukefa_32_acceptance_within_five_working_days_and_the_supplement_restarts_it() {
    // 行政许可法 art. 32: accept, refuse, or tell at once everything missing within 5 days
    // (working days, art. 82); the applicant's supplement starts the count again.
    let w = World::new();
    let ctx = w.ctx();
    let s = CaseState::open(
        CaseKind::Licence,
        Procedure::Ordinary,
        PartyKind::Organisation,
        CaseFlags::default(),
    )
    .unwrap();
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-09-26"),
        },
        &ctx,
        "2025-09-26",
    );
    // Friday 26 September: Sunday 28 (a make-up working day), 29, 30 September, then the
    // National Day holiday, then 9 and 10 October.
    let dl = deadline(&s, &w, DeadlineKind::LicenceAcceptance);
    assert_eq!(
        (dl.due, dl.period),
        (Ok(d("2025-10-10")), Period::working(5))
    );
    let empty = Command::RequestCorrection {
        on: d("2025-09-29"),
        missing: vec![" ".into()],
    };
    assert_eq!(
        refused(&s, empty, &ctx, "2025-09-29"),
        "correction_items_missing"
    );
    let s = step(
        &s,
        Command::RequestCorrection {
            on: d("2025-09-29"),
            missing: vec!["营业执照复印件".into(), "法定代表人身份证明".into()],
        },
        &ctx,
        "2025-09-29",
    );
    assert_eq!(
        deadline(&s, &w, DeadlineKind::LicenceAcceptance).status(d("2025-10-20"), &w.settings),
        Ok(DeadlineStatus::Met)
    );
    // One notice tells everything: no second one.
    assert_eq!(
        allowed_actions(&s),
        vec![
            Action::Accept,
            Action::RejectApplication,
            Action::ReceiveSupplement
        ]
    );
    let s = step(
        &s,
        Command::ReceiveSupplement {
            on: d("2025-10-13"),
        },
        &ctx,
        "2025-10-13",
    );
    let dl = deadline(&s, &w, DeadlineKind::LicenceAcceptance);
    assert_eq!(
        (dl.start, dl.due, dl.completed_on),
        (d("2025-10-13"), Ok(d("2025-10-20")), None)
    );
    let s = step(
        &s,
        Command::Accept {
            on: d("2025-10-20"),
        },
        &ctx,
        "2025-10-20",
    );
    assert_eq!(
        deadline(&s, &w, DeadlineKind::LicenceAcceptance).status(d("2025-10-21"), &w.settings),
        Ok(DeadlineStatus::Met)
    );
}

fn measure() -> CaseState {
    CaseState::open(
        CaseKind::CoerciveMeasure,
        Procedure::Ordinary,
        PartyKind::Organisation,
        CaseFlags::default(),
    )
    .unwrap()
}

fn implement(on: &str, emergency: bool, seizure_list: Option<SeizureList>) -> Command {
    Command::ImplementMeasure {
        on: d(on),
        emergency,
        seizure_list,
    }
}

#[test]
fn qiangzhifa_19_emergency_measure_approved_within_24_hours() {
    // 行政强制法 art. 19: taken first in an emergency, reported and approved within 24 hours; if
    // the head finds it should not be taken, released at once.
    let w = World::new();
    let ctx = w.ctx();
    let s = measure();
    assert_eq!(
        allowed_actions(&s),
        vec![Action::ApproveMeasure, Action::ImplementMeasure]
    );
    // Without approval only in an emergency.
    assert_eq!(
        refused(
            &s,
            implement("2025-07-02", false, list("2025-07-02")),
            &ctx,
            "2025-07-02"
        ),
        "approval_required"
    );
    // Art. 18: two officers, also in an emergency.
    let mut alone = w.ctx();
    alone.officers.truncate(1);
    assert_eq!(
        refused(
            &s,
            implement("2025-07-02", true, list("2025-07-02")),
            &alone,
            "2025-07-02"
        ),
        "too_few_officers"
    );
    let taken = at("2025-07-02"); // noon in Beijing
    let out = decide(
        &s,
        &implement("2025-07-02", true, list("2025-07-02")),
        &ctx,
        taken,
    )
    .unwrap();
    let s = out.state;
    assert_eq!(
        (s.stage, s.measure.emergency_at),
        (Stage::InForce, Some(taken))
    );
    assert!(out.records.iter().any(|r| r.text.contains("二十四小时")));
    assert_eq!(
        allowed_actions(&s),
        vec![
            Action::ApproveMeasure,
            Action::DisapproveMeasure,
            Action::EndMeasure
        ]
    );
    let dl = deadline(&s, &w, DeadlineKind::EmergencyApproval);
    assert_eq!((dl.due, dl.completed_on), (Ok(d("2025-07-03")), None));
    // Approved 23 hours later: in time, no note; the measure stays in force.
    let approve = Command::ApproveMeasure {
        on: d("2025-07-03"),
        approved_by: Some(oid(9)),
    };
    let ok = decide(&s, &approve, &ctx, taken + chrono::Duration::hours(23)).unwrap();
    assert_eq!(ok.records.len(), 1);
    assert_eq!(
        (ok.state.stage, ok.state.measure.approved_by),
        (Stage::InForce, Some(oid(9)))
    );
    assert_eq!(
        deadline(&ok.state, &w, DeadlineKind::EmergencyApproval)
            .status(d("2025-07-10"), &w.settings),
        Ok(DeadlineStatus::Met)
    );
    assert_eq!(
        allowed_actions(&ok.state),
        vec![Action::ExtendMeasure, Action::EndMeasure]
    );
    // Approved 25 hours later: the lateness is recorded.
    let late = decide(&s, &approve, &ctx, taken + chrono::Duration::hours(25)).unwrap();
    assert!(late
        .records
        .iter()
        .any(|r| r.text.contains("超过时限1小时0分钟")));
    // Not approved: released at once.
    let no = decide(
        &s,
        &Command::DisapproveMeasure {
            on: d("2025-07-02"),
            approved_by: Some(oid(9)),
        },
        &ctx,
        taken + chrono::Duration::hours(2),
    )
    .unwrap()
    .state;
    assert_eq!(
        (no.stage, no.measure.ended_on, no.measure.disapproved),
        (Stage::Closure, Some(d("2025-07-02")), true)
    );
}

#[test]
fn qiangzhifa_24_seizure_decision_and_list_handed_over_on_the_spot() {
    // 行政强制法 art. 24: the seizure decision and the list are handed to the party on the spot.
    let w = World::new();
    let ctx = w.ctx();
    let s = step(
        &measure(),
        Command::ApproveMeasure {
            on: d("2025-07-01"),
            approved_by: Some(oid(9)),
        },
        &ctx,
        "2025-07-01",
    );
    for bad in [
        None,
        list("2025-07-03"),
        Some(SeizureList {
            items: 0,
            handed_over_on: d("2025-07-02"),
        }),
    ] {
        assert_eq!(
            refused(&s, implement("2025-07-02", false, bad), &ctx, "2025-07-02"),
            "seizure_list_missing"
        );
    }
    let s = step(
        &s,
        implement("2025-07-02", false, list("2025-07-02")),
        &ctx,
        "2025-07-02",
    );
    assert_eq!(s.measure.seizure_list, list("2025-07-02"));
    assert_eq!(s.measure.emergency_at, None);
}

#[test]
fn cases_stored_before_payment_and_acceptance_fields_still_load() {
    // New state fields default, so rows written before them load unchanged.
    let s = served(&World::new(), yuan(1_000), "2025-04-21");
    let mut v = serde_json::to_value(&s).unwrap();
    v.as_object_mut().unwrap().remove("payment");
    let back: CaseState = serde_json::from_value(v).unwrap();
    assert_eq!(back, s);
}
