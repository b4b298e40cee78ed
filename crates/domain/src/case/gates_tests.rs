//! Table-driven gate tests, one per article.

use super::*;
use crate::calendar::Calendar;
use crate::case::{
    yuan, ActingOfficer, Certificate, CertificateStatus, OfficerId, Override, Sanction,
};
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn officer(n: u128, status: CertificateStatus, until: &str, category: &str) -> ActingOfficer {
    ActingOfficer {
        id: OfficerId(Uuid::from_u128(n)),
        name: format!("officer{n}"),
        certificates: vec![Certificate {
            number: format!("CERT{n}"),
            valid_from: d("2023-01-01"),
            valid_until: d(until),
            status,
            categories: vec![category.to_owned()],
            area: "桓仁县".into(),
        }],
    }
}

#[test]
fn art42_two_certified_officers_table() {
    // 行政处罚法 art. 42, 55; 行政强制法 art. 18.
    use CertificateStatus::*;
    let settings = RuleSettings::default();
    let cal = Calendar::empty();
    let on = d("2025-06-02");
    let ok = officer(1, Valid, "2027-12-31", "财政");
    let ok2 = officer(2, Valid, "2027-12-31", "财政");
    let table: Vec<(Vec<ActingOfficer>, Result<(), &str>)> = vec![
        (vec![ok.clone(), ok2.clone()], Ok(())),
        (vec![ok.clone()], Err("too_few_officers")),
        (vec![ok.clone(), ok.clone()], Err("too_few_officers")), // the same officer twice
        (
            vec![ok.clone(), officer(3, Valid, "2025-06-01", "财政")],
            Err("certificate_invalid"),
        ), // expired the day before
        (
            vec![ok.clone(), officer(4, Suspended, "2027-12-31", "财政")],
            Err("certificate_invalid"),
        ),
        (
            vec![ok.clone(), officer(5, Revoked, "2027-12-31", "财政")],
            Err("certificate_invalid"),
        ),
        (
            vec![ok.clone(), officer(6, Valid, "2027-12-31", "税务")],
            Err("certificate_invalid"),
        ), // other category
        (
            vec![ok, ok2, officer(7, Valid, "2025-06-02", "财政")],
            Ok(()),
        ), // last valid day counts
    ];
    for (i, (officers, want)) in table.into_iter().enumerate() {
        let mut ctx = GateContext::new(&settings, &cal, "财政");
        ctx.officers = officers;
        assert_eq!(
            check_officers(&ctx, on).map_err(|e| e.code()),
            want,
            "row {i}"
        );
    }
}

#[test]
fn art36_limitation_two_and_five_years_table() {
    // 行政处罚法 art. 36: 2 years; 5 years for life/health or financial safety with harm.
    let s = RuleSettings::default();
    let table = [
        ("2022-03-15", "2024-03-15", false, Ok(false)), // last day of the 2 years
        ("2022-03-15", "2024-03-16", false, Err("limitation_expired")),
        ("2022-03-15", "2024-03-16", true, Ok(false)),
        ("2022-03-15", "2027-03-15", true, Ok(false)),
        ("2022-03-15", "2027-03-16", true, Err("limitation_expired")),
    ];
    for (violation, discovered, grave, want) in table {
        let got = check_limitation(d(violation), d(discovered), grave, None, &s)
            .map(|o| o.is_some())
            .map_err(|e| e.code());
        assert_eq!(got, want, "{violation} {discovered} {grave}");
    }
    assert_eq!(limitation_ends(d("2022-03-15"), false, &s), d("2024-03-15"));
}

#[test]
fn art36_limitation_override_needs_a_written_reason() {
    let s = RuleSettings::default();
    let approver = OfficerId(Uuid::from_u128(9));
    let good = Override {
        approver,
        reason: "法律另有规定：税收征管法第八十六条".into(),
    };
    let blank = Override {
        approver,
        reason: "   ".into(),
    };
    let late = (d("2020-01-01"), d("2024-01-01"));
    assert_eq!(
        check_limitation(late.0, late.1, false, Some(&good), &s),
        Ok(Some(&good))
    );
    assert_eq!(
        check_limitation(late.0, late.1, false, Some(&blank), &s).map_err(|e| e.code()),
        Err("override_reason_required")
    );
}

