//! 工作台: the landing page after signing in. What waits for the user, per role, in one request
//! (`GET /workbench`): counts first, then the lists, overdue first in red with the article the
//! deadline follows; each item is one tap to the page that acts on it.

use crate::api::Session;
use crate::format::{chinese_part, date_zh, wire};
use crate::i18n::{action_key, deadline_state_key, review_status_key, t, t_name, Key};
use crate::route::{is_placeholder, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::DeadlineInfo;
use sanxiang_api_types::review::ReviewSummary;
use sanxiang_api_types::workbench::{
    AgencyOverdue, DisclosureTask, Workbench, WorkbenchCase, WorkbenchCertificate,
    WorkbenchDisclosure, WorkbenchDraw,
};
use sanxiang_api_types::Role;

/// A due date, or 未知 when the calendar cannot tell.
fn due_text(due: Option<chrono::NaiveDate>) -> String {
    due.map(date_zh)
        .unwrap_or_else(|| t(Key::WorkbenchDueUnknown).to_owned())
}

/// The class of an item: red when overdue.
fn item_class(overdue: bool) -> &'static str {
    if overdue {
        "wb-item wb-overdue"
    } else {
        "wb-item"
    }
}

/// One count tile; `id` names it for the tests, `href` opens the list behind it.
fn counter(
    id: &'static str,
    key: Key,
    value: u32,
    danger: bool,
    href: Option<String>,
) -> impl IntoView {
    let class = if danger && value > 0 {
        "stat card wb-counter stat-danger"
    } else {
        "stat card wb-counter"
    };
    let inner = view! {
        <span class="stat-label">{t(key)}</span>
        <strong class="stat-value">{value}</strong>
    };
    match href {
        Some(href) => {
            view! { <a id=id class=class href=href data-count=value.to_string()>{inner}</a> }
                .into_any()
        }
        None => {
            view! { <div id=id class=class data-count=value.to_string()>{inner}</div> }.into_any()
        }
    }
}

/// The deadline line of a case: label, status, due date, article, and why it is unknown.
fn deadline_line(d: DeadlineInfo) -> impl IntoView {
    let status = wire(&d.status);
    view! {
        <div class="wb-deadline" data-status=status.clone()>
            <span>{d.label}</span>
            " "
            <span class=format!("badge status-{status}")>{t(deadline_state_key(d.status))}</span>
            " "
            <span class="wb-due">{t(Key::WorkbenchDueOn)} " " {due_text(d.due)}</span>
            <div class="wb-article muted small">{d.article}</div>
            {d.note.map(|n| view! { <div class="muted small">{chinese_part(&n)}</div> })}
        </div>
    }
}

fn case_item(c: WorkbenchCase) -> impl IntoView {
    let actions = if c.next_actions.is_empty() {
        t(Key::WorkbenchNoAction).to_owned()
    } else {
        c.next_actions
            .iter()
            .map(|a| t(action_key(*a)))
            .collect::<Vec<_>>()
            .join("、")
    };
    view! {
        <li>
            <a class=item_class(c.overdue) href=Page::Case(c.case_id).href() data-case-id=c.case_id.to_string()>
                <div class="wb-item-head">
                    <strong>{c.case_number}</strong>
                    <span class="tag">{c.stage_label}</span>
                </div>
                <div class="wb-item-title">{c.title} " · " {c.party_name}</div>
                <div class="small">{t(Key::WorkbenchNextActions)} "：" {actions}</div>
                {match c.deadline {
                    Some(d) => deadline_line(d).into_any(),
                    None => view! { <div class="muted small">{t(Key::WorkbenchNoDeadline)}</div> }.into_any(),
                }}
            </a>
        </li>
    }
}

fn review_item(r: ReviewSummary) -> impl IntoView {
    let who = match &r.reviewer {
        Some(u) => u.name.clone(),
        None => t(Key::WorkbenchReviewsUnassigned).to_owned(),
    };
    view! {
        <li>
            <a class=item_class(r.overdue) href=Page::Review(r.case_id).href() data-case-id=r.case_id.to_string()>
                <div class="wb-item-head">
                    <strong>{r.case_number}</strong>
                    <span class="tag">{t(review_status_key(r.status))}</span>
                </div>
                <div class="wb-item-title">{r.case_title} " · " {r.party_name}</div>
                <div class="small">
                    {t(Key::WorkbenchReviewer)} "：" {who} " · " {t(Key::WorkbenchDueOn)} " "
                    <span class="wb-due">{due_text(r.due_on)}</span>
                </div>
                <div class="wb-article muted small">{t(Key::WorkbenchReviewArticle)}</div>
            </a>
        </li>
    }
}

