//! The login page.

use crate::api::Session;
use crate::i18n::{t, Key};
use crate::route::{current_hash_page, set_hash, use_page, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = Session::use_session();
    let page = use_page();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let name = username.get_untracked().trim().to_owned();
        let pass = password.get_untracked();
        if name.is_empty() {
            error.set(Some(t(Key::UsernameRequired).to_owned()));
            return;
        }
        if pass.is_empty() {
            error.set(Some(t(Key::PasswordRequired).to_owned()));
            return;
        }
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            match session.login(name, pass).await {
                Ok(_) => {
                    // A page opened by its address before signing in (e.g. a case link) is
                    // where the user wanted to go; otherwise the workbench.
                    let target = current_hash_page().unwrap_or(Page::DEFAULT);
                    page.set(target);
                    set_hash(target);
                }
                Err(err) => {
                    password.try_set(String::new());
                    error.try_set(Some(err.message()));
                }
            }
            pending.try_set(false);
        });
    };

    view! {
        <div class="login-screen">
            <div class="login-brand">
                <span class="brand-mark" aria-hidden="true"></span>
                <h1>{t(Key::AppName)}</h1>
                <p class="login-subtitle">{t(Key::LoginSubtitle)}</p>
            </div>
            <form id="login-form" class="card login-card" on:submit=on_submit novalidate=true>
                <h2>{t(Key::LoginTitle)}</h2>
                <div class="field">
                    <label for="username">{t(Key::Username)}</label>
                    <input
                        id="username"
                        name="username"
                        type="text"
                        autocomplete="username"
                        autocapitalize="off"
                        spellcheck="false"
                        maxlength="64"
                        placeholder=t(Key::UsernamePlaceholder)
                        bind:value=username
                    />
                </div>
                <div class="field">
                    <label for="password">{t(Key::Password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        maxlength="256"
                        placeholder=t(Key::PasswordPlaceholder)
                        bind:value=password
                    />
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p id="login-error" class="form-error" role="alert">
                        {move || error.get().unwrap_or_default()}
                    </p>
                </Show>
                <button
                    id="login-submit"
                    type="submit"
                    class="btn btn-primary btn-block"
                    disabled=move || pending.get()
                >
                    {move || if pending.get() { t(Key::LoginPending) } else { t(Key::LoginSubmit) }}
                </button>
            </form>
            <p class="login-public muted small">
                <a id="public-link" href="/public/decisions">{t(Key::LoginPublicLink)}</a>
            </p>
        </div>
    }
}
