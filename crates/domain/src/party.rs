//! The party (当事人) of a case and its identifiers.
//!
//! Identifiers are parsed, not validated later: once a `CreditCode` or `ResidentId` exists its
//! check character is right, so a typo is caught at the counter rather than in a published record.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an identifier was refused; shown to the officer typing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Not 18 characters.
    #[error("应为 18 位，实为 {0} 位 / must be 18 characters, got {0}")]
    Length(usize),
    /// A character outside the allowed set, with its 1-based position.
    #[error("第 {position} 位字符“{ch}”无效 / invalid character `{ch}` at position {position}")]
    Character {
        /// 1-based position.
        position: usize,
        /// The offending character.
        ch: char,
    },
    /// The check character does not match the others: almost always a typo.
    #[error("校验码错误，应为 {expected} / check character mismatch, expected {expected}")]
    CheckCharacter {
        /// The check character the rest of the code implies.
        expected: char,
    },
    /// Positions 7–14 of a resident id are not a real date.
    #[error("出生日期无效 / invalid birth date")]
    BirthDate,
}

/// GB 32100-2015 code characters; a character's value is its index (I, O, S, V, Z are excluded).
const CREDIT_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// GB 32100-2015 weights for positions 1–17 (3^(i-1) mod 31).
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// 统一社会信用代码: the 18-character organisation id of GB 32100-2015. Public by design: it is
/// one of the published fields of a penalty decision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses a code, accepting lower case and surrounding blanks (normalised to upper case).
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let code: Vec<char> = input.trim().to_uppercase().chars().collect();
        if code.len() != 18 {
            return Err(IdError::Length(code.len()));
        }
        let mut values = [0u32; 18];
        for (i, ch) in code.iter().enumerate() {
            values[i] = CREDIT_CHARSET
                .find(*ch)
                .and_then(|v| u32::try_from(v).ok())
                .ok_or(IdError::Character {
                    position: i + 1,
                    ch: *ch,
                })?;
        }
        let expected = credit_check_char(&values[..17]);
        if code[17] != expected {
            return Err(IdError::CheckCharacter { expected });
        }
        Ok(Self(code.into_iter().collect()))
    }

    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn credit_check_char(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(CREDIT_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    CREDIT_CHARSET.chars().nth(check as usize).unwrap_or('0')
}

impl TryFrom<String> for CreditCode {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CreditCode> for String {
    fn from(c: CreditCode) -> Self {
        c.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// GB 11643-1999 weights for positions 1–17 (2^(18-i) mod 11).
const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// ISO 7064 MOD 11-2 check character indexed by the weighted sum mod 11.
const RESIDENT_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// 公民身份号码: the 18-character resident id of GB 11643-1999. Personal data: never published,
/// shown to staff masked (`masked`), and removed entirely from anything that goes public.
/// `Debug` is masked too, so the number never lands in a log line.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId(String);

impl ResidentId {
    /// Parses an id, accepting a lower-case `x` check character (normalised to `X`).
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let id: Vec<char> = input.trim().to_uppercase().chars().collect();
        if id.len() != 18 {
            return Err(IdError::Length(id.len()));
        }
        let mut sum = 0u32;
        for (i, ch) in id.iter().take(17).enumerate() {
            let v = ch.to_digit(10).ok_or(IdError::Character {
                position: i + 1,
                ch: *ch,
            })?;
            sum += v * RESIDENT_WEIGHTS[i];
        }
        if !(id[17].is_ascii_digit() || id[17] == 'X') {
            return Err(IdError::Character {
                position: 18,
                ch: id[17],
            });
        }
        let expected = RESIDENT_CHECK[(sum % 11) as usize];
        if id[17] != expected {
            return Err(IdError::CheckCharacter { expected });
        }
        let s: String = id.into_iter().collect();
        let birth =
            NaiveDate::parse_from_str(&s[6..14], "%Y%m%d").map_err(|_| IdError::BirthDate)?;
        if birth.year() < 1850 {
            return Err(IdError::BirthDate);
        }
        Ok(Self(s))
    }

    /// The full number, for staff screens that are allowed to see it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Birth date from positions 7–14 (valid by construction).
    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").unwrap_or(NaiveDate::MIN)
    }

    /// Whether the holder is under 18 on `on` — a minor party's decision is withheld from
    /// publication entirely and triggers the leniency of 行政处罚法 art. 30.
    pub fn is_minor_on(&self, on: NaiveDate) -> bool {
        self.age_on(on) < 18
    }

    /// Full years of age on `on` (a birthday counts from its day).
    pub fn age_on(&self, on: NaiveDate) -> i32 {
        age_on(self.birth_date(), on)
    }

    /// Display form for staff lists: the 6-digit region code and the last 4 characters stay, the
    /// birth date is hidden (`110105********002X`). The region plus the tail is enough to tell two
    /// parties apart on screen; the birth date is what makes the number personal.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

impl TryFrom<String> for ResidentId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ResidentId> for String {
    fn from(c: ResidentId) -> Self {
        c.0
    }
}

/// Natural person or organisation: decides the simplified-procedure ceiling (行政处罚法 art. 51),
/// the hearing threshold and what may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 公民 (自然人).
    NaturalPerson,
    /// 法人或者其他组织 (including individual businesses with a credit code).
    Organisation,
}

/// The party's identifier: typed where a check character exists, free text otherwise (passport,
/// Hong Kong/Macao pass, a foreign registration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum PartyId {
    /// 统一社会信用代码.
    CreditCode(CreditCode),
    /// 公民身份号码.
    ResidentId(ResidentId),
    /// Any other document: kind and number, never published for a person.
    Other {
        /// Document kind, e.g. 护照.
        kind: String,
        /// Document number.
        number: String,
    },
}

impl PartyId {
    /// Display form for staff lists: a credit code in full (it is public), a person's numbers masked.
    pub fn masked(&self) -> String {
        match self {
            PartyId::CreditCode(c) => c.to_string(),
            PartyId::ResidentId(r) => r.masked(),
            PartyId::Other { kind, number } => {
                let chars: Vec<char> = number.chars().collect();
                let keep = chars.len().saturating_sub(4);
                let tail: String = chars[keep..].iter().collect();
                format!("{kind} {}{tail}", "*".repeat(keep))
            }
        }
    }
}

/// Full years of age on `on` of a person born on `born` (a birthday counts from its day).
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// The secondary party codes of the template (行政相对人代码_2…_6), for organisations that
/// report codes older than or besides the unified credit code. Public, like the credit code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PartyCodes {
    /// 工商注册号 (代码_2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_registration_number: Option<String>,
    /// 组织机构代码 (代码_3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_code: Option<String>,
    /// 税务登记号 (代码_4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_registration_number: Option<String>,
    /// 事业单位证书号 (代码_5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_institution_number: Option<String>,
    /// 社会组织登记证号 (代码_6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_organisation_number: Option<String>,
}

