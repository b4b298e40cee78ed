//! Penalty procedure: walks, gates and deadlines (行政处罚法).

use super::*;
use crate::calendar::DeadlineStatus;
use crate::case::*;
use crate::party::PartyKind;

#[test]
fn penalty_ordinary_walk_from_filing_to_archive() {
    let w = World::new();
    let ctx = w.ctx();
    let flags = CaseFlags {
        legal_review_required: true,
        collective_deliberation_required: true,
    };
    let mut s = penalty(flags);
    assert_eq!(allowed_actions(&s), vec![Action::File]);
    s = step(&s, file(), &ctx, "2025-03-03");
    assert_eq!(s.stage, Stage::Investigation);
    s = step(
        &s,
        Command::PreserveEvidence {
            on: d("2025-03-04"),
            approved_by: Some(oid(9)),
        },
        &ctx,
        "2025-03-04",
    );
    assert_eq!(allowed_actions(&s), vec![Action::DecidePreservation]);
    s = step(
        &s,
        Command::DecidePreservation {
            on: d("2025-03-10"),
        },
        &ctx,
        "2025-03-10",
    );
    s = step(
        &s,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    assert_eq!(s.stage, Stage::InvestigationReport);
    s = step(
        &s,
        Command::IssueNotice {
            served_on: d("2025-03-24"),
            // 150,000 yuan for an organisation: a hearing right (art. 63; threshold a setting).
            proposed: fine(yuan(150_000)),
        },
        &ctx,
        "2025-03-24",
    );
    s = step(
        &s,
        Command::RecordStatement {
            on: d("2025-03-25"),
        },
        &ctx,
        "2025-03-25",
    );
    s = step(
        &s,
        Command::RequestHearing {
            on: d("2025-03-26"),
        },
        &ctx,
        "2025-03-26",
    );
    assert_eq!(
        allowed_actions(&s),
        vec![Action::ScheduleHearing, Action::WithdrawHearing]
    );
    // 行政处罚法 art. 64 (二): notified on 26 March, 7 working days before 8 April.
    s = step(
        &s,
        Command::ScheduleHearing {
            notified_on: d("2025-03-26"),
            hearing_on: d("2025-04-08"),
            presider: oid(5),
        },
        &ctx,
        "2025-03-26",
    );
    s = step(
        &s,
        Command::HoldHearing {
            on: d("2025-04-08"),
            presider: oid(5),
        },
        &ctx,
        "2025-04-08",
    );
    s = step(
        &s,
        Command::Complete {
            on: d("2025-04-09"),
        },
        &ctx,
        "2025-04-09",
    );
    assert_eq!(s.stage, Stage::LegalReview);
    s = step(
        &s,
        Command::Complete {
            on: d("2025-04-14"),
        },
        &ctx,
        "2025-04-14",
    );
    assert_eq!(s.stage, Stage::CollectiveDeliberation);
    s = step(
        &s,
        Command::Complete {
            on: d("2025-04-16"),
        },
        &ctx,
        "2025-04-16",
    );
    assert_eq!(s.stage, Stage::Decision);
    s = step(
        &s,
        Command::Decide {
            on: d("2025-04-17"),
            outcome: Outcome::Penalty {
                sanction: fine(yuan(40_000)),
            },
        },
        &ctx,
        "2025-04-17",
    );
    s = step(
        &s,
        Command::RecordService {
            on: d("2025-04-18"),
            method: ServiceMethod::Direct,
        },
        &ctx,
        "2025-04-18",
    );
    s = step(
        &s,
        Command::RecordExecution {
            on: d("2025-04-30"),
            forced: false,
        },
        &ctx,
        "2025-04-30",
    );
    s = step(
        &s,
        Command::Close {
            on: d("2025-05-06"),
        },
        &ctx,
        "2025-05-06",
    );
    assert_eq!(s.stage, Stage::Archive);
    s = step(
        &s,
        Command::Archive {
            file_override: None,
        },
        &ctx,
        "2025-05-07",
    );
    assert_eq!(s.archived_at, Some(at("2025-05-07")));
    assert!(allowed_actions(&s).is_empty());
    // Every deadline of this case was met (art. 56, 60, 61, 64, 67).
    let statuses: Vec<_> = case_deadlines(&s, &w.settings, &w.cal)
        .iter()
        .map(|x| (x.kind, x.status(d("2025-06-01"), &w.settings)))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (DeadlineKind::Decision, Ok(DeadlineStatus::Met)),
            (DeadlineKind::PreservationDecision, Ok(DeadlineStatus::Met)),
            (DeadlineKind::HearingRequest, Ok(DeadlineStatus::Met)),
            (DeadlineKind::Service, Ok(DeadlineStatus::Met)),
            (DeadlineKind::Payment, Ok(DeadlineStatus::Met)),
        ]
    );
}

