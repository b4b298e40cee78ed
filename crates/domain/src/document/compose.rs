//! Composition: what the case holds + the officer's form + the agency's settings → the content
//! of one document, or the list of every required element that is missing.

use super::citation::LegalCitation;
use super::kind::DocumentKind;
use super::settings::DocumentSettings;
use super::text::{zh_date, zh_yuan};
use crate::case::{CaseKind, CaseState, NoPenaltyGround, Outcome, Sanction, ServiceMethod};
use crate::party::PartyKind;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The party as documents name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyFacts {
    pub kind: PartyKind,
    pub name: String,
    /// 统一社会信用代码 or 公民身份号码 / other document number, in full (documents go to the
    /// party; publication masks them).
    pub id_number: Option<String>,
    pub address: Option<String>,
    pub contact: Option<String>,
}

/// An officer and the certificate shown (行政处罚法 art. 42, 55).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerFacts {
    pub name: String,
    pub certificate: Option<String>,
}

/// One evidence item of the file, with the hash the log holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub title: String,
    pub file_name: String,
    pub sha256: String,
    pub recorded_on: NaiveDate,
}

/// Everything the case already holds that documents print (nobody types it again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub agency_name: String,
    pub agency_short_name: String,
    pub settings: DocumentSettings,
    pub case_kind: CaseKind,
    pub case_number: String,
    pub case_title: String,
    pub party: PartyFacts,
    /// The case's officers, the handling officer first.
    pub officers: Vec<OfficerFacts>,
    pub state: CaseState,
    pub evidence: Vec<EvidenceItem>,
    /// The sanction a hearing right depends on gives one (行政处罚法 art. 63), as the case's
    /// rule settings judge it.
    pub hearing_right: bool,
    /// The first day a hearing may be held if its notice is issued on the document's date: after
    /// the notice period of the rule settings (行政处罚法 art. 64 (二): 7 working days, counted per
    /// art. 85; crates/domain/src/case/gates.rs `hearing_earliest`). `None` when the calendar does
    /// not cover the period: a hearing notice is then refused, never dated by a guess.
    #[serde(default)]
    pub hearing_earliest: Option<NaiveDate>,
    /// The legal review's opinion, as lines (行政处罚法 art. 58).
    pub review: Vec<String>,
    /// The collective deliberation's record, as lines (art. 57 para. 2).
    pub deliberation: Vec<String>,
}

/// A question and its answer in a 笔录.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QaPair {
    pub question: String,
    pub answer: String,
}

/// One item of a list (seized goods, materials to supply).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListedItem {
    pub name: String,
    #[serde(default)]
    pub specification: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub note: String,
}

/// How a document was served (行政处罚法 art. 61).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceForm {
    /// The documents served, by title and number.
    #[serde(default)]
    pub documents: Vec<String>,
    pub method: Option<ServiceMethod>,
    pub address: Option<String>,
    pub recipient: Option<String>,
    pub served_on: Option<NaiveDate>,
}

/// What the officer writes (or confirms, pre-filled): only what the case does not hold.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentForm {
    /// 法定代表人（负责人） of an organisation party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    /// 违法事实 (or the facts the document rests on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<String>,
    /// The provisions violated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violated: Vec<LegalCitation>,
    /// The provisions the act is based on (处罚依据, 决定依据).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<LegalCitation>,
    /// Discretion reasoning (行政处罚法 art. 34).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discretion: Option<String>,
    /// The sanction when the case does not hold one yet (a notice before its transition).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::settings::optional_object"
    )]
    pub sanction: Option<Sanction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<NaiveDateTime>,
    /// Persons present besides the officers (被询问人, 见证人, 当事人).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons_present: Vec<String>,
    /// Questions and answers of a 笔录.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qa: Vec<QaPair>,
    /// What an inspection found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<String>,
    /// The document's own text: summary, opinion, reasons, matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Listed items (seized goods, materials to supply).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ListedItem>,
    /// Hearing time, place and presiding officer (行政处罚法 art. 64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing_at: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing_place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presiding: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::settings::optional_object"
    )]
    pub service: Option<ServiceForm>,
    /// A period in days (seizure, 行政强制法 art. 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<u32>,
}

/// A required element that is missing: the field's path and its name in Chinese.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingField {
    /// `form.facts`, `party.address`, `settings.court`, `case.evidence`…
    pub field: String,
    /// 违法事实, 当事人地址…
    pub label: String,
}

/// One block of a document's content (laid out by `crates/documents/templates/common.typ`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Block {
    Heading {
        text: String,
    },
    Para {
        text: String,
    },
    Fields {
        rows: Vec<[String; 2]>,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Qa {
        rows: Vec<[String; 2]>,
    },
    Lines {
        rows: Vec<String>,
    },
}

/// A composed document: complete, ready to number and print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposedDocument {
    pub kind: DocumentKind,
    pub agency: String,
    pub title: String,
    pub blocks: Vec<Block>,
    /// Signature lines of the persons present.
    pub signatures: Vec<String>,
    /// The party signs every page (a 笔录).
    pub party_signs: bool,
    /// Issued in the agency's name with its seal.
    pub sealed: bool,
    pub issued_on: NaiveDate,
}

