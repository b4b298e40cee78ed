//! Pages of the shell and who may see them. A small hash router: `#/profile`, `#/cases`, ….

use crate::i18n::Key;
use sanxiang_api_types::Role;

/// A page inside the signed-in layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Profile,
    Cases,
    LegalReview,
    Disclosure,
    Audit,
    Admin,
}

impl Page {
    /// Navigation order.
    pub const ALL: [Page; 7] = [
        Page::Dashboard,
        Page::Profile,
        Page::Cases,
        Page::LegalReview,
        Page::Disclosure,
        Page::Audit,
        Page::Admin,
    ];

    /// The page shown right after signing in.
    pub const DEFAULT: Page = Page::Profile;

    /// The slug used in the URL hash and in `data-page` attributes.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Dashboard => "dashboard",
            Page::Profile => "profile",
            Page::Cases => "cases",
            Page::LegalReview => "legal-review",
            Page::Disclosure => "disclosure",
            Page::Audit => "audit",
            Page::Admin => "admin",
        }
    }

    /// The link target, e.g. `#/profile`.
    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The page named by a URL hash such as `#/cases`.
    pub fn from_hash(hash: &str) -> Option<Page> {
        let slug = hash.trim_start_matches('#').trim_start_matches('/');
        Page::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The navigation label.
    pub fn label(self) -> Key {
        match self {
            Page::Dashboard => Key::NavDashboard,
            Page::Profile => Key::NavProfile,
            Page::Cases => Key::NavCases,
            Page::LegalReview => Key::NavLegalReview,
            Page::Disclosure => Key::NavDisclosure,
            Page::Audit => Key::NavAudit,
            Page::Admin => Key::NavAdmin,
        }
    }

    /// The roles that see this page; `None` means every signed-in user.
    pub fn roles(self) -> Option<&'static [Role]> {
        match self {
            Page::Dashboard | Page::Profile => None,
            Page::Cases => Some(&[Role::Officer, Role::LegalReviewer, Role::Approver]),
            Page::LegalReview => Some(&[Role::LegalReviewer]),
            Page::Disclosure => Some(&[Role::DisclosureEditor]),
            Page::Audit => Some(&[Role::Auditor]),
            Page::Admin => Some(&[Role::Admin]),
        }
    }

    /// Whether a user with `roles` may open this page.
    pub fn allowed_for(self, roles: &[Role]) -> bool {
        match self.roles() {
            None => true,
            Some(needed) => needed.iter().any(|r| roles.contains(r)),
        }
    }

    /// The pages a user with `roles` sees in the navigation.
    pub fn visible_for(roles: &[Role]) -> Vec<Page> {
        Page::ALL
            .into_iter()
            .filter(|p| p.allowed_for(roles))
            .collect()
    }
}

/// The page named by the current URL hash.
pub fn current_hash_page() -> Option<Page> {
    let hash = web_sys::window()?.location().hash().ok()?;
    Page::from_hash(&hash)
}

/// Puts `page` into the URL hash (adds a history entry, so Back works).
pub fn set_hash(page: Page) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&format!("/{}", page.slug()));
    }
}

/// The current page signal from the context (a detached one if none was provided).
pub fn use_page() -> leptos::prelude::RwSignal<Page> {
    leptos::prelude::use_context::<leptos::prelude::RwSignal<Page>>()
        .unwrap_or_else(|| leptos::prelude::RwSignal::new(Page::DEFAULT))
}

/// Whether `page` is a placeholder (即将推出) that a later issue replaces.
pub fn is_placeholder(page: Page) -> bool {
    !matches!(page, Page::Dashboard | Page::Profile)
}
