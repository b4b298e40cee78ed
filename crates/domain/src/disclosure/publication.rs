//! Publishing decisions (行政执法公示, after enforcement): the national field set, masking of
//! personal data by rule, what is withheld and why, publication deadlines and periods.
//!
//! Sources: 国办发〔2018〕118号 (publish penalty and licence decisions within 7 working days, other
//! decisions within 20; withdraw within 3 working days — also 行政处罚法 art. 48), the national
//! "双公示" data standard (the field set) and the national credit rules on publication periods
//! (in force from 2026-04-01). Every number is a setting with these defaults.

use super::credit::{no_end, CreditPartyCategory, LicenceTerms, PartyCodes, PenaltyKind};
use crate::calendar::{Calendar, Deadline, OutsideCalendar, Period};
use crate::case::{CaseKind, Outcome, Sanction};
use crate::party::{Party, PartyId, PartyKind};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// What kind of public resource a disclosure becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResourceType {
    /// A penalty, licence or other decision.
    Decision,
    /// The result of an inspection (random or not).
    InspectionResult,
}

impl ResourceType {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Decision => "decision",
            ResourceType::InspectionResult => "inspection_result",
        }
    }
}

/// Severity class of a penalty for the publication period (national credit rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 轻微: not published, or at most 3 months.
    Minor,
    /// 一般: 3 months to 1 year.
    General,
    /// 严重: 1 to 3 years; never removed early.
    Serious,
}

/// Publication period bounds in months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PeriodBounds {
    pub min_months: u32,
    pub max_months: u32,
}

/// The disclosure rules an agency runs with (configuration with national defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DisclosureSettings {
    /// Working days to publish a penalty or licence decision (118号: 7).
    pub penalty_licence_days: u32,
    /// Working days to publish other decisions (118号: 20).
    pub other_days: u32,
    /// Working days to publish an inspection result after the inspection ends (双随机: 20).
    pub inspection_days: u32,
    /// Working days to withdraw a changed or revoked decision (行政处罚法 art. 48; 118号: 3).
    pub withdrawal_days: u32,
    /// Publication period of minor penalties.
    pub minor: PeriodBounds,
    /// Of general penalties.
    pub general: PeriodBounds,
    /// Of serious penalties.
    pub serious: PeriodBounds,
    /// Publication period of licence decisions and inspection results, months (0: no end).
    pub other_months: u32,
    /// Publish warning-only penalties (the market-regulation model does not).
    pub publish_warning_only: bool,
    /// A fine at or above this many fen makes a penalty serious (default 100,000 yuan).
    pub serious_fine_fen: i64,
    /// A fine below this many fen (and no other measure) makes a penalty minor (default 1,000 yuan).
    pub minor_fine_fen: i64,
}

impl Default for DisclosureSettings {
    fn default() -> Self {
        Self {
            penalty_licence_days: 7,
            other_days: 20,
            inspection_days: 20,
            withdrawal_days: 3,
            minor: PeriodBounds {
                min_months: 0,
                max_months: 3,
            },
            general: PeriodBounds {
                min_months: 3,
                max_months: 12,
            },
            serious: PeriodBounds {
                min_months: 12,
                max_months: 36,
            },
            other_months: 36,
            publish_warning_only: false,
            serious_fine_fen: 10_000_000,
            minor_fine_fen: 100_000,
        }
    }
}

impl DisclosureSettings {
    /// The period bounds of a severity.
    pub fn bounds(&self, s: Severity) -> PeriodBounds {
        match s {
            Severity::Minor => self.minor,
            Severity::General => self.general,
            Severity::Serious => self.serious,
        }
    }

    /// The default severity of a sanction: licence revocation or a fine at or above the serious
    /// threshold is serious; a small fine with no other measure is minor; else general.
    pub fn severity(&self, s: &Sanction) -> Severity {
        if s.licence_revocation || s.fine_fen >= self.serious_fine_fen {
            Severity::Serious
        } else if s.fine_fen < self.minor_fine_fen
            && s.confiscation_fen == 0
            && !s.licence_suspension
            && s.other.is_empty()
        {
            Severity::Minor
        } else {
            Severity::General
        }
    }

    /// Working days to publish (118号): 7 for penalties and licences, 20 for other decisions,
    /// 20 after an inspection ends.
    pub fn publish_days(&self, resource: ResourceType, kind: CaseKind) -> u32 {
        match (resource, kind) {
            (ResourceType::InspectionResult, _) => self.inspection_days,
            (_, CaseKind::Penalty | CaseKind::Licence) => self.penalty_licence_days,
            _ => self.other_days,
        }
    }

    /// The last day to publish (118号): [`Self::publish_days`] working days after the decision.
    pub fn publish_due(
        &self,
        resource: ResourceType,
        kind: CaseKind,
        decided_on: NaiveDate,
        cal: &Calendar,
    ) -> Result<NaiveDate, OutsideCalendar> {
        Deadline::due(
            decided_on,
            Period::working(self.publish_days(resource, kind)),
            cal,
        )
    }

    /// The last day to withdraw after the decision was changed or revoked (行政处罚法 art. 48).
    pub fn withdrawal_due(
        &self,
        required_on: NaiveDate,
        cal: &Calendar,
    ) -> Result<NaiveDate, OutsideCalendar> {
        Deadline::due(required_on, Period::working(self.withdrawal_days), cal)
    }

