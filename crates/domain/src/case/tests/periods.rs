//! Extensions and suspensions of a case's periods (行政处罚法 art. 60; 行政许可法 art. 42, 45;
//! 行政强制法 art. 25), and the roll-over and "unknown" rules they share with every deadline.

use super::*;
use crate::calendar::{DeadlineStatus, Period};
use crate::case::*;

fn pctx(w: &World, approver: bool) -> PeriodContext<'_> {
    PeriodContext {
        settings: &w.settings,
        calendar: &w.cal,
        approver_is_approver: approver,
    }
}

fn filed_on(day: &str, w: &World) -> CaseState {
    let cmd = Command::File {
        on: d(day),
        violation_on: d("2025-04-01"),
        discovered_on: d("2025-05-20"),
        grave_harm: false,
        limitation_override: None,
    };
    step(&penalty(CaseFlags::default()), cmd, &w.ctx(), day)
}

fn extend(days: u32, approver: Option<u128>, on: &str) -> PeriodCommand {
    PeriodCommand::Extend {
        deadline: DeadlineKind::Decision,
        days,
        approved_by: approver.map(oid),
        reason: "案情复杂，需补充调查".into(),
        on: d(on),
    }
}

fn apply(s: &CaseState, cmd: PeriodCommand, w: &World) -> CaseState {
    adjust_period(s, &cmd, &pctx(w, true))
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"))
        .state
}

fn refused(s: &CaseState, cmd: PeriodCommand, ctx: &PeriodContext<'_>) -> &'static str {
    adjust_period(s, &cmd, ctx).unwrap_err().code()
}

fn decision_deadline(s: &CaseState, w: &World) -> CaseDeadline {
    case_deadlines(s, &w.settings, &w.cal)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Decision)
        .unwrap()
}

fn licence_deadline(s: &CaseState, w: &World) -> CaseDeadline {
    case_deadlines(s, &w.settings, &w.cal)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::LicenceDecision)
        .unwrap()
}

/// 行政处罚法 art. 60: 90 days from filing, extended by 30 with the head's approval, and a 10-day
/// hearing not counted: due = filing + 90 + 30 + 10 calendar days, then rolled past rest days
/// (民法典 art. 203).
#[test]
fn art60_decision_period_with_extension_and_suspension() {
    let w = World::new();
    let s = filed_on("2025-05-26", &w);
    let base = decision_deadline(&s, &w);
    // 2025-08-24 is a Sunday: the base period ends on Monday 25 August.
    assert_eq!(base.due, Ok(d("2025-08-25")));

    let s = apply(
        &s,
        PeriodCommand::StartSuspension {
            deadline: DeadlineKind::Decision,
            ground: SuspensionGround::Hearing,
            on: d("2025-07-01"),
        },
        &w,
    );
    let open = decision_deadline(&s, &w);
    assert_eq!(open.suspended_since(), Some(d("2025-07-01")));
    assert_eq!(
        open.status(d("2025-09-30"), &w.settings),
        Ok(DeadlineStatus::Suspended),
        "an open suspension is never overdue"
    );
    let s = apply(
        &s,
        PeriodCommand::EndSuspension {
            deadline: DeadlineKind::Decision,
            on: d("2025-07-10"),
        },
        &w,
    );
    let out = adjust_period(&s, &extend(30, Some(9), "2025-08-20"), &pctx(&w, true)).unwrap();
    assert_eq!(out.title, "延长办案期限");
    assert!(out.text.contains("30日"), "{}", out.text);
    let dl = decision_deadline(&out.state, &w);
    // 2025-05-26 + 130 days = Friday 3 October, inside the National Day holiday (1–8 October
    // 2025): due Thursday 9 October.
    assert_eq!(dl.due, Ok(d("2025-10-09")));
    assert_eq!(dl.base_due, Ok(d("2025-08-25")));
    assert_eq!(dl.period, Period::calendar(90));
    assert_eq!(
        dl.extensions
            .iter()
            .map(|e| (e.days, e.approved_by, e.on))
            .collect::<Vec<_>>(),
        vec![(30, Some(oid(9)), d("2025-08-20"))]
    );
    assert_eq!(
        dl.suspensions
            .iter()
            .map(|x| (x.ground, x.from, x.to))
            .collect::<Vec<_>>(),
        vec![(
            SuspensionGround::Hearing,
            d("2025-07-01"),
            Some(d("2025-07-10"))
        )]
    );
    assert_eq!(
        dl.status(d("2025-10-01"), &w.settings),
        Ok(DeadlineStatus::Pending)
    );
    // The state survives a round trip through its stored JSON, and an old row without
    // `periods` still loads.
    let json = serde_json::to_value(&out.state).unwrap();
    assert_eq!(
        serde_json::from_value::<CaseState>(json).unwrap(),
        out.state
    );
    let mut old = serde_json::to_value(&s).unwrap();
    old.as_object_mut().unwrap().remove("periods");
    assert!(serde_json::from_value::<CaseState>(old).is_ok());
}

