//! The 11 items the legal reviewer checks (行政处罚法 art. 58), each with a finding (通过 / 存在问题)
//! and a comment (required for a problem). Editable by the assigned reviewer while the round is
//! open; read-only otherwise.

use crate::api::Session;
use crate::format::{from_wire, wire};
use crate::i18n::{checklist_item_key, finding_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::review::{AnswerItem, AnswerItems, ChecklistEntry, ReviewDetail};
use sanxiang_domain::review::{ChecklistItem, Finding};
use uuid::Uuid;

/// One item's form state.
#[derive(Debug, Clone, Copy)]
struct ItemInput {
    item: ChecklistItem,
    number: usize,
    /// `""`, `pass` or `problem`.
    finding: RwSignal<String>,
    comment: RwSignal<String>,
}

#[component]
pub fn ReviewChecklist(
    case_id: Uuid,
    entries: Vec<ChecklistEntry>,
    editable: bool,
    version: i32,
    on_done: Callback<ReviewDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let inputs: Vec<ItemInput> = entries
        .iter()
        .map(|e| ItemInput {
            item: e.item,
            number: e.number,
            finding: RwSignal::new(e.finding.map(|f| wire(&f)).unwrap_or_default()),
            comment: RwSignal::new(e.comment.clone().unwrap_or_default()),
        })
        .collect();
    let inputs = StoredValue::new(inputs);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let all_pass = move |_| {
        inputs.with_value(|v| {
            for i in v {
                if i.finding.get_untracked().is_empty() {
                    i.finding.set(wire(&Finding::Pass));
                }
            }
        });
    };

    let save = move |_| {
        if pending.get_untracked() {
            return;
        }
        let mut answers = Vec::new();
        let mut missing_comment = None;
        inputs.with_value(|v| {
            for i in v {
                let Some(finding) = from_wire::<Finding>(&i.finding.get_untracked()) else {
                    continue;
                };
                let comment = i.comment.get_untracked().trim().to_owned();
                if finding == Finding::Problem && comment.is_empty() && missing_comment.is_none() {
                    missing_comment = Some(i.number);
                }
                answers.push(AnswerItem {
                    item: i.item,
                    finding,
                    comment,
                });
            }
        });
        if let Some(n) = missing_comment {
            error.set(Some(
                t(Key::ReviewErrCommentRequired).replace("{n}", &n.to_string()),
            ));
            return;
        }
        if answers.is_empty() {
            error.set(Some(t(Key::ReviewErrNoAnswers).to_owned()));
            return;
        }
        error.set(None);
        pending.set(true);
        let body = AnswerItems {
            expected_version: Some(version),
            answers,
        };
        spawn_local(async move {
            match session.answer_items(case_id, &body).await {
                Ok(detail) => {
                    pending.try_set(false);
                    on_done.run(detail);
                }
                Err(err) => {
                    pending.try_set(false);
                    let stale = err.code() == Some("version_conflict");
                    error.try_set(Some(err.message()));
                    on_error.run((err.message(), stale));
                }
            }
        });
    };

    view! {
        <div id="checklist" class="review-checklist" data-editable=editable.to_string()>
            <ol class="checklist-entries">
                {inputs
                    .get_value()
                    .into_iter()
                    .map(|i| {
                        let name = format!("finding-{}", wire(&i.item));
                        let finding_text = move || {
                            from_wire::<Finding>(&i.finding.get()).map(|f| t(finding_key(f))).unwrap_or_else(|| t(Key::ReviewNotAnswered))
                        };
                        view! {
                            <li
                                class="checklist-entry"
                                data-item=wire(&i.item)
                                data-finding=move || i.finding.get()
                            >
                                <p class="checklist-label">
                                    <strong>{format!("{}. ", i.number)}</strong>
                                    {t(checklist_item_key(i.item))}
                                </p>
                                {if editable {
                                    view! {
                                        <div class="finding-choice" role="radiogroup">
                                            {[Finding::Pass, Finding::Problem]
                                                .into_iter()
                                                .map(|f| {
                                                    let value = wire(&f);
                                                    let v2 = value.clone();
                                                    view! {
                                                        <label class="check">
                                                            <input
                                                                type="radio"
                                                                name=name.clone()
                                                                value=value.clone()
                                                                prop:checked=move || i.finding.get() == v2
                                                                on:change=move |_| i.finding.set(value.clone())
                                                            />
                                                            <span>{t(finding_key(f))}</span>
                                                        </label>
                                                    }
                                                })
                                                .collect_view()}
                                        </div>
                                        <textarea
                                            class="item-comment"
                                            rows="2"
                                            aria-label=t(Key::ReviewComment)
                                            placeholder=move || {
                                                if i.finding.get() == "problem" {
                                                    t(Key::ReviewCommentRequired)
                                                } else {
                                                    t(Key::ReviewCommentOptional)
                                                }
                                            }
                                            bind:value=i.comment
                                        ></textarea>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p class="finding-text">
                                            <span class=move || format!("badge finding-{}", i.finding.get())>{finding_text}</span>
                                            " "
                                            <span class="record-text">{move || i.comment.get()}</span>
                                        </p>
                                    }
                                        .into_any()
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <Show when=move || error.with(Option::is_some)>
                <p id="checklist-error" class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {editable
                .then(|| {
                    view! {
                        <div class="form-actions">
                            <button id="checklist-all-pass" type="button" class="btn btn-secondary" on:click=all_pass>
                                {t(Key::ReviewAllPass)}
                            </button>
                            <button id="checklist-save" type="button" class="btn btn-primary" disabled=move || pending.get() on:click=save>
                                {move || if pending.get() { t(Key::Saving) } else { t(Key::ReviewSaveChecklist) }}
                            </button>
                        </div>
                    }
                })}
        </div>
    }
}
