//! The canonical bytes of a log entry: RFC 8785 JSON Canonicalization Scheme (JCS).
//!
//! A log entry is a JSON value. Its canonical bytes, which are what the leaf hash covers, are
//! its RFC 8785 serialization:
//!
//! - no whitespace;
//! - object members sorted by the UTF-16 code units of their names (not by UTF-8 bytes);
//! - strings as UTF-8 with only `"`, `\` and control characters escaped (`\b \t \n \f \r` by
//!   name, the rest as lowercase `\u00xx`); no other character is escaped;
//! - numbers as ECMAScript `Number.prototype.toString` of the IEEE 754 double (so `1.0` is
//!   `1`, `1e21` stays `1e+21`); integers beyond ±2^53 lose precision, so entries carry large
//!   or exact numbers (amounts, IDs) as strings.
//!
//! This encoding is stable: changing it would change every leaf hash, so it never changes.
//! (The RFC 8785 examples below are its regression tests: enabling serde_json's
//! `arbitrary_precision` feature anywhere in the workspace would change number output and
//! fail them.)
//! The leaf hash of an entry is `SHA-256(0x00 ‖ canonical bytes)` ([`entry_leaf_hash`]).

use thiserror::Error;

use super::hash::{leaf_hash, Hash};

/// A value that has no canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("cannot canonicalize the entry: {0}")]
pub struct CanonicalError(pub String);

/// The RFC 8785 canonical bytes of `value`.
pub fn canonical_json(value: &serde_json::Value) -> Result<Vec<u8>, CanonicalError> {
    serde_json_canonicalizer::to_vec(value).map_err(|e| CanonicalError(e.to_string()))
}

/// The RFC 6962 leaf hash of the canonical bytes of `value`.
pub fn entry_leaf_hash(value: &serde_json::Value) -> Result<Hash, CanonicalError> {
    Ok(leaf_hash(&canonical_json(value)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canon(v: &serde_json::Value) -> String {
        String::from_utf8(canonical_json(v).unwrap()).unwrap()
    }

    #[test]
    fn rfc8785_section_3_2_2_example() {
        // RFC 8785 §3.2.2 input (numbers parsed as doubles) and its §3.2.3 output.
        let input: serde_json::Value = serde_json::from_str(
            r#"{
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }"#,
        )
        .unwrap();
        assert_eq!(
            canon(&input),
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\
             \"string\":\"\u{20ac}$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}"
        );
    }

    #[test]
    fn rfc8785_section_3_2_3_sorting_by_utf16() {
        // RFC 8785 §3.2.3: the property names sort by UTF-16 code units.
        let input: serde_json::Value = serde_json::from_str(
            r#"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
                "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
                "\u00f6": "Latin Small Letter O With Diaeresis"}"#,
        )
        .unwrap();
        assert_eq!(
            canon(&input),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
             \"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\
             \"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
    }

    #[test]
    fn numbers_and_nesting() {
        assert_eq!(
            canon(&json!({"b": [1.0, -0.0, 1e21, 0.1], "a": {"d": 1, "c": "x"}})),
            r#"{"a":{"c":"x","d":1},"b":[1,0,1e+21,0.1]}"#
        );
        assert_eq!(canon(&json!("中文")), "\"中文\"");
    }

    #[test]
    fn leaf_hash_is_over_canonical_bytes() {
        let a: serde_json::Value = serde_json::from_str(r#"{ "x": 1, "y": [true] }"#).unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"{"y":[true],"x":1.0}"#).unwrap();
        assert_eq!(entry_leaf_hash(&a).unwrap(), entry_leaf_hash(&b).unwrap());
        assert_eq!(
            entry_leaf_hash(&a).unwrap(),
            leaf_hash(br#"{"x":1,"y":[true]}"#)
        );
    }
}
