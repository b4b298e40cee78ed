//! One component per page.

pub mod admin;
pub mod audit;
pub mod case_detail;
pub mod case_list;
pub mod case_new;
pub mod catalogue;
pub mod coming_soon;
pub mod dashboard;
pub mod deadlines;
pub mod disclosure_detail;
pub mod disclosure_queue;
pub mod discretion;
pub mod inspection_plan;
pub mod inspections;
pub mod login;
pub mod not_allowed;
pub mod officers;
pub mod profile;
pub mod public;
pub mod public_decisions;
pub mod public_document_check;
pub mod public_draw;
pub mod registers;
pub mod review;
pub mod review_queue;
pub mod supervision;
