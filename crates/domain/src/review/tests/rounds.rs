use super::*;
use crate::calendar::{Calendar, DeadlineStatus, Period};

const REVIEWER: u128 = 9;

#[test]
fn checklist_has_the_eleven_items_of_domain_section_5() {
    assert_eq!(ChecklistItem::ALL.len(), 11);
    let numbers: Vec<_> = ChecklistItem::ALL.iter().map(|i| i.number()).collect();
    assert_eq!(numbers, (1..=11).collect::<Vec<_>>());
    assert_eq!(
        ChecklistItem::LawfulSubject.label_zh(),
        "行政执法主体是否合法"
    );
    assert_eq!(
        ChecklistItem::CrimeTransfer.label_zh(),
        "违法行为是否涉嫌犯罪、需要移送司法机关"
    );
}

#[test]
fn a_problem_needs_a_comment_and_the_opinion_needs_all_eleven_items() {
    let r = assigned();
    let by = oid(REVIEWER);
    let err = r
        .answer_item(by, ChecklistItem::FactsClear, Finding::Problem, "  ")
        .unwrap_err();
    assert_eq!(err.code(), "comment_required");
    let r = r
        .answer_item(
            by,
            ChecklistItem::FactsClear,
            Finding::Problem,
            "违法所得计算不清",
        )
        .unwrap();
    let err = r
        .give_opinion(by, Opinion::Approve, d("2024-10-09"))
        .unwrap_err();
    assert_eq!(err.code(), "checklist_incomplete");
    match err {
        ReviewViolation::ChecklistIncomplete { missing } => assert_eq!(missing.len(), 10),
        other => panic!("{other:?}"),
    }
    let r = all_pass(r, by);
    assert!(r.current().unwrap().checklist.is_complete());
}

#[test]
fn problems_found_needs_what_must_change() {
    let r = all_pass(assigned(), oid(REVIEWER));
    let empty = Opinion::ProblemsFound {
        must_change: vec![" ".into()],
    };
    assert_eq!(
        r.give_opinion(oid(REVIEWER), empty, d("2024-10-09"))
            .unwrap_err()
            .code(),
        "changes_required"
    );
}

#[test]
fn only_the_assigned_reviewer_answers() {
    let r = assigned();
    let err = r
        .answer_item(oid(8), ChecklistItem::Other, Finding::Pass, "")
        .unwrap_err();
    assert_eq!(err.code(), "not_assigned_reviewer");
}

#[test]
fn whole_walk_returned_resubmitted_approved_keeps_every_round() {
    let by = oid(REVIEWER);
    let r = assigned();
    assert_eq!(r.status, ReviewStatus::Assigned);
    let r = all_pass(r, by)
        .answer_item(
            by,
            ChecklistItem::LawCorrect,
            Finding::Problem,
            "适用条款错误",
        )
        .unwrap()
        .attach_adviser_opinion(
            by,
            AdviserOpinion {
                adviser: "某律师事务所 张律师".into(),
                text: "应适用第十七条".into(),
                material_id: None,
            },
        )
        .unwrap()
        .give_opinion(by, problems("改引第十七条"), d("2024-10-10"))
        .unwrap();
    assert_eq!(r.status, ReviewStatus::Returned);
    // A returned review cannot be answered again before resubmission.
    assert_eq!(
        r.answer_item(by, ChecklistItem::Other, Finding::Pass, "")
            .unwrap_err()
            .code(),
        "invalid_transition"
    );
    let mut corrected = submission("2024-10-11", fine(PartyKind::NaturalPerson, yuan(20_000)));
    corrected.draft.legal_basis = vec!["第十七条".into()];
    corrected.materials[1].sha256 = "h2b".into();
    corrected.materials.remove(2);
    corrected.materials.push(material("evidence2", "h4"));
    let r = r.resubmit(corrected).unwrap();
    assert_eq!(r.status, ReviewStatus::Resubmitted);
    assert_eq!(r.current().unwrap().number, 2);
    assert_eq!(r.current().unwrap().started_on, Some(d("2024-10-11")));
    let diff = r.diff_latest().unwrap();
    assert_eq!(diff.added, vec!["evidence2"]);
    assert_eq!(diff.removed, vec!["evidence"]);
    assert_eq!(diff.changed, vec!["draft"]);
    assert_eq!(diff.draft, vec![DraftField::LegalBasis]);
    // Round 2 starts with an empty checklist; round 1 is kept as answered.
    assert!(r.current().unwrap().checklist.missing().len() == 11);
    let r = all_pass(r, by)
        .give_opinion(by, Opinion::Approve, d("2024-10-12"))
        .unwrap();
    assert_eq!(r.status, ReviewStatus::Approved);
    assert_eq!(r.rounds.len(), 2);
    assert_eq!(r.rounds[0].opinion, Some(problems("改引第十七条")));
    assert!(r.rounds[0].adviser_opinion.is_some());
}

