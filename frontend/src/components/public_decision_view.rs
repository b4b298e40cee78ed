//! The public field set of a decision or inspection result (双公示 data standard), as the public
//! sees it: on the public pages, in the editor's masked preview and in earlier versions.

use crate::format::date_zh;
use crate::i18n::{kind_key, party_kind_key, t, Key};
use leptos::prelude::*;
use sanxiang_api_types::disclosure::{PublicDecision, ResourceType};

/// The label of the categories and content rows: a penalty's 处罚类别, a result's 检查结论.
pub fn categories_label(resource: ResourceType) -> (Key, Key) {
    match resource {
        ResourceType::Decision => (Key::PdCategories, Key::PdContent),
        ResourceType::InspectionResult => (Key::PdInspectionCategories, Key::PdInspectionContent),
    }
}

/// A `<dt>`/`<dd>` pair, or nothing when the value is empty.
pub fn row(label: Key, value: String) -> Option<impl IntoView> {
    (!value.trim().is_empty()).then(|| {
        view! {
            <dt>{t(label)}</dt>
            <dd class="pre-line">{value}</dd>
        }
    })
}

#[component]
pub fn PublicDecisionView(decision: PublicDecision) -> impl IntoView {
    let d = decision;
    let (cat_key, content_key) = categories_label(d.resource_type);
    let wan = |v: &str| {
        if v.trim().is_empty() || v.trim_start_matches(['0', '.']).is_empty() {
            String::new()
        } else {
            v.to_owned()
        }
    };
    view! {
        <dl class="public-fields public-decision" data-id=d.id.to_string()>
            {row(Key::PdPartyName, d.party_name.clone())}
            {row(Key::PdPartyCategory, t(party_kind_key(d.party_category)).to_owned())}
            {row(Key::PdCreditCode, d.credit_code.clone().unwrap_or_default())}
            {row(Key::PdKind, t(kind_key(d.case_kind)).to_owned())}
            {row(Key::PdDecisionNumber, d.decision_number.clone())}
            {row(Key::PdViolationType, d.violation_type.clone())}
            {row(Key::PdFacts, d.facts.clone())}
            {row(Key::PdLegalBasis, d.legal_basis.join("\n"))}
            {row(cat_key, d.categories.join("、"))}
            {row(content_key, d.content.clone())}
            {row(Key::PdFineWan, wan(&d.fine_wan_yuan))}
            {row(Key::PdConfiscationWan, wan(&d.confiscation_wan_yuan))}
            {row(Key::PdLicenceAction, d.licence_action.clone().unwrap_or_default())}
            {row(Key::PdDecidedOn, date_zh(d.decided_on))}
            {row(Key::PdAgency, d.agency_name.clone())}
            {row(Key::PdAgencyCreditCode, d.agency_credit_code.clone().unwrap_or_default())}
            {row(Key::PdPublishedOn, date_zh(d.published_on))}
            {row(Key::PdPublicationEnd, d.publication_end.map(date_zh).unwrap_or_default())}
            {row(Key::PdDataSource, d.data_source.clone())}
        </dl>
    }
}