impl ComposedDocument {
    /// The data the template reads.
    pub fn template_data(
        &self,
        number: Option<&str>,
        verification: &str,
        draft: bool,
    ) -> serde_json::Value {
        serde_json::json!({
            "agency": self.agency,
            "title": self.title,
            "number": number,
            "blocks": self.blocks,
            "signatures": self.signatures,
            "signoff": self.sealed.then(|| serde_json::json!({
                "agency": self.agency,
                "date": zh_date(self.issued_on),
                "seal": true,
            })),
            "party_signs": self.party_signs,
            "verification": verification,
            "draft": draft,
            "date": zh_date(self.issued_on),
        })
    }

    /// All text of the document (what a reader of the PDF finds), for checks and search.
    pub fn plain_text(&self) -> String {
        let mut out = vec![self.agency.clone(), self.title.clone()];
        for b in &self.blocks {
            match b {
                Block::Heading { text } | Block::Para { text } => out.push(text.clone()),
                Block::Fields { rows } | Block::Qa { rows } => {
                    out.extend(rows.iter().map(|r| r.join(" ")))
                }
                Block::Table { header, rows } => {
                    out.push(header.join(" "));
                    out.extend(rows.iter().map(|r| r.join(" ")));
                }
                Block::Lines { rows } => out.extend(rows.iter().cloned()),
            }
        }
        out.extend(self.signatures.iter().cloned());
        out.join("\n")
    }
}

/// Collects what is missing while composing.
struct Need {
    missing: Vec<MissingField>,
}

impl Need {
    fn miss(&mut self, field: &str, label: &str) {
        if !self.missing.iter().any(|m| m.field == field) {
            self.missing.push(MissingField {
                field: field.into(),
                label: label.into(),
            });
        }
    }
    fn text(&mut self, v: &Option<String>, field: &str, label: &str) -> String {
        match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => s.to_owned(),
            None => {
                self.miss(field, label);
                String::new()
            }
        }
    }
    fn time(&mut self, v: &Option<NaiveDateTime>, field: &str, label: &str) -> String {
        match v {
            Some(t) => zh_time(*t),
            None => {
                self.miss(field, label);
                String::new()
            }
        }
    }
    fn citations(&mut self, v: &[LegalCitation], field: &str, label: &str) -> String {
        if v.is_empty() || v.iter().any(|c| !c.is_complete()) {
            self.miss(field, label);
            return String::new();
        }
        v.iter()
            .map(LegalCitation::to_zh)
            .collect::<Vec<_>>()
            .join("、")
    }
}

fn zh_time(t: NaiveDateTime) -> String {
    format!("{}{}", zh_date(t.date()), t.format("%H时%M分"))
}

/// The sanction in words, as a decision imposes it (行政处罚法 art. 9).
pub fn sanction_zh(s: &Sanction) -> String {
    let mut parts = Vec::new();
    if s.warning {
        parts.push("警告".to_owned());
    }
    if s.circulated_criticism {
        parts.push("通报批评".to_owned());
    }
    if s.fine_fen > 0 {
        parts.push(format!("罚款人民币{}元", zh_yuan(s.fine_fen)));
    }
    if s.confiscation_fen > 0 {
        parts.push(format!(
            "没收违法所得、非法财物（价值人民币{}元）",
            zh_yuan(s.confiscation_fen)
        ));
    }
    if s.licence_suspension {
        parts.push("暂扣许可证件、降低资质等级".to_owned());
    }
    if s.licence_revocation {
        parts.push("吊销许可证件".to_owned());
    }
    parts.extend(
        s.other
            .iter()
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty()),
    );
    parts.join("；")
}

fn service_method_zh(m: ServiceMethod) -> &'static str {
    match m {
        ServiceMethod::Direct => "直接送达",
        ServiceMethod::Leaving => "留置送达",
        ServiceMethod::Post => "邮寄送达",
        ServiceMethod::Electronic => "电子送达",
        ServiceMethod::Announcement => "公告送达",
    }
}

/// The sanction the case holds: the decision's, else the latest notice's, else the form's.
fn case_sanction<'a>(facts: &'a CaseFacts, form: &'a DocumentForm) -> Option<&'a Sanction> {
    match facts.state.decision.as_ref().map(|d| &d.outcome) {
        Some(Outcome::Penalty { sanction }) => Some(sanction),
        _ => facts
            .state
            .notice
            .as_ref()
            .map(|n| &n.proposed)
            .or(form.sanction.as_ref()),
    }
}

