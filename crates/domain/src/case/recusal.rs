//! Recusal (回避, 行政处罚法 art. 43): an officer with a direct interest in the case or another
//! relation that may affect impartial enforcement withdraws, of their own motion or on the
//! party's request; the agency head decides. A withdrawn officer is off the case for good.

use super::error::RuleViolation;
use super::gates;
use super::officer::ActingOfficer;
use super::state::{CaseState, Recusal, RecusalSource};

/// Records the agency head's decision on a recusal: the new state (with the recusal kept) and
/// the text of the record that goes into the file. Refused without written facts, for an
/// officer already withdrawn, or decided before it was raised.
pub fn decide_recusal(
    state: &CaseState,
    officer: &ActingOfficer,
    recusal: Recusal,
) -> Result<(CaseState, String), RuleViolation> {
    if recusal.reason.trim().is_empty() {
        return Err(RuleViolation::RecusalReasonRequired);
    }
    gates::check_not_withdrawn(state, std::slice::from_ref(officer))?;
    gates::check_not_before(recusal.decided_on, Some(recusal.raised_on))?;
    let source = match recusal.source {
        RecusalSource::Officer => "执法人员自行申请回避",
        RecusalSource::Party => "当事人申请回避",
    };
    let decision = if recusal.granted {
        "决定：准予回避，该执法人员自即日起不再参与本案执法，也不得再被指派办理本案。"
    } else {
        "决定：不予回避，该执法人员继续办理本案。"
    };
    let text = format!(
        "{source}（{raised}）：执法人员{name}{ground}。事实和理由：{reason}\n{decision}（行政机关负责人于{decided}决定，行政处罚法第四十三条）",
        raised = recusal.raised_on,
        name = officer.name,
        ground = recusal.ground.label_zh(),
        reason = recusal.reason.trim(),
        decided = recusal.decided_on,
    );
    let mut next = state.clone();
    next.recusals.push(recusal);
    Ok((next, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{CaseFlags, CaseKind, OfficerId, Procedure, RecusalGround};
    use crate::party::PartyKind;
    use chrono::NaiveDate;
    use uuid::Uuid;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn officer(n: u128) -> ActingOfficer {
        ActingOfficer {
            id: OfficerId(Uuid::from_u128(n)),
            name: format!("执法员{n}"),
            certificates: vec![],
        }
    }

    fn recusal(n: u128, granted: bool, reason: &str) -> Recusal {
        Recusal {
            officer: OfficerId(Uuid::from_u128(n)),
            source: RecusalSource::Party,
            ground: RecusalGround::CloseRelative,
            reason: reason.into(),
            raised_on: d("2025-03-10"),
            decided_by: OfficerId(Uuid::from_u128(9)),
            decided_on: d("2025-03-11"),
            granted,
        }
    }

    /// 行政处罚法 art. 43: a withdrawn officer neither acts nor is assigned again; a refused
    /// request is recorded and changes nothing; a recusal states its facts.
    #[test]
    fn art43_recusal_withdraws_the_officer_for_good() {
        let s = CaseState::open(
            CaseKind::Penalty,
            Procedure::Ordinary,
            PartyKind::Organisation,
            CaseFlags::default(),
        )
        .unwrap();
        let (kept, text) =
            decide_recusal(&s, &officer(1), recusal(1, false, "当事人称其为表兄")).unwrap();
        assert!(!kept.has_withdrawn(OfficerId(Uuid::from_u128(1))));
        assert!(text.contains("不予回避"), "{text}");
        let (out, text) = decide_recusal(
            &kept,
            &officer(1),
            recusal(1, true, "系当事人法定代表人之子"),
        )
        .unwrap();
        assert!(out.has_withdrawn(OfficerId(Uuid::from_u128(1))));
        assert!(
            text.contains("准予回避") && text.contains("第四十三条"),
            "{text}"
        );
        assert_eq!(
            gates::check_not_withdrawn(&out, &[officer(2), officer(1)])
                .unwrap_err()
                .code(),
            "officer_withdrawn"
        );
        assert!(gates::check_not_withdrawn(&out, &[officer(2)]).is_ok());
        assert_eq!(
            decide_recusal(&out, &officer(1), recusal(1, true, "再次申请"))
                .unwrap_err()
                .code(),
            "officer_withdrawn"
        );
        assert_eq!(
            decide_recusal(&s, &officer(2), recusal(2, true, "  "))
                .unwrap_err()
                .code(),
            "reason_required"
        );
    }
}