#[test]
fn out_of_order_actions_are_invalid_transitions() {
    let w = World::new();
    let ctx = w.ctx();
    let s = penalty(CaseFlags::default());
    let table = [
        Command::Decide {
            on: d("2025-03-03"),
            outcome: Outcome::NoPenalty {
                ground: Some(NoPenaltyGround::NoFault),
            },
        },
        Command::Close {
            on: d("2025-03-03"),
        },
        Command::Archive {
            file_override: None,
        },
        Command::Assess {
            on: d("2025-03-03"),
            amount_fen: 100,
        },
    ];
    for cmd in table {
        let err = decide(&s, &cmd, &ctx, at("2025-03-03")).unwrap_err();
        assert_eq!(
            err,
            RuleViolation::InvalidTransition {
                stage: Stage::Filing,
                action: cmd.action()
            }
        );
        assert_eq!(err.code(), "invalid_transition");
    }
}

#[test]
fn gates_refuse_within_the_walk() {
    // Each row: a state-building prefix, a command, the expected code. Articles in comments.
    let w = World::new();
    let ok = w.ctx();
    let filed = step(&penalty(CaseFlags::default()), file(), &ok, "2025-03-03");
    let reported = step(
        &filed,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ok,
        "2025-03-20",
    );
    let noticed = step(
        &reported,
        Command::IssueNotice {
            served_on: d("2025-03-24"),
            proposed: fine(yuan(1_000)),
        },
        &ok,
        "2025-03-24",
    );

    // art. 42: one officer is not enough to file and investigate.
    let mut one = w.ctx();
    one.officers = vec![certified(1)];
    assert_eq!(
        decide(
            &penalty(CaseFlags::default()),
            &file(),
            &one,
            at("2025-03-03")
        )
        .unwrap_err()
        .code(),
        "too_few_officers"
    );
    // art. 36: discovered more than two years after.
    let late = Command::File {
        on: d("2025-03-03"),
        violation_on: d("2022-01-01"),
        discovered_on: d("2025-02-01"),
        grave_harm: false,
        limitation_override: None,
    };
    assert_eq!(
        decide(&penalty(CaseFlags::default()), &late, &ok, at("2025-03-03"))
            .unwrap_err()
            .code(),
        "limitation_expired"
    );
    // art. 56: preservation needs the agency head's approval.
    let unapproved = Command::PreserveEvidence {
        on: d("2025-03-04"),
        approved_by: None,
    };
    assert_eq!(
        decide(&filed, &unapproved, &ok, at("2025-03-04"))
            .unwrap_err()
            .code(),
        "approval_required"
    );
    // art. 44, 62: a penalty decision needs the notice (skip it via `complete`).
    let skipped = step(
        &reported,
        Command::Complete {
            on: d("2025-03-21"),
        },
        &ok,
        "2025-03-21",
    );
    let penalise = Command::Decide {
        on: d("2025-03-25"),
        outcome: Outcome::Penalty {
            sanction: fine(100),
        },
    };
    assert_eq!(
        decide(&skipped, &penalise, &ok, at("2025-03-25"))
            .unwrap_err()
            .code(),
        "notice_missing"
    );
    // ... but a no-penalty decision does not.
    assert!(decide(
        &skipped,
        &Command::Decide {
            on: d("2025-03-25"),
            outcome: Outcome::NoPenalty {
                ground: Some(NoPenaltyGround::NoFault)
            }
        },
        &ok,
        at("2025-03-25")
    )
    .is_ok());
    // art. 45, 64: the response window (5 working days from Monday 03-24 → 03-31) must be over.
    let early = decide(
        &noticed,
        &Command::Complete {
            on: d("2025-03-28"),
        },
        &ok,
        at("2025-03-28"),
    )
    .unwrap_err();
    assert_eq!(
        early,
        RuleViolation::StatementPeriodOpen {
            until: d("2025-03-31")
        }
    );
    assert!(decide(
        &noticed,
        &Command::Complete {
            on: d("2025-04-01")
        },
        &ok,
        at("2025-04-01")
    )
    .is_ok());
    // art. 63: 1,000 yuan for an organisation gives no right to a hearing.
    assert_eq!(
        decide(
            &noticed,
            &Command::RequestHearing {
                on: d("2025-03-25")
            },
            &ok,
            at("2025-03-25")
        )
        .unwrap_err()
        .code(),
        "no_hearing_right"
    );
    let noticed_big = step(
        &reported,
        Command::IssueNotice {
            served_on: d("2025-03-24"),
            proposed: fine(yuan(150_000)),
        },
        &ok,
        "2025-03-24",
    );
    // art. 64: request after the window.
    assert_eq!(
        decide(
            &noticed_big,
            &Command::RequestHearing {
                on: d("2025-04-01")
            },
            &ok,
            at("2025-04-01")
        )
        .unwrap_err()
        .code(),
        "hearing_request_late"
    );
    // art. 64: an investigator may not preside.
    let hearing = step(
        &noticed_big,
        Command::RequestHearing {
            on: d("2025-03-26"),
        },
        &ok,
        "2025-03-26",
    );
    let conflict = Command::ScheduleHearing {
        notified_on: d("2025-03-26"),
        hearing_on: d("2025-04-08"),
        presider: oid(1),
    };
    assert_eq!(
        decide(&hearing, &conflict, &ok, at("2025-03-26"))
            .unwrap_err()
            .code(),
        "hearing_presider_conflict"
    );
    // art. 45: no heavier penalty than noticed.
    let waived = step(
        &noticed,
        Command::WaiveRights {
            on: d("2025-03-25"),
        },
        &ok,
        "2025-03-25",
    );
    assert_eq!(waived.stage, Stage::Decision);
    let heavier = Command::Decide {
        on: d("2025-03-26"),
        outcome: Outcome::Penalty {
            sanction: fine(yuan(1_000) + 1),
        },
    };
    assert_eq!(
        decide(&waived, &heavier, &ok, at("2025-03-26"))
            .unwrap_err()
            .code(),
        "heavier_than_noticed"
    );
    // art. 61: electronic service needs consent.
    let decided = step(
        &waived,
        Command::Decide {
            on: d("2025-03-26"),
            outcome: Outcome::Penalty {
                sanction: fine(yuan(1_000)),
            },
        },
        &ok,
        "2025-03-26",
    );
    let e = Command::RecordService {
        on: d("2025-03-27"),
        method: ServiceMethod::Electronic,
    };
    assert_eq!(
        decide(&decided, &e, &ok, at("2025-03-27"))
            .unwrap_err()
            .code(),
        "e_service_consent_missing"
    );
    // 118号: forced execution without video.
    let served = step(
        &decided,
        Command::RecordService {
            on: d("2025-03-27"),
            method: ServiceMethod::Direct,
        },
        &ok,
        "2025-03-27",
    );
    let mut novideo = w.ctx();
    novideo.videos.clear();
    let forced = Command::RecordExecution {
        on: d("2025-05-01"),
        forced: true,
    };
    assert_eq!(
        decide(&served, &forced, &novideo, at("2025-05-01"))
            .unwrap_err()
            .code(),
        "video_required"
    );
    // Dates cannot precede the step they follow.
    let backdated = Command::RecordService {
        on: d("2025-03-25"),
        method: ServiceMethod::Direct,
    };
    assert_eq!(
        decide(&decided, &backdated, &ok, at("2025-03-27"))
            .unwrap_err()
            .code(),
        "date_out_of_order"
    );
}

