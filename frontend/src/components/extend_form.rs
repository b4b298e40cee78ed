//! Extends the current round's review period once, with a written reason.

use crate::api::Session;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::review::{ExtendReview, ReviewDetail};
use uuid::Uuid;

#[component]
pub fn ExtendForm(
    case_id: Uuid,
    version: i32,
    on_done: Callback<ReviewDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let reason = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let r = reason.get_untracked().trim().to_owned();
        if r.is_empty() {
            error.set(Some(t(Key::ErrReasonRequired).to_owned()));
            return;
        }
        error.set(None);
        pending.set(true);
        let body = ExtendReview {
            expected_version: Some(version),
            reason: r,
        };
        spawn_local(async move {
            match session.extend_review(case_id, &body).await {
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
        <details class="extend-details">
            <summary>{t(Key::ReviewExtend)}</summary>
            <form id="extend-form" class="action-form" on:submit=on_submit novalidate=true>
                <div class="field">
                    <label for="extend-reason">{t(Key::ReviewExtendReason)}</label>
                    <textarea id="extend-reason" rows="2" bind:value=reason></textarea>
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <div class="form-actions">
                    <button id="extend-submit" type="submit" class="btn btn-secondary" disabled=move || pending.get()>
                        {move || if pending.get() { t(Key::Submitting) } else { t(Key::ReviewExtend) }}
                    </button>
                </div>
            </form>
        </details>
    }
}
