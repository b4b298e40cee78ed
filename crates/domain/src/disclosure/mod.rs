//! Disclosure (行政执法公示, issue 6): what is published, and the rules of publishing it.

pub mod flowchart;
pub mod registers;