impl PartyCodes {
    /// Whether no code is given.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// 当事人: the person or organisation a case concerns. Address and contact are held for staff only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Person or organisation.
    pub kind: PartyKind,
    /// Name as on the identity document or business licence.
    pub name: String,
    /// Identifier, if known.
    pub id: Option<PartyId>,
    /// Address (staff only; a person's is never published).
    pub address: Option<String>,
    /// Phone or other contact (staff only).
    pub contact: Option<String>,
    /// A minor party: the decision is withheld from publication entirely.
    pub minor: bool,
    /// 个体工商户 (an individual business): reported in a party category of its own to the
    /// credit platform; the procedure rules follow `kind`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub individual_business: bool,
    /// 法定代表人 (or 负责人) of an organisation, the operator (经营者) of an individual business.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    /// The organisation's secondary codes (双公示 templates: 代码_2…_6).
    #[serde(default, skip_serializing_if = "PartyCodes::is_empty")]
    pub codes: PartyCodes,
}

impl Party {
    /// The person's age on `on` when the identity document tells it (a resident id).
    pub fn age_on(&self, on: NaiveDate) -> Option<i32> {
        match (&self.kind, &self.id) {
            (PartyKind::NaturalPerson, Some(PartyId::ResidentId(id))) => Some(id.age_on(on)),
            _ => None,
        }
    }

