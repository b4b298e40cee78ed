//! Webhook endpoints of portals (admin, 即时推送): register (the signing secret is shown once),
//! pause or resume, and each endpoint's delivery log with replay.

use crate::api::Session;
use crate::format::date_time;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::portal::{
    CreateWebhook, Delivery, DeliveryDetail, DeliveryQuery, DeliveryStatus, UpdateWebhook, Webhook,
};
use uuid::Uuid;

fn status_label(s: DeliveryStatus) -> &'static str {
    match s {
        DeliveryStatus::Pending => t(Key::PortalDeliveryPending),
        DeliveryStatus::Succeeded => t(Key::PortalDeliverySucceeded),
        DeliveryStatus::Failed => t(Key::PortalDeliveryFailed),
    }
}

#[component]
pub fn WebhooksPanel() -> impl IntoView {
    let session = Session::use_session();
    let hooks = RwSignal::new(None::<Vec<Webhook>>);
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let types = RwSignal::new(String::new());
    let shown = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let selected = RwSignal::new(None::<Uuid>);
    let deliveries = RwSignal::new(None::<Vec<Delivery>>);
    let detail = RwSignal::new(None::<DeliveryDetail>);

    let load = move || {
        spawn_local(async move {
            match session.webhooks().await {
                Ok(list) => {
                    hooks.try_set(Some(list.items));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    load();

    let load_deliveries = move |id: Uuid| {
        selected.set(Some(id));
        deliveries.set(None);
        spawn_local(async move {
            match session
                .webhook_deliveries(id, &DeliveryQuery::default())
                .await
            {
                Ok(list) => {
                    deliveries.try_set(Some(list.items));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateWebhook {
            url: url.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            event_types: types
                .get_untracked()
                .split([',', '，', '、', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        if body.url.is_empty() {
            error.set(Some(t(Key::ErrFieldRequired).to_owned()));
            return;
        }
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            match session.create_webhook(&body).await {
                Ok(created) => {
                    shown.try_set(Some(created.secret));
                    url.try_set(String::new());
                    description.try_set(String::new());
                    types.try_set(String::new());
                    load();
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            pending.try_set(false);
        });
    };

    let toggle = move |h: Webhook| {
        let body = UpdateWebhook {
            active: Some(!h.active),
            ..Default::default()
        };
        spawn_local(async move {
            match session.update_webhook(h.id, &body).await {
                Ok(_) => load(),
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    let show_attempts = move |id: Uuid| {
        spawn_local(async move {
            match session.delivery(id).await {
                Ok(d) => {
                    detail.try_set(Some(d));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    let replay = move |d: Delivery| {
        spawn_local(async move {
            match session.replay_delivery(d.id).await {
                Ok(_) => load_deliveries(d.webhook_id),
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    view! {
        <section id="webhooks" class="card">
            <h2 class="section-title">{t(Key::PortalHooksTitle)}</h2>
            <p class="muted">{t(Key::PortalHooksHint)}</p>
            <Show when=move || shown.with(Option::is_some)>
                <div class="secret-once" role="status">
                    <p>{t(Key::PortalHookSecretShownOnce)}</p>
                    <code id="new-webhook-secret" class="secret">{move || shown.get().unwrap_or_default()}</code>
                    <button type="button" class="btn" on:click=move |_| shown.set(None)>
                        {t(Key::PortalSecretSaved)}
                    </button>
                </div>
            </Show>
            <form class="webhook-form form-grid" on:submit=on_submit novalidate=true>
                <div class="field span-2">
                    <label for="hook-url">{t(Key::PortalHookUrl)}</label>
                    <input id="hook-url" class="hook-url" type="url" maxlength="2000" placeholder="https://" bind:value=url />
                </div>
                <div class="field">
                    <label for="hook-description">{t(Key::PortalHookDescription)}</label>
                    <input id="hook-description" class="hook-description" type="text" maxlength="500" bind:value=description />
                </div>
                <div class="field">
                    <label>{t(Key::PortalHookTypes)}</label>
                    <input class="hook-types" type="text" placeholder="decision.published" data-latin-ok="" bind:value=types />
                </div>
                <div class="form-actions span-2">
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                        {move || if pending.get() { t(Key::Saving) } else { t(Key::PortalHookCreate) }}
                    </button>
                </div>
            </form>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match hooks.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => {
                    view! { <p class="muted">{t(Key::PortalHooksEmpty)}</p> }.into_any()
                }
                Some(list) => {
                    view! {
                        <table class="data-table webhook-list">
                            <thead>
                                <tr>
                                    <th>{t(Key::PortalHookUrl)}</th>
                                    <th>{t(Key::PortalHookDescription)}</th>
                                    <th>{t(Key::PortalHookTypes)}</th>
                                    <th>{t(Key::PortalHookPending)}</th>
                                    <th>{t(Key::PortalStatus)}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|h| {
                                        let types = if h.event_types.is_empty() {
                                            t(Key::PortalHookAllTypes).to_owned()
                                        } else {
                                            h.event_types.join("、")
                                        };
                                        let id = h.id;
                                        let hook = h.clone();
                                        view! {
                                            <tr class="webhook-row">
                                                <td><code>{h.url.clone()}</code></td>
                                                <td>{h.description.clone()}</td>
                                                <td><code>{types}</code></td>
                                                <td>{h.pending}</td>
                                                <td>
                                                    {if h.active {
                                                        t(Key::PortalHookActive)
                                                    } else {
                                                        t(Key::PortalHookPaused)
                                                    }}
                                                </td>
                                                <td class="row-actions">
                                                    <button
                                                        type="button"
                                                        class="btn show-deliveries"
                                                        on:click=move |_| load_deliveries(id)
                                                    >
                                                        {t(Key::PortalDeliveries)}
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="btn toggle-webhook"
                                                        on:click=move |_| toggle(hook.clone())
                                                    >
                                                        {if h.active {
                                                            t(Key::PortalHookPause)
                                                        } else {
                                                            t(Key::PortalHookResume)
                                                        }}
                                                    </button>
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
            <Show when=move || selected.with(Option::is_some)>
                <h3 class="section-title">{t(Key::PortalDeliveries)}</h3>
                {move || match deliveries.get() {
                    None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                    Some(list) if list.is_empty() => {
                        view! { <p class="muted">{t(Key::PortalDeliveriesEmpty)}</p> }.into_any()
                    }
                    Some(list) => {
                        view! {
                            <table class="data-table delivery-list">
                                <thead>
                                    <tr>
                                        <th>{t(Key::PortalDeliverySeq)}</th>
                                        <th>{t(Key::PortalDeliveryType)}</th>
                                        <th>{t(Key::PortalStatus)}</th>
                                        <th>{t(Key::PortalDeliveryAttempts)}</th>
                                        <th>{t(Key::PortalDeliveryLast)}</th>
                                        <th>{t(Key::PortalCreatedAt)}</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|d| {
                                            let last = match (d.last_status_code, d.last_error.clone()) {
                                                (Some(code), Some(e)) => format!("{code} {e}"),
                                                (Some(code), None) => code.to_string(),
                                                (None, Some(e)) => e,
                                                (None, None) => String::new(),
                                            };
                                            let delivery = d.clone();
                                            let delivery_id = d.id;
                                            view! {
                                                <tr class="delivery-row" data-status=format!("{:?}", d.status)>
                                                    <td>{d.seq}</td>
                                                    <td><code>{d.event_type.clone()}</code></td>
                                                    <td>{status_label(d.status)}</td>
                                                    <td>{d.attempts}</td>
                                                    <td class="muted"><code>{last}</code></td>
                                                    <td>{date_time(d.created_at)}</td>
                                                    <td class="row-actions">
                                                        <button
                                                            type="button"
                                                            class="btn show-attempts"
                                                            on:click=move |_| show_attempts(delivery_id)
                                                        >
                                                            {t(Key::PortalAttempts)}
                                                        </button>
                                                        <button
                                                            type="button"
                                                            class="btn replay-delivery"
                                                            on:click=move |_| replay(delivery.clone())
                                                        >
                                                            {t(Key::PortalReplay)}
                                                        </button>
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
            </Show>
            {move || {
                detail
                    .get()
                    .map(|d| {
                        view! {
                            <h3 class="section-title">
                                {format!("{} #{}", t(Key::PortalAttempts), d.delivery.seq)}
                            </h3>
                            <table class="data-table attempt-list">
                                <thead>
                                    <tr>
                                        <th>"#"</th>
                                        <th>{t(Key::PortalAttemptAt)}</th>
                                        <th>{t(Key::PortalAttemptStatus)}</th>
                                        <th>{t(Key::PortalAttemptDuration)}</th>
                                        <th>{t(Key::PortalAttemptError)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {d
                                        .attempt_log
                                        .into_iter()
                                        .map(|a| {
                                            view! {
                                                <tr>
                                                    <td>{a.attempt}</td>
                                                    <td>{date_time(a.started_at)}</td>
                                                    <td>{a.status_code.map(|c| c.to_string()).unwrap_or_default()}</td>
                                                    <td>{t(Key::PortalMillis).replace("{n}", &a.duration_ms.to_string())}</td>
                                                    <td class="muted"><code>{a.error.unwrap_or_default()}</code></td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                    })
            }}
        </section>
    }
}
