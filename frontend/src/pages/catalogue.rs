//! 重大执法决定目录: the agency's catalogue of major decisions (which drafts need legal review),
//! every version with its dates, and — for approvers and admins — publishing the next version.
//! Below it, the discretion standards (裁量基准, [`DiscretionPanel`]).

use crate::api::Session;
use crate::format::{
    date_value, date_zh, fen_to_yuan, from_wire, parse_date, parse_yuan, today, wire,
};
use crate::i18n::{criterion_text, criterion_type_key, t, t_name, Key};
use crate::pages::discretion::DiscretionPanel;
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::review::{
    CatalogueHistoryView, CatalogueVersion, CreateCatalogueVersion, CriterionDto, CriterionType,
};
use sanxiang_api_types::Role;

const TYPES: [CriterionType; 10] = [
    CriterionType::AmountAtLeast,
    CriterionType::LicenceRevocationOrDowngrade,
    CriterionType::SuspensionOfBusiness,
    CriterionType::Closure,
    CriterionType::RestrictionOfPractice,
    CriterionType::HearingHeld,
    CriterionType::MajorPublicInterest,
    CriterionType::ComplexMultipleRelationships,
    CriterionType::SuspectedCrime,
    CriterionType::Custom,
];

/// One criterion being edited.
#[derive(Debug, Clone, Copy)]
struct Row {
    id: usize,
    kind: RwSignal<String>,
    person: RwSignal<String>,
    organisation: RwSignal<String>,
    key: RwSignal<String>,
    label: RwSignal<String>,
}

impl Row {
    fn new(id: usize, c: Option<&CriterionDto>) -> Self {
        let yuan = |f: Option<i64>| f.map(fen_to_yuan).unwrap_or_default();
        Self {
            id,
            kind: RwSignal::new(wire(&c.map_or(CriterionType::AmountAtLeast, |c| c.kind))),
            person: RwSignal::new(yuan(c.and_then(|c| c.person_fen))),
            organisation: RwSignal::new(yuan(c.and_then(|c| c.organisation_fen))),
            key: RwSignal::new(c.and_then(|c| c.key.clone()).unwrap_or_default()),
            label: RwSignal::new(c.and_then(|c| c.label.clone()).unwrap_or_default()),
        }
    }

    fn value(self) -> Result<CriterionDto, Key> {
        let kind: CriterionType =
            from_wire(&self.kind.get_untracked()).ok_or(Key::CatalogueErrCriterion)?;
        let text = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        Ok(match kind {
            CriterionType::AmountAtLeast => CriterionDto {
                kind,
                person_fen: Some(
                    parse_yuan(&self.person.get_untracked())
                        .filter(|f| *f > 0)
                        .ok_or(Key::ErrMoneyInvalid)?,
                ),
                organisation_fen: Some(
                    parse_yuan(&self.organisation.get_untracked())
                        .filter(|f| *f > 0)
                        .ok_or(Key::ErrMoneyInvalid)?,
                ),
                key: None,
                label: None,
            },
            CriterionType::Custom => CriterionDto {
                kind,
                person_fen: None,
                organisation_fen: None,
                key: Some(text(self.key).ok_or(Key::CatalogueErrCriterion)?),
                label: Some(text(self.label).ok_or(Key::CatalogueErrCriterion)?),
            },
            _ => CriterionDto {
                kind,
                person_fen: None,
                organisation_fen: None,
                key: None,
                label: None,
            },
        })
    }
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let session = Session::use_session();
    let can_edit = session
        .user
        .get_untracked()
        .is_some_and(|u| u.roles.contains(&Role::Approver) || u.roles.contains(&Role::Admin));
    let history = RwSignal::new(None::<CatalogueHistoryView>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let editing = RwSignal::new(false);
    let rows = RwSignal::new(Vec::<Row>::new());
    let next_id = StoredValue::new(0usize);
    let effective_from = RwSignal::new(date_value(today().succ_opt().unwrap_or_else(today)));
    let pending = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);

