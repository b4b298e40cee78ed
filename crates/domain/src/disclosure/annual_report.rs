//! The annual enforcement report (年度行政执法数据, 国办发〔2018〕118号): last year's figures per
//! agency and kind, published by 31 January, with "0" for every power the agency holds and did
//! not use.
//!
//! A case counts in the year of its decision (penalty, licence), its inspection, its assessment
//! (fee) or its implementation (coercive measure); legal reviews and collective deliberations
//! count in the year they were completed.

use crate::case::{CaseKind, CaseState, Outcome};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Penalty figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct PenaltyFigures {
    /// Penalty decisions (给予行政处罚).
    pub decisions: u64,
    /// Decisions by type of penalty (a decision with several types counts in each).
    pub warning: u64,
    pub fine: u64,
    pub confiscation: u64,
    pub licence_suspension: u64,
    pub licence_revocation: u64,
    pub other: u64,
    /// 不予行政处罚.
    pub no_penalty: u64,
    /// 移送司法机关.
    pub transferred_to_judicial: u64,
    /// Sum of fines, fen.
    pub fines_total_fen: i64,
    /// Sum of confiscations, fen.
    pub confiscation_total_fen: i64,
}

/// Licence figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct LicenceFigures {
    pub decisions: u64,
    pub granted: u64,
    pub refused: u64,
}

/// Inspection figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct InspectionFigures {
    pub inspections: u64,
    pub no_problem: u64,
    pub rectification_orders: u64,
    pub referred_to_penalty: u64,
}

/// The count of one kind; `0` is reported for every power (118号: 无案件的填"0").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct KindCount {
    pub kind: CaseKind,
    pub count: u64,
    /// The agency holds this power (an enforcement matter of this kind, or all kinds when it
    /// lists none).
    pub power: bool,
}

/// One agency's figures for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct AnnualFigures {
    pub year: i32,
    /// Every kind the agency holds or used, in a stable order.
    pub by_kind: Vec<KindCount>,
    pub penalties: PenaltyFigures,
    pub licences: LicenceFigures,
    pub inspections: InspectionFigures,
    pub coercive_measures: u64,
    pub fees: u64,
    /// Sum of fees assessed, fen.
    pub fees_total_fen: i64,
    /// Legal reviews completed (行政处罚法 art. 58).
    pub legal_reviews: u64,
    /// Collective deliberations held (行政处罚法 art. 57).
    pub collective_deliberations: u64,
}

const ALL_KINDS: [CaseKind; 5] = [
    CaseKind::Penalty,
    CaseKind::Licence,
    CaseKind::Inspection,
    CaseKind::Fee,
    CaseKind::CoerciveMeasure,
];

fn in_year(d: Option<NaiveDate>, year: i32) -> bool {
    d.is_some_and(|d| d.year() == year)
}