fn disclosure_item(d: WorkbenchDisclosure) -> impl IntoView {
    let task = match d.task {
        DisclosureTask::Edit => Key::WorkbenchTaskEdit,
        DisclosureTask::Approve => Key::WorkbenchTaskApprove,
        DisclosureTask::Withdraw => Key::WorkbenchTaskWithdraw,
    };
    let note = d
        .disclosure
        .due_note
        .as_deref()
        .map(chinese_part)
        .filter(|_| d.task_due_on.is_none());
    view! {
        <li>
            <a class=item_class(d.task_overdue) href=Page::DisclosureItem(d.disclosure.id).href() data-task=wire(&d.task)>
                <div class="wb-item-head">
                    <strong>{d.disclosure.case_number}</strong>
                    <span class="tag">{t(task)}</span>
                </div>
                <div class="wb-item-title">{d.disclosure.party_name}</div>
                <div class="small">
                    {t(Key::WorkbenchDueOn)} " " <span class="wb-due">{due_text(d.task_due_on)}</span>
                </div>
                <div class="wb-article muted small">{d.article}</div>
                {note.map(|n| view! { <div class="muted small">{chinese_part(&n)}</div> })}
            </a>
        </li>
    }
}

fn draw_item(p: WorkbenchDraw) -> impl IntoView {
    view! {
        <li>
            <a class=item_class(p.overdue) href=Page::InspectionPlan(p.plan_id).href()>
                <div class="wb-item-head">
                    <strong>{p.name}</strong>
                </div>
                <div class="wb-item-title">{p.item_name}</div>
                <div class="small">
                    {t(Key::WorkbenchPeriod)} "：" {date_zh(p.period_start)} " — " {date_zh(p.period_end)}
                </div>
            </a>
        </li>
    }
}

fn certificate_item(c: WorkbenchCertificate, link: bool) -> impl IntoView {
    let body = view! {
        <div class="wb-item-head">
            <strong>{c.holder_name}</strong>
            <span class="tag">{t_name(Key::WorkbenchDaysLeft, &c.days_left.to_string())}</span>
        </div>
        <div class="small">
            {t(Key::WorkbenchCertificateNumber)} " " {c.number} " · " {t(Key::WorkbenchValidUntil)} " "
            {date_zh(c.valid_until)}
        </div>
    };
    let class = item_class(c.days_left <= 7);
    view! {
        <li>
            {if link {
                view! { <a class=class href=Page::Officers.href()>{body}</a> }.into_any()
            } else {
                view! { <div class=class>{body}</div> }.into_any()
            }}
        </li>
    }
}

