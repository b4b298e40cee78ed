//! The editor's form of a disclosure draft: facts, legal basis, third persons (never published),
//! further masks (the rule masks always apply: more, never less), severity and the publication
//! end date, and an organisation's 法定代表人 when the case lacks it (the 双公示 templates
//! require it). Sends only what changed (`PATCH /disclosures/{id}`, absent fields stay).

use crate::api::Session;
use crate::components::field_error::FieldError;
use crate::format::{date_value, parse_date, wire};
use crate::i18n::{severity_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::disclosure::{DisclosureDetail, EditDisclosure, Severity};
use std::collections::BTreeMap;

/// Non-empty trimmed lines.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

const SEVERITIES: [Severity; 3] = [Severity::Minor, Severity::General, Severity::Serious];

#[component]
pub fn DisclosureEditForm(
    detail: DisclosureDetail,
    on_done: Callback<DisclosureDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let id = detail.summary.id;
    let version = detail.summary.version;
    let src = detail.source.clone();
    let orig_facts = src.facts.clone();
    let orig_basis = src.legal_basis.clone();
    let orig_third = src.third_persons.clone();
    let orig_masks = detail.extra_masks.clone();
    let orig_severity = detail.severity;
    let orig_end = detail.publication_end;
    let orig_rep = src.legal_representative.clone().unwrap_or_default();
    // 法定代表人: asked of organisations and individual businesses (双公示 templates).
    let asks_rep = src.party_kind != sanxiang_domain::party::PartyKind::NaturalPerson
        || src.individual_business;

    let facts = RwSignal::new(orig_facts.clone());
    let basis = RwSignal::new(orig_basis.join("\n"));
    let third = RwSignal::new(orig_third.join("\n"));
    let masks = RwSignal::new(orig_masks.join("\n"));
    let severity = RwSignal::new(wire(&orig_severity));
    let end = RwSignal::new(orig_end.map(date_value).unwrap_or_default());
    let rep = RwSignal::new(orig_rep.clone());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let field_errors = RwSignal::new(BTreeMap::<String, Vec<String>>::new());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let mut body = EditDisclosure {
            expected_version: version,
            ..Default::default()
        };
        let f = facts.get_untracked();
        if f.trim() != orig_facts.trim() {
            body.facts = Some(f.trim().to_owned());
        }
        let b = lines(&basis.get_untracked());
        if b != orig_basis {
            body.legal_basis = Some(b);
        }
        let tp = lines(&third.get_untracked());
        if tp != orig_third {
            body.third_persons = Some(tp);
        }
        let m = lines(&masks.get_untracked());
        if m != orig_masks {
            body.extra_masks = Some(m);
        }
        let s = SEVERITIES
            .into_iter()
            .find(|s| wire(s) == severity.get_untracked());
        if s.is_some_and(|s| s != orig_severity) {
            body.severity = s;
        }
        let r = rep.get_untracked();
        if asks_rep && !r.trim().is_empty() && r.trim() != orig_rep.trim() {
            body.legal_representative = Some(r.trim().to_owned());
        }
        let e = end.get_untracked();
        if !e.trim().is_empty() {
            match parse_date(&e) {
                Some(d) if Some(d) != orig_end => body.publication_end = Some(d),
                Some(_) => {}
                None => {
                    error.set(Some(t(Key::DiscErrDate).to_owned()));
                    return;
                }
            }
        }
        if body.facts.is_none()
            && body.legal_basis.is_none()
            && body.third_persons.is_none()
            && body.extra_masks.is_none()
            && body.severity.is_none()
            && body.publication_end.is_none()
            && body.legal_representative.is_none()
        {
            error.set(Some(t(Key::DiscNothingChanged).to_owned()));
            return;
        }
        error.set(None);
        field_errors.set(BTreeMap::new());
        pending.set(true);
        spawn_local(async move {
            match session.edit_disclosure(id, &body).await {
                Ok(d) => on_done.run(d),
                Err(err) => {
                    pending.try_set(false);
                    let stale = err.code() == Some("version_conflict");
                    field_errors.try_set(err.field_errors());
                    error.try_set(Some(err.message()));
                    on_error.run((err.message(), stale));
                }
            }
        });
    };

    view! {
        <form id="disclosure-edit-form" class="action-form" on:submit=on_submit novalidate=true>
            <div class="field">
                <label for="disc-facts">{t(Key::PdFacts)}</label>
                <textarea id="disc-facts" rows="6" maxlength="20000" bind:value=facts></textarea>
                <FieldError errors=field_errors field="facts" />
            </div>
            <div class="field">
                <label for="disc-basis">{t(Key::DiscFieldLegalBasis)}</label>
                <textarea id="disc-basis" rows="3" bind:value=basis></textarea>
                <FieldError errors=field_errors field="legal_basis" />
            </div>
            <div class="field">
                <label for="disc-third">{t(Key::DiscFieldThirdPersons)}</label>
                <textarea id="disc-third" rows="2" bind:value=third></textarea>
                <FieldError errors=field_errors field="third_persons" />
            </div>
            <div class="field">
                <label for="disc-extra-masks">{t(Key::DiscFieldExtraMasks)}</label>
                <textarea id="disc-extra-masks" rows="3" bind:value=masks></textarea>
                <p class="muted small">{t(Key::DiscExtraMasksHint)}</p>
                <FieldError errors=field_errors field="extra_masks" />
            </div>
            <Show when=move || asks_rep>
                <div class="field">
                    <label for="disc-legal-representative">
                        {t(Key::FieldLegalRepresentative)}
                    </label>
                    <input
                        id="disc-legal-representative"
                        type="text"
                        maxlength="100"
                        bind:value=rep
                    />
                    <FieldError errors=field_errors field="legal_representative" />
                </div>
            </Show>
            <div class="form-grid">
                <div class="field">
                    <label for="disc-severity">{t(Key::DiscFieldSeverity)}</label>
                    <select
                        id="disc-severity"
                        prop:value=move || severity.get()
                        on:change=move |ev| severity.set(event_target_value(&ev))
                    >
                        {SEVERITIES
                            .iter()
                            .map(|s| view! { <option value=wire(s)>{t(severity_key(*s))}</option> })
                            .collect_view()}
                    </select>
                    <FieldError errors=field_errors field="severity" />
                </div>
                <div class="field">
                    <label for="disc-end">{t(Key::DiscFieldPublicationEnd)}</label>
                    <input id="disc-end" type="date" bind:value=end />
                    <FieldError errors=field_errors field="publication_end" />
                </div>
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="form-actions">
                <button id="disc-save" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t(Key::Submitting) } else { t(Key::DiscSave) }}
                </button>
            </div>
        </form>
    }
}
