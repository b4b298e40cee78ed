//! 检查点历史: every checkpoint the server signed, newest first, with the signed note text
//! on demand and paging back through `before`.

use crate::api::Session;
use crate::format::date_time;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::log::{CheckpointQuery, SignedCheckpoint};

/// Page size of the history.
const PAGE_SIZE: u64 = 20;

#[component]
pub fn CheckpointHistory() -> impl IntoView {
    let session = Session::use_session();
    let items = RwSignal::new(Vec::<SignedCheckpoint>::new());
    let loaded = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let has_more = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let fetch = move |before: Option<u64>| {
        loading.set(true);
        spawn_local(async move {
            let query = CheckpointQuery {
                before,
                limit: Some(PAGE_SIZE),
            };
            match session.checkpoints(&query).await {
                Ok(page) => {
                    has_more.try_set(page.items.len() as u64 == PAGE_SIZE);
                    items.try_update(|v| v.extend(page.items));
                    loaded.try_set(true);
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            loading.try_set(false);
        });
    };
    fetch(None);
    let on_more = move |_| {
        let before = items.with_untracked(|v| v.last().map(|c| c.size));
        if before.is_some() {
            fetch(before);
        }
    };

    view! {
        <div class="card checkpoints-card">
            <h2 class="section-title">{t(Key::CheckpointsTitle)}</h2>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <Show
                when=move || items.with(|v| !v.is_empty())
                fallback=move || {
                    view! {
                        <p id="checkpoints-empty" class="muted">
                            {move || if loaded.get() { t(Key::CheckpointsEmpty) } else { t(Key::Loading) }}
                        </p>
                    }
                }
            >
                <table id="checkpoint-table" class="data-table stack-on-phone">
                    <thead>
                        <tr>
                            <th>{t(Key::ColTreeSize)}</th>
                            <th>{t(Key::ColRootHash)}</th>
                            <th>{t(Key::ColSignedAt)}</th>
                            <th>{t(Key::CheckpointNote)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || items.get()
                            key=|c| c.size
                            children=move |c| {
                                view! {
                                    <tr class="checkpoint-row" data-size=c.size>
                                        <td data-label=t(Key::ColTreeSize) class="cell-main num">
                                            {c.size}
                                        </td>
                                        <td data-label=t(Key::ColRootHash)>
                                            <code class="hash">{c.root.clone()}</code>
                                        </td>
                                        <td data-label=t(Key::ColSignedAt)>{date_time(c.signed_at)}</td>
                                        <td data-label=t(Key::CheckpointNote)>
                                            <details class="checkpoint-note">
                                                <summary>{t(Key::CheckpointNoteShow)}</summary>
                                                <pre>{c.note.clone()}</pre>
                                            </details>
                                        </td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </Show>
            <Show when=move || has_more.get()>
                <div class="list-foot">
                    <button
                        id="checkpoints-more"
                        type="button"
                        class="btn btn-secondary"
                        on:click=on_more
                        disabled=move || loading.get()
                    >
                        {move || if loading.get() { t(Key::LoadingMore) } else { t(Key::LoadMore) }}
                    </button>
                </div>
            </Show>
        </div>
    }
}
