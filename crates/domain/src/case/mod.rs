//! Cases: kinds, stage machines, gates and deadlines — whole-process recording (执法全过程记录).
//!
//! A transition is a command: `decide(state, command, context, now)` answers with the new state
//! and the records to write, or with a typed `RuleViolation` whose `code()` the API returns.
//! `allowed_actions(state)` lists what the app may offer now. Deadlines are computed from the
//! case's dates by `case_deadlines`, each with its unit and article.

mod coercion;
mod command;
pub mod completeness;
mod deadlines;
pub mod duty;
mod error;
pub mod gates;
mod kind;
mod machine;
mod officer;
pub mod payment;
pub mod periods;
pub mod persons;
pub mod progress;
mod recusal;
mod sanction;
mod settings;
mod state;
pub mod video;

pub use command::{
    Command, Decision, FineDecided, GateContext, IllegalAct, Override, RecordDraft, RecordKind,
};
pub use deadlines::{
    case_deadlines, case_deadlines_on, late_surcharge_fen, CaseDeadline, DeadlineKind,
};
pub use duty::{check_duty, CaseAct, DutyRefusal, Standing};
pub use error::RuleViolation;
pub use kind::{Action, CaseKind, Procedure, Stage};
pub use machine::{allowed_actions, decide};
pub use officer::{ActingOfficer, Certificate, CertificateStatus, OfficerId};
pub use payment::{
    CollectionGround, Instalment, PaymentInfo, PaymentStatus, RemedyKind, RemedyResult,
};
pub use periods::{
    adjust_period, CasePeriods, Extension, ExtensionRule, PeriodCommand, PeriodContext,
    PeriodDecision, PeriodRefusal, Suspension, SuspensionGround, SuspensionRule,
};
pub use persons::{PersonError, PersonNamed, PersonRole};
pub use recusal::decide_recusal;
pub use sanction::{yuan, InspectionResult, NoPenaltyGround, Outcome, Sanction, ServiceMethod};
pub use settings::{Activity, RuleSettings};
pub use state::{
    CaseFlags, CaseState, DecisionInfo, FeeInfo, HearingEnd, HearingInfo, LicenceInfo, MeasureInfo,
    NoticeInfo, Preservation, Recusal, RecusalGround, RecusalSource, SeizureList, ServiceInfo,
};
pub use video::{video_prompts, VideoLevel, VideoPrompt};

#[cfg(test)]
mod tests;
