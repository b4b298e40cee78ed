//! Documents: required elements (行政处罚法 art. 59 for the 决定书), numbers, citations.

use super::*;
use crate::case::{CaseKind, CaseState, DecisionInfo, NoticeInfo, Outcome, Sanction};
use crate::party::PartyKind;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn facts() -> CaseFacts {
    let mut state = CaseState::open(
        CaseKind::Penalty,
        crate::case::Procedure::Ordinary,
        PartyKind::Organisation,
        crate::case::CaseFlags::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    state.notice = Some(NoticeInfo {
        served_on: day(2026, 11, 2),
        proposed: Sanction {
            fine_fen: 2_000_000,
            ..Sanction::default()
        },
    });
    CaseFacts {
        agency_name: "桓仁满族自治县财政局".into(),
        agency_short_name: "桓财".into(),
        settings: DocumentSettings {
            bank_account: Some(BankAccount {
                bank: "中国工商银行桓仁支行".into(),
                account_name: "桓仁满族自治县财政局".into(),
                account_number: "0000 1111 2222".into(),
            }),
            reconsideration_organ: Some("桓仁满族自治县人民政府".into()),
            court: Some("桓仁满族自治县人民法院".into()),
            contact: Some("桓仁县XX路1号，电话 0414-0000000".into()),
            ..DocumentSettings::default()
        },
        case_kind: CaseKind::Penalty,
        case_number: "桓财罚〔2026〕1号".into(),
        case_title: "某公司未按规定保存会计凭证案".into(),
        party: PartyFacts {
            kind: PartyKind::Organisation,
            name: "某某会计服务有限公司".into(),
            id_number: Some("91210522MA0XXXXXX1".into()),
            address: Some("桓仁县某路2号".into()),
            contact: None,
        },
        officers: vec![
            OfficerFacts {
                name: "张执法".into(),
                certificate: Some("21000001".into()),
            },
            OfficerFacts {
                name: "李执法".into(),
                certificate: Some("21000002".into()),
            },
        ],
        state,
        evidence: vec![EvidenceItem {
            title: "现场检查照片".into(),
            file_name: "a.jpg".into(),
            sha256: "ab".repeat(32),
            recorded_on: day(2026, 10, 20),
        }],
        hearing_right: true,
        // Notified Monday 7 December 2026: 7 working days end on Wednesday the 16th (行政处罚法
        // art. 64 (二), art. 85).
        hearing_earliest: Some(day(2026, 12, 17)),
        review: vec![],
        deliberation: vec![],
    }
}

fn decision_form() -> DocumentForm {
    DocumentForm {
        legal_representative: Some("王某".into()),
        facts: Some("当事人未按规定保存2025年度会计凭证".into()),
        violated: vec![
            parse_citation("《中华人民共和国会计法》第二十三条").unwrap_or_else(|| unreachable!())
        ],
        basis: vec![
            parse_citation("《中华人民共和国会计法》第四十二条第一款第（三）项")
                .unwrap_or_else(|| unreachable!()),
        ],
        ..DocumentForm::default()
    }
}

#[test]
fn art59_decision_has_every_element() {
    let mut f = facts();
    f.state.decision = Some(DecisionInfo {
        decided_on: day(2026, 12, 7),
        outcome: Outcome::Penalty {
            sanction: Sanction {
                fine_fen: 2_000_000,
                ..Sanction::default()
            },
        },
    });
    let doc = compose(
        DocumentKind::PenaltyDecision,
        &f,
        &decision_form(),
        day(2026, 12, 7),
    )
    .unwrap_or_else(|m| panic!("complete: {m:?}"));
    let text = doc.plain_text();
    // art. 59 (一) party name and address; (二) facts and evidence; (三) penalty and basis;
    // (四) manner and time of performance; (五) remedies with their periods; (六) agency, date.
    for needle in [
        "某某会计服务有限公司",
        "桓仁县某路2号",
        "91210522MA0XXXXXX1",
        "未按规定保存2025年度会计凭证",
        &"ab".repeat(32),
        "《中华人民共和国会计法》第二十三条",
        "《中华人民共和国会计法》第四十二条第一款第（三）项",
        "罚款人民币20,000.00元",
        "十五日内",
        "中国工商银行桓仁支行",
        "六十日内向桓仁满族自治县人民政府申请行政复议",
        "六个月内依法向桓仁满族自治县人民法院提起行政诉讼",
        "桓仁满族自治县财政局",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    assert!(doc.sealed);
}

#[test]
fn art59_decision_without_basis_or_remedy_names_the_fields() {
    let mut f = facts();
    f.settings.reconsideration_organ = None;
    f.settings.court = None;
    let mut form = decision_form();
    form.basis.clear();
    let missing = compose(DocumentKind::PenaltyDecision, &f, &form, day(2026, 12, 7))
        .err()
        .unwrap_or_default();
    let fields: Vec<&str> = missing.iter().map(|m| m.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "form.basis",
            "settings.reconsideration_organ",
            "settings.court"
        ]
    );
}

#[test]
fn art59_organisation_needs_its_legal_representative_and_address() {
    let mut f = facts();
    f.party.address = None;
    let mut form = decision_form();
    form.legal_representative = None;
    let missing = compose(DocumentKind::PenaltyDecision, &f, &form, day(2026, 12, 7))
        .err()
        .unwrap_or_default();
    let fields: Vec<&str> = missing.iter().map(|m| m.field.as_str()).collect();
    assert_eq!(fields, ["party.address", "form.legal_representative"]);
}

#[test]
fn art42_55_transcript_needs_two_certified_officers() {
    let mut f = facts();
    f.officers[1].certificate = None;
    let form = DocumentForm {
        started_at: day(2026, 10, 20).and_hms_opt(9, 0, 0),
        place: Some("当事人办公室".into()),
        persons_present: vec!["王某（法定代表人）".into()],
        qa: vec![QaPair {
            question: "是否保存了凭证？".into(),
            answer: "没有。".into(),
        }],
        ..DocumentForm::default()
    };
    let missing = compose(DocumentKind::InquiryRecord, &f, &form, day(2026, 10, 20))
        .err()
        .unwrap_or_default();
    assert_eq!(
        missing.iter().map(|m| m.field.as_str()).collect::<Vec<_>>(),
        ["case.officers"]
    );
    f.officers[1].certificate = Some("21000002".into());
    let doc = compose(DocumentKind::InquiryRecord, &f, &form, day(2026, 10, 20))
        .unwrap_or_else(|m| panic!("{m:?}"));
    assert!(doc.party_signs, "the party signs every page of a 笔录");
}

#[test]
fn art64_hearing_notice_at_least_seven_days_before() {
    let f = facts();
    let mut form = DocumentForm {
        hearing_at: day(2026, 12, 10).and_hms_opt(9, 0, 0),
        hearing_place: Some("本局三楼会议室".into()),
        presiding: Some("赵主持".into()),
        ..DocumentForm::default()
    };
    let missing = compose(DocumentKind::HearingNotice, &f, &form, day(2026, 12, 7))
        .err()
        .unwrap_or_default();
    assert_eq!(
        missing.iter().map(|m| m.field.as_str()).collect::<Vec<_>>(),
        ["form.hearing_at"]
    );
    // Seven calendar days are not seven working days.
    form.hearing_at = day(2026, 12, 14).and_hms_opt(9, 0, 0);
    assert!(compose(DocumentKind::HearingNotice, &f, &form, day(2026, 12, 7)).is_err());
    form.hearing_at = day(2026, 12, 17).and_hms_opt(9, 0, 0);
    assert!(compose(DocumentKind::HearingNotice, &f, &form, day(2026, 12, 7)).is_ok());
    // Without the calendar of the period, no date is guessed.
    let mut unknown = facts();
    unknown.hearing_earliest = None;
    assert!(compose(
        DocumentKind::HearingNotice,
        &unknown,
        &form,
        day(2026, 12, 7)
    )
    .is_err());
}

#[test]
fn art44_notice_states_the_rights_and_the_hearing_right() {
    let f = facts();
    let doc = compose(
        DocumentKind::PenaltyNotice,
        &f,
        &decision_form(),
        day(2026, 11, 2),
    )
    .unwrap_or_else(|m| panic!("{m:?}"));
    let t = doc.plain_text();
    assert!(t.contains("陈述和申辩"));
    assert!(
        t.contains("五日内"),
        "art. 64 (一): five days to ask for a hearing"
    );
}

#[test]
fn a_document_of_another_case_kind_is_refused() {
    let f = facts();
    let missing = compose(
        DocumentKind::LicenceGrant,
        &f,
        &DocumentForm::default(),
        day(2026, 12, 7),
    )
    .err()
    .unwrap_or_default();
    assert_eq!(missing[0].field, "kind");
}

#[test]
fn every_kind_composes_or_names_what_is_missing() {
    for kind in DocumentKind::ALL {
        let mut f = facts();
        f.case_kind = kind.case_kinds()[0];
        match compose(*kind, &f, &DocumentForm::default(), day(2026, 12, 7)) {
            Ok(_) => {}
            Err(m) => assert!(!m.is_empty(), "{kind}: refused without naming a field"),
        }
        assert_eq!(DocumentKind::parse(kind.as_str()), Some(*kind));
    }
}

#[test]
fn numbers_follow_the_template_and_must_be_unique_per_type_and_year() {
    assert_eq!(
        format_number(DEFAULT_NUMBER_FORMAT, "桓财", "罚决", 2026, 1)
            .ok()
            .as_deref(),
        Some("桓财罚决〔2026〕1号")
    );
    assert_eq!(
        format_number("{prefix}{code}第{seq}号", "桓财", "罚决", 2026, 1),
        Err(NumberError::NoYear)
    );
    assert_eq!(
        format_number("{prefix}{code}〔{year}〕号", "桓财", "罚决", 2026, 1),
        Err(NumberError::NoSequence)
    );
    assert!(matches!(
        format_number("{agency}{year}{seq}", "a", "b", 2026, 1),
        Err(NumberError::Unknown(_))
    ));
}

#[test]
fn citations_read_and_write_the_usual_form() {
    let c = parse_citation("《中华人民共和国会计法》第四十二条第一款第（三）项");
    assert_eq!(
        c,
        Some(LegalCitation {
            law: "中华人民共和国会计法".into(),
            article: 42,
            paragraph: Some(1),
            item: Some(3)
        })
    );
    assert_eq!(
        c.map(|c| c.to_zh()).as_deref(),
        Some("《中华人民共和国会计法》第四十二条第一款第（三）项")
    );
    assert_eq!(
        parse_citation("《行政处罚法》第105条").map(|c| c.article),
        Some(105)
    );
    assert_eq!(zh_numeral(105), "一百零五");
    assert_eq!(zh_numeral(10), "十");
    assert_eq!(zh_numeral(110), "一百一十");
    assert_eq!(parse_citation("会计法四十二条"), None);
    assert_eq!(zh_yuan(123_456_789), "1,234,567.89");
}

#[test]
fn prefill_carries_facts_and_basis_forward() {
    let f = facts();
    let form = decision_form();
    let earlier = [IssuedRef {
        kind: DocumentKind::PenaltyNotice,
        title: "行政处罚事先告知书",
        number: "桓财罚告〔2026〕3号",
        form: &form,
    }];
    let p = prefill(DocumentKind::PenaltyDecision, &f, &earlier);
    assert_eq!(p.facts, decision_form().facts);
    assert_eq!(p.basis, decision_form().basis);
    assert_eq!(p.sanction.map(|s| s.fine_fen), Some(2_000_000));
}

/// 行政处罚法 art. 61: the 送达回证 names the latest document served on the party — not the
/// internal papers issued after it, nor the records the party signed on the spot.
#[test]
fn art61_service_receipt_names_the_latest_document_served() {
    let f = facts();
    let form = DocumentForm::default();
    let issued = |kind: DocumentKind, number: &'static str| IssuedRef {
        kind,
        title: kind.title_zh(),
        number,
        form: &form,
    };
    // Latest first, as the issued list is read.
    let earlier = [
        issued(DocumentKind::ClosingApproval, "桓财结〔2026〕1号"),
        issued(DocumentKind::DefenceRecord, "桓财申〔2026〕1号"),
        issued(DocumentKind::PenaltyDecision, "桓财罚决〔2026〕1号"),
        issued(DocumentKind::PenaltyNotice, "桓财罚告〔2026〕1号"),
    ];
    let p = prefill(DocumentKind::ServiceReceipt, &f, &earlier);
    assert_eq!(
        p.service.map(|s| s.documents),
        Some(vec!["行政处罚决定书（桓财罚决〔2026〕1号）".to_owned()])
    );
    let p = prefill(DocumentKind::ServiceAddressConfirmation, &f, &earlier);
    assert_eq!(p.service.map(|s| s.documents), Some(vec![]));
    assert!(!DocumentKind::LegalReviewOpinion.served_on_party());
    assert!(!DocumentKind::InquiryRecord.served_on_party());
}

