//! Legal provisions as citation rows — law, article, paragraph, item — added and removed one by
//! one, so a 决定书 cites 《中华人民共和国会计法》第四十二条第一款第（三）项 exactly
//! (crates/domain/src/document/citation.rs).

use crate::components::row_input::{number_text, parse_number, remove_button, row_input, Cell};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use sanxiang_domain::document::LegalCitation;

#[component]
pub fn CitationRows(
    rows: RwSignal<Vec<LegalCitation>>,
    /// The list's id (`doc-violated`, `doc-basis`).
    id: &'static str,
) -> impl IntoView {
    let count = Memo::new(move |_| rows.with(Vec::len));
    let add = move |_| {
        rows.update(|r| {
            r.push(LegalCitation {
                law: String::new(),
                article: 0,
                paragraph: None,
                item: None,
            })
        })
    };
    let preview = move |i: usize| {
        rows.with(|r| {
            r.get(i)
                .filter(|c| c.is_complete())
                .map(LegalCitation::to_zh)
                .unwrap_or_default()
        })
    };
    view! {
        <div id=id class="row-list citation-rows">
            {move || {
                (0..count.get())
                    .map(|i| {
                        view! {
                            <div class="row citation-row" data-index=i>
                                {row_input(rows, i, Cell { get: |c: &LegalCitation| c.law.clone(), set: |c, v| c.law = v }, "citation-law", t(Key::DocCitationLaw), false)}
                                {row_input(rows, i, Cell { get: |c: &LegalCitation| number_text(Some(c.article)), set: |c, v| c.article = parse_number(&v).unwrap_or(0) }, "citation-article", t(Key::DocCitationArticle), false)}
                                {row_input(rows, i, Cell { get: |c: &LegalCitation| number_text(c.paragraph), set: |c, v| c.paragraph = parse_number(&v) }, "citation-paragraph", t(Key::DocCitationParagraph), false)}
                                {row_input(rows, i, Cell { get: |c: &LegalCitation| number_text(c.item), set: |c, v| c.item = parse_number(&v) }, "citation-item", t(Key::DocCitationItem), false)}
                                {remove_button(rows, i, t(Key::DocRowRemove))}
                                <span class="citation-preview muted small">{move || preview(i)}</span>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="btn btn-light btn-small row-add" on:click=add>
                {t(Key::DocCitationAdd)}
            </button>
        </div>
    }
}
