//! Flagging: which catalogue criteria a draft decision meets. Matched → legal review required
//! (行政处罚法 art. 58); a matched penalty is also "major" for collective deliberation (art. 57).

use super::catalogue::{Catalogue, Criterion};
use super::discretion::{yuan_zh, DiscretionRef};
use crate::case::Sanction;
use crate::party::PartyKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the draft decides (行政处罚法 art. 57 (一)–(四)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// 给予行政处罚.
    Penalty,
    /// 不予行政处罚.
    NoPenalty,
    /// 移送司法机关.
    TransferToJudicial,
}

/// Facts only officers can judge, set on the case before review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerFlags {
    /// 涉及重大公共利益.
    pub major_public_interest: bool,
    /// 疑难复杂、涉及多个法律关系.
    pub complex: bool,
    /// 涉嫌犯罪.
    pub suspected_crime: bool,
    /// Keys of the agency's custom criteria that apply.
    pub custom: BTreeSet<String>,
}

/// The draft decision as submitted for review. `legal_basis` is compared between approval and
/// decision (a change makes the approval stale).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftDecision {
    /// Person or organisation: picks the amount threshold.
    pub party_kind: PartyKind,
    /// Kind of outcome.
    pub outcome: OutcomeKind,
    /// The proposed penalty (empty unless `outcome` is `Penalty`).
    pub sanction: Sanction,
    /// Legal basis cited (articles), in order.
    pub legal_basis: Vec<String>,
    /// A hearing was held.
    pub hearing_held: bool,
    /// Officer-set flags.
    pub flags: OfficerFlags,
    /// The violation type's discretion standard and the circumstances assessed (行政处罚法
    /// art. 34); checked by `check_discretion`, never a reason for review by itself.
    #[serde(default)]
    pub discretion: Option<DiscretionRef>,
}

/// One matched criterion with the reason, for the case log and the reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedCriterion {
    /// The criterion as written in the catalogue version.
    pub criterion: Criterion,
    /// Why it matched (Chinese).
    pub reason: String,
}

/// The answer of `evaluate`, recorded in the case log with the catalogue version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flagging {
    /// The catalogue version applied.
    pub catalogue_version: u32,
    /// Criteria met, in catalogue order.
    pub matched: Vec<MatchedCriterion>,
    /// Legal review required before the decision (行政处罚法 art. 58).
    pub review_required: bool,
    /// Collective deliberation required: a penalty in a complex or major case (art. 57).
    pub deliberation_required: bool,
}

/// Names under which `Sanction::other` lists the measures of 行政处罚法 art. 9 (四).
const SUSPENSION: &[&str] = &["停产停业", "限制开展生产经营活动", "suspension_of_business"];
const CLOSURE: &[&str] = &["责令关闭", "closure"];
const RESTRICTION: &[&str] = &["限制从业", "restriction_of_practice"];
const DOWNGRADE: &[&str] = &["降低资质等级", "lowered_qualification"];

fn other_contains(s: &Sanction, names: &[&str]) -> Option<String> {
    s.other
        .iter()
        .find(|o| names.iter().any(|n| o.contains(n)))
        .cloned()
}

fn amount_reason(d: &DraftDecision, person_fen: i64, organisation_fen: i64) -> Option<String> {
    let threshold = match d.party_kind {
        PartyKind::NaturalPerson => person_fen,
        PartyKind::Organisation => organisation_fen,
    };
    let s = &d.sanction;
    if s.fine_fen >= threshold {
        Some(format!(
            "罚款{}，不低于{}",
            yuan_zh(s.fine_fen),
            yuan_zh(threshold)
        ))
    } else if s.confiscation_fen >= threshold {
        Some(format!(
            "没收{}，不低于{}",
            yuan_zh(s.confiscation_fen),
            yuan_zh(threshold)
        ))
    } else {
        None
    }
}

