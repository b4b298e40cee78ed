//! The national "双公示" data templates (the 2019 generation: 行政处罚信息, 30 columns, and
//! 行政许可信息, 28 columns) that every penalty and licence decision is reported in to the credit
//! platform (信用中国, through the provincial platform), with their code lists.
//!
//! Sources: the national 双公示 data standard (template columns, their order and which are
//! required), 行政处罚法 art. 9 (the penalty categories), 行政许可法 art. 12 (the licence
//! categories) and art. 50 (personal data are never published). The template is reported to the
//! credit platform, not published: the identity number of a natural person (证件号码) is in the
//! staff export and never in a public answer (`PublicDecision` has no field for it).
//!
//! What differs between provinces — column order, the date format, code-list variants — is
//! [`CreditSettings`] with the national default.

use super::publication::{DecisionSource, PublicDecision};
use crate::case::Sanction;
use crate::party::{Party, PartyId, PartyKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// 行政相对人类别: the template's party categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CreditPartyCategory {
    /// 法人及非法人组织.
    LegalEntity,
    /// 自然人.
    NaturalPerson,
    /// 个体工商户: reported as a category of its own, with its operator (经营者) as 法定代表人.
    IndividualBusiness,
}

impl CreditPartyCategory {
    /// The party's category: an individual business whatever its kind, else by kind.
    pub fn of(kind: PartyKind, individual_business: bool) -> Self {
        match (kind, individual_business) {
            (_, true) => Self::IndividualBusiness,
            (PartyKind::Organisation, false) => Self::LegalEntity,
            (PartyKind::NaturalPerson, false) => Self::NaturalPerson,
        }
    }

    /// The template's word.
    pub fn label(self) -> &'static str {
        match self {
            Self::LegalEntity => "法人及非法人组织",
            Self::NaturalPerson => "自然人",
            Self::IndividualBusiness => "个体工商户",
        }
    }

    /// 法人及非法人组织 and 个体工商户: the template asks their credit code and 法定代表人.
    pub fn is_organisation(self) -> bool {
        self != Self::NaturalPerson
    }
}

/// 处罚类别: the kinds of administrative penalty of 行政处罚法 art. 9, items (一)–(六).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PenaltyKind {
    /// 警告 (art. 9 (一)).
    Warning,
    /// 通报批评 (art. 9 (一)).
    CirculatedCriticism,
    /// 罚款 (art. 9 (二)).
    Fine,
    /// 没收违法所得 (art. 9 (二)).
    ConfiscationOfIllegalGains,
    /// 没收非法财物 (art. 9 (二)).
    ConfiscationOfIllegalProperty,
    /// 暂扣许可证件 (art. 9 (三)).
    LicenceSuspension,
    /// 降低资质等级 (art. 9 (三)).
    QualificationDowngrade,
    /// 吊销许可证件 (art. 9 (三)).
    LicenceRevocation,
    /// 限制开展生产经营活动 (art. 9 (四)).
    BusinessRestriction,
    /// 责令停产停业 (art. 9 (四)).
    SuspensionOfBusiness,
    /// 责令关闭 (art. 9 (四)).
    Closure,
    /// 限制从业 (art. 9 (四)).
    PracticeRestriction,
    /// 行政拘留 (art. 9 (五)).
    Detention,
    /// 其他 (art. 9 (六): other penalties laws and administrative regulations provide).
    Other,
}

impl PenaltyKind {
    /// Every kind, in the order of art. 9.
    pub const ALL: [PenaltyKind; 14] = [
        Self::Warning,
        Self::CirculatedCriticism,
        Self::Fine,
        Self::ConfiscationOfIllegalGains,
        Self::ConfiscationOfIllegalProperty,
        Self::LicenceSuspension,
        Self::QualificationDowngrade,
        Self::LicenceRevocation,
        Self::BusinessRestriction,
        Self::SuspensionOfBusiness,
        Self::Closure,
        Self::PracticeRestriction,
        Self::Detention,
        Self::Other,
    ];

