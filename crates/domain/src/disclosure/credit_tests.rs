use super::*;
use crate::case::CaseKind;
use crate::disclosure::publication::{public_decision, PublishContext, ResourceType};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn org_source() -> DecisionSource {
    DecisionSource {
        party_name: "桓仁某某有限公司".into(),
        party_kind: PartyKind::Organisation,
        credit_code: Some("91350100M000100Y43".into()),
        person_id_number: None,
        address: Some("桓仁县某路1号".into()),
        contact: None,
        decision_number: "桓财罚决〔2026〕3号".into(),
        violation_type: "会计违法".into(),
        facts: "未按规定使用财政票据".into(),
        legal_basis: vec![
            "《会计法》第四十二条".into(),
            "《财政违法行为处罚处分条例》第十六条".into(),
        ],
        categories: vec!["罚款".into()],
        content: "罚款5000元".into(),
        fine_fen: 500_000,
        confiscation_fen: 0,
        licence_action: None,
        decided_on: day(2026, 3, 2),
        agency_name: "桓仁满族自治县财政局".into(),
        agency_credit_code: Some("11210522001234567X".into()),
        third_persons: vec![],
        private_numbers: vec![],
        individual_business: false,
        legal_representative: Some("孙经理".into()),
        party_codes: PartyCodes {
            organisation_code: Some("M000100Y4".into()),
            ..PartyCodes::default()
        },
        id_type: None,
        penalty_kinds: vec![PenaltyKind::Fine],
        licence_document: None,
        licence_granted: None,
        licence: None,
    }
}

fn person_source() -> DecisionSource {
    DecisionSource {
        party_name: "张三".into(),
        party_kind: PartyKind::NaturalPerson,
        credit_code: None,
        person_id_number: Some("11010519491231002X".into()),
        id_type: Some("身份证".into()),
        legal_representative: None,
        party_codes: PartyCodes::default(),
        ..org_source()
    }
}

fn publish(src: &DecisionSource, kind: CaseKind) -> PublicDecision {
    public_decision(
        src,
        &PublishContext {
            id: uuid::Uuid::nil(),
            resource_type: ResourceType::Decision,
            case_kind: kind,
            agency_id: uuid::Uuid::nil(),
            publication_end: Some(day(2027, 3, 2)),
            version: 1,
            published_on: day(2026, 3, 5),
            extra_masks: &[],
        },
    )
    .0
}

fn rendered(
    kind: TemplateKind,
    src: &DecisionSource,
    st: &CreditSettings,
) -> BTreeMap<&'static str, String> {
    let p = publish(
        src,
        match kind {
            TemplateKind::Penalty => CaseKind::Penalty,
            TemplateKind::Licence => CaseKind::Licence,
        },
    );
    row(kind, &p, &ReportedOnly::of(src), LicenceStatus::Valid)
        .into_iter()
        .map(|(k, v)| (k, v.render(st)))
        .collect()
}

