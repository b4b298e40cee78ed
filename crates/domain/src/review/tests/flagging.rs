use super::*;

fn cat() -> Catalogue {
    Catalogue::default_for(agency(), d("2024-01-01"))
}

fn keys(f: &Flagging) -> Vec<&str> {
    f.matched.iter().map(|m| m.criterion.key()).collect()
}

fn with(f: impl FnOnce(&mut DraftDecision)) -> DraftDecision {
    let mut draft = fine(PartyKind::NaturalPerson, yuan(500));
    f(&mut draft);
    draft
}

#[test]
fn draft_decisions_are_flagged_against_the_catalogue() {
    // 行政处罚法 art. 58 (一)–(四) and the agency's catalogue.
    let table: Vec<(&str, DraftDecision, Vec<&str>)> = vec![
        ("small fine", with(|_| {}), vec![]),
        (
            "person at 10,000 yuan",
            fine(PartyKind::NaturalPerson, yuan(10_000)),
            vec!["amount_at_least"],
        ),
        (
            "person just below",
            fine(PartyKind::NaturalPerson, yuan(10_000) - 1),
            vec![],
        ),
        (
            "organisation at 99,999.99 yuan",
            fine(PartyKind::Organisation, yuan(100_000) - 1),
            vec![],
        ),
        (
            "organisation at 100,000 yuan",
            fine(PartyKind::Organisation, yuan(100_000)),
            vec!["amount_at_least"],
        ),
        (
            "confiscation counts",
            with(|x| x.sanction.confiscation_fen = yuan(10_000)),
            vec!["amount_at_least"],
        ),
        (
            "licence revoked",
            with(|x| x.sanction.licence_revocation = true),
            vec!["licence_revocation_or_downgrade"],
        ),
        (
            "qualification lowered",
            with(|x| x.sanction.other = vec!["降低资质等级".into()]),
            vec!["licence_revocation_or_downgrade"],
        ),
        (
            "suspension of business",
            with(|x| x.sanction.other = vec!["责令停产停业".into()]),
            vec!["suspension_of_business"],
        ),
        (
            "closure",
            with(|x| x.sanction.other = vec!["责令关闭".into()]),
            vec!["closure"],
        ),
        (
            "restriction of practice",
            with(|x| x.sanction.other = vec!["限制从业".into()]),
            vec!["restriction_of_practice"],
        ),
        // art. 58 (二)
        (
            "hearing held",
            with(|x| x.hearing_held = true),
            vec!["hearing_held"],
        ),
        // art. 58 (一)
        (
            "public interest",
            with(|x| x.flags.major_public_interest = true),
            vec!["major_public_interest"],
        ),
        // art. 58 (三)
        (
            "complex",
            with(|x| x.flags.complex = true),
            vec!["complex_multiple_relationships"],
        ),
        (
            "transfer to judicial organs",
            with(|x| x.outcome = OutcomeKind::TransferToJudicial),
            vec!["suspected_crime"],
        ),
        (
            "no penalty ignores the amount",
            with(|x| {
                x.outcome = OutcomeKind::NoPenalty;
                x.sanction.fine_fen = yuan(50_000);
            }),
            vec![],
        ),
        (
            "several at once, in catalogue order",
            with(|x| {
                x.sanction.fine_fen = yuan(20_000);
                x.hearing_held = true;
            }),
            vec!["amount_at_least", "hearing_held"],
        ),
    ];
    for (name, draft, expected) in table {
        let f = evaluate(&draft, &cat());
        assert_eq!(keys(&f), expected, "{name}");
        assert_eq!(f.review_required, !expected.is_empty(), "{name}");
        assert_eq!(f.catalogue_version, 1);
    }
}

#[test]
fn custom_criteria_match_by_officer_flag_key() {
    let mut c = cat();
    c.criteria.push(Criterion::Custom {
        key: "cross_region".into(),
        label: "跨区域案件".into(),
    });
    let plain = evaluate(&with(|_| {}), &c);
    assert!(!plain.review_required);
    let flagged = evaluate(
        &with(|x| {
            x.flags.custom.insert("cross_region".into());
        }),
        &c,
    );
    assert_eq!(keys(&flagged), vec!["cross_region"]);
    assert!(flagged.matched[0].reason.contains("跨区域案件"));
}

#[test]
fn a_catalogue_version_with_a_higher_threshold_flags_less() {
    let mut c = cat();
    c.version = 2;
    c.criteria[0] = Criterion::AmountAtLeast {
        person_fen: yuan(50_000),
        organisation_fen: yuan(500_000),
    };
    let f = evaluate(&fine(PartyKind::NaturalPerson, yuan(20_000)), &c);
    assert!(!f.review_required);
    assert_eq!(f.catalogue_version, 2);
}

#[test]
fn deliberation_is_required_for_a_flagged_penalty_only() {
    // 行政处罚法 art. 57 para. 2: 情节复杂或者重大违法行为给予行政处罚.
    let table = [
        (with(|x| x.flags.complex = true), true),
        (fine(PartyKind::NaturalPerson, yuan(10_000)), true),
        (with(|_| {}), false),
        (with(|x| x.outcome = OutcomeKind::TransferToJudicial), false),
    ];
    for (draft, expected) in table {
        assert_eq!(
            evaluate(&draft, &cat()).deliberation_required,
            expected,
            "{draft:?}"
        );
    }
}
