//! Range checks of numeric query parameters, applied while the query string is read, so a value
//! out of range is a 400 `invalid_query` like any other bad query, and no handler sees a page
//! size of 1.4e19 or a cursor beyond what the database's signed 64-bit integers hold.
//!
//! Use with `#[serde(default, deserialize_with = "crate::query::…")]`.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

/// An optional page size in `MIN..=MAX`.
pub fn limit<'de, D, const MIN: u64, const MAX: u64>(d: D) -> Result<Option<u64>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<u64>::deserialize(d)? {
        Some(n) if !(MIN..=MAX).contains(&n) => Err(D::Error::custom(format!(
            "must be between {MIN} and {MAX}, not {n}"
        ))),
        v => Ok(v),
    }
}

/// An optional position (a cursor or a size) that the database can hold: `0..=i64::MAX`.
pub fn position<'de, D>(d: D) -> Result<Option<u64>, D::Error>
where
    D: Deserializer<'de>,
{
    Option::<u64>::deserialize(d)?
        .map(in_i64_range::<D::Error>)
        .transpose()
}

/// A required position: `0..=i64::MAX`.
pub fn required_position<'de, D>(d: D) -> Result<u64, D::Error>
where
    D: Deserializer<'de>,
{
    in_i64_range(u64::deserialize(d)?)
}

/// An optional signed cursor that is never negative.
pub fn signed_position<'de, D>(d: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<i64>::deserialize(d)? {
        Some(n) if n < 0 => Err(D::Error::custom(format!("must not be negative, not {n}"))),
        v => Ok(v),
    }
}

fn in_i64_range<E: Error>(n: u64) -> Result<u64, E> {
    if i64::try_from(n).is_ok() {
        Ok(n)
    } else {
        Err(E::custom(format!("must be at most {}, not {n}", i64::MAX)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Q {
        #[serde(default, deserialize_with = "super::limit::<_, 1, 200>")]
        limit: Option<u64>,
        #[serde(default, deserialize_with = "super::position")]
        before: Option<u64>,
        #[serde(default, deserialize_with = "super::signed_position")]
        after: Option<i64>,
    }

    fn parse(q: &str) -> Result<Q, serde_json::Error> {
        serde_json::from_str(q)
    }

    #[test]
    fn values_out_of_range_are_refused() {
        let q = parse("{}").unwrap();
        assert!(q.limit.is_none() && q.before.is_none() && q.after.is_none());
        assert_eq!(parse(r#"{"limit": 200}"#).unwrap().limit, Some(200));
        assert!(parse(r#"{"limit": 0}"#).is_err());
        assert!(parse(r#"{"limit": 201}"#).is_err());
        assert!(parse(r#"{"limit": 14000000000000000000}"#).is_err());
        assert!(parse(r#"{"limit": 1.4e19}"#).is_err());
        assert_eq!(
            parse(r#"{"before": 9223372036854775807}"#).unwrap().before,
            Some(i64::MAX as u64)
        );
        assert!(parse(r#"{"before": 9223372036854775808}"#).is_err());
        assert!(parse(r#"{"before": -1}"#).is_err());
        assert!(parse(r#"{"after": -1}"#).is_err());
        assert_eq!(parse(r#"{"after": 0}"#).unwrap().after, Some(0));
    }
}