#[test]
fn commands_out_of_order_are_refused() {
    let requested = Review::request(
        Uuid::from_u128(0xC),
        agency(),
        1,
        submission("2024-10-08", fine(PartyKind::NaturalPerson, yuan(20_000))),
    )
    .unwrap();
    let table = [
        (
            requested.answer_item(oid(REVIEWER), ChecklistItem::Other, Finding::Pass, ""),
            "invalid_transition",
        ),
        (
            requested.resubmit(submission("2024-10-09", fine(PartyKind::NaturalPerson, 1))),
            "invalid_transition",
        ),
        (
            requested.extend("复杂", d("2024-10-09")),
            "invalid_transition",
        ),
        (
            requested.assign(&reviewer(REVIEWER, true), &participants(), d("2024-10-07")),
            "date_out_of_order",
        ),
    ];
    for (result, code) in table {
        assert_eq!(result.unwrap_err().code(), code);
    }
    let mut empty = submission("2024-10-08", fine(PartyKind::NaturalPerson, 1));
    empty.materials.clear();
    assert_eq!(
        Review::request(Uuid::nil(), agency(), 1, empty)
            .unwrap_err()
            .code(),
        "materials_missing"
    );
}

#[test]
fn review_deadline_is_five_working_days_from_receipt_extendable_once() {
    // Local rules (under 行政处罚法 art. 58, configurable): 5 working days, extendable once with a reason.
    let cal = Calendar::shipped().unwrap();
    let s = ReviewSettings::default();
    // Submitted (received) Tuesday 2024-09-24; 国庆节 2024-10-01..07 off, Sunday 09-29 worked:
    // 09-25, 26, 27, 29, 30 → due 2024-09-30.
    let r = Review::request(
        Uuid::nil(),
        agency(),
        1,
        submission("2024-09-24", fine(PartyKind::NaturalPerson, yuan(20_000))),
    )
    .unwrap()
    .assign(&reviewer(REVIEWER, true), &participants(), d("2024-09-24"))
    .unwrap();
    let table = [
        ("2024-09-25", DeadlineStatus::Pending),
        ("2024-09-29", DeadlineStatus::DueSoon),
        ("2024-09-30", DeadlineStatus::DueSoon),
        ("2024-10-01", DeadlineStatus::Overdue),
    ];
    for (today, status) in table {
        let dl = review_deadline(&r, &s, &cal, d(today)).unwrap();
        assert_eq!(dl.due, Ok(d("2024-09-30")));
        assert_eq!(dl.status, Some(status), "{today}");
    }
    // Extended: 5 more working days after 09-30, skipping the holiday: 10-08, 09, 10, 11, 12
    // (10-12 is a Saturday worked for 国庆节).
    assert_eq!(
        r.extend("  ", d("2024-09-27")).unwrap_err().code(),
        "reason_required"
    );
    let r = r
        .extend("涉及多个法律关系，需征求法律顾问意见", d("2024-09-27"))
        .unwrap();
    let dl = review_deadline(&r, &s, &cal, d("2024-10-08")).unwrap();
    assert_eq!(dl.due, Ok(d("2024-10-12")));
    assert!(dl.extended);
    assert_eq!(
        r.extend("再次延长", d("2024-10-08")).unwrap_err().code(),
        "extension_exhausted"
    );
    // Answered in time: met.
    let r = all_pass(r, oid(REVIEWER))
        .give_opinion(oid(REVIEWER), Opinion::Approve, d("2024-10-11"))
        .unwrap();
    let dl = review_deadline(&r, &s, &cal, d("2024-12-01")).unwrap();
    assert_eq!(dl.status, Some(DeadlineStatus::Met));
    // Configurable period.
    let s3 = ReviewSettings {
        period: Period::working(3),
        ..ReviewSettings::default()
    };
    let r1 = Review::request(
        Uuid::nil(),
        agency(),
        1,
        submission("2024-09-24", fine(PartyKind::NaturalPerson, 1)),
    )
    .unwrap()
    .assign(&reviewer(REVIEWER, true), &participants(), d("2024-09-24"))
    .unwrap();
    let dl = review_deadline(&r1, &s3, &cal, d("2024-09-24")).unwrap();
    assert_eq!(dl.due, Ok(d("2024-09-27")));
}

