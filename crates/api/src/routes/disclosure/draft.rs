//! The disclosure draft made when a case is decided: a penalty decision (行政处罚决定), a
//! licence decision or an inspection result. Computed before the deciding transaction and
//! written inside it, so a decision never exists without its draft (and vice versa).
//!
//! What the system holds decides: every person the case's records name, and the officers'
//! names, are masked in the draft's texts before any editor sees them (行政处罚法 art. 50); a
//! minor party (by the resident id on the day of the act) withholds the decision whatever a
//! tick box says; the due date is not stored but computed on read (`disclosure::due`).

use crate::error::ApiError;
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use sanxiang_domain::case::{CaseKind, CaseState, InspectionResult, Outcome};
use sanxiang_domain::disclosure::credit::{self, PenaltyKind};
use sanxiang_domain::disclosure::publication::{
    automatic_withholding, credit_code, person_id_number, premask, sanction_words, DecisionSource,
    ResourceType, Severity,
};
use sanxiang_persistence::cases::StoredCase;
use sanxiang_persistence::disclosure::decisions::NewDraft;
use sanxiang_persistence::{accounts, cases};

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
                        .unwrap_or_else(|| state.today());
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
    // Persons named in the records (witnesses, relatives, employees…) and the officers: never
    // published, masked before an editor sees the draft.
    let persons = cases::persons_named(&state.db, case.id).await?;
    let mut officer_ids = case.officer_ids.clone();
    officer_ids.push(case.handling_officer_id);
    officer_ids.sort();
    officer_ids.dedup();
    let officer_names = case_view::names(state, &officer_ids).await?;
    let mut third_persons: Vec<String> = persons.iter().map(|p| p.name.clone()).collect();
    for name in officer_names.into_values() {
        if name.chars().count() >= 2 && name != case.party.name && !third_persons.contains(&name) {
            third_persons.push(name);
        }
    }
    third_persons.retain(|n| *n != case.party.name);
    let mut private_numbers: Vec<String> = Vec::new();
    for n in persons.iter().filter_map(|p| p.id_number.clone()) {
        if !private_numbers.contains(&n) {
            private_numbers.push(n);
        }
    }
    // What the 双公示 templates report besides the published texts.
    let (penalty_kinds, licence_document) = match after.decision.as_ref().map(|d| &d.outcome) {
        Some(Outcome::Penalty { sanction }) if case.kind == CaseKind::Penalty => (
            PenaltyKind::of_sanction(sanction),
            sanction.licence_document.clone(),
        ),
        _ => (Vec::new(), None),
    };
    let licence_granted =
        (case.kind == CaseKind::Licence).then_some(after.licence.granted.unwrap_or(false));
    let mut source = DecisionSource {
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
        third_persons,
        private_numbers,
        individual_business: case.party.individual_business,
        legal_representative: case.party.legal_representative.clone(),
        party_codes: case.party.codes.clone(),
        id_type: credit::id_type(&case.party),
        penalty_kinds,
        licence_document,
        licence_granted,
        licence: after
            .licence_terms
            .clone()
            .filter(|_| licence_granted == Some(true)),
    };
    premask(&mut source);
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
    }))
}