    /// The template's (and the law's) word.
    pub fn label(self) -> &'static str {
        match self {
            Self::Warning => "警告",
            Self::CirculatedCriticism => "通报批评",
            Self::Fine => "罚款",
            Self::ConfiscationOfIllegalGains => "没收违法所得",
            Self::ConfiscationOfIllegalProperty => "没收非法财物",
            Self::LicenceSuspension => "暂扣许可证件",
            Self::QualificationDowngrade => "降低资质等级",
            Self::LicenceRevocation => "吊销许可证件",
            Self::BusinessRestriction => "限制开展生产经营活动",
            Self::SuspensionOfBusiness => "责令停产停业",
            Self::Closure => "责令关闭",
            Self::PracticeRestriction => "限制从业",
            Self::Detention => "行政拘留",
            Self::Other => "其他",
        }
    }

    /// The item of 行政处罚法 art. 9 the kind belongs to (1 = (一) … 6 = (六)).
    pub fn article_9_item(self) -> u8 {
        match self {
            Self::Warning | Self::CirculatedCriticism => 1,
            Self::Fine | Self::ConfiscationOfIllegalGains | Self::ConfiscationOfIllegalProperty => {
                2
            }
            Self::LicenceSuspension | Self::QualificationDowngrade | Self::LicenceRevocation => 3,
            Self::BusinessRestriction
            | Self::SuspensionOfBusiness
            | Self::Closure
            | Self::PracticeRestriction => 4,
            Self::Detention => 5,
            Self::Other => 6,
        }
    }

    /// The kinds a sanction imposes, in the order of art. 9. A confiscation is 没收违法所得
    /// unless a measure named 没收非法财物 says otherwise; a measure named by the law's word is
    /// that kind, any other measure is 其他.
    pub fn of_sanction(s: &Sanction) -> Vec<PenaltyKind> {
        let mut out = Vec::new();
        if s.warning {
            out.push(Self::Warning);
        }
        if s.circulated_criticism {
            out.push(Self::CirculatedCriticism);
        }
        if s.fine_fen > 0 {
            out.push(Self::Fine);
        }
        let named = |k: PenaltyKind| s.other.iter().any(|o| o.contains(k.label()));
        if s.confiscation_fen > 0 && !named(Self::ConfiscationOfIllegalProperty) {
            out.push(Self::ConfiscationOfIllegalGains);
        }
        if s.licence_suspension {
            out.push(Self::LicenceSuspension);
        }
        if s.licence_revocation {
            out.push(Self::LicenceRevocation);
        }
        for o in &s.other {
            let kind = Self::ALL
                .into_iter()
                .filter(|k| *k != Self::Other)
                .find(|k| o.contains(k.label()))
                .unwrap_or(Self::Other);
            out.push(kind);
        }
        out.sort();
        out.dedup();
        out
    }
}

/// 许可类别 (行政许可法 art. 12 and the template's code list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LicenceCategory {
    /// 普通 (art. 12 (一)).
    General,
    /// 特许 (art. 12 (二)).
    Franchise,
    /// 认可 (art. 12 (三)).
    Recognition,
    /// 核准 (art. 12 (四)).
    Approval,
    /// 登记 (art. 12 (五)).
    Registration,
    /// 其他 (art. 12 (六)).
    Other,
}

impl LicenceCategory {
    /// The template's word.
    pub fn label(self) -> &'static str {
        match self {
            Self::General => "普通",
            Self::Franchise => "特许",
            Self::Recognition => "认可",
            Self::Approval => "核准",
            Self::Registration => "登记",
            Self::Other => "其他",
        }
    }
}

/// 当前状态 of a licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    /// 有效.
    Valid,
    /// 无效 (expired, withdrawn, revoked).
    Invalid,
}

