//! A legal adviser's (法律顾问) written opinion, recorded by the reviewer (optional).

use crate::api::Session;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::review::{AdviserOpinionInput, ReviewDetail};
use uuid::Uuid;

#[component]
pub fn AdviserForm(
    case_id: Uuid,
    version: i32,
    on_done: Callback<ReviewDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let adviser = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let a = adviser.get_untracked().trim().to_owned();
        let x = text.get_untracked().trim().to_owned();
        if a.is_empty() || x.is_empty() {
            error.set(Some(t(Key::ReviewErrAdviser).to_owned()));
            return;
        }
        error.set(None);
        pending.set(true);
        let body = AdviserOpinionInput {
            expected_version: Some(version),
            adviser: a,
            text: x,
            material_id: None,
        };
        spawn_local(async move {
            match session.adviser_opinion(case_id, &body).await {
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

    view! {
        <details class="adviser-details">
            <summary>{t(Key::ReviewAddAdviser)}</summary>
            <form id="adviser-form" class="action-form" on:submit=on_submit novalidate=true>
                <div class="field">
                    <label for="adviser-name">{t(Key::ReviewAdviserName)}</label>
                    <input id="adviser-name" type="text" bind:value=adviser />
                </div>
                <div class="field">
                    <label for="adviser-text">{t(Key::ReviewAdviserText)}</label>
                    <textarea id="adviser-text" rows="3" bind:value=text></textarea>
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <div class="form-actions">
                    <button id="adviser-submit" type="submit" class="btn btn-secondary" disabled=move || pending.get()>
                        {move || if pending.get() { t(Key::Saving) } else { t(Key::Save) }}
                    </button>
                </div>
            </form>
        </details>
    }
}
