//! Payment and execution of a fine (行政处罚法 art. 66–73) and the agency's application to the
//! court when the party neither pays nor seeks a remedy (行政强制法 art. 53).
//!
//! What the case holds ([`PaymentInfo`]): the approved deferral or instalment plan (art. 66
//! para. 2), every payment with its amount (instalments sum up), on-the-spot collections with
//! their receipt and hand-in (art. 68–71), the party's reconsideration or lawsuit (art. 73) and
//! the court application. What is computed from it ([`payment_status`]): the schedule, the late
//! surcharge as of a day (art. 72: 3 % of the amount per day late, never more than the fine,
//! nothing counted while a remedy runs, art. 73 para. 3) and what is still owed.
//!
//! Reading of the law where it leaves room, each a choice made here:
//! - Without deferral or instalments the schedule is one item: the whole fine, due 15 days after
//!   service (art. 67), the last day rolled past rest days like every period. A deferral moves
//!   that date; instalments replace the item by the approved plan, whose amounts sum to the fine.
//! - The surcharge of an item runs from the day after its due date until the day its amount is
//!   paid off (that day counted), on the item's amount, each day at the configured rate; the
//!   total is capped at the fine (art. 72 (一)). Payments go to the fine's items in order first,
//!   then to the surcharge.
//! - Days from the filing of a reconsideration or lawsuit to its end, both included, are not
//!   counted (art. 73 para. 3); a remedy still running pauses until the day of computation.
//! - The fine is settled when the items are paid off and the surcharge they ran up is paid too.

use super::command::GateContext;
use super::error::RuleViolation;
use super::gates;
use super::officer::OfficerId;
use super::sanction::Outcome;
use super::settings::RuleSettings;
use super::state::CaseState;
use crate::calendar::{Calendar, Deadline, OutsideCalendar};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A deferral of the payment approved by the agency head (行政处罚法 art. 66 para. 2).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deferral {
    /// 机关负责人 who approved.
    pub approved_by: OfficerId,
    /// Day of the approval.
    pub approved_on: NaiveDate,
    /// The new last day to pay.
    pub until: NaiveDate,
}

/// One instalment of an approved plan (行政处罚法 art. 66 para. 2).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instalment {
    /// Last day to pay this instalment.
    pub due_on: NaiveDate,
    /// Amount, fen.
    pub amount_fen: i64,
}

/// An instalment plan approved by the agency head (art. 66 para. 2).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstalmentPlan {
    /// 机关负责人 who approved.
    pub approved_by: OfficerId,
    /// Day of the approval.
    pub approved_on: NaiveDate,
    /// The instalments, by due date; they sum to the fine.
    pub instalments: Vec<Instalment>,
}

/// A payment of the fine (or of the surcharge) received.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinePayment {
    /// Day paid.
    pub paid_on: NaiveDate,
    /// Amount, fen.
    pub amount_fen: i64,
    /// Collected on the spot by the officers (art. 68, 69) rather than paid at the bank.
    pub on_the_spot: bool,
}

/// When officers may collect a fine on the spot (行政处罚法 art. 68, 69).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectionGround {
    /// Art. 68 (一): an on-the-spot decision with a fine up to 100 yuan.
    SmallFine,
    /// Art. 68 (二): an on-the-spot decision that would be hard to execute afterwards.
    HardToExecuteLater,
    /// Art. 69: a remote area; the party asked, paying at the bank being truly difficult.
    RemoteArea,
    /// Art. 69: on water; the party asked.
    OnWater,
    /// Art. 69: an area with poor transport; the party asked.
    PoorTransport,
}

impl CollectionGround {
    /// Grounds of art. 68, which only an on-the-spot (simplified) decision has.
    pub fn needs_simplified_procedure(self) -> bool {
        matches!(self, Self::SmallFine | Self::HardToExecuteLater)
    }
}

/// A fine collected on the spot (行政处罚法 art. 68–71).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnSpotCollection {
    /// Day collected.
    pub collected_on: NaiveDate,
    /// The ground relied on.
    pub ground: CollectionGround,
    /// Number of the official receipt of the finance department handed to the party (art. 70).
    pub receipt_number: String,
    /// Amount, fen.
    pub amount_fen: i64,
    /// Collected on water: the day the officers landed, from which the hand-in period runs
    /// (art. 71).
    pub landed_on: Option<NaiveDate>,
    /// Day the officer handed the money in to the agency (art. 71).
    pub handed_in_on: Option<NaiveDate>,
}

