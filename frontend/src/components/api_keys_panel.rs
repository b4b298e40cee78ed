//! API keys of portals (admin): create (the key is shown once), list, revoke.

use crate::api::Session;
use crate::format::date_time;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::portal::{ApiKey, ApiKeyScope, CreateApiKey};

#[component]
pub fn ApiKeysPanel() -> impl IntoView {
    let session = Session::use_session();
    let keys = RwSignal::new(None::<Vec<ApiKey>>);
    let name = RwSignal::new(String::new());
    let portal = RwSignal::new(String::new());
    let shown = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let load = move || {
        spawn_local(async move {
            match session.api_keys().await {
                Ok(list) => {
                    keys.try_set(Some(list.items));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    load();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateApiKey {
            name: name.get_untracked().trim().to_owned(),
            portal: portal.get_untracked().trim().to_owned(),
            scope: ApiKeyScope::Read,
        };
        if body.name.is_empty() || body.portal.is_empty() {
            error.set(Some(t(Key::ErrFieldRequired).to_owned()));
            return;
        }
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            match session.create_api_key(&body).await {
                Ok(created) => {
                    shown.try_set(Some(created.key));
                    name.try_set(String::new());
                    portal.try_set(String::new());
                    load();
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            pending.try_set(false);
        });
    };

    let revoke = move |k: ApiKey| {
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(t(Key::PortalKeyRevokeConfirm)).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        spawn_local(async move {
            match session.revoke_api_key(k.id).await {
                Ok(_) => load(),
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    view! {
        <section id="api-keys" class="card">
            <h2 class="section-title">{t(Key::PortalKeysTitle)}</h2>
            <p class="muted">{t(Key::PortalKeysHint)}</p>
            <Show when=move || shown.with(Option::is_some)>
                <div class="secret-once" role="status">
                    <p>{t(Key::PortalKeyShownOnce)}</p>
                    <code id="new-api-key" class="secret">{move || shown.get().unwrap_or_default()}</code>
                    <button type="button" class="btn" on:click=move |_| shown.set(None)>
                        {t(Key::PortalSecretSaved)}
                    </button>
                </div>
            </Show>
            <form class="api-key-form form-grid" on:submit=on_submit novalidate=true>
                <div class="field">
                    <label for="key-name">{t(Key::PortalKeyName)}</label>
                    <input id="key-name" class="key-name" type="text" maxlength="100" bind:value=name />
                </div>
                <div class="field">
                    <label for="key-portal">{t(Key::PortalKeyPortal)}</label>
                    <input id="key-portal" class="key-portal" type="text" maxlength="200" bind:value=portal />
                </div>
                <div class="form-actions span-2">
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                        {move || if pending.get() { t(Key::Saving) } else { t(Key::PortalKeyCreate) }}
                    </button>
                </div>
            </form>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match keys.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => {
                    view! { <p class="muted">{t(Key::PortalKeysEmpty)}</p> }.into_any()
                }
                Some(list) => {
                    view! {
                        <table class="data-table api-key-list">
                            <thead>
                                <tr>
                                    <th>{t(Key::PortalKeyName)}</th>
                                    <th>{t(Key::PortalKeyPortal)}</th>
                                    <th>{t(Key::PortalKeyPrefix)}</th>
                                    <th>{t(Key::PortalCreatedAt)}</th>
                                    <th>{t(Key::PortalStatus)}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|k| {
                                        let revoked = k.revoked_at.is_some();
                                        let status = match k.revoked_at {
                                            Some(at) => format!("{} {}", t(Key::PortalKeyRevoked), date_time(at)),
                                            None => t(Key::PortalKeyActive).to_owned(),
                                        };
                                        let key = k.clone();
                                        view! {
                                            <tr class="api-key-row">
                                                <td>{k.name.clone()}</td>
                                                <td>{k.portal.clone()}</td>
                                                <td><code>{format!("{}…", k.key_prefix)}</code></td>
                                                <td>{date_time(k.created_at)}</td>
                                                <td>{status}</td>
                                                <td>
                                                    <Show when=move || !revoked>
                                                        <button
                                                            type="button"
                                                            class="btn btn-danger revoke-key"
                                                            on:click={
                                                                let key = key.clone();
                                                                move |_| revoke(key.clone())
                                                            }
                                                        >
                                                            {t(Key::PortalKeyRevoke)}
                                                        </button>
                                                    </Show>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
