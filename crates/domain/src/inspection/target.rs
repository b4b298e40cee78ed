//! Targets under supervision (监管对象): parsed once, at the counter or at import, so the pool
//! never holds a credit code with a wrong check character (GB 32100-2015).

use crate::party::CreditCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Organisation or natural person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// 单位 (enterprises, firms, institutions): a credit code is required.
    Organisation,
    /// 个人 (e.g. individual businesses): a credit code only when they have one.
    Person,
}

impl TargetKind {
    /// Reads `organisation`/`person` or the Chinese 单位/个人 (as typed in spreadsheets).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "organisation" | "organization" | "单位" | "企业" | "组织" => {
                Some(TargetKind::Organisation)
            }
            "person" | "个人" | "自然人" | "个体工商户" => Some(TargetKind::Person),
            _ => None,
        }
    }
}

/// A target as typed or imported: raw text, not yet checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetInput {
    pub name: String,
    pub credit_code: String,
    pub kind: String,
    pub tier: String,
    pub address: String,
    /// Separated by `;` or `；`.
    pub tags: String,
    /// `YYYY-MM-DD` or empty.
    pub last_inspected_on: String,
}

/// A checked target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTarget {
    pub name: String,
    pub credit_code: Option<CreditCode>,
    pub kind: TargetKind,
    pub tier: String,
    pub address: String,
    pub tags: Vec<String>,
    pub last_inspected_on: Option<NaiveDate>,
}

/// Why a field of a target was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct TargetRejection {
    /// The field (`name`, `credit_code`, `kind`, `tier`, `address`, `tags`, `last_inspected_on`).
    pub field: String,
    /// Stable snake_case reason: `missing`, `too_long`, `bad_check_character`, `bad_format`,
    /// `unknown_kind`, `invalid_tier`, `bad_date`, `duplicate`.
    pub reason: String,
    /// What to fix, in Chinese and English.
    pub message: String,
}

impl TargetRejection {
    pub fn new(field: &str, reason: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            reason: reason.to_owned(),
            message: message.into(),
        }
    }
}

/// A credit tier label: 1–16 ASCII letters, digits, `-` or `_` (so byte order is the published
/// order of tiers in a draw).
pub fn parse_tier(s: &str) -> Result<String, TargetRejection> {
    let t = s.trim();
    if t.is_empty() {
        return Err(TargetRejection::new(
            "tier",
            "missing",
            "缺少信用等级 / the credit tier is missing",
        ));
    }
    if t.len() > 16
        || !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(TargetRejection::new(
            "tier",
            "invalid_tier",
            format!("信用等级“{t}”无效，应为字母或数字 / invalid credit tier `{t}`"),
        ));
    }
    Ok(t.to_owned())
}

fn required(field: &str, v: &str, max: usize, out: &mut Vec<TargetRejection>) -> String {
    let v = v.trim();
    if v.is_empty() {
        out.push(TargetRejection::new(
            field,
            "missing",
            format!("缺少{field} / `{field}` is missing"),
        ));
    } else if v.chars().count() > max {
        out.push(TargetRejection::new(
            field,
            "too_long",
            format!("{field} 超过 {max} 字 / `{field}` is longer than {max} characters"),
        ));
    }
    v.to_owned()
}

impl NewTarget {
    /// Checks every field and reports every problem at once (a spreadsheet row gets one line
    /// with all its reasons).
    pub fn parse(input: &TargetInput) -> Result<Self, Vec<TargetRejection>> {
        let mut errs = Vec::new();
        let name = required("name", &input.name, 100, &mut errs);
        let address = input.address.trim().to_owned();
        if address.chars().count() > 200 {
            errs.push(TargetRejection::new(
                "address",
                "too_long",
                "地址超过 200 字 / the address is longer than 200 characters",
            ));
        }
        let kind = if input.kind.trim().is_empty() {
            errs.push(TargetRejection::new(
                "kind",
                "missing",
                "缺少对象类型（单位/个人） / the kind (organisation/person) is missing",
            ));
            None
        } else {
            let k = TargetKind::parse(&input.kind);
            if k.is_none() {
                errs.push(TargetRejection::new(
                    "kind",
                    "unknown_kind",
                    format!(
                        "对象类型“{}”应为单位或个人 / kind must be organisation or person",
                        input.kind.trim()
                    ),
                ));
            }
            k
        };
        let code = input.credit_code.trim();
        let credit_code = if code.is_empty() {
            if kind == Some(TargetKind::Organisation) {
                errs.push(TargetRejection::new(
                    "credit_code",
                    "missing",
                    "单位须填写统一社会信用代码 / an organisation needs its credit code",
                ));
            }
            None
        } else {
            match CreditCode::parse(code) {
                Ok(c) => Some(c),
                Err(e @ crate::party::IdError::CheckCharacter { .. }) => {
                    errs.push(TargetRejection::new(
                        "credit_code",
                        "bad_check_character",
                        e.to_string(),
                    ));
                    None
                }
                Err(e) => {
                    errs.push(TargetRejection::new(
                        "credit_code",
                        "bad_format",
                        e.to_string(),
                    ));
                    None
                }
            }
        };
        let tier = parse_tier(&input.tier).unwrap_or_else(|e| {
            errs.push(e);
            String::new()
        });
        let tags: Vec<String> = input
            .tags
            .split([';', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        if tags.len() > 20 || tags.iter().any(|t| t.chars().count() > 30) {
            errs.push(TargetRejection::new(
                "tags",
                "too_long",
                "标签最多 20 个，每个不超过 30 字 / at most 20 tags of 30 characters",
            ));
        }
        let last = input.last_inspected_on.trim();
        let last_inspected_on = if last.is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(last, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errs.push(TargetRejection::new(
                        "last_inspected_on",
                        "bad_date",
                        format!("日期“{last}”应为 YYYY-MM-DD / the date must be YYYY-MM-DD"),
                    ));
                    None
                }
            }
        };
        match kind {
            Some(kind) if errs.is_empty() => Ok(Self {
                name,
                credit_code,
                kind,
                tier,
                address,
                tags,
                last_inspected_on,
            }),
            _ => Err(errs),
        }
    }
}