impl OnSpotCollection {
    /// The day the hand-in period runs from (art. 71: collection, or landing on water).
    pub fn hand_in_from(&self) -> NaiveDate {
        self.landed_on.unwrap_or(self.collected_on)
    }
}

/// Which remedy the party sought (行政处罚法 art. 73).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemedyKind {
    /// 行政复议.
    Reconsideration,
    /// 行政诉讼.
    Litigation,
}

/// How a remedy ended.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemedyResult {
    /// 维持 / 驳回: the decision stands.
    Upheld,
    /// 变更: the decision was changed.
    Changed,
    /// 撤销 / 确认违法 / 确认无效: the decision no longer stands.
    Revoked,
    /// 撤回申请 / 撤诉: the party withdrew.
    Withdrawn,
}

/// A reconsideration or lawsuit of the party against the decision.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    /// Which.
    pub kind: RemedyKind,
    /// Day applied for or filed.
    pub filed_on: NaiveDate,
    /// Day it ended.
    pub ended_on: Option<NaiveDate>,
    /// How it ended.
    pub result: Option<RemedyResult>,
}

/// The agency's application to the people's court for enforcement (行政强制法 art. 53).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourtApplication {
    /// Day applied.
    pub applied_on: NaiveDate,
    /// The court.
    pub court: String,
}

/// Everything recorded about the payment of a fine. Stored in the case state; every field
/// defaults so cases stored before it existed still load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentInfo {
    /// Approved deferral (art. 66 para. 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deferral: Option<Deferral>,
    /// Approved instalment plan (art. 66 para. 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instalments: Option<InstalmentPlan>,
    /// Payments received, in the order recorded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<FinePayment>,
    /// On-the-spot collections (art. 68–71).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<OnSpotCollection>,
    /// Reconsiderations and lawsuits (art. 73).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remedies: Vec<Remedy>,
    /// Application to the court (行政强制法 art. 53).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub court_application: Option<CourtApplication>,
}

impl PaymentInfo {
    /// A reconsideration or lawsuit that has not ended.
    pub fn open_remedy(&self) -> Option<&Remedy> {
        self.remedies.iter().find(|r| r.ended_on.is_none())
    }

    /// Total received, fen.
    pub fn paid_fen(&self) -> i64 {
        self.payments.iter().map(|p| p.amount_fen.max(0)).sum()
    }

    /// A collection not yet handed in to the agency (art. 71).
    pub fn collection_pending(&self) -> bool {
        self.collections.iter().any(|c| c.handed_in_on.is_none())
    }
}

/// One item of the payment schedule as computed.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleItem {
    /// Last day to pay.
    pub due_on: NaiveDate,
    /// Amount, fen.
    pub amount_fen: i64,
    /// Paid towards it so far, fen.
    pub paid_fen: i64,
    /// Day it was paid off.
    pub paid_off_on: Option<NaiveDate>,
    /// Days counted late (remedy days excluded).
    pub days_late: u32,
    /// Surcharge it ran up, fen (before the cap at the fine).
    pub surcharge_fen: i64,
}

/// The payment of a fine as seen on `as_of` (行政处罚法 art. 66–73).
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentStatus {
    /// The fine, fen.
    pub fine_fen: i64,
    /// The day the computation is for (today, for the case page).
    pub as_of: NaiveDate,
    /// The last day to pay: 15 days after service (art. 67), or the deferred date, or the
    /// last instalment's. `None` when the calendar cannot tell (see `due_unknown`).
    pub due_on: Option<NaiveDate>,
    /// Why `due_on` is unknown: the period ends in a year without holiday data.
    pub due_unknown: Option<String>,
    /// The schedule: one item, or the approved instalments.
    pub schedule: Vec<ScheduleItem>,
    /// Received so far, fen.
    pub paid_fen: i64,
    /// Late surcharge run up as of `as_of`, fen, capped at the fine (art. 72).
    pub surcharge_fen: i64,
    /// Fine plus surcharge minus what was received, fen (never below zero).
    pub outstanding_fen: i64,
    /// Days counted late (the most of any item).
    pub days_late: u32,
    /// Days past a due date not counted because a remedy ran (art. 73 para. 3).
    pub paused_days: u32,
    /// Fine and surcharge are paid: the day the last payment came.
    pub settled_on: Option<NaiveDate>,
    /// Approved deferral.
    pub deferral: Option<Deferral>,
    /// Approved instalment plan.
    pub instalments: Option<InstalmentPlan>,
    /// Payments received.
    pub payments: Vec<FinePayment>,
    /// On-the-spot collections.
    pub collections: Vec<OnSpotCollection>,
    /// Reconsiderations and lawsuits.
    pub remedies: Vec<Remedy>,
    /// The last day the party may still seek a remedy (reconsideration 60 days, 行政复议法 art.
    /// 20; lawsuit 6 months, 行政诉讼法 art. 46, from service); `None` if unknown.
    pub remedy_periods_end: Option<NaiveDate>,
    /// Application to the court.
    pub court_application: Option<CourtApplication>,
}