impl LicenceStatus {
    /// The template's word.
    pub fn label(self) -> &'static str {
        match self {
            Self::Valid => "有效",
            Self::Invalid => "无效",
        }
    }
}

pub use crate::party::PartyCodes;

/// What a licence decision grants, as the template reports it (行政许可信息).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LicenceTerms {
    /// 行政许可决定文书名称, e.g. 准予行政许可决定书.
    pub document_name: String,
    /// 许可类别.
    pub category: LicenceCategory,
    /// 许可证书名称 (when a certificate is issued).
    #[serde(default)]
    pub certificate_name: Option<String>,
    /// 许可编号 (the certificate's number).
    #[serde(default)]
    pub certificate_number: Option<String>,
    /// 许可内容.
    pub content: String,
    /// 有效期自.
    pub valid_from: NaiveDate,
    /// 有效期至 (the template writes a licence without end as 2099-12-31).
    pub valid_until: NaiveDate,
}

/// The template's "no end" date (长期).
pub fn no_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Which template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// 行政处罚信息.
    Penalty,
    /// 行政许可信息.
    Licence,
}

/// When the template requires a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// 必填.
    Always,
    /// 选填.
    Optional,
    /// 法人及非法人组织、个体工商户必填.
    Organisations,
    /// 自然人必填.
    NaturalPersons,
    /// 处罚类别为罚款时必填.
    WhenFine,
    /// 处罚类别为没收违法所得、没收非法财物时必填.
    WhenConfiscation,
    /// 处罚类别为暂扣或者吊销许可证件时必填.
    WhenLicenceAction,
}

/// Whose gap a missing column is: the case's (it refuses the publication), the agency
/// register's (the agency's credit code), or one that the deadline to publish (118号: 7 working
/// days) must not wait for and the export reports: the legal basis, which a decision made on the
/// spot (行政处罚法 art. 51-52) may reach the draft without and the editor adds, a natural
/// person's identity document, which the party may not have shown, and a granted licence's terms
/// (document name, category, content, validity), which the staff app's licence decision form
/// (frontend/src/components/action_form.rs) does not collect yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Case,
    Agency,
    Export,
}

const fn export(id: &'static str, column: &'static str, requirement: Requirement) -> TemplateField {
    TemplateField {
        id,
        column,
        requirement,
        origin: Origin::Export,
    }
}

/// One column of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateField {
    /// Field id in code and API.
    pub id: &'static str,
    /// The template's column name, exactly.
    pub column: &'static str,
    pub requirement: Requirement,
    pub origin: Origin,
}

const fn f(id: &'static str, column: &'static str, requirement: Requirement) -> TemplateField {
    TemplateField {
        id,
        column,
        requirement,
        origin: Origin::Case,
    }
}

const fn agency(id: &'static str, column: &'static str) -> TemplateField {
    TemplateField {
        id,
        column,
        requirement: Requirement::Always,
        origin: Origin::Agency,
    }
}

use Requirement::{
    Always, NaturalPersons, Optional, Organisations, WhenConfiscation, WhenFine, WhenLicenceAction,
};