#[test]
fn art51_simplified_procedure_ceiling_table() {
    // 行政处罚法 art. 51: ≤ 200 yuan for a person, ≤ 3,000 yuan for an organisation, or a warning.
    let s = RuleSettings::default();
    let fine = |fen| Sanction {
        fine_fen: fen,
        ..Sanction::default()
    };
    let warning = Sanction {
        warning: true,
        ..Sanction::default()
    };
    let confiscation = Sanction {
        fine_fen: 100,
        confiscation_fen: 100,
        ..Sanction::default()
    };
    let table = [
        (fine(yuan(200)), PartyKind::NaturalPerson, Ok(())),
        (fine(yuan(200) + 1), PartyKind::NaturalPerson, Err(20_000)),
        (fine(yuan(3_000)), PartyKind::Organisation, Ok(())),
        (fine(yuan(3_000) + 1), PartyKind::Organisation, Err(300_000)),
        (warning, PartyKind::NaturalPerson, Ok(())),
        (confiscation, PartyKind::NaturalPerson, Err(20_000)),
        (Sanction::default(), PartyKind::NaturalPerson, Err(20_000)), // nothing imposed
    ];
    for (i, (sanction, party, want)) in table.into_iter().enumerate() {
        let got = check_simplified(&sanction, party, &s).map_err(|e| match e {
            RuleViolation::SimplifiedAmountExceeded { limit_fen } => limit_fen,
            _ => -1,
        });
        assert_eq!(got, want, "row {i}");
    }
    // The ceiling is a setting, not a constant.
    let local = RuleSettings {
        simplified_max_fine_person_fen: yuan(500),
        ..RuleSettings::default()
    };
    assert_eq!(
        check_simplified(&fine(yuan(400)), PartyKind::NaturalPerson, &local),
        Ok(())
    );
}

#[test]
fn art64_hearing_request_within_five_working_days_table() {
    // 行政处罚法 art. 64 (一), counted in working days per art. 85.
    let s = RuleSettings::default();
    let cal = Calendar::shipped().unwrap();
    let ctx = GateContext::new(&s, &cal, "财政");
    // Notice served Friday 2024-09-27: 09-29 (Sunday worked), 09-30, 10-08, 10-09, 10-10.
    let table = [
        ("2024-10-10", Ok(())),
        ("2024-10-11", Err("hearing_request_late")),
        ("2024-09-30", Ok(())),
    ];
    for (requested, want) in table {
        assert_eq!(
            check_hearing_request(d("2024-09-27"), d(requested), &ctx).map_err(|e| e.code()),
            want,
            "{requested}"
        );
    }
    assert_eq!(
        check_hearing_request(d("2024-09-27"), d("2024-10-11"), &ctx),
        Err(RuleViolation::HearingRequestLate {
            due: d("2024-10-10")
        })
    );
    // A window that reaches an unannounced year is unknown, not guessed.
    assert_eq!(
        check_hearing_request(d("2026-12-29"), d("2026-12-30"), &ctx).map_err(|e| e.code()),
        Err("calendar_gap")
    );
}

#[test]
fn art64_presider_is_not_an_investigator() {
    let s = RuleSettings::default();
    let cal = Calendar::empty();
    let mut ctx = GateContext::new(&s, &cal, "财政");
    ctx.investigators = vec![OfficerId(Uuid::from_u128(1)), OfficerId(Uuid::from_u128(2))];
    assert_eq!(
        check_presider(OfficerId(Uuid::from_u128(2)), &ctx).map_err(|e| e.code()),
        Err("hearing_presider_conflict")
    );
    assert_eq!(check_presider(OfficerId(Uuid::from_u128(3)), &ctx), Ok(()));
}

