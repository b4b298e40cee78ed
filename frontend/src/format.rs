//! Dates, money and small parsing helpers shared by the pages (no user-visible text here).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

/// Today in the browser's time zone (the officer's working day).
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(1970);
    NaiveDate::from_ymd_opt(year, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

/// `YYYY-MM-DD` as an `<input type="date">` wants it.
pub fn date_value(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A date as people read it, e.g. 2026年12月7日.
pub fn date_zh(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The Chinese half of a server's bilingual text (`中文 / English`), its ISO dates
/// (`2026-12-07`) written as people read them (2026年12月7日).
pub fn chinese_part(text: &str) -> String {
    let zh = match text.split_once(" / ") {
        Some((zh, _)) => zh,
        None if text.bytes().any(|b| b.is_ascii_alphabetic()) && !text.chars().any(is_cjk) => "",
        None => text,
    };
    zh_dates(zh.trim())
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Every ISO date (`YYYY-MM-DD`) in `text` written as 2026年12月7日.
pub fn zh_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let candidate = rest.get(..10).and_then(|s| {
            let b = s.as_bytes();
            let shaped = b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
            if shaped {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
            } else {
                None
            }
        });
        match candidate {
            Some(d) => {
                out.push_str(&date_zh(d));
                rest = &rest[10..];
            }
            None => {
                let mut chars = rest.chars();
                if let Some(c) = chars.next() {
                    out.push(c);
                }
                rest = chars.as_str();
            }
        }
    }
    out
}

/// Parses the value of an `<input type="date">`.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// The browser's offset from UTC (China: +08:00).
fn browser_offset() -> FixedOffset {
    let minutes = -js_sys::Date::new_0().get_timezone_offset();
    FixedOffset::east_opt(minutes as i32 * 60).unwrap_or_else(|| Utc.fix())
}

/// A server time in the browser's time zone as people read it, e.g. `2026年12月7日 14:05`.
pub fn date_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&browser_offset());
    format!("{} {}", date_zh(local.date_naive()), local.format("%H:%M"))
}

/// A value of `<input type="datetime-local">` (browser time zone) as UTC.
pub fn parse_local_datetime(value: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").ok()?;
    browser_offset()
        .from_local_datetime(&naive)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

/// A wall-clock time as `<input type="datetime-local">` wants it (`YYYY-MM-DDTHH:MM`).
pub fn naive_datetime_value(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

/// Parses the value of an `<input type="datetime-local">` as a wall-clock time (documents print
/// the time as written, in the agency's zone).
pub fn parse_naive_datetime(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim();
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

/// The wire (snake_case) name of a unit enum value, e.g. `Stage::Filing` → `filing`.
pub fn wire<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The unit enum value named by its wire name, if any.
pub fn from_wire<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

/// Parses an amount in yuan (`1234`, `1,234.5`, `0.05`) into fen. Negative amounts, more than
/// two decimals and anything else are refused.
pub fn parse_yuan(value: &str) -> Option<i64> {
    let cleaned: String = value
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    if cleaned.is_empty() {
        return Some(0);
    }
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 13
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(frac)
}

/// Fen as yuan text, e.g. `500000` → `5000.00`.
pub fn fen_to_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// An amount as shown everywhere in text (inputs keep [`fen_to_yuan`]): `123400` → `¥1,234.00`.
pub fn money(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{:02}", abs % 100)
}

/// A byte count for people: `1.2 MB`.
pub fn file_size(bytes: i64) -> String {
    let b = bytes.max(0) as f64;
    if b < 1024.0 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} MB", b / 1024.0 / 1024.0)
    } else {
        format!("{:.2} GB", b / 1024.0 / 1024.0 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_to_fen() {
        assert_eq!(parse_yuan("5000"), Some(500_000));
        assert_eq!(parse_yuan("1,234.5"), Some(123_450));
        assert_eq!(parse_yuan("0.05"), Some(5));
        assert_eq!(parse_yuan(""), Some(0));
        assert_eq!(parse_yuan(".5"), Some(50));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("-1"), None);
        assert_eq!(parse_yuan("abc"), None);
        assert_eq!(parse_yuan("."), None);
    }

    #[test]
    fn chinese_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        assert_eq!(date_zh(d), "2026年12月7日");
    }

    #[test]
    fn chinese_half_of_server_text() {
        assert_eq!(
            chinese_part(
                "已超过追责时效（2026-12-07届满） / limitation period expired on 2026-12-07"
            ),
            "已超过追责时效（2026年12月7日届满）"
        );
        assert_eq!(chinese_part("only english"), "");
        assert_eq!(chinese_part("中文"), "中文");
    }

    #[test]
    fn money_one_way() {
        assert_eq!(money(123_400), "¥1,234.00");
        assert_eq!(money(5), "¥0.05");
        assert_eq!(money(100_000_000), "¥1,000,000.00");
        assert_eq!(money(99_900), "¥999.00");
    }

    #[test]
    fn fen_to_text() {
        assert_eq!(fen_to_yuan(500_000), "5000.00");
        assert_eq!(fen_to_yuan(5), "0.05");
    }
}