/// 行政处罚信息, the 30 columns in template order.
pub const PENALTY_TEMPLATE: [TemplateField; 30] = [
    f("party_name", "行政相对人名称", Always),
    f("party_type", "行政相对人类别", Always),
    f(
        "credit_code",
        "行政相对人代码_1(统一社会信用代码)",
        Organisations,
    ),
    f(
        "business_registration_number",
        "行政相对人代码_2(工商注册号)",
        Optional,
    ),
    f(
        "organisation_code",
        "行政相对人代码_3(组织机构代码)",
        Optional,
    ),
    f(
        "tax_registration_number",
        "行政相对人代码_4(税务登记号)",
        Optional,
    ),
    f(
        "public_institution_number",
        "行政相对人代码_5(事业单位证书号)",
        Optional,
    ),
    f(
        "social_organisation_number",
        "行政相对人代码_6(社会组织登记证号)",
        Optional,
    ),
    f("legal_representative", "法定代表人", Organisations),
    f(
        "legal_representative_id_type",
        "法定代表人证件类型",
        Optional,
    ),
    f(
        "legal_representative_id_number",
        "法定代表人证件号码",
        Optional,
    ),
    export("id_type", "证件类型", NaturalPersons),
    export("id_number", "证件号码", NaturalPersons),
    f("decision_number", "行政处罚决定书文号", Always),
    f("violation_type", "违法行为类型", Always),
    f("facts", "违法事实", Always),
    export("legal_basis", "处罚依据", Always),
    f("penalty_kinds", "处罚类别", Always),
    f("content", "处罚内容", Always),
    f("fine_wan_yuan", "罚款金额(万元)", WhenFine),
    f(
        "confiscation_wan_yuan",
        "没收违法所得、没收非法财物的金额(万元)",
        WhenConfiscation,
    ),
    f(
        "licence_document",
        "暂扣或吊销证照名称及编号",
        WhenLicenceAction,
    ),
    f("decided_on", "处罚决定日期", Always),
    f("penalty_valid_until", "处罚有效期", Always),
    f("publication_end", "公示截止期", Optional),
    f("agency_name", "处罚机关", Always),
    agency("agency_credit_code", "处罚机关统一社会信用代码"),
    f("data_source", "数据来源单位", Always),
    agency("data_source_credit_code", "数据来源单位统一社会信用代码"),
    f("remarks", "备注", Optional),
];

/// 行政许可信息, the 28 columns in template order.
pub const LICENCE_TEMPLATE: [TemplateField; 28] = [
    f("party_name", "行政相对人名称", Always),
    f("party_type", "行政相对人类别", Always),
    f(
        "credit_code",
        "行政相对人代码_1(统一社会信用代码)",
        Organisations,
    ),
    f(
        "business_registration_number",
        "行政相对人代码_2(工商注册号)",
        Optional,
    ),
    f(
        "organisation_code",
        "行政相对人代码_3(组织机构代码)",
        Optional,
    ),
    f(
        "tax_registration_number",
        "行政相对人代码_4(税务登记号)",
        Optional,
    ),
    f(
        "public_institution_number",
        "行政相对人代码_5(事业单位证书号)",
        Optional,
    ),
    f(
        "social_organisation_number",
        "行政相对人代码_6(社会组织登记证号)",
        Optional,
    ),
    f("legal_representative", "法定代表人", Organisations),
    f(
        "legal_representative_id_type",
        "法定代表人证件类型",
        Optional,
    ),
    f(
        "legal_representative_id_number",
        "法定代表人证件号码",
        Optional,
    ),
    export("id_type", "证件类型", NaturalPersons),
    export("id_number", "证件号码", NaturalPersons),
    export("document_name", "行政许可决定文书名称", Always),
    f("decision_number", "行政许可决定文书号", Always),
    export("licence_category", "许可类别", Always),
    f("certificate_name", "许可证书名称", Optional),
    f("certificate_number", "许可编号", Optional),
    export("licence_content", "许可内容", Always),
    f("decided_on", "许可决定日期", Always),
    export("valid_from", "有效期自", Always),
    export("valid_until", "有效期至", Always),
    f("agency_name", "许可机关", Always),
    agency("agency_credit_code", "许可机关统一社会信用代码"),
    f("licence_status", "当前状态", Always),
    f("data_source", "数据来源单位", Always),
    agency("data_source_credit_code", "数据来源单位统一社会信用代码"),
    f("remarks", "备注", Optional),
];

impl TemplateKind {
    /// The template's columns in national order.
    pub fn fields(self) -> &'static [TemplateField] {
        match self {
            Self::Penalty => &PENALTY_TEMPLATE,
            Self::Licence => &LICENCE_TEMPLATE,
        }
    }

    /// A column by field id.
    pub fn field(self, id: &str) -> Option<&'static TemplateField> {
        self.fields().iter().find(|f| f.id == id)
    }
}

