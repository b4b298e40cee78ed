//! Extensions and suspensions of a case's statutory periods.
//!
//! A period may be **extended** with the agency head's recorded approval where a rule allows it:
//! the 90-day decision period of 行政处罚法 art. 60 ("unless a law provides otherwise"; e.g. the
//! market-regulation procedure rules allow 30 days more with the head's approval), the licence
//! decision by 10 working days once (行政许可法 art. 42), a seizure by 30 days once (行政强制法
//! art. 25). A period may be **suspended** for the time the rules exclude from it: a hearing,
//! testing or appraisal, an announcement, expert review (行政许可法 art. 45; 行政强制法 art. 25
//! excludes testing time from the seizure). Which deadline may be extended, by how much and how
//! often, and which grounds suspend which deadline, are settings (`RuleSettings::extensions`,
//! `RuleSettings::suspensions`) with national defaults.
//!
//! The deadline shown is the base period plus its extensions plus its suspended days, each counted
//! in the period's own unit, with the roll-over past rest days applied to the final date
//! (`deadlines::CaseDeadline`). `adjust_period` is the pure rule that admits or refuses recording
//! one adjustment.

use super::deadlines::{case_deadlines, DeadlineKind};
use super::officer::OfficerId;
use super::settings::RuleSettings;
use super::state::CaseState;
use crate::calendar::{Calendar, DayUnit, OutsideCalendar, Period};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a period stops running for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuspensionGround {
    /// 听证 (行政许可法 art. 45; 行政处罚法 art. 63–65 hearings under the sector's rules).
    Hearing,
    /// 检验、检测、检疫、鉴定 (行政许可法 art. 45; 行政强制法 art. 25).
    Testing,
    /// 公告 (e.g. service or notice by announcement).
    Announcement,
    /// 专家评审 (行政许可法 art. 45).
    ExpertReview,
    /// 招标、拍卖 (行政许可法 art. 45).
    TenderOrAuction,
}

impl SuspensionGround {
    /// The Chinese name, as in the law.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Hearing => "听证",
            Self::Testing => "检验、检测、检疫或鉴定",
            Self::Announcement => "公告",
            Self::ExpertReview => "专家评审",
            Self::TenderOrAuction => "招标、拍卖",
        }
    }
}

/// An approved extension of one deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The deadline extended.
    pub deadline: DeadlineKind,
    /// Length, in the deadline's own unit (working days for a working-day period).
    pub days: u32,
    /// The agency head who approved it; `None` only for an extension recorded before approvals
    /// were kept with it (a case stored with the old `extended` flag).
    pub approved_by: Option<OfficerId>,
    /// The written reason.
    pub reason: String,
    /// Day of the approval.
    pub on: NaiveDate,
}

/// A stretch of time excluded from one deadline: `from ..= to`, both days excluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// The deadline suspended.
    pub deadline: DeadlineKind,
    /// Why.
    pub ground: SuspensionGround,
    /// First day not counted.
    pub from: NaiveDate,
    /// Last day not counted; `None` while the suspension is open.
    pub to: Option<NaiveDate>,
}

impl Suspension {
    /// The days excluded, in `unit`: calendar days of `from ..= to`, or the working days among
    /// them. An open suspension excludes nothing yet (its deadline shows as suspended instead).
    pub fn excluded(&self, unit: DayUnit, cal: &Calendar) -> Result<u32, OutsideCalendar> {
        let Some(to) = self.to else { return Ok(0) };
        if to < self.from {
            return Ok(0);
        }
        match unit {
            DayUnit::Calendar => {
                Ok(u32::try_from((to - self.from).num_days() + 1).unwrap_or(u32::MAX))
            }
            DayUnit::Working => {
                let before = self
                    .from
                    .pred_opt()
                    .ok_or(OutsideCalendar { date: self.from })?;
                cal.working_days_between(before, to)
            }
        }
    }
}

/// The adjustments recorded on a case (stored in `CaseState::periods`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePeriods {
    /// Approved extensions, in the order recorded.
    #[serde(default)]
    pub extensions: Vec<Extension>,
    /// Suspensions, in the order started.
    #[serde(default)]
    pub suspensions: Vec<Suspension>,
}

impl CasePeriods {
    /// Whether nothing is recorded (the field is then left out of the stored state).
    pub fn is_empty(&self) -> bool {
        self.extensions.is_empty() && self.suspensions.is_empty()
    }

    /// The open suspension of `deadline`, if any.
    pub fn open_suspension(&self, deadline: DeadlineKind) -> Option<&Suspension> {
        self.suspensions
            .iter()
            .find(|s| s.deadline == deadline && s.to.is_none())
    }
}