/// The fine of the case's decision, if it imposed one and was served.
pub fn served_fine(s: &CaseState) -> Option<(i64, NaiveDate)> {
    let dec = s.decision.as_ref()?;
    let Outcome::Penalty { sanction } = &dec.outcome else {
        return None;
    };
    let served = s.service?.served_on;
    (sanction.fine_fen > 0).then_some((sanction.fine_fen, served))
}

/// The day 15 days after service (art. 67), rolled past rest days.
pub fn ordinary_due(
    served_on: NaiveDate,
    settings: &RuleSettings,
    cal: &Calendar,
) -> Result<NaiveDate, OutsideCalendar> {
    Deadline::due(served_on, settings.payment_period, cal)
}

/// `start` plus `months`, on the corresponding day, rolled past rest days (民法典 art. 203).
pub fn months_after(
    start: NaiveDate,
    months: u32,
    cal: &Calendar,
) -> Result<NaiveDate, OutsideCalendar> {
    let mut last = start
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    while !cal.is_working_day(last)? {
        last = last.succ_opt().ok_or(OutsideCalendar { date: last })?;
    }
    Ok(last)
}

/// The last day the party may seek a remedy against a decision served on `served_on`: the later
/// of reconsideration (60 days, 行政复议法 art. 20) and lawsuit (6 months, 行政诉讼法 art. 46).
pub fn remedy_periods_end(
    served_on: NaiveDate,
    settings: &RuleSettings,
    cal: &Calendar,
) -> Result<NaiveDate, OutsideCalendar> {
    let reconsideration = Deadline::due(served_on, settings.reconsideration_period, cal)?;
    let lawsuit = months_after(served_on, settings.lawsuit_months, cal)?;
    Ok(reconsideration.max(lawsuit))
}

/// The last day the agency may apply to the court (行政强制法 art. 53: within 3 months after the
/// remedy periods end).
pub fn court_application_due(
    served_on: NaiveDate,
    settings: &RuleSettings,
    cal: &Calendar,
) -> Result<NaiveDate, OutsideCalendar> {
    let end = remedy_periods_end(served_on, settings, cal)?;
    months_after(end, settings.court_enforcement_months, cal)
}

