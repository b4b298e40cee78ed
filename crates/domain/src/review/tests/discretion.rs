//! Discretion standards (行政处罚裁量基准, 行政处罚法 art. 34): versions, ranges, and the flag the
//! reviewer sees under checklist item 6 when a proposed fine is outside the published range.

use super::*;

fn range(
    party_kind: PartyKind,
    circumstance: Option<Circumstance>,
    min_yuan: i64,
    max_yuan: i64,
) -> FineRange {
    FineRange {
        party_kind,
        circumstance,
        min_fen: yuan(min_yuan),
        max_fen: yuan(max_yuan),
    }
}

fn standard(version: u32, from: &str, ranges: Vec<FineRange>) -> DiscretionStandard {
    DiscretionStandard {
        agency_id: agency(),
        code: "accounting-42".into(),
        violation_type: "未按规定保存会计凭证".into(),
        version,
        effective_from: d(from),
        effective_until: None,
        legal_basis: vec!["《中华人民共和国会计法》第四十二条".into()],
        text: "按情节轻重分档裁量。".into(),
        ranges,
    }
}

fn tiered() -> DiscretionStandard {
    use Circumstance::*;
    use PartyKind::*;
    standard(
        1,
        "2024-01-01",
        vec![
            range(NaturalPerson, Some(Minor), 0, 3_000),
            range(NaturalPerson, Some(General), 3_000, 10_000),
            range(NaturalPerson, Some(Serious), 10_000, 50_000),
            range(Organisation, None, 5_000, 100_000),
        ],
    )
}

fn with_ref(kind: PartyKind, fine_yuan: i64, circumstance: Option<Circumstance>) -> DraftDecision {
    DraftDecision {
        discretion: Some(DiscretionRef {
            code: "accounting-42".into(),
            circumstance,
        }),
        ..fine(kind, yuan(fine_yuan))
    }
}

#[test]
fn an_amount_outside_the_published_range_is_flagged_for_the_reviewer() {
    // 行政处罚法 art. 34: 行政机关可以依法制定行政处罚裁量基准，并向社会公布; the review checks
    // that it was applied (review checklist item 6, `ChecklistItem::DiscretionAppropriate`). Ends of a range are inside it.
    use Circumstance::*;
    use PartyKind::*;
    let s = tiered();
    let table = [
        (NaturalPerson, 3_000, Some(Minor), None),
        (NaturalPerson, 3_000, Some(General), None),
        (NaturalPerson, 10_000, Some(General), None),
        (NaturalPerson, 4_000, Some(Minor), Some("above_range")),
        (NaturalPerson, 2_999, Some(General), Some("below_range")),
        (NaturalPerson, 10_001, Some(General), Some("above_range")),
        // Without a stated circumstance: the span of all circumstance ranges.
        (NaturalPerson, 50_000, None, None),
        (NaturalPerson, 50_001, None, Some("above_range")),
        // Organisations: one range whatever the circumstances.
        (Organisation, 4_999, Some(Serious), Some("below_range")),
        (Organisation, 100_000, Some(Minor), None),
        (Organisation, 100_001, None, Some("above_range")),
    ];
    for (kind, fine_yuan, c, expected) in table {
        let flag = check_discretion(&with_ref(kind, fine_yuan, c), Some(&s));
        assert_eq!(
            flag.as_ref().map(DiscretionFlag::kind),
            expected,
            "{kind:?} {fine_yuan} {c:?}"
        );
    }
}

#[test]
fn flags_say_the_amounts_in_yuan() {
    let flag = check_discretion(
        &with_ref(
            PartyKind::NaturalPerson,
            20_000,
            Some(Circumstance::General),
        ),
        Some(&tiered()),
    )
    .unwrap();
    assert_eq!(
        flag.message_zh(),
        "拟罚款20,000元高于裁量基准accounting-42（第1版）（情节一般）幅度3,000元至10,000元"
    );
    assert_eq!(yuan_zh(12_345), "123.45元");
    assert_eq!(yuan_zh(100_000_000), "1,000,000元");
    assert_eq!(yuan_zh(0), "0元");
}

