//! The reviewer's written opinion on the current round: 同意, or 存在问题 with what must change
//! (one item a line). All 11 checklist items must be answered first.

use crate::api::Session;
use crate::format::wire;
use crate::i18n::{opinion_kind_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::review::{GiveOpinion, OpinionKind, ReviewDetail};
use uuid::Uuid;

#[component]
pub fn OpinionForm(
    case_id: Uuid,
    version: i32,
    checklist_complete: bool,
    on_done: Callback<ReviewDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let kind = RwSignal::new(None::<OpinionKind>);
    let must_change = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(opinion) = kind.get_untracked() else {
            error.set(Some(t(Key::ReviewErrPickOpinion).to_owned()));
            return;
        };
        let changes: Vec<String> = if opinion == OpinionKind::ProblemsFound {
            must_change
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        if opinion == OpinionKind::ProblemsFound && changes.is_empty() {
            error.set(Some(t(Key::ReviewErrMustChange).to_owned()));
            return;
        }
        error.set(None);
        pending.set(true);
        let body = GiveOpinion {
            expected_version: Some(version),
            opinion,
            must_change: changes,
            on: None,
        };
        spawn_local(async move {
            match session.give_opinion(case_id, &body).await {
                Ok(detail) => on_done.run(detail),
                Err(err) => {
                    pending.try_set(false);
                    let stale = err.code() == Some("version_conflict");
                    error.try_set(Some(err.message()));
                    on_error.run((err.message(), stale));
                }
            }
        });
    };

    let choice = move |k: OpinionKind, id: &'static str| {
        view! {
            <label class="check">
                <input
                    id=id
                    type="radio"
                    name="opinion-kind"
                    value=wire(&k)
                    prop:checked=move || kind.get() == Some(k)
                    on:change=move |_| kind.set(Some(k))
                />
                <span>{t(opinion_kind_key(k))}</span>
            </label>
        }
    };

    view! {
        <form id="opinion-form" class="action-form" on:submit=on_submit novalidate=true>
            <h3 class="form-title">{t(Key::ReviewGiveOpinion)}</h3>
            {(!checklist_complete).then(|| view! { <p id="opinion-needs-checklist" class="warn-text">{t(Key::ReviewChecklistFirst)}</p> })}
            <div class="finding-choice" role="radiogroup">
                {choice(OpinionKind::Approve, "opinion-approve")}
                {choice(OpinionKind::ProblemsFound, "opinion-problems")}
            </div>
            <Show when=move || kind.get() == Some(OpinionKind::ProblemsFound)>
                <div class="field">
                    <label for="opinion-must-change">{t(Key::ReviewMustChange)}</label>
                    <textarea
                        id="opinion-must-change"
                        rows="3"
                        placeholder=t(Key::ReviewMustChangePlaceholder)
                        bind:value=must_change
                    ></textarea>
                </div>
            </Show>
            <Show when=move || error.with(Option::is_some)>
                <p id="opinion-error" class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="form-actions">
                <button id="opinion-submit" type="submit" class="btn btn-primary" disabled=move || pending.get() || !checklist_complete>
                    {move || if pending.get() { t(Key::Submitting) } else { t(Key::ReviewGiveOpinion) }}
                </button>
            </div>
        </form>
    }
}
