//! 新建案件: kind, procedure, title, category, the party, officers and the handling officer.
//! The server checks the party's identifier by its check character and answers field errors.

use crate::api::Session;
use crate::components::field_error::FieldError;
use crate::format::{from_wire, wire};
use crate::i18n::{id_type_key, kind_key, party_kind_key, procedure_key, t, Key, ALL_KINDS};
use crate::route::{set_hash, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseFlagsInput, CreateCase, PartyIdType, PartyInput};
use sanxiang_api_types::officers::Officer;
use sanxiang_domain::case::{CaseKind, Procedure};
use sanxiang_domain::party::PartyKind;
use std::collections::BTreeMap;
use uuid::Uuid;

const PARTY_KINDS: [PartyKind; 2] = [PartyKind::Organisation, PartyKind::NaturalPerson];
const ID_TYPES: [PartyIdType; 3] = [
    PartyIdType::CreditCode,
    PartyIdType::ResidentId,
    PartyIdType::Other,
];

fn optional(text: String) -> Option<String> {
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

#[component]
pub fn CaseNew() -> impl IntoView {
    let session = Session::use_session();
    let me = session.user.get_untracked().map(|u| u.id);

    let kind = RwSignal::new(wire(&CaseKind::Penalty));
    let procedure = RwSignal::new(wire(&Procedure::Ordinary));
    let title = RwSignal::new(String::new());
    let category = RwSignal::new(t(Key::DefaultCategory).to_owned());
    let party_kind = RwSignal::new(wire(&PartyKind::Organisation));
    let party_name = RwSignal::new(String::new());
    let id_type = RwSignal::new(wire(&PartyIdType::CreditCode));
    let id_kind = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let minor = RwSignal::new(false);
    let legal_representative = RwSignal::new(String::new());
    let individual_business = RwSignal::new(false);
    let legal_review = RwSignal::new(false);
    let deliberation = RwSignal::new(false);
    let selected = RwSignal::new(me.into_iter().collect::<Vec<Uuid>>());
    let handler = RwSignal::new(me.map(|id| id.to_string()).unwrap_or_default());

    let officers = RwSignal::new(Vec::<Officer>::new());
    let error = RwSignal::new(None::<String>);
    let field_errors = RwSignal::new(BTreeMap::<String, Vec<String>>::new());
    let pending = RwSignal::new(false);

    spawn_local(async move {
        match session.officers().await {
            Ok(list) => {
                // Only people who hold an enforcement certificate can be assigned to a case.
                let holders = list
                    .items
                    .into_iter()
                    .filter(|o| !o.certificates.is_empty())
                    .collect::<Vec<_>>();
                // Preselected ids (oneself) stay only when they are in the list.
                selected.try_update(|v| v.retain(|id| holders.iter().any(|o| o.user_id == *id)));
                if selected.with_untracked(Vec::is_empty) {
                    handler.try_set(String::new());
                }
                officers.try_set(holders);
            }
            Err(err) => {
                error.try_set(Some(err.message()));
            }
        }
    });

    let is_penalty = move || kind.get() == wire(&CaseKind::Penalty);
    let is_person = move || party_kind.get() == wire(&PartyKind::NaturalPerson);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let mut local = BTreeMap::<String, Vec<String>>::new();
        let mut need = |field: &str, key: Key| {
            local.insert(field.to_owned(), vec![t(key).to_owned()]);
        };
        let title_v = title.get_untracked().trim().to_owned();
        if title_v.chars().count() < 2 {
            need("title", Key::ErrTitleRequired);
        }
        let category_v = category.get_untracked().trim().to_owned();
        if category_v.is_empty() {
            need("category", Key::ErrCategoryRequired);
        }
        let name_v = party_name.get_untracked().trim().to_owned();
        if name_v.is_empty() {
            need("party.name", Key::ErrPartyNameRequired);
        }
        let officer_ids = selected.get_untracked();
        if officer_ids.is_empty() {
            need("officer_ids", Key::ErrOfficersRequired);
        }
        let id_type_v: Option<PartyIdType> = from_wire(&id_type.get_untracked());
        let id_number_v = optional(id_number.get_untracked()).map(|n| n.to_uppercase());
        let id_kind_v = optional(id_kind.get_untracked());
        if id_type_v == Some(PartyIdType::Other) && id_kind_v.is_none() {
            need("party.id_kind", Key::ErrIdKindRequired);
        }
        if !local.is_empty() {
            field_errors.set(local);
            error.set(Some(t(Key::ErrValidationFailed).to_owned()));
            return;
        }
        let Some(kind_v) = from_wire::<CaseKind>(&kind.get_untracked()) else {
            return;
        };
        let procedure_v = if kind_v == CaseKind::Penalty {
            from_wire(&procedure.get_untracked()).unwrap_or(Procedure::Ordinary)
        } else {
            Procedure::Ordinary
        };
        let handler_v = Uuid::parse_str(&handler.get_untracked())
            .ok()
            .filter(|id| officer_ids.contains(id));
        let body = CreateCase {
            kind: kind_v,
            procedure: procedure_v,
            title: title_v,
            category: category_v,
            party: PartyInput {
                kind: from_wire(&party_kind.get_untracked()).unwrap_or(PartyKind::Organisation),
                name: name_v,
                id_type: id_number_v.as_ref().and(id_type_v),
                id_number: id_number_v,
                id_kind: if id_type_v == Some(PartyIdType::Other) {
                    id_kind_v
                } else {
                    None
                },
                address: optional(address.get_untracked()),
                contact: optional(contact.get_untracked()),
                minor: minor.get_untracked() && is_person(),
                individual_business: individual_business.get_untracked(),
                legal_representative: if is_person() && !individual_business.get_untracked() {
                    None
                } else {
                    optional(legal_representative.get_untracked())
                },
                codes: None,
            },
            officer_ids,
            handling_officer_id: handler_v,
            flags: CaseFlagsInput {
                legal_review_required: legal_review.get_untracked(),
                collective_deliberation_required: deliberation.get_untracked(),
            },
        };
        error.set(None);
        field_errors.set(BTreeMap::new());
        pending.set(true);
        spawn_local(async move {
            match session.create_case(&body).await {
                Ok(case) => set_hash(Page::Case(case.summary.id)),
                Err(err) => {
                    field_errors.try_set(err.field_errors());
                    error.try_set(Some(err.message()));
                }
            }
            pending.try_set(false);
        });
    };

    let toggle_officer = move |id: Uuid, on: bool| {
        selected.update(|v| {
            v.retain(|x| *x != id);
            if on {
                v.push(id);
            }
        });
        if on && handler.get_untracked().is_empty() {
            handler.set(id.to_string());
        }
    };

    view! {
        <section id="case-new-page" class="page">
            <p class="crumbs">
                <a href=Page::Cases.href()>{t(Key::CaseBackToList)}</a>
            </p>
            <h1 class="page-title">{t(Key::CaseNewTitle)}</h1>
            <form id="case-new-form" class="card form-grid" on:submit=on_submit novalidate=true>
                <div class="field">
                    <label for="case-kind">{t(Key::FieldKind)}</label>
                    <select
                        id="case-kind"
                        prop:value=move || kind.get()
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        {ALL_KINDS
                            .iter()
                            .map(|k| view! { <option value=wire(k)>{t(kind_key(*k))}</option> })
                            .collect_view()}
                    </select>
                </div>
                <Show when=is_penalty>
                    <div class="field">
                        <label for="case-procedure">{t(Key::FieldProcedure)}</label>
                        <select
                            id="case-procedure"
                            prop:value=move || procedure.get()
                            on:change=move |ev| procedure.set(event_target_value(&ev))
                        >
                            {[Procedure::Ordinary, Procedure::Simplified]
                                .iter()
                                .map(|p| {
                                    view! { <option value=wire(p)>{t(procedure_key(*p))}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </Show>
                <div class="field span-2">
                    <label for="case-title">{t(Key::FieldTitle)}</label>
                    <input
                        id="case-title"
                        type="text"
                        maxlength="200"
                        placeholder=t(Key::FieldTitlePlaceholder)
                        bind:value=title
                    />
                    <FieldError errors=field_errors field="title" />
                </div>
                <div class="field">
                    <label for="case-category">{t(Key::FieldCategory)}</label>
                    <input id="case-category" type="text" maxlength="50" bind:value=category />
                    <FieldError errors=field_errors field="category" />
                </div>

                <h2 class="form-section span-2">{t(Key::PartySection)}</h2>
                <div class="field">
                    <label for="party-kind">{t(Key::FieldPartyKind)}</label>
                    <select
                        id="party-kind"
                        prop:value=move || party_kind.get()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let person = v == wire(&PartyKind::NaturalPerson);
                            id_type
                                .set(
                                    wire(
                                        &if person {
                                            PartyIdType::ResidentId
                                        } else {
                                            PartyIdType::CreditCode
                                        },
                                    ),
                                );
                            party_kind.set(v);
                        }
                    >
                        {PARTY_KINDS
                            .iter()
                            .map(|k| view! { <option value=wire(k)>{t(party_kind_key(*k))}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="party-name">{t(Key::FieldPartyName)}</label>
                    <input id="party-name" type="text" maxlength="200" bind:value=party_name />
                    <FieldError errors=field_errors field="party.name" />
                </div>
                <div class="field">
                    <label for="party-id-type">{t(Key::FieldIdType)}</label>
                    <select
                        id="party-id-type"
                        prop:value=move || id_type.get()
                        on:change=move |ev| id_type.set(event_target_value(&ev))
                    >
                        {ID_TYPES
                            .iter()
                            .map(|k| view! { <option value=wire(k)>{t(id_type_key(*k))}</option> })
                            .collect_view()}
                    </select>
                </div>
                <Show when=move || id_type.get() == wire(&PartyIdType::Other)>
                    <div class="field">
                        <label for="party-id-kind">{t(Key::FieldIdKind)}</label>
                        <input
                            id="party-id-kind"
                            type="text"
                            maxlength="32"
                            placeholder=t(Key::FieldIdKindPlaceholder)
                            bind:value=id_kind
                        />
                        <FieldError errors=field_errors field="party.id_kind" />
                    </div>
                </Show>
                <div class="field">
                    <label for="party-id-number">{t(Key::FieldIdNumber)}</label>
                    <input
                        id="party-id-number"
                        type="text"
                        maxlength="64"
                        autocapitalize="characters"
                        spellcheck="false"
                        bind:value=id_number
                    />
                    <FieldError errors=field_errors field="party.id_number" />
                </div>
                <div class="field">
                    <label for="party-address">{t(Key::FieldAddress)}</label>
                    <input id="party-address" type="text" maxlength="200" bind:value=address />
                    <FieldError errors=field_errors field="party.address" />
                </div>
                <div class="field">
                    <label for="party-contact">{t(Key::FieldContact)}</label>
                    <input id="party-contact" type="text" maxlength="100" bind:value=contact />
                    <FieldError errors=field_errors field="party.contact" />
                </div>
                <Show when=move || !is_person() || individual_business.get()>
                    <div class="field">
                        <label for="party-legal-representative">
                            {t(Key::FieldLegalRepresentative)}
                        </label>
                        <input
                            id="party-legal-representative"
                            type="text"
                            maxlength="100"
                            bind:value=legal_representative
                        />
                        <FieldError errors=field_errors field="party.legal_representative" />
                    </div>
                </Show>
                <label class="check span-2">
                    <input
                        id="party-individual-business"
                        type="checkbox"
                        bind:checked=individual_business
                    />
                    <span>{t(Key::FieldIndividualBusiness)}</span>
                </label>
                <Show when=is_person>
                    <label class="check span-2">
                        <input id="party-minor" type="checkbox" bind:checked=minor />
                        <span>{t(Key::FieldMinor)}</span>
                    </label>
                </Show>

                <h2 class="form-section span-2">{t(Key::OfficersSection)}</h2>
                <fieldset id="case-officers" class="field span-2 checklist">
                    <legend>{t(Key::FieldOfficers)}</legend>
                    {move || {
                        officers
                            .get()
                            .into_iter()
                            .map(|o| {
                                let id = o.user_id;
                                let valid = o.certificates.iter().any(|c| c.valid_today);
                                view! {
                                    <label class="check officer-option" data-username=o.username.clone()>
                                        <input
                                            type="checkbox"
                                            value=id.to_string()
                                            prop:checked=move || selected.with(|v| v.contains(&id))
                                            on:change=move |ev| toggle_officer(id, event_target_checked(&ev))
                                        />
                                        <span>{o.name.clone()}</span>
                                        <span class="muted small">{o.post.clone()}</span>
                                        {if valid {
                                            view! { <span class="badge badge-ok">{t(Key::CertValidToday)}</span> }
                                                .into_any()
                                        } else {
                                            view! { <span class="badge badge-danger">{t(Key::CertNoneValid)}</span> }
                                                .into_any()
                                        }}
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                    <FieldError errors=field_errors field="officer_ids" />
                </fieldset>
                <div class="field">
                    <label for="case-handler">{t(Key::FieldHandler)}</label>
                    <select
                        id="case-handler"
                        prop:value=move || handler.get()
                        on:change=move |ev| handler.set(event_target_value(&ev))
                    >
                        {move || {
                            let chosen = selected.get();
                            officers
                                .get()
                                .into_iter()
                                .filter(|o| chosen.contains(&o.user_id))
                                .map(|o| {
                                    let id = o.user_id.to_string();
                                    let is_sel = handler.get_untracked() == id;
                                    view! {
                                        <option value=id selected=is_sel>
                                            {o.name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                    <FieldError errors=field_errors field="handling_officer_id" />
                </div>
                <Show when=is_penalty>
                    <fieldset class="field span-2 checklist">
                        <legend>{t(Key::FlagsSection)}</legend>
                        <label class="check">
                            <input id="flag-legal-review" type="checkbox" bind:checked=legal_review />
                            <span>{t(Key::FlagLegalReview)}</span>
                        </label>
                        <label class="check">
                            <input id="flag-deliberation" type="checkbox" bind:checked=deliberation />
                            <span>{t(Key::FlagDeliberation)}</span>
                        </label>
                    </fieldset>
                </Show>

                <Show when=move || error.with(Option::is_some)>
                    <p id="case-new-error" class="form-error span-2" role="alert">
                        {move || error.get().unwrap_or_default()}
                    </p>
                </Show>
                <div class="form-actions span-2">
                    <button
                        id="case-create"
                        type="submit"
                        class="btn btn-primary"
                        disabled=move || pending.get()
                    >
                        {move || if pending.get() { t(Key::CaseCreating) } else { t(Key::CaseCreate) }}
                    </button>
                    <a class="btn btn-secondary" href=Page::Cases.href()>
                        {t(Key::Cancel)}
                    </a>
                </div>
            </form>
        </section>
    }
}