fn party_rows(
    facts: &CaseFacts,
    form: &DocumentForm,
    need: &mut Need,
    full: bool,
) -> Vec<[String; 2]> {
    let p = &facts.party;
    let mut rows = vec![["当事人".to_owned(), p.name.clone()]];
    let id_label = match p.kind {
        PartyKind::Organisation => "统一社会信用代码",
        PartyKind::NaturalPerson => "身份证件号码",
    };
    if full {
        let id = need.text(&p.id_number, "party.id_number", id_label);
        rows.push([id_label.into(), id]);
        let addr = need.text(&p.address, "party.address", "当事人住所（地址）");
        rows.push(["住所（地址）".into(), addr]);
        if p.kind == PartyKind::Organisation {
            let rep = need.text(
                &form.legal_representative,
                "form.legal_representative",
                "法定代表人（负责人）",
            );
            rows.push(["法定代表人（负责人）".into(), rep]);
        }
    } else {
        if let Some(id) = &p.id_number {
            rows.push([id_label.into(), id.clone()]);
        }
        if let Some(a) = &p.address {
            rows.push(["住所（地址）".into(), a.clone()]);
        }
    }
    rows
}

fn officer_lines(facts: &CaseFacts, need: &mut Need, at_least: usize) -> Vec<String> {
    let certified: Vec<&OfficerFacts> = facts
        .officers
        .iter()
        .filter(|o| {
            o.certificate
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
        })
        .collect();
    if certified.len() < at_least {
        // 行政处罚法 art. 42, 55: at least two officers, who show their certificates.
        need.miss("case.officers", "两名以上持执法证件的执法人员");
    }
    certified
        .iter()
        .map(|o| {
            format!(
                "{}（执法证号：{}）",
                o.name,
                o.certificate.as_deref().unwrap_or("")
            )
        })
        .collect()
}

fn remedies(facts: &CaseFacts, need: &mut Need) -> String {
    let organ = need.text(
        &facts.settings.reconsideration_organ,
        "settings.reconsideration_organ",
        "行政复议机关",
    );
    let court = need.text(&facts.settings.court, "settings.court", "管辖人民法院");
    // 行政复议法 art. 20 (60 days); 行政诉讼法 art. 46 (6 months).
    format!(
        "如不服本决定，可以在收到本决定书之日起六十日内向{organ}申请行政复议，或者在六个月内依法向{court}提起行政诉讼。"
    )
}

fn payment(facts: &CaseFacts, s: &Sanction, need: &mut Need) -> Option<String> {
    if s.fine_fen <= 0 && s.confiscation_fen <= 0 {
        return None;
    }
    let Some(bank) = facts.settings.bank_account.as_ref() else {
        need.miss("settings.bank_account", "罚没款缴纳银行及账户");
        return None;
    };
    // 行政处罚法 art. 67 (15 days, paid to the designated bank), art. 72 (3 % a day).
    Some(format!(
        "当事人应当自收到本决定书之日起十五日内，到{}（户名：{}，账号：{}）缴纳罚没款。到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。",
        bank.bank.trim(),
        bank.account_name.trim(),
        bank.account_number.trim()
    ))
}

fn evidence_table(facts: &CaseFacts, need: &mut Need, required: bool) -> Option<Block> {
    if facts.evidence.is_empty() {
        if required {
            need.miss("case.evidence", "证据（案卷中的证据记录）");
        }
        return None;
    }
    Some(Block::Table {
        header: vec![
            "序号".into(),
            "证据".into(),
            "文件".into(),
            "SHA-256".into(),
        ],
        rows: evidence_rows(facts),
    })
}

/// One row per evidence item: number, title, file, SHA-256.
pub(crate) fn evidence_rows(facts: &CaseFacts) -> Vec<Vec<String>> {
    facts
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.title.clone(),
                e.file_name.clone(),
                e.sha256.clone(),
            ]
        })
        .collect()
}

fn items_table(items: &[ListedItem]) -> Block {
    Block::Table {
        header: vec![
            "序号".into(),
            "名称".into(),
            "规格".into(),
            "数量".into(),
            "备注".into(),
        ],
        rows: items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                vec![
                    (i + 1).to_string(),
                    it.name.clone(),
                    it.specification.clone(),
                    it.quantity.clone(),
                    it.note.clone(),
                ]
            })
            .collect(),
    }
}

fn para(t: impl Into<String>) -> Block {
    Block::Para { text: t.into() }
}

fn heading(t: impl Into<String>) -> Block {
    Block::Heading { text: t.into() }
}