fn matches(d: &DraftDecision, c: &Criterion) -> Option<String> {
    let penalty = d.outcome == OutcomeKind::Penalty;
    let s = &d.sanction;
    match c {
        Criterion::AmountAtLeast {
            person_fen,
            organisation_fen,
        } if penalty => amount_reason(d, *person_fen, *organisation_fen),
        Criterion::LicenceRevocationOrDowngrade if penalty => {
            // `Sanction::licence_suspension` covers 暂扣许可证件、降低资质等级 together.
            if s.licence_revocation {
                Some("吊销许可证件".into())
            } else if s.licence_suspension {
                Some("暂扣许可证件或降低资质等级".into())
            } else {
                other_contains(s, DOWNGRADE)
            }
        }
        Criterion::SuspensionOfBusiness if penalty => other_contains(s, SUSPENSION),
        Criterion::Closure if penalty => other_contains(s, CLOSURE),
        Criterion::RestrictionOfPractice if penalty => other_contains(s, RESTRICTION),
        Criterion::HearingHeld => d.hearing_held.then(|| "经过听证程序".into()),
        Criterion::MajorPublicInterest => d
            .flags
            .major_public_interest
            .then(|| "承办人员标记：涉及重大公共利益".into()),
        Criterion::ComplexMultipleRelationships => {
            d.flags.complex.then(|| "承办人员标记：疑难复杂".into())
        }
        Criterion::SuspectedCrime => {
            if d.outcome == OutcomeKind::TransferToJudicial {
                Some("拟移送司法机关".into())
            } else {
                d.flags
                    .suspected_crime
                    .then(|| "承办人员标记：涉嫌犯罪".into())
            }
        }
        Criterion::Custom { key, label } => d
            .flags
            .custom
            .contains(key)
            .then(|| format!("承办人员标记：{label}")),
        _ => None,
    }
}

/// Evaluates `draft` against `catalogue`: any match makes review required (行政处罚法 art. 58).
/// Sanction criteria apply only to a penalty; hearing, public interest, complexity, crime and
/// custom flags to any outcome.
pub fn evaluate(draft: &DraftDecision, catalogue: &Catalogue) -> Flagging {
    let matched: Vec<MatchedCriterion> = catalogue
        .criteria
        .iter()
        .filter_map(|c| {
            matches(draft, c).map(|reason| MatchedCriterion {
                criterion: c.clone(),
                reason,
            })
        })
        .collect();
    let review_required = !matched.is_empty();
    Flagging {
        catalogue_version: catalogue.version,
        deliberation_required: review_required && draft.outcome == OutcomeKind::Penalty,
        review_required,
        matched,
    }
}

/// A respect in which a draft changed that makes an approval stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DraftField {
    /// Penalty / no penalty / transfer.
    Outcome,
    /// Fine or confiscation amount.
    Amount,
    /// Kind of penalty (warning, licence, other measures).
    PenaltyType,
    /// Legal basis cited.
    LegalBasis,
}

/// What changed between two drafts in the respects that make an approval stale: outcome,
/// amounts, penalty type and legal basis. Flags and party kind are re-evaluated by `evaluate`.
pub fn draft_changes(before: &DraftDecision, after: &DraftDecision) -> Vec<DraftField> {
    let mut out = Vec::new();
    if before.outcome != after.outcome {
        out.push(DraftField::Outcome);
    }
    let (a, b) = (&before.sanction, &after.sanction);
    if a.fine_fen != b.fine_fen || a.confiscation_fen != b.confiscation_fen {
        out.push(DraftField::Amount);
    }
    if a.warning != b.warning
        || a.circulated_criticism != b.circulated_criticism
        || a.licence_suspension != b.licence_suspension
        || a.licence_revocation != b.licence_revocation
        || a.other != b.other
    {
        out.push(DraftField::PenaltyType);
    }
    if before.legal_basis != after.legal_basis {
        out.push(DraftField::LegalBasis);
    }
    out
}
