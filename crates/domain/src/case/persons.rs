//! Persons a record names besides the party (证人, 近亲属, 雇员, 翻译人员…), kept with the record in
//! structured form so that the system, not an editor's eye, masks them wherever the case is
//! published: the agency keeps what it learns of private persons confidential (行政处罚法
//! art. 50) and publishes only the decision about the party (art. 48): names of persons other
//! than the party, and their id numbers, are never published.

use crate::party::ResidentId;
use serde::{Deserialize, Serialize};

/// At most this many persons per record.
pub const MAX_PERSONS_PER_RECORD: usize = 50;

/// What a named person is to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    /// 证人.
    Witness,
    /// 近亲属 (of the party).
    Relative,
    /// 雇员 / 工作人员 of the party.
    Employee,
    /// 翻译人员.
    Interpreter,
    /// 委托代理人.
    Agent,
    /// 见证人 (e.g. at an on-site inspection).
    Observer,
    /// Anyone else.
    Other,
}

/// A person a record names. The id number stays in the agency: it is masked in every
/// publication and never written to the public record log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonNamed {
    /// The name as written in the record (2–50 characters).
    pub name: String,
    pub role: PersonRole,
    /// Identity document number (resident id, passport…), normalised: ASCII, upper case, no
    /// spaces or hyphens. An 18-character number must be a valid resident id (GB 11643).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
}

/// Why a named person was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonError {
    /// Too many persons in one record.
    #[error("at most {MAX_PERSONS_PER_RECORD} persons per record")]
    TooMany,
    /// A name shorter than 2 characters cannot be masked reliably (it would hide every
    /// occurrence of one character), longer than 50 is not a name.
    #[error("person {0}: a name has 2 to 50 characters")]
    NameLength(usize),
    /// A name with digits or control characters.
    #[error("person {0}: a name has no digits")]
    NameCharacters(usize),
    /// An id number that is not one.
    #[error("person {0}: the id number is not valid")]
    IdNumber(usize),
}

/// Full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) to ASCII.
pub fn half_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// An id number as written (spaces, hyphens, full-width characters, lower-case x) in its one
/// normalised form, or `None` when it is not an id number.
pub fn normalise_id_number(raw: &str) -> Option<String> {
    let s: String = raw
        .chars()
        .map(half_width)
        .filter(|c| !matches!(c, ' ' | '-' | '－' | '　' | '\u{a0}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(5..=30).contains(&s.len()) || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if s.len() == 18 && s.chars().take(17).all(|c| c.is_ascii_digit()) {
        return ResidentId::parse(&s).ok().map(|r| r.as_str().to_owned());
    }
    Some(s)
}

impl PersonNamed {
    /// Validates and normalises the persons a record names.
    pub fn parse_all(raw: Vec<PersonNamed>) -> Result<Vec<PersonNamed>, PersonError> {
        if raw.len() > MAX_PERSONS_PER_RECORD {
            return Err(PersonError::TooMany);
        }
        let mut out: Vec<PersonNamed> = Vec::with_capacity(raw.len());
        for (i, p) in raw.into_iter().enumerate() {
            let name = p.name.trim().to_owned();
            let n = name.chars().count();
            if !(2..=50).contains(&n) {
                return Err(PersonError::NameLength(i));
            }
            if name
                .chars()
                .any(|c| c.is_control() || half_width(c).is_ascii_digit())
            {
                return Err(PersonError::NameCharacters(i));
            }
            let id_number = match p.id_number.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(raw) => Some(normalise_id_number(raw).ok_or(PersonError::IdNumber(i))?),
            };
            let person = PersonNamed {
                name,
                role: p.role,
                id_number,
            };
            if !out.contains(&person) {
                out.push(person);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, id: Option<&str>) -> PersonNamed {
        PersonNamed {
            name: name.into(),
            role: PersonRole::Witness,
            id_number: id.map(str::to_owned),
        }
    }

    /// 行政处罚法 art. 50: what the agency learns of private persons stays confidential, so each
    /// named person must be maskable — a real name, an id number in one normal form.
    #[test]
    fn persons_named_are_validated_and_normalised_art_50() {
        let ok = PersonNamed::parse_all(vec![
            p(" 李四 ", Some("1101 0519 4912 3100 2x")),
            p("王五", Some("E1234５６７８")),
            p("王五", Some("E12345678")),
            p("赵六", None),
        ])
        .unwrap();
        assert_eq!(ok.len(), 3, "{ok:?}");
        assert_eq!(ok[0].name, "李四");
        assert_eq!(ok[0].id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(ok[1].id_number.as_deref(), Some("E12345678"));
        assert_eq!(
            PersonNamed::parse_all(vec![p("李", None)]),
            Err(PersonError::NameLength(0))
        );
        assert_eq!(
            PersonNamed::parse_all(vec![p("赵六", None), p("李四1", None)]),
            Err(PersonError::NameCharacters(1))
        );
        // 18 digits with a wrong check character is no resident id.
        assert_eq!(
            PersonNamed::parse_all(vec![p("李四", Some("110105194912310021"))]),
            Err(PersonError::IdNumber(0))
        );
        assert_eq!(
            PersonNamed::parse_all(vec![p("李四", Some("12"))]),
            Err(PersonError::IdNumber(0))
        );
        let many = vec![p("李四", None); MAX_PERSONS_PER_RECORD + 1];
        assert_eq!(PersonNamed::parse_all(many), Err(PersonError::TooMany));
    }

    #[test]
    fn roles_are_snake_case_on_the_wire() {
        let v = serde_json::to_value(p("李四", None)).unwrap();
        assert_eq!(v, serde_json::json!({"name": "李四", "role": "witness"}));
    }
}
