//! Assigns a legal reviewer to the review (oneself, or a qualified colleague who did not handle
//! the case).

use crate::api::Session;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::review::{AssignReviewer, ReviewDetail};
use sanxiang_api_types::Role;
use uuid::Uuid;

#[component]
pub fn AssignForm(
    case_id: Uuid,
    version: i32,
    on_done: Callback<ReviewDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let me = session.user.get_untracked();
    let me_entry = me
        .as_ref()
        .filter(|u| u.roles.contains(&Role::LegalReviewer))
        .map(|u| (u.id, u.display_name.clone()));
    let picked = RwSignal::new(
        me_entry
            .as_ref()
            .map(|(id, _)| id.to_string())
            .unwrap_or_default(),
    );
    let people = RwSignal::new(
        me_entry
            .clone()
            .into_iter()
            .collect::<Vec<(Uuid, String)>>(),
    );
    spawn_local(async move {
        if let Ok(list) = session.officers().await {
            people.try_update(|p| {
                for o in list.items.into_iter().filter(|o| o.legal_qualification) {
                    if !p.iter().any(|(id, _)| *id == o.user_id) {
                        p.push((o.user_id, o.name));
                    }
                }
            });
        }
    });
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Ok(reviewer_id) = Uuid::parse_str(&picked.get_untracked()) else {
            error.set(Some(t(Key::ErrPickOfficer).to_owned()));
            return;
        };
        error.set(None);
        pending.set(true);
        let body = AssignReviewer {
            expected_version: Some(version),
            reviewer_id,
        };
        spawn_local(async move {
            match session.assign_reviewer(case_id, &body).await {
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
        <form id="assign-form" class="action-form" on:submit=on_submit novalidate=true>
            <div class="field">
                <label for="assign-reviewer">{t(Key::ReviewReviewer)}</label>
                <select
                    id="assign-reviewer"
                    prop:value=move || picked.get()
                    on:change=move |ev| picked.set(event_target_value(&ev))
                >
                    <option value="">{t(Key::FieldPickOfficer)}</option>
                    {move || {
                        people
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let id = id.to_string();
                                let sel = picked.get_untracked() == id;
                                view! { <option value=id selected=sel>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p id="assign-error" class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="form-actions">
                <button id="assign-submit" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t(Key::Submitting) } else { t(Key::ReviewAssign) }}
                </button>
            </div>
        </form>
    }
}
