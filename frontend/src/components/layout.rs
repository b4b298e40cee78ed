//! The signed-in layout: top bar, navigation by role, and the current page.

use crate::api::Session;
use crate::components::nav_menu::{NavMenu, NavOpen};
use crate::components::top_bar::TopBar;
use crate::pages::admin::AdminPage;
use crate::pages::audit::AuditPage;
use crate::pages::case_detail::CaseDetailPage;
use crate::pages::case_list::CaseList;
use crate::pages::case_new::CaseNew;
use crate::pages::catalogue::CataloguePage;
use crate::pages::coming_soon::ComingSoon;
use crate::pages::dashboard::Dashboard;
use crate::pages::deadlines::DeadlinesPage;
use crate::pages::disclosure_detail::DisclosureDetailPage;
use crate::pages::disclosure_queue::DisclosureQueuePage;
use crate::pages::inspection_plan::InspectionPlanPage;
use crate::pages::inspections::InspectionsPage;
use crate::pages::not_allowed::NotAllowed;
use crate::pages::officers::OfficersPage;
use crate::pages::profile::Profile;
use crate::pages::registers::RegistersPage;
use crate::pages::review::ReviewPage;
use crate::pages::review_queue::ReviewQueuePage;
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
        match p {
            Page::Dashboard => view! { <Dashboard /> }.into_any(),
            Page::Profile => view! { <Profile /> }.into_any(),
            Page::Cases => view! { <CaseList /> }.into_any(),
            Page::CaseNew => view! { <CaseNew /> }.into_any(),
            Page::Case(id) => view! { <CaseDetailPage id=id /> }.into_any(),
            Page::Deadlines => view! { <DeadlinesPage /> }.into_any(),
            Page::Officers => view! { <OfficersPage /> }.into_any(),
            Page::Audit => view! { <AuditPage /> }.into_any(),
            Page::LegalReview => view! { <ReviewQueuePage /> }.into_any(),
            Page::Review(id) => view! { <ReviewPage case_id=id /> }.into_any(),
            Page::Catalogue => view! { <CataloguePage /> }.into_any(),
            Page::Disclosure => view! { <DisclosureQueuePage /> }.into_any(),
            Page::DisclosureItem(id) => view! { <DisclosureDetailPage id=id /> }.into_any(),
            Page::Registers => view! { <RegistersPage /> }.into_any(),
            Page::Inspections => view! { <InspectionsPage /> }.into_any(),
            Page::InspectionPlan(id) => view! { <InspectionPlanPage id=id /> }.into_any(),
            Page::Admin => view! { <AdminPage /> }.into_any(),
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
