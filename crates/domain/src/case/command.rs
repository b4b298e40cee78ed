//! Commands, the context the gates read, and the decision the domain answers with.

use super::kind::{Action, Stage};
use super::officer::{ActingOfficer, OfficerId};
use super::payment::{CollectionGround, Instalment, RemedyKind, RemedyResult};
use super::sanction::{InspectionResult, Outcome, Sanction, ServiceMethod};
use super::settings::{Activity, RuleSettings};
use super::state::{CaseState, SeizureList};
use crate::calendar::Calendar;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An approver's decision to go ahead despite a gate, with the written reason that is recorded.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// 机关负责人 who approved.
    pub approver: OfficerId,
    /// Written reason; must not be blank.
    pub reason: String,
}

/// A request to move a case. Dates (`on`) are the field dates of the act; the server time of
/// recording is the `now` given to `decide`.
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Finish the current stage (see `Action::Complete`).
    Complete { on: NaiveDate },
    /// 立案. `violation_on` is the day the violation occurred or, if continuing, ended (art. 36).
    File {
        on: NaiveDate,
        violation_on: NaiveDate,
        discovered_on: NaiveDate,
        grave_harm: bool,
        limitation_override: Option<Override>,
    },
    /// 先行登记保存, approved by the agency head (art. 56).
    PreserveEvidence {
        on: NaiveDate,
        approved_by: Option<OfficerId>,
    },
    /// Decision on the preserved evidence.
    DecidePreservation { on: NaiveDate },
    /// Serve the notice of intended penalty.
    IssueNotice {
        served_on: NaiveDate,
        proposed: Sanction,
    },
    /// The party's statement and defence.
    RecordStatement { on: NaiveDate },
    /// The party's request for a hearing.
    RequestHearing { on: NaiveDate },
    /// The party is notified of the hearing's time and place at least 7 working days before it
    /// (art. 64 (二)); the presider is not one of the case's investigators (art. 64 (四)).
    /// Scheduling again postpones the hearing (a new notice to the party).
    ScheduleHearing {
        notified_on: NaiveDate,
        hearing_on: NaiveDate,
        presider: OfficerId,
    },
    /// The hearing was held.
    HoldHearing { on: NaiveDate, presider: OfficerId },
    /// The party withdrew its hearing request: the hearing ends without taking place.
    WithdrawHearing { on: NaiveDate },
    /// The party did not appear (or left without permission) without good reason: deemed to
    /// give up the hearing, which ends (art. 64 (六)).
    RecordHearingNoShow { on: NaiveDate },
    /// The party waived statement and hearing in writing.
    WaiveRights { on: NaiveDate },
    /// The penalty decision (or the on-the-spot decision).
    Decide { on: NaiveDate, outcome: Outcome },
    /// Service of the decision.
    RecordService {
        on: NaiveDate,
        method: ServiceMethod,
    },
    /// Execution completed; `forced` when carried out by force.
    RecordExecution { on: NaiveDate, forced: bool },
    /// A payment of the fine received (行政处罚法 art. 67); instalments and part payments sum
    /// up, and the case goes on to closure once fine and surcharge are paid.
    RecordFinePayment { on: NaiveDate, amount_fen: i64 },
    /// The fine collected on the spot (art. 68, 69) against the official receipt (art. 70).
    /// `party_requested`: the party asked for it (needed on the grounds of art. 69);
    /// `landed_on`: collected on water, the day the officers landed (art. 71).
    CollectOnSpot {
        on: NaiveDate,
        ground: CollectionGround,
        receipt_number: String,
        amount_fen: i64,
        #[serde(default)]
        party_requested: bool,
        #[serde(default)]
        landed_on: Option<NaiveDate>,
    },
    /// The fine collected on the spot was handed in to the agency (art. 71).
    HandInCollection { on: NaiveDate },
    /// The agency head approved deferring the payment to `until` (art. 66 para. 2).
    ApproveDeferral {
        on: NaiveDate,
        approved_by: Option<OfficerId>,
        until: NaiveDate,
    },
    /// The agency head approved payment by instalments (art. 66 para. 2).
    ApproveInstalments {
        on: NaiveDate,
        approved_by: Option<OfficerId>,
        instalments: Vec<Instalment>,
    },
    /// The party applied for reconsideration or filed a lawsuit (art. 73).
    RecordRemedy { on: NaiveDate, kind: RemedyKind },
    /// The reconsideration or lawsuit ended.
    EndRemedy { on: NaiveDate, result: RemedyResult },
    /// Application to the people's court for enforcement (行政强制法 art. 53).
    ApplyCourtEnforcement { on: NaiveDate, court: String },
    /// Inspection result.
    RecordResult {
        on: NaiveDate,
        result: InspectionResult,
    },
    /// Licence application accepted.
    Accept { on: NaiveDate },
    /// Licence application not accepted.
    RejectApplication { on: NaiveDate },
    /// The applicant was told at once everything missing from the application (一次性告知补正,
    /// 行政许可法 art. 32).
    RequestCorrection { on: NaiveDate, missing: Vec<String> },
    /// The applicant supplied what was missing: the acceptance period runs afresh.
    ReceiveSupplement { on: NaiveDate },
    /// Licence review extended by the agency head.
    ExtendReview {
        on: NaiveDate,
        approved_by: Option<OfficerId>,
    },
    /// Licence granted or refused. `terms`: what a granted licence grants, as the 双公示
    /// 行政许可信息 template reports it (its publication needs them).
    DecideLicence {
        on: NaiveDate,
        granted: bool,
        #[serde(default)]
        terms: Option<crate::disclosure::credit::LicenceTerms>,
    },
    /// Licence certificate issued.
    IssueCertificate { on: NaiveDate },
    /// Fee assessed.
    Assess { on: NaiveDate, amount_fen: i64 },
    /// Fee paid.
    RecordPayment { on: NaiveDate },
    /// Prior approval of a coercive measure.
    ApproveMeasure {
        on: NaiveDate,
        approved_by: Option<OfficerId>,
    },
    /// Measure carried out on site. `emergency`: taken before approval, to be reported and
    /// approved within 24 hours (行政强制法 art. 19). A seizure hands its decision and list
    /// (清单) to the party on the spot (art. 24).
    ImplementMeasure {
        on: NaiveDate,
        #[serde(default)]
        emergency: bool,
        #[serde(default)]
        seizure_list: Option<SeizureList>,
    },
    /// The agency head does not approve a measure taken in an emergency: it is released at once
    /// (行政强制法 art. 19).
    DisapproveMeasure {
        on: NaiveDate,
        approved_by: Option<OfficerId>,
    },
    /// Measure extended once.
    ExtendMeasure {
        on: NaiveDate,
        approved_by: Option<OfficerId>,
    },
    /// Measure ended (released or disposed of).
    EndMeasure { on: NaiveDate },
    /// 结案.
    Close { on: NaiveDate },
    /// 归档; an incomplete file needs an approver's override.
    Archive { file_override: Option<Override> },
}