    /// The publication end date: the maximum of the period, counted from the decision day
    /// (the entry leaves the public lists automatically on that day).
    pub fn publication_end(
        &self,
        resource: ResourceType,
        kind: CaseKind,
        severity: Severity,
        decided_on: NaiveDate,
    ) -> Option<NaiveDate> {
        let months = match (resource, kind) {
            (ResourceType::Decision, CaseKind::Penalty) => self.bounds(severity).max_months,
            _ => self.other_months,
        };
        if months == 0 {
            return None;
        }
        decided_on.checked_add_months(Months::new(months))
    }
}

impl DisclosureSettings {
    /// Whether an editor's publication end lies within the period of `severity`, counted from
    /// the decision day (national credit rules in force from 2026-04-01); the bounds otherwise.
    pub fn check_publication_end(
        &self,
        severity: Severity,
        decided_on: NaiveDate,
        end: NaiveDate,
    ) -> Result<(), PeriodBounds> {
        let bounds = self.bounds(severity);
        let min = decided_on.checked_add_months(Months::new(bounds.min_months));
        let max = decided_on.checked_add_months(Months::new(bounds.max_months));
        if min.is_some_and(|m| end < m) || max.is_some_and(|m| end > m) || end < decided_on {
            Err(bounds)
        } else {
            Ok(())
        }
    }
}

/// Why a published entry cannot be taken down early after the party's credit repair (信用修复).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarlyRemovalRefused {
    /// Credit repair concerns penalty decisions only.
    NotAPenalty,
    /// A serious case is never removed early (national credit rules).
    Serious,
    /// The minimum publication period has not passed; early removal is possible from this day.
    BeforeMinimum(NaiveDate),
}

impl DisclosureSettings {
    /// Whether a published penalty may be taken down before its publication end after the
    /// party's credit repair (national credit rules from 2026-04-01): only after the
    /// minimum period of its severity, counted from the decision day, and never a serious case.
    pub fn early_removal(
        &self,
        resource: ResourceType,
        kind: CaseKind,
        severity: Severity,
        decided_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), EarlyRemovalRefused> {
        if resource != ResourceType::Decision || kind != CaseKind::Penalty {
            return Err(EarlyRemovalRefused::NotAPenalty);
        }
        if severity == Severity::Serious {
            return Err(EarlyRemovalRefused::Serious);
        }
        let from = decided_on
            .checked_add_months(Months::new(self.bounds(severity).min_months))
            .unwrap_or(NaiveDate::MAX);
        if today < from {
            return Err(EarlyRemovalRefused::BeforeMinimum(from));
        }
        Ok(())
    }
}

/// Why a decision is withheld automatically.
pub fn automatic_withholding(
    party: &Party,
    outcome: Option<&Outcome>,
    act_on: NaiveDate,
    settings: &DisclosureSettings,
) -> Option<String> {
    // A minor by the tick box or by the resident id on the day of the act.
    if party.is_minor_on(act_on) {
        return Some("当事人为未成年人，依法不予公开（《未成年人保护法》）".into());
    }
    if let Some(Outcome::Penalty { sanction }) = outcome {
        let warning_only = sanction.warning
            && !sanction.circulated_criticism
            && sanction.fine_fen == 0
            && sanction.confiscation_fen == 0
            && !sanction.licence_suspension
            && !sanction.licence_revocation
            && sanction.other.is_empty();
        if warning_only && !settings.publish_warning_only {
            return Some("仅给予警告的行政处罚不予公示（市场监管公示规则）".into());
        }
    }
    None
}

/// The unmasked field set of a decision, taken from the case (staff only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct DecisionSource {
    pub party_name: String,
    pub party_kind: PartyKind,
    /// Credit code of an organisation (published).
    pub credit_code: Option<String>,
    /// Any identity document number of a person (never published).
    pub person_id_number: Option<String>,
    /// Address (never published for a person).
    pub address: Option<String>,
    /// Phone or contact (never published for a person).
    pub contact: Option<String>,
    /// Decision document number.
    pub decision_number: String,
    /// Violation type (case category).
    pub violation_type: String,
    /// Facts (free text; masked by rule).
    pub facts: String,
    /// Legal basis.
    pub legal_basis: Vec<String>,
    /// Penalty categories (警告, 罚款, 没收违法所得…) or the licence / inspection conclusion.
    pub categories: Vec<String>,
    /// Content of the decision, in words.
    pub content: String,
    /// Fine, fen.
    pub fine_fen: i64,
    /// Confiscation, fen.
    pub confiscation_fen: i64,
    /// Licences suspended or revoked.
    pub licence_action: Option<String>,
    pub decided_on: NaiveDate,
    pub agency_name: String,
    pub agency_credit_code: Option<String>,
    /// Names of other persons mentioned (witnesses…, and officers other than as signatories):
    /// never published. Filled from the persons the case's records name.
    #[serde(default)]
    pub third_persons: Vec<String>,
    /// Identity numbers of the persons the records name: never published.
    #[serde(default)]
    pub private_numbers: Vec<String>,
    /// 个体工商户: reported in a party category of its own (双公示 templates).
    #[serde(default)]
    pub individual_business: bool,
    /// 法定代表人 of an organisation, the operator (经营者) of an individual business.
    #[serde(default)]
    pub legal_representative: Option<String>,
    /// The secondary party codes (代码_2…_6).
    #[serde(default)]
    pub party_codes: PartyCodes,
    /// 证件类型 of a natural person's identity document: reported to the credit platform,
    /// never published.
    #[serde(default)]
    pub id_type: Option<String>,
    /// 处罚类别 (行政处罚法 art. 9) of a penalty.
    #[serde(default)]
    pub penalty_kinds: Vec<PenaltyKind>,
    /// 暂扣或吊销证照名称及编号: the licence suspended or revoked, by name and number.
    #[serde(default)]
    pub licence_document: Option<String>,
    /// Whether a licence decision grants the licence.
    #[serde(default)]
    pub licence_granted: Option<bool>,
    /// What a granted licence grants (行政许可信息).
    #[serde(default)]
    pub licence: Option<LicenceTerms>,
}