/// The national 双公示 standard: 行政处罚信息 has 30 columns, 行政许可信息 28, each field id once,
/// in template order (the first and last columns as the template has them).
#[test]
fn the_templates_have_the_national_columns_in_order() {
    assert_eq!(PENALTY_TEMPLATE.len(), 30);
    assert_eq!(LICENCE_TEMPLATE.len(), 28);
    for t in [TemplateKind::Penalty, TemplateKind::Licence] {
        let mut ids: Vec<&str> = t.fields().iter().map(|f| f.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{t:?}: a field id twice");
        assert_eq!(t.fields()[0].column, "行政相对人名称");
        assert_eq!(t.fields()[n - 1].column, "备注");
    }
    let cols: Vec<&str> = PENALTY_TEMPLATE.iter().map(|f| f.column).collect();
    let pos = |c: &str| cols.iter().position(|x| *x == c).unwrap();
    assert!(pos("法定代表人") < pos("证件类型"));
    assert!(pos("处罚决定日期") < pos("处罚有效期"));
    assert!(pos("处罚有效期") < pos("公示截止期"));
    assert!(pos("处罚机关统一社会信用代码") < pos("数据来源单位"));
    let lic: Vec<&str> = LICENCE_TEMPLATE.iter().map(|f| f.column).collect();
    assert_eq!(
        lic[13..16],
        ["行政许可决定文书名称", "行政许可决定文书号", "许可类别"]
    );
    assert_eq!(lic[20..22], ["有效期自", "有效期至"]);
}

/// 行政处罚法 art. 9: every kind falls in its item (一)–(六); a sanction's measures map to the
/// law's words, anything else is 其他.
#[test]
fn penalty_kinds_follow_article_9() {
    let items: Vec<u8> = PenaltyKind::ALL
        .iter()
        .map(|k| k.article_9_item())
        .collect();
    assert_eq!(items, [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 6]);
    let s = Sanction {
        warning: true,
        fine_fen: 100,
        confiscation_fen: 100,
        licence_revocation: true,
        other: vec![
            "责令停产停业".into(),
            "降低资质等级".into(),
            "责令改正".into(),
        ],
        ..Sanction::default()
    };
    assert_eq!(
        PenaltyKind::of_sanction(&s),
        [
            PenaltyKind::Warning,
            PenaltyKind::Fine,
            PenaltyKind::ConfiscationOfIllegalGains,
            PenaltyKind::QualificationDowngrade,
            PenaltyKind::LicenceRevocation,
            PenaltyKind::SuspensionOfBusiness,
            PenaltyKind::Other,
        ]
    );
    let property = Sanction {
        confiscation_fen: 100,
        other: vec!["没收非法财物".into()],
        ..Sanction::default()
    };
    assert_eq!(
        PenaltyKind::of_sanction(&property),
        [PenaltyKind::ConfiscationOfIllegalProperty]
    );
}

/// The 双公示 template: 个体工商户 is a category of its own; the code lists carry the
/// template's words (许可类别 per 行政许可法 art. 12, 当前状态 有效/无效).
#[test]
fn code_lists_carry_the_template_words() {
    assert_eq!(
        CreditPartyCategory::of(PartyKind::Organisation, true).label(),
        "个体工商户"
    );
    assert_eq!(
        CreditPartyCategory::of(PartyKind::NaturalPerson, true),
        CreditPartyCategory::IndividualBusiness
    );
    assert_eq!(
        CreditPartyCategory::of(PartyKind::Organisation, false).label(),
        "法人及非法人组织"
    );
    assert_eq!(
        CreditPartyCategory::of(PartyKind::NaturalPerson, false).label(),
        "自然人"
    );
    let words: Vec<&str> = [
        LicenceCategory::General,
        LicenceCategory::Franchise,
        LicenceCategory::Recognition,
        LicenceCategory::Approval,
        LicenceCategory::Registration,
        LicenceCategory::Other,
    ]
    .iter()
    .map(|c| c.label())
    .collect();
    assert_eq!(words, ["普通", "特许", "认可", "核准", "登记", "其他"]);
    assert_eq!(LicenceStatus::Valid.label(), "有效");
    assert_eq!(LicenceStatus::Invalid.label(), "无效");
}

/// The 双公示 template: 法定代表人 is required of organisations (法人及非法人组织、个体工商户);
/// publication is refused naming the field.
#[test]
fn an_organisation_without_legal_representative_is_refused_naming_the_field() {
    let mut s = org_source();
    s.legal_representative = None;
    let p = publish(&s, CaseKind::Penalty);
    let err = check_publishable(&p, &s).unwrap_err();
    assert_eq!(
        err,
        [MissingField {
            id: "legal_representative",
            column: "法定代表人"
        }]
    );
    let ok = org_source();
    assert_eq!(
        check_publishable(&publish(&ok, CaseKind::Penalty), &ok),
        Ok(())
    );
    // An individual business needs its operator too.
    let mut ib = org_source();
    ib.individual_business = true;
    ib.legal_representative = None;
    let p = publish(&ib, CaseKind::Penalty);
    assert_eq!(p.party_type, Some(CreditPartyCategory::IndividualBusiness));
    assert!(check_publishable(&p, &ib)
        .unwrap_err()
        .iter()
        .any(|m| m.id == "legal_representative"));
}

/// The 双公示 template: a natural person is reported with 证件类型 and 证件号码; without them
/// the publication still goes out within its deadline and the export reports the gap. An
/// organisation needs neither.
#[test]
fn a_natural_person_is_reported_with_the_identity_document() {
    let s = person_source();
    assert_eq!(
        check_publishable(&publish(&s, CaseKind::Penalty), &s),
        Ok(())
    );
    let mut none = person_source();
    none.person_id_number = None;
    none.id_type = None;
    let p = publish(&none, CaseKind::Penalty);
    assert_eq!(check_publishable(&p, &none), Ok(()));
    let ids: Vec<&str> = missing(
        TemplateKind::Penalty,
        &p,
        &ReportedOnly::of(&none),
        Origin::Export,
    )
    .iter()
    .map(|m| m.id)
    .collect();
    assert!(
        ids.contains(&"id_type") && ids.contains(&"id_number"),
        "{ids:?}"
    );
}

/// The 双公示 template: amounts are required with their category (罚款 → 罚款金额) and the
/// licence's name and number with a suspension or revocation.
#[test]
fn conditional_columns_follow_the_penalty_kinds() {
    let mut s = org_source();
    s.penalty_kinds = vec![PenaltyKind::Fine, PenaltyKind::LicenceRevocation];
    let ids: Vec<&str> = check_publishable(&publish(&s, CaseKind::Penalty), &s)
        .unwrap_err()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, ["licence_document"]);
    s.licence_document = Some("代理记账许可证书 JZ001".into());
    assert_eq!(
        check_publishable(&publish(&s, CaseKind::Penalty), &s),
        Ok(())
    );
}

