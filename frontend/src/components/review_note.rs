//! The legal-review note of the case file (`review_flagging`: the draft decision compared with
//! the catalogue of major decisions and the discretion standard) in words instead of its stored
//! JSON. Old notes that give amounts in fen are shown in yuan.

use crate::format::money;
use crate::i18n::{t, t_name, Key};
use leptos::prelude::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct FlaggingNote {
    catalogue_version: u32,
    review_required: bool,
    #[serde(default)]
    deliberation_required: bool,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    occasion: String,
    #[serde(default)]
    discretion: Vec<DiscretionNote>,
}

#[derive(Debug, Deserialize)]
struct DiscretionNote {
    #[serde(default)]
    message: String,
}

/// Whether a record of this document type is a review note shown by [`ReviewNote`].
pub fn is_review_note(document_type: Option<&str>) -> bool {
    document_type == Some("review_flagging")
}

/// Rewrites amounts written as `12345分` into `¥123.45` (notes written before amounts were
/// given in yuan).
pub fn fen_mentions_to_yuan(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        if ch == '分' && !digits.is_empty() {
            match digits.parse::<i64>() {
                Ok(fen) => {
                    out.push_str(&money(fen));
                }
                Err(_) => {
                    out.push_str(&digits);
                    out.push(ch);
                }
            }
        } else {
            out.push_str(&digits);
            out.push(ch);
        }
        digits.clear();
    }
    out.push_str(&digits);
    out
}

fn occasion_text(occasion: &str) -> Option<&'static str> {
    match occasion {
        "review_request" => Some(t(Key::OccasionReviewRequest)),
        "review_resubmission" => Some(t(Key::OccasionResubmission)),
        "decision_stage" => Some(t(Key::OccasionDecisionStage)),
        _ => None,
    }
}

#[component]
pub fn ReviewNote(text: String) -> impl IntoView {
    let Ok(note) = serde_json::from_str::<FlaggingNote>(&text) else {
        return view! { <p class="record-text">{text}</p> }.into_any();
    };
    let mut conclusion = vec![if note.review_required {
        t(Key::FlaggingReviewRequired)
    } else {
        t(Key::FlaggingReviewNotRequired)
    }];
    if note.deliberation_required {
        conclusion.push(t(Key::FlaggingDeliberationRequired));
    }
    let discretion: Vec<String> = note
        .discretion
        .into_iter()
        .map(|d| d.message)
        .filter(|m| !m.is_empty())
        .collect();
    view! {
        <dl class="record-facts review-note" data-review-required=note.review_required.to_string()>
            <dt>{t(Key::FlaggingConclusion)}</dt>
            <dd class="review-note-conclusion">
                {conclusion.join("；")} "（"
                {t_name(Key::FlaggingCatalogueVersion, &note.catalogue_version.to_string())} "）"
            </dd>
            {(!note.summary.is_empty())
                .then(|| {
                    view! {
                        <dt>{t(Key::FlaggingMatched)}</dt>
                        <dd class="review-note-matched">{fen_mentions_to_yuan(&note.summary)}</dd>
                    }
                })}
            {(!discretion.is_empty())
                .then(|| {
                    view! {
                        <dt>{t(Key::ReviewDiscretion)}</dt>
                        <dd class="review-note-discretion warn-text">{discretion.join("；")}</dd>
                    }
                })}
            {occasion_text(&note.occasion)
                .map(|o| {
                    view! {
                        <dt>{t(Key::FlaggingOccasion)}</dt>
                        <dd>{o}</dd>
                    }
                })}
        </dl>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_fen_amounts_read_as_yuan() {
        assert_eq!(
            fen_mentions_to_yuan("罚款20000000分，不低于10000000分"),
            "罚款¥200,000.00，不低于¥100,000.00"
        );
        assert_eq!(fen_mentions_to_yuan("第2版，3项"), "第2版，3项");
        assert_eq!(fen_mentions_to_yuan("共12"), "共12");
    }
}
