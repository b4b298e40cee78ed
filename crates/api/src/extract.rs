//! `Valid<T>`: a JSON body that deserialised (unknown fields refused by the DTO), holds no
//! control characters, and passed its `validator` rules, or a 4xx problem. And the guard that
//! refuses control characters in the path and the query string of every request.
//!
//! Control characters are refused at the edge, once for every field: PostgreSQL cannot store
//! U+0000 in text at all (it answered 500 where SQLite stored it), and the others have no place
//! in names, titles or record text, where they hide content from readers and break exports.
//! Tab, line feed and carriage return stay allowed in JSON strings (multi-line text).

use crate::error::{ApiError, ErrorCode};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpRequest, ResponseError};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::Value;
use validator::Validate;

/// A validated JSON body.
pub struct Valid<T>(pub T);

impl<T> FromRequest for Valid<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // The body is read as a JSON value first (size limit, content type and syntax errors as
        // configured by the app's `JsonConfig`), so every string in it, keys included, can be
        // checked whatever the DTO makes of it.
        let fut = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move {
            let mut value = fut.await?.into_inner();
            // Every request body of this API is an object: serde would read an array as a
            // struct's fields in order, which no client means.
            if !value.is_object() {
                return Err(ApiError::field("body", "must be a JSON object").into());
            }
            if let Some(field) = control_char_in(&value, String::new()) {
                return Err(ApiError::field(&field, CONTROL_MESSAGE).into());
            }
            integral_floats_as_integers(&mut value);
            let body: T = serde_json::from_value(value).map_err(|e| {
                let code = if e.is_data() {
                    ErrorCode::ValidationFailed
                } else {
                    ErrorCode::MalformedJson
                };
                ApiError::new(code, e.to_string())
            })?;
            body.validate().map_err(ApiError::from)?;
            Ok(Valid(body))
        })
    }
}

/// JSON does not tell `2` from `2.0`, and JSON Schema counts both as an integer; serde
/// refuses a float for an integer field. A number with no fraction that fits an i64 (or u64) is
/// therefore given to the DTO as an integer; a float field takes it all the same.
fn integral_floats_as_integers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                // i64/u64 bounds as f64: values at or beyond them stay floats (and are refused
                // by an integer field as out of range).
                if f.fract() == 0.0
                    && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f)
                {
                    #[expect(clippy::cast_possible_truncation, reason = "integral and in range")]
                    let i = f as i64;
                    *v = Value::Number(i.into());
                } else if f.fract() == 0.0 && (0.0..1.844_674_407_370_955_2e19).contains(&f) {
                    #[expect(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "integral, non-negative and in range"
                    )]
                    let u = f as u64;
                    *v = Value::Number(u.into());
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

const CONTROL_MESSAGE: &str =
    "must not contain control characters (only tab, line feed and carriage return are allowed)";

/// Whether `c` is refused in text: C0 controls other than tab, line feed and carriage return,
/// DEL (U+007F) and the C1 controls (U+0080–U+009F).
pub fn forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

fn has_forbidden(s: &str) -> bool {
    s.chars().any(forbidden_char)
}

/// The path (`title`, `parties[0].name`; `body` for the document itself) of the first string
/// or key in `v` holding a refused character.
fn control_char_in(v: &Value, path: String) -> Option<String> {
    let here = |p: String| if p.is_empty() { "body".to_owned() } else { p };
    match v {
        Value::String(s) => has_forbidden(s).then(|| here(path)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| control_char_in(item, format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, item)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if has_forbidden(k) {
                return Some(here(path.clone()));
            }
            control_char_in(item, p)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

/// Which part of the request holds a refused character, if any: the path (percent-decoded)
/// or the query string (decoded as a form: `+` is a space).
fn control_char_in_request(req: &ServiceRequest) -> Option<ApiError> {
    let path = percent_encoding::percent_decode_str(req.uri().path()).decode_utf8_lossy();
    if has_forbidden(&path) {
        return Some(ApiError::new(
            ErrorCode::InvalidPathParameter,
            format!("The path {CONTROL_MESSAGE}."),
        ));
    }
    let query = req.uri().query().unwrap_or_default();
    if let Some((name, _)) = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, v)| has_forbidden(k) || has_forbidden(v))
    {
        let name = if has_forbidden(&name) {
            "A parameter name".to_owned()
        } else {
            format!("`{name}`")
        };
        return Some(ApiError::new(
            ErrorCode::InvalidQuery,
            format!("{name} {CONTROL_MESSAGE}."),
        ));
    }
    None
}

/// Middleware: a request whose path or query string holds a control character is refused
/// (400 `invalid_path_parameter` / `invalid_query`) before any handler sees it.
pub async fn refuse_control_chars(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    if let Some(e) = control_char_in_request(&req) {
        return Ok(req.into_response(e.error_response()).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integral_floats_become_integers() {
        let mut v = json!({"a": 1855.0, "b": [-272.0, 1.5], "c": {"d": 3}, "e": 1e30});
        integral_floats_as_integers(&mut v);
        assert_eq!(
            v,
            json!({"a": 1855, "b": [-272, 1.5], "c": {"d": 3}, "e": 1e30})
        );
        #[derive(serde::Deserialize)]
        struct T {
            a: i32,
        }
        assert_eq!(
            serde_json::from_value::<T>(json!({"a": 7}))
                .map(|t| t.a)
                .ok(),
            Some(7)
        );
    }

    #[test]
    fn control_characters_are_found_with_their_field() {
        assert_eq!(
            control_char_in(&json!({"a": "x\ty\nz\r"}), String::new()),
            None
        );
        // An escaped backslash followed by text is not a control character.
        let v: Value = serde_json::from_str(r#"{"a": "\\u0000"}"#).unwrap();
        assert_eq!(control_char_in(&v, String::new()), None);
        let v: Value = serde_json::from_str(r#"{"a": {"b": ["ok", "x\u0000"]}}"#).unwrap();
        assert_eq!(
            control_char_in(&v, String::new()).as_deref(),
            Some("a.b[1]")
        );
        for bad in ["\u{0}", "\u{1b}", "\u{7f}", "\u{85}", "\u{9f}"] {
            assert_eq!(
                control_char_in(&json!({"name": bad}), String::new()).as_deref(),
                Some("name"),
                "{bad:?}"
            );
        }
        assert_eq!(
            control_char_in(&json!({"a\u{0}": 1}), String::new()).as_deref(),
            Some("body")
        );
        assert_eq!(
            control_char_in(&json!("\u{0}"), String::new()).as_deref(),
            Some("body")
        );
        assert!(!forbidden_char('\u{a0}'));
        assert!(!forbidden_char('中'));
    }
}
