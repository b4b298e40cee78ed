use super::*;

fn version(n: u32, from: &str, until: Option<&str>) -> Catalogue {
    Catalogue {
        version: n,
        effective_until: until.map(d),
        ..Catalogue::default_for(agency(), d(from))
    }
}

#[test]
fn default_catalogue_uses_the_hearing_thresholds_of_domain_section_4() {
    // 财政部令第109号: 10,000 yuan person, 100,000 yuan organisation; art. 58 (一)–(三).
    let c = Catalogue::default_for(agency(), d("2024-01-01"));
    assert_eq!(
        c.criteria[0],
        Criterion::AmountAtLeast {
            person_fen: 1_000_000,
            organisation_fen: 10_000_000
        }
    );
    assert_eq!(c.criteria.len(), 9);
    assert!(c.validate().is_ok());
    assert_eq!(
        c.criteria[0].label_zh(),
        "罚款或没收金额达到公民10,000元、法人或其他组织100,000元以上"
    );
}

#[test]
fn in_force_on_picks_the_version_of_the_request_day() {
    let mut h = CatalogueHistory::new();
    h.publish(version(1, "2024-01-01", None)).unwrap();
    let closed = h.publish(version(2, "2024-07-01", None)).unwrap();
    assert_eq!(closed, Some(1));
    assert_eq!(h.get(1).unwrap().effective_until, Some(d("2024-06-30")));
    let table = [
        ("2023-12-31", None),
        ("2024-01-01", Some(1)),
        ("2024-06-30", Some(1)),
        ("2024-07-01", Some(2)),
        ("2030-01-01", Some(2)),
    ];
    for (day, expected) in table {
        assert_eq!(h.in_force_on(d(day)).map(|c| c.version), expected, "{day}");
    }
    assert_eq!(h.latest().map(|c| c.version), Some(2));
}

#[test]
fn a_new_version_must_be_next_and_must_not_overlap() {
    let mut h = CatalogueHistory::new();
    assert_eq!(
        h.validate_next(&version(2, "2024-01-01", None))
            .unwrap_err()
            .code(),
        "catalogue_version_not_next"
    );
    h.publish(version(1, "2024-01-01", Some("2024-12-31")))
        .unwrap();
    let table = [
        (
            version(3, "2025-01-01", None),
            Some("catalogue_version_not_next"),
        ),
        (version(2, "2024-12-31", None), Some("catalogue_overlap")),
        (version(2, "2024-06-01", None), Some("catalogue_overlap")),
        (
            version(2, "2025-03-01", Some("2025-02-01")),
            Some("catalogue_invalid"),
        ),
        (
            Catalogue {
                agency_id: Uuid::from_u128(0xB),
                ..version(2, "2025-01-01", None)
            },
            Some("catalogue_invalid"),
        ),
        (version(2, "2025-01-01", None), None),
    ];
    for (next, expected) in table {
        assert_eq!(
            h.validate_next(&next).err().map(|e| e.code()),
            expected,
            "{next:?}"
        );
    }
    // An open-ended current version is closed, not an overlap, when the next starts later.
    let mut open = CatalogueHistory::new();
    open.publish(version(1, "2024-01-01", None)).unwrap();
    assert_eq!(
        open.publish(version(2, "2024-01-01", None))
            .unwrap_err()
            .code(),
        "catalogue_overlap"
    );
}

#[test]
fn criteria_are_validated() {
    let bad = [
        Criterion::AmountAtLeast {
            person_fen: 0,
            organisation_fen: 1,
        },
        Criterion::Custom {
            key: " ".into(),
            label: "x".into(),
        },
        Criterion::HearingHeld, // duplicate of the default's
    ];
    for c in bad {
        let mut cat = Catalogue::default_for(agency(), d("2024-01-01"));
        cat.criteria.push(c.clone());
        assert_eq!(
            cat.validate().unwrap_err().code(),
            "criterion_invalid",
            "{c:?}"
        );
    }
}

#[test]
fn from_versions_rechecks_stored_history() {
    let ok = CatalogueHistory::from_versions([
        version(1, "2024-01-01", Some("2024-06-30")),
        version(2, "2024-07-01", None),
    ])
    .unwrap();
    assert_eq!(ok.versions().len(), 2);
    let bad = CatalogueHistory::from_versions([
        version(1, "2024-01-01", Some("2024-08-31")),
        version(2, "2024-07-01", None),
    ]);
    assert_eq!(bad.unwrap_err().code(), "catalogue_overlap");
}
