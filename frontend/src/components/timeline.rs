//! The case's whole-process record (执法全过程记录): every record in order.

use crate::components::record_item::RecordItem;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use sanxiang_api_types::cases::Record;
use std::collections::HashMap;

#[component]
pub fn Timeline(
    items: Vec<Record>,
    doc_labels: HashMap<String, String>,
    on_correct: Callback<Record>,
    /// Without the 更正 buttons (e.g. the reviewer reading the file).
    #[prop(optional)]
    read_only: bool,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">{t(Key::TimelineEmpty)}</p> }.into_any();
    }
    let seqs: HashMap<_, _> = items.iter().map(|r| (r.id, r.seq)).collect();
    view! {
        <ol id="timeline" class="timeline">
            {items
                .into_iter()
                .map(|r| {
                    view! {
                        <RecordItem
                            record=r
                            seqs=seqs.clone()
                            doc_labels=doc_labels.clone()
                            on_correct=on_correct
                            read_only=read_only
                        />
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