#[test]
fn review_deadline_is_unknown_outside_the_calendar() {
    // A 2027 due date without 2027 holiday data is unknown, never a guess.
    let cal = Calendar::shipped().unwrap();
    let s = ReviewSettings::default();
    let requested = Review::request(
        Uuid::nil(),
        agency(),
        1,
        submission("2026-12-28", fine(PartyKind::NaturalPerson, 1)),
    )
    .unwrap();
    let dl = review_deadline(&requested, &s, &cal, d("2026-12-29")).unwrap();
    assert_eq!(dl.due.unwrap_err().date, d("2027-01-01"));
    assert_eq!(dl.status, None);
}

#[test]
fn review_clock_runs_from_receipt_not_from_assignment() {
    // The review body answers within its period from receiving the materials (local rules under
    // 行政处罚法 art. 58; the period is `ReviewSettings::period`): a reviewer
    // assigned days later does not restart it, and it runs while nobody is assigned yet.
    let cal = Calendar::shipped().unwrap();
    let s = ReviewSettings::default();
    let requested = Review::request(
        Uuid::nil(),
        agency(),
        1,
        submission("2024-09-24", fine(PartyKind::NaturalPerson, yuan(20_000))),
    )
    .unwrap();
    let waiting = review_deadline(&requested, &s, &cal, d("2024-09-26")).unwrap();
    assert_eq!(waiting.start, d("2024-09-24"));
    assert_eq!(waiting.due, Ok(d("2024-09-30")));
    let r = requested
        .assign(&reviewer(REVIEWER, true), &participants(), d("2024-09-27"))
        .unwrap();
    let dl = review_deadline(&r, &s, &cal, d("2024-09-27")).unwrap();
    assert_eq!(dl.start, d("2024-09-24"));
    assert_eq!(dl.due, Ok(d("2024-09-30")));
    // A resubmission is a new receipt: the next round runs from it.
    let r = all_pass(r, oid(REVIEWER))
        .give_opinion(oid(REVIEWER), problems("补充证据"), d("2024-09-29"))
        .unwrap()
        .resubmit(submission(
            "2024-10-08",
            fine(PartyKind::NaturalPerson, yuan(20_000)),
        ))
        .unwrap();
    let dl = review_deadline(&r, &s, &cal, d("2024-10-08")).unwrap();
    assert_eq!((dl.round, dl.start), (2, d("2024-10-08")));
}

#[test]
fn an_approval_cannot_contradict_a_problem_finding() {
    // 行政处罚法 art. 58: the written opinion rests on the checklist; "同意" with items marked
    // as problems is refused, naming them. "存在问题" with them is the lawful answer.
    let by = oid(REVIEWER);
    let r = all_pass(assigned(), by)
        .answer_item(
            by,
            ChecklistItem::LawCorrect,
            Finding::Problem,
            "适用条款错误",
        )
        .unwrap()
        .answer_item(
            by,
            ChecklistItem::ProcedureLawful,
            Finding::Problem,
            "未告知听证权利",
        )
        .unwrap();
    let err = r
        .give_opinion(by, Opinion::Approve, d("2024-10-09"))
        .unwrap_err();
    assert_eq!(err.code(), "approval_with_problems");
    assert!(err.to_string().contains("第5、7项"), "{err}");
    assert_eq!(r.status, ReviewStatus::Assigned);
    let returned = r
        .give_opinion(by, problems("更正适用条款并补充告知"), d("2024-10-09"))
        .unwrap();
    assert_eq!(returned.status, ReviewStatus::Returned);
}

#[test]
fn review_deadline_reaching_2027_without_data_is_unknown() {
    // Local review period (5 working days, 行政处罚法 art. 58 review under local rules) counted per
    // 行政处罚法 art. 85: started at the end of 2026, it reaches 2027, for which no holiday notice
    // is loaded: unknown, with the note naming the year, never plain Monday–Friday.
    let cal = Calendar::shipped().unwrap();
    let s = ReviewSettings::default();
    let r = Review::request(
        Uuid::nil(),
        agency(),
        1,
        submission("2026-12-28", fine(PartyKind::NaturalPerson, yuan(20_000))),
    )
    .unwrap()
    .assign(&reviewer(REVIEWER, true), &participants(), d("2026-12-28"))
    .unwrap();
    let dl = review_deadline(&r, &s, &cal, d("2026-12-29")).unwrap();
    let gap = dl.due.unwrap_err();
    assert_eq!(chrono::Datelike::year(&gap.date), 2027);
    assert!(
        gap.to_string()
            .starts_with("未知——请先载入2027年的节假日数据"),
        "{gap}"
    );
    assert_eq!(dl.status, None);
}