/// Per-province variants of the export (`[credit]` in `sanxiang.toml`); the default is the
/// national template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CreditSettings {
    /// Field ids of the penalty template in the province's order (empty: national order).
    /// Columns left out are appended in national order: a province reorders, never drops.
    pub penalty_columns: Vec<String>,
    /// Likewise for the licence template.
    pub licence_columns: Vec<String>,
    /// chrono format of dates (national: `%Y/%m/%d`).
    pub date_format: String,
    /// Separator of several values in one cell (处罚类别, 处罚依据).
    pub separator: String,
    /// Code-list variants: code list (`party_type`, `penalty_kind`, `licence_category`,
    /// `licence_status`, `id_type`) → national word → the province's word or code, e.g.
    /// `licence_status = { "有效" = "1", "无效" = "2" }`.
    pub code_variants: BTreeMap<String, BTreeMap<String, String>>,
}

impl Default for CreditSettings {
    fn default() -> Self {
        Self {
            penalty_columns: Vec::new(),
            licence_columns: Vec::new(),
            date_format: "%Y/%m/%d".into(),
            separator: ";".into(),
            code_variants: BTreeMap::new(),
        }
    }
}

/// The code lists a setting may rename words of.
pub const CODE_LISTS: [&str; 5] = [
    "party_type",
    "penalty_kind",
    "licence_category",
    "licence_status",
    "id_type",
];

impl CreditSettings {
    /// Checks the settings: known field ids, no id twice, a date format that formats, known
    /// code lists. The error names the setting.
    pub fn check(&self) -> Result<(), String> {
        for (kind, cols, name) in [
            (
                TemplateKind::Penalty,
                &self.penalty_columns,
                "credit.penalty_columns",
            ),
            (
                TemplateKind::Licence,
                &self.licence_columns,
                "credit.licence_columns",
            ),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for c in cols {
                if kind.field(c).is_none() {
                    return Err(format!("{name}: `{c}` is not a field of the template"));
                }
                if !seen.insert(c) {
                    return Err(format!("{name}: `{c}` listed twice"));
                }
            }
        }
        let probe = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap_or(NaiveDate::MIN);
        let mut out = String::new();
        if self.date_format.is_empty()
            || std::fmt::write(
                &mut out,
                format_args!("{}", probe.format(&self.date_format)),
            )
            .is_err()
        {
            return Err(format!(
                "credit.date_format: `{}` is not a date format",
                self.date_format
            ));
        }
        for list in self.code_variants.keys() {
            if !CODE_LISTS.contains(&list.as_str()) {
                return Err(format!(
                    "credit.code_variants: `{list}` is not a code list ({})",
                    CODE_LISTS.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// The columns of `kind` in this province's order.
    pub fn columns(&self, kind: TemplateKind) -> Vec<&'static TemplateField> {
        let order = match kind {
            TemplateKind::Penalty => &self.penalty_columns,
            TemplateKind::Licence => &self.licence_columns,
        };
        let mut out: Vec<&'static TemplateField> =
            order.iter().filter_map(|id| kind.field(id)).collect();
        for f in kind.fields() {
            if !out.iter().any(|o| o.id == f.id) {
                out.push(f);
            }
        }
        out
    }

    fn word(&self, list: &str, national: &str) -> String {
        self.code_variants
            .get(list)
            .and_then(|m| m.get(national))
            .cloned()
            .unwrap_or_else(|| national.to_owned())
    }
}

/// A cell before formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Date(NaiveDate),
    /// A word of a code list (renamed by the province's variants).
    Code(&'static str, &'static str),
    /// Several words of a code list.
    Codes(&'static str, Vec<&'static str>),
    /// Several texts.
    List(Vec<String>),
}

impl Cell {
    fn text(s: Option<&str>) -> Cell {
        match s.map(str::trim) {
            Some(t) if !t.is_empty() => Cell::Text(t.to_owned()),
            _ => Cell::Empty,
        }
    }

    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::List(v) => v.iter().all(|t| t.trim().is_empty()),
            Cell::Codes(_, v) => v.is_empty(),
            Cell::Date(_) | Cell::Code(..) => false,
        }
    }

    /// The cell as the province writes it.
    pub fn render(&self, st: &CreditSettings) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Date(d) => d.format(&st.date_format).to_string(),
            Cell::Code(list, w) => st.word(list, w),
            Cell::Codes(list, ws) => ws
                .iter()
                .map(|w| st.word(list, w))
                .collect::<Vec<_>>()
                .join(&st.separator),
            Cell::List(v) => v.join(&st.separator),
        }
    }
}

