//! The penalty procedure's hearing, deliberation, one-fine, no-penalty and recusal rules
//! (行政处罚法 art. 29, 30–31, 33, 36, 43, 51, 57, 63–64), each test citing its article.

use super::*;
use crate::case::progress::{stage_bar, Progress};
use crate::case::*;
use crate::party::PartyKind;

fn code(r: Result<Decision, RuleViolation>) -> &'static str {
    r.map(|_| "ok").unwrap_or_else(|e| e.code())
}

/// A case whose notice of a 200,000-yuan fine (a hearing right, art. 63) was served on
/// 24 March 2025 and whose party asked for a hearing on 26 March.
fn hearing_requested(w: &World, flags: CaseFlags) -> CaseState {
    let ctx = w.ctx();
    let mut s = step(&penalty(flags), file(), &ctx, "2025-03-03");
    s = step(
        &s,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    s = step(
        &s,
        Command::IssueNotice {
            served_on: d("2025-03-24"),
            proposed: fine(yuan(200_000)),
        },
        &ctx,
        "2025-03-24",
    );
    step(
        &s,
        Command::RequestHearing {
            on: d("2025-03-26"),
        },
        &ctx,
        "2025-03-26",
    )
}

fn schedule(notified: &str, hearing: &str, presider: u128) -> Command {
    Command::ScheduleHearing {
        notified_on: d(notified),
        hearing_on: d(hearing),
        presider: oid(presider),
    }
}

#[test]
fn art64_hearing_notice_seven_working_days_before() {
    let w = World::new();
    let ctx = w.ctx();
    let s = hearing_requested(&w, CaseFlags::default());
    // Unscheduled: nothing can be held yet; the party may still withdraw.
    assert_eq!(
        allowed_actions(&s),
        vec![Action::ScheduleHearing, Action::WithdrawHearing]
    );
    assert_eq!(
        code(decide(
            &s,
            &Command::HoldHearing {
                on: d("2025-04-08"),
                presider: oid(5)
            },
            &ctx,
            at("2025-04-08")
        )),
        "invalid_transition"
    );
    // Notified Wednesday 26 March 2025: 7 working days end on 7 April (4 April is 清明节), so
    // the hearing is on 8 April at the earliest (art. 64 (二), counted per art. 85).
    let table = [
        ("2025-03-26", "2025-04-07", "hearing_notice_too_short"),
        ("2025-03-26", "2025-04-08", "ok"),
        ("2025-03-25", "2025-04-08", "date_out_of_order"), // before the request
        // A notice whose 7 working days reach 2027, a year without calendar data: unknown.
        ("2026-12-25", "2027-01-15", "calendar_gap"),
    ];
    for (notified, hearing, want) in table {
        assert_eq!(
            code(decide(
                &s,
                &schedule(notified, hearing, 5),
                &ctx,
                at(notified)
            )),
            want,
            "notified {notified}, hearing {hearing}"
        );
    }
    match decide(
        &s,
        &schedule("2025-03-26", "2025-04-03", 5),
        &ctx,
        at("2025-03-26"),
    ) {
        Err(RuleViolation::HearingNoticeTooShort { earliest }) => {
            assert_eq!(earliest, d("2025-04-08"))
        }
        other => panic!("{other:?}"),
    }
    // Art. 64 (四): an investigator presides neither at scheduling nor at the hearing.
    assert_eq!(
        code(decide(
            &s,
            &schedule("2025-03-26", "2025-04-08", 1),
            &ctx,
            at("2025-03-26")
        )),
        "hearing_presider_conflict"
    );
    let scheduled = step(
        &s,
        schedule("2025-03-26", "2025-04-08", 5),
        &ctx,
        "2025-03-26",
    );
    assert_eq!(
        allowed_actions(&scheduled),
        vec![
            Action::HoldHearing,
            Action::RecordHearingNoShow,
            Action::WithdrawHearing,
            Action::ScheduleHearing
        ]
    );
    assert_eq!(
        code(decide(
            &scheduled,
            &Command::HoldHearing {
                on: d("2025-04-08"),
                presider: oid(2)
            },
            &ctx,
            at("2025-04-08")
        )),
        "hearing_presider_conflict"
    );
    assert_eq!(
        code(decide(
            &scheduled,
            &Command::HoldHearing {
                on: d("2025-04-07"),
                presider: oid(5)
            },
            &ctx,
            at("2025-04-07")
        )),
        "date_out_of_order"
    );
    let held = step(
        &scheduled,
        Command::HoldHearing {
            on: d("2025-04-08"),
            presider: oid(5),
        },
        &ctx,
        "2025-04-08",
    );
    assert_eq!(held.hearing.and_then(|h| h.held_on), Some(d("2025-04-08")));
    assert_eq!(
        allowed_actions(&held),
        vec![Action::Complete, Action::IssueNotice]
    );
}

#[test]
fn art64_withdrawal_and_no_show_end_the_hearing_without_a_hearing_record() {
    let w = World::new();
    let ctx = w.ctx();
    let flags = CaseFlags {
        legal_review_required: true,
        collective_deliberation_required: false,
    };
    let s = hearing_requested(&w, flags);
    // Withdrawal: the hearing ends, none is recorded as held, the case goes on.
    let out = decide(
        &s,
        &Command::WithdrawHearing {
            on: d("2025-03-27"),
        },
        &ctx,
        at("2025-03-27"),
    )
    .unwrap();
    let h = out.state.hearing.unwrap();
    assert_eq!(h.held_on, None);
    assert_eq!(
        h.ended,
        Some(HearingEnd::Withdrawn {
            on: d("2025-03-27")
        })
    );
    assert_eq!(out.state.stage, Stage::LegalReview);
    assert!(out.records.iter().any(|r| r.text.contains("撤回听证申请")));
    assert!(stage_bar(&out.state).contains(&(Stage::Hearing, Progress::Done)));
    // No-show (art. 64 (六)): only once the party was notified and the day has come.
    let scheduled = step(
        &s,
        schedule("2025-03-26", "2025-04-08", 5),
        &ctx,
        "2025-03-26",
    );
    assert_eq!(
        code(decide(
            &s,
            &Command::RecordHearingNoShow {
                on: d("2025-04-08")
            },
            &ctx,
            at("2025-04-08")
        )),
        "invalid_transition"
    );
    assert_eq!(
        code(decide(
            &scheduled,
            &Command::RecordHearingNoShow {
                on: d("2025-04-07")
            },
            &ctx,
            at("2025-04-07")
        )),
        "date_out_of_order"
    );
    let out = decide(
        &scheduled,
        &Command::RecordHearingNoShow {
            on: d("2025-04-08"),
        },
        &ctx,
        at("2025-04-08"),
    )
    .unwrap();
    assert_eq!(out.state.hearing.unwrap().held_on, None);
    assert_eq!(out.state.stage, Stage::LegalReview);
    assert!(out
        .records
        .iter()
        .any(|r| r.text.contains("视为放弃听证权利")));
    // The decision that follows is a lawful one (the notice stands).
    let mut s = out.state;
    s = step(
        &s,
        Command::Complete {
            on: d("2025-04-09"),
        },
        &ctx,
        "2025-04-09",
    );
    s = step(
        &s,
        Command::Decide {
            on: d("2025-04-10"),
            outcome: Outcome::Penalty {
                sanction: fine(yuan(200_000)),
            },
        },
        &ctx,
        "2025-04-10",
    );
    assert_eq!(s.stage, Stage::Service);
}

#[test]
fn art57_required_deliberation_is_on_the_bar_and_on_the_way() {
    let w = World::new();
    let ctx = w.ctx();
    let mut s = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    s = step(
        &s,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    s = step(
        &s,
        Command::IssueNotice {
            served_on: d("2025-03-24"),
            proposed: fine(yuan(20_000)),
        },
        &ctx,
        "2025-03-24",
    );
    s = step(
        &s,
        Command::WaiveRights {
            on: d("2025-03-25"),
        },
        &ctx,
        "2025-03-25",
    );
    assert_eq!(s.stage, Stage::Decision);
    // The flagging on reaching the decision requires deliberation: the bar shows it as to do,
    // never as not needed, while the decision waits for it.
    let mut stuck = s.clone();
    stuck.join_flags(CaseFlags {
        legal_review_required: false,
        collective_deliberation_required: true,
    });
    assert_eq!(stuck.stage, Stage::Decision);
    assert!(stage_bar(&stuck).contains(&(Stage::CollectiveDeliberation, Progress::Upcoming)));
    assert!(stage_bar(&s).contains(&(Stage::CollectiveDeliberation, Progress::Skipped)));
    // Opened with the flag, the machine leads through the deliberation stage.
    let flagged = CaseFlags {
        legal_review_required: false,
        collective_deliberation_required: true,
    };
    let mut f = step(&penalty(flagged), file(), &ctx, "2025-03-03");
    f = step(
        &f,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    f = step(
        &f,
        Command::IssueNotice {
            served_on: d("2025-03-24"),
            proposed: fine(yuan(20_000)),
        },
        &ctx,
        "2025-03-24",
    );
    f = step(
        &f,
        Command::WaiveRights {
            on: d("2025-03-25"),
        },
        &ctx,
        "2025-03-25",
    );
    assert_eq!(f.stage, Stage::CollectiveDeliberation);
    assert!(stage_bar(&f).contains(&(Stage::CollectiveDeliberation, Progress::Current)));
    let decide_fine = Command::Decide {
        on: d("2025-03-31"),
        outcome: Outcome::Penalty {
            sanction: fine(yuan(20_000)),
        },
    };
    let mut none = w.ctx();
    none.deliberation_recorded = false;
    assert_eq!(
        code(decide(&stuck, &decide_fine, &none, at("2025-03-31"))),
        "deliberation_missing"
    );
    // Once the deliberation is recorded it can be decided; the bar then shows it done.
    let decided = step(&stuck, decide_fine, &ctx, "2025-03-31");
    assert!(stage_bar(&decided).contains(&(Stage::CollectiveDeliberation, Progress::Done)));
}

fn act(party: &str, violation: &str, on: &str) -> IllegalAct {
    IllegalAct {
        party_id: party.into(),
        violation: violation.into(),
        violation_on: d(on),
    }
}

#[test]
fn art29_one_act_one_fine() {
    let earlier = vec![FineDecided {
        case_number: "桓财罚〔2025〕3号".into(),
        act: act("91350100M000100Y43", "未按规定保存会计凭证", "2024-12-01"),
    }];
    let same = act("91350100m000100y43 ", "未按规定保存会计凭证", "2024-12-01");
    let warning = Sanction {
        warning: true,
        ..Sanction::default()
    };
    let table: [(Sanction, IllegalAct, &str); 5] = [
        (fine(yuan(5_000)), same.clone(), "already_fined"),
        (warning, same.clone(), "ok"), // not a fine
        (
            fine(yuan(5_000)),
            act("91350100M000100Y43", "未按规定保存会计凭证", "2025-01-05"),
            "ok",
        ), // another day: another act
        (
            fine(yuan(5_000)),
            act("91350100M000100Y43", "伪造会计凭证", "2024-12-01"),
            "ok",
        ), // another violation
        (
            fine(yuan(5_000)),
            act("911101080000000000", "未按规定保存会计凭证", "2024-12-01"),
            "ok",
        ), // another party
    ];
    for (sanction, a, want) in table {
        let got = gates::check_one_fine(&sanction, Some(&a), &earlier)
            .map(|()| "ok")
            .unwrap_or_else(|e| e.code());
        assert_eq!(got, want, "{sanction:?} {a:?}");
    }
    // Through the machine, the refusal names the case that fined the act.
    let w = World::new();
    let mut ctx = w.ctx();
    ctx.act = Some(same);
    ctx.fines_decided = earlier;
    let mut s = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    s = step(
        &s,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    s = step(
        &s,
        Command::IssueNotice {
            served_on: d("2025-03-24"),
            proposed: fine(yuan(5_000)),
        },
        &ctx,
        "2025-03-24",
    );
    s = step(
        &s,
        Command::WaiveRights {
            on: d("2025-03-25"),
        },
        &ctx,
        "2025-03-25",
    );
    let e = decide(
        &s,
        &Command::Decide {
            on: d("2025-03-26"),
            outcome: Outcome::Penalty {
                sanction: fine(yuan(5_000)),
            },
        },
        &ctx,
        at("2025-03-26"),
    )
    .unwrap_err();
    assert_eq!(e.code(), "already_fined");
    assert!(e.to_string().contains("桓财罚〔2025〕3号"), "{e}");
}

#[test]
fn art33_no_penalty_states_its_ground() {
    let w = World::new();
    let ctx = w.ctx();
    let mut s = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    s = step(
        &s,
        Command::Complete {
            on: d("2025-03-20"),
        },
        &ctx,
        "2025-03-20",
    );
    s = step(
        &s,
        Command::Complete {
            on: d("2025-03-21"),
        },
        &ctx,
        "2025-03-21",
    );
    assert_eq!(s.stage, Stage::Decision);
    let no_penalty = |ground: Option<NoPenaltyGround>| Command::Decide {
        on: d("2025-03-24"),
        outcome: Outcome::NoPenalty { ground },
    };
    let table = [
        (None, "no_penalty_ground_missing"),
        (
            Some(NoPenaltyGround::Other { text: "  ".into() }),
            "no_penalty_ground_missing",
        ),
        (Some(NoPenaltyGround::FirstMinorViolation), "ok"), // art. 33 para. 1
        (Some(NoPenaltyGround::NoFault), "ok"),             // art. 33 para. 2
        (Some(NoPenaltyGround::BeyondLimitation), "ok"),    // art. 36
        (Some(NoPenaltyGround::UnderFourteen), "ok"),       // art. 30
        (Some(NoPenaltyGround::MentalIncapacity), "ok"),    // art. 31
    ];
    for (ground, want) in table {
        assert_eq!(
            code(decide(
                &s,
                &no_penalty(ground.clone()),
                &ctx,
                at("2025-03-24")
            )),
            want,
            "{ground:?}"
        );
    }
    let out = decide(
        &s,
        &no_penalty(Some(NoPenaltyGround::FirstMinorViolation)),
        &ctx,
        at("2025-03-24"),
    )
    .unwrap();
    assert!(out
        .records
        .iter()
        .any(|r| r.text.contains("初次违法且危害后果轻微并及时改正")
            && r.text.contains("第三十三条第一款")));
    // A decision stored before grounds were asked for still loads.
    let old: Outcome = serde_json::from_str(r#"{"type":"no_penalty"}"#).unwrap();
    assert_eq!(old, Outcome::NoPenalty { ground: None });
    let wire = serde_json::to_value(Outcome::NoPenalty {
        ground: Some(NoPenaltyGround::Other {
            text: "《某法》第十条".into(),
        }),
    })
    .unwrap();
    assert_eq!(
        wire,
        serde_json::json!({"type": "no_penalty", "ground": {"kind": "other", "text": "《某法》第十条"}})
    );
}

#[test]
fn art51_refusal_states_the_limit_in_yuan_and_criticism_is_not_a_warning() {
    let settings = RuleSettings::default();
    let e = gates::check_simplified(&fine(yuan(300)), PartyKind::NaturalPerson, &settings)
        .unwrap_err()
        .to_string();
    assert!(e.contains("200元") && !e.contains('分'), "{e}");
    let e = gates::check_simplified(&fine(yuan(3_001)), PartyKind::Organisation, &settings)
        .unwrap_err()
        .to_string();
    assert!(e.contains("3,000元"), "{e}");
    // Art. 9 (一), 51: 通报批评 is a penalty of its own, not open to the on-the-spot procedure,
    // and heavier than a notice that announced only a warning.
    let criticism = Sanction {
        circulated_criticism: true,
        ..Sanction::default()
    };
    let warning = Sanction {
        warning: true,
        ..Sanction::default()
    };
    assert!(gates::check_simplified(&warning, PartyKind::NaturalPerson, &settings).is_ok());
    assert!(gates::check_simplified(&criticism, PartyKind::NaturalPerson, &settings).is_err());
    assert!(criticism.is_heavier_than(&warning));
    assert!(!warning.is_heavier_than(&criticism));
    // A sanction stored before the flags were separated still loads.
    let old: Sanction = serde_json::from_str(
        r#"{"warning":true,"fine_fen":0,"confiscation_fen":0,"licence_suspension":false,"licence_revocation":false,"other":[]}"#,
    )
    .unwrap();
    assert_eq!(old, warning);
}

#[test]
fn art43_a_withdrawn_officer_takes_part_in_no_act() {
    let w = World::new();
    let ctx = w.ctx();
    let s = step(&penalty(CaseFlags::default()), file(), &ctx, "2025-03-03");
    let (s, _) = decide_recusal(
        &s,
        &certified(2),
        Recusal {
            officer: oid(2),
            source: RecusalSource::Officer,
            ground: RecusalGround::DirectInterest,
            reason: "持有当事人股份".into(),
            raised_on: d("2025-03-05"),
            decided_by: oid(9),
            decided_on: d("2025-03-05"),
            granted: true,
        },
    )
    .unwrap();
    assert_eq!(
        code(decide(
            &s,
            &Command::Complete {
                on: d("2025-03-20")
            },
            &ctx,
            at("2025-03-20")
        )),
        "officer_withdrawn"
    );
    let mut others = w.ctx();
    others.officers = vec![certified(1), certified(3)];
    assert_eq!(
        code(decide(
            &s,
            &Command::Complete {
                on: d("2025-03-20")
            },
            &others,
            at("2025-03-20")
        )),
        "ok"
    );
}
