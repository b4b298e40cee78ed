//! The unmasked field set of a decision as taken from the case (原始信息, staff only), shown
//! beside the masked preview so the editor can check what the rules hid.

use crate::components::public_decision_view::{categories_label, row};
use crate::format::{date_zh, money};
use crate::i18n::{party_kind_key, t, Key};
use leptos::prelude::*;
use sanxiang_api_types::disclosure::{DecisionSource, ResourceType};

#[component]
pub fn DecisionSourceView(source: DecisionSource, resource: ResourceType) -> impl IntoView {
    let s = source;
    let (cat_key, content_key) = categories_label(resource);
    let yuan = |fen: i64| {
        if fen == 0 {
            String::new()
        } else {
            money(fen)
        }
    };
    view! {
        <dl class="public-fields decision-source">
            {row(Key::PdPartyName, s.party_name.clone())}
            {row(Key::PdPartyCategory, t(party_kind_key(s.party_kind)).to_owned())}
            {row(Key::PdCreditCode, s.credit_code.clone().unwrap_or_default())}
            {row(Key::PdIdNumber, s.person_id_number.clone().unwrap_or_default())}
            {row(Key::PdAddress, s.address.clone().unwrap_or_default())}
            {row(Key::PdContact, s.contact.clone().unwrap_or_default())}
            {row(Key::PdThirdPersons, s.third_persons.join("、"))}
            {row(Key::PdDecisionNumber, s.decision_number.clone())}
            {row(Key::PdViolationType, s.violation_type.clone())}
            {row(Key::PdFacts, s.facts.clone())}
            {row(Key::PdLegalBasis, s.legal_basis.join("\n"))}
            {row(cat_key, s.categories.join("、"))}
            {row(content_key, s.content.clone())}
            {row(Key::PdFineYuan, yuan(s.fine_fen))}
            {row(Key::PdConfiscationYuan, yuan(s.confiscation_fen))}
            {row(Key::PdLicenceAction, s.licence_action.clone().unwrap_or_default())}
            {row(Key::PdDecidedOn, date_zh(s.decided_on))}
            {row(Key::PdAgency, s.agency_name.clone())}
            {row(Key::PdAgencyCreditCode, s.agency_credit_code.clone().unwrap_or_default())}
        </dl>
    }
}
