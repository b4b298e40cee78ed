//! The signed-in layout: top bar, navigation by role, and the current page.

use crate::api::Session;
use crate::components::nav_menu::{NavMenu, NavOpen};
use crate::components::top_bar::TopBar;
use crate::lazy_pages::{self as lazy, lazy_view};
use crate::pages::coming_soon::ComingSoon;
use crate::pages::dashboard::Dashboard;
use crate::pages::not_allowed::NotAllowed;
use crate::pages::profile::Profile;
use crate::route::{use_page, Page};
use leptos::prelude::*;

#[component]
pub fn Layout() -> impl IntoView {
    let session = Session::use_session();
    let page = use_page();
    // The menu on a phone: shut until the top bar's button opens it, shut again on each page.
    let nav_open = NavOpen(RwSignal::new(false));
    provide_context(nav_open);
    Effect::new(move |_| {
        page.track();
        nav_open.0.set(false);
    });

    let allowed = Memo::new(move |_| {
        let p = page.get();
        session
            .user
            .with(|u| u.as_ref().is_some_and(|u| p.allowed_for(&u.roles)))
    });

    let content = move || {
        let p = page.get();
        if !allowed.get() {
            return view! { <NotAllowed /> }.into_any();
        }
        // The workbench and profile are in the main module; every other page is fetched on
        // first use (lazy_pages.rs).
        match p {
            Page::Dashboard => view! { <Dashboard /> }.into_any(),
            Page::Profile => view! { <Profile /> }.into_any(),
            Page::Cases
            | Page::CaseNew
            | Page::Case(_)
            | Page::Deadlines
            | Page::LegalReview
            | Page::Review(_) => lazy_view(lazy::case_pages(p)),
            Page::Disclosure | Page::DisclosureItem(_) | Page::Catalogue | Page::Registers => {
                lazy_view(lazy::disclosure_pages(p))
            }
            Page::Inspections | Page::InspectionPlan(_) => lazy_view(lazy::inspection_pages(p)),
            Page::Officers | Page::Audit | Page::Supervision | Page::Admin => {
                lazy_view(lazy::admin_pages(p))
            }
            // Every page is built today; the arm stays for placeholders a later issue adds.
            #[allow(unreachable_patterns)]
            other => view! { <ComingSoon page=other /> }.into_any(),
        }
    };

    view! {
        <div class="shell">
            <TopBar />
            <div class="shell-body">
                <NavMenu />
                <main id="main" class="content">
                    {content}
                </main>
            </div>
        </div>
    }
}