/// What the template reports about the party that is never published: the identity document
/// of a natural person (证件类型, 证件号码). Taken from the decision's source, staff only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportedOnly {
    pub id_type: Option<String>,
    pub id_number: Option<String>,
}

impl ReportedOnly {
    /// The natural person's identity document from the source (none for organisations).
    pub fn of(src: &DecisionSource) -> Self {
        if CreditPartyCategory::of(src.party_kind, src.individual_business)
            != CreditPartyCategory::NaturalPerson
        {
            return Self::default();
        }
        Self {
            id_type: src.id_type.clone(),
            id_number: src.person_id_number.clone(),
        }
    }
}

/// The 证件类型 of a party identifier: 身份证 for a resident id, the document's own name else.
pub fn id_type(p: &Party) -> Option<String> {
    match &p.id {
        Some(PartyId::ResidentId(_)) => Some("身份证".to_owned()),
        Some(PartyId::Other { kind, .. }) => Some(kind.clone()),
        _ => None,
    }
}

/// One row of a template: the published entry (masked texts) plus what is reported only.
/// `status` is the licence's 当前状态 on the day of the export.
pub fn row(
    kind: TemplateKind,
    p: &PublicDecision,
    reported: &ReportedOnly,
    status: LicenceStatus,
) -> BTreeMap<&'static str, Cell> {
    let category = p
        .party_type
        .unwrap_or(CreditPartyCategory::of(p.party_category, false));
    let codes = p.party_codes.clone().unwrap_or_default();
    let mut r: BTreeMap<&'static str, Cell> = BTreeMap::new();
    r.insert("party_name", Cell::Text(p.party_name.clone()));
    r.insert("party_type", Cell::Code("party_type", category.label()));
    r.insert("credit_code", Cell::text(p.credit_code.as_deref()));
    r.insert(
        "business_registration_number",
        Cell::text(codes.business_registration_number.as_deref()),
    );
    r.insert(
        "organisation_code",
        Cell::text(codes.organisation_code.as_deref()),
    );
    r.insert(
        "tax_registration_number",
        Cell::text(codes.tax_registration_number.as_deref()),
    );
    r.insert(
        "public_institution_number",
        Cell::text(codes.public_institution_number.as_deref()),
    );
    r.insert(
        "social_organisation_number",
        Cell::text(codes.social_organisation_number.as_deref()),
    );
    r.insert(
        "legal_representative",
        Cell::text(p.legal_representative.as_deref()),
    );
    r.insert("legal_representative_id_type", Cell::Empty);
    r.insert("legal_representative_id_number", Cell::Empty);
    let person = category == CreditPartyCategory::NaturalPerson;
    r.insert(
        "id_type",
        match reported.id_type.as_deref() {
            Some(t) if person => Cell::Code("id_type", id_type_word(t)),
            _ => Cell::Empty,
        },
    );
    r.insert(
        "id_number",
        if person {
            Cell::text(reported.id_number.as_deref())
        } else {
            Cell::Empty
        },
    );
    r.insert("decision_number", Cell::Text(p.decision_number.clone()));
    r.insert("decided_on", Cell::Date(p.decided_on));
    r.insert("agency_name", Cell::Text(p.agency_name.clone()));
    r.insert(
        "agency_credit_code",
        Cell::text(p.agency_credit_code.as_deref()),
    );
    r.insert("data_source", Cell::Text(p.data_source.clone()));
    r.insert(
        "data_source_credit_code",
        Cell::text(
            p.data_source_credit_code
                .as_deref()
                .or(p.agency_credit_code.as_deref()),
        ),
    );
    r.insert("remarks", Cell::Empty);
    match kind {
        TemplateKind::Penalty => {
            r.insert("violation_type", Cell::Text(p.violation_type.clone()));
            r.insert("facts", Cell::Text(p.facts.clone()));
            r.insert("legal_basis", Cell::List(p.legal_basis.clone()));
            r.insert(
                "penalty_kinds",
                Cell::Codes(
                    "penalty_kind",
                    p.penalty_kinds.iter().map(|k| k.label()).collect(),
                ),
            );
            r.insert("content", Cell::Text(p.content.clone()));
            let amount = |s: &str| {
                if s == "0" {
                    Cell::Empty
                } else {
                    Cell::Text(wan_yuan_6(s))
                }
            };
            r.insert("fine_wan_yuan", amount(&p.fine_wan_yuan));
            r.insert("confiscation_wan_yuan", amount(&p.confiscation_wan_yuan));
            r.insert(
                "licence_document",
                Cell::text(p.licence_document.as_deref()),
            );
            r.insert(
                "penalty_valid_until",
                p.penalty_valid_until.map_or(Cell::Empty, Cell::Date),
            );
            r.insert(
                "publication_end",
                p.publication_end.map_or(Cell::Empty, Cell::Date),
            );
        }
        TemplateKind::Licence => {
            let l = p.licence.as_ref();
            r.insert(
                "document_name",
                Cell::text(l.map(|l| l.document_name.as_str())),
            );
            r.insert(
                "licence_category",
                l.map_or(Cell::Empty, |l| {
                    Cell::Code("licence_category", l.category.label())
                }),
            );
            r.insert(
                "certificate_name",
                Cell::text(l.and_then(|l| l.certificate_name.as_deref())),
            );
            r.insert(
                "certificate_number",
                Cell::text(l.and_then(|l| l.certificate_number.as_deref())),
            );
            r.insert("licence_content", Cell::text(l.map(|l| l.content.as_str())));
            r.insert(
                "valid_from",
                l.map_or(Cell::Empty, |l| Cell::Date(l.valid_from)),
            );
            r.insert(
                "valid_until",
                l.map_or(Cell::Empty, |l| Cell::Date(l.valid_until)),
            );
            r.insert(
                "licence_status",
                Cell::Code("licence_status", status.label()),
            );
        }
    }
    r
}