#[test]
fn art58_art57_review_and_deliberation_gates() {
    let w = World::new();
    let mut ctx = w.ctx();
    let flags = CaseFlags {
        legal_review_required: true,
        collective_deliberation_required: true,
    };
    let s = step(&penalty(flags), file(), &ctx, "2025-03-03");
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    let s = step(
        &s,
        // No notice: the case goes on towards a decision that is not a penalty.
        Command::Complete {
            on: d("2025-03-21"),
        },
        &ctx,
        "2025-03-21",
    );
    assert_eq!(s.stage, Stage::LegalReview); // 行政处罚法 art. 58
    ctx.legal_review_approved = false;
    assert_eq!(
        decide(
            &s,
            &Command::Complete {
                on: d("2025-03-24")
            },
            &ctx,
            at("2025-03-24")
        )
        .unwrap_err()
        .code(),
        "legal_review_missing"
    );
    ctx.legal_review_approved = true;
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-03-24"),
        },
        &ctx,
        "2025-03-24",
    );
    assert_eq!(s.stage, Stage::CollectiveDeliberation); // art. 57
    ctx.deliberation_recorded = false;
    assert_eq!(
        decide(
            &s,
            &Command::Complete {
                on: d("2025-03-25")
            },
            &ctx,
            at("2025-03-25")
        )
        .unwrap_err()
        .code(),
        "deliberation_missing"
    );
    // Without flags both stages are skipped.
    let plain = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    let plain = step(
        &plain,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    let plain = step(
        &plain,
        // No notice: the case goes on towards a decision that is not a penalty.
        Command::Complete {
            on: d("2025-03-21"),
        },
        &ctx,
        "2025-03-21",
    );
    assert_eq!(plain.stage, Stage::Decision);
}