impl Command {
    /// The action this command performs.
    pub fn action(&self) -> Action {
        match self {
            Command::Complete { .. } => Action::Complete,
            Command::File { .. } => Action::File,
            Command::PreserveEvidence { .. } => Action::PreserveEvidence,
            Command::DecidePreservation { .. } => Action::DecidePreservation,
            Command::IssueNotice { .. } => Action::IssueNotice,
            Command::RecordStatement { .. } => Action::RecordStatement,
            Command::RequestHearing { .. } => Action::RequestHearing,
            Command::ScheduleHearing { .. } => Action::ScheduleHearing,
            Command::HoldHearing { .. } => Action::HoldHearing,
            Command::WithdrawHearing { .. } => Action::WithdrawHearing,
            Command::RecordHearingNoShow { .. } => Action::RecordHearingNoShow,
            Command::WaiveRights { .. } => Action::WaiveRights,
            Command::Decide { .. } => Action::Decide,
            Command::RecordService { .. } => Action::RecordService,
            Command::RecordExecution { .. } => Action::RecordExecution,
            Command::RecordFinePayment { .. } => Action::RecordFinePayment,
            Command::CollectOnSpot { .. } => Action::CollectOnSpot,
            Command::HandInCollection { .. } => Action::HandInCollection,
            Command::ApproveDeferral { .. } => Action::ApproveDeferral,
            Command::ApproveInstalments { .. } => Action::ApproveInstalments,
            Command::RecordRemedy { .. } => Action::RecordRemedy,
            Command::EndRemedy { .. } => Action::EndRemedy,
            Command::ApplyCourtEnforcement { .. } => Action::ApplyCourtEnforcement,
            Command::RecordResult { .. } => Action::RecordResult,
            Command::Accept { .. } => Action::Accept,
            Command::RejectApplication { .. } => Action::RejectApplication,
            Command::RequestCorrection { .. } => Action::RequestCorrection,
            Command::ReceiveSupplement { .. } => Action::ReceiveSupplement,
            Command::ExtendReview { .. } => Action::ExtendReview,
            Command::DecideLicence { .. } => Action::DecideLicence,
            Command::IssueCertificate { .. } => Action::IssueCertificate,
            Command::Assess { .. } => Action::Assess,
            Command::RecordPayment { .. } => Action::RecordPayment,
            Command::ApproveMeasure { .. } => Action::ApproveMeasure,
            Command::ImplementMeasure { .. } => Action::ImplementMeasure,
            Command::DisapproveMeasure { .. } => Action::DisapproveMeasure,
            Command::ExtendMeasure { .. } => Action::ExtendMeasure,
            Command::EndMeasure { .. } => Action::EndMeasure,
            Command::Close { .. } => Action::Close,
            Command::Archive { .. } => Action::Archive,
        }
    }
}

