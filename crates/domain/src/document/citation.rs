//! Legal basis as structured citations: law, article, paragraph, item — chosen, not typed, so that
//! the review draft, the decision, the 决定书 and the publication cite the same thing.

use super::text::zh_numeral;
use serde::{Deserialize, Serialize};

/// One citation, e.g. 《中华人民共和国会计法》第四十二条第一款第（三）项.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalCitation {
    /// The law or regulation's full title, without 《》.
    pub law: String,
    /// Article (条), from 1.
    pub article: u32,
    /// Paragraph (款), from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Item (项), from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
}

impl LegalCitation {
    /// Whether it names a law and an article.
    pub fn is_complete(&self) -> bool {
        !self.law.trim().is_empty()
            && self.article > 0
            && self.paragraph != Some(0)
            && self.item != Some(0)
    }

    /// The citation as documents write it.
    pub fn to_zh(&self) -> String {
        let mut s = format!(
            "《{}》第{}条",
            self.law
                .trim()
                .trim_start_matches('《')
                .trim_end_matches('》'),
            zh_numeral(self.article)
        );
        if let Some(p) = self.paragraph {
            s.push_str(&format!("第{}款", zh_numeral(p)));
        }
        if let Some(i) = self.item {
            s.push_str(&format!("第（{}）项", zh_numeral(i)));
        }
        s
    }
}

/// Reads a citation written the usual way (the registers and discretion standards hold them as
/// text): 《X》第四十二条第一款第（三）项, arabic numerals also accepted. `None` when it is not one.
pub fn parse_citation(s: &str) -> Option<LegalCitation> {
    let s = s.trim();
    let open = s.find('《')?;
    let close = s.find('》')?;
    let law = s.get(open + '《'.len_utf8()..close)?.trim().to_owned();
    let mut rest = s.get(close + '》'.len_utf8()..)?;
    let take = |unit: char, rest: &mut &str| -> Option<u32> {
        let r = rest.trim_start();
        let r = r.strip_prefix('第')?;
        let end = r.find(unit)?;
        let raw = r[..end].trim_matches(|c| c == '（' || c == '）' || c == '(' || c == ')');
        let n = parse_numeral(raw)?;
        *rest = &r[end + unit.len_utf8()..];
        Some(n)
    };
    let article = take('条', &mut rest)?;
    let paragraph = take('款', &mut rest);
    let item = take('项', &mut rest);
    let c = LegalCitation {
        law,
        article,
        paragraph,
        item,
    };
    c.is_complete().then_some(c)
}

fn parse_numeral(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let mut total = 0u32;
    let mut current = 0u32;
    let mut seen = false;
    for c in s.chars() {
        seen = true;
        if let Some(d) = digit(c) {
            current = u32::try_from(d).ok()?;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += if current == 0 { 1 } else { current } * unit;
        current = 0;
    }
    seen.then_some(total + current)
}
