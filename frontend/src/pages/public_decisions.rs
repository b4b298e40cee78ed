//! Public pages, no sign-in: 行政处罚等决定公示 and 抽查结果公示 — search what is published now
//! (keyword, kind, decision date range), load more with the `next` cursor, and one entry.
//! Paths: `/public/decisions`, `/public/decisions/{id}`, `/public/inspections`,
//! `/public/inspections/{id}`.

use crate::api::disclosure::{public_decision, public_decisions};
use crate::components::public_decision_view::PublicDecisionView;
use crate::format::{date_zh, from_wire, parse_date, wire};
use crate::i18n::{kind_key, t, Key, ALL_KINDS};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::disclosure::{PublicDecision, PublicListQuery, ResourceType};
use uuid::Uuid;

/// The path of the list of a resource type.
pub fn list_path(resource: ResourceType) -> &'static str {
    match resource {
        ResourceType::Decision => "/public/decisions",
        ResourceType::InspectionResult => "/public/inspections",
    }
}

/// The list or entry named by the path segments below `/public/`, if they name one:
/// `(resource, Some(id))` for an entry.
pub fn parse_path(parts: &[&str]) -> Option<(ResourceType, Option<Uuid>)> {
    let resource = match *parts.first()? {
        "decisions" => ResourceType::Decision,
        "inspections" => ResourceType::InspectionResult,
        _ => return None,
    };
    match parts.get(1).copied() {
        None | Some("") => Some((resource, None)),
        Some(id) => Some((resource, Uuid::parse_str(id).ok())),
    }
}

fn title(resource: ResourceType) -> Key {
    match resource {
        ResourceType::Decision => Key::PubDecTitle,
        ResourceType::InspectionResult => Key::PubInspTitle,
    }
}

/// The list with its filters, or one entry.
#[component]
pub fn PublicDecisionsPage(resource: ResourceType, id: Option<Uuid>) -> impl IntoView {
    match id {
        Some(id) => view! { <PublicDecisionItem resource=resource id=id /> }.into_any(),
        None => view! { <PublicDecisionList resource=resource /> }.into_any(),
    }
}

