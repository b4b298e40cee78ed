use super::{view, CaseOpener};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::cases::{CaseDetail, CreateCase, PartyIdType, PartyInput};
use sanxiang_domain::account::Role;
use sanxiang_domain::case::{CaseFlags, CaseState, RecordKind};
use sanxiang_domain::party::{CreditCode, Party, PartyCodes, PartyId, ResidentId};
use sanxiang_persistence::cases::{self, NewCase, NewRecord};
use sanxiang_persistence::{accounts, StoreError};

/// Parses the party: identifiers are checked by their check character (GB 32100, GB 11643).
pub(crate) fn parse_party(p: PartyInput) -> Result<Party, ApiError> {
    let field = "party.id_number";
    let id = match (p.id_type, p.id_number) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(ApiError::field(
                "party.id_type",
                "say what kind of identifier this is",
            ))
        }
        (Some(_), None) => return Err(ApiError::field(field, "the number is missing")),
        (Some(PartyIdType::CreditCode), Some(n)) => Some(PartyId::CreditCode(
            CreditCode::parse(&n).map_err(|e| ApiError::field(field, e.to_string()))?,
        )),
        (Some(PartyIdType::ResidentId), Some(n)) => Some(PartyId::ResidentId(
            ResidentId::parse(&n).map_err(|e| ApiError::field(field, e.to_string()))?,
        )),
        (Some(PartyIdType::Other), Some(n)) => {
            let kind = p
                .id_kind
                .ok_or_else(|| ApiError::field("party.id_kind", "name the document, e.g. 护照"))?;
            Some(PartyId::Other {
                kind,
                number: n.trim().to_owned(),
            })
        }
    };
    Ok(Party {
        kind: p.kind,
        name: p.name.trim().to_owned(),
        id,
        address: p.address.filter(|a| !a.trim().is_empty()),
        contact: p.contact.filter(|c| !c.trim().is_empty()),
        minor: p.minor,
        individual_business: p.individual_business,
        legal_representative: p
            .legal_representative
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()),
        codes: p.codes.map(trim_codes).unwrap_or_default(),
    })
}

/// The secondary codes without blanks; an empty code is none.
fn trim_codes(c: PartyCodes) -> PartyCodes {
    let t = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    PartyCodes {
        business_registration_number: t(c.business_registration_number),
        organisation_code: t(c.organisation_code),
        tax_registration_number: t(c.tax_registration_number),
        public_institution_number: t(c.public_institution_number),
        social_organisation_number: t(c.social_organisation_number),
    }
}

/// Opens a case. The number comes from the agency's template (e.g. 桓财罚〔2026〕12号); the
/// assigned officers must be this agency's officers.
#[utoipa::path(tag = "cases", security(("bearer" = [])), request_body = CreateCase, responses(
    (status = 201, description = "Opened", body = CaseDetail),
    (status = 403, description = "Not an officer", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (`validation_failed`, `procedure_not_applicable`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/cases")]
pub async fn create_case(
    auth: Auth<CaseOpener>,
    state: web::Data<AppState>,
    body: Valid<CreateCase>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let agency_id = auth.agency_id();
    let party = parse_party(b.party)?;
    let handling = b.handling_officer_id.unwrap_or(auth.user.id);
    let mut officer_ids = b.officer_ids.clone();
    officer_ids.push(handling);
    officer_ids.sort();
    officer_ids.dedup();
    let not_officer = || {
        ApiError::field(
            "officer_ids",
            "every officer must be an active officer of your agency",
        )
    };
    for uid in &officer_ids {
        match accounts::get_user(&state.db, *uid).await {
            Ok(u) if u.agency_id == agency_id && u.active && u.has_role(Role::Officer) => {}
            Ok(_) | Err(StoreError::NotFound) => return Err(not_officer()),
            Err(e) => return Err(e.into()),
        }
    }
    let flags = CaseFlags {
        legal_review_required: b.flags.legal_review_required,
        collective_deliberation_required: b.flags.collective_deliberation_required,
    };
    let st =
        CaseState::open(b.kind, b.procedure, party.kind, flags).map_err(|v| ApiError::rule(&v))?;
    let opening = NewRecord {
        stage: st.stage,
        kind: RecordKind::Note,
        action: None,
        document_type: None,
        activity: None,
        title: "案件登记".into(),
        body: format!("{}；当事人：{}", b.title.trim(), party.name),
        officers_present: vec![auth.user.id],
        occurred_at: None,
        place: None,
        corrects: None,
        correction_reason: None,
        attachments: vec![],
        persons_named: vec![],
    };
    let c = cases::create_case(
        &state.db,
        NewCase {
            agency_id,
            kind: b.kind,
            procedure: b.procedure,
            title: b.title.trim().to_owned(),
            category: b.category.trim().to_owned(),
            party,
            officer_ids,
            handling_officer_id: handling,
            state: st,
            next_due_on: None,
            created_by: auth.user.id,
            opening,
        },
        state.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(view::detail_for(&state, &auth, c).await?))
}