/// The agency's own credit code is its register's, not the case's: it does not stop a
/// publication, but the export reports it missing.
#[test]
fn the_agency_code_is_checked_apart_from_the_case() {
    let mut s = org_source();
    s.agency_credit_code = None;
    let p = publish(&s, CaseKind::Penalty);
    assert_eq!(check_publishable(&p, &s), Ok(()));
    let gaps: Vec<&str> = missing(
        TemplateKind::Penalty,
        &p,
        &ReportedOnly::of(&s),
        Origin::Agency,
    )
    .iter()
    .map(|m| m.id)
    .collect();
    assert_eq!(gaps, ["agency_credit_code", "data_source_credit_code"]);
    // The legal basis is the draft's: the editor completes it; the export names the gap.
    let mut s = org_source();
    s.legal_basis = vec![];
    let p = publish(&s, CaseKind::Penalty);
    assert_eq!(check_publishable(&p, &s), Ok(()));
    let gaps: Vec<&str> = missing(
        TemplateKind::Penalty,
        &p,
        &ReportedOnly::of(&s),
        Origin::Export,
    )
    .iter()
    .map(|m| m.id)
    .collect();
    assert_eq!(gaps, ["legal_basis"]);
}

/// 行政处罚法 art. 50 and DOMAIN §6: the identity number is in the template's row (reported to
/// the credit platform) and never in the published entry.
#[test]
fn the_identity_number_is_reported_never_published_art_50() {
    let s = person_source();
    let p = publish(&s, CaseKind::Penalty);
    let json = serde_json::to_string(&p).unwrap();
    assert!(!json.contains("11010519491231002X"), "{json}");
    assert!(!json.contains("身份证"), "{json}");
    let r = rendered(TemplateKind::Penalty, &s, &CreditSettings::default());
    assert_eq!(r["id_number"], "11010519491231002X");
    assert_eq!(r["id_type"], "身份证");
    // An organisation's row has no personal number.
    let o = rendered(
        TemplateKind::Penalty,
        &org_source(),
        &CreditSettings::default(),
    );
    assert_eq!(o["id_number"], "");
}