#[test]
fn art36_override_is_recorded_as_a_note() {
    let w = World::new();
    let ctx = w.ctx();
    let cmd = Command::File {
        on: d("2025-03-03"),
        violation_on: d("2022-01-01"),
        discovered_on: d("2025-02-01"),
        grave_harm: false,
        limitation_override: Some(Override {
            approver: oid(9),
            reason: "违法行为处于继续状态".into(),
        }),
    };
    let out = decide(&penalty(CaseFlags::default()), &cmd, &ctx, at("2025-03-03")).unwrap();
    assert!(out.state.limitation_overridden);
    assert_eq!(out.records.len(), 2);
    assert_eq!(
        (out.records[1].kind, out.records[1].text.as_str()),
        (RecordKind::Note, "违法行为处于继续状态")
    );
}

#[test]
fn art51_simplified_walk_and_ceiling() {
    let w = World::new();
    let ctx = w.ctx();
    let s = CaseState::open(
        CaseKind::Penalty,
        Procedure::Simplified,
        PartyKind::NaturalPerson,
        CaseFlags::default(),
    )
    .unwrap();
    assert_eq!(
        (s.stage, allowed_actions(&s)),
        (Stage::OnSite, vec![Action::Decide])
    );
    let too_much = Command::Decide {
        on: d("2025-05-06"),
        outcome: Outcome::Penalty {
            sanction: fine(yuan(200) + 1),
        },
    };
    assert_eq!(
        decide(&s, &too_much, &ctx, at("2025-05-06"))
            .unwrap_err()
            .code(),
        "simplified_amount_exceeded"
    );
    let s = step(
        &s,
        Command::Decide {
            on: d("2025-05-06"),
            outcome: Outcome::Penalty {
                sanction: fine(yuan(200)),
            },
        },
        &ctx,
        "2025-05-06",
    );
    assert_eq!(s.stage, Stage::Service);
    assert_eq!(
        CaseState::open(
            CaseKind::Fee,
            Procedure::Simplified,
            PartyKind::NaturalPerson,
            CaseFlags::default()
        )
        .unwrap_err()
        .code(),
        "procedure_not_applicable"
    );
}

