//! 工作台 (the workbench): what waits for the caller, per role, in one request — the landing
//! page of the staff app. Every list is ordered overdue first, then by due date; every item
//! carries the id of the page that acts on it.
//!
//! A section is `null` when none of the caller's roles has it, and an empty list when the caller
//! has the role but nothing waits.

use crate::cases::DeadlineInfo;
use crate::disclosure::DisclosureSummary;
use crate::review::ReviewSummary;
use chrono::NaiveDate;
use sanxiang_domain::case::{Action, CaseKind, Stage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What waits for the caller today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Workbench {
    /// Today on the server's clock (China), the day every status is judged on.
    pub today: NaiveDate,
    /// Officers: the open cases they are assigned to.
    pub cases: Option<WorkbenchCases>,
    /// Legal reviewers: reviews assigned to them and still open, and reviews of the agency no
    /// reviewer has taken yet (行政处罚法 art. 58).
    pub reviews: Option<WorkbenchReviews>,
    /// Disclosure editors (drafts to edit, publications to withdraw) and approvers (drafts
    /// submitted for approval), with the due dates computed on read (国办发〔2018〕118号;
    /// 行政处罚法 art. 48).
    pub disclosures: Option<WorkbenchDisclosures>,
    /// Officers, approvers and administrators: random-inspection plans fixed and waiting for
    /// their draw (双随机、一公开).
    pub draws: Option<WorkbenchDraws>,
    /// Enforcement certificates (行政执法证) valid today whose last valid day is within 30 days:
    /// the caller's own; administrators and approvers see the agency's.
    pub certificates: Option<WorkbenchCertificates>,
    /// Approvers: how much of the agency is overdue.
    pub agency_overdue: Option<AgencyOverdue>,
}

/// Days before a certificate's last valid day from which it shows on the workbench.
pub const CERTIFICATE_WARNING_DAYS: i64 = 30;

/// The caller's open cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchCases {
    /// How many open cases.
    pub total: u32,
    /// How many of them have an overdue deadline.
    pub overdue: u32,
    pub items: Vec<WorkbenchCase>,
}

/// One open case of the caller: where it stands, what can lawfully be done next, and the
/// deadline that matters most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchCase {
    /// Opens `/cases/{case_id}`.
    pub case_id: Uuid,
    pub case_number: String,
    pub title: String,
    pub party_name: String,
    pub kind: CaseKind,
    pub stage: Stage,
    /// Chinese name of the stage.
    pub stage_label: String,
    /// The actions the stage machine offers now that the caller may run (as on the case page).
    pub next_actions: Vec<Action>,
    /// The most urgent open deadline: an overdue one first, else the nearest due date, else one
    /// whose due date is unknown (`due` null, `status` `unknown`, `note` says why).
    pub deadline: Option<DeadlineInfo>,
    /// A deadline of the case is overdue.
    pub overdue: bool,
}

/// Reviews waiting for the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchReviews {
    /// Reviews assigned to the caller and not yet answered (`assigned`, `resubmitted`).
    pub mine: u32,
    /// Reviews of the agency requested and not yet assigned (`requested`).
    pub unassigned: u32,
    /// How many of the listed reviews are overdue.
    pub overdue: u32,
    /// Each opens `/review/{case_id}`.
    pub items: Vec<ReviewSummary>,
}

/// What is asked of the caller on a disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureTask {
    /// A draft (or a correction) to edit and submit.
    Edit,
    /// Submitted: to approve or return.
    Approve,
    /// The decision was changed or revoked: the publication is to be withdrawn
    /// (行政处罚法 art. 48).
    Withdraw,
}

/// Disclosures waiting for the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchDisclosures {
    pub total: u32,
    /// Past their publication or withdrawal due date.
    pub overdue: u32,
    pub items: Vec<WorkbenchDisclosure>,
}

/// One disclosure and what to do with it; opens `/disclosures/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchDisclosure {
    pub task: DisclosureTask,
    /// The due date of the task: publication for `edit` / `approve`, withdrawal for
    /// `withdraw`; null when unknown (`due_note` of the summary says why).
    pub task_due_on: Option<NaiveDate>,
    /// The task is past its due date.
    pub task_overdue: bool,
    /// The article the due date follows.
    pub article: String,
    pub disclosure: DisclosureSummary,
}

/// Random-inspection plans waiting for their draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchDraws {
    pub total: u32,
    pub items: Vec<WorkbenchDraw>,
}

/// One fixed plan; opens the plan (`/inspections/plans/{plan_id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchDraw {
    pub plan_id: Uuid,
    pub name: String,
    pub item_name: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The inspection period has ended and the plan is still not drawn.
    pub overdue: bool,
}

/// Certificates about to expire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchCertificates {
    pub total: u32,
    pub items: Vec<WorkbenchCertificate>,
}

/// One enforcement certificate valid today whose last valid day is near.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WorkbenchCertificate {
    pub certificate_id: Uuid,
    /// The holder.
    pub user_id: Uuid,
    pub holder_name: String,
    pub number: String,
    pub valid_until: NaiveDate,
    /// Days from today to `valid_until` (0: expires at the end of today).
    pub days_left: i64,
    /// The holder is the caller.
    pub own: bool,
}

/// Overdue figures of the caller's agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AgencyOverdue {
    /// Open cases with an overdue statutory deadline (the same judgement as `/deadlines`).
    pub cases: u32,
    /// Disclosures past their publication or withdrawal due date.
    pub disclosures: u32,
    /// Legal reviews past their due date (the same count as `/stats/review`).
    pub reviews: u32,
}