/// The payment as seen on `as_of`, for a case whose decision imposed a fine and was served.
pub fn payment_status(
    s: &CaseState,
    settings: &RuleSettings,
    cal: &Calendar,
    as_of: NaiveDate,
) -> Option<PaymentStatus> {
    let (fine_fen, served_on) = served_fine(s)?;
    let p = &s.payment;
    let mut status = PaymentStatus {
        fine_fen,
        as_of,
        due_on: None,
        due_unknown: None,
        schedule: Vec::new(),
        paid_fen: p.paid_fen(),
        surcharge_fen: 0,
        outstanding_fen: 0,
        days_late: 0,
        paused_days: 0,
        settled_on: None,
        deferral: p.deferral,
        instalments: p.instalments.clone(),
        payments: p.payments.clone(),
        collections: p.collections.clone(),
        remedies: p.remedies.clone(),
        remedy_periods_end: remedy_periods_end(served_on, settings, cal).ok(),
        court_application: p.court_application.clone(),
    };
    let items: Vec<(NaiveDate, i64)> = match (&p.instalments, p.deferral) {
        (Some(plan), _) => plan
            .instalments
            .iter()
            .map(|i| (i.due_on, i.amount_fen))
            .collect(),
        (None, Some(d)) => vec![(d.until, fine_fen)],
        (None, None) => match ordinary_due(served_on, settings, cal) {
            Ok(due) => vec![(due, fine_fen)],
            Err(gap) => {
                status.due_unknown = Some(gap.to_string());
                status.outstanding_fen = (fine_fen - status.paid_fen).max(0);
                return Some(status);
            }
        },
    };
    status.due_on = items.iter().map(|(d, _)| *d).max();
    // Payments in date order, principal first.
    let mut payments = p.payments.clone();
    payments.sort_by_key(|x| x.paid_on);
    let mut schedule: Vec<ScheduleItem> = items
        .iter()
        .map(|(due_on, amount_fen)| ScheduleItem {
            due_on: *due_on,
            amount_fen: *amount_fen,
            paid_fen: 0,
            paid_off_on: None,
            days_late: 0,
            surcharge_fen: 0,
        })
        .collect();
    let mut surplus: Vec<FinePayment> = Vec::new();
    for pay in &payments {
        let mut left = pay.amount_fen.max(0);
        for item in schedule.iter_mut().filter(|i| i.paid_off_on.is_none()) {
            if left == 0 {
                break;
            }
            let take = left.min(item.amount_fen - item.paid_fen);
            item.paid_fen += take;
            left -= take;
            if item.paid_fen >= item.amount_fen {
                item.paid_off_on = Some(pay.paid_on);
            }
        }
        if left > 0 {
            surplus.push(FinePayment {
                amount_fen: left,
                ..*pay
            });
        }
    }
    let pauses: Vec<(NaiveDate, NaiveDate)> = p
        .remedies
        .iter()
        .map(|r| (r.filed_on, r.ended_on.unwrap_or(as_of)))
        .collect();
    let paused = |d: NaiveDate| pauses.iter().any(|(a, b)| *a <= d && d <= *b);
    let mut paused_days = std::collections::BTreeSet::new();
    let mut total: i64 = 0;
    for item in &mut schedule {
        let end = item.paid_off_on.unwrap_or(as_of);
        let mut days: u32 = 0;
        let mut d = item.due_on;
        while d < end {
            let Some(next) = d.succ_opt() else { break };
            d = next;
            if paused(d) {
                paused_days.insert(d);
            } else {
                days += 1;
            }
        }
        item.days_late = days;
        item.surcharge_fen = surcharge(item.amount_fen, days, settings);
        total = total.saturating_add(item.surcharge_fen);
    }
    status.surcharge_fen = total.min(fine_fen);
    status.days_late = schedule.iter().map(|i| i.days_late).max().unwrap_or(0);
    status.paused_days = u32::try_from(paused_days.len()).unwrap_or(u32::MAX);
    status.outstanding_fen = (fine_fen + status.surcharge_fen - status.paid_fen).max(0);
    if schedule.iter().all(|i| i.paid_off_on.is_some()) && status.outstanding_fen == 0 {
        status.settled_on = payments.last().map(|x| x.paid_on);
    }
    status.schedule = schedule;
    Some(status)
}

/// `days` days of surcharge on `amount_fen` at the configured rate, integer fen rounded down,
/// never more than the amount (行政处罚法 art. 72 (一)).
fn surcharge(amount_fen: i64, days: u32, settings: &RuleSettings) -> i64 {
    let raw = i128::from(amount_fen.max(0))
        * i128::from(settings.late_surcharge_basis_points_per_day)
        * i128::from(days)
        / 10_000;
    i64::try_from(raw.min(i128::from(amount_fen.max(0)))).unwrap_or(amount_fen)
}

/// What the execution stage offers for a served fine, beyond `record_execution`.
pub fn execution_actions(s: &CaseState) -> Vec<super::kind::Action> {
    use super::kind::Action as A;
    let mut out = vec![A::RecordExecution];
    if served_fine(s).is_none() {
        return out;
    }
    let p = &s.payment;
    out.extend([A::RecordFinePayment, A::CollectOnSpot]);
    if p.collection_pending() {
        out.push(A::HandInCollection);
    }
    out.extend([A::ApproveDeferral, A::ApproveInstalments]);
    if p.open_remedy().is_some() {
        out.push(A::EndRemedy);
    } else {
        out.push(A::RecordRemedy);
    }
    // 行政强制法 art. 53: only where the party sought no remedy; once.
    if p.remedies.is_empty() && p.court_application.is_none() {
        out.push(A::ApplyCourtEnforcement);
    }
    out
}

