//! The workbench's sections, each built with the rules of the list it summarises.

use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::routes::cases::{duty, view as case_view};
use crate::routes::disclosure::view::{self as disclosure_view, DueCtx};
use crate::state::AppState;
use chrono::NaiveDate;
use sanxiang_api_types::cases::{DeadlineInfo, DeadlineState};
use sanxiang_api_types::review::ReviewSummary;
use sanxiang_api_types::workbench::{
    AgencyOverdue, DisclosureTask, WorkbenchCase, WorkbenchCases, WorkbenchCertificate,
    WorkbenchCertificates, WorkbenchDisclosure, WorkbenchDisclosures, WorkbenchDraw,
    WorkbenchDraws, WorkbenchReviews, CERTIFICATE_WARNING_DAYS,
};
use sanxiang_domain::account::Role;
use sanxiang_domain::calendar::{Calendar, DeadlineStatus};
use sanxiang_domain::case::{allowed_actions, case_deadlines_on, RuleSettings};
use sanxiang_domain::inspection::PlanStatus;
use sanxiang_domain::review::ReviewStatus;
use sanxiang_persistence::cases::{self, StoredCase};
use sanxiang_persistence::disclosure::decisions::{self, Status, StoredDisclosure};
use sanxiang_persistence::{inspections, officers, workbench};
use std::collections::HashMap;
use uuid::Uuid;

/// The article publication due dates follow.
const PUBLISH_ARTICLE: &str = "国办发〔2018〕118号：处罚、许可决定7个工作日内公示，其他20个工作日";
/// The article withdrawal due dates follow.
const WITHDRAW_ARTICLE: &str =
    "行政处罚法第四十八条：决定变更、撤销、确认违法或无效的，3个工作日内撤回";

/// What every section is judged with, read once per request.
pub struct Ctx {
    pub today: NaiveDate,
    pub cal: Calendar,
    pub settings: RuleSettings,
}

