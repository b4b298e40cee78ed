//! Inspection, licence, coercive-measure and fee machines.

use super::*;
use crate::calendar::{DeadlineStatus, Period};
use crate::case::*;
use crate::party::PartyKind;
use uuid::Uuid;

#[test]
fn inspection_walk_with_referral() {
    let w = World::new();
    let ctx = w.ctx();
    let s = CaseState::open(
        CaseKind::Inspection,
        Procedure::Ordinary,
        PartyKind::Organisation,
        CaseFlags::default(),
    )
    .unwrap();
    assert_eq!(s.stage, Stage::Task);
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-06-03"),
        },
        &ctx,
        "2025-06-03",
    );
    // art. 42 / 双随机: at least two inspectors on the day of the inspection.
    let mut one = w.ctx();
    one.officers.truncate(1);
    assert_eq!(
        decide(
            &s,
            &Command::Complete {
                on: d("2025-06-04")
            },
            &one,
            at("2025-06-04")
        )
        .unwrap_err()
        .code(),
        "too_few_officers"
    );
    // 行政处罚法 art. 55: the inspection is written up (检查笔录) before the stage ends.
    let mut unrecorded = w.ctx();
    unrecorded.on_site_record = false;
    assert_eq!(
        decide(
            &s,
            &Command::Complete {
                on: d("2025-06-04")
            },
            &unrecorded,
            at("2025-06-04")
        )
        .unwrap_err()
        .code(),
        "on_site_record_missing"
    );
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-06-04"),
        },
        &ctx,
        "2025-06-04",
    );
    assert_eq!(s.stage, Stage::Result);
    let linked = Uuid::from_u128(77);
    let s = step(
        &s,
        Command::RecordResult {
            on: d("2025-06-05"),
            result: InspectionResult::ReferToPenalty {
                penalty_case: linked,
            },
        },
        &ctx,
        "2025-06-05",
    );
    assert_eq!(
        (s.stage, s.inspection_result),
        (
            Stage::Closure,
            Some(InspectionResult::ReferToPenalty {
                penalty_case: linked
            })
        )
    );
}