/// 行政处罚法 art. 44, 45, 62: no penalty without a notice; a waiver only after a notice; no
/// dead end when the notice was left out; a new notice supersedes the old one, restarts the
/// rights periods, and the decision is compared with the latest notice.
#[test]
fn art44_62_notice_cannot_be_skipped_and_can_be_renewed() {
    let w = World::new();
    let ctx = w.ctx();
    let s = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    assert_eq!(s.stage, Stage::InvestigationReport);
    // art. 62: a waiver before any notice is not offered, and refused.
    assert!(!allowed_actions(&s).contains(&Action::WaiveRights));
    assert_eq!(
        decide(
            &s,
            &Command::WaiveRights {
                on: d("2025-03-21")
            },
            &ctx,
            at("2025-03-21")
        )
        .unwrap_err()
        .code(),
        "invalid_transition"
    );
    // Going on without a notice leads to a decision; a penalty there is refused (art. 44) …
    let no_notice = step(
        &s,
        Command::Complete {
            on: d("2025-03-21"),
        },
        &ctx,
        "2025-03-21",
    );
    assert_eq!(no_notice.stage, Stage::Decision);
    let penalise = |fen: i64, on: &str| Command::Decide {
        on: d(on),
        outcome: Outcome::Penalty {
            sanction: fine(fen),
        },
    };
    assert_eq!(
        decide(
            &no_notice,
            &penalise(500_000, "2025-03-24"),
            &ctx,
            at("2025-03-24")
        )
        .unwrap_err()
        .code(),
        "notice_missing"
    );
    // … but the notice is offered from there: no dead end.
    assert!(allowed_actions(&no_notice).contains(&Action::IssueNotice));
    let notice = |fen: i64, on: &str| Command::IssueNotice {
        served_on: d(on),
        proposed: fine(fen),
    };
    let noticed = step(
        &no_notice,
        notice(500_000, "2025-03-24"),
        &ctx,
        "2025-03-24",
    );
    assert_eq!(noticed.stage, Stage::Notice);
    let waived = step(
        &noticed,
        Command::WaiveRights {
            on: d("2025-03-25"),
        },
        &ctx,
        "2025-03-25",
    );
    assert_eq!(waived.stage, Stage::Decision);
    // art. 45: heavier than the notice is refused …
    assert_eq!(
        decide(
            &waived,
            &penalise(800_000, "2025-03-26"),
            &ctx,
            at("2025-03-26")
        )
        .unwrap_err()
        .code(),
        "heavier_than_noticed"
    );
    // … a new notice after new facts supersedes the old: the waiver no longer counts, the
    // response period runs again, and the heavier penalty can then be decided.
    let renewed = step(&waived, notice(800_000, "2025-03-26"), &ctx, "2025-03-26");
    assert_eq!(renewed.stage, Stage::Notice);
    assert_eq!(renewed.rights_waived_on, None);
    assert_eq!(renewed.earlier_notices.len(), 1);
    let out = decide(
        &waived,
        &notice(800_000, "2025-03-26"),
        &ctx,
        at("2025-03-26"),
    )
    .unwrap();
    assert!(out.records.iter().any(|r| r.title.contains("重新告知")));
    assert_eq!(
        decide(
            &renewed,
            &Command::Complete {
                on: d("2025-03-27")
            },
            &ctx,
            at("2025-03-27")
        )
        .unwrap_err()
        .code(),
        "statement_period_open"
    );
    let waived = step(
        &renewed,
        Command::WaiveRights {
            on: d("2025-03-27"),
        },
        &ctx,
        "2025-03-27",
    );
    let decided = step(&waived, penalise(800_000, "2025-03-28"), &ctx, "2025-03-28");
    assert_eq!(decided.stage, Stage::Service);
    // A notice cannot predate the one it supersedes.
    assert_eq!(
        decide(
            &waived,
            &notice(900_000, "2025-03-20"),
            &ctx,
            at("2025-03-28")
        )
        .unwrap_err()
        .code(),
        "date_out_of_order"
    );
}

