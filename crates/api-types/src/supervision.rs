//! Enforcement supervision (执法监督): the supervisor's dashboard over the agencies granted to
//! them (行政执法监督条例).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The period of the dashboard: cases opened and decisions made from `from` to `to`, both
/// inclusive (China time).
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// First day; default 1 January of the current year.
    pub from: Option<NaiveDate>,
    /// Last day; default 31 December of the current year.
    pub to: Option<NaiveDate>,
}

/// The measures of every agency the supervisor oversees, for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupervisionDashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day overdue items are judged on (today).
    pub as_of: NaiveDate,
    /// One entry per agency granted to the supervisor, by name.
    pub agencies: Vec<AgencyMeasures>,
}

/// One agency's measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AgencyMeasures {
    pub agency_id: Uuid,
    pub agency_name: String,
    /// Cases opened in the period.
    pub cases: u64,
    /// Of them, by kind (`penalty`, `licence`, …).
    pub by_kind: BTreeMap<String, u64>,
    /// Of them, by current stage.
    pub by_stage: BTreeMap<String, u64>,
    /// Deadlines of those cases overdue on `as_of`, by rule, as the deadlines list names them.
    pub overdue: Vec<OverdueCount>,
    /// Decisions of those cases that fall in the major-decision catalogue (行政处罚法 art. 58).
    pub major_decisions: u64,
    /// Of them, decided without an approving legal review: should be 0.
    pub major_decisions_without_review: u64,
    /// Publication of decisions made in the period (国办发〔2018〕118号).
    pub publication: PublicationMeasures,
    /// Withdrawals of published decisions made in the period (行政处罚法 art. 48).
    pub withdrawals: WithdrawalMeasures,
    /// Average days spent in each stage the cases have left, by stage.
    pub stage_days: BTreeMap<String, StageTime>,
}

/// Overdue deadlines of one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OverdueCount {
    /// The deadline's kind, e.g. `decision`, `service`, `legal_review`, `disclosure`,
    /// `disclosure_withdrawal` (as in `GET /deadlines`).
    pub rule: String,
    /// Chinese name.
    pub label: String,
    /// Source, e.g. 行政处罚法 art. 60.
    pub article: String,
    pub count: u64,
}

/// How punctually decisions were published: within 7 and within 20 working days of the decision
/// (国办发〔2018〕118号).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicationMeasures {
    /// Decisions published.
    pub published: u64,
    pub within_7_working_days: u64,
    pub within_20_working_days: u64,
    /// Published, but the calendar lacks the holiday data to judge it.
    pub unknown: u64,
    /// `within_7_working_days / published`; null when nothing was published.
    pub share_within_7: Option<f64>,
    /// `within_20_working_days / published`; null when nothing was published.
    pub share_within_20: Option<f64>,
    /// Decisions not published by rule (a minor party, a warning only).
    pub not_published: u64,
}

/// Withdrawals (行政处罚法 art. 48).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WithdrawalMeasures {
    /// Published decisions found to need withdrawal (changed, revoked, ruled unlawful or void).
    pub required: u64,
    /// Of them, withdrawn.
    pub withdrawn: u64,
}

/// Time spent in a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StageTime {
    /// How many times a case left the stage.
    pub count: u64,
    /// Average calendar days between entering and leaving it.
    pub average_days: f64,
}
