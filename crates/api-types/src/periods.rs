//! Extensions and suspensions of a case's deadlines: the body of `POST /cases/{id}/periods`, and
//! how each is listed with its deadline (`cases::DeadlineInfo`).

use crate::cases::OfficerRef;
use chrono::NaiveDate;
use sanxiang_domain::case::{DeadlineKind, OfficerId, PeriodCommand, SuspensionGround};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::{Validate, ValidationError, ValidationErrors};

/// Records one adjustment of a running deadline: an extension approved by the agency head, or
/// the start or end of a period excluded from it (hearing, testing, announcement, expert review).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[schema(example = json!({"kind": "extension", "deadline": "decision", "days": 30, "approved_by": "6a3e1c52-0000-4000-8000-000000000009", "reason": "案情复杂，需补充调查", "on": "2026-11-20"}))]
pub enum PeriodRequest {
    /// Extend `deadline` by `days` (in the deadline's own unit) on the approval of `approved_by`
    /// (an approver of the agency), for the written `reason`, approved on `on`.
    Extension {
        deadline: DeadlineKind,
        days: u32,
        approved_by: Option<Uuid>,
        #[schema(max_length = 2000)]
        reason: String,
        on: NaiveDate,
    },
    /// Stop counting `deadline` from `on` (that day not counted) for `ground`.
    SuspensionStart {
        deadline: DeadlineKind,
        ground: SuspensionGround,
        on: NaiveDate,
    },
    /// Count `deadline` again after `on` (the last day not counted).
    SuspensionEnd {
        deadline: DeadlineKind,
        on: NaiveDate,
    },
}

impl PeriodRequest {
    /// The approver named, if any.
    pub fn approved_by(&self) -> Option<Uuid> {
        match self {
            Self::Extension { approved_by, .. } => *approved_by,
            _ => None,
        }
    }

    /// The domain command.
    pub fn command(&self) -> PeriodCommand {
        match self {
            Self::Extension {
                deadline,
                days,
                approved_by,
                reason,
                on,
            } => PeriodCommand::Extend {
                deadline: *deadline,
                days: *days,
                approved_by: approved_by.map(OfficerId),
                reason: reason.clone(),
                on: *on,
            },
            Self::SuspensionStart {
                deadline,
                ground,
                on,
            } => PeriodCommand::StartSuspension {
                deadline: *deadline,
                ground: *ground,
                on: *on,
            },
            Self::SuspensionEnd { deadline, on } => PeriodCommand::EndSuspension {
                deadline: *deadline,
                on: *on,
            },
        }
    }
}

impl Validate for PeriodRequest {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if let Self::Extension { reason, .. } = self {
            if reason.chars().count() > 2000 {
                let mut e = ValidationError::new("length");
                e.message = Some("at most 2000 characters".into());
                errors.add("reason", e);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// An approved extension, as listed with its deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExtensionView {
    /// Days added, in the deadline's unit (`DeadlineInfo.unit`).
    pub days: u32,
    /// The agency head who approved it (absent for an extension recorded before approvals were
    /// kept with it).
    pub approved_by: Option<OfficerRef>,
    pub reason: String,
    /// Day of the approval.
    pub on: NaiveDate,
}

/// A period excluded from its deadline, as listed with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SuspensionView {
    pub ground: SuspensionGround,
    /// Chinese name of the ground, e.g. 听证.
    pub label: String,
    /// First day not counted.
    pub from: NaiveDate,
    /// Last day not counted; null while the suspension is open.
    pub to: Option<NaiveDate>,
    /// Days excluded, in the deadline's unit; null while open or when the calendar lacks the year.
    pub excluded_days: Option<u32>,
}
