//! Stage-machine and deadline tests: whole walks per kind, refusals, and deadlines per article.
//! Shared fixtures live here; the tests are split by kind.

mod deadlines;
mod execution;
mod other_kinds;
mod penalty;
mod periods;
mod procedure;

use super::*;
use crate::calendar::Calendar;
use crate::party::PartyKind;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Noon in Beijing on `s`.
pub(super) fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}T04:00:00Z"))
        .unwrap()
        .with_timezone(&Utc)
}

pub(super) fn oid(n: u128) -> OfficerId {
    OfficerId(Uuid::from_u128(n))
}

pub(super) fn certified(n: u128) -> ActingOfficer {
    ActingOfficer {
        id: oid(n),
        name: format!("执法员{n}"),
        certificates: vec![Certificate {
            number: format!("财{n}"),
            valid_from: d("2020-01-01"),
            valid_until: d("2030-12-31"),
            status: CertificateStatus::Valid,
            categories: vec!["财政".into()],
            area: "桓仁县".into(),
        }],
    }
}

pub(super) struct World {
    pub(super) settings: RuleSettings,
    pub(super) cal: Calendar,
}

impl World {
    pub(super) fn new() -> Self {
        Self {
            settings: RuleSettings::default(),
            cal: Calendar::shipped().unwrap(),
        }
    }
    /// A context where every filed item exists, so a walk isolates one gate at a time.
    pub(super) fn ctx(&self) -> GateContext<'_> {
        let mut c = GateContext::new(&self.settings, &self.cal, "财政");
        c.officers = vec![certified(1), certified(2)];
        c.investigators = vec![oid(1), oid(2)];
        c.videos = vec![Activity::Seizure, Activity::ForcedExecution];
        c.on_site_record = true;
        c.legal_review_approved = true;
        c.deliberation_recorded = true;
        c.file_complete = true;
        c
    }
}

pub(super) fn step(s: &CaseState, cmd: Command, ctx: &GateContext<'_>, day: &str) -> CaseState {
    let out =
        decide(s, &cmd, ctx, at(day)).unwrap_or_else(|e| panic!("{cmd:?} at {:?}: {e}", s.stage));
    assert_eq!(out.records[0].kind, RecordKind::Transition);
    out.state
}

pub(super) fn fine(fen: i64) -> Sanction {
    Sanction {
        fine_fen: fen,
        ..Sanction::default()
    }
}

pub(super) fn penalty(flags: CaseFlags) -> CaseState {
    CaseState::open(
        CaseKind::Penalty,
        Procedure::Ordinary,
        PartyKind::Organisation,
        flags,
    )
    .unwrap()
}

pub(super) fn file() -> Command {
    Command::File {
        on: d("2025-03-03"),
        violation_on: d("2024-12-01"),
        discovered_on: d("2025-02-20"),
        grave_harm: false,
        limitation_override: None,
    }
}
