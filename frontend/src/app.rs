//! The root component: session restore, then login page or signed-in layout. The public pages
//! (no sign-in) are fetched on first use (lazy_pages.rs).

use crate::api::Session;
use crate::components::layout::Layout;
use crate::components::loading::Loading;
use crate::lazy_pages::{self as lazy, lazy_view, PublicRoute};
use crate::pages::login::LoginPage;
use crate::route::{current_hash_page, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn App() -> impl IntoView {
    // The public check of a random-inspection draw (双随机、一公开): `/public/draws/{id}`.
    if let Some(id) = crate::pages::public_draw::current_draw_page() {
        return lazy_view(lazy::public_pages(PublicRoute::Draw(id)));
    }
    // The public check of an enforcement document (its QR code leads here).
    if crate::pages::public_document_check::is_current() {
        return lazy_view(lazy::public_pages(PublicRoute::DocumentCheck));
    }
    // Public pages (行政执法公示) need no sign-in: `/public/…` paths.
    if let Some(public) = crate::pages::public::current_public_page() {
        return lazy_view(lazy::public_pages(PublicRoute::Portal(public)));
    }
    let session = Session::provide();
    let page = RwSignal::new(current_hash_page().unwrap_or(Page::DEFAULT));
    provide_context(page);

    // Back/forward and typed-in hashes move between pages.
    let _hash_listener = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(p) = current_hash_page() {
            page.set(p);
        }
    });

    // A stored refresh token means the user was signed in before this reload.
    let booting = RwSignal::new(Session::has_stored_session());
    if booting.get_untracked() {
        spawn_local(async move {
            session.restore().await;
            booting.set(false);
        });
    }

    let signed_in = Memo::new(move |_| session.user.with(Option::is_some));

    (move || {
        if booting.get() {
            view! { <Loading /> }.into_any()
        } else if signed_in.get() {
            view! { <Layout /> }.into_any()
        } else {
            view! { <LoginPage /> }.into_any()
        }
    })
    .into_any()
}
