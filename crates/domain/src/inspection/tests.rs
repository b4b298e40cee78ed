//! Rules of 双随机、一公开 (国办发〔2019〕5号 and the agency's plan) and the pinned `sanxiang-draw-v1` algorithm.

use super::*;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn target(n: u128, tier: &str, last: Option<&str>) -> TargetSnapshot {
    TargetSnapshot {
        id: Uuid::from_u128(n),
        name: format!("对象{n}"),
        credit_code: None,
        tier: tier.into(),
        last_inspected_on: last.map(d),
    }
}

fn inspector(n: u128) -> InspectorSnapshot {
    InspectorSnapshot {
        id: Uuid::from_u128(1_000_000 + n),
        name: format!("执法{n}"),
        valid_periods: vec![ValidPeriod {
            from: d("2024-01-01"),
            until: d("2029-12-31"),
        }],
    }
}

fn pools(targets: usize, inspectors: usize) -> Snapshot {
    let tiers = ["A", "B", "C", "D"];
    Snapshot::new(
        (0..targets)
            .map(|i| target(i as u128 + 1, tiers[i % 4], None))
            .collect(),
        (0..inspectors).map(|i| inspector(i as u128)).collect(),
        vec![],
    )
}

fn tiered() -> DrawRules {
    DrawRules {
        tier_ratios_bp: BTreeMap::from([
            ("A".into(), 500),
            ("B".into(), 1000),
            ("C".into(), 2000),
            ("D".into(), 4000),
        ]),
        inspectors_per_target: 2,
        ..DrawRules::default()
    }
}

const SEED: [u8; 32] = [7; 32];

#[test]
fn stream_blocks_are_sha256_of_seed_tag_counter() {
    // Block i = SHA-256(seed ‖ "sanxiang-draw" ‖ u64be(i)); read 8 bytes at a time, big-endian.
    use sha2::{Digest, Sha256};
    let mut input = SEED.to_vec();
    input.extend_from_slice(b"sanxiang-draw");
    input.extend_from_slice(&1u64.to_be_bytes());
    let b1: [u8; 32] = Sha256::digest(&input).into();
    let mut s = Stream::new(&SEED);
    for _ in 0..4 {
        s.next_u64();
    }
    let mut first = [0u8; 8];
    first.copy_from_slice(&b1[..8]);
    assert_eq!(s.next_u64(), u64::from_be_bytes(first));
}

#[test]
fn pinned_vector() {
    // Pins the stream's first value and the commitment of the zero seed (the API suite checks a
    // whole draw against the independent tests/draw/verify_draw.py).
    let mut s = Stream::new(&[0u8; 32]);
    let v: Vec<u64> = (0..5).map(|_| s.below(10)).collect();
    let mut s2 = Stream::new(&[0u8; 32]);
    let first = s2.next_u64();
    // Computed with Python's hashlib: SHA-256(0^32 ‖ "sanxiang-draw" ‖ 0u64be)[..8].
    assert_eq!(first, 13_953_999_212_143_741_885);
    assert_eq!(v[0], first % 10);
    assert_eq!(
        commitment(&[0u8; 32]),
        "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
    );
}

#[test]
fn below_is_unbiased_by_rejection() {
    // n = 2^63 + 1: almost half of all u64 values are rejected; results stay below n.
    let n = (1u64 << 63) + 1;
    let mut s = Stream::new(&SEED);
    for _ in 0..200 {
        assert!(s.below(n) < n);
    }
    let mut s = Stream::new(&SEED);
    let mut seen = [0u32; 3];
    for _ in 0..3000 {
        seen[s.below(3) as usize] += 1;
    }
    assert!(seen.iter().all(|c| (800..1200).contains(c)), "{seen:?}");
    assert_eq!(Stream::new(&SEED).below(1), 0);
}

#[test]
fn deterministic_and_seed_sensitive() {
    let p = pools(400, 10);
    let a = draw(&SEED, d("2026-11-29"), &p, &tiered()).unwrap();
    let b = draw(&SEED, d("2026-11-29"), &p, &tiered()).unwrap();
    assert_eq!(a, b);
    let c = draw(&[8; 32], d("2026-11-29"), &p, &tiered()).unwrap();
    assert_ne!(a.selections, c.selections);
}

#[test]
fn tier_ratios_round_up_per_tier() {
    // 双随机 rules: credit-tiered 5 / 10 / 20 / 40 %, "≥ 5 %" rounds up.
    let p = pools(402, 10); // tiers A, B get 101 targets, C, D 100.
    let out = draw(&SEED, d("2026-11-29"), &p, &tiered()).unwrap();
    let quota: BTreeMap<&str, u32> = out
        .tiers
        .iter()
        .map(|t| (t.tier.as_str(), t.quota))
        .collect();
    assert_eq!(quota["A"], 6); // ceil(101 × 5 %)
    assert_eq!(quota["B"], 11); // ceil(101 × 10 %)
    assert_eq!(quota["C"], 20);
    assert_eq!(quota["D"], 40);
    for t in &out.tiers {
        let drawn = out.selections.iter().filter(|s| s.tier == t.tier).count();
        assert_eq!(drawn as u32, t.quota);
    }
    let ids: HashSet<Uuid> = out.selections.iter().map(|s| s.target_id).collect();
    assert_eq!(ids.len(), out.selections.len(), "no target twice");
}

