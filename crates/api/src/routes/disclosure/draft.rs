//! The disclosure draft made when a case is decided: a penalty decision (行政处罚决定), a
//! licence decision or an inspection result. Computed before the deciding transaction and
//! written inside it, so a decision never exists without its draft (and vice versa).

use crate::error::ApiError;
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use sanxiang_domain::case::{CaseKind, CaseState, InspectionResult, Outcome};
use sanxiang_domain::disclosure::publication::{
    automatic_withholding, credit_code, person_id_number, sanction_words, DecisionSource,
    ResourceType, Severity,
};
use sanxiang_persistence::accounts;
use sanxiang_persistence::cases::StoredCase;
use sanxiang_persistence::disclosure::decisions::NewDraft;

/// The draft to write with this transition, if it makes a decision public-worthy.
pub async fn for_transition(
    state: &AppState,
    case: &StoredCase,
    before: &CaseState,
    after: &CaseState,
    legal_basis: Vec<String>,
) -> Result<Option<NewDraft>, ApiError> {
    let settings = &state.config.disclosure;
    let (resource, decided_on, categories, content, fine, confiscation, licence, severity, outcome) =
        match case.kind {
            CaseKind::Penalty => match (&before.decision, &after.decision) {
                (None, Some(d)) => match &d.outcome {
                    Outcome::Penalty { sanction } => {
                        let (cats, content, licence) = sanction_words(sanction);
                        (
                            ResourceType::Decision,
                            d.decided_on,
                            cats,
                            content,
                            sanction.fine_fen,
                            sanction.confiscation_fen,
                            licence,
                            settings.severity(sanction),
                            Some(d.outcome.clone()),
                        )
                    }
                    // 不予处罚 and transfers to judicial organs are not published as penalties.
                    _ => return Ok(None),
                },
                _ => return Ok(None),
            },
            CaseKind::Licence => match (before.licence.decided_on, after.licence.decided_on) {
                (None, Some(on)) => {
                    let granted = after.licence.granted.unwrap_or(false);
                    let word = if granted {
                        "准予行政许可"
                    } else {
                        "不予行政许可"
                    };
                    (
                        ResourceType::Decision,
                        on,
                        vec![word.to_owned()],
                        word.to_owned(),
                        0,
                        0,
                        None,
                        Severity::General,
                        None,
                    )
                }
                _ => return Ok(None),
            },
            CaseKind::Inspection => match (&before.inspection_result, &after.inspection_result) {
                (None, Some(r)) => {
                    let word = match r {
                        InspectionResult::NoProblem => "未发现问题",
                        InspectionResult::RectificationOrder => "发现问题，责令整改",
                        InspectionResult::ReferToPenalty { .. } => "发现问题，移交立案查处",
                    };
                    let on = after
                        .inspected_on
                        .or(after.filed_on)
                        .unwrap_or_else(case_view::today);
                    (
                        ResourceType::InspectionResult,
                        on,
                        vec![word.to_owned()],
                        word.to_owned(),
                        0,
                        0,
                        None,
                        Severity::General,
                        None,
                    )
                }
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
    let agency = accounts::get_agency(&state.db, case.agency_id).await?;
    let cal = case_view::calendar(state).await?;
    let due_on = settings
        .publish_due(resource, case.kind, decided_on, &cal)
        .unwrap_or_else(|_| sanxiang_domain::calendar::add_calendar_days(decided_on, 7));
    let source = DecisionSource {
        party_name: case.party.name.clone(),
        party_kind: case.party.kind,
        credit_code: credit_code(&case.party),
        person_id_number: person_id_number(&case.party),
        address: case.party.address.clone(),
        contact: case.party.contact.clone(),
        decision_number: case.case_number.clone(),
        violation_type: case.category.clone(),
        facts: case.title.clone(),
        legal_basis,
        categories,
        content,
        fine_fen: fine,
        confiscation_fen: confiscation,
        licence_action: licence,
        decided_on,
        agency_name: agency.name,
        agency_credit_code: agency.credit_code,
        third_persons: vec![],
    };
    Ok(Some(NewDraft {
        agency_id: case.agency_id,
        case_id: case.id,
        resource_type: resource,
        case_kind: case.kind,
        publication_end: settings.publication_end(resource, case.kind, severity, decided_on),
        withheld: automatic_withholding(
            &case.party,
            outcome.as_ref(),
            after.violation_on.unwrap_or(decided_on),
            settings,
        ),
        source,
        severity,
        due_on,
    }))
}
