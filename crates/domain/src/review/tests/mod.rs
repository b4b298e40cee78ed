//! Review tests, table-driven and citing their articles. Shared fixtures live here.

mod catalogue;
mod discretion;
mod flagging;
mod gates;
mod rounds;

use super::*;
use crate::case::{yuan, OfficerId, Sanction};
use crate::party::PartyKind;
use chrono::NaiveDate;
use uuid::Uuid;

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn oid(n: u128) -> OfficerId {
    OfficerId(Uuid::from_u128(n))
}

pub(super) fn agency() -> Uuid {
    Uuid::from_u128(0xA)
}

pub(super) fn fine(party_kind: PartyKind, fine_fen: i64) -> DraftDecision {
    DraftDecision {
        party_kind,
        outcome: OutcomeKind::Penalty,
        sanction: Sanction {
            fine_fen,
            ..Sanction::default()
        },
        legal_basis: vec!["《财政违法行为处罚处分条例》第十六条".into()],
        hearing_held: false,
        flags: OfficerFlags::default(),
        discretion: None,
    }
}

pub(super) fn material(id: &str, hash: &str) -> Material {
    Material {
        id: id.into(),
        kind: MaterialKind::Other,
        sha256: hash.into(),
    }
}

pub(super) fn submission(on: &str, draft: DraftDecision) -> Submission {
    Submission {
        submitted_by: oid(1),
        submitted_on: d(on),
        materials: vec![
            material("report", "h1"),
            material("draft", "h2"),
            material("evidence", "h3"),
        ],
        draft,
    }
}

/// Handlers 1, investigators 1 and 2.
pub(super) fn participants() -> CaseParticipants {
    CaseParticipants {
        handlers: vec![oid(1)],
        investigators: vec![oid(1), oid(2)],
    }
}

pub(super) fn reviewer(n: u128, qualified: bool) -> ReviewerProfile {
    ReviewerProfile {
        id: oid(n),
        agency_id: agency(),
        is_legal_reviewer: true,
        legal_qualification: qualified,
        newly_appointed: false,
    }
}

/// A review of a 20,000-yuan fine on a person, requested 2024-10-08, assigned to reviewer 9.
pub(super) fn assigned() -> Review {
    Review::request(
        Uuid::from_u128(0xC),
        agency(),
        1,
        submission("2024-10-08", fine(PartyKind::NaturalPerson, yuan(20_000))),
    )
    .unwrap()
    .assign(&reviewer(9, true), &participants(), d("2024-10-08"))
    .unwrap()
}

/// Answers all 11 items `Pass`.
pub(super) fn all_pass(mut r: Review, by: OfficerId) -> Review {
    for item in ChecklistItem::ALL {
        r = r.answer_item(by, item, Finding::Pass, "").unwrap();
    }
    r
}

pub(super) fn problems(text: &str) -> Opinion {
    Opinion::ProblemsFound {
        must_change: vec![text.into()],
    }
}
