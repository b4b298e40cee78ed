//! One officer with their certificates; an admin can suspend, revoke or restore a certificate
//! and register a new one.

use crate::api::Session;
use crate::components::certificate_form::CertificateForm;
use crate::format::{date_zh, wire};
use crate::i18n::{cert_status_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::officers::{Officer, UpdateCertificate};
use sanxiang_domain::case::CertificateStatus;
use uuid::Uuid;

/// Asks the user to confirm an irreversible step.
fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

#[component]
pub fn OfficerCard(
    officer: Officer,
    on_edit: Callback<Officer>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let session = Session::use_session();
    let adding = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let user_id = officer.user_id;

    let set_status = move |id: Uuid, status: CertificateStatus| {
        spawn_local(async move {
            let body = UpdateCertificate {
                status: Some(status),
                valid_until: None,
            };
            match session.update_certificate(id, &body).await {
                Ok(_) => on_changed.run(()),
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    let edit_me = officer.clone();
    view! {
        <article class="card officer-card" data-username=officer.username.clone()>
            <div class="officer-head">
                <div>
                    <h2 class="officer-name">{officer.name.clone()}</h2>
                    <p class="muted small">
                        {format!("{} · {} · {}", officer.post, officer.unit, officer.username)}
                        {officer
                            .legal_qualification
                            .then(|| view! { " " <span class="tag">{t(Key::OfficerLegalQualification)}</span> })}
                    </p>
                </div>
                <button type="button" class="btn btn-small btn-secondary" on:click=move |_| on_edit.run(edit_me.clone())>
                    {t(Key::Edit)}
                </button>
            </div>
            {if officer.certificates.is_empty() {
                view! { <p class="muted">{t(Key::CertNone)}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table stack-on-phone cert-table">
                        <thead>
                            <tr>
                                <th>{t(Key::CertNumber)}</th>
                                <th>{t(Key::CertIssuer)}</th>
                                <th>{t(Key::CertValidity)}</th>
                                <th>{t(Key::CaseCategory)}</th>
                                <th>{t(Key::CertStatus)}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>
                            {officer
                                .certificates
                                .iter()
                                .cloned()
                                .map(|c| {
                                    let id = c.id;
                                    let status = c.status;
                                    view! {
                                        <tr data-cert-status=wire(&status)>
                                            <td data-label=t(Key::CertNumber)>{c.number}</td>
                                            <td data-label=t(Key::CertIssuer)>{c.issuer}</td>
                                            <td data-label=t(Key::CertValidity)>
                                                {format!("{} – {}", date_zh(c.valid_from), date_zh(c.valid_until))}
                                            </td>
                                            <td data-label=t(Key::CaseCategory)>
                                                {format!("{}（{}）", c.categories.join("、"), c.area)}
                                            </td>
                                            <td data-label=t(Key::CertStatus)>
                                                <span class="tag">{t(cert_status_key(status))}</span>
                                                " "
                                                {if c.valid_today {
                                                    view! { <span class="badge badge-ok">{t(Key::CertTodayValid)}</span> }.into_any()
                                                } else {
                                                    view! { <span class="badge badge-danger">{t(Key::CertTodayInvalid)}</span> }.into_any()
                                                }}
                                            </td>
                                            <td class="cell-actions">
                                                {(status == CertificateStatus::Valid)
                                                    .then(|| {
                                                        view! {
                                                            <button type="button" class="btn btn-small btn-secondary" on:click=move |_| set_status(id, CertificateStatus::Suspended)>
                                                                {t(Key::CertSuspend)}
                                                            </button>
                                                        }
                                                    })}
                                                {(status == CertificateStatus::Suspended)
                                                    .then(|| {
                                                        view! {
                                                            <button type="button" class="btn btn-small btn-secondary" on:click=move |_| set_status(id, CertificateStatus::Valid)>
                                                                {t(Key::CertRestore)}
                                                            </button>
                                                        }
                                                    })}
                                                {(status != CertificateStatus::Revoked)
                                                    .then(|| {
                                                        view! {
                                                            <button type="button" class="btn btn-small btn-danger" on:click=move |_| {
                                                                if confirm(t(Key::CertRevokeConfirm)) {
                                                                    set_status(id, CertificateStatus::Revoked)
                                                                }
                                                            }>
                                                                {t(Key::CertRevoke)}
                                                            </button>
                                                        }
                                                    })}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show
                when=move || adding.get()
                fallback=move || {
                    view! {
                        <button type="button" class="btn btn-small btn-secondary" on:click=move |_| adding.set(true)>
                            {t(Key::CertAdd)}
                        </button>
                    }
                }
            >
                <CertificateForm
                    user_id=user_id
                    on_saved=Callback::new(move |_| {
                        adding.set(false);
                        on_changed.run(());
                    })
                />
            </Show>
        </article>
    }
}
