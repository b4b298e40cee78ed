//! The case-file checklist (案卷标准) with its score.

use crate::i18n::{t, Key};
use leptos::prelude::*;
use sanxiang_api_types::cases::Completeness;

#[component]
pub fn CompletenessPanel(completeness: Completeness) -> impl IntoView {
    let score = completeness.score.min(100);
    view! {
        <div id="completeness" class="completeness" data-score=score data-complete=completeness.complete.to_string()>
            <div class="score-line">
                <span>{t(Key::CompletenessScore)}</span>
                <strong id="completeness-score">{format!("{score}%")}</strong>
            </div>
            <div class="meter" role="meter" aria-label=t(Key::CompletenessScore) aria-valuemin="0" aria-valuemax="100" aria-valuenow=score>
                <span class="meter-fill" class:meter-ok=completeness.complete style=format!("width: {score}%")></span>
            </div>
            {if completeness.complete {
                view! { <p class="ok-text">{t(Key::CompletenessComplete)}</p> }.into_any()
            } else {
                view! {
                    <p id="completeness-missing" class="warn-text">
                        {t(Key::CompletenessMissing)} {completeness.missing.join("、")}
                    </p>
                }
                    .into_any()
            }}
            <ul class="checklist-items">
                {completeness
                    .items
                    .into_iter()
                    .map(|i| {
                        view! {
                            <li
                                class="check-item"
                                class:present=i.present
                                data-document-type=i.document_type.clone()
                                data-present=i.present.to_string()
                            >
                                <span class="check-mark" aria-hidden="true">
                                    {if i.present { "✓" } else { "✗" }}
                                </span>
                                <span>{i.label}</span>
                                <span class="visually-hidden">
                                    {if i.present { t(Key::ItemPresent) } else { t(Key::ItemMissing) }}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
