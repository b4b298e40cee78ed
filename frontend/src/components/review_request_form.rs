//! The handling officer's legal review request (提请法制审核), first round or corrected
//! resubmission: the materials (records of the case file, each with its kind) and the draft
//! decision in structured form (outcome, penalty, legal basis, hearing, facts only officers
//! judge).

use crate::api::Session;
use crate::components::sanction_fields::{SanctionFields, SanctionInput};
use crate::format::{from_wire, wire};
use crate::i18n::{circumstance_key, material_kind_key, review_outcome_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::Record;
use sanxiang_api_types::discretion::{DiscretionRefDto, DiscretionStandardView};
use sanxiang_api_types::review::{
    DraftDecisionDto, MaterialInput, OfficerFlagsDto, ReviewDetail, SubmitReview,
};
use sanxiang_domain::case::{RecordKind, Sanction};
use sanxiang_domain::review::{Circumstance, MaterialKind, OutcomeKind};
use std::collections::HashMap;
use uuid::Uuid;

const MATERIAL_KINDS: [MaterialKind; 5] = [
    MaterialKind::InvestigationReport,
    MaterialKind::DraftDecision,
    MaterialKind::EvidenceList,
    MaterialKind::HearingRecord,
    MaterialKind::Other,
];

const CIRCUMSTANCES: [Circumstance; 3] = [
    Circumstance::Minor,
    Circumstance::General,
    Circumstance::Serious,
];

const OUTCOMES: [OutcomeKind; 3] = [
    OutcomeKind::Penalty,
    OutcomeKind::NoPenalty,
    OutcomeKind::TransferToJudicial,
];

/// The material kind a record of the file standard usually is, if it is one to submit.
fn suggested_kind(record: &Record) -> Option<MaterialKind> {
    match record.document_type.as_deref()? {
        "investigation_report" => Some(MaterialKind::InvestigationReport),
        "decision_document" | "draft_decision" => Some(MaterialKind::DraftDecision),
        "evidence" | "evidence_list" => Some(MaterialKind::EvidenceList),
        "hearing_record" => Some(MaterialKind::HearingRecord),
        _ => None,
    }
}

#[component]
pub fn ReviewRequestForm(
    case_id: Uuid,
    /// The case file (records offered as materials).
    records: Vec<Record>,
    /// The review so far: `Some` makes this a resubmission, prefilled from the latest round.
    review: Option<ReviewDetail>,
    /// The penalty proposed in the notice, to prefill the draft of a first request.
    noticed: Option<Sanction>,
    on_done: Callback<ReviewDetail>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = Session::use_session();
    let resubmit = review.is_some();
    let expected_version = review.as_ref().map(|r| r.summary.version);
    let last = review
        .as_ref()
        .and_then(|r| r.rounds.last())
        .map(|r| r.submission.clone());

    // Materials: record id → chosen kind (present = submitted).
    let mut chosen: HashMap<Uuid, MaterialKind> = HashMap::new();
    match &last {
        Some(sub) => {
            for m in &sub.materials {
                if let Ok(id) = Uuid::parse_str(&m.record_id) {
                    chosen.insert(id, m.kind);
                }
            }
        }
        None => {
            for r in &records {
                if let Some(kind) = suggested_kind(r) {
                    chosen.insert(r.id, kind);
                }
            }
        }
    }
    let chosen = RwSignal::new(chosen);
    let kinds = RwSignal::new(
        records
            .iter()
            .map(|r| (r.id, suggested_kind(r).unwrap_or(MaterialKind::Other)))
            .collect::<HashMap<Uuid, MaterialKind>>(),
    );
    if let Some(sub) = &last {
        kinds.update(|k| {
            for m in &sub.materials {
                if let Ok(id) = Uuid::parse_str(&m.record_id) {
                    k.insert(id, m.kind);
                }
            }
        });
    }

    let draft = last.as_ref().map(|s| s.draft.clone());
    let outcome = RwSignal::new(wire(
        &draft.as_ref().map_or(OutcomeKind::Penalty, |d| d.outcome),
    ));
    let sanction = SanctionInput::new(draft.as_ref().map(|d| &d.sanction).or(noticed.as_ref()));
    let legal_basis = RwSignal::new(
        draft
            .as_ref()
            .map(|d| d.legal_basis.join("\n"))
            .unwrap_or_default(),
    );
    let hearing_held = RwSignal::new(draft.as_ref().is_some_and(|d| d.hearing_held));
    let flags = draft.as_ref().map(|d| d.flags.clone()).unwrap_or_default();
    let public_interest = RwSignal::new(flags.major_public_interest);
    let complex = RwSignal::new(flags.complex);
    let crime = RwSignal::new(flags.suspected_crime);
    let custom = flags.custom.clone();
    // The violation type's discretion standard (裁量基准) and the circumstances assessed.
    let discretion = draft.as_ref().and_then(|d| d.discretion.clone());
    let discretion_code = RwSignal::new(
        discretion
            .as_ref()
            .map(|d| d.code.clone())
            .unwrap_or_default(),
    );
    let circumstance = RwSignal::new(
        discretion
            .as_ref()
            .and_then(|d| d.circumstance)
            .map(|c| wire(&c))
            .unwrap_or_default(),
    );
    let standards = RwSignal::new(Vec::<DiscretionStandardView>::new());
    spawn_local(async move {
        if let Ok(list) = session.discretion_standards().await {
            standards.try_set(list.items);
        }
    });

    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let materials: Vec<MaterialInput> = chosen.with_untracked(|c| {
            let mut v: Vec<MaterialInput> = c
                .iter()
                .map(|(id, kind)| MaterialInput {
                    record_id: *id,
                    kind: *kind,
                })
                .collect();
            v.sort_by_key(|m| m.record_id);
            v
        });
        if materials.is_empty() {
            error.set(Some(t(Key::ReviewErrNoMaterials).to_owned()));
            return;
        }
        let outcome_kind: OutcomeKind =
            from_wire(&outcome.get_untracked()).unwrap_or(OutcomeKind::Penalty);
        let sanction_value = if outcome_kind == OutcomeKind::Penalty {
            match sanction.value() {
                Some(s) => s,
                None => {
                    error.set(Some(t(Key::ErrMoneyInvalid).to_owned()));
                    return;
                }
            }
        } else {
            Sanction::default()
        };
        let body = SubmitReview {
            expected_version,
            materials,
            draft: DraftDecisionDto {
                outcome: outcome_kind,
                sanction: sanction_value,
                legal_basis: legal_basis
                    .get_untracked()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                hearing_held: hearing_held.get_untracked(),
                flags: OfficerFlagsDto {
                    major_public_interest: public_interest.get_untracked(),
                    complex: complex.get_untracked(),
                    suspected_crime: crime.get_untracked(),
                    custom: custom.clone(),
                },
                discretion: Some(discretion_code.get_untracked())
                    .filter(|c| !c.is_empty() && outcome_kind == OutcomeKind::Penalty)
                    .map(|code| DiscretionRefDto {
                        code,
                        circumstance: from_wire(&circumstance.get_untracked()),
                    }),
            },
            submitted_on: None,
        };
        error.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = if resubmit {
                session.resubmit_review(case_id, &body).await
            } else {
                session.submit_review(case_id, &body).await
            };
            match result {
                Ok(detail) => on_done.run(detail),
                Err(err) => {
                    error.try_set(Some(err.message()));
                    pending.try_set(false);
                }
            }
        });
    };

    let title = if resubmit {
        t(Key::ReviewResubmit)
    } else {
        t(Key::ReviewSubmit)
    };
    let offered: Vec<Record> = records
        .into_iter()
        .filter(|r| !matches!(r.kind, RecordKind::Transition))
        .collect();

    view! {
        <form id="review-request-form" class="action-form review-form" data-resubmit=resubmit.to_string() on:submit=on_submit novalidate=true>
            <h3 class="form-title">{title}</h3>
            <fieldset class="form-section">
                <legend class="subsection-title">{t(Key::ReviewMaterials)}</legend>
                <p class="muted small">{t(Key::ReviewMaterialsHint)}</p>
                {if offered.is_empty() {
                    view! { <p class="muted">{t(Key::TimelineEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul id="review-materials" class="material-options">
                            {offered
                                .into_iter()
                                .map(|r| {
                                    let id = r.id;
                                    view! {
                                        <li class="material-option" data-record-id=id.to_string() data-title=r.title.clone()>
                                            <label class="check">
                                                <input
                                                    type="checkbox"
                                                    class="material-check"
                                                    prop:checked=move || chosen.with(|c| c.contains_key(&id))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        let kind = kinds
                                                            .with_untracked(|k| k.get(&id).copied())
                                                            .unwrap_or(MaterialKind::Other);
                                                        chosen
                                                            .update(|c| {
                                                                if on {
                                                                    c.insert(id, kind);
                                                                } else {
                                                                    c.remove(&id);
                                                                }
                                                            });
                                                    }
                                                />
                                                <span>{format!("#{} {}", r.seq, r.title)}</span>
                                            </label>
                                            <select
                                                class="material-kind"
                                                aria-label=t(Key::ReviewMaterialKind)
                                                prop:value=move || {
                                                    kinds.with(|k| k.get(&id).map(wire).unwrap_or_default())
                                                }
                                                on:change=move |ev| {
                                                    let kind = from_wire(&event_target_value(&ev))
                                                        .unwrap_or(MaterialKind::Other);
                                                    kinds.update(|k| {
                                                        k.insert(id, kind);
                                                    });
                                                    chosen
                                                        .update(|c| {
                                                            if let Some(v) = c.get_mut(&id) {
                                                                *v = kind;
                                                            }
                                                        });
                                                }
                                            >
                                                {MATERIAL_KINDS
                                                    .iter()
                                                    .map(|k| view! { <option value=wire(k)>{t(material_kind_key(*k))}</option> })
                                                    .collect_view()}
                                            </select>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </fieldset>
            <fieldset class="form-section">
                <legend class="subsection-title">{t(Key::ReviewDraft)}</legend>
                <div class="field">
                    <label for="draft-outcome">{t(Key::FieldOutcome)}</label>
                    <select
                        id="draft-outcome"
                        prop:value=move || outcome.get()
                        on:change=move |ev| outcome.set(event_target_value(&ev))
                    >
                        {OUTCOMES
                            .iter()
                            .map(|o| view! { <option value=wire(o)>{t(review_outcome_key(*o))}</option> })
                            .collect_view()}
                    </select>
                </div>
                <Show when=move || outcome.get() == "penalty">
                    <SanctionFields input=sanction prefix="draft" />
                    <div class="form-grid">
                        <div class="field">
                            <label for="draft-discretion-code">{t(Key::DiscretionStandardRef)}</label>
                            <select
                                id="draft-discretion-code"
                                prop:value=move || {
                                    // Re-applied once the options have loaded.
                                    standards.track();
                                    discretion_code.get()
                                }
                                on:change=move |ev| discretion_code.set(event_target_value(&ev))
                            >
                                <option value="">{t(Key::DiscretionNotApplied)}</option>
                                {move || {
                                    standards
                                        .get()
                                        .into_iter()
                                        .map(|s| {
                                            view! {
                                                <option value=s.code.clone()>
                                                    {format!("{}（{}）", s.violation_type, s.code)}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </select>
                        </div>
                        <div class="field">
                            <label for="draft-circumstance">{t(Key::DiscretionCircumstance)}</label>
                            <select
                                id="draft-circumstance"
                                prop:value=move || circumstance.get()
                                on:change=move |ev| circumstance.set(event_target_value(&ev))
                            >
                                <option value="">{t(Key::DiscretionAllCircumstances)}</option>
                                {CIRCUMSTANCES
                                    .iter()
                                    .map(|c| view! { <option value=wire(c)>{t(circumstance_key(*c))}</option> })
                                    .collect_view()}
                            </select>
                        </div>
                    </div>
                </Show>
                <div class="field">
                    <label for="draft-legal-basis">{t(Key::ReviewLegalBasis)}</label>
                    <textarea
                        id="draft-legal-basis"
                        rows="2"
                        placeholder=t(Key::ReviewLegalBasisPlaceholder)
                        bind:value=legal_basis
                    ></textarea>
                </div>
                <label class="check">
                    <input id="draft-hearing-held" type="checkbox" bind:checked=hearing_held />
                    <span>{t(Key::ReviewHearingHeld)}</span>
                </label>
                <label class="check">
                    <input id="draft-public-interest" type="checkbox" bind:checked=public_interest />
                    <span>{t(Key::ReviewFlagPublicInterest)}</span>
                </label>
                <label class="check">
                    <input id="draft-complex" type="checkbox" bind:checked=complex />
                    <span>{t(Key::ReviewFlagComplex)}</span>
                </label>
                <label class="check">
                    <input id="draft-crime" type="checkbox" bind:checked=crime />
                    <span>{t(Key::ReviewFlagCrime)}</span>
                </label>
            </fieldset>
            <Show when=move || error.with(Option::is_some)>
                <div id="review-request-error" class="form-error" role="alert">
                    {move || error.get().unwrap_or_default()}
                </div>
            </Show>
            <div class="form-actions">
                <button id="review-request-submit" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t(Key::Submitting) } else { title }}
                </button>
                <button type="button" class="btn btn-secondary" on:click=move |_| on_cancel.run(())>
                    {t(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}
