//! The questions and answers of a 笔录, added and removed one by one.

use crate::components::row_input::{remove_button, row_input, Cell};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use sanxiang_domain::document::QaPair;

#[component]
pub fn QaRows(rows: RwSignal<Vec<QaPair>>) -> impl IntoView {
    let count = Memo::new(move |_| rows.with(Vec::len));
    let add = move |_| {
        rows.update(|r| {
            r.push(QaPair {
                question: String::new(),
                answer: String::new(),
            })
        })
    };
    view! {
        <div id="doc-qa" class="row-list qa-rows">
            {move || {
                (0..count.get())
                    .map(|i| {
                        view! {
                            <div class="row qa-row" data-index=i>
                                {row_input(rows, i, Cell { get: |q: &QaPair| q.question.clone(), set: |q, v| q.question = v }, "qa-question", t(Key::DocQuestion), false)}
                                {row_input(rows, i, Cell { get: |q: &QaPair| q.answer.clone(), set: |q, v| q.answer = v }, "qa-answer", t(Key::DocAnswer), true)}
                                {remove_button(rows, i, t(Key::DocRowRemove))}
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="btn btn-light btn-small row-add" on:click=add>
                {t(Key::DocQaAdd)}
            </button>
        </div>
    }
}
