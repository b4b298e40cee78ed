use super::*;

fn flagging(review_required: bool, deliberation_required: bool) -> Flagging {
    Flagging {
        catalogue_version: 1,
        matched: vec![],
        review_required,
        deliberation_required,
    }
}

fn approved() -> Review {
    all_pass(assigned(), oid(9))
        .give_opinion(oid(9), Opinion::Approve, d("2024-10-09"))
        .unwrap()
}

fn draft() -> DraftDecision {
    fine(PartyKind::NaturalPerson, yuan(20_000))
}

#[test]
fn reviewer_gates_separation_of_duties_and_qualification() {
    // Separation of duties (seed plan §(三)); 行政处罚法 art. 58 para. 2: 初次从事法制审核的人员
    // 应当取得法律职业资格.
    let other_agency = ReviewerProfile {
        agency_id: Uuid::from_u128(0xB),
        ..reviewer(9, true)
    };
    let not_reviewer = ReviewerProfile {
        is_legal_reviewer: false,
        ..reviewer(9, true)
    };
    let newly = ReviewerProfile {
        newly_appointed: true,
        ..reviewer(9, false)
    };
    // (profile, expected) — art. 58 para. 2 is about the person, whatever the case.
    let table = [
        (reviewer(9, true), None),
        (reviewer(1, true), Some("reviewer_conflict")), // handler
        (reviewer(2, true), Some("reviewer_conflict")), // investigator
        (reviewer(9, false), None),                     // experienced, unqualified: may review
        (newly, Some("reviewer_unqualified")),
        (other_agency, Some("reviewer_not_eligible")),
        (not_reviewer, Some("reviewer_not_eligible")),
    ];
    for (r, expected) in table {
        assert_eq!(
            check_reviewer(&r, agency(), &participants())
                .err()
                .map(|e| e.code()),
            expected,
            "{r:?}"
        );
    }
}

/// 行政处罚法 art. 58 para. 2 (in force 2021-07-15): newly engaged means review work that began
/// on or after that day, or no recorded beginning.
#[test]
fn newly_engaged_is_judged_from_when_review_work_began() {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(!newly_engaged(Some(d("2018-03-01"))));
    assert!(!newly_engaged(Some(d("2021-07-14"))));
    assert!(newly_engaged(Some(d("2021-07-15"))));
    assert!(newly_engaged(Some(d("2024-01-02"))));
    assert!(newly_engaged(None));
}

#[test]
fn assign_applies_the_reviewer_gates() {
    let requested =
        Review::request(Uuid::nil(), agency(), 1, submission("2024-10-08", draft())).unwrap();
    let newly = |n: u128| ReviewerProfile {
        newly_appointed: true,
        ..reviewer(n, false)
    };
    let table = [
        (reviewer(1, true), "reviewer_conflict"),
        (newly(9), "reviewer_unqualified"),
    ];
    for (r, code) in table {
        let err = requested
            .assign(&r, &participants(), d("2024-10-08"))
            .unwrap_err();
        assert_eq!(err.code(), code);
    }
    // art. 58 para. 2 is about the person: an experienced reviewer without the qualification
    // may be the case's first reviewer, and may take over later.
    let a = requested
        .assign(&reviewer(7, false), &participants(), d("2024-10-08"))
        .unwrap();
    assert_eq!(a.reviewer, Some(oid(7)));
    let a = requested
        .assign(&reviewer(9, true), &participants(), d("2024-10-08"))
        .unwrap();
    let err = a
        .assign(&newly(7), &participants(), d("2024-10-09"))
        .unwrap_err();
    assert_eq!(err.code(), "reviewer_unqualified");
    let resubmitted = all_pass(a, oid(9))
        .give_opinion(oid(9), problems("补充证据"), d("2024-10-09"))
        .unwrap()
        .resubmit(submission("2024-10-10", draft()))
        .unwrap();
    let b = resubmitted
        .assign(&reviewer(7, false), &participants(), d("2024-10-10"))
        .unwrap();
    assert_eq!(
        (b.reviewer, b.status),
        (Some(oid(7)), ReviewStatus::Resubmitted)
    );
}

/// Name, review required, review, draft decided, expected code.
type GateRow = (
    &'static str,
    bool,
    Option<Review>,
    DraftDecision,
    Option<&'static str>,
);