/// Mask character run used for masked text.
pub const MASK: &str = "＊＊＊";

/// What rule masked a span (shown to the editor beside the preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct AppliedMask {
    /// `id_number`, `phone_or_account`, `address`, `contact`, `third_person`, `editor`.
    pub rule: String,
    /// How many places were masked.
    pub count: usize,
}

/// Masks `text`: known private strings, then every run of 7 or more digits (phones, identity
/// numbers, bank accounts) unless it is an amount (followed by 元 or 万).
pub fn mask_text(text: &str, private: &[(&str, &str)], applied: &mut Vec<AppliedMask>) -> String {
    let mut out = text.to_owned();
    for (rule, s) in private {
        let s = s.trim();
        if s.chars().count() < 2 {
            continue;
        }
        let n = out.matches(s).count();
        if n > 0 {
            out = out.replace(s, MASK);
            note(applied, rule, n);
        }
    }
    let (masked, n) = mask_digit_runs(&out);
    if n > 0 {
        note(applied, "phone_or_account", n);
    }
    masked
}

fn note(applied: &mut Vec<AppliedMask>, rule: &str, n: usize) {
    if let Some(a) = applied.iter_mut().find(|a| a.rule == rule) {
        a.count += n;
    } else {
        applied.push(AppliedMask {
            rule: rule.to_owned(),
            count: n,
        });
    }
}

/// The value of an ASCII or full-width digit.
fn digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Separators people write inside long numbers: spaces (also full-width and no-break), hyphens
/// and dashes (also full-width).
fn separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '　' | '-' | '－' | '‐' | '‑' | '–' | '—' | '_' | '.' | '·'
    )
}

/// The check character of a resident id (GB 11643), in any width and case.
fn check_letter(c: char) -> bool {
    matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ')
}