/// 行政处罚法 art. 60 (and the rules it defers to), 64: who may extend, how far and how often;
/// a suspension must be started before it is ended, and not twice.
#[test]
fn art60_extension_and_suspension_refusals() {
    let w = World::new();
    let s = filed_on("2025-05-26", &w);
    let ok = pctx(&w, true);
    let not_head = pctx(&w, false);
    let table: Vec<(PeriodCommand, &PeriodContext<'_>, &str, &str)> = vec![
        (
            extend(30, None, "2025-08-20"),
            &ok,
            "approval_required",
            "art. 60: the head approves",
        ),
        (
            extend(30, Some(2), "2025-08-20"),
            &not_head,
            "not_an_approver",
            "art. 60: only an agency head approves",
        ),
        (
            extend(31, Some(9), "2025-08-20"),
            &ok,
            "extension_too_long",
            "30 days at most (setting)",
        ),
        (
            extend(0, Some(9), "2025-08-20"),
            &ok,
            "extension_too_long",
            "at least one day",
        ),
        (
            extend(30, Some(9), "2025-05-20"),
            &ok,
            "date_out_of_order",
            "not before filing",
        ),
        (
            PeriodCommand::Extend {
                deadline: DeadlineKind::Decision,
                days: 10,
                approved_by: Some(oid(9)),
                reason: "  ".into(),
                on: d("2025-08-20"),
            },
            &ok,
            "reason_required",
            "a written reason",
        ),
        (
            PeriodCommand::Extend {
                deadline: DeadlineKind::Payment,
                days: 10,
                approved_by: Some(oid(9)),
                reason: "x".into(),
                on: d("2025-08-20"),
            },
            &ok,
            "deadline_not_running",
            "no payment deadline before service",
        ),
        (
            PeriodCommand::EndSuspension {
                deadline: DeadlineKind::Decision,
                on: d("2025-07-10"),
            },
            &ok,
            "no_open_suspension",
            "end without start",
        ),
        (
            PeriodCommand::StartSuspension {
                deadline: DeadlineKind::Decision,
                ground: SuspensionGround::TenderOrAuction,
                on: d("2025-07-01"),
            },
            &ok,
            "not_suspendable",
            "tender and auction suspend only licence decisions (行政许可法 art. 45)",
        ),
    ];
    for (cmd, ctx, code, why) in table {
        assert_eq!(refused(&s, cmd, ctx), code, "{why}");
    }
    // Once only (setting): a second extension is refused.
    let once = apply(&s, extend(20, Some(9), "2025-08-20"), &w);
    assert_eq!(
        refused(&once, extend(10, Some(9), "2025-08-21"), &ok),
        "extension_exhausted"
    );
    // A suspension cannot be opened twice, nor end before it started.
    let open = apply(
        &s,
        PeriodCommand::StartSuspension {
            deadline: DeadlineKind::Decision,
            ground: SuspensionGround::Testing,
            on: d("2025-07-01"),
        },
        &w,
    );
    assert_eq!(
        refused(
            &open,
            PeriodCommand::StartSuspension {
                deadline: DeadlineKind::Decision,
                ground: SuspensionGround::Hearing,
                on: d("2025-07-02"),
            },
            &ok
        ),
        "suspension_open"
    );
    assert_eq!(
        refused(
            &open,
            PeriodCommand::EndSuspension {
                deadline: DeadlineKind::Decision,
                on: d("2025-06-30"),
            },
            &ok
        ),
        "date_out_of_order"
    );
    // 行政处罚法 art. 64: the hearing-request window is not extendable.
    let noticed = {
        let ctx = w.ctx();
        let s = step(
            &s,
            Command::Complete {
                on: d("2025-06-02"),
            },
            &ctx,
            "2025-06-02",
        );
        step(
            &s,
            Command::IssueNotice {
                served_on: d("2025-06-03"),
                proposed: fine(yuan(1_000)),
            },
            &ctx,
            "2025-06-03",
        )
    };
    assert_eq!(
        refused(
            &noticed,
            PeriodCommand::Extend {
                deadline: DeadlineKind::HearingRequest,
                days: 2,
                approved_by: Some(oid(9)),
                reason: "x".into(),
                on: d("2025-06-04"),
            },
            &ok
        ),
        "not_extendable"
    );
    // An archived case changes no more.
    let mut archived = s.clone();
    archived.archived_at = Some(at("2025-09-01"));
    assert_eq!(
        refused(&archived, extend(10, Some(9), "2025-08-20"), &ok),
        "case_archived"
    );
}

