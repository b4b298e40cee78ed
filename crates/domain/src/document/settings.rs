//! An agency's document settings: header, numbering, bank account, remedy organs. Edited by the
//! agency's administrator, versioned (every version kept, like the other registers).

use super::kind::DocumentKind;
use super::number::{check_format, NumberError, DEFAULT_NUMBER_FORMAT};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where fines are paid (行政处罚法 art. 67: paid to the designated bank, not to the officers).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankAccount {
    /// Bank and branch.
    pub bank: String,
    /// Account holder (收款单位).
    pub account_name: String,
    /// Account number.
    pub account_number: String,
}

/// The settings documents are composed with.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// The agency's name as printed above every title (default: its registered name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The prefix of every number, e.g. 桓财 (default: the agency's short name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_prefix: Option<String>,
    /// Number template (default `{prefix}{code}〔{year}〕{seq}号`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_format: Option<String>,
    /// Codes that replace the default code of a type (e.g. `penalty_decision` → 罚决字).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub codes: BTreeMap<DocumentKind, String>,
    /// Where fines are paid (行政处罚法 art. 67); a 决定书 imposing a fine needs it (art. 59 (四)).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_object"
    )]
    pub bank_account: Option<BankAccount>,
    /// The organ that hears an application for reconsideration (行政复议法), named in every
    /// decision (行政处罚法 art. 59 (五)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconsideration_organ: Option<String>,
    /// The people's court with jurisdiction over a lawsuit (行政诉讼法 art. 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<String>,
    /// The agency's address and telephone printed on notices (where to state a defence or ask
    /// for a hearing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The public address that checks a document (printed in its footer), e.g.
    /// `https://zfgs.example.gov.cn/verify`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_url: Option<String>,
}

impl DocumentSettings {
    /// The number template in force.
    pub fn number_format(&self) -> &str {
        self.number_format
            .as_deref()
            .filter(|f| !f.trim().is_empty())
            .unwrap_or(DEFAULT_NUMBER_FORMAT)
    }

    /// The code of a type in this agency's numbers.
    pub fn code(&self, kind: DocumentKind) -> &str {
        self.codes
            .get(&kind)
            .map(String::as_str)
            .filter(|c| !c.trim().is_empty())
            .unwrap_or(kind.default_code())
    }

    /// Checks what an administrator saves: a number template that numbers uniquely.
    pub fn check(&self) -> Result<(), NumberError> {
        check_format(self.number_format())
    }
}

/// Reads `null` or a JSON object only: serde would also take a struct from an array of its
/// fields, which the schema does not allow.
pub(crate) fn optional_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error;
    let v = serde_json::Value::deserialize(d)?;
    match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Object(_) => serde_json::from_value(v)
            .map(Some)
            .map_err(D::Error::custom),
        _ => Err(D::Error::custom("must be an object")),
    }
}
