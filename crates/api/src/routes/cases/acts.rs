//! The illegal act a case concerns, and the fines the agency already decided for acts, for the
//! one act, one fine check (行政处罚法 art. 29) the domain runs on a penalty decision.

use crate::error::ApiError;
use crate::state::AppState;
use chrono::NaiveDate;
use sanxiang_domain::case::{FineDecided, IllegalAct, Outcome};
use sanxiang_domain::party::PartyId;
use sanxiang_persistence::cases::{self, StoredCase};

/// The act of `case` as far as its file names it: the party's identifier number, the violation
/// (the case title, e.g. 未按规定保存会计凭证) and the day of the violation (for an on-the-spot
/// case, which records none, `decided_on`). `None` for a party without an identifier: such an
/// act cannot be matched with certainty.
pub fn illegal_act(case: &StoredCase, decided_on: Option<NaiveDate>) -> Option<IllegalAct> {
    let party_id = match case.party.id.as_ref()? {
        PartyId::CreditCode(c) => c.as_str().to_owned(),
        PartyId::ResidentId(r) => r.as_str().to_owned(),
        PartyId::Other { kind, number } => format!("{kind}:{number}"),
    };
    Some(IllegalAct {
        party_id,
        violation: case.title.trim().to_owned(),
        violation_on: case.state.violation_on.or(decided_on)?,
    })
}

/// The fines decided in the agency's other penalty cases, each with the act it punished.
pub async fn fines_decided(
    state: &AppState,
    case: &StoredCase,
) -> Result<Vec<FineDecided>, ApiError> {
    let others = cases::penalised_cases(&state.db, case.agency_id, case.id).await?;
    Ok(others
        .iter()
        .filter_map(|c| {
            let d = c.state.decision.as_ref()?;
            match &d.outcome {
                Outcome::Penalty { sanction } if sanction.fine_fen > 0 => Some(FineDecided {
                    case_number: c.case_number.clone(),
                    act: illegal_act(c, Some(d.decided_on))?,
                }),
                _ => None,
            }
        })
        .collect())
}
