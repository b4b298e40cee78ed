//! Disclosure (行政执法公示): what is published, and the rules of publishing it.

pub mod annual_report;
pub mod credit;
pub mod due;
pub mod edit;
pub mod flowchart;
pub mod publication;
pub mod registers;
pub mod second_person;
pub mod workflow;
