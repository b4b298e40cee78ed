//! 案件: the agency's cases with filters, overdue badges and keyset paging ("load more").
//! One markup for both screens: a table on a desktop, stacked cards on a phone (CSS).

use crate::api::Session;
use crate::components::case_row::CaseRow;
use crate::format::{from_wire, wire};
use crate::i18n::{kind_key, stage_key, t, Key, ALL_KINDS, ALL_STAGES};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseQuery, CaseSummary};
use sanxiang_api_types::Role;

/// Page size of the list.
const PAGE_SIZE: u32 = 30;

#[component]
pub fn CaseList() -> impl IntoView {
    let session = Session::use_session();
    let kind = RwSignal::new(String::new());
    let stage = RwSignal::new(String::new());
    let party = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);
    let mine = RwSignal::new(false);
    let me = session.user.get_untracked().map(|u| u.id);

    let items = RwSignal::new(Vec::<CaseSummary>::new());
    let next_cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The filters of the list shown, so "load more" continues the same query.
    let applied = StoredValue::new(CaseQuery::default());

    let fetch = move |query: CaseQuery, append: bool| {
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            match session.list_cases(&query).await {
                Ok(page) => {
                    if append {
                        items.update(|v| v.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    next_cursor.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            loading.try_set(false);
        });
    };

    let search = move || {
        let party_text = party.get_untracked().trim().to_owned();
        let query = CaseQuery {
            kind: from_wire(&kind.get_untracked()),
            stage: from_wire(&stage.get_untracked()),
            party: (!party_text.is_empty()).then_some(party_text),
            overdue: overdue.get_untracked().then_some(true),
            officer: me.filter(|_| mine.get_untracked()),
            limit: Some(PAGE_SIZE),
            ..CaseQuery::default()
        };
        applied.set_value(query.clone());
        fetch(query, false);
    };
    search();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search();
    };
    let on_reset = move |_| {
        kind.set(String::new());
        stage.set(String::new());
        party.set(String::new());
        overdue.set(false);
        mine.set(false);
        search();
    };
    let on_more = move |_| {
        let Some(cursor) = next_cursor.get_untracked() else {
            return;
        };
        let mut query = applied.get_value();
        query.cursor = Some(cursor);
        fetch(query, true);
    };

    let can_create = move || {
        session
            .user
            .with(|u| u.as_ref().is_some_and(|u| u.roles.contains(&Role::Officer)))
    };

    view! {
        <section id="cases" class="page page-wide">
            <div class="page-head">
                <h1 class="page-title">{t(Key::CasesTitle)}</h1>
                <Show when=can_create>
                    <a id="case-new" class="btn btn-primary" href=Page::CaseNew.href()>
                        {t(Key::CaseNewButton)}
                    </a>
                </Show>
            </div>
            <form
                id="case-filters"
                class="card filters"
                on:submit=on_submit
                aria-label=t(Key::CaseFilters)
            >
                <div class="field">
                    <label for="filter-kind">{t(Key::FilterKind)}</label>
                    <select
                        id="filter-kind"
                        prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        <option value="">{t(Key::All)}</option>
                        {ALL_KINDS
                            .iter()
                            .map(|k| view! { <option value=wire(k)>{t(kind_key(*k))}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-stage">{t(Key::FilterStage)}</label>
                    <select
                        id="filter-stage"
                        prop:value=move || stage.get()
                        on:change=move |ev| stage.set(event_target_value(&ev))
                    >
                        <option value="">{t(Key::All)}</option>
                        {ALL_STAGES
                            .iter()
                            .map(|s| view! { <option value=wire(s)>{t(stage_key(*s))}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-party">{t(Key::FilterParty)}</label>
                    <input
                        id="filter-party"
                        type="search"
                        maxlength="100"
                        placeholder=t(Key::FilterPartyPlaceholder)
                        bind:value=party
                    />
                </div>
                <label class="check field-check">
                    <input id="filter-overdue" type="checkbox" bind:checked=overdue />
                    <span>{t(Key::FilterOverdue)}</span>
                </label>
                <label class="check field-check">
                    <input id="filter-mine" type="checkbox" bind:checked=mine />
                    <span>{t(Key::FilterMine)}</span>
                </label>
                <div class="filter-buttons">
                    <button id="filter-apply" type="submit" class="btn btn-primary">
                        {t(Key::FilterApply)}
                    </button>
                    <button type="button" class="btn btn-secondary" on:click=on_reset>
                        {t(Key::FilterReset)}
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
                        <p id="cases-empty" class="card muted">
                            {move || if loaded.get() { t(Key::CasesEmpty) } else { t(Key::Loading) }}
                        </p>
                    }
                }
            >
                <table id="case-table" class="data-table stack-on-phone">
                    <thead>
                        <tr>
                            <th>{t(Key::ColCaseNumber)}</th>
                            <th>{t(Key::ColTitle)}</th>
                            <th>{t(Key::ColParty)}</th>
                            <th>{t(Key::ColStage)}</th>
                            <th>{t(Key::ColHandler)}</th>
                            <th>{t(Key::ColNextDue)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || items.get()
                            key=|c| (c.id, c.updated_at)
                            children=move |c| view! { <CaseRow case=c /> }
                        />
                    </tbody>
                </table>
            </Show>
            <div class="list-foot">
                <Show when=move || next_cursor.with(Option::is_some)>
                    <button
                        id="cases-more"
                        type="button"
                        class="btn btn-secondary"
                        on:click=on_more
                        disabled=move || loading.get()
                    >
                        {move || if loading.get() { t(Key::LoadingMore) } else { t(Key::LoadMore) }}
                    </button>
                </Show>
            </div>
        </section>
    }
}
