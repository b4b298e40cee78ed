//! Rule settings: every number that differs between provinces, sectors or later rules, with the
//! national defaults of the laws each field cites. Nothing in the machines hard-codes these.

use super::periods::{default_extensions, default_suspensions, ExtensionRule, SuspensionRule};
use super::sanction::yuan;
use crate::calendar::Period;
use serde::{Deserialize, Serialize};

/// An activity whose performance must be filmed continuously (国办发〔2018〕118号). The list is
/// a setting; the default is seizure and forced measures. Others are advised (`video_advised_for`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// 查封、扣押 and other coercive measures on property.
    Seizure,
    /// 强制执行 (forced demolition, forced performance).
    ForcedExecution,
    /// 先行登记保存证据.
    EvidencePreservation,
    /// 现场检查.
    OnSiteInspection,
    /// 听证.
    Hearing,
    /// 送达 (by leaving or announcement).
    Service,
    /// 调查取证: questioning and evidence collection in the investigation.
    EvidenceCollection,
}

/// All rule parameters, with `Default` giving the national defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleSettings {
    /// Officers who must act together (行政处罚法 art. 42, 55; 行政强制法 art. 18).
    pub min_officers: usize,
    /// Officers who must make an on-the-spot decision together (art. 42, 52: two, "unless a law
    /// provides otherwise" — set 1 where one does).
    pub simplified_min_officers: usize,
    /// Limitation in years (行政处罚法 art. 36).
    pub limitation_years: u32,
    /// Limitation for life/health or financial safety with harm (art. 36).
    pub limitation_years_grave: u32,
    /// On-the-spot fine ceiling for a person, in fen (art. 51: 200 yuan).
    pub simplified_max_fine_person_fen: i64,
    /// On-the-spot fine ceiling for an organisation, in fen (art. 51: 3,000 yuan).
    pub simplified_max_fine_organisation_fen: i64,
    /// "Large fine" that gives a person the right to a hearing (财政部令第109号: 10,000 yuan).
    pub hearing_threshold_person_fen: i64,
    /// Same for an organisation (100,000 yuan).
    pub hearing_threshold_organisation_fen: i64,
    /// Hearing request window after notice (art. 64: 5 working days).
    pub hearing_request_period: Period,
    /// How long before the hearing the party is notified of it (art. 64 (二): 7 working days,
    /// counted per art. 85; the hearing is after the period's last day).
    pub hearing_notice_period: Period,
    /// Decision after filing (art. 60: 90 days).
    pub decision_period: Period,
    /// Service after decision (art. 61: 7 working days).
    pub service_period: Period,
    /// Decision on preserved evidence (art. 56: 7 working days).
    pub preservation_decision_period: Period,
    /// Payment after service (art. 67: 15 days).
    pub payment_period: Period,
    /// Late surcharge per day in basis points of the fine (art. 72: 3 % = 300).
    pub late_surcharge_basis_points_per_day: i64,
    /// Fine up to which an on-the-spot decision's fine may be collected on the spot (art. 68
    /// (一): 100 yuan).
    pub on_spot_collection_max_fine_fen: i64,
    /// Hand-in of a fine collected on the spot to the agency (art. 71: 2 days, working days by
    /// art. 85), from collection or, on water, from landing.
    pub collection_hand_in_period: Period,
    /// Reconsideration period from service (行政复议法 art. 20: 60 days).
    pub reconsideration_period: Period,
    /// Lawsuit period from service, in months (行政诉讼法 art. 46: 6 months).
    pub lawsuit_months: u32,
    /// Application to the court after the remedy periods end, in months (行政强制法 art. 53: 3).
    pub court_enforcement_months: u32,
    /// Accepting a licence application, refusing it or telling everything missing (行政许可法
    /// art. 32: 5 days, working days by art. 82).
    pub licence_acceptance_period: Period,
    /// Licence decision after acceptance (行政许可法 art. 42: 20 working days).
    pub licence_decision_period: Period,
    /// Certificate issue after the licence decision (art. 44: 10 working days).
    pub certificate_issue_period: Period,
    /// Seizure limit (行政强制法 art. 25: 30 days).
    pub seizure_period: Period,
    /// A coercive measure taken in an emergency is reported and approved within these hours
    /// (行政强制法 art. 19: 24).
    pub emergency_approval_hours: u32,
    /// Which deadlines may be extended with the agency head's approval, by how much and how often
    /// (行政处罚法 art. 60; 行政许可法 art. 42; 行政强制法 art. 25).
    pub extensions: Vec<ExtensionRule>,
    /// Which grounds (hearing, testing, …) are not counted towards which deadline (行政许可法
    /// art. 45; 行政强制法 art. 25).
    pub suspensions: Vec<SuspensionRule>,
    /// Activities that need continuous audio/video (a gate).
    pub video_required_for: Vec<Activity>,
    /// Activities for which audio/video is advised (a prompt in the app, 国办发〔2018〕118号:
    /// contentious steps "according to the circumstances").
    pub video_advised_for: Vec<Activity>,
    /// Calendar days before a due date at which a deadline shows as due soon.
    pub due_soon_days: u32,
    /// Acts made by their documents (行政处罚法 art. 44, 59, 61): a notice needs its issued
    /// 告知书, a decision its 决定书, service its 送达回证 (crates/domain/src/document/gate.rs).
    /// Unset (the default): for every agency that has saved its document settings — from then on
    /// it can issue every document the acts need (the 决定书 prints its bank account,
    /// reconsideration organ and court), so its acts are made by them. `true`: for every agency
    /// (one without settings cannot act until it has them); `false`: for none (documents made
    /// outside the system).
    pub documents_required: Option<bool>,
}

impl Default for RuleSettings {
    fn default() -> Self {
        Self {
            min_officers: 2,
            simplified_min_officers: 2,
            limitation_years: 2,
            limitation_years_grave: 5,
            simplified_max_fine_person_fen: yuan(200),
            simplified_max_fine_organisation_fen: yuan(3_000),
            hearing_threshold_person_fen: yuan(10_000),
            hearing_threshold_organisation_fen: yuan(100_000),
            hearing_request_period: Period::working(5),
            hearing_notice_period: Period::working(7),
            decision_period: Period::calendar(90),
            service_period: Period::working(7),
            preservation_decision_period: Period::working(7),
            payment_period: Period::calendar(15),
            late_surcharge_basis_points_per_day: 300,
            on_spot_collection_max_fine_fen: yuan(100),
            collection_hand_in_period: Period::working(2),
            reconsideration_period: Period::calendar(60),
            lawsuit_months: 6,
            court_enforcement_months: 3,
            licence_acceptance_period: Period::working(5),
            licence_decision_period: Period::working(20),
            certificate_issue_period: Period::working(10),
            seizure_period: Period::calendar(30),
            emergency_approval_hours: 24,
            extensions: default_extensions(),
            suspensions: default_suspensions(),
            video_required_for: vec![Activity::Seizure, Activity::ForcedExecution],
            video_advised_for: vec![
                Activity::EvidenceCollection,
                Activity::EvidencePreservation,
                Activity::OnSiteInspection,
                Activity::Hearing,
                Activity::Service,
            ],
            due_soon_days: 3,
            documents_required: None,
        }
    }
}