#[test]
fn no_standard_no_range_and_not_a_penalty() {
    let person_only = standard(
        1,
        "2024-01-01",
        vec![range(PartyKind::NaturalPerson, None, 0, 1_000)],
    );
    let org = with_ref(PartyKind::Organisation, 500, None);
    assert_eq!(
        check_discretion(&org, Some(&person_only)).map(|f| f.kind()),
        Some("no_range")
    );
    assert_eq!(
        check_discretion(&org, None).map(|f| f.kind()),
        Some("no_standard")
    );
    // No violation type named: nothing to compare with.
    let unnamed = fine(PartyKind::Organisation, yuan(1));
    assert_eq!(check_discretion(&unnamed, Some(&person_only)), None);
    // Not a penalty: the discretion standard is about the fine.
    let no_penalty = DraftDecision {
        outcome: OutcomeKind::NoPenalty,
        ..with_ref(PartyKind::NaturalPerson, 0, None)
    };
    assert_eq!(check_discretion(&no_penalty, None), None);
}

#[test]
fn malformed_standards_are_refused() {
    use Circumstance::*;
    use PartyKind::*;
    let table: Vec<(Vec<FineRange>, &str)> = vec![
        (vec![], "discretion_range_invalid"),
        (
            vec![range(NaturalPerson, None, 10, 5)],
            "discretion_range_invalid",
        ),
        (
            vec![FineRange {
                min_fen: -1,
                ..range(NaturalPerson, None, 0, 5)
            }],
            "discretion_range_invalid",
        ),
        (
            vec![
                range(NaturalPerson, Some(Minor), 0, 5),
                range(NaturalPerson, Some(Minor), 5, 9),
            ],
            "discretion_range_invalid",
        ),
        (
            vec![
                range(NaturalPerson, None, 0, 5),
                range(NaturalPerson, Some(Minor), 0, 5),
            ],
            "discretion_range_invalid",
        ),
    ];
    for (ranges, code) in table {
        assert_eq!(
            standard(1, "2024-01-01", ranges)
                .validate()
                .unwrap_err()
                .code(),
            code
        );
    }
    let mut bad_code = tiered();
    bad_code.code = "会计/42".into();
    assert_eq!(
        bad_code.validate().unwrap_err().code(),
        "discretion_invalid"
    );
}

#[test]
fn versions_follow_each_other_and_history_is_kept() {
    // Like the catalogue: a review is judged against the version in force when its round was
    // submitted; publishing closes the current version the day before the next takes effect.
    let mut h = DiscretionHistory::from_versions([tiered()]).unwrap();
    let v2 = standard(
        2,
        "2025-01-01",
        vec![range(PartyKind::NaturalPerson, None, 0, 20_000)],
    );
    let closed = h.publish(v2.clone()).unwrap();
    assert_eq!(closed, Some((1, Some(d("2024-12-31")))));
    assert_eq!(h.in_force_on(d("2024-12-31")).unwrap().version, 1);
    assert_eq!(h.in_force_on(d("2025-01-01")).unwrap().version, 2);
    assert_eq!(h.get(1).unwrap().effective_until, Some(d("2024-12-31")));
    assert_eq!(h.versions().len(), 2);
    // Not the next number; starting before the latest began.
    assert_eq!(
        h.validate_next(&standard(4, "2026-01-01", v2.ranges.clone()))
            .unwrap_err()
            .code(),
        "discretion_version_not_next"
    );
    assert_eq!(
        h.validate_next(&standard(3, "2025-01-01", v2.ranges.clone()))
            .unwrap_err()
            .code(),
        "discretion_overlap"
    );
    assert_eq!(
        DiscretionHistory::default()
            .validate_next(&standard(2, "2025-01-01", v2.ranges))
            .unwrap_err()
            .code(),
        "discretion_version_not_next"
    );
}