/// 当前状态 of a licence on `today`: 无效 once withdrawn or past its validity, else 有效. The
/// export and the push connector report the same word.
pub fn licence_status(p: &PublicDecision, withdrawn: bool, today: NaiveDate) -> LicenceStatus {
    let expired = p.licence.as_ref().is_some_and(|l| l.valid_until < today);
    if withdrawn || expired {
        LicenceStatus::Invalid
    } else {
        LicenceStatus::Valid
    }
}

/// A row as the province writes it: each column of `kind` in the province's order with its
/// rendered text (empty when the row has nothing). What the export writes in a line and the push
/// connector sends as a record.
pub fn rendered_row(
    kind: TemplateKind,
    p: &PublicDecision,
    reported: &ReportedOnly,
    status: LicenceStatus,
    st: &CreditSettings,
) -> Vec<(&'static TemplateField, String)> {
    let r = row(kind, p, reported, status);
    st.columns(kind)
        .into_iter()
        .map(|c| {
            (
                c,
                r.get(c.id).map(|cell| cell.render(st)).unwrap_or_default(),
            )
        })
        .collect()
}

/// The columns that identify a reported decision when it is taken back (a withdrawal is sent
/// with these and its reason, not the whole row).
pub const IDENTIFYING_FIELDS: [&str; 9] = [
    "party_name",
    "party_type",
    "credit_code",
    "id_type",
    "id_number",
    "decision_number",
    "decided_on",
    "agency_name",
    "agency_credit_code",
];