impl Ctx {
    pub async fn load(state: &AppState) -> Result<Self, ApiError> {
        Ok(Self {
            today: state.today(),
            cal: case_view::calendar(state).await?,
            settings: case_view::settings(state),
        })
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The open deadlines of a case as shown on its page (met and completed ones left out).
async fn open_deadlines(
    state: &AppState,
    c: &StoredCase,
    ctx: &Ctx,
) -> Result<Vec<DeadlineInfo>, ApiError> {
    let computed = case_deadlines_on(&c.state, &ctx.settings, &ctx.cal, ctx.today);
    let names = case_view::names(state, &case_view::approver_ids(&computed)).await?;
    Ok(computed
        .iter()
        .map(|d| case_view::deadline_info(d, ctx.today, &ctx.settings, &ctx.cal, &names))
        .filter(|i| i.completed_on.is_none() && i.status != DeadlineState::Met)
        .collect())
}

/// Overdue first, then the nearest known due date, then unknown ones.
fn urgency(overdue: bool, due: Option<NaiveDate>) -> (bool, bool, Option<NaiveDate>) {
    (!overdue, due.is_none(), due)
}

/// The caller's open (not archived) cases with the next lawful actions and the most urgent
/// deadline.
pub async fn cases(
    state: &AppState,
    auth: &Auth<AnyUser>,
    ctx: &Ctx,
) -> Result<WorkbenchCases, ApiError> {
    let mut items = Vec::new();
    for c in workbench::assigned_cases(&state.db, auth.agency_id(), auth.user.id).await? {
        if c.state.archived_at.is_some() {
            continue;
        }
        let open = open_deadlines(state, &c, ctx).await?;
        let overdue = open.iter().any(|d| d.status == DeadlineState::Overdue);
        let deadline = open
            .into_iter()
            .min_by_key(|d| urgency(d.status == DeadlineState::Overdue, d.due));
        let mut next_actions = allowed_actions(&c.state);
        duty::keep_permitted(state, auth, &c, &mut next_actions).await?;
        items.push(WorkbenchCase {
            case_id: c.id,
            case_number: c.case_number,
            title: c.title,
            party_name: c.party.name,
            kind: c.kind,
            stage: c.state.stage,
            stage_label: c.state.stage.label_zh().to_owned(),
            next_actions,
            deadline,
            overdue,
        });
    }
    items.sort_by_key(|i| {
        (
            urgency(i.overdue, i.deadline.as_ref().and_then(|d| d.due)),
            i.deadline.is_none(),
        )
    });
    Ok(WorkbenchCases {
        total: count(items.len()),
        overdue: count(items.iter().filter(|i| i.overdue).count()),
        items,
    })
}

/// Reviews assigned to the caller and open, and the agency's unassigned ones (the review queue's
/// summaries).
pub async fn reviews(state: &AppState, auth: &Auth<AnyUser>) -> Result<WorkbenchReviews, ApiError> {
    let me = auth.user.id;
    let mine = |s: &ReviewSummary| {
        matches!(s.status, ReviewStatus::Assigned | ReviewStatus::Resubmitted)
            && s.reviewer.as_ref().is_some_and(|r| r.id == me)
    };
    let mut items: Vec<ReviewSummary> =
        crate::routes::review::lists::summaries(state, auth.agency_id())
            .await?
            .into_iter()
            .filter(|s| s.status == ReviewStatus::Requested || mine(s))
            .collect();
    items.sort_by_key(|s| urgency(s.overdue, s.due_on));
    Ok(WorkbenchReviews {
        mine: count(items.iter().filter(|s| mine(s)).count()),
        unassigned: count(
            items
                .iter()
                .filter(|s| s.status == ReviewStatus::Requested)
                .count(),
        ),
        overdue: count(items.iter().filter(|s| s.overdue).count()),
        items,
    })
}

/// The case numbers of `ds`' cases.
async fn case_numbers(
    state: &AppState,
    agency: Uuid,
    ds: &[&StoredDisclosure],
) -> Result<HashMap<Uuid, String>, ApiError> {
    let mut numbers = HashMap::new();
    for d in ds {
        if let std::collections::hash_map::Entry::Vacant(e) = numbers.entry(d.case_id) {
            let c = cases::get_case(&state.db, &[agency], d.case_id).await?;
            e.insert(c.case_number);
        }
    }
    Ok(numbers)
}

/// A withdrawal is required and not yet done (行政处罚法 art. 48).
fn withdrawal_open(d: &StoredDisclosure) -> bool {
    d.withdrawal_required_on.is_some()
        && !matches!(
            d.status,
            Status::Withdrawn | Status::Expired | Status::NotPublished
        )
}

/// Editors: drafts to edit and publications to withdraw; approvers: drafts to approve.
pub async fn disclosures(
    state: &AppState,
    auth: &Auth<AnyUser>,
) -> Result<WorkbenchDisclosures, ApiError> {
    let agency = auth.agency_id();
    let due = DueCtx::load(state).await?;
    let mut tasks: Vec<(DisclosureTask, StoredDisclosure)> = Vec::new();
    if auth.user.has_role(Role::DisclosureEditor) {
        for d in decisions::queue(&state.db, agency, &[Status::Draft], 2000).await? {
            tasks.push((DisclosureTask::Edit, d));
        }
        for d in decisions::open_deadlines(&state.db, agency).await? {
            if withdrawal_open(&d) {
                tasks.push((DisclosureTask::Withdraw, d));
            }
        }
    }
    if auth.user.has_role(Role::Approver) {
        for d in decisions::queue(&state.db, agency, &[Status::PendingReview], 2000).await? {
            tasks.push((DisclosureTask::Approve, d));
        }
    }
    let refs: Vec<&StoredDisclosure> = tasks.iter().map(|(_, d)| d).collect();
    let numbers = case_numbers(state, agency, &refs).await?;
    let mut items: Vec<WorkbenchDisclosure> = tasks
        .into_iter()
        .map(|(task, d)| {
            let summary = disclosure_view::summary(
                &d,
                numbers.get(&d.case_id).cloned().unwrap_or_default(),
                &due,
            );
            let (task_due_on, task_overdue, article) = match task {
                DisclosureTask::Withdraw => {
                    let w = due.withdrawal(&d);
                    (
                        w.as_ref().and_then(|w| w.known()),
                        w.is_some_and(|w| w.overdue(due.today)),
                        WITHDRAW_ARTICLE,
                    )
                }
                DisclosureTask::Edit | DisclosureTask::Approve => (
                    summary.due_on.filter(|_| d.published_version == 0),
                    summary.overdue,
                    PUBLISH_ARTICLE,
                ),
            };
            WorkbenchDisclosure {
                task,
                task_due_on,
                task_overdue,
                article: article.to_owned(),
                disclosure: summary,
            }
        })
        .collect();
    items.sort_by_key(|i| urgency(i.task_overdue, i.task_due_on));
    Ok(WorkbenchDisclosures {
        total: count(items.len()),
        overdue: count(items.iter().filter(|i| i.task_overdue).count()),
        items,
    })
}

/// Plans fixed and waiting for their draw, those whose period has ended first.
pub async fn draws(
    state: &AppState,
    auth: &Auth<AnyUser>,
    ctx: &Ctx,
) -> Result<WorkbenchDraws, ApiError> {
    let mut items: Vec<WorkbenchDraw> = inspections::list_plans(&state.db, auth.agency_id())
        .await?
        .into_iter()
        .filter(|p| p.status == PlanStatus::Fixed)
        .map(|p| WorkbenchDraw {
            plan_id: p.id,
            overdue: p.period_end < ctx.today,
            name: p.name,
            item_name: p.item_name,
            period_start: p.period_start,
            period_end: p.period_end,
        })
        .collect();
    items.sort_by_key(|d| (!d.overdue, d.period_start));
    Ok(WorkbenchDraws {
        total: count(items.len()),
        items,
    })
}

/// Certificates valid today whose last valid day is within the warning period: the caller's
/// own; administrators and approvers, the agency's.
pub async fn certificates(
    state: &AppState,
    auth: &Auth<AnyUser>,
    ctx: &Ctx,
) -> Result<WorkbenchCertificates, ApiError> {
    let me = auth.user.id;
    let everyone = auth.user.has_role(Role::Admin) || auth.user.has_role(Role::Approver);
    let mut items = Vec::new();
    for o in officers::list_officers(&state.db, auth.agency_id()).await? {
        if !everyone && o.profile.user_id != me {
            continue;
        }
        for c in o.certificates {
            let info = crate::routes::officers::certificate_dto(c, ctx.today);
            let days_left = (info.valid_until - ctx.today).num_days();
            if info.valid_today && days_left <= CERTIFICATE_WARNING_DAYS {
                items.push(WorkbenchCertificate {
                    certificate_id: info.id,
                    user_id: info.user_id,
                    holder_name: o.profile.name.clone(),
                    number: info.number,
                    valid_until: info.valid_until,
                    days_left,
                    own: info.user_id == me,
                });
            }
        }
    }
    items.sort_by_key(|c| (c.valid_until, c.certificate_id));
    Ok(WorkbenchCertificates {
        total: count(items.len()),
        items,
    })
}

/// The agency's overdue figures, judged as `/deadlines`, `/disclosures` and `/stats/review` judge
/// them.
pub async fn agency_overdue(
    state: &AppState,
    auth: &Auth<AnyUser>,
    ctx: &Ctx,
) -> Result<AgencyOverdue, ApiError> {
    let agency = auth.agency_id();
    let mut overdue_cases = 0;
    for c in cases::all_cases(&state.db, agency, None, None).await? {
        if c.state.archived_at.is_some() {
            continue;
        }
        let computed = case_deadlines_on(&c.state, &ctx.settings, &ctx.cal, ctx.today);
        if computed.iter().any(|d| {
            matches!(
                d.status(ctx.today, &ctx.settings),
                Ok(DeadlineStatus::Overdue)
            )
        }) {
            overdue_cases += 1;
        }
    }
    let due = DueCtx::load(state).await?;
    let overdue_disclosures = decisions::open_deadlines(&state.db, agency)
        .await?
        .iter()
        .filter(|d| {
            let publish = d.published_version == 0
                && matches!(d.status, Status::Draft | Status::PendingReview)
                && due.publication(d).overdue(due.today);
            let withdraw =
                withdrawal_open(d) && due.withdrawal(d).is_some_and(|w| w.overdue(due.today));
            publish || withdraw
        })
        .count();
    let overdue_reviews = crate::routes::review::lists::summaries(state, agency)
        .await?
        .iter()
        .filter(|s| s.overdue)
        .count();
    Ok(AgencyOverdue {
        cases: count(overdue_cases),
        disclosures: count(overdue_disclosures),
        reviews: count(overdue_reviews),
    })
}