/// Which deadline may be extended, by how much at most each time and how many times (a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRule {
    /// The deadline.
    pub deadline: DeadlineKind,
    /// Most days per extension, in the deadline's unit.
    pub max_days: u32,
    /// Most extensions.
    pub max_times: u32,
}

/// Which grounds suspend a deadline (a setting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuspensionRule {
    /// The deadline.
    pub deadline: DeadlineKind,
    /// Grounds whose time is not counted.
    pub grounds: Vec<SuspensionGround>,
}

/// The national defaults: the decision period by 30 days once with the head's approval (行政处罚法
/// art. 60 and, e.g., the market-regulation procedure rules), the licence decision by 10 working
/// days once (行政许可法 art. 42), the seizure by 30 days once (行政强制法 art. 25); none other.
pub fn default_extensions() -> Vec<ExtensionRule> {
    vec![
        ExtensionRule {
            deadline: DeadlineKind::Decision,
            max_days: 30,
            max_times: 1,
        },
        ExtensionRule {
            deadline: DeadlineKind::LicenceDecision,
            max_days: 10,
            max_times: 1,
        },
        ExtensionRule {
            deadline: DeadlineKind::SeizureEnd,
            max_days: 30,
            max_times: 1,
        },
    ]
}

/// The national defaults: hearing, testing, announcement and expert review do not count towards
/// the decision period (sector procedure rules under 行政处罚法 art. 60); hearing, tender or
/// auction, testing and expert review not towards the licence decision (行政许可法 art. 45);
/// testing not towards the seizure (行政强制法 art. 25).
pub fn default_suspensions() -> Vec<SuspensionRule> {
    use SuspensionGround as G;
    vec![
        SuspensionRule {
            deadline: DeadlineKind::Decision,
            grounds: vec![G::Hearing, G::Testing, G::Announcement, G::ExpertReview],
        },
        SuspensionRule {
            deadline: DeadlineKind::LicenceDecision,
            grounds: vec![G::Hearing, G::TenderOrAuction, G::Testing, G::ExpertReview],
        },
        SuspensionRule {
            deadline: DeadlineKind::SeizureEnd,
            grounds: vec![G::Testing],
        },
    ]
}

/// One adjustment to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodCommand {
    /// Extend `deadline` by `days` (its unit) on the approval of `approved_by`.
    Extend {
        /// The deadline.
        deadline: DeadlineKind,
        /// Length in the deadline's unit.
        days: u32,
        /// The agency head named as approver.
        approved_by: Option<OfficerId>,
        /// Written reason.
        reason: String,
        /// Day of the approval.
        on: NaiveDate,
    },
    /// Stop counting `deadline` from `on` (that day included) for `ground`.
    StartSuspension {
        /// The deadline.
        deadline: DeadlineKind,
        /// Why.
        ground: SuspensionGround,
        /// First day not counted.
        on: NaiveDate,
    },
    /// Count `deadline` again after `on` (the last day not counted).
    EndSuspension {
        /// The deadline.
        deadline: DeadlineKind,
        /// Last day not counted.
        on: NaiveDate,
    },
}

/// What the caller knows beyond the case: settings, calendar and whether the named approver is
/// an active approver (机关负责人) of the case's agency (looked up in the accounts).
#[derive(Debug, Clone, Copy)]
pub struct PeriodContext<'a> {
    /// Rule parameters.
    pub settings: &'a RuleSettings,
    /// Working-day calendar.
    pub calendar: &'a Calendar,
    /// The named approver holds the approver role in the case's agency.
    pub approver_is_approver: bool,
}