#[test]
fn art44_59_61_acts_made_by_their_documents() {
    use crate::case::{Command, ServiceMethod};
    let f = facts();
    let notice = Command::IssueNotice {
        served_on: day(2026, 11, 20),
        proposed: Sanction::default(),
    };
    // The case already holds one notice: a renewed notice needs a second 告知书 (art. 44, 45).
    assert_eq!(
        check_documents(&notice, &f.state, &[DocumentKind::PenaltyNotice]),
        Err(DocumentKind::PenaltyNotice)
    );
    assert_eq!(
        check_documents(
            &notice,
            &f.state,
            &[DocumentKind::PenaltyNotice, DocumentKind::PenaltyNotice]
        ),
        Ok(())
    );
    let decide = Command::Decide {
        on: day(2026, 12, 7),
        outcome: Outcome::Penalty {
            sanction: Sanction::default(),
        },
    };
    assert_eq!(
        check_documents(&decide, &f.state, &[]),
        Err(DocumentKind::PenaltyDecision)
    );
    let serve = Command::RecordService {
        on: day(2026, 12, 8),
        method: ServiceMethod::Direct,
    };
    assert_eq!(
        check_documents(&serve, &f.state, &[DocumentKind::PenaltyDecision]),
        Err(DocumentKind::ServiceReceipt)
    );
    assert_eq!(
        check_documents(&serve, &f.state, &[DocumentKind::ServiceReceipt]),
        Ok(())
    );
}