#[test]
fn video_required_for_configured_activities_table() {
    // 国办发〔2018〕118号: continuous audio/video for seizure and forced measures by default.
    let s = RuleSettings::default();
    let cal = Calendar::empty();
    let mut ctx = GateContext::new(&s, &cal, "财政");
    let table = [
        (Activity::Seizure, Err("video_required")),
        (Activity::ForcedExecution, Err("video_required")),
        (Activity::OnSiteInspection, Ok(())), // not on the default list
    ];
    for (activity, want) in table {
        assert_eq!(
            check_video(activity, &ctx).map_err(|e| e.code()),
            want,
            "{activity:?}"
        );
    }
    ctx.videos = vec![Activity::Seizure];
    assert_eq!(check_video(Activity::Seizure, &ctx), Ok(()));
    let strict = RuleSettings {
        video_required_for: vec![Activity::OnSiteInspection],
        ..RuleSettings::default()
    };
    let ctx = GateContext::new(&strict, &cal, "财政");
    assert_eq!(
        check_video(Activity::OnSiteInspection, &ctx).map_err(|e| e.code()),
        Err("video_required")
    );
}

#[test]
fn art45_no_heavier_penalty_than_noticed_table() {
    // 行政处罚法 art. 45.
    let noticed = Sanction {
        fine_fen: yuan(5_000),
        ..Sanction::default()
    };
    let table = [
        (
            Sanction {
                fine_fen: yuan(5_000),
                ..Sanction::default()
            },
            Ok(()),
        ),
        (
            Sanction {
                fine_fen: yuan(3_000),
                ..Sanction::default()
            },
            Ok(()),
        ),
        (
            Sanction {
                fine_fen: yuan(5_000) + 1,
                ..Sanction::default()
            },
            Err("heavier_than_noticed"),
        ),
        (
            Sanction {
                fine_fen: 1,
                confiscation_fen: 1,
                ..Sanction::default()
            },
            Err("heavier_than_noticed"),
        ),
        (
            Sanction {
                licence_revocation: true,
                ..Sanction::default()
            },
            Err("heavier_than_noticed"),
        ),
        (
            Sanction {
                warning: true,
                ..Sanction::default()
            },
            Ok(()),
        ), // a warning is lighter than a fine
    ];
    for (i, (decided, want)) in table.into_iter().enumerate() {
        assert_eq!(
            check_not_heavier(&decided, &noticed).map_err(|e| e.code()),
            want,
            "row {i}"
        );
    }
}

#[test]
fn certificate_is_valid_on_table() {
    let c = officer(1, CertificateStatus::Valid, "2025-12-31", "财政")
        .certificates
        .remove(0);
    let table = [
        ("2022-12-31", "财政", false),
        ("2023-01-01", "财政", true),
        ("2025-12-31", "财政", true),
        ("2026-01-01", "财政", false),
        ("2024-05-05", "环保", false),
    ];
    for (on, cat, want) in table {
        assert_eq!(c.is_valid_on(d(on), cat), want, "{on} {cat}");
    }
}

#[test]
fn every_violation_has_a_distinct_code_and_bilingual_message() {
    use RuleViolation as R;
    let all = [
        R::ProcedureNotApplicable,
        R::OverrideReasonRequired,
        R::NoticeMissing,
        R::HeavierThanNoticed,
        R::HearingPresiderConflict,
        R::HearingNotHeld,
        R::LegalReviewMissing,
        R::DeliberationMissing,
        R::ApprovalRequired,
        R::OnSiteRecordMissing,
        R::ExtensionExhausted,
        R::EServiceConsentMissing,
        R::PreservationUndecided,
        R::FileIncomplete,
        R::AmountInvalid,
        R::TooFewOfficers {
            required: 2,
            present: 1,
        },
        R::SimplifiedAmountExceeded { limit_fen: 20_000 },
    ];
    let mut codes: Vec<_> = all.iter().map(|v| v.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), all.len());
    for v in &all {
        let m = v.message();
        assert!(m.contains(" / ") && !m.is_ascii(), "{m}");
    }
    assert_eq!(
        R::TooFewOfficers {
            required: 2,
            present: 1
        }
        .message(),
        "执法人员不得少于2人，现为1人 / at least 2 certified officers required, 1 present"
    );
}