#[component]
fn PublicDecisionList(resource: ResourceType) -> impl IntoView {
    let q = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<PublicDecision>::new());
    let next = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The filters of the search shown (a later "load more" keeps them).
    let applied = RwSignal::new(PublicListQuery::default());

    let fetch = move |query: PublicListQuery, append: bool| {
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            match public_decisions(resource, &query).await {
                Ok(page) => {
                    if append {
                        items.try_update(|v| v.extend(page.items));
                    } else {
                        items.try_set(page.items);
                    }
                    next.try_set(page.next);
                    loaded.try_set(true);
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            pending.try_set(false);
        });
    };

    let search = move || {
        let text = q.get_untracked().trim().to_owned();
        let query = PublicListQuery {
            q: (!text.is_empty()).then_some(text),
            kind: from_wire(&kind.get_untracked()),
            from: parse_date(&from.get_untracked()),
            to: parse_date(&to.get_untracked()),
            ..Default::default()
        };
        applied.set(query.clone());
        fetch(query, false);
    };
    search();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search();
    };
    let reset = move |_| {
        q.set(String::new());
        kind.set(String::new());
        from.set(String::new());
        to.set(String::new());
        search();
    };
    let more = move |_| {
        if pending.get_untracked() {
            return;
        }
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        let mut query = applied.get_untracked();
        query.cursor = Some(cursor);
        fetch(query, true);
    };
    let item_href = move |id: Uuid| format!("{}/{id}", list_path(resource));

    view! {
        <section id="public-decisions" data-resource=wire(&resource)>
            <h1 class="page-title">{t(title(resource))}</h1>
            <form class="card filters" on:submit=on_submit novalidate=true>
                <div class="field">
                    <label for="pub-q">{t(Key::PubKeyword)}</label>
                    <input id="pub-q" type="search" maxlength="100" placeholder=t(Key::PubKeywordPlaceholder) bind:value=q />
                </div>
                {(resource == ResourceType::Decision).then(|| view! {
                    <div class="field">
                        <label for="pub-kind">{t(Key::PubKind)}</label>
                        <select id="pub-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="">{t(Key::All)}</option>
                            {ALL_KINDS
                                .iter()
                                .filter(|k| **k != sanxiang_domain::case::CaseKind::Inspection)
                                .map(|k| view! { <option value=wire(k)>{t(kind_key(*k))}</option> })
                                .collect_view()}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for="pub-from">{t(Key::PubFrom)}</label>
                    <input id="pub-from" type="date" bind:value=from />
                </div>
                <div class="field">
                    <label for="pub-to">{t(Key::PubTo)}</label>
                    <input id="pub-to" type="date" bind:value=to />
                </div>
                <div class="filter-buttons">
                    <button id="pub-search" type="submit" class="btn btn-primary">{t(Key::FilterApply)}</button>
                    <button type="button" class="btn btn-secondary" on:click=reset>{t(Key::FilterReset)}</button>
                </div>
            </form>
            <Show when=move || error.with(Option::is_some)>
                <p id="pub-error" class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || {
                if !loaded.get() {
                    return view! { <p class="muted">{t(Key::Loading)}</p> }.into_any();
                }
                let list = items.get();
                if list.is_empty() {
                    return view! { <p id="pub-empty" class="card muted">{t(Key::PubEmpty)}</p> }.into_any();
                }
                view! {
                    <table id="pub-table" class="data-table stack-on-phone">
                        <thead>
                            <tr>
                                <th>{t(Key::PdPartyName)}</th>
                                <th>{t(Key::PdDecisionNumber)}</th>
                                <th>{t(Key::PdViolationType)}</th>
                                <th>{t(Key::PdDecidedOn)}</th>
                                <th>{t(Key::PdAgency)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|d| view! {
                                <tr class="pub-row" data-id=d.id.to_string()>
                                    <td data-label=t(Key::PdPartyName) class="cell-main">
                                        <a href=item_href(d.id)>{d.party_name.clone()}</a>
                                    </td>
                                    <td data-label=t(Key::PdDecisionNumber)>{d.decision_number.clone()}</td>
                                    <td data-label=t(Key::PdViolationType)>
                                        {d.violation_type.clone()}
                                        <span class="muted small">" · " {t(kind_key(d.case_kind))}</span>
                                        {(d.version > 1).then(|| view! { " " <span class="badge">{t(Key::PubCorrected)}</span> })}
                                    </td>
                                    <td data-label=t(Key::PdDecidedOn)>{date_zh(d.decided_on)}</td>
                                    <td data-label=t(Key::PdAgency)>{d.agency_name.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            <div class="list-foot">
                {move || {
                    if next.with(Option::is_some) {
                        view! {
                            <button id="pub-more" type="button" class="btn btn-secondary" disabled=move || pending.get() on:click=more>
                                {move || if pending.get() { t(Key::Loading) } else { t(Key::PubLoadMore) }}
                            </button>
                        }
                            .into_any()
                    } else if loaded.get() && items.with(|v| !v.is_empty()) {
                        view! { <p class="muted small">{t(Key::PubAllLoaded)}</p> }.into_any()
                    } else {
                        ().into_any()
                    }
                }}
            </div>
        </section>
    }
}

#[component]
fn PublicDecisionItem(resource: ResourceType, id: Uuid) -> impl IntoView {
    let data = RwSignal::new(None::<Result<PublicDecision, String>>);
    spawn_local(async move {
        let r = public_decision(resource, id).await.map_err(|e| {
            if e.code() == Some("not_found") {
                t(Key::PubNotFound).to_owned()
            } else {
                e.message()
            }
        });
        data.try_set(Some(r));
    });
    view! {
        <section id="public-decision" data-id=id.to_string()>
            <p class="crumbs no-print"><a href=list_path(resource)>{t(Key::PubBackToList)}</a></p>
            <h1 class="page-title">{t(title(resource))}</h1>
            {move || match data.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <p id="pub-error" class="card form-error">{msg}</p> }.into_any(),
                Some(Ok(d)) => view! {
                    <article class="card public-entry">
                        <h2>{d.party_name.clone()}</h2>
                        <p class="muted small">{d.decision_number.clone()}</p>
                        <PublicDecisionView decision=d />
                    </article>
                }
                    .into_any(),
            }}
        </section>
    }
}
