//! Sanxiang (三项) web client: the app shell.

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod pages;
mod route;
mod verify;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
