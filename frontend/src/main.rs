//! Sanxiang (三项) web client: the app shell.

mod api;
mod app;
mod components;
mod documents;
mod format;
mod i18n;
mod lazy_pages;
mod pages;
mod route;
mod verify;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    remove_boot_screen();
}

/// The loading screen `index.html` paints before the wasm arrives (`#boot`) gives way once the
/// app has drawn its first view.
fn remove_boot_screen() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