#[test]
fn licence_walk_and_deadlines_xukefa_42_44() {
    // 行政许可法 art. 42: 20 working days (+10 with approval); art. 44: certificate within 10.
    let w = World::new();
    let ctx = w.ctx();
    let s = CaseState::open(
        CaseKind::Licence,
        Procedure::Ordinary,
        PartyKind::Organisation,
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
    let dl = &case_deadlines(&s, &w.settings, &w.cal)[1];
    // 20 working days from Monday 2025-09-22 across 国庆: 09-23..26 (4), Sunday 09-28 worked (5),
    // 09-29, 09-30 (7), 10-01..08 off, 10-09, 10-10, Saturday 10-11 (10), 10-13..17 (15), 10-20..24 (20).
    assert_eq!(
        (dl.kind, dl.due),
        (DeadlineKind::LicenceDecision, Ok(d("2025-10-24")))
    );
    assert_eq!(
        decide(
            &s,
            &Command::ExtendReview {
                on: d("2025-10-20"),
                approved_by: None
            },
            &ctx,
            at("2025-10-20")
        )
        .unwrap_err()
        .code(),
        "approval_required"
    );
    let s = step(
        &s,
        Command::ExtendReview {
            on: d("2025-10-20"),
            approved_by: Some(oid(9)),
        },
        &ctx,
        "2025-10-20",
    );
    assert_eq!(allowed_actions(&s), vec![Action::Complete]); // only one extension
    let all = case_deadlines(&s, &w.settings, &w.cal);
    let dl = all
        .iter()
        .find(|x| x.kind == DeadlineKind::LicenceDecision)
        .unwrap();
    assert_eq!(dl.due, Ok(d("2025-11-07")));
    // 行政许可法 art. 42: +10 working days, listed as an extension with its approver.
    assert_eq!(dl.base_due, Ok(d("2025-10-24")));
    assert_eq!(
        dl.extensions
            .iter()
            .map(|e| (e.days, e.approved_by))
            .collect::<Vec<_>>(),
        vec![(10, Some(oid(9)))]
    );
    let s = step(
        &s,
        Command::Complete {
            on: d("2025-11-03"),
        },
        &ctx,
        "2025-11-03",
    );
    let s = step(
        &s,
        Command::DecideLicence {
            on: d("2025-11-04"),
            granted: true,
            terms: None,
        },
        &ctx,
        "2025-11-04",
    );
    assert_eq!(s.stage, Stage::CertificateIssued);
    let cert = &case_deadlines(&s, &w.settings, &w.cal)[2];
    assert_eq!(
        (cert.kind, cert.due),
        (DeadlineKind::CertificateIssue, Ok(d("2025-11-18")))
    );
    assert_eq!(
        cert.status(d("2025-11-19"), &w.settings),
        Ok(DeadlineStatus::Overdue)
    );
    let s = step(
        &s,
        Command::IssueCertificate {
            on: d("2025-11-10"),
        },
        &ctx,
        "2025-11-10",
    );
    assert_eq!(s.stage, Stage::Closure);
}

#[test]
fn coercive_measure_walk_qiangzhifa_18_25() {
    // 行政强制法 art. 18: prior approval, two officers, on-site record, video (118号); art. 25: 30 (+30) days.
    let w = World::new();
    let ctx = w.ctx();
    let s = CaseState::open(
        CaseKind::CoerciveMeasure,
        Procedure::Ordinary,
        PartyKind::Organisation,
        CaseFlags::default(),
    )
    .unwrap();
    assert_eq!(
        decide(
            &s,
            &Command::ApproveMeasure {
                on: d("2025-07-01"),
                approved_by: None
            },
            &ctx,
            at("2025-07-01")
        )
        .unwrap_err()
        .code(),
        "approval_required"
    );
    let s = step(
        &s,
        Command::ApproveMeasure {
            on: d("2025-07-01"),
            approved_by: Some(oid(9)),
        },
        &ctx,
        "2025-07-01",
    );
    let mut no_record = w.ctx();
    no_record.on_site_record = false;
    assert_eq!(
        decide(
            &s,
            &Command::ImplementMeasure {
                on: d("2025-07-02"),
                emergency: false,
                seizure_list: list("2025-07-02"),
            },
            &no_record,
            at("2025-07-02")
        )
        .unwrap_err()
        .code(),
        "on_site_record_missing"
    );
    let mut no_video = w.ctx();
    no_video.videos.clear();
    assert_eq!(
        decide(
            &s,
            &Command::ImplementMeasure {
                on: d("2025-07-02"),
                emergency: false,
                seizure_list: list("2025-07-02"),
            },
            &no_video,
            at("2025-07-02")
        )
        .unwrap_err()
        .code(),
        "video_required"
    );
    let s = step(
        &s,
        Command::ImplementMeasure {
            on: d("2025-07-02"),
            emergency: false,
            seizure_list: list("2025-07-02"),
        },
        &ctx,
        "2025-07-02",
    );
    assert_eq!(
        case_deadlines(&s, &w.settings, &w.cal)[0].due,
        Ok(d("2025-08-01"))
    );
    let s = step(
        &s,
        Command::ExtendMeasure {
            on: d("2025-07-30"),
            approved_by: Some(oid(9)),
        },
        &ctx,
        "2025-07-30",
    );
    assert_eq!(allowed_actions(&s), vec![Action::EndMeasure]);
    let dl = &case_deadlines(&s, &w.settings, &w.cal)[0];
    assert_eq!(
        (dl.due, dl.base_due, dl.period),
        // 30 + 30 days end on Sunday 2025-08-31: the next working day (民法典 art. 203).
        (
            Ok(d("2025-09-01")),
            Ok(d("2025-08-01")),
            Period::calendar(30)
        )
    );
    // 行政强制法 art. 25: the extension is listed with the deadline, with its approver.
    assert_eq!(
        dl.extensions
            .iter()
            .map(|e| (e.days, e.approved_by))
            .collect::<Vec<_>>(),
        vec![(30, Some(oid(9)))]
    );
    let s = step(
        &s,
        Command::EndMeasure {
            on: d("2025-08-20"),
        },
        &ctx,
        "2025-08-20",
    );
    assert_eq!(
        case_deadlines(&s, &w.settings, &w.cal)[0].status(d("2025-09-30"), &w.settings),
        Ok(DeadlineStatus::Met)
    );
}

#[test]
fn fee_walk_and_archive_override() {
    let w = World::new();
    let mut ctx = w.ctx();
    let s = CaseState::open(
        CaseKind::Fee,
        Procedure::Ordinary,
        PartyKind::Organisation,
        CaseFlags::default(),
    )
    .unwrap();
    assert_eq!(
        decide(
            &s,
            &Command::Assess {
                on: d("2025-01-06"),
                amount_fen: 0
            },
            &ctx,
            at("2025-01-06")
        )
        .unwrap_err()
        .code(),
        "amount_invalid"
    );
    let s = step(
        &s,
        Command::Assess {
            on: d("2025-01-06"),
            amount_fen: 12_345,
        },
        &ctx,
        "2025-01-06",
    );
    let s = step(
        &s,
        Command::RecordPayment {
            on: d("2025-01-10"),
        },
        &ctx,
        "2025-01-10",
    );
    let s = step(
        &s,
        Command::Close {
            on: d("2025-01-13"),
        },
        &ctx,
        "2025-01-13",
    );
    ctx.file_complete = false;
    assert_eq!(
        decide(
            &s,
            &Command::Archive {
                file_override: None
            },
            &ctx,
            at("2025-01-14")
        )
        .unwrap_err()
        .code(),
        "file_incomplete"
    );
    let o = Some(Override {
        approver: oid(9),
        reason: "原件已移交档案馆".into(),
    });
    let out = decide(
        &s,
        &Command::Archive { file_override: o },
        &ctx,
        at("2025-01-14"),
    )
    .unwrap();
    assert_eq!(out.records.len(), 2);
}

#[test]
fn stage_and_action_api_names_are_snake_case() {
    assert_eq!(
        serde_json::to_string(&Stage::CollectiveDeliberation).unwrap(),
        "\"collective_deliberation\""
    );
    assert_eq!(
        Stage::InvestigationReport.to_string(),
        "investigation_report"
    );
    assert_eq!(
        Action::DecidePreservation.to_string(),
        "decide_preservation"
    );
    assert_eq!(
        serde_json::to_string(&Action::RecordService).unwrap(),
        "\"record_service\""
    );
    let cmd: Command = serde_json::from_str(r#"{"action":"close","on":"2025-01-13"}"#).unwrap();
    assert_eq!(cmd.action(), Action::Close);
}

/// The decision and list of things seized, handed over on `on` (行政强制法 art. 24).
pub(super) fn list(on: &str) -> Option<SeizureList> {
    Some(SeizureList {
        items: 3,
        handed_over_on: d(on),
    })
}
