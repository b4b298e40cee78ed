//! The draft decision as submitted: outcome, penalty, legal basis, hearing, officers' flags.

use crate::format::money;
use crate::i18n::{circumstance_key, review_outcome_key, t, Key};
use leptos::prelude::*;
use sanxiang_api_types::review::DraftDecisionView;
use sanxiang_domain::case::Sanction;
use sanxiang_domain::review::OutcomeKind;

/// The penalty in words, e.g. `罚款 200000.00 元；警告`.
pub fn sanction_text(s: &Sanction) -> String {
    let mut parts = Vec::new();
    if s.warning {
        parts.push(t(Key::FieldWarning).to_owned());
    }
    if s.circulated_criticism {
        parts.push(t(Key::FieldCirculatedCriticism).to_owned());
    }
    if s.fine_fen > 0 {
        parts.push(t(Key::DraftFine).replace("{amount}", &money(s.fine_fen)));
    }
    if s.confiscation_fen > 0 {
        parts.push(t(Key::DraftConfiscation).replace("{amount}", &money(s.confiscation_fen)));
    }
    if s.licence_suspension {
        parts.push(t(Key::FieldLicenceSuspension).to_owned());
    }
    if s.licence_revocation {
        parts.push(t(Key::FieldLicenceRevocation).to_owned());
    }
    parts.extend(s.other.iter().cloned());
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join("；")
    }
}

/// The outcome and penalty of a draft in words.
pub fn draft_outcome_text(d: &DraftDecisionView) -> String {
    let outcome = t(review_outcome_key(d.outcome));
    if d.outcome == OutcomeKind::Penalty {
        format!("{outcome}：{}", sanction_text(&d.sanction))
    } else {
        outcome.to_owned()
    }
}

#[component]
pub fn DraftView(draft: DraftDecisionView) -> impl IntoView {
    let mut flags = Vec::new();
    if draft.flags.major_public_interest {
        flags.push(t(Key::ReviewFlagPublicInterest).to_owned());
    }
    if draft.flags.complex {
        flags.push(t(Key::ReviewFlagComplex).to_owned());
    }
    if draft.flags.suspected_crime {
        flags.push(t(Key::ReviewFlagCrime).to_owned());
    }
    flags.extend(draft.flags.custom.iter().cloned());
    let basis = if draft.legal_basis.is_empty() {
        "—".to_owned()
    } else {
        draft.legal_basis.join("；")
    };
    let discretion = draft.discretion.as_ref().map(|d| match d.circumstance {
        Some(c) => format!(
            "{}（{}{}）",
            d.code,
            t(Key::DiscretionCircumstance),
            t(circumstance_key(c))
        ),
        None => d.code.clone(),
    });
    view! {
        <dl class="facts facts-compact draft-view">
            <dt>{t(Key::ReviewDraftOutcome)}</dt>
            <dd class="draft-outcome">{draft_outcome_text(&draft)}</dd>
            <dt>{t(Key::ReviewLegalBasis)}</dt>
            <dd class="draft-basis">{basis}</dd>
            <dt>{t(Key::ReviewHearingHeld)}</dt>
            <dd>{if draft.hearing_held { t(Key::Yes) } else { t(Key::No) }}</dd>
            {discretion
                .map(|d| {
                    view! {
                        <dt>{t(Key::DiscretionStandardRef)}</dt>
                        <dd class="draft-discretion">{d}</dd>
                    }
                })}
            {(!flags.is_empty())
                .then(|| {
                    view! {
                        <dt>{t(Key::ReviewOfficerFlags)}</dt>
                        <dd>{flags.join("、")}</dd>
                    }
                })}
        </dl>
    }
}