/// Counts `cases` for `year`. `powers` are the kinds of the agency's enforcement matters; empty
/// means every kind.
pub fn annual_figures(year: i32, cases: &[CaseState], powers: &[CaseKind]) -> AnnualFigures {
    let mut f = AnnualFigures {
        year,
        by_kind: Vec::new(),
        penalties: PenaltyFigures::default(),
        licences: LicenceFigures::default(),
        inspections: InspectionFigures::default(),
        coercive_measures: 0,
        fees: 0,
        fees_total_fen: 0,
        legal_reviews: 0,
        collective_deliberations: 0,
    };
    let mut counts = [0u64; 5];
    for c in cases {
        if in_year(c.legal_review_done_on, year) {
            f.legal_reviews += 1;
        }
        if in_year(c.deliberation_done_on, year) {
            f.collective_deliberations += 1;
        }
        let counted = match c.kind {
            CaseKind::Penalty => match &c.decision {
                Some(d) if d.decided_on.year() == year => {
                    let p = &mut f.penalties;
                    match &d.outcome {
                        Outcome::Penalty { sanction: s } => {
                            p.decisions += 1;
                            p.warning += u64::from(s.warning);
                            p.fine += u64::from(s.fine_fen > 0);
                            p.confiscation += u64::from(s.confiscation_fen > 0);
                            p.licence_suspension += u64::from(s.licence_suspension);
                            p.licence_revocation += u64::from(s.licence_revocation);
                            p.other += u64::from(!s.other.is_empty());
                            p.fines_total_fen += s.fine_fen;
                            p.confiscation_total_fen += s.confiscation_fen;
                        }
                        Outcome::NoPenalty { .. } => p.no_penalty += 1,
                        Outcome::TransferToJudicial => p.transferred_to_judicial += 1,
                    }
                    true
                }
                _ => false,
            },
            CaseKind::Licence if in_year(c.licence.decided_on, year) => {
                f.licences.decisions += 1;
                match c.licence.granted {
                    Some(true) => f.licences.granted += 1,
                    Some(false) => f.licences.refused += 1,
                    None => {}
                }
                true
            }
            CaseKind::Inspection if in_year(c.inspected_on, year) => {
                let i = &mut f.inspections;
                i.inspections += 1;
                match c.inspection_result {
                    Some(crate::case::InspectionResult::NoProblem) => i.no_problem += 1,
                    Some(crate::case::InspectionResult::RectificationOrder) => {
                        i.rectification_orders += 1
                    }
                    Some(crate::case::InspectionResult::ReferToPenalty { .. }) => {
                        i.referred_to_penalty += 1
                    }
                    None => {}
                }
                true
            }
            CaseKind::Fee if in_year(c.fee.assessed_on, year) => {
                f.fees += 1;
                f.fees_total_fen += c.fee.amount_fen;
                true
            }
            CaseKind::CoerciveMeasure if in_year(c.measure.started_on, year) => {
                f.coercive_measures += 1;
                true
            }
            _ => false,
        };
        if counted {
            if let Some(i) = ALL_KINDS.iter().position(|k| *k == c.kind) {
                counts[i] += 1;
            }
        }
    }
    for (i, kind) in ALL_KINDS.into_iter().enumerate() {
        let power = powers.is_empty() || powers.contains(&kind);
        if power || counts[i] > 0 {
            f.by_kind.push(KindCount {
                kind,
                count: counts[i],
                power,
            });
        }
    }
    f
}

/// The report of `year` may be drafted and published from 1 January of the next year.
pub fn report_ready(year: i32, today: NaiveDate) -> bool {
    today.year() > year
}

/// Publication is due by 31 January of the next year (118号); unpublished after that day it is
/// overdue.
pub fn report_due(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year + 1, 1, 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{CaseFlags, DecisionInfo, Procedure, Sanction};
    use crate::party::PartyKind;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn penalty(on: &str, fine_fen: i64) -> CaseState {
        let mut c = CaseState::open(
            CaseKind::Penalty,
            Procedure::Ordinary,
            PartyKind::Organisation,
            CaseFlags::default(),
        )
        .unwrap();
        c.decision = Some(DecisionInfo {
            decided_on: d(on),
            outcome: Outcome::Penalty {
                sanction: Sanction {
                    warning: true,
                    fine_fen,
                    ..Sanction::default()
                },
            },
        });
        c
    }

    /// 118号: every power is reported, "0" where there were no cases.
    #[test]
    fn zeros_for_powers_without_cases_118() {
        let f = annual_figures(2025, &[], &[CaseKind::Penalty, CaseKind::Inspection]);
        assert_eq!(
            f.by_kind,
            vec![
                KindCount {
                    kind: CaseKind::Penalty,
                    count: 0,
                    power: true
                },
                KindCount {
                    kind: CaseKind::Inspection,
                    count: 0,
                    power: true
                },
            ]
        );
        // No enforcement matters listed: every kind, all zero.
        assert_eq!(annual_figures(2025, &[], &[]).by_kind.len(), 5);
    }

    #[test]
    fn counts_by_decision_year() {
        let cases = [
            penalty("2025-03-01", 50_000),
            penalty("2025-12-31", 20_000),
            penalty("2026-01-01", 99_900),
        ];
        let f = annual_figures(2025, &cases, &[CaseKind::Licence]);
        assert_eq!(f.penalties.decisions, 2);
        assert_eq!(f.penalties.fine, 2);
        assert_eq!(f.penalties.warning, 2);
        assert_eq!(f.penalties.fines_total_fen, 70_000);
        // A kind used without a listed power is still reported.
        assert!(f.by_kind.contains(&KindCount {
            kind: CaseKind::Penalty,
            count: 2,
            power: false
        }));
    }

    #[test]
    fn ready_from_january_due_by_31_january() {
        assert!(!report_ready(2025, d("2025-12-31")));
        assert!(report_ready(2025, d("2026-01-01")));
        assert_eq!(report_due(2025), Some(d("2026-01-31")));
    }
}