/// Why an adjustment was refused. `code()` is the API's problem code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodRefusal {
    /// The case is archived.
    #[error("案件已归档，不能再变更 / the case is archived")]
    CaseArchived,
    /// The deadline has not started, or the act it waits for is done.
    #[error("“{}”期限未在计算中 / the `{}` deadline is not running", .0.label_zh(), .0.code())]
    DeadlineNotRunning(DeadlineKind),
    /// No rule allows extending this deadline.
    #[error("“{}”期限不得延长 / the `{}` deadline cannot be extended", .0.label_zh(), .0.code())]
    NotExtendable(DeadlineKind),
    /// Zero days, or more than one extension may add.
    #[error("每次延长不得超过{max_days}日，且须至少1日 / an extension is 1 to {max_days} days")]
    ExtensionLength {
        /// The most days per extension.
        max_days: u32,
    },
    /// The allowed number of extensions is used.
    #[error("该期限最多延长{max_times}次，已用完 / the deadline may be extended {max_times} time(s), all used")]
    ExtensionExhausted {
        /// The most extensions.
        max_times: u32,
    },
    /// No approver named (the extension needs the agency head's approval).
    #[error("延长期限须经行政机关负责人批准 / an extension needs the agency head's approval")]
    ApprovalRequired,
    /// The named approver is not an approver of the agency.
    #[error(
        "批准人须为本机关负责人 / the approver must be an agency head (approver) of this agency"
    )]
    NotAnApprover,
    /// A blank reason.
    #[error("须书面说明理由 / a written reason is required")]
    ReasonRequired,
    /// The ground does not suspend this deadline.
    #[error("“{}”不计入“{}”期限的规定不适用 / `{ground:?}` does not suspend this deadline", .ground.label_zh(), .deadline.label_zh())]
    NotSuspendable {
        /// The deadline.
        deadline: DeadlineKind,
        /// The ground given.
        ground: SuspensionGround,
    },
    /// A suspension of this deadline is already open.
    #[error("该期限已自{since}起中止计算，须先恢复计算 / the deadline is suspended since {since}")]
    SuspensionOpen {
        /// Its first day.
        since: NaiveDate,
    },
    /// Ending a suspension that was never started.
    #[error("该期限未中止计算 / the deadline is not suspended")]
    NoOpenSuspension,
    /// A date before the day it must follow.
    #[error("日期早于{after} / the date precedes {after}")]
    DateOutOfOrder {
        /// The earliest acceptable day.
        after: NaiveDate,
    },
}

impl PeriodRefusal {
    /// The stable API code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::CaseArchived => "case_archived",
            Self::DeadlineNotRunning(_) => "deadline_not_running",
            Self::NotExtendable(_) => "not_extendable",
            Self::ExtensionLength { .. } => "extension_too_long",
            Self::ExtensionExhausted { .. } => "extension_exhausted",
            Self::ApprovalRequired => "approval_required",
            Self::NotAnApprover => "not_an_approver",
            Self::ReasonRequired => "reason_required",
            Self::NotSuspendable { .. } => "not_suspendable",
            Self::SuspensionOpen { .. } => "suspension_open",
            Self::NoOpenSuspension => "no_open_suspension",
            Self::DateOutOfOrder { .. } => "date_out_of_order",
        }
    }
}

/// An accepted adjustment: the new state and the record that goes into the case's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodDecision {
    /// The new state.
    pub state: CaseState,
    /// Record title for the timeline, e.g. 延长办案期限.
    pub title: String,
    /// Record text.
    pub text: String,
    /// Field date of the act.
    pub on: NaiveDate,
}