/// The national words of 证件类型; another document keeps its own name.
fn id_type_word(t: &str) -> &'static str {
    const WORDS: [&str; 5] = [
        "身份证",
        "护照号",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "外国人永久居留身份证",
    ];
    WORDS
        .into_iter()
        .find(|w| *w == t || (t == "护照" && *w == "护照号"))
        .unwrap_or("其他")
}

/// 万元 with exactly six decimals, as the template writes amounts (`0.5` → `0.500000`).
pub fn wan_yuan_6(s: &str) -> String {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    format!("{whole}.{frac:0<6}")
}

/// A column the template requires and the row lacks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{column} ({id}) is required")]
pub struct MissingField {
    pub id: &'static str,
    pub column: &'static str,
}

impl Requirement {
    /// Whether the column is required for this row.
    fn applies(self, p: &PublicDecision, category: CreditPartyCategory) -> bool {
        match self {
            Always => true,
            Optional => false,
            Organisations => category.is_organisation(),
            NaturalPersons => category == CreditPartyCategory::NaturalPerson,
            WhenFine => p.fine_wan_yuan != "0",
            WhenConfiscation => p.confiscation_wan_yuan != "0",
            WhenLicenceAction => p.penalty_kinds.iter().any(|k| {
                matches!(
                    k,
                    PenaltyKind::LicenceSuspension | PenaltyKind::LicenceRevocation
                )
            }),
        }
    }
}

/// The required columns of `origin` that the row lacks, in template order. At publication
/// only what comes from the case is checked (a gap there is the case's); the agency's credit
/// code is the agency register's.
pub fn missing(
    kind: TemplateKind,
    p: &PublicDecision,
    reported: &ReportedOnly,
    origin: Origin,
) -> Vec<MissingField> {
    let category = p
        .party_type
        .unwrap_or(CreditPartyCategory::of(p.party_category, false));
    let r = row(kind, p, reported, LicenceStatus::Valid);
    kind.fields()
        .iter()
        .filter(|f| f.origin == origin && f.requirement.applies(p, category))
        .filter(|f| r.get(f.id).is_none_or(Cell::is_empty))
        .map(|f| MissingField {
            id: f.id,
            column: f.column,
        })
        .collect()
}

/// Which template a published decision is reported in, if any: penalties, and licences
/// granted (a refusal grants nothing to report).
pub fn template_of(p: &PublicDecision) -> Option<TemplateKind> {
    use super::publication::ResourceType;
    use crate::case::CaseKind;
    match (p.resource_type, p.case_kind) {
        (ResourceType::Decision, CaseKind::Penalty) => Some(TemplateKind::Penalty),
        (ResourceType::Decision, CaseKind::Licence) if p.licence_granted != Some(false) => {
            Some(TemplateKind::Licence)
        }
        _ => None,
    }
}

/// The publication gate: a penalty or a granted licence is published only when the case gives
/// every column its template requires (the 双公示 standard; the agency's credit code aside,
/// which is its register's). The error lists the missing columns in template order.
pub fn check_publishable(
    p: &PublicDecision,
    src: &DecisionSource,
) -> Result<(), Vec<MissingField>> {
    let Some(kind) = template_of(p) else {
        return Ok(());
    };
    let gaps = missing(kind, p, &ReportedOnly::of(src), Origin::Case);
    if gaps.is_empty() {
        Ok(())
    } else {
        Err(gaps)
    }
}

#[cfg(test)]
#[path = "credit_tests.rs"]
mod tests;
