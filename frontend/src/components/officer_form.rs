//! Sets a user's officer profile (name, post, unit, legal qualification): `PUT /officers/{id}`.

use crate::api::Session;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::officers::{Officer, UpsertOfficer};
use sanxiang_api_types::org::User;
use uuid::Uuid;

#[component]
pub fn OfficerForm(
    users: RwSignal<Vec<User>>,
    /// An officer to edit; `None` sets up a new one.
    editing: RwSignal<Option<Officer>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let session = Session::use_session();
    let user = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let post = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let qualified = RwSignal::new(false);
    // Since when the person reviews (行政处罚法 art. 58 para. 2), as `YYYY-MM-DD` or empty.
    let review_since = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let saved = RwSignal::new(false);

    Effect::new(move |_| {
        if let Some(o) = editing.get() {
            user.set(o.user_id.to_string());
            name.set(o.name);
            post.set(o.post);
            unit.set(o.unit);
            qualified.set(o.legal_qualification);
            review_since.set(
                o.review_experience_since
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            );
        }
    });

    let on_user = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if name.get_untracked().trim().is_empty() {
            if let Some(u) = users.with_untracked(|us| {
                us.iter()
                    .find(|u| u.id.to_string() == id)
                    .map(|u| u.display_name.clone())
            }) {
                name.set(u);
            }
        }
        user.set(id);
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(user_id) = Uuid::parse_str(&user.get_untracked()) else {
            error.set(Some(t(Key::ErrPickOfficer).to_owned()));
            return;
        };
        let body = UpsertOfficer {
            name: name.get_untracked().trim().to_owned(),
            post: post.get_untracked().trim().to_owned(),
            unit: unit.get_untracked().trim().to_owned(),
            legal_qualification: qualified.get_untracked(),
            review_experience_since: chrono::NaiveDate::parse_from_str(
                review_since.get_untracked().trim(),
                "%Y-%m-%d",
            )
            .ok(),
        };
        if body.name.is_empty() || body.post.is_empty() || body.unit.is_empty() {
            error.set(Some(t(Key::ErrFieldRequired).to_owned()));
            return;
        }
        error.set(None);
        saved.set(false);
        pending.set(true);
        spawn_local(async move {
            match session.upsert_officer(user_id, &body).await {
                Ok(_) => {
                    saved.try_set(true);
                    editing.try_set(None);
                    on_saved.run(());
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            pending.try_set(false);
        });
    };

    view! {
        <form id="officer-form" class="card form-grid" on:submit=on_submit novalidate=true>
            <h2 class="form-title span-2">{t(Key::OfficerSet)}</h2>
            <div class="field">
                <label for="officer-user">{t(Key::OfficerPickUser)}</label>
                <select id="officer-user" prop:value=move || user.get() on:change=on_user>
                    <option value="">{t(Key::FieldPickOfficer)}</option>
                    {move || {
                        users
                            .get()
                            .into_iter()
                            .map(|u| {
                                let id = u.id.to_string();
                                let sel = user.get_untracked() == id;
                                view! {
                                    <option value=id selected=sel>
                                        {format!("{}（{}）", u.display_name, u.username)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="officer-name">{t(Key::OfficerName)}</label>
                <input id="officer-name" type="text" maxlength="50" bind:value=name />
            </div>
            <div class="field">
                <label for="officer-post">{t(Key::OfficerPost)}</label>
                <input id="officer-post" type="text" maxlength="100" bind:value=post />
            </div>
            <div class="field">
                <label for="officer-unit">{t(Key::OfficerUnit)}</label>
                <input id="officer-unit" type="text" maxlength="100" bind:value=unit />
            </div>
            <label class="check span-2">
                <input id="officer-qualified" type="checkbox" bind:checked=qualified />
                <span>{t(Key::OfficerLegalQualification)}</span>
            </label>
            <div class="field">
                <label for="officer-review-since">{t(Key::OfficerReviewSince)}</label>
                <input id="officer-review-since" type="date" bind:value=review_since />
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error span-2" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || saved.get()>
                <p class="ok-text span-2" role="status">{t(Key::Saved)}</p>
            </Show>
            <div class="form-actions span-2">
                <button id="officer-save" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t(Key::Saving) } else { t(Key::Save) }}
                </button>
            </div>
        </form>
    }
}