/// Records one extension or suspension start/end, or refuses it. Pure: the caller supplies the
/// approver check and writes the state with the record in one transaction.
pub fn adjust_period(
    s: &CaseState,
    cmd: &PeriodCommand,
    ctx: &PeriodContext<'_>,
) -> Result<PeriodDecision, PeriodRefusal> {
    if s.archived_at.is_some() {
        return Err(PeriodRefusal::CaseArchived);
    }
    let deadline = match cmd {
        PeriodCommand::Extend { deadline, .. }
        | PeriodCommand::StartSuspension { deadline, .. }
        | PeriodCommand::EndSuspension { deadline, .. } => *deadline,
    };
    let running = case_deadlines(s, ctx.settings, ctx.calendar)
        .into_iter()
        .find(|d| d.kind == deadline && d.completed_on.is_none())
        .ok_or(PeriodRefusal::DeadlineNotRunning(deadline))?;
    let mut next = s.clone();
    let label = deadline.label_zh();
    match cmd {
        PeriodCommand::Extend {
            days,
            approved_by,
            reason,
            on,
            ..
        } => {
            let rule = extension_rule(ctx.settings, deadline)?;
            let approver = approved_by.ok_or(PeriodRefusal::ApprovalRequired)?;
            if !ctx.approver_is_approver {
                return Err(PeriodRefusal::NotAnApprover);
            }
            if reason.trim().is_empty() {
                return Err(PeriodRefusal::ReasonRequired);
            }
            if *on < running.start {
                return Err(PeriodRefusal::DateOutOfOrder {
                    after: running.start,
                });
            }
            let ext = check_extension(s, rule, *days)?;
            record_extension(
                &mut next,
                Extension {
                    deadline,
                    days: ext,
                    approved_by: Some(approver),
                    reason: reason.trim().to_owned(),
                    on: *on,
                },
                rule,
            );
            let unit = unit_zh(running.period);
            Ok(PeriodDecision {
                state: next,
                title: "延长办案期限".into(),
                text: format!(
                    "“{label}”期限经机关负责人批准延长{ext}{unit}（{}）。理由：{}",
                    deadline.article(),
                    reason.trim()
                ),
                on: *on,
            })
        }
        PeriodCommand::StartSuspension { ground, on, .. } => {
            let admitted = ctx
                .settings
                .suspensions
                .iter()
                .any(|r| r.deadline == deadline && r.grounds.contains(ground));
            if !admitted {
                return Err(PeriodRefusal::NotSuspendable {
                    deadline,
                    ground: *ground,
                });
            }
            if let Some(open) = s.periods.open_suspension(deadline) {
                return Err(PeriodRefusal::SuspensionOpen { since: open.from });
            }
            let after = s
                .periods
                .suspensions
                .iter()
                .filter(|x| x.deadline == deadline)
                .filter_map(|x| x.to.and_then(|t| t.succ_opt()))
                .chain(running.start.succ_opt())
                .max()
                .unwrap_or(running.start);
            if *on < after {
                return Err(PeriodRefusal::DateOutOfOrder { after });
            }
            next.periods.suspensions.push(Suspension {
                deadline,
                ground: *ground,
                from: *on,
                to: None,
            });
            Ok(PeriodDecision {
                state: next,
                title: format!("中止计算期限（{}）", ground.label_zh()),
                text: format!(
                    "“{label}”期限自{on}起中止计算：{}期间不计入期限。",
                    ground.label_zh()
                ),
                on: *on,
            })
        }
        PeriodCommand::EndSuspension { on, .. } => {
            let Some(i) = next
                .periods
                .suspensions
                .iter()
                .position(|x| x.deadline == deadline && x.to.is_none())
            else {
                return Err(PeriodRefusal::NoOpenSuspension);
            };
            let open = &mut next.periods.suspensions[i];
            if *on < open.from {
                return Err(PeriodRefusal::DateOutOfOrder { after: open.from });
            }
            open.to = Some(*on);
            let ground = open.ground;
            let from = open.from;
            Ok(PeriodDecision {
                state: next,
                title: format!("恢复计算期限（{}）", ground.label_zh()),
                text: format!(
                    "“{label}”期限因{}自{from}至{on}中止计算，{on}次日起恢复计算。",
                    ground.label_zh()
                ),
                on: *on,
            })
        }
    }
}

/// The rule that allows extending `deadline`, or `NotExtendable`.
pub fn extension_rule(
    settings: &RuleSettings,
    deadline: DeadlineKind,
) -> Result<ExtensionRule, PeriodRefusal> {
    settings
        .extensions
        .iter()
        .find(|r| r.deadline == deadline && r.max_times > 0 && r.max_days > 0)
        .copied()
        .ok_or(PeriodRefusal::NotExtendable(deadline))
}

/// Checks one more extension of `days` against `rule` and what `s` already holds.
pub fn check_extension(
    s: &CaseState,
    rule: ExtensionRule,
    days: u32,
) -> Result<u32, PeriodRefusal> {
    if days == 0 || days > rule.max_days {
        return Err(PeriodRefusal::ExtensionLength {
            max_days: rule.max_days,
        });
    }
    let used = s
        .periods
        .extensions
        .iter()
        .filter(|e| e.deadline == rule.deadline)
        .count();
    let legacy = match rule.deadline {
        DeadlineKind::LicenceDecision => s.licence.extended,
        DeadlineKind::SeizureEnd => s.measure.extended,
        _ => false,
    } && used == 0;
    let used = used + usize::from(legacy);
    if used >= usize::try_from(rule.max_times).unwrap_or(usize::MAX) {
        return Err(PeriodRefusal::ExtensionExhausted {
            max_times: rule.max_times,
        });
    }
    Ok(days)
}

/// Adds `ext` to the case; when the allowed number is reached the stage machine stops offering
/// its own extend action (`extend_review`, `extend_measure`).
pub fn record_extension(s: &mut CaseState, ext: Extension, rule: ExtensionRule) {
    let deadline = ext.deadline;
    s.periods.extensions.push(ext);
    let used = s
        .periods
        .extensions
        .iter()
        .filter(|e| e.deadline == deadline)
        .count();
    let full = used >= usize::try_from(rule.max_times).unwrap_or(usize::MAX);
    match deadline {
        DeadlineKind::LicenceDecision => s.licence.extended = full,
        DeadlineKind::SeizureEnd => s.measure.extended = full,
        _ => {}
    }
}

fn unit_zh(p: Period) -> &'static str {
    match p.unit {
        DayUnit::Working => "个工作日",
        DayUnit::Calendar => "日",
    }
}