/// What the gates need to know beyond the case itself, gathered by the caller from the database.
#[derive(Debug, Clone)]
pub struct GateContext<'a> {
    /// Rule parameters.
    pub settings: &'a RuleSettings,
    /// Working-day calendar.
    pub calendar: &'a Calendar,
    /// Enforcement category of the case's matter; certificates must cover it.
    pub category: String,
    /// Officers taking part in this act, with their certificates.
    pub officers: Vec<ActingOfficer>,
    /// Officers who investigated the case (may not preside over its hearing, art. 64).
    pub investigators: Vec<OfficerId>,
    /// Activities of this act for which a continuous video record has been filed.
    pub videos: Vec<Activity>,
    /// An on-site record (笔录) has been filed for this act.
    pub on_site_record: bool,
    /// An approving legal review opinion exists (art. 58).
    pub legal_review_approved: bool,
    /// A collective-deliberation record exists (art. 57).
    pub deliberation_recorded: bool,
    /// The party signed consent to electronic service (art. 61).
    pub e_service_consent: bool,
    /// The case file is complete (案卷标准), as scored by the completeness check.
    pub file_complete: bool,
    /// The party's birth date, when its resident id tells it (行政处罚法 art. 30).
    pub party_born_on: Option<NaiveDate>,
    /// The illegal act this case concerns (party, violation, day), when the case says enough
    /// to name it: a fine for it is compared with `fines_decided` (art. 29).
    pub act: Option<IllegalAct>,
    /// Fines the agency has already decided in its other cases, with the act each punished.
    pub fines_decided: Vec<FineDecided>,
}

/// One illegal act, as far as the case file names it: who (the party's identifier number),
/// what (the violation as the case states it) and when (the day it occurred or ended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalAct {
    /// The party's credit code, resident id or other document number.
    pub party_id: String,
    /// The violation, e.g. 未按规定保存会计凭证 (trimmed; compared as written).
    pub violation: String,
    /// Day the violation occurred or, if continuing, ended.
    pub violation_on: NaiveDate,
}

/// A fine decided in another case of the agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FineDecided {
    /// That case's number, named in the refusal.
    pub case_number: String,
    /// The act it punished.
    pub act: IllegalAct,
}

impl<'a> GateContext<'a> {
    /// A context with nothing filed yet; callers set what applies.
    pub fn new(
        settings: &'a RuleSettings,
        calendar: &'a Calendar,
        category: impl Into<String>,
    ) -> Self {
        Self {
            settings,
            calendar,
            category: category.into(),
            officers: Vec::new(),
            investigators: Vec::new(),
            videos: Vec::new(),
            on_site_record: false,
            legal_review_approved: false,
            deliberation_recorded: false,
            e_service_consent: false,
            file_complete: false,
            party_born_on: None,
            act: None,
            fines_decided: Vec::new(),
        }
    }
}

/// Kind of a record in the case timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// 笔录.
    Transcript,
    /// 文书.
    Document,
    /// Photo.
    Photo,
    /// Audio.
    Audio,
    /// Video.
    Video,
    /// Note (also: an override and its reason).
    Note,
    /// Signature.
    Signature,
    /// A stage change or in-stage act decided by the domain.
    Transition,
    /// A correction of an earlier record.
    Correction,
}

/// A record the caller must write, in the same transaction as the new state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordDraft {
    /// Record kind.
    pub kind: RecordKind,
    /// Stage the record belongs to (the stage the act happened in).
    pub stage: Stage,
    /// The action that produced it.
    pub action: Action,
    /// Short title for the timeline.
    pub title: String,
    /// Text.
    pub text: String,
    /// Field date of the act, if any.
    pub occurred_on: Option<NaiveDate>,
    /// Server time of recording.
    pub recorded_at: DateTime<Utc>,
}

/// The domain's answer to an accepted command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The new state.
    pub state: CaseState,
    /// Records to append.
    pub records: Vec<RecordDraft>,
}