/// 行政许可法 art. 42, 45: a working-day period moves by the suspended working days (expert
/// review over the National Day holiday excludes only the 4 working days in it).
#[test]
fn art45_licence_suspension_counts_working_days() {
    let w = World::new();
    let ctx = w.ctx();
    let s = CaseState::open(
        CaseKind::Licence,
        Procedure::Ordinary,
        crate::party::PartyKind::Organisation,
        CaseFlags::default(),
    )
    .unwrap();
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-09-01"),
        },
        &ctx,
        "2025-09-01",
    );
    let s = step(
        &s,
        Command::Accept {
            on: d("2025-09-22"),
        },
        &ctx,
        "2025-09-22",
    );
    let s = apply(
        &s,
        PeriodCommand::StartSuspension {
            deadline: DeadlineKind::LicenceDecision,
            ground: SuspensionGround::ExpertReview,
            on: d("2025-09-29"),
        },
        &w,
    );
    let s = apply(
        &s,
        PeriodCommand::EndSuspension {
            deadline: DeadlineKind::LicenceDecision,
            on: d("2025-10-10"),
        },
        &w,
    );
    let dl = &licence_deadline(&s, &w);
    // 09-29, 09-30, 10-09, 10-10 are the working days excluded: 20 + 4 working days from
    // 09-22 end on 2025-10-30 (base due 2025-10-24).
    assert_eq!(
        (dl.base_due, dl.due),
        (Ok(d("2025-10-24")), Ok(d("2025-10-30")))
    );
    // 行政许可法 art. 42: once extended through the period record, the stage machine no longer
    // offers its own extension.
    let s = apply(
        &s,
        PeriodCommand::Extend {
            deadline: DeadlineKind::LicenceDecision,
            days: 10,
            approved_by: Some(oid(9)),
            reason: "专家评审后仍需研究".into(),
            on: d("2025-10-20"),
        },
        &w,
    );
    assert_eq!(allowed_actions(&s), vec![Action::Complete]);
    assert_eq!(
        decide(
            &s,
            &Command::ExtendReview {
                on: d("2025-10-21"),
                approved_by: Some(oid(9))
            },
            &ctx,
            at("2025-10-21")
        )
        .unwrap_err()
        .code(),
        "invalid_transition"
    );
}

/// 行政处罚法 art. 67 with 民法典 art. 203: 15 days to pay from service on 2025-09-16 end on
/// 1 October, inside the National Day holiday: due on the next working day, 9 October.
#[test]
fn art67_payment_due_across_national_day_rolls_to_next_working_day() {
    let w = World::new();
    let mut s = filed_on("2025-05-26", &w);
    s.decision = Some(DecisionInfo {
        decided_on: d("2025-09-12"),
        outcome: Outcome::Penalty {
            sanction: fine(yuan(5_000)),
        },
    });
    s.service = Some(ServiceInfo {
        served_on: d("2025-09-16"),
        method: ServiceMethod::Direct,
    });
    let pay = case_deadlines(&s, &w.settings, &w.cal)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Payment)
        .unwrap();
    assert_eq!(pay.due, Ok(d("2025-10-09")));
}

/// 行政处罚法 art. 60 and 85: a deadline reaching 2027, for which no holiday data is loaded,
/// is unknown — with one note naming the year to load — never plain Monday–Friday.
#[test]
fn art60_deadline_in_2027_without_data_is_unknown() {
    let w = World::new();
    let cmd = Command::File {
        on: d("2026-12-01"),
        violation_on: d("2026-11-01"),
        discovered_on: d("2026-11-20"),
        grave_harm: false,
        limitation_override: None,
    };
    let s = step(&penalty(CaseFlags::default()), cmd, &w.ctx(), "2026-12-01");
    let dl = decision_deadline(&s, &w);
    let gap = dl.due.unwrap_err();
    assert_eq!(gap.date.to_string(), "2027-03-01");
    assert!(
        gap.to_string()
            .starts_with("未知——请先载入2027年的节假日数据"),
        "{gap}"
    );
    assert_eq!(dl.status(d("2026-12-07"), &w.settings), Err(gap));
    // An extension does not make it known either.
    let s = apply(&s, extend(30, Some(9), "2026-12-05"), &w);
    assert!(decision_deadline(&s, &w).due.is_err());
    // A 2026 deadline with a suspension reaching into 2027 is unknown too: its working days
    // cannot be counted.
    let lic = CaseState::open(
        CaseKind::Licence,
        Procedure::Ordinary,
        crate::party::PartyKind::Organisation,
        CaseFlags::default(),
    )
    .unwrap();
    let ctx = w.ctx();
    let lic = step(
        &lic,
        Command::Complete {
            on: d("2026-11-02"),
        },
        &ctx,
        "2026-11-02",
    );
    let lic = step(
        &lic,
        Command::Accept {
            on: d("2026-11-02"),
        },
        &ctx,
        "2026-11-02",
    );
    assert!(licence_deadline(&lic, &w).due.is_ok());
    let lic = apply(
        &lic,
        PeriodCommand::StartSuspension {
            deadline: DeadlineKind::LicenceDecision,
            ground: SuspensionGround::Testing,
            on: d("2026-11-10"),
        },
        &w,
    );
    let lic = apply(
        &lic,
        PeriodCommand::EndSuspension {
            deadline: DeadlineKind::LicenceDecision,
            on: d("2027-01-15"),
        },
        &w,
    );
    assert!(licence_deadline(&lic, &w).due.is_err());
}
