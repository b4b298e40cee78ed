//! Enforcement documents (执法文书): which documents a case produces, what each must contain,
//! how they are numbered, and their composition from what the case already holds.
//!
//! A penalty exists for the party when a 决定书 with the contents of 行政处罚法 art. 59 is served
//! (art. 61); the same holds for the other acts and their documents. So a document that would lack
//! a required element is refused, naming each missing field, and never printed incomplete.
//! Composition is a pure function: case facts + the officer's form + settings → the document's
//! content (blocks of text the templates in `crates/documents/templates/` lay out).

mod case_file;
mod citation;
mod compose;
mod gate;
mod kind;
mod number;
mod settings;
mod text;

pub use case_file::case_file_data;
pub use citation::{parse_citation, LegalCitation};
pub use compose::{
    compose, prefill, CaseFacts, ComposedDocument, DocumentForm, EvidenceItem, IssuedRef,
    ListedItem, MissingField, OfficerFacts, PartyFacts, QaPair, ServiceForm,
};
pub use gate::{check_documents, document_for};
pub use kind::DocumentKind;
pub use number::{format_number, NumberError, DEFAULT_NUMBER_FORMAT};
pub use settings::{BankAccount, DocumentSettings};
pub use text::{zh_date, zh_numeral, zh_yuan};

#[cfg(test)]
mod tests;
