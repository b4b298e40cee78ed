//! Document numbers (文号) from a per-agency template: 桓财罚决〔2026〕1号.

/// The default template: agency prefix, the document's code, year in 〔〕, sequence.
pub const DEFAULT_NUMBER_FORMAT: &str = "{prefix}{code}〔{year}〕{seq}号";

/// A template that cannot number documents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Without `{seq}` every document of a year would get the same number.
    #[error("a number format must contain {{seq}}")]
    NoSequence,
    /// Without `{year}` the numbers of two years would collide (numbering restarts each year).
    #[error("a number format must contain {{year}}")]
    NoYear,
    /// A placeholder other than {prefix}, {code}, {year}, {seq}.
    #[error("unknown placeholder in the number format: {0}")]
    Unknown(String),
}

/// Fills the template. Checked so that two documents of one type never share a number.
pub fn format_number(
    template: &str,
    prefix: &str,
    code: &str,
    year: i32,
    seq: i64,
) -> Result<String, NumberError> {
    check_format(template)?;
    Ok(template
        .replace("{prefix}", prefix)
        .replace("{code}", code)
        .replace("{year}", &year.to_string())
        .replace("{seq}", &seq.to_string()))
}

/// Whether a template numbers documents uniquely per type and year.
pub fn check_format(template: &str) -> Result<(), NumberError> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let tail = &rest[open..];
        let close = tail.find('}').map_or(tail.len(), |c| c + 1);
        let ph = &tail[..close];
        if !matches!(ph, "{prefix}" | "{code}" | "{year}" | "{seq}") {
            return Err(NumberError::Unknown(ph.to_owned()));
        }
        rest = &tail[close..];
    }
    if !template.contains("{seq}") {
        return Err(NumberError::NoSequence);
    }
    if !template.contains("{year}") {
        return Err(NumberError::NoYear);
    }
    Ok(())
}