/// A titled list, or the empty message.
fn section<T: 'static, V: IntoView + 'static>(
    id: &'static str,
    title: Key,
    empty: Key,
    items: Vec<T>,
    render: impl Fn(T) -> V + 'static,
) -> impl IntoView {
    let count = items.len();
    view! {
        <section id=id class="card wb-section" data-count=count.to_string()>
            <h2 class="section-title">{t(title)} " " <span class="muted">"（" {count} "）"</span></h2>
            {if items.is_empty() {
                view! { <p class="muted wb-empty">{t(empty)}</p> }.into_any()
            } else {
                view! { <ul class="wb-list">{items.into_iter().map(render).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

fn agency_overdue(o: AgencyOverdue) -> impl IntoView {
    view! {
        <section id="wb-agency-overdue" class="wb-section">
            <h2 class="section-title">{t(Key::WorkbenchAgencyOverdue)}</h2>
            <div class="stat-row">
                {counter("wb-overdue-cases", Key::WorkbenchOverdueCases, o.cases, true, Some(Page::Deadlines.href()))}
                {counter("wb-overdue-disclosures", Key::WorkbenchOverdueDisclosures, o.disclosures, true, Some(Page::Disclosure.href()))}
                {counter("wb-overdue-reviews", Key::WorkbenchOverdueReviews, o.reviews, true, Some(Page::LegalReview.href()))}
            </div>
        </section>
    }
}

/// The counts and lists of a loaded workbench.
fn workbench_view(w: Workbench, roles: Vec<Role>) -> impl IntoView {
    let admin = roles.contains(&Role::Admin);
    // Nothing at all for this user's roles (an auditor; an administrator with no plan and no
    // certificate expiring): say so instead of an empty page.
    let nothing = w.cases.is_none()
        && w.reviews.is_none()
        && w.disclosures.is_none()
        && w.agency_overdue.is_none()
        && w.draws.as_ref().is_none_or(|d| d.total == 0)
        && w.certificates.as_ref().is_none_or(|c| c.total == 0);
    let counters = view! {
        <div id="wb-counters" class="stat-row">
            {w.cases.as_ref().map(|c| counter("wb-count-cases", Key::WorkbenchMyCases, c.total, false, Some(Page::Cases.href())))}
            {w.cases.as_ref().map(|c| counter("wb-count-cases-overdue", Key::WorkbenchCasesOverdue, c.overdue, true, Some(Page::Deadlines.href())))}
            {w.reviews.as_ref().map(|r| counter("wb-count-reviews", Key::WorkbenchReviews, r.mine + r.unassigned, r.overdue > 0, Some(Page::LegalReview.href())))}
            {w.disclosures.as_ref().map(|d| counter("wb-count-disclosures", Key::WorkbenchDisclosures, d.total, d.overdue > 0, Some(Page::Disclosure.href())))}
            {w.draws.as_ref().filter(|d| d.total > 0).map(|d| counter("wb-count-draws", Key::WorkbenchDraws, d.total, false, Some(Page::Inspections.href())))}
            {w.certificates.as_ref().filter(|c| c.total > 0).map(|c| counter("wb-count-certificates", Key::WorkbenchCertificates, c.total, false, admin.then(|| Page::Officers.href())))}
        </div>
    };
    view! {
        {nothing.then(|| view! { <p id="wb-nothing" class="card muted">{t(Key::WorkbenchNothing)}</p> })}
        {counters}
        {w.agency_overdue.map(agency_overdue)}
        {w.cases.map(|c| section("wb-cases", Key::WorkbenchMyCases, Key::WorkbenchCasesEmpty, c.items, case_item))}
        {w.reviews.map(|r| section("wb-reviews", Key::WorkbenchReviews, Key::WorkbenchReviewsEmpty, r.items, review_item))}
        {w.disclosures.map(|d| section("wb-disclosures", Key::WorkbenchDisclosures, Key::WorkbenchDisclosuresEmpty, d.items, disclosure_item))}
        {w.draws.filter(|d| d.total > 0).map(|d| section("wb-draws", Key::WorkbenchDraws, Key::WorkbenchDrawsEmpty, d.items, draw_item))}
        {w.certificates.filter(|c| c.total > 0).map(|c| section("wb-certificates", Key::WorkbenchCertificates, Key::WorkbenchCertificatesEmpty, c.items, move |x| certificate_item(x, admin)))}
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let session = Session::use_session();
    let data = RwSignal::new(None::<Workbench>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match session.workbench().await {
            Ok(w) => {
                data.try_set(Some(w));
            }
            Err(err) => {
                error.try_set(Some(err.message()));
            }
        }
    });
    let greeting = move || {
        session.user.with(|u| {
            t_name(
                Key::DashboardWelcome,
                u.as_ref().map(|u| u.display_name.as_str()).unwrap_or(""),
            )
        })
    };
    let roles = move || {
        session
            .user
            .with(|u| u.as_ref().map(|u| u.roles.clone()).unwrap_or_default())
    };
    let entries = move || {
        Page::visible_for(&roles())
            .into_iter()
            .filter(|p| *p != Page::Dashboard)
            .collect::<Vec<_>>()
    };

    view! {
        <section id="dashboard" class="page page-wide">
            <h1 class="page-title">{greeting}</h1>
            <p class="muted">
                {move || data.with(|w| w.as_ref().map(|w| t_name(Key::WorkbenchToday, &date_zh(w.today))))}
                " " {t(Key::DashboardIntro)}
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div id="workbench" class="wb">
                {move || match data.get() {
                    None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                    Some(w) => workbench_view(w, roles()).into_any(),
                }}
            </div>
            <h2 class="section-title">{t(Key::DashboardEntries)}</h2>
            <ul class="tiles">
                {move || {
                    entries()
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <a class="tile" href=p.href() data-page=p.slug()>
                                        <span class="tile-title">{t(p.label())}</span>
                                        {is_placeholder(p)
                                            .then(|| {
                                                view! {
                                                    <span class="badge">{t(Key::ComingSoonBadge)}</span>
                                                }
                                            })}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
