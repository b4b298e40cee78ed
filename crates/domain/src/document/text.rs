//! Chinese forms of numbers, dates and amounts as documents write them.

use chrono::{Datelike, NaiveDate};

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 12 → 十二, 42 → 四十二, 105 → 一百零五, 1000 → 一千 (article numbers in citations).
pub fn zh_numeral(n: u32) -> String {
    if n == 0 {
        return DIGITS[0].into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let units = ["", "十", "百", "千"];
    let digits: Vec<usize> = n
        .to_string()
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .collect();
    let len = digits.len();
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, d) in digits.iter().enumerate() {
        let pos = len - 1 - i;
        if *d == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push_str(DIGITS[0]);
            zero_pending = false;
        }
        // 十二, not 一十二, when the number starts at the tens.
        if !(pos == 1 && *d == 1 && i == 0) {
            out.push_str(DIGITS[*d]);
        }
        out.push_str(units[pos]);
    }
    out
}

/// 2026年12月7日.
pub fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Fen as yuan with two decimals and thousands separators: 2000000 → "20,000.00".
pub fn zh_yuan(fen: i64) -> String {
    let neg = fen < 0;
    let fen = fen.unsigned_abs();
    let yuan = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{grouped}.{:02}", if neg { "-" } else { "" }, fen % 100)
}
