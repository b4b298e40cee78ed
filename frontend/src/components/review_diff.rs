//! What changed in the draft decision and the materials between two rounds, side by side.

use crate::components::draft_view::sanction_text;
use crate::i18n::{draft_field_key, review_outcome_key, t, Key};
use leptos::prelude::*;
use sanxiang_api_types::review::{RoundView, SubmissionDiffView};
use sanxiang_domain::review::DraftField;
use std::collections::HashMap;

#[component]
pub fn ReviewDiff(
    previous: RoundView,
    current: RoundView,
    diff: SubmissionDiffView,
) -> impl IntoView {
    let before = &previous.submission.draft;
    let after = &current.submission.draft;
    let basis = |b: &[String]| {
        if b.is_empty() {
            "—".to_owned()
        } else {
            b.join("；")
        }
    };
    let rows: Vec<(DraftField, String, String)> = vec![
        (
            DraftField::Outcome,
            t(review_outcome_key(before.outcome)).to_owned(),
            t(review_outcome_key(after.outcome)).to_owned(),
        ),
        (
            DraftField::Amount,
            sanction_text(&before.sanction),
            sanction_text(&after.sanction),
        ),
        (
            DraftField::LegalBasis,
            basis(&before.legal_basis),
            basis(&after.legal_basis),
        ),
    ];
    let changed_types = diff.draft.contains(&DraftField::PenaltyType);
    let titles: HashMap<String, String> = previous
        .submission
        .materials
        .iter()
        .chain(current.submission.materials.iter())
        .map(|m| {
            (
                m.record_id.clone(),
                m.title.clone().unwrap_or_else(|| m.record_id.clone()),
            )
        })
        .collect();
    let name = |id: &String| titles.get(id).cloned().unwrap_or_else(|| id.clone());
    let materials: Vec<(Key, String, &'static str)> = diff
        .added
        .iter()
        .map(|id| (Key::ReviewMaterialAdded, name(id), "added"))
        .chain(
            diff.removed
                .iter()
                .map(|id| (Key::ReviewMaterialRemoved, name(id), "removed")),
        )
        .chain(
            diff.changed
                .iter()
                .map(|id| (Key::ReviewMaterialChanged, name(id), "changed")),
        )
        .collect();
    let nothing = diff.draft.is_empty() && materials.is_empty();
    view! {
        <div id="review-diff" class="review-diff" data-changed=diff.draft.len()>
            <p class="muted small">
                {t(Key::ReviewDiffIntro)
                    .replace("{from}", &previous.number.to_string())
                    .replace("{to}", &current.number.to_string())}
            </p>
            {nothing.then(|| view! { <p class="muted">{t(Key::ReviewDiffNone)}</p> })}
            <table class="data-table diff-table">
                <thead>
                    <tr>
                        <th>{t(Key::ReviewDiffField)}</th>
                        <th>{t(Key::ReviewDiffBefore)}</th>
                        <th>{t(Key::ReviewDiffAfter)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(field, b, a)| {
                            let changed = diff.draft.contains(&field)
                                || (field == DraftField::Amount && changed_types);
                            view! {
                                <tr class="diff-row" class:changed=changed data-field=crate::format::wire(&field) data-changed=changed.to_string()>
                                    <td data-label=t(Key::ReviewDiffField)>{t(draft_field_key(field))}</td>
                                    <td data-label=t(Key::ReviewDiffBefore) class="diff-before">{b}</td>
                                    <td data-label=t(Key::ReviewDiffAfter) class="diff-after">{a}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {(!materials.is_empty())
                .then(|| {
                    view! {
                        <ul class="diff-materials">
                            {materials
                                .into_iter()
                                .map(|(key, title, kind)| {
                                    view! {
                                        <li class=format!("diff-material diff-{kind}")>
                                            <span class="tag">{t(key)}</span>
                                            " "
                                            {title}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}
