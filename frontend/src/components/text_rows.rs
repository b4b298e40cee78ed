//! A list of short texts added and removed one by one (persons present, documents served).

use crate::components::row_input::{remove_button, row_input, Cell};
use crate::i18n::{t, Key};
use leptos::prelude::*;

#[component]
pub fn TextRows(
    rows: RwSignal<Vec<String>>,
    id: &'static str,
    /// Label of each entry.
    label: &'static str,
    /// Text of the add button.
    add_label: &'static str,
) -> impl IntoView {
    let count = Memo::new(move |_| rows.with(Vec::len));
    view! {
        <div id=id class="row-list text-rows">
            {move || {
                (0..count.get())
                    .map(|i| {
                        view! {
                            <div class="row text-row" data-index=i>
                                {row_input(rows, i, Cell { get: |s: &String| s.clone(), set: |s, v| *s = v }, "text-cell", label, false)}
                                {remove_button(rows, i, t(Key::DocRowRemove))}
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="btn btn-light btn-small row-add" on:click=move |_| rows.update(|r| r.push(String::new()))>
                {add_label}
            </button>
        </div>
    }
}
