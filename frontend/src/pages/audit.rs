//! 审计 (auditors): find a case of the granted agencies by party or case number, read its
//! timeline with log indexes and proofs, see it verified in the browser, download its export,
//! and read the log's checkpoint history. Read-only.

use crate::api::Session;
use crate::components::audit_case::AuditCase;
use crate::components::checkpoint_history::CheckpointHistory;
use crate::i18n::{kind_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseQuery, CaseSummary};
use uuid::Uuid;

/// Page size of a search (the list API's maximum, so a case-number match is found on a page).
const PAGE_SIZE: u32 = 200;

#[component]
pub fn AuditPage() -> impl IntoView {
    let session = Session::use_session();
    let text = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<CaseSummary>::new());
    let loaded = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let selected = RwSignal::new(None::<Uuid>);

    // The list API filters by party name; a case number is matched here, on the newest cases.
    let search = move || {
        let needle = text.get_untracked().trim().to_owned();
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let by_party = CaseQuery {
                party: (!needle.is_empty()).then(|| needle.clone()),
                limit: Some(PAGE_SIZE),
                ..CaseQuery::default()
            };
            let mut result = session.list_cases(&by_party).await.map(|p| p.items);
            if !needle.is_empty() && matches!(&result, Ok(v) if v.is_empty()) {
                let newest = CaseQuery {
                    limit: Some(PAGE_SIZE),
                    ..CaseQuery::default()
                };
                result = session.list_cases(&newest).await.map(|p| {
                    p.items
                        .into_iter()
                        .filter(|c| c.case_number.contains(&needle))
                        .collect()
                });
            }
            match result {
                Ok(found) => {
                    if found.len() == 1 {
                        selected.try_set(found.first().map(|c| c.id));
                    }
                    items.try_set(found);
                    loaded.try_set(true);
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            loading.try_set(false);
        });
    };
    search();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search();
    };

    view! {
        <section id="audit-page" class="page page-wide" data-page="audit">
            <div class="page-head">
                <h1 class="page-title">{t(Key::AuditTitle)}</h1>
            </div>
            <p class="muted">{t(Key::AuditIntro)}</p>
            <form id="audit-search" class="card filters" on:submit=on_submit>
                <div class="field">
                    <label for="audit-query">{t(Key::AuditSearchLabel)}</label>
                    <input
                        id="audit-query"
                        type="search"
                        maxlength="100"
                        placeholder=t(Key::AuditSearchPlaceholder)
                        bind:value=text
                    />
                </div>
                <div class="filter-buttons">
                    <button
                        id="audit-search-submit"
                        type="submit"
                        class="btn btn-primary"
                        disabled=move || loading.get()
                    >
                        {t(Key::AuditSearch)}
                    </button>
                </div>
            </form>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <Show
                when=move || loaded.get() && items.with(|v| !v.is_empty())
                fallback=move || {
                    view! {
                        <p id="audit-empty" class="card muted">
                            {move || if loaded.get() { t(Key::AuditResultsEmpty) } else { t(Key::Loading) }}
                        </p>
                    }
                }
            >
                <ul id="audit-results" class="audit-results">
                    <For
                        each=move || items.get()
                        key=|c| (c.id, c.updated_at)
                        children=move |c| {
                            let id = c.id;
                            let is_selected = move || selected.get() == Some(id);
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="audit-result"
                                        class:selected=is_selected
                                        aria-pressed=move || is_selected().to_string()
                                        data-case-id=id.to_string()
                                        on:click=move |_| selected.set(Some(id))
                                    >
                                        <span class="case-number">{c.case_number.clone()}</span>
                                        <span class="kind-tag">{t(kind_key(c.kind))}</span>
                                        <span class="audit-result-title">{c.title.clone()}</span>
                                        <span class="muted small">{c.party_name.clone()} " · " {c.stage_label.clone()}</span>
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
            {move || match selected.get() {
                Some(id) => view! { <AuditCase case_id=id /> }.into_any(),
                None => view! { <p class="card muted">{t(Key::AuditPickCase)}</p> }.into_any(),
            }}
            <CheckpointHistory />
        </section>
    }
}