/// Composes `kind` for the case, or names every required element that is missing.
pub fn compose(
    kind: DocumentKind,
    facts: &CaseFacts,
    form: &DocumentForm,
    issued_on: NaiveDate,
) -> Result<ComposedDocument, Vec<MissingField>> {
    let mut need = Need {
        missing: Vec::new(),
    };
    if !kind.case_kinds().contains(&facts.case_kind) {
        need.miss("kind", "本类案件不使用该文书");
        return Err(need.missing);
    }
    let mut blocks = Vec::new();
    let mut signatures = Vec::new();
    let mut sealed = true;
    let case_row = ["案号".to_owned(), facts.case_number.clone()];
    use DocumentKind as K;
    match kind {
        K::FilingApproval => {
            let mut rows = vec![["案件名称".to_owned(), facts.case_title.clone()], case_row];
            rows.extend(party_rows(facts, form, &mut need, false));
            if let Some(d) = facts.state.violation_on {
                rows.push(["违法行为发生日".into(), zh_date(d)]);
            }
            blocks.push(Block::Fields { rows });
            blocks.push(heading("案情摘要"));
            blocks.push(para(need.text(&form.text, "form.text", "案情摘要")));
            if !form.violated.is_empty() {
                blocks.push(para(format!(
                    "涉嫌违反：{}",
                    need.citations(&form.violated, "form.violated", "涉嫌违反的规定")
                )));
            }
            let officers = officer_lines(facts, &mut need, 2);
            blocks.push(Block::Lines {
                rows: vec![format!("承办人：{}", officers.join("、"))],
            });
            blocks.push(para("承办人意见：建议立案调查。（行政处罚法第五十四条）"));
            signatures = vec!["承办机构负责人意见：".into(), "行政机关负责人审批：".into()];
            sealed = false;
        }
        K::InquiryRecord | K::InspectionRecord | K::DefenceRecord | K::HearingRecord => {
            let start = need.time(&form.started_at, "form.started_at", "开始时间");
            let end = form.ended_at.map(zh_time).unwrap_or_default();
            let place = need.text(&form.place, "form.place", "地点");
            let officers = officer_lines(facts, &mut need, 2);
            if form.persons_present.iter().all(|p| p.trim().is_empty()) {
                need.miss(
                    "form.persons_present",
                    "在场人员（被询问人、当事人或见证人）",
                );
            }
            let mut rows = vec![
                case_row,
                [
                    "时间".into(),
                    if end.is_empty() {
                        start
                    } else {
                        format!("{start}至{end}")
                    },
                ],
                ["地点".into(), place],
                ["执法人员".into(), officers.join("、")],
                ["在场人员".into(), form.persons_present.join("、")],
            ];
            rows.extend(party_rows(facts, form, &mut need, false));
            if kind == K::HearingRecord {
                rows.push([
                    "主持人".into(),
                    need.text(&form.presiding, "form.presiding", "听证主持人"),
                ]);
            }
            blocks.push(Block::Fields { rows });
            blocks.push(para(
                "执法人员已出示执法证件，表明身份，告知当事人依法享有的陈述、申辩权利及申请回避的权利（行政处罚法第四十三条、第五十五条）。",
            ));
            match kind {
                K::InspectionRecord => {
                    blocks.push(heading("检查（勘验）情况"));
                    blocks.push(para(need.text(
                        &form.findings,
                        "form.findings",
                        "检查（勘验）情况",
                    )));
                }
                K::DefenceRecord if form.qa.is_empty() => {
                    blocks.push(heading("陈述申辩内容"));
                    blocks.push(para(need.text(&form.text, "form.text", "陈述申辩内容")));
                }
                _ => {
                    if form
                        .qa
                        .iter()
                        .all(|q| q.question.trim().is_empty() || q.answer.trim().is_empty())
                    {
                        need.miss("form.qa", "问答记录");
                    }
                    blocks.push(Block::Qa {
                        rows: form
                            .qa
                            .iter()
                            .map(|q| [q.question.clone(), q.answer.clone()])
                            .collect(),
                    });
                }
            }
            blocks.push(para("以上笔录已交被记录人核对（或向其宣读），确认无误。"));
            signatures = vec![
                "被记录人签名：".into(),
                "执法人员签名：".into(),
                "记录人签名：".into(),
            ];
            sealed = false;
        }
        K::PreservationNotice | K::PreservationDecision => {
            let mut rows = party_rows(facts, form, &mut need, false);
            rows.insert(0, case_row);
            blocks.push(Block::Fields { rows });
            if form.items.is_empty() {
                need.miss("form.items", "物品清单");
            }
            if kind == K::PreservationNotice {
                let place = need.text(&form.place, "form.place", "保存地点");
                // 行政处罚法 art. 56: with approval, decided within 7 working days.
                blocks.push(para(format!(
                    "因调查需要，经本机关负责人批准，依据《中华人民共和国行政处罚法》第五十六条的规定，对下列物品予以先行登记保存，保存地点：{place}。在此期间，当事人或者有关人员不得销毁或者转移证据。本机关将在七个工作日内作出处理决定。"
                )));
            } else {
                blocks.push(heading("处理决定"));
                blocks.push(para(need.text(&form.text, "form.text", "处理决定")));
            }
            blocks.push(items_table(&form.items));
        }
        K::InvestigationReport => {
            let mut rows = vec![["案件名称".to_owned(), facts.case_title.clone()], case_row];
            rows.extend(party_rows(facts, form, &mut need, false));
            blocks.push(Block::Fields { rows });
            blocks.push(heading("一、违法事实"));
            blocks.push(para(need.text(&form.facts, "form.facts", "违法事实")));
            blocks.push(heading("二、证据"));
            if let Some(t) = evidence_table(facts, &mut need, true) {
                blocks.push(t);
            }
            blocks.push(heading("三、违反的规定和处罚依据"));
            let v = need.citations(&form.violated, "form.violated", "违反的规定");
            let b = need.citations(&form.basis, "form.basis", "处罚依据");
            blocks.push(para(format!("当事人的行为违反了{v}，依据{b}。")));
            if let Some(d) = form.discretion.as_deref().filter(|d| !d.trim().is_empty()) {
                blocks.push(heading("四、裁量理由"));
                blocks.push(para(d));
            }
            blocks.push(heading("处理意见"));
            blocks.push(para(need.text(&form.text, "form.text", "处理意见")));
            signatures = vec!["承办人：".into(), "承办机构负责人意见：".into()];
            sealed = false;
        }
        K::PenaltyNotice => {
            let mut rows = party_rows(facts, form, &mut need, false);
            rows.insert(0, case_row);
            blocks.push(Block::Fields { rows });
            let f = need.text(&form.facts, "form.facts", "违法事实");
            let v = need.citations(&form.violated, "form.violated", "违反的规定");
            let b = need.citations(&form.basis, "form.basis", "处罚依据");
            // The notice proposes: the form's sanction first — a renewed notice proposes anew
            // (行政处罚法 art. 45) and is issued before the case holds it (art. 44).
            let s = match form
                .sanction
                .as_ref()
                .or_else(|| case_sanction(facts, form))
            {
                Some(s) if !sanction_zh(s).is_empty() => sanction_zh(s),
                _ => {
                    need.miss("form.sanction", "拟作出的行政处罚");
                    String::new()
                }
            };
            blocks.push(para(format!("经调查，{f}")));
            blocks.push(para(format!(
                "你（单位）的上述行为违反了{v}。依据{b}，本机关拟对你（单位）作出如下行政处罚：{s}。"
            )));
            let contact = need.text(
                &facts.settings.contact,
                "settings.contact",
                "本机关地址及联系电话",
            );
            // 行政处罚法 art. 44, 45; art. 63, 64 (5 days to ask for a hearing).
            blocks.push(para(
                "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。",
            ));
            if facts.hearing_right {
                blocks.push(para("根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求听证。如要求听证，应当在收到本告知书之日起五日内提出。"));
            }
            blocks.push(para(format!(
                "逾期视为放弃上述权利。联系地址及电话：{contact}"
            )));
        }
        K::HearingNotice => {
            let mut rows = party_rows(facts, form, &mut need, false);
            rows.insert(0, case_row);
            blocks.push(Block::Fields { rows });
            let at = need.time(&form.hearing_at, "form.hearing_at", "听证时间");
            let place = need.text(&form.hearing_place, "form.hearing_place", "听证地点");
            let presiding = need.text(&form.presiding, "form.presiding", "听证主持人");
            // 行政处罚法 art. 64 (二): notified at least 7 (working) days before.
            if let Some(h) = form.hearing_at {
                match facts.hearing_earliest {
                    Some(first) if h.date() >= first && h.date() > issued_on => {}
                    Some(first) => need.miss(
                        "form.hearing_at",
                        &format!(
                            "听证时间（应在举行听证七个工作日前通知，最早{}）",
                            zh_date(first)
                        ),
                    ),
                    None => need.miss(
                        "form.hearing_at",
                        "听证时间（节假日安排未载入，无法计算七个工作日的通知期限）",
                    ),
                }
            }
            blocks.push(para(format!(
                "根据你（单位）的申请，本机关定于{at}在{place}举行听证，听证主持人：{presiding}。你（单位）可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，有权申请回避。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利（行政处罚法第六十四条）。"
            )));
        }
        K::HearingReport => {
            blocks.push(Block::Fields {
                rows: vec![
                    case_row,
                    ["当事人".into(), facts.party.name.clone()],
                    [
                        "主持人".into(),
                        need.text(&form.presiding, "form.presiding", "听证主持人"),
                    ],
                    [
                        "听证时间".into(),
                        need.time(&form.hearing_at, "form.hearing_at", "听证时间"),
                    ],
                ],
            });
            blocks.push(heading("听证情况及处理意见"));
            blocks.push(para(need.text(
                &form.text,
                "form.text",
                "听证情况及处理意见",
            )));
            signatures = vec!["听证主持人：".into()];
            sealed = false;
        }
        K::LegalReviewOpinion | K::DeliberationRecord => {
            let (lines, field, label) = if kind == K::LegalReviewOpinion {
                (
                    &facts.review,
                    "case.review",
                    "法制审核意见（案件的法制审核）",
                )
            } else {
                (
                    &facts.deliberation,
                    "case.deliberation",
                    "集体讨论记录（案件的集体讨论）",
                )
            };
            if lines.is_empty() {
                need.miss(field, label);
            }
            blocks.push(Block::Fields {
                rows: vec![
                    ["案件名称".into(), facts.case_title.clone()],
                    case_row,
                    ["当事人".into(), facts.party.name.clone()],
                ],
            });
            blocks.push(Block::Lines {
                rows: lines.clone(),
            });
            sealed = kind == K::LegalReviewOpinion;
        }
        K::PenaltyDecision | K::SummaryPenaltyDecision => {
            // 行政处罚法 art. 59 (一)–(六), art. 52 for the on-the-spot decision.
            blocks.push(Block::Fields {
                rows: party_rows(facts, form, &mut need, true),
            });
            blocks.push(heading("一、违法事实和证据"));
            blocks.push(para(need.text(&form.facts, "form.facts", "违法事实")));
            if let Some(t) = evidence_table(facts, &mut need, kind == K::PenaltyDecision) {
                blocks.push(para("以上事实有下列证据证明："));
                blocks.push(t);
            }
            blocks.push(heading("二、行政处罚的种类和依据"));
            let v = need.citations(&form.violated, "form.violated", "违反的法律、法规或者规章");
            let b = need.citations(&form.basis, "form.basis", "行政处罚的依据");
            let sanction = match case_sanction(facts, form) {
                Some(s) if !sanction_zh(s).is_empty() => Some(s.clone()),
                _ => {
                    need.miss("case.sanction", "行政处罚的种类");
                    None
                }
            };
            let s_text = sanction.as_ref().map(sanction_zh).unwrap_or_default();
            if let Some(d) = form.discretion.as_deref().filter(|d| !d.trim().is_empty()) {
                blocks.push(para(format!("裁量理由：{d}")));
            }
            blocks.push(para(format!(
                "当事人的上述行为违反了{v}。依据{b}，本机关决定给予如下行政处罚：{s_text}。"
            )));
            blocks.push(heading("三、履行方式和期限"));
            match sanction.as_ref().and_then(|s| payment(facts, s, &mut need)) {
                Some(p) => blocks.push(para(p)),
                None => blocks.push(para("当事人应当自收到本决定书之日起履行本决定。")),
            }
            blocks.push(heading("四、救济途径和期限"));
            blocks.push(para(remedies(facts, &mut need)));
            if kind == K::SummaryPenaltyDecision {
                let place = need.text(&form.place, "form.place", "违法行为地点");
                let officers = officer_lines(facts, &mut need, 1);
                blocks.push(Block::Lines {
                    rows: vec![
                        format!("地点：{place}"),
                        format!("执法人员：{}", officers.join("、")),
                    ],
                });
                signatures = vec!["当事人签收：".into()];
            }
        }
        K::NoPenaltyDecision => {
            blocks.push(Block::Fields {
                rows: party_rows(facts, form, &mut need, true),
            });
            blocks.push(heading("一、查明的事实"));
            blocks.push(para(need.text(&form.facts, "form.facts", "查明的事实")));
            let ground = match facts.state.decision.as_ref().map(|d| &d.outcome) {
                Some(Outcome::NoPenalty { ground: Some(g) }) if g.is_stated() => g.label_zh(),
                _ => match form.text.as_deref().filter(|t| !t.trim().is_empty()) {
                    Some(t) => NoPenaltyGround::Other { text: t.to_owned() }.label_zh(),
                    None => {
                        need.miss("case.no_penalty_ground", "不予行政处罚的理由和依据");
                        String::new()
                    }
                },
            };
            blocks.push(heading("二、不予行政处罚的理由和依据"));
            blocks.push(para(format!("本机关决定不予行政处罚。理由：{ground}")));
            blocks.push(heading("三、救济途径和期限"));
            blocks.push(para(remedies(facts, &mut need)));
        }
        K::ServiceAddressConfirmation => {
            let s = form.service.clone().unwrap_or_default();
            let mut rows = party_rows(facts, form, &mut need, false);
            rows.insert(0, case_row);
            rows.push([
                "送达地址".into(),
                need.text(&s.address, "form.service.address", "送达地址"),
            ]);
            rows.push([
                "收件人".into(),
                need.text(&s.recipient, "form.service.recipient", "收件人"),
            ]);
            if let Some(m) = s.method {
                rows.push(["同意的送达方式".into(), service_method_zh(m).into()]);
            }
            blocks.push(Block::Fields { rows });
            // 行政处罚法 art. 61: electronic service only with the party's consent.
            blocks.push(para("当事人确认上述送达地址真实有效；同意电子送达的，以电子送达方式送达的文书到达即视为送达（行政处罚法第六十一条）。"));
            signatures = vec!["受送达人签名：".into()];
            sealed = false;
        }
        K::ServiceReceipt => {
            let s = form.service.clone().unwrap_or_default();
            if s.documents.iter().all(|d| d.trim().is_empty()) {
                need.miss("form.service.documents", "送达文书名称及文号");
            }
            let method = match s.method {
                Some(m) => service_method_zh(m).to_owned(),
                None => {
                    need.miss("form.service.method", "送达方式");
                    String::new()
                }
            };
            let served = match s.served_on {
                Some(d) => zh_date(d),
                None => {
                    need.miss("form.service.served_on", "送达日期");
                    String::new()
                }
            };
            blocks.push(Block::Fields {
                rows: vec![
                    case_row,
                    ["受送达人".into(), facts.party.name.clone()],
                    ["送达文书".into(), s.documents.join("；")],
                    [
                        "送达地点".into(),
                        need.text(&s.address, "form.service.address", "送达地点"),
                    ],
                    ["送达方式".into(), method],
                    ["送达日期".into(), served],
                    [
                        "收件人".into(),
                        need.text(&s.recipient, "form.service.recipient", "收件人"),
                    ],
                ],
            });
            signatures = vec!["受送达人签名：".into(), "送达人签名：".into()];
            sealed = false;
        }
        K::ExecutionRecord => {
            let p = &facts.state.payment;
            let mut rows = vec![case_row, ["当事人".into(), facts.party.name.clone()]];
            if let Some(s) = case_sanction(facts, form) {
                rows.push(["处罚内容".into(), sanction_zh(s)]);
            }
            for pay in &p.payments {
                rows.push([
                    "缴纳".into(),
                    format!(
                        "{} 人民币{}元",
                        zh_date(pay.paid_on),
                        zh_yuan(pay.amount_fen)
                    ),
                ]);
            }
            blocks.push(Block::Fields { rows });
            blocks.push(heading("执行情况"));
            blocks.push(para(need.text(&form.text, "form.text", "执行情况")));
            signatures = vec!["承办人：".into()];
            sealed = false;
        }
        K::ClosingApproval => {
            let mut rows = vec![
                ["案件名称".to_owned(), facts.case_title.clone()],
                case_row,
                ["当事人".into(), facts.party.name.clone()],
            ];
            if let Some(d) = &facts.state.decision {
                rows.push(["决定日期".into(), zh_date(d.decided_on)]);
                if let Outcome::Penalty { sanction } = &d.outcome {
                    rows.push(["处罚内容".into(), sanction_zh(sanction)]);
                }
            }
            blocks.push(Block::Fields { rows });
            blocks.push(heading("结案理由"));
            blocks.push(para(need.text(&form.text, "form.text", "结案理由")));
            signatures = vec![
                "承办人：".into(),
                "承办机构负责人意见：".into(),
                "行政机关负责人审批：".into(),
            ];
            sealed = false;
        }
        K::InspectionNotice => {
            let mut rows = party_rows(facts, form, &mut need, false);
            rows.insert(0, case_row);
            rows.push([
                "检查时间".into(),
                need.time(&form.started_at, "form.started_at", "检查时间"),
            ]);
            blocks.push(Block::Fields { rows });
            blocks.push(heading("检查事项"));
            blocks.push(para(need.text(&form.text, "form.text", "检查事项")));
            if !form.basis.is_empty() {
                blocks.push(para(format!(
                    "检查依据：{}",
                    need.citations(&form.basis, "form.basis", "检查依据")
                )));
            }
            blocks.push(para("请予以配合，如实提供有关资料和情况。执法人员将出示执法证件；认为执法人员与本案有利害关系的，可以申请回避。"));
        }
        K::InspectionResult => {
            let mut rows = party_rows(facts, form, &mut need, false);
            rows.insert(0, case_row);
            blocks.push(Block::Fields { rows });
            blocks.push(heading("检查发现"));
            blocks.push(para(need.text(&form.findings, "form.findings", "检查发现")));
            blocks.push(heading("检查结论及处理"));
            blocks.push(para(need.text(&form.text, "form.text", "检查结论及处理")));
        }
        K::LicenceAcceptance
        | K::LicenceRejection
        | K::LicenceCorrectionNotice
        | K::LicenceGrant
        | K::LicenceRefusal => {
            let mut rows = party_rows(facts, form, &mut need, false);
            rows.insert(0, ["申请人".into(), facts.party.name.clone()]);
            rows.remove(1);
            rows.insert(0, case_row);
            blocks.push(Block::Fields { rows });
            match kind {
                K::LicenceAcceptance => {
                    blocks.push(para(format!(
                        "你（单位）提出的{}申请，申请材料齐全、符合法定形式，本机关决定予以受理。本机关将自受理之日起二十个工作日内作出行政许可决定（行政许可法第三十二条、第四十二条）。",
                        need.text(&form.text, "form.text", "申请事项")
                    )));
                }
                K::LicenceRejection => {
                    blocks.push(para(format!(
                        "你（单位）的申请，本机关决定不予受理。理由：{}（行政许可法第三十二条）",
                        need.text(&form.text, "form.text", "不予受理的理由")
                    )));
                    blocks.push(para(remedies(facts, &mut need)));
                }
                K::LicenceCorrectionNotice => {
                    if form.items.is_empty() {
                        need.miss("form.items", "需要补正的全部内容");
                    }
                    // 行政许可法 art. 32 (四): everything missing, at once.
                    blocks.push(para("你（单位）提交的申请材料不齐全或者不符合法定形式，请一次性补正下列全部内容（行政许可法第三十二条第一款第（四）项）："));
                    blocks.push(items_table(&form.items));
                }
                K::LicenceGrant => {
                    let b = need.citations(&form.basis, "form.basis", "许可依据");
                    blocks.push(para(format!(
                        "经审查，你（单位）的申请符合法定条件、标准。依据{b}，本机关决定准予行政许可。许可内容：{}",
                        need.text(&form.text, "form.text", "许可内容")
                    )));
                }
                _ => {
                    let b = need.citations(&form.basis, "form.basis", "不予许可的依据");
                    // 行政许可法 art. 38 para. 2: reasons and the right to remedies.
                    blocks.push(para(format!(
                        "经审查，依据{b}，本机关决定不予行政许可。理由：{}",
                        need.text(&form.text, "form.text", "不予许可的理由")
                    )));
                    blocks.push(para(remedies(facts, &mut need)));
                }
            }
        }
        K::SeizureDecision | K::SeizureExtension | K::SeizureRelease => {
            let mut rows = party_rows(facts, form, &mut need, false);
            rows.insert(0, case_row);
            blocks.push(Block::Fields { rows });
            match kind {
                K::SeizureDecision => {
                    // 行政强制法 art. 24: reason and basis, the goods, place, period, remedies.
                    let f = need.text(&form.facts, "form.facts", "查封（扣押）的理由");
                    let b = need.citations(&form.basis, "form.basis", "查封（扣押）的依据");
                    let place = need.text(&form.place, "form.place", "查封（扣押）地点");
                    let days = match form.period_days {
                        Some(d) if (1..=30).contains(&d) => d,
                        _ => {
                            need.miss("form.period_days", "查封（扣押）期限（不超过三十日）");
                            0
                        }
                    };
                    if form.items.is_empty() {
                        need.miss("form.items", "查封（扣押）财物清单");
                    }
                    blocks.push(para(format!(
                        "{f}。依据{b}，本机关决定对下列财物予以查封（扣押），地点：{place}，期限为{days}日（行政强制法第二十四条、第二十五条）。"
                    )));
                    blocks.push(heading("查封（扣押）财物清单"));
                    blocks.push(items_table(&form.items));
                    blocks.push(para(remedies(facts, &mut need)));
                }
                K::SeizureExtension => {
                    let days = match form.period_days {
                        Some(d) if (1..=30).contains(&d) => d,
                        _ => {
                            need.miss("form.period_days", "延长期限（不超过三十日）");
                            0
                        }
                    };
                    blocks.push(para(format!(
                        "因{}，经本机关负责人批准，决定将查封（扣押）期限延长{days}日（行政强制法第二十五条）。",
                        need.text(&form.text, "form.text", "延长理由")
                    )));
                }
                _ => {
                    blocks.push(para(format!(
                        "因{}，本机关决定解除查封（扣押）（行政强制法第二十八条）。",
                        need.text(&form.text, "form.text", "解除理由")
                    )));
                    if !form.items.is_empty() {
                        blocks.push(items_table(&form.items));
                    }
                }
            }
        }
    }
    if !need.missing.is_empty() {
        return Err(need.missing);
    }
    Ok(ComposedDocument {
        kind,
        agency: facts
            .settings
            .header
            .clone()
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_else(|| facts.agency_name.clone()),
        title: kind.title_zh().to_owned(),
        blocks,
        signatures,
        party_signs: kind.signed_by_party(),
        sealed,
        issued_on,
    })
}