/// Records a payment; returns whether the fine and surcharge are now settled.
fn receive(
    s: &mut CaseState,
    on: NaiveDate,
    amount_fen: i64,
    on_the_spot: bool,
    ctx: &GateContext<'_>,
) -> Result<Option<NaiveDate>, RuleViolation> {
    if amount_fen <= 0 {
        return Err(RuleViolation::AmountInvalid);
    }
    gates::check_not_before(on, s.service.map(|x| x.served_on))?;
    let before = payment_status(s, ctx.settings, ctx.calendar, on);
    let outstanding = before.as_ref().map_or(0, |b| b.outstanding_fen);
    if amount_fen > outstanding {
        return Err(RuleViolation::PaymentExceedsOutstanding {
            outstanding_fen: outstanding,
        });
    }
    s.payment.payments.push(FinePayment {
        paid_on: on,
        amount_fen,
        on_the_spot,
    });
    let after = payment_status(s, ctx.settings, ctx.calendar, on);
    Ok(after.and_then(|a| a.settled_on))
}

/// `record_fine_payment`: the party paid `amount_fen` on `on` (instalments sum up). Settled, the
/// case goes on to closure.
pub fn record_payment(
    s: &mut CaseState,
    on: NaiveDate,
    amount_fen: i64,
    ctx: &GateContext<'_>,
) -> Result<(), RuleViolation> {
    if let Some(settled) = receive(s, on, amount_fen, false, ctx)? {
        s.executed_on = Some(settled);
        s.stage = super::kind::Stage::Closure;
    }
    Ok(())
}

/// `collect_on_spot`: officers collect the fine on the spot, only on a ground of 行政处罚法 art.
/// 68 (on-the-spot decisions: up to 100 yuan, or hard to execute later) or art. 69 (remote,
/// on water, poor transport; at the party's request), and only against the official receipt
/// (art. 70).
#[expect(clippy::too_many_arguments, reason = "the fields of one command")]
pub fn collect_on_spot(
    s: &mut CaseState,
    on: NaiveDate,
    ground: CollectionGround,
    receipt_number: &str,
    amount_fen: i64,
    landed_on: Option<NaiveDate>,
    party_requested: bool,
    ctx: &GateContext<'_>,
) -> Result<(), RuleViolation> {
    let fine = served_fine(s).map_or(0, |(f, _)| f);
    let simplified = s.procedure == super::kind::Procedure::Simplified;
    let lawful = match ground {
        CollectionGround::SmallFine => {
            simplified && fine <= ctx.settings.on_spot_collection_max_fine_fen
        }
        CollectionGround::HardToExecuteLater => simplified,
        CollectionGround::RemoteArea
        | CollectionGround::OnWater
        | CollectionGround::PoorTransport => party_requested,
    };
    if !lawful {
        return Err(RuleViolation::OnSpotCollectionNotAllowed);
    }
    if receipt_number.trim().is_empty() {
        return Err(RuleViolation::ReceiptMissing);
    }
    gates::check_officers(ctx, on)?;
    if let Some(l) = landed_on {
        gates::check_not_before(l, Some(on))?;
    }
    let settled = receive(s, on, amount_fen, true, ctx)?;
    s.payment.collections.push(OnSpotCollection {
        collected_on: on,
        ground,
        receipt_number: receipt_number.trim().to_owned(),
        amount_fen,
        landed_on,
        handed_in_on: None,
    });
    if let Some(settled) = settled {
        s.executed_on = Some(settled);
        s.stage = super::kind::Stage::Closure;
    }
    Ok(())
}

/// `hand_in_collection`: the money collected on the spot reaches the agency (art. 71).
pub fn hand_in(s: &mut CaseState, on: NaiveDate) -> Result<(), RuleViolation> {
    for c in s
        .payment
        .collections
        .iter_mut()
        .filter(|c| c.handed_in_on.is_none())
    {
        gates::check_not_before(on, Some(c.collected_on))?;
        c.handed_in_on = Some(on);
    }
    Ok(())
}