    let load = move || {
        spawn_local(async move {
            match session.catalogue().await {
                Ok(h) => {
                    history.try_set(Some(h));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    load();

    let start_edit = move |_| {
        let current: Vec<CriterionDto> = history.with_untracked(|h| {
            h.as_ref()
                .and_then(|h| h.versions.last())
                .map(|v| v.criteria.clone())
                .unwrap_or_default()
        });
        let list: Vec<Row> = current
            .iter()
            .enumerate()
            .map(|(i, c)| Row::new(i, Some(c)))
            .collect();
        next_id.set_value(list.len());
        rows.set(list);
        form_error.set(None);
        notice.set(None);
        editing.set(true);
    };
    let add_row = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let row = Row::new(id, None);
        row.kind.set(wire(&CriterionType::Custom));
        rows.update(|r| r.push(row));
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(from) = parse_date(&effective_from.get_untracked()) else {
            form_error.set(Some(t(Key::ErrDateRequired).to_owned()));
            return;
        };
        let criteria: Result<Vec<CriterionDto>, Key> =
            rows.get_untracked().into_iter().map(Row::value).collect();
        let criteria = match criteria {
            Ok(c) if !c.is_empty() => c,
            Ok(_) => {
                form_error.set(Some(t(Key::CatalogueErrEmpty).to_owned()));
                return;
            }
            Err(key) => {
                form_error.set(Some(t(key).to_owned()));
                return;
            }
        };
        let body = CreateCatalogueVersion {
            effective_from: from,
            criteria,
        };
        form_error.set(None);
        pending.set(true);
        spawn_local(async move {
            match session.publish_catalogue(&body).await {
                Ok(()) => {
                    pending.try_set(false);
                    editing.try_set(false);
                    notice.try_set(Some(t(Key::CataloguePublished).to_owned()));
                    load();
                }
                Err(err) => {
                    pending.try_set(false);
                    form_error.try_set(Some(err.message()));
                }
            }
        });
    };

    let version_card = move |v: CatalogueVersion, current: bool| {
        let period = match v.effective_until {
            Some(until) => format!("{} — {}", date_zh(v.effective_from), date_zh(until)),
            None => format!("{} —", date_zh(v.effective_from)),
        };
        view! {
            <div class="card catalogue-version" data-version=v.version data-in-force=v.in_force.to_string()>
                <h2 class="section-title">
                    {t_name(Key::CatalogueVersionN, &v.version.to_string())}
                    {v.in_force.then(|| view! { <span class="badge badge-ok">{t(Key::CatalogueInForce)}</span> })}
                    {(!v.in_force && current).then(|| view! { <span class="badge">{t(Key::CatalogueUpcoming)}</span> })}
                </h2>
                <p class="muted small">{t(Key::CataloguePeriod)} " " {period}</p>
                <ul class="criteria">
                    {v.criteria.iter().map(|c| view! { <li class="criterion" data-type=wire(&c.kind)>{criterion_text(c)}</li> }).collect_view()}
                </ul>
            </div>
        }
    };

    view! {
        <section id="catalogue-page" class="page page-wide">
            <p class="crumbs"><a href=Page::LegalReview.href()>{t(Key::ReviewBackToQueue)}</a></p>
            <div class="page-head">
                <h1 class="page-title">{t(Key::CatalogueTitle)}</h1>
                {can_edit
                    .then(|| {
                        view! {
                            <button id="catalogue-edit" type="button" class="btn btn-primary" on:click=start_edit>
                                {t(Key::CatalogueNewVersion)}
                            </button>
                        }
                    })}
            </div>
            <p class="muted">{t(Key::CatalogueIntro)}</p>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || notice.with(Option::is_some)>
                <p id="catalogue-notice" class="ok-text" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || editing.get()>
                <form id="catalogue-form" class="card action-form" on:submit=on_submit novalidate=true>
                    <h2 class="form-title">{t(Key::CatalogueNewVersion)}</h2>
                    <div class="field">
                        <label for="catalogue-from">{t(Key::CatalogueEffectiveFrom)}</label>
                        <input id="catalogue-from" type="date" bind:value=effective_from />
                    </div>
                    <ol class="criterion-rows">
                        <For each=move || rows.get() key=|r| r.id let:row>
                            <li class="criterion-row form-grid">
                                <div class="field">
                                    <label>{t(Key::CatalogueCriterionType)}</label>
                                    <select
                                        class="criterion-type"
                                        prop:value=move || row.kind.get()
                                        on:change=move |ev| row.kind.set(event_target_value(&ev))
                                    >
                                        {TYPES.iter().map(|k| view! { <option value=wire(k)>{t(criterion_type_key(*k))}</option> }).collect_view()}
                                    </select>
                                </div>
                                <Show when=move || row.kind.get() == "amount_at_least">
                                    <div class="field">
                                        <label>{t(Key::CataloguePersonYuan)}</label>
                                        <input class="criterion-person" type="text" inputmode="decimal" bind:value=row.person />
                                    </div>
                                    <div class="field">
                                        <label>{t(Key::CatalogueOrganisationYuan)}</label>
                                        <input class="criterion-organisation" type="text" inputmode="decimal" bind:value=row.organisation />
                                    </div>
                                </Show>
                                <Show when=move || row.kind.get() == "custom">
                                    <div class="field">
                                        <label>{t(Key::CatalogueCustomFlag)}</label>
                                        <input class="criterion-key" type="text" bind:value=row.key />
                                    </div>
                                    <div class="field">
                                        <label>{t(Key::CatalogueCustomLabel)}</label>
                                        <input class="criterion-label" type="text" bind:value=row.label />
                                    </div>
                                </Show>
                                <button
                                    type="button"
                                    class="link-button criterion-remove"
                                    on:click=move |_| rows.update(|r| r.retain(|x| x.id != row.id))
                                >
                                    {t(Key::CatalogueRemove)}
                                </button>
                            </li>
                        </For>
                    </ol>
                    <button id="catalogue-add" type="button" class="btn btn-secondary" on:click=add_row>
                        {t(Key::CatalogueAdd)}
                    </button>
                    <Show when=move || form_error.with(Option::is_some)>
                        <p id="catalogue-error" class="form-error" role="alert">{move || form_error.get().unwrap_or_default()}</p>
                    </Show>
                    <div class="form-actions">
                        <button id="catalogue-publish" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                            {move || if pending.get() { t(Key::Submitting) } else { t(Key::CataloguePublish) }}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| editing.set(false)>
                            {t(Key::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            {move || match history.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(h) => {
                    let last = h.versions.len();
                    view! {
                        <div id="catalogue-versions">
                            {h.versions
                                .into_iter()
                                .enumerate()
                                .rev()
                                .map(|(i, v)| version_card(v, i + 1 == last))
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }
            }}
            <DiscretionPanel />
        </section>
    }
}
