//! Pages fetched on first use. Each `#[lazy]` function below is a split point: the build
//! (xtask/src/frontend.rs, `wasm_split_cli_support`) moves it, with the code only it reaches,
//! out of the main wasm into a file of its own that the browser fetches the first time one of
//! its pages opens; code that several of them reach goes to a shared file fetched alongside.
//! Pages are grouped by area: every split point multiplies the shared files (a test build with
//! one split point per page gave 558 files, 382 of them for the case page alone), and each is
//! one more request on a slow network. What the first screen needs — sign-in, the shell and the workbench — stays in
//! the main module (components/layout.rs, app.rs).
//!
//! A page opened again is already loaded and renders at once; while a page's file is on its way
//! the shell shows [`PageLoading`].

use crate::components::loading::PageLoading;
use crate::pages::admin::AdminPage;
use crate::pages::audit::AuditPage;
use crate::pages::case_detail::CaseDetailPage;
use crate::pages::case_list::CaseList;
use crate::pages::case_new::CaseNew;
use crate::pages::catalogue::CataloguePage;
use crate::pages::coming_soon::ComingSoon;
use crate::pages::deadlines::DeadlinesPage;
use crate::pages::disclosure_detail::DisclosureDetailPage;
use crate::pages::disclosure_queue::DisclosureQueuePage;
use crate::pages::inspection_plan::InspectionPlanPage;
use crate::pages::inspections::InspectionsPage;
use crate::pages::officers::OfficersPage;
use crate::pages::public::{PublicApp, PublicPage};
use crate::pages::public_document_check::PublicDocumentCheckPage;
use crate::pages::public_draw::PublicDrawPage;
use crate::pages::registers::RegistersPage;
use crate::pages::review::ReviewPage;
use crate::pages::review_queue::ReviewQueuePage;
use crate::pages::supervision::SupervisionPage;
use crate::route::Page;
use leptos::lazy;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::task::{Context, Poll, Waker};
use uuid::Uuid;

/// The view a lazy page resolves to: at once when its file is already loaded, else
/// [`PageLoading`] until it is.
///
/// Not a `<Suspense>`: that would also wait on every resource the page reads, and show the
/// fallback again (dropping the page and its state) each time one of them reloads, e.g. after an
/// action on the case page. The page keeps its own loading states, as before the split.
pub fn lazy_view<F>(page: F) -> AnyView
where
    F: Future<Output = AnyView> + 'static,
{
    let mut page = Box::pin(page);
    // A loaded file: the split function is called straight away, no waiting state in between.
    if let Poll::Ready(view) = page.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        return view;
    }
    let ready = RwSignal::new(false);
    let loaded = StoredValue::new_local(None::<AnyView>);
    // The page is built when the future completes: under this owner, so that it finds the
    // session and the page in context and is dropped with the view that asked for it.
    let owner = Owner::current();
    spawn_local(async move {
        let view = std::future::poll_fn(|cx| match &owner {
            Some(owner) => owner.with(|| page.as_mut().poll(cx)),
            None => page.as_mut().poll(cx),
        })
        .await;
        // The page may have been left meanwhile: then there is nothing to show it in.
        if loaded.try_set_value(Some(view)).is_none() {
            let _ = ready.try_set(true);
        }
    });
    (move || {
        if ready.get() {
            loaded
                .try_update_value(Option::take)
                .flatten()
                .unwrap_or_else(|| ().into_any())
        } else {
            view! { <PageLoading /> }.into_any()
        }
    })
    .into_any()
}

/// 案件: the case list, a new case, one case, deadlines, legal review — the daily work, one
/// file, fetched when the first of them opens.
#[lazy]
pub fn case_pages(page: Page) -> AnyView {
    match page {
        Page::Cases => view! { <CaseList /> }.into_any(),
        Page::CaseNew => view! { <CaseNew /> }.into_any(),
        Page::Case(id) => view! { <CaseDetailPage id=id /> }.into_any(),
        Page::Deadlines => view! { <DeadlinesPage /> }.into_any(),
        Page::LegalReview => view! { <ReviewQueuePage /> }.into_any(),
        Page::Review(case_id) => view! { <ReviewPage case_id=case_id /> }.into_any(),
        other => view! { <ComingSoon page=other /> }.into_any(),
    }
}

/// 公示: the disclosure queue and items, the catalogue of major decisions, the registers.
#[lazy]
pub fn disclosure_pages(page: Page) -> AnyView {
    match page {
        Page::Disclosure => view! { <DisclosureQueuePage /> }.into_any(),
        Page::DisclosureItem(id) => view! { <DisclosureDetailPage id=id /> }.into_any(),
        Page::Catalogue => view! { <CataloguePage /> }.into_any(),
        Page::Registers => view! { <RegistersPage /> }.into_any(),
        other => view! { <ComingSoon page=other /> }.into_any(),
    }
}

/// 双随机抽查: pools, conflicts, plans and one plan's draw.
#[lazy]
pub fn inspection_pages(page: Page) -> AnyView {
    match page {
        Page::Inspections => view! { <InspectionsPage /> }.into_any(),
        Page::InspectionPlan(id) => view! { <InspectionPlanPage id=id /> }.into_any(),
        other => view! { <ComingSoon page=other /> }.into_any(),
    }
}

/// Administration: officers, the audit log, the supervisor's dashboard, the agency's settings.
#[lazy]
pub fn admin_pages(page: Page) -> AnyView {
    match page {
        Page::Officers => view! { <OfficersPage /> }.into_any(),
        Page::Audit => view! { <AuditPage /> }.into_any(),
        Page::Supervision => view! { <SupervisionPage /> }.into_any(),
        Page::Admin => view! { <AdminPage /> }.into_any(),
        other => view! { <ComingSoon page=other /> }.into_any(),
    }
}

/// A page for the public, without sign-in (app.rs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicRoute {
    /// 行政执法公示: `/public/…`.
    Portal(PublicPage),
    /// The public check of a random-inspection draw.
    Draw(Uuid),
    /// The public check of an enforcement document (its QR code leads here).
    DocumentCheck,
}

/// The public pages: one file of their own, never fetched by staff.
#[lazy]
pub fn public_pages(route: PublicRoute) -> AnyView {
    match route {
        PublicRoute::Portal(page) => view! { <PublicApp page=page /> }.into_any(),
        PublicRoute::Draw(id) => view! { <PublicDrawPage id=id /> }.into_any(),
        PublicRoute::DocumentCheck => view! { <PublicDocumentCheckPage /> }.into_any(),
    }
}