#[test]
fn count_draws_from_the_whole_pool() {
    let p = pools(50, 4);
    let rules = DrawRules {
        count: Some(7),
        inspectors_per_target: 2,
        ..DrawRules::default()
    };
    let out = draw(&SEED, d("2026-11-29"), &p, &rules).unwrap();
    assert_eq!(out.selections.len(), 7);
    assert_eq!(out.tiers.iter().map(|t| t.quota).sum::<u32>(), 7);
    let big = DrawRules {
        count: Some(500),
        ..rules
    };
    assert_eq!(
        draw(&SEED, d("2026-11-29"), &p, &big)
            .unwrap()
            .selections
            .len(),
        50
    );
}

#[test]
fn at_least_two_distinct_inspectors_per_target() {
    // 行政处罚法 art. 42, 55: at least two officers inspect.
    let mut rules = tiered();
    rules.inspectors_per_target = 1;
    assert_eq!(rules.validate(), Err(DrawError::TooFewInspectorsPerTarget));
    rules.inspectors_per_target = 3;
    let out = draw(&SEED, d("2026-11-29"), &pools(200, 5), &rules).unwrap();
    for s in &out.selections {
        let set: HashSet<Uuid> = s.inspector_ids.iter().copied().collect();
        assert_eq!(set.len(), 3);
    }
}

#[test]
fn conflicts_are_never_drawn() {
    // 回避: a declared officer–target pair is excluded.
    let base = pools(40, 3);
    let conflicts: Vec<ConflictPair> = base
        .targets
        .iter()
        .map(|t| ConflictPair {
            inspector_id: base.inspectors[0].id,
            target_id: t.id,
        })
        .collect();
    let p = Snapshot::new(base.targets.clone(), base.inspectors.clone(), conflicts);
    let rules = DrawRules {
        ratio_bp: Some(10_000),
        inspectors_per_target: 2,
        ..DrawRules::default()
    };
    let out = draw(&SEED, d("2026-11-29"), &p, &rules).unwrap();
    assert_eq!(out.selections.len(), 40);
    assert!(out
        .selections
        .iter()
        .all(|s| !s.inspector_ids.contains(&p.inspectors[0].id)));
    // Only one unconflicted inspector left for a target: the draw fails, never picks one.
    let mut c2 = p.conflicts.clone();
    c2.push(ConflictPair {
        inspector_id: p.inspectors[1].id,
        target_id: p.targets[0].id,
    });
    let p2 = Snapshot::new(p.targets.clone(), p.inspectors.clone(), c2);
    assert!(matches!(
        draw(&SEED, d("2026-11-29"), &p2, &rules),
        Err(DrawError::NotEnoughInspectors {
            available: 1,
            required: 2,
            ..
        })
    ));
}

#[test]
fn recently_inspected_targets_are_excluded() {
    // 双随机 rules: "no repeat within 3 years".
    let p = Snapshot::new(
        vec![
            target(1, "A", Some("2024-01-10")),
            target(2, "A", Some("2023-11-29")), // exactly 3 years: eligible again
            target(3, "A", None),
            target(4, "A", Some("2023-11-30")),
        ],
        (0..2).map(inspector).collect(),
        vec![],
    );
    let rules = DrawRules {
        ratio_bp: Some(10_000),
        exclude_inspected_within_years: 3,
        inspectors_per_target: 2,
        ..DrawRules::default()
    };
    let out = draw(&SEED, d("2026-11-29"), &p, &rules).unwrap();
    let ids: HashSet<Uuid> = out.selections.iter().map(|s| s.target_id).collect();
    assert_eq!(ids, HashSet::from([Uuid::from_u128(2), Uuid::from_u128(3)]));
    assert_eq!(out.tiers[0].pool, 4);
    assert_eq!(out.tiers[0].eligible, 2);
    assert_eq!(years_before(d("2028-02-29"), 1), d("2027-02-28"));
}

#[test]
fn inspectors_need_a_certificate_valid_on_the_draw_date() {
    // 行政处罚法 art. 42: only certified officers enforce.
    let mut ins: Vec<InspectorSnapshot> = (0..3).map(inspector).collect();
    ins[0].valid_periods = vec![ValidPeriod {
        from: d("2020-01-01"),
        until: d("2026-11-28"),
    }];
    let p = Snapshot::new(
        (1..=30).map(|i| target(i, "A", None)).collect(),
        ins,
        vec![],
    );
    let rules = DrawRules {
        ratio_bp: Some(10_000),
        inspectors_per_target: 2,
        ..DrawRules::default()
    };
    let out = draw(&SEED, d("2026-11-29"), &p, &rules).unwrap();
    assert_eq!(out.eligible_inspectors, 2);
    let expired = Uuid::from_u128(1_000_000);
    assert!(out
        .selections
        .iter()
        .all(|s| !s.inspector_ids.contains(&expired)));
}