    /// Whether the party is a minor on `on`: marked so, or under 18 by its resident id. What the
    /// system holds decides, not the tick box alone (未成年人保护法; 行政处罚法 art. 30).
    pub fn is_minor_on(&self, on: NaiveDate) -> bool {
        self.minor || self.age_on(on).is_some_and(|a| a < 18)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_code_gb32100_valid_examples() {
        // GB 32100-2015 check character; examples computed by hand from the weights and charset.
        for code in [
            "91350100M000100Y43",
            "91110108551385082Q",
            "911101080000000007",
        ] {
            assert_eq!(
                CreditCode::parse(code).map(|c| c.to_string()),
                Ok(code.to_owned()),
                "{code}"
            );
        }
        assert_eq!(
            CreditCode::parse(" 91350100m000100y43 ").map(String::from),
            Ok("91350100M000100Y43".into())
        );
    }

    #[test]
    fn credit_code_gb32100_rejections() {
        let table = [
            ("91350100M000100Y4", IdError::Length(17)),
            (
                "91350100M000100Y44",
                IdError::CheckCharacter { expected: '3' },
            ),
            (
                "9135010OM000100Y43",
                IdError::Character {
                    position: 8,
                    ch: 'O',
                },
            ),
            (
                "91350100I000100Y43",
                IdError::Character {
                    position: 9,
                    ch: 'I',
                },
            ),
        ];
        for (code, err) in table {
            assert_eq!(CreditCode::parse(code), Err(err), "{code}");
        }
    }

    #[test]
    fn resident_id_gb11643_valid_examples() {
        // ISO 7064 MOD 11-2; 11010519491231002X is the standard published test number.
        for id in [
            "11010519491231002X",
            "440524188001010014",
            "110101200001010010",
        ] {
            assert!(ResidentId::parse(id).is_ok(), "{id}");
        }
        let lower = ResidentId::parse("11010519491231002x").unwrap();
        assert_eq!(lower.as_str(), "11010519491231002X");
        assert_eq!(
            lower.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
    }

    #[test]
    fn resident_id_gb11643_rejections() {
        let table = [
            (
                "110105194912310021",
                IdError::CheckCharacter { expected: 'X' },
            ),
            ("11010519491231002", IdError::Length(17)),
            (
                "1101051949123100AX",
                IdError::Character {
                    position: 17,
                    ch: 'A',
                },
            ),
            // 1949-02-30 does not exist; the check character is right for the digits.
            ("110105194902300020", IdError::BirthDate),
        ];
        for (id, err) in table {
            assert_eq!(ResidentId::parse(id), Err(err), "{id}");
        }
    }

    #[test]
    fn resident_id_is_masked_in_display_and_debug() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(format!("{id:?}"), "ResidentId(110105********002X)");
        assert_eq!(PartyId::ResidentId(id).masked(), "110105********002X");
        let other = PartyId::Other {
            kind: "护照".into(),
            number: "E12345678".into(),
        };
        assert_eq!(other.masked(), "护照 *****5678");
    }

    #[test]
    fn minor_on_the_day_before_the_18th_birthday() {
        let id = ResidentId::parse("110101200001010010").unwrap();
        assert!(id.is_minor_on(NaiveDate::from_ymd_opt(2017, 12, 31).unwrap()));
        assert!(!id.is_minor_on(NaiveDate::from_ymd_opt(2018, 1, 1).unwrap()));
    }

    #[test]
    fn party_id_serde_round_trip_revalidates() {
        let json = r#"{"type":"credit_code","value":"91350100M000100Y43"}"#;
        let id: PartyId = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), json);
        let bad = r#"{"type":"credit_code","value":"91350100M000100Y44"}"#;
        assert!(serde_json::from_str::<PartyId>(bad).is_err());
    }
}