/// An issued document as a later form refers to it.
#[derive(Debug, Clone, Copy)]
pub struct IssuedRef<'a> {
    pub kind: DocumentKind,
    pub title: &'a str,
    pub number: &'a str,
    pub form: &'a DocumentForm,
}

/// A form pre-filled from what the case already holds and the documents issued before (latest
/// first): the facts, citations and discretion written once travel to every later document, and
/// a 送达回证 names the latest document served on the party (行政处罚法 art. 61).
pub fn prefill(kind: DocumentKind, facts: &CaseFacts, issued: &[IssuedRef<'_>]) -> DocumentForm {
    let earlier: Vec<&DocumentForm> = issued.iter().map(|i| i.form).collect();
    let mut f = DocumentForm::default();
    let first = |g: &dyn Fn(&DocumentForm) -> bool| earlier.iter().find(|e| g(e)).copied().cloned();
    if let Some(e) = first(&|e| e.legal_representative.is_some()) {
        f.legal_representative = e.legal_representative;
    }
    if let Some(e) = first(&|e| e.facts.is_some()) {
        f.facts = e.facts;
    }
    if let Some(e) = first(&|e| !e.violated.is_empty()) {
        f.violated = e.violated;
    }
    if let Some(e) = first(&|e| !e.basis.is_empty()) {
        f.basis = e.basis;
    }
    if let Some(e) = first(&|e| e.discretion.is_some()) {
        f.discretion = e.discretion;
    }
    if matches!(
        kind,
        DocumentKind::PenaltyNotice
            | DocumentKind::PenaltyDecision
            | DocumentKind::SummaryPenaltyDecision
    ) {
        f.sanction = case_sanction(facts, &DocumentForm::default()).cloned();
    }
    if matches!(
        kind,
        DocumentKind::SeizureDecision
            | DocumentKind::SeizureRelease
            | DocumentKind::PreservationDecision
    ) {
        if let Some(e) = first(&|e| !e.items.is_empty()) {
            f.items = e.items;
        }
    }
    if kind == DocumentKind::ServiceAddressConfirmation || kind == DocumentKind::ServiceReceipt {
        let served = issued
            .iter()
            .filter(|_| kind == DocumentKind::ServiceReceipt)
            .find(|i| i.kind.served_on_party())
            .map(|i| format!("{}（{}）", i.title, i.number));
        f.service = Some(ServiceForm {
            address: facts.party.address.clone(),
            documents: served.into_iter().collect(),
            ..ServiceForm::default()
        });
    }
    f
}