/// The national set publishes amounts in 万元 (six decimals in the template) and dates as
/// YYYY/MM/DD; 处罚有效期 is the publication end (2099/12/31 when there is none).
#[test]
fn amounts_in_wan_yuan_and_dates_in_the_template_format() {
    let r = rendered(
        TemplateKind::Penalty,
        &org_source(),
        &CreditSettings::default(),
    );
    assert_eq!(r["fine_wan_yuan"], "0.500000");
    assert_eq!(r["confiscation_wan_yuan"], "");
    assert_eq!(r["decided_on"], "2026/03/02");
    assert_eq!(r["penalty_valid_until"], "2027/03/02");
    assert_eq!(r["party_type"], "法人及非法人组织");
    assert_eq!(r["organisation_code"], "M000100Y4");
    assert_eq!(
        r["legal_basis"],
        "《会计法》第四十二条;《财政违法行为处罚处分条例》第十六条"
    );
    assert_eq!(r["data_source_credit_code"], "11210522001234567X");
    assert_eq!(wan_yuan_6("12"), "12.000000");
    assert_eq!(wan_yuan_6("0.012345"), "0.012345");
}

/// Per-province settings: column order, date format and code-list words change; the national
/// default stays the template; a bad setting is refused naming it.
#[test]
fn provinces_reorder_columns_and_rename_codes() {
    let mut st = CreditSettings {
        licence_columns: vec!["decision_number".into(), "party_name".into()],
        date_format: "%Y-%m-%d".into(),
        ..CreditSettings::default()
    };
    st.code_variants.insert(
        "licence_status".into(),
        BTreeMap::from([("有效".to_owned(), "1".to_owned())]),
    );
    assert_eq!(st.check(), Ok(()));
    let cols = st.columns(TemplateKind::Licence);
    assert_eq!(cols.len(), 28);
    assert_eq!(cols[0].column, "行政许可决定文书号");
    assert_eq!(cols[1].column, "行政相对人名称");
    assert_eq!(cols[2].column, "行政相对人类别");
    let mut s = org_source();
    s.licence_granted = Some(true);
    s.licence = Some(LicenceTerms {
        document_name: "准予行政许可决定书".into(),
        category: LicenceCategory::Recognition,
        certificate_name: Some("代理记账许可证书".into()),
        certificate_number: Some("JZ001".into()),
        content: "准予取得代理记账资格".into(),
        valid_from: day(2026, 3, 2),
        valid_until: no_end(),
    });
    let r = rendered(TemplateKind::Licence, &s, &st);
    assert_eq!(r["licence_status"], "1");
    assert_eq!(r["valid_until"], "2099-12-31");
    assert_eq!(r["licence_category"], "认可");
    let national = CreditSettings::default();
    assert_eq!(
        national
            .columns(TemplateKind::Penalty)
            .iter()
            .map(|f| f.id)
            .collect::<Vec<_>>(),
        PENALTY_TEMPLATE.iter().map(|f| f.id).collect::<Vec<_>>()
    );
    let bad = CreditSettings {
        penalty_columns: vec!["shoe_size".into()],
        ..CreditSettings::default()
    };
    assert!(bad.check().unwrap_err().contains("credit.penalty_columns"));
    let bad_list = CreditSettings {
        code_variants: BTreeMap::from([("colour".to_owned(), BTreeMap::new())]),
        ..CreditSettings::default()
    };
    assert!(bad_list
        .check()
        .unwrap_err()
        .contains("credit.code_variants"));
}

/// The 双公示 行政许可信息 template: a granted licence is reported with its document name,
/// category, content and validity; without them it is still published within its 7 working days
/// and the export reports the gaps; a refusal grants nothing and is not reported.
#[test]
fn a_granted_licence_reports_its_terms() {
    let mut s = org_source();
    s.penalty_kinds = vec![];
    s.licence_granted = Some(true);
    let p = publish(&s, CaseKind::Licence);
    assert_eq!(check_publishable(&p, &s), Ok(()));
    let ids: Vec<&str> = missing(
        TemplateKind::Licence,
        &p,
        &ReportedOnly::of(&s),
        Origin::Export,
    )
    .iter()
    .map(|m| m.id)
    .collect();
    assert_eq!(
        ids,
        [
            "document_name",
            "licence_category",
            "licence_content",
            "valid_from",
            "valid_until"
        ]
    );
    s.licence_granted = Some(false);
    let refused = publish(&s, CaseKind::Licence);
    assert_eq!(template_of(&refused), None);
    assert_eq!(check_publishable(&refused, &s), Ok(()));
}