/// `approve_deferral`: the agency head defers the payment to `until` (art. 66 para. 2). A later
/// approval replaces an earlier deferral or plan.
pub fn approve_deferral(
    s: &mut CaseState,
    on: NaiveDate,
    approved_by: Option<OfficerId>,
    until: NaiveDate,
) -> Result<(), RuleViolation> {
    let approver = approved_by.ok_or(RuleViolation::ApprovalRequired)?;
    gates::check_not_before(on, s.service.map(|x| x.served_on))?;
    gates::check_not_before(until, Some(on))?;
    s.payment.instalments = None;
    s.payment.deferral = Some(Deferral {
        approved_by: approver,
        approved_on: on,
        until,
    });
    Ok(())
}

/// `approve_instalments`: the agency head approves payment by instalments (art. 66 para. 2):
/// dates in order, none before the approval, amounts positive and summing to the fine.
pub fn approve_instalments(
    s: &mut CaseState,
    on: NaiveDate,
    approved_by: Option<OfficerId>,
    instalments: &[Instalment],
) -> Result<(), RuleViolation> {
    let approver = approved_by.ok_or(RuleViolation::ApprovalRequired)?;
    gates::check_not_before(on, s.service.map(|x| x.served_on))?;
    let fine = served_fine(s).map_or(0, |(f, _)| f);
    let sum: i64 = instalments.iter().map(|i| i.amount_fen).sum();
    let ordered = instalments.windows(2).all(|w| w[0].due_on < w[1].due_on);
    let valid = instalments.len() >= 2
        && ordered
        && sum == fine
        && instalments
            .iter()
            .all(|i| i.amount_fen > 0 && i.due_on >= on);
    if !valid {
        return Err(RuleViolation::InstalmentsInvalid { fine_fen: fine });
    }
    s.payment.deferral = None;
    s.payment.instalments = Some(InstalmentPlan {
        approved_by: approver,
        approved_on: on,
        instalments: instalments.to_vec(),
    });
    Ok(())
}

/// `record_remedy`: the party applied for reconsideration or filed a lawsuit (art. 73): the
/// decision is still executed, but the surcharge is not counted while it runs.
pub fn record_remedy(
    s: &mut CaseState,
    on: NaiveDate,
    kind: RemedyKind,
) -> Result<(), RuleViolation> {
    gates::check_not_before(on, s.decision.as_ref().map(|d| d.decided_on))?;
    s.payment.remedies.push(Remedy {
        kind,
        filed_on: on,
        ended_on: None,
        result: None,
    });
    Ok(())
}

/// `end_remedy`: the reconsideration or lawsuit ended. Revoked, nothing is left to execute and
/// the case goes on to closure.
pub fn end_remedy(
    s: &mut CaseState,
    on: NaiveDate,
    result: RemedyResult,
) -> Result<(), RuleViolation> {
    if let Some(r) = s.payment.remedies.iter_mut().find(|r| r.ended_on.is_none()) {
        gates::check_not_before(on, Some(r.filed_on))?;
        r.ended_on = Some(on);
        r.result = Some(result);
    }
    if result == RemedyResult::Revoked {
        s.stage = super::kind::Stage::Closure;
    }
    Ok(())
}

/// `apply_court_enforcement`: the party neither paid nor sought a remedy; the agency applies to
/// the court once the remedy periods have ended (行政强制法 art. 53). Returns the last day of the
/// 3 months when the application comes after it, so the caller notes the lateness.
pub fn apply_court(
    s: &mut CaseState,
    on: NaiveDate,
    court: &str,
    ctx: &GateContext<'_>,
) -> Result<Option<NaiveDate>, RuleViolation> {
    let Some((_, served_on)) = served_fine(s) else {
        return Err(RuleViolation::AmountInvalid);
    };
    let until = remedy_periods_end(served_on, ctx.settings, ctx.calendar)?;
    if on <= until {
        return Err(RuleViolation::RemedyPeriodOpen { until });
    }
    let due = court_application_due(served_on, ctx.settings, ctx.calendar)?;
    s.payment.court_application = Some(CourtApplication {
        applied_on: on,
        court: court.trim().to_owned(),
    });
    Ok((on > due).then_some(due))
}