/// Whether the digit groups of a run spell a date (`2026-03-02`, `2026.3.2`): not personal.
fn is_date(groups: &[usize], run: &str) -> bool {
    if groups.len() != 3 || groups[0] != 4 || groups[1] > 2 || groups[2] > 2 {
        return false;
    }
    let nums: Vec<u32> = run
        .split(|c: char| !digit(c))
        .filter(|g| !g.is_empty())
        .map(|g| {
            g.chars()
                .map(crate::case::persons::half_width)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect();
    matches!(nums.as_slice(), [y, m, d] if NaiveDate::from_ymd_opt(*y as i32, *m, *d).is_some())
}

/// Masks every number of 7 or more digits however it is written — ASCII or full-width digits,
/// grouped by spaces, hyphens or dots, with a resident id's check letter x/X — unless it is an
/// amount (followed by 元 or 万, or with decimals) or a date. Phones, identity numbers and bank
/// accounts of persons are never published (行政处罚法 art. 50).
fn mask_digit_runs(text: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if !digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        let mut groups = vec![0usize];
        let mut end = i;
        // Digits, and separators only where more digits follow (at most two in a row).
        loop {
            match chars.get(end) {
                Some(c) if digit(*c) => {
                    if let Some(g) = groups.last_mut() {
                        *g += 1;
                    }
                    end += 1;
                }
                Some(c) if separator(*c) => {
                    let next = chars.get(end + 1).copied();
                    let after = chars.get(end + 2).copied();
                    if next.is_some_and(digit) {
                        groups.push(0);
                        end += 1;
                    } else if next.is_some_and(separator) && after.is_some_and(digit) {
                        groups.push(0);
                        end += 2;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let digits: usize = groups.iter().sum();
        // A resident id's check letter, right after the digits or after one separator.
        if digits == 17 {
            match (chars.get(end), chars.get(end + 1)) {
                (Some(c), _) if check_letter(*c) => end += 1,
                (Some(s), Some(c)) if separator(*s) && check_letter(*c) => end += 2,
                _ => {}
            }
        }
        let run: String = chars[start..end].iter().collect();
        let dotted = run.contains('.') || run.contains('·');
        let is_amount = matches!(chars.get(end), Some('元' | '万' | '亿'))
            || (dotted && groups.len() == 2 && groups.last().is_some_and(|g| *g <= 2));
        if digits >= 7 && !is_amount && !is_date(&groups, &run) {
            out.push_str(MASK);
            count += 1;
        } else {
            out.push_str(&run);
        }
        i = end;
    }
    (out, count)
}

/// Masks the text fields of a draft's source before any editor sees it: the names and numbers
/// of every person the case's records name (and officers' names), a person's own id number,
/// address and contact, and every long number however written (行政处罚法 art. 50). The party's
/// own name stays (it is published). Returns which rules applied.
pub fn premask(src: &mut DecisionSource) -> Vec<AppliedMask> {
    let mut applied = Vec::new();
    let list = private_strings(src, &[]);
    let private: Vec<(&str, &str)> = list.iter().map(|(r, s)| (*r, s.as_str())).collect();
    src.facts = mask_text(&src.facts, &private, &mut applied);
    src.content = mask_text(&src.content, &private, &mut applied);
    src.violation_type = mask_text(&src.violation_type, &private, &mut applied);
    src.legal_basis = src
        .legal_basis
        .iter()
        .map(|b| mask_text(b, &private, &mut applied))
        .collect();
    applied
}

/// Every private string of a source with the rule that masks it, longest first (so that a
/// string containing another is masked whole).
fn private_strings(src: &DecisionSource, extra_masks: &[String]) -> Vec<(&'static str, String)> {
    let person = src.party_kind == PartyKind::NaturalPerson;
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if let Some(id) = &src.person_id_number {
        out.push(("id_number", id.clone()));
    }
    if person {
        if let Some(a) = &src.address {
            out.push(("address", a.clone()));
        }
        if let Some(c) = &src.contact {
            out.push(("contact", c.clone()));
        }
    }
    out.extend(
        src.third_persons
            .iter()
            .map(|t| ("third_person", t.clone())),
    );
    out.extend(src.private_numbers.iter().map(|n| ("id_number", n.clone())));
    out.extend(extra_masks.iter().map(|e| ("editor", e.clone())));
    out.retain(|(_, s)| s.trim().chars().count() >= 2);
    out.sort_by_key(|(_, s)| std::cmp::Reverse(s.chars().count()));
    out
}

/// An edit that would bring back masked text: the field it is in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} would bring back masked text")]
pub struct MaskRemoved {
    pub field: String,
}

/// Masks only grow (行政处罚法 art. 50): an editor's new text for `field` may not contain what the
/// automatic masking or an earlier edit masked — a person's name or number, a party's private
/// data, an editor's mask — nor a number that the rules mask, however it is written. Adding
/// masks (writing ＊＊＊ or listing more names) is always allowed.
pub fn check_masks_kept(
    src: &DecisionSource,
    extra_masks: &[String],
    field: &str,
    text: &str,
) -> Result<(), MaskRemoved> {
    let refused = || MaskRemoved {
        field: field.to_owned(),
    };
    let squeezed = squeeze(text);
    for (_, s) in private_strings(src, extra_masks) {
        let s = s.trim();
        if text.contains(s) || (s.chars().any(digit) && squeezed.contains(&squeeze(s))) {
            return Err(refused());
        }
    }
    if mask_digit_runs(text).1 > 0 {
        return Err(refused());
    }
    Ok(())
}

/// Text without separators, in ASCII digits and upper case: a number however it was written.
fn squeeze(s: &str) -> String {
    s.chars()
        .map(crate::case::persons::half_width)
        .filter(|c| !separator(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Fen as 万元 with up to six decimals, trailing zeros trimmed (the national set publishes
/// amounts in 万元).
pub fn wan_yuan(fen: i64) -> String {
    let neg = fen < 0;
    let f = fen.unsigned_abs();
    let whole = f / 1_000_000;
    let frac = f % 1_000_000;
    let mut s = format!("{whole}.{frac:06}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if neg {
        format!("-{s}")
    } else {
        s
    }
}

/// The published field set (national "双公示" set): only what may be public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PublicDecision {
    /// Stable id of the disclosure (all versions share it).
    pub id: uuid::Uuid,
    pub resource_type: ResourceType,
    pub case_kind: CaseKind,
    pub party_name: String,
    /// `natural_person` or `organisation`.
    pub party_category: PartyKind,
    /// Organisations only.
    pub credit_code: Option<String>,
    pub decision_number: String,
    pub violation_type: String,
    pub facts: String,
    pub legal_basis: Vec<String>,
    pub categories: Vec<String>,
    pub content: String,
    /// Fine in 万元.
    pub fine_wan_yuan: String,
    /// Confiscation in 万元.
    pub confiscation_wan_yuan: String,
    pub licence_action: Option<String>,
    pub decided_on: NaiveDate,
    /// Last day of publication (it leaves the lists after it).
    pub publication_end: Option<NaiveDate>,
    pub agency_id: uuid::Uuid,
    pub agency_name: String,
    pub agency_credit_code: Option<String>,
    /// Data source (数据来源).
    pub data_source: String,
    pub version: i32,
    pub published_on: NaiveDate,
    /// 行政相对人类别 of the 双公示 templates: `legal_entity`, `natural_person` or
    /// `individual_business` (absent in entries published before it was added).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_type: Option<CreditPartyCategory>,
    /// 法定代表人 of an organisation, the operator of an individual business.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    /// The secondary party codes of an organisation (代码_2…_6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_codes: Option<PartyCodes>,
    /// 处罚类别 of a penalty (行政处罚法 art. 9).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalty_kinds: Vec<PenaltyKind>,
    /// 暂扣或吊销证照名称及编号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_document: Option<String>,
    /// 处罚有效期 of a penalty (2099-12-31: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty_valid_until: Option<NaiveDate>,
    /// 数据来源单位统一社会信用代码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source_credit_code: Option<String>,
    /// Whether a licence decision grants the licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_granted: Option<bool>,
    /// What a granted licence grants (行政许可信息).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<LicenceTerms>,
}

/// Everything the masking needs besides the source.
pub struct PublishContext<'a> {
    pub id: uuid::Uuid,
    pub resource_type: ResourceType,
    pub case_kind: CaseKind,
    pub agency_id: uuid::Uuid,
    pub publication_end: Option<NaiveDate>,
    pub version: i32,
    pub published_on: NaiveDate,
    /// Strings the editor chose to mask as well (never fewer than the rules).
    pub extra_masks: &'a [String],
}

/// Builds the public field set from the source, masking by rule (行政处罚法 art. 50): never a
/// person's identity number, address, phone or bank account, never names of third persons;
/// plus whatever the editor masked. Returns the public fields and which rules applied.
pub fn public_decision(
    src: &DecisionSource,
    ctx: &PublishContext,
) -> (PublicDecision, Vec<AppliedMask>) {
    let mut applied = Vec::new();
    let person = src.party_kind == PartyKind::NaturalPerson;
    let list = private_strings(src, ctx.extra_masks);
    let private: Vec<(&str, &str)> = list.iter().map(|(r, s)| (*r, s.as_str())).collect();
    let m = |t: &str, applied: &mut Vec<AppliedMask>| mask_text(t, &private, applied);
    let facts = m(&src.facts, &mut applied);
    let content = m(&src.content, &mut applied);
    let legal_basis = src.legal_basis.iter().map(|b| m(b, &mut applied)).collect();
    let violation_type = m(&src.violation_type, &mut applied);
    // the party's own name is published; an editor mask may still cover it
    let party_name = {
        let editor_only: Vec<(&str, &str)> = ctx
            .extra_masks
            .iter()
            .map(|e| ("editor", e.as_str()))
            .collect();
        mask_text_no_digits(&src.party_name, &editor_only, &mut applied)
    };
    (
        PublicDecision {
            id: ctx.id,
            resource_type: ctx.resource_type,
            case_kind: ctx.case_kind,
            party_name,
            party_category: src.party_kind,
            credit_code: if person {
                None
            } else {
                src.credit_code.clone()
            },
            decision_number: src.decision_number.clone(),
            violation_type,
            facts,
            legal_basis,
            categories: src.categories.clone(),
            content,
            fine_wan_yuan: wan_yuan(src.fine_fen),
            confiscation_wan_yuan: wan_yuan(src.confiscation_fen),
            licence_action: src.licence_action.clone(),
            decided_on: src.decided_on,
            publication_end: ctx.publication_end,
            agency_id: ctx.agency_id,
            agency_name: src.agency_name.clone(),
            agency_credit_code: src.agency_credit_code.clone(),
            data_source: src.agency_name.clone(),
            version: ctx.version,
            published_on: ctx.published_on,
            party_type: Some(CreditPartyCategory::of(
                src.party_kind,
                src.individual_business,
            )),
            legal_representative: if person && !src.individual_business {
                None
            } else {
                src.legal_representative.clone()
            },
            party_codes: if person || src.party_codes.is_empty() {
                None
            } else {
                Some(src.party_codes.clone())
            },
            penalty_kinds: src.penalty_kinds.clone(),
            licence_document: src.licence_document.clone(),
            penalty_valid_until: (ctx.resource_type == ResourceType::Decision
                && ctx.case_kind == CaseKind::Penalty)
                .then(|| ctx.publication_end.unwrap_or_else(no_end)),
            data_source_credit_code: src.agency_credit_code.clone(),
            licence_granted: src.licence_granted,
            licence: src.licence.clone(),
        },
        applied,
    )
}

fn mask_text_no_digits(
    text: &str,
    private: &[(&str, &str)],
    applied: &mut Vec<AppliedMask>,
) -> String {
    let mut out = text.to_owned();
    for (rule, s) in private {
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        let n = out.matches(s).count();
        if n > 0 {
            out = out.replace(s, MASK);
            note(applied, rule, n);
        }
    }
    out
}

/// The person's identity number as text, when the party is identified by one.
pub fn person_id_number(p: &Party) -> Option<String> {
    match (&p.kind, &p.id) {
        (PartyKind::NaturalPerson, Some(PartyId::ResidentId(r))) => Some(r.as_str().to_owned()),
        (PartyKind::NaturalPerson, Some(PartyId::Other { number, .. })) => Some(number.clone()),
        (PartyKind::NaturalPerson, Some(PartyId::CreditCode(c))) => Some(c.as_str().to_owned()),
        (PartyKind::Organisation, Some(PartyId::Other { number, .. })) => Some(number.clone()),
        _ => None,
    }
}

/// The organisation's credit code, when it has one.
pub fn credit_code(p: &Party) -> Option<String> {
    match (&p.kind, &p.id) {
        (PartyKind::Organisation, Some(PartyId::CreditCode(c))) => Some(c.as_str().to_owned()),
        _ => None,
    }
}

/// Penalty categories and content of a sanction, in words (Chinese, as published).
pub fn sanction_words(s: &Sanction) -> (Vec<String>, String, Option<String>) {
    let mut cats = Vec::new();
    let mut parts = Vec::new();
    if s.warning {
        cats.push("警告".to_owned());
        parts.push("警告".to_owned());
    }
    if s.circulated_criticism {
        cats.push("通报批评".to_owned());
        parts.push("通报批评".to_owned());
    }
    if s.fine_fen > 0 {
        cats.push("罚款".to_owned());
        parts.push(format!("罚款{}元", yuan(s.fine_fen)));
    }
    if s.confiscation_fen > 0 {
        cats.push("没收违法所得、没收非法财物".to_owned());
        parts.push(format!(
            "没收违法所得、非法财物{}元",
            yuan(s.confiscation_fen)
        ));
    }
    let mut licence = None;
    if s.licence_suspension {
        cats.push("暂扣许可证件、降低资质等级".to_owned());
        licence = Some("暂扣许可证件".to_owned());
        parts.push("暂扣许可证件".to_owned());
    }
    if s.licence_revocation {
        cats.push("吊销许可证件".to_owned());
        licence = Some("吊销许可证件".to_owned());
        parts.push("吊销许可证件".to_owned());
    }
    for o in &s.other {
        cats.push(o.clone());
        parts.push(o.clone());
    }
    (cats, parts.join("；"), licence)
}

/// Fen as yuan with two decimals when needed.
pub fn yuan(fen: i64) -> String {
    if fen % 100 == 0 {
        format!("{}", fen / 100)
    } else {
        format!("{}.{:02}", fen / 100, (fen % 100).abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::party::ResidentId;

    fn source() -> DecisionSource {
        DecisionSource {
            party_name: "张三".into(),
            party_kind: PartyKind::NaturalPerson,
            credit_code: None,
            person_id_number: Some("11010519491231002X".into()),
            address: Some("桓仁县八里甸子镇幸福村3组".into()),
            contact: Some("13912345678".into()),
            decision_number: "桓财罚决〔2026〕12号".into(),
            violation_type: "会计违法".into(),
            facts: "当事人张三（身份证号11010519491231002X，住桓仁县八里甸子镇幸福村3组，电话13912345678）\
                    经证人李四证实，伪造会计凭证，涉及金额1200000元，开户账号6222021234567890123。"
                .into(),
            legal_basis: vec!["《会计法》第四十二条".into()],
            categories: vec!["罚款".into()],
            content: "罚款5000元".into(),
            fine_fen: 500_000,
            confiscation_fen: 0,
            licence_action: None,
            decided_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            agency_name: "桓仁满族自治县财政局".into(),
            agency_credit_code: None,
            third_persons: vec!["李四".into()],
            private_numbers: vec![],
            individual_business: false,
            legal_representative: None,
            party_codes: Default::default(),
            id_type: None,
            penalty_kinds: vec![],
            licence_document: None,
            licence_granted: None,
            licence: None,
        }
    }

    /// 行政处罚法 art. 50: a person's numbers are masked however they are written.
    #[test]
    fn numbers_are_masked_however_written_art_50() {
        let masked: &[&str] = &[
            "11010519491231002X",
            "11010519491231002x",
            "110105 19491231 002X",
            "1101-0519-4912-3100-2x",
            "11010519491231002 X",
            "１１０１０５１９４９１２３１００２Ｘ",
            "１１０１０５19491231００２ｘ",
            "110105 1949-1231 002X",
            "13912345678",
            "139 1234 5678",
            "139-1234-5678",
            "１３９１２３４５６７８",
            "+86 139 1234 5678",
            "010-8888 6666",
            "6222021234567890123",
            "6222 0212 3456 7890 123",
            "6222　0212　3456　7890",
            "6222.0212.3456.7890",
        ];
        for m in masked {
            let text = format!("联系方式{m}，特此说明。");
            let (out, n) = mask_digit_runs(&text);
            assert!(n >= 1, "{m} not masked: {out}");
            assert!(
                !out.chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)),
                "{m} left digits: {out}"
            );
            assert!(out.ends_with("，特此说明。"), "{m}: {out}");
        }
        let kept: &[&str] = &[
            "罚款1200000元",
            "涉及金额1200000.50元",
            "没收3 000 000元",
            "2026-03-02",
            "2026.3.2",
            "第12号",
            "123456",
        ];
        for k in kept {
            let (out, n) = mask_digit_runs(k);
            assert_eq!((out.as_str(), n), (*k, 0), "{k} should stay");
        }
    }

    /// 行政处罚法 art. 50: the draft's texts are masked before an editor sees them — names of
    /// persons the records name, their numbers, the party's private data.
    #[test]
    fn the_draft_is_masked_before_any_editor_sees_it_art_50() {
        let mut s = source();
        s.third_persons = vec!["李四".into(), "王执法".into()];
        s.private_numbers = vec!["220102199001011234".into()];
        s.facts
            .push_str("执法人员王执法询问，证人证件号２２０１０２ 19900101 1234。");
        let applied = premask(&mut s);
        for secret in [
            "李四",
            "王执法",
            "幸福村3组",
            "13912345678",
            "6222021234567890123",
            "1234。",
        ] {
            assert!(!s.facts.contains(secret), "{secret}: {}", s.facts);
        }
        assert!(s.facts.contains("张三"), "the party's own name stays");
        assert!(s.facts.contains("1200000元"));
        assert!(applied.iter().any(|a| a.rule == "third_person"));
    }

    /// 行政处罚法 art. 50: an editor may add masks, never remove them — text that brings back a
    /// masked name or number is refused, naming the field.
    #[test]
    fn masks_only_grow_art_50() {
        let mut s = source();
        premask(&mut s);
        let extra = vec!["伪造会计凭证".to_owned()];
        let ok = |t: &str| check_masks_kept(&s, &extra, "facts", t);
        assert_eq!(ok("当事人张三＊＊＊未按规定使用票据。"), Ok(()));
        assert_eq!(ok("当事人张三＊＊＊，罚款5000元。"), Ok(()));
        let refused = Err(MaskRemoved {
            field: "facts".into(),
        });
        for back in [
            "经证人李四证实",
            "身份证号11010519491231002X",
            "身份证号1101 0519 4912 3100 2x",
            "电话１３９１２３４５６７８",
            "新电话13800001111",
            "住桓仁县八里甸子镇幸福村3组",
            "伪造会计凭证",
        ] {
            assert_eq!(ok(back), refused, "{back}");
        }
        assert_eq!(
            check_masks_kept(&s, &extra, "legal_basis", "李四"),
            Err(MaskRemoved {
                field: "legal_basis".into()
            })
        );
    }

    fn ctx(extra: &[String]) -> PublishContext<'_> {
        PublishContext {
            id: uuid::Uuid::nil(),
            resource_type: ResourceType::Decision,
            case_kind: CaseKind::Penalty,
            agency_id: uuid::Uuid::nil(),
            publication_end: None,
            version: 1,
            published_on: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
            extra_masks: extra,
        }
    }

    #[test]
    fn personal_data_of_a_person_is_never_published_domain_6() {
        let (p, applied) = public_decision(&source(), &ctx(&[]));
        let json = serde_json::to_string(&p).unwrap();
        for secret in [
            "11010519491231002X",
            "幸福村3组",
            "13912345678",
            "6222021234567890123",
            "李四",
        ] {
            assert!(!json.contains(secret), "{secret} leaked: {json}");
        }
        assert!(json.contains("张三"), "the party's own name is published");
        assert!(p.facts.contains("1200000元"), "amounts stay: {}", p.facts);
        assert!(p.credit_code.is_none());
        let rules: Vec<&str> = applied.iter().map(|a| a.rule.as_str()).collect();
        for r in [
            "id_number",
            "address",
            "contact",
            "third_person",
            "phone_or_account",
        ] {
            assert!(rules.contains(&r), "{r} not applied: {rules:?}");
        }
    }

    #[test]
    fn an_editor_may_mask_more_but_the_rules_still_apply() {
        let extra = vec!["伪造会计凭证".to_owned()];
        let (p, applied) = public_decision(&source(), &ctx(&extra));
        assert!(!p.facts.contains("伪造会计凭证"));
        assert!(!p.facts.contains("13912345678"));
        assert!(applied.iter().any(|a| a.rule == "editor"));
    }

    #[test]
    fn an_organisation_publishes_its_credit_code_and_address() {
        let mut s = source();
        s.party_kind = PartyKind::Organisation;
        s.person_id_number = None;
        s.credit_code = Some("91350100M000100Y43".into());
        s.facts = "桓仁某公司，住所桓仁县八里甸子镇幸福村3组。".into();
        let (p, _) = public_decision(&s, &ctx(&[]));
        assert_eq!(p.credit_code.as_deref(), Some("91350100M000100Y43"));
        assert!(p.facts.contains("幸福村3组"));
    }

    #[test]
    fn amounts_are_published_in_wan_yuan() {
        assert_eq!(wan_yuan(500_000), "0.5");
        assert_eq!(wan_yuan(1_000_000), "1");
        assert_eq!(wan_yuan(12_345), "0.012345");
        assert_eq!(wan_yuan(0), "0");
    }

    #[test]
    fn a_minor_party_withholds_the_whole_decision_domain_6() {
        let p = Party {
            kind: PartyKind::NaturalPerson,
            name: "小明".into(),
            id: Some(PartyId::ResidentId(
                ResidentId::parse("11010519491231002X").unwrap(),
            )),
            address: None,
            contact: None,
            minor: true,
            individual_business: false,
            legal_representative: None,
            codes: Default::default(),
        };
        assert!(automatic_withholding(&p, None, d0(), &DisclosureSettings::default()).is_some());
    }

    fn d0() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 未成年人保护法; 行政处罚法 art. 30: the resident id decides, not the tick box alone — a party
    /// of 16 on the day of the act is withheld although nobody ticked "minor".
    #[test]
    fn a_minor_by_the_resident_id_is_withheld_without_the_tick_box() {
        // Born 2009-03-01 (check character computed for this test).
        let id = ResidentId::parse(&with_check("21052220090301001")).unwrap();
        let p = Party {
            kind: PartyKind::NaturalPerson,
            name: "小刚".into(),
            id: Some(PartyId::ResidentId(id)),
            address: None,
            contact: None,
            minor: false,
            individual_business: false,
            legal_representative: None,
            codes: Default::default(),
        };
        let st = DisclosureSettings::default();
        assert!(automatic_withholding(&p, None, d0(), &st).is_some()); // 16 on 2025-06-01
        let adult_day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap_or(NaiveDate::MIN);
        assert!(automatic_withholding(&p, None, adult_day, &st).is_none()); // 18 that day
    }

    /// The GB 11643 check character appended to 17 digits.
    fn with_check(body: &str) -> String {
        const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
        let sum: u32 = body
            .chars()
            .zip(W)
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum();
        format!("{body}{}", C[(sum % 11) as usize])
    }

    #[test]
    fn warning_only_penalties_are_not_published_by_default() {
        let mut p = Party {
            kind: PartyKind::Organisation,
            name: "某公司".into(),
            id: None,
            address: None,
            contact: None,
            minor: false,
            individual_business: false,
            legal_representative: None,
            codes: Default::default(),
        };
        let warning = Outcome::Penalty {
            sanction: Sanction {
                warning: true,
                ..Sanction::default()
            },
        };
        let st = DisclosureSettings::default();
        assert!(automatic_withholding(&p, Some(&warning), d0(), &st).is_some());
        let on = DisclosureSettings {
            publish_warning_only: true,
            ..st.clone()
        };
        assert!(automatic_withholding(&p, Some(&warning), d0(), &on).is_none());
        p.minor = false;
        let fine = Outcome::Penalty {
            sanction: Sanction {
                fine_fen: 100,
                ..Sanction::default()
            },
        };
        assert!(automatic_withholding(&p, Some(&fine), d0(), &st).is_none());
    }

    #[test]
    fn publication_deadlines_118_hao() {
        let cal = Calendar::shipped().unwrap();
        let st = DisclosureSettings::default();
        // 2026-09-30 (Wed) + 7 working days: the National Day holiday 10-01..10-07 is skipped,
        // 2026-10-10 (Sat) is a make-up working day per the shipped calendar.
        let d = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        let due = st
            .publish_due(ResourceType::Decision, CaseKind::Penalty, d, &cal)
            .unwrap();
        assert_eq!(due, cal.add_working_days(d, 7).unwrap());
        let other = st
            .publish_due(ResourceType::Decision, CaseKind::Fee, d, &cal)
            .unwrap();
        assert_eq!(other, cal.add_working_days(d, 20).unwrap());
        let insp = st
            .publish_due(
                ResourceType::InspectionResult,
                CaseKind::Inspection,
                d,
                &cal,
            )
            .unwrap();
        assert_eq!(insp, cal.add_working_days(d, 20).unwrap());
        // 行政处罚法 art. 48: withdraw within 3 working days
        assert_eq!(
            st.withdrawal_due(d, &cal).unwrap(),
            cal.add_working_days(d, 3).unwrap()
        );
    }

    #[test]
    fn early_removal_after_credit_repair_only_after_the_minimum_and_never_serious() {
        // National credit rules in force from 2026-04-01: early removal (credit
        // repair) only after the minimum period, and never for serious cases.
        let st = DisclosureSettings::default();
        let d = NaiveDate::from_ymd_opt(2026, 4, 10).unwrap();
        let day = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
        let rm =
            |s, today| st.early_removal(ResourceType::Decision, CaseKind::Penalty, s, d, today);
        // General: minimum 3 months.
        assert_eq!(
            rm(Severity::General, day(7, 9)),
            Err(EarlyRemovalRefused::BeforeMinimum(day(7, 10)))
        );
        assert_eq!(rm(Severity::General, day(7, 10)), Ok(()));
        // Minor: no minimum.
        assert_eq!(rm(Severity::Minor, d), Ok(()));
        // Serious: never, even after the minimum.
        assert_eq!(
            rm(Severity::Serious, day(12, 31)),
            Err(EarlyRemovalRefused::Serious)
        );
        // Not a penalty decision.
        assert_eq!(
            st.early_removal(
                ResourceType::InspectionResult,
                CaseKind::Inspection,
                Severity::General,
                d,
                day(12, 31)
            ),
            Err(EarlyRemovalRefused::NotAPenalty)
        );
    }

    /// National credit rules in force from 2026-04-01: an editor's publication end stays within
    /// the period of the severity.
    #[test]
    fn an_edited_publication_end_stays_within_the_period_national_credit_rules() {
        let st = DisclosureSettings::default();
        let d = NaiveDate::from_ymd_opt(2026, 4, 10).unwrap();
        let day = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let check = |s, end| st.check_publication_end(s, d, end);
        assert_eq!(check(Severity::General, day(2026, 7, 10)), Ok(()));
        assert_eq!(check(Severity::General, day(2027, 4, 10)), Ok(()));
        assert_eq!(check(Severity::General, day(2026, 7, 9)), Err(st.general));
        assert_eq!(check(Severity::General, day(2027, 4, 11)), Err(st.general));
        assert_eq!(check(Severity::Minor, d), Ok(()));
        assert_eq!(check(Severity::Minor, day(2026, 4, 9)), Err(st.minor));
        assert_eq!(check(Severity::Serious, day(2028, 1, 1)), Ok(()));
    }

    #[test]
    fn publication_periods_national_credit_rules() {
        let st = DisclosureSettings::default();
        let d = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        let end = |s| st.publication_end(ResourceType::Decision, CaseKind::Penalty, s, d);
        assert_eq!(end(Severity::Minor), NaiveDate::from_ymd_opt(2026, 7, 1));
        assert_eq!(end(Severity::General), NaiveDate::from_ymd_opt(2027, 4, 1));
        assert_eq!(end(Severity::Serious), NaiveDate::from_ymd_opt(2029, 4, 1));
        let big = Sanction {
            fine_fen: 20_000_000,
            ..Sanction::default()
        };
        assert_eq!(st.severity(&big), Severity::Serious);
        let small = Sanction {
            fine_fen: 20_000,
            ..Sanction::default()
        };
        assert_eq!(st.severity(&small), Severity::Minor);
    }
}
