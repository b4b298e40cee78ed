//! A round's written opinion: 同意 or 存在问题 with what must change, the checklist items found
//! wanting with their comments, and a legal adviser's opinion if one was recorded.

use crate::format::{date_zh, wire};
use crate::i18n::{checklist_item_key, opinion_kind_key, t, Key};
use leptos::prelude::*;
use sanxiang_api_types::review::{OpinionKind, RoundView};
use sanxiang_domain::review::Finding;

#[component]
pub fn ReviewOpinion(round: RoundView) -> impl IntoView {
    let problems: Vec<(usize, String, String)> = round
        .checklist
        .iter()
        .filter(|e| e.finding == Some(Finding::Problem))
        .map(|e| {
            (
                e.number,
                t(checklist_item_key(e.item)).to_owned(),
                e.comment.clone().unwrap_or_default(),
            )
        })
        .collect();
    let adviser = round.adviser_opinion.clone();
    view! {
        <div class="review-opinion" data-round=round.number>
            {match round.opinion.clone() {
                None => view! { <p class="muted">{t(Key::ReviewNoOpinionYet)}</p> }.into_any(),
                Some(o) => {
                    let approved = o.opinion == OpinionKind::Approve;
                    view! {
                        <p class="opinion-head">
                            <span
                                class=if approved { "badge badge-ok opinion-kind" } else { "badge badge-danger opinion-kind" }
                                data-opinion=wire(&o.opinion)
                            >
                                {t(opinion_kind_key(o.opinion))}
                            </span>
                            {o.answered_on.map(|d| view! { <span class="muted small">" " {date_zh(d)}</span> })}
                        </p>
                        {(!o.must_change.is_empty())
                            .then(|| {
                                view! {
                                    <h4 class="subsection-title">{t(Key::ReviewMustChange)}</h4>
                                    <ol class="must-change">
                                        {o.must_change.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                                    </ol>
                                }
                            })}
                    }
                        .into_any()
                }
            }}
            {(!problems.is_empty())
                .then(|| {
                    view! {
                        <h4 class="subsection-title">{t(Key::ReviewProblemItems)}</h4>
                        <ul class="problem-items">
                            {problems
                                .into_iter()
                                .map(|(n, label, comment)| {
                                    view! {
                                        <li class="problem-item" data-number=n>
                                            <strong>{format!("{n}. {label}")}</strong>
                                            <p class="record-text">{comment}</p>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            {adviser
                .map(|a| {
                    view! {
                        <div class="adviser-opinion">
                            <h4 class="subsection-title">{t(Key::ReviewAdviserOpinion)}</h4>
                            <p class="muted small">{a.adviser}</p>
                            <p class="record-text">{a.text}</p>
                        </div>
                    }
                })}
        </div>
    }
}
