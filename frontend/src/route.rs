//! Pages of the shell and who may see them. A small hash router: `#/profile`, `#/cases`,
//! `#/cases/new`, `#/cases/{id}`, `#/deadlines`, `#/officers`, `#/legal-review` (the review
//! queue), `#/review/{case id}` (one review), `#/catalogue`, ….

use crate::i18n::Key;
use sanxiang_api_types::Role;
use uuid::Uuid;

/// A page inside the signed-in layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Profile,
    Cases,
    /// 新建案件.
    CaseNew,
    /// One case.
    Case(Uuid),
    Deadlines,
    Officers,
    /// 法制审核: the reviewer's queue.
    LegalReview,
    /// The review of one case (by case id).
    Review(Uuid),
    /// 重大执法决定目录.
    Catalogue,
    /// 公示清单: the registers staff edit and review.
    Registers,
    /// 双随机抽查: pools, conflicts, plans.
    Inspections,
    /// One random-inspection plan (draw and progress).
    InspectionPlan(Uuid),
    /// 公示管理: the disclosure queue.
    Disclosure,
    /// One disclosure (公示详情).
    DisclosureItem(Uuid),
    Audit,
    /// 执法监督: the supervisor's dashboard over the agencies granted to them.
    Supervision,
    Admin,
}

/// Who works on cases.
const CASE_ROLES: &[Role] = &[Role::Officer, Role::LegalReviewer, Role::Approver];

impl Page {
    /// Navigation order (pages with their own entry).
    pub const NAV: [Page; 13] = [
        Page::Dashboard,
        Page::Profile,
        Page::Cases,
        Page::Deadlines,
        Page::Officers,
        Page::LegalReview,
        Page::Catalogue,
        Page::Registers,
        Page::Inspections,
        Page::Disclosure,
        Page::Audit,
        Page::Supervision,
        Page::Admin,
    ];

    /// The page shown right after signing in when no other page was asked for: the workbench.
    pub const DEFAULT: Page = Page::Dashboard;

    /// The slug of the navigation entry this page belongs to, also used in `data-page`.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Dashboard => "dashboard",
            Page::Profile => "profile",
            Page::Cases | Page::CaseNew | Page::Case(_) => "cases",
            Page::Deadlines => "deadlines",
            Page::Officers => "officers",
            Page::LegalReview | Page::Review(_) => "legal-review",
            Page::Catalogue => "catalogue",
            Page::Registers => "registers",
            Page::Inspections | Page::InspectionPlan(_) => "inspections",
            Page::Disclosure | Page::DisclosureItem(_) => "disclosure",
            Page::Audit => "audit",
            Page::Supervision => "supervision",
            Page::Admin => "admin",
        }
    }

    /// The navigation entry this page sits under.
    pub fn nav_root(self) -> Page {
        match self {
            Page::CaseNew | Page::Case(_) => Page::Cases,
            Page::Review(_) => Page::LegalReview,
            Page::DisclosureItem(_) => Page::Disclosure,
            Page::InspectionPlan(_) => Page::Inspections,
            other => other,
        }
    }

    /// The hash path without `#/`, e.g. `cases/new`.
    fn path(self) -> String {
        match self {
            Page::CaseNew => "cases/new".to_owned(),
            Page::Case(id) => format!("cases/{id}"),
            Page::Review(id) => format!("review/{id}"),
            Page::DisclosureItem(id) => format!("disclosure/{id}"),
            Page::InspectionPlan(id) => format!("inspections/{id}"),
            other => other.slug().to_owned(),
        }
    }

    /// The link target, e.g. `#/profile`.
    pub fn href(self) -> String {
        format!("#/{}", self.path())
    }

    /// The page named by a URL hash such as `#/cases` or `#/cases/<uuid>`.
    pub fn from_hash(hash: &str) -> Option<Page> {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
        if path == "cases/new" {
            return Some(Page::CaseNew);
        }
        if let Some(id) = path.strip_prefix("cases/") {
            return Uuid::parse_str(id).ok().map(Page::Case);
        }
        if let Some(id) = path.strip_prefix("review/") {
            return Uuid::parse_str(id).ok().map(Page::Review);
        }
        if let Some(id) = path.strip_prefix("disclosure/") {
            return Uuid::parse_str(id).ok().map(Page::DisclosureItem);
        }
        if let Some(id) = path.strip_prefix("inspections/") {
            return Uuid::parse_str(id).ok().map(Page::InspectionPlan);
        }
        Page::NAV.into_iter().find(|p| p.slug() == path)
    }

    /// The navigation label.
    pub fn label(self) -> Key {
        match self {
            Page::Dashboard => Key::NavDashboard,
            Page::Profile => Key::NavProfile,
            Page::Cases | Page::Case(_) => Key::NavCases,
            Page::CaseNew => Key::CaseNewTitle,
            Page::Deadlines => Key::NavDeadlines,
            Page::Officers => Key::NavOfficers,
            Page::LegalReview | Page::Review(_) => Key::NavLegalReview,
            Page::Catalogue => Key::NavCatalogue,
            Page::Registers => Key::NavRegisters,
            Page::Inspections | Page::InspectionPlan(_) => Key::NavInspections,
            Page::Disclosure | Page::DisclosureItem(_) => Key::NavDisclosure,
            Page::Audit => Key::NavAudit,
            Page::Supervision => Key::NavSupervision,
            Page::Admin => Key::NavAdmin,
        }
    }

    /// The roles that see this page; `None` means every signed-in user.
    pub fn roles(self) -> Option<&'static [Role]> {
        match self {
            Page::Dashboard | Page::Profile => None,
            Page::Cases | Page::Case(_) | Page::Deadlines => Some(CASE_ROLES),
            Page::CaseNew => Some(&[Role::Officer]),
            Page::Officers => Some(&[Role::Admin]),
            Page::LegalReview => Some(&[Role::LegalReviewer, Role::Approver]),
            Page::Review(_) => Some(CASE_ROLES),
            Page::Catalogue => Some(&[Role::Approver, Role::Admin, Role::LegalReviewer]),
            Page::Registers => Some(&[Role::DisclosureEditor, Role::Approver, Role::Admin]),
            Page::Inspections | Page::InspectionPlan(_) => {
                Some(&[Role::Officer, Role::Approver, Role::Admin, Role::Auditor])
            }
            Page::Disclosure | Page::DisclosureItem(_) => {
                Some(&[Role::DisclosureEditor, Role::Approver, Role::Admin])
            }
            Page::Audit => Some(&[Role::Auditor]),
            Page::Supervision => Some(&[Role::Supervisor]),
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
        Page::NAV
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
        let _ = window.location().set_hash(&format!("/{}", page.path()));
    }
}

/// The current page signal from the context (a detached one if none was provided).
pub fn use_page() -> leptos::prelude::RwSignal<Page> {
    leptos::prelude::use_context::<leptos::prelude::RwSignal<Page>>()
        .unwrap_or_else(|| leptos::prelude::RwSignal::new(Page::DEFAULT))
}

/// Whether `page` is a placeholder (即将推出) that a later issue replaces.
pub fn is_placeholder(_page: Page) -> bool {
    false
}