/// 行政处罚法 art. 42, 52: an on-the-spot decision needs certified officers (two unless a law
/// allows one: a setting), is reported to the agency, and is handed over at once.
#[test]
fn art52_on_the_spot_officers_filing_report_and_immediate_service() {
    let mut w = World::new();
    let open = || {
        CaseState::open(
            CaseKind::Penalty,
            Procedure::Simplified,
            PartyKind::NaturalPerson,
            CaseFlags::default(),
        )
        .unwrap()
    };
    let cmd = Command::Decide {
        on: d("2025-05-06"),
        outcome: Outcome::Penalty {
            sanction: fine(yuan(100)),
        },
    };
    let mut ctx = w.ctx();
    ctx.officers = vec![certified(1)];
    assert_eq!(
        decide(&open(), &cmd, &ctx, at("2025-05-06"))
            .unwrap_err()
            .code(),
        "too_few_officers"
    );
    let mut expired = certified(2);
    expired.certificates[0].valid_until = d("2025-01-01");
    ctx.officers = vec![certified(1), expired];
    assert_eq!(
        decide(&open(), &cmd, &ctx, at("2025-05-06"))
            .unwrap_err()
            .code(),
        "certificate_invalid"
    );
    let ctx = w.ctx();
    let out = decide(&open(), &cmd, &ctx, at("2025-05-06")).unwrap();
    assert!(out.records.iter().any(|r| r.title.contains("备案")));
    let service = case_deadlines(&out.state, &w.settings, &w.cal)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Service)
        .unwrap();
    assert_eq!(service.due, Ok(d("2025-05-06")));
    // Where a law allows one officer, the setting says so.
    w.settings.simplified_min_officers = 1;
    let mut ctx = w.ctx();
    ctx.officers = vec![certified(1)];
    assert!(decide(&open(), &cmd, &ctx, at("2025-05-06")).is_ok());
}

/// 行政处罚法 art. 30: no penalty for a person under 14 on the day of the act; 14 to 18, a
/// lighter penalty (a note in the file). Age from the resident id's birth date.
#[test]
fn art30_age_on_the_day_of_the_act() {
    let w = World::new();
    let person = || {
        CaseState::open(
            CaseKind::Penalty,
            Procedure::Simplified,
            PartyKind::NaturalPerson,
            CaseFlags::default(),
        )
        .unwrap()
    };
    let penalise = Command::Decide {
        on: d("2025-05-06"),
        outcome: Outcome::Penalty {
            sanction: fine(yuan(50)),
        },
    };
    let mut ctx = w.ctx();
    ctx.party_born_on = Some(d("2011-05-07")); // 13 on 2025-05-06, 14 the next day
    assert_eq!(
        decide(&person(), &penalise, &ctx, at("2025-05-06"))
            .unwrap_err()
            .code(),
        "party_under_fourteen"
    );
    // (On the spot only penalties are decided; an ordinary case ends in no penalty.)
    ctx.party_born_on = Some(d("2011-05-06")); // 14 that day
    let out = decide(&person(), &penalise, &ctx, at("2025-05-06")).unwrap();
    assert!(out.records.iter().any(|r| r.text.contains("第三十条")));
    ctx.party_born_on = Some(d("1990-01-01"));
    let out = decide(&person(), &penalise, &ctx, at("2025-05-06")).unwrap();
    assert!(!out.records.iter().any(|r| r.text.contains("第三十条")));
}
