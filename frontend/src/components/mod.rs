//! Building blocks of the signed-in layout and of the case pages.

pub mod action_form;
pub mod action_panel;
pub mod attachment_view;
pub mod audit_case;
pub mod audit_record;
pub mod case_row;
pub mod certificate_form;
pub mod checkpoint_history;
pub mod completeness_panel;
pub mod deadline_list;
pub mod export_button;
pub mod field_error;
pub mod layout;
pub mod loading;
pub mod nav_menu;
pub mod officer_card;
pub mod officer_form;
pub mod record_form;
pub mod record_item;
pub mod sanction_fields;
pub mod stage_bar;
pub mod timeline;
pub mod top_bar;
pub mod verified_mark;