#[test]
fn rules_need_exactly_one_quota() {
    let none = DrawRules {
        inspectors_per_target: 2,
        ..DrawRules::default()
    };
    assert_eq!(none.validate(), Err(DrawError::QuotaAmbiguous));
    let both = DrawRules {
        ratio_bp: Some(500),
        count: Some(3),
        inspectors_per_target: 2,
        ..DrawRules::default()
    };
    assert_eq!(both.validate(), Err(DrawError::QuotaAmbiguous));
    let big = DrawRules {
        ratio_bp: Some(10_001),
        inspectors_per_target: 2,
        ..DrawRules::default()
    };
    assert_eq!(big.validate(), Err(DrawError::RatioTooLarge(10_001)));
}

#[test]
fn snapshot_hash_ignores_input_order_and_rejects_unsorted() {
    let a = pools(10, 3);
    let mut rev_t = a.targets.clone();
    rev_t.reverse();
    let b = Snapshot::new(rev_t.clone(), a.inspectors.clone(), vec![]);
    assert_eq!(snapshot_hash(&a).unwrap(), snapshot_hash(&b).unwrap());
    let forged = Snapshot {
        targets: rev_t,
        ..a
    };
    assert_eq!(
        draw(&SEED, d("2026-11-29"), &forged, &tiered()),
        Err(DrawError::SnapshotNotCanonical)
    );
}

#[test]
fn seed_hex_round_trip() {
    let h = hex(&SEED);
    assert_eq!(parse_hex_seed(&h).unwrap(), SEED);
    assert_eq!(parse_hex_seed("zz"), Err(DrawError::BadSeed));
}

#[test]
fn target_rows_are_checked_field_by_field() {
    // GB 32100-2015: the credit code's check character.
    let good = TargetInput {
        name: "某某代理记账有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        kind: "单位".into(),
        tier: "A".into(),
        tags: "代理记账；会计".into(),
        ..TargetInput::default()
    };
    let t = NewTarget::parse(&good).unwrap();
    assert_eq!(t.kind, TargetKind::Organisation);
    assert_eq!(t.tags, vec!["代理记账".to_owned(), "会计".to_owned()]);
    let bad = TargetInput {
        credit_code: "91350100M000100Y44".into(),
        tier: "A B".into(),
        last_inspected_on: "2026/01/01".into(),
        ..good.clone()
    };
    let reasons: Vec<String> = NewTarget::parse(&bad)
        .unwrap_err()
        .into_iter()
        .map(|r| r.reason)
        .collect();
    assert_eq!(reasons, ["bad_check_character", "invalid_tier", "bad_date"]);
    let org_without_code = TargetInput {
        credit_code: String::new(),
        ..good.clone()
    };
    assert_eq!(
        NewTarget::parse(&org_without_code).unwrap_err()[0].reason,
        "missing"
    );
    let person = TargetInput {
        credit_code: String::new(),
        kind: "个人".into(),
        ..good
    };
    assert!(NewTarget::parse(&person).unwrap().credit_code.is_none());
}

#[test]
fn a_published_draw_verifies_and_a_tampered_one_does_not() {
    let p = pools(100, 6);
    let rules = tiered();
    let date = d("2026-11-29");
    let out = draw(&SEED, date, &p, &rules).unwrap();
    let hash = snapshot_hash(&p).unwrap();
    let commit = commitment(&SEED);
    let seed = hex(&SEED);
    let published = Published {
        commitment: &commit,
        snapshot_hash: &hash,
        snapshot: &p,
        rules: &rules,
        seed: Some(&seed),
        draw_date: Some(date),
        result: Some(&out),
    };
    assert!(verify_published(&published).ok());
    // Another seed than the committed one.
    let other = hex(&[9; 32]);
    let r = verify_published(&Published {
        seed: Some(&other),
        ..published
    });
    assert_eq!(r.commitment_ok, Some(false));
    // A result steered by swapping one inspector.
    let mut steered = out.clone();
    steered.selections[0].inspector_ids[0] = Uuid::from_u128(42);
    let r = verify_published(&Published {
        result: Some(&steered),
        ..published
    });
    assert_eq!(r.result_ok, Some(false));
    assert!(r.first_difference.unwrap().contains("第 1 条"));
    // A target quietly removed from the pool after the hash was published.
    let mut smaller = p.clone();
    smaller.targets.pop();
    let r = verify_published(&Published {
        snapshot: &smaller,
        ..published
    });
    assert!(!r.snapshot_hash_ok);
}
