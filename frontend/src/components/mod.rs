//! Building blocks of the signed-in layout.

pub mod layout;
pub mod loading;
pub mod nav_menu;
pub mod top_bar;
