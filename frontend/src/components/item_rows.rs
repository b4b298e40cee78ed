//! A list of goods or materials (name, specification, quantity, note): seized or preserved goods
//! (行政强制法 art. 24, 行政处罚法 art. 56), materials to supply (行政许可法 art. 32 (四)).

use crate::components::row_input::{remove_button, row_input, Cell};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use sanxiang_domain::document::ListedItem;

#[component]
pub fn ItemRows(rows: RwSignal<Vec<ListedItem>>) -> impl IntoView {
    let count = Memo::new(move |_| rows.with(Vec::len));
    let add = move |_| {
        rows.update(|r| {
            r.push(ListedItem {
                name: String::new(),
                specification: String::new(),
                quantity: String::new(),
                note: String::new(),
            })
        })
    };
    view! {
        <div id="doc-items" class="row-list item-rows">
            {move || {
                (0..count.get())
                    .map(|i| {
                        view! {
                            <div class="row item-row" data-index=i>
                                {row_input(rows, i, Cell { get: |it: &ListedItem| it.name.clone(), set: |it, v| it.name = v }, "item-name", t(Key::DocItemName), false)}
                                {row_input(rows, i, Cell { get: |it: &ListedItem| it.specification.clone(), set: |it, v| it.specification = v }, "item-spec", t(Key::DocItemSpec), false)}
                                {row_input(rows, i, Cell { get: |it: &ListedItem| it.quantity.clone(), set: |it, v| it.quantity = v }, "item-quantity", t(Key::DocItemQuantity), false)}
                                {row_input(rows, i, Cell { get: |it: &ListedItem| it.note.clone(), set: |it, v| it.note = v }, "item-note", t(Key::DocItemNote), false)}
                                {remove_button(rows, i, t(Key::DocRowRemove))}
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="btn btn-light btn-small row-add" on:click=add>
                {t(Key::DocItemAdd)}
            </button>
        </div>
    }
}