#[test]
fn decision_gate_art_58_no_decision_without_an_approving_review() {
    // 行政处罚法 art. 58: 未经法制审核或者审核未通过的，不得作出决定.
    let returned = all_pass(assigned(), oid(9))
        .give_opinion(oid(9), problems("补充证据"), d("2024-10-09"))
        .unwrap();
    let resubmitted = returned
        .resubmit(submission("2024-10-10", draft()))
        .unwrap();
    let mut raised = draft();
    raised.sanction.fine_fen = yuan(30_000);
    let mut heavier = draft();
    heavier.sanction.licence_suspension = true;
    let mut rebased = draft();
    rebased.legal_basis = vec!["另一条款".into()];
    let table: Vec<GateRow> = vec![
        ("not required", false, None, draft(), None),
        (
            "no review",
            true,
            None,
            draft(),
            Some("legal_review_missing"),
        ),
        (
            "assigned, unanswered",
            true,
            Some(assigned()),
            draft(),
            Some("legal_review_missing"),
        ),
        (
            "problems found",
            true,
            Some(returned),
            draft(),
            Some("legal_review_not_approved"),
        ),
        (
            "resubmitted, unanswered",
            true,
            Some(resubmitted),
            draft(),
            Some("legal_review_not_approved"),
        ),
        ("approved", true, Some(approved()), draft(), None),
        (
            "amount changed after approval",
            true,
            Some(approved()),
            raised,
            Some("review_stale"),
        ),
        (
            "penalty type changed",
            true,
            Some(approved()),
            heavier,
            Some("review_stale"),
        ),
        (
            "legal basis changed",
            true,
            Some(approved()),
            rebased,
            Some("review_stale"),
        ),
    ];
    for (name, required, review, deciding, expected) in table {
        let f = flagging(required, false);
        let got = check_review_gate(&f, review.as_ref(), &deciding)
            .err()
            .map(|e| e.code());
        assert_eq!(got, expected, "{name}");
        assert_eq!(
            legal_review_approved(&f, review.as_ref(), &deciding),
            expected.is_none()
        );
    }
}

#[test]
fn changing_the_draft_after_approval_needs_a_new_round() {
    let mut raised = draft();
    raised.sanction.fine_fen = yuan(30_000);
    let r = approved()
        .resubmit(submission("2024-10-10", raised.clone()))
        .unwrap();
    assert_eq!(r.status, ReviewStatus::Resubmitted);
    assert_eq!(r.diff_latest().unwrap().draft, vec![DraftField::Amount]);
    let f = flagging(true, false);
    assert_eq!(
        check_review_gate(&f, Some(&r), &raised).unwrap_err().code(),
        "legal_review_not_approved"
    );
    let r = all_pass(r, oid(9))
        .give_opinion(oid(9), Opinion::Approve, d("2024-10-11"))
        .unwrap();
    assert!(check_review_gate(&f, Some(&r), &raised).is_ok());
}

#[test]
fn deliberation_gate_art_57() {
    // 行政处罚法 art. 57 para. 2: 对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定.
    let s = ReviewSettings::default();
    let rec = |attendees: &[&str], conclusion: &str, on: &str| Deliberation {
        held_on: d(on),
        attendees: attendees.iter().map(|a| a.to_string()).collect(),
        opinions: vec![DeliberationOpinion {
            attendee: "局长".into(),
            opinion: "同意处罚".into(),
        }],
        conclusion: conclusion.into(),
    };
    let full = rec(
        &["局长", "副局长", "法制科长"],
        "给予罚款2万元",
        "2024-10-10",
    );
    let table = [
        (false, None, None),
        (true, None, Some("deliberation_missing")),
        (true, Some(full.clone()), None),
        (
            true,
            Some(rec(&["局长", "副局长"], "给予罚款", "2024-10-10")),
            Some("deliberation_incomplete"),
        ),
        (
            true,
            Some(rec(&["局长", "局长", "副局长"], "给予罚款", "2024-10-10")),
            Some("deliberation_incomplete"),
        ),
        (
            true,
            Some(rec(&["局长", "副局长", "科长"], " ", "2024-10-10")),
            Some("deliberation_incomplete"),
        ),
        (
            true,
            Some(rec(&["局长", "副局长", "科长"], "给予罚款", "2024-10-13")),
            Some("deliberation_missing"),
        ),
    ];
    for (required, record, expected) in table {
        let got = check_deliberation(
            &flagging(false, required),
            record.as_ref(),
            d("2024-10-12"),
            &s,
        )
        .err()
        .map(|e| e.code());
        assert_eq!(got, expected, "{record:?}");
    }
    // Both gates together: review first.
    let f = flagging(true, true);
    let got = check_decision(&f, None, None, &draft(), d("2024-10-12"), &s);
    assert_eq!(got.unwrap_err().code(), "legal_review_missing");
    let got = check_decision(&f, Some(&approved()), None, &draft(), d("2024-10-12"), &s);
    assert_eq!(got.unwrap_err().code(), "deliberation_missing");
    assert!(check_decision(
        &f,
        Some(&approved()),
        Some(&full),
        &draft(),
        d("2024-10-12"),
        &s
    )
    .is_ok());
}

#[test]
fn every_violation_has_a_stable_code_and_a_bilingual_message() {
    let all = [
        ReviewViolation::ReviewerConflict,
        ReviewViolation::ReviewerUnqualified,
        ReviewViolation::LegalReviewMissing,
        ReviewViolation::LegalReviewNotApproved,
        ReviewViolation::ReviewStale,
        ReviewViolation::DeliberationMissing,
        ReviewViolation::ExtensionExhausted,
        ReviewViolation::ReasonRequired,
        ReviewViolation::CommentRequired {
            item: ChecklistItem::FactsClear,
        },
        ReviewViolation::DiscretionRangeInvalid,
        ReviewViolation::DiscretionInvalid("x".into()),
        ReviewViolation::DiscretionVersionNotNext { expected: 2 },
        ReviewViolation::DiscretionOverlap { version: 1 },
    ];
    for v in all {
        let code = v.code();
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{code}"
        );
        let msg = v.message();
        assert!(msg.contains(" / "), "{msg}");
        assert!(!msg.is_ascii(), "{msg}");
    }
}
