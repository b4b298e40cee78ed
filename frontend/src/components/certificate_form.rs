//! Registers an enforcement certificate for an officer: `POST /officers/{id}/certificates`.

use crate::api::Session;
use crate::format::{date_value, parse_date, today};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::officers::CreateCertificate;
use sanxiang_domain::case::CertificateStatus;
use uuid::Uuid;

#[component]
pub fn CertificateForm(user_id: Uuid, on_saved: Callback<()>) -> impl IntoView {
    let session = Session::use_session();
    let number = RwSignal::new(String::new());
    let issuer = RwSignal::new(String::new());
    let from = RwSignal::new(date_value(today()));
    let until = RwSignal::new(String::new());
    let categories = RwSignal::new(t(Key::DefaultCategory).to_owned());
    let area = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(valid_from), Some(valid_until)) = (
            parse_date(&from.get_untracked()),
            parse_date(&until.get_untracked()),
        ) else {
            error.set(Some(t(Key::ErrDateRequired).to_owned()));
            return;
        };
        let body = CreateCertificate {
            number: number.get_untracked().trim().to_owned(),
            issuer: issuer.get_untracked().trim().to_owned(),
            valid_from,
            valid_until,
            categories: categories
                .get_untracked()
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            area: area.get_untracked().trim().to_owned(),
            status: CertificateStatus::Valid,
        };
        if body.number.is_empty()
            || body.issuer.is_empty()
            || body.area.is_empty()
            || body.categories.is_empty()
        {
            error.set(Some(t(Key::ErrFieldRequired).to_owned()));
            return;
        }
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            match session.create_certificate(user_id, &body).await {
                Ok(_) => on_saved.run(()),
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            pending.try_set(false);
        });
    };

    view! {
        <form class="certificate-form form-grid" on:submit=on_submit novalidate=true>
            <h3 class="form-title span-2">{t(Key::CertAdd)}</h3>
            <div class="field">
                <label>{t(Key::CertNumber)}</label>
                <input class="cert-number" type="text" maxlength="64" bind:value=number />
            </div>
            <div class="field">
                <label>{t(Key::CertIssuer)}</label>
                <input class="cert-issuer" type="text" maxlength="100" bind:value=issuer />
            </div>
            <div class="field">
                <label>{t(Key::CertValidFrom)}</label>
                <input class="cert-from" type="date" bind:value=from />
            </div>
            <div class="field">
                <label>{t(Key::CertValidUntil)}</label>
                <input class="cert-until" type="date" bind:value=until />
            </div>
            <div class="field">
                <label>{t(Key::CertCategories)}</label>
                <input class="cert-categories" type="text" bind:value=categories />
            </div>
            <div class="field">
                <label>{t(Key::CertArea)}</label>
                <input class="cert-area" type="text" maxlength="100" bind:value=area />
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error span-2" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="form-actions span-2">
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t(Key::Saving) } else { t(Key::CertAdd) }}
                </button>
            </div>
        </form>
    }
}
