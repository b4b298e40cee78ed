//! 裁量基准: the agency's discretion standards per violation type (fine ranges for persons and
//! organisations, optionally per circumstance), each with its versions; approvers and admins
//! publish a new standard or the next version of one. Shown on the catalogue page.

use crate::api::Session;
use crate::format::{
    date_value, date_zh, fen_to_yuan, from_wire, money, parse_date, parse_yuan, today, wire,
};
use crate::i18n::{circumstance_key, party_kind_key, t, t_name, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::discretion::{
    CreateDiscretionStandard, DiscretionRangeDto, DiscretionStandardView,
};
use sanxiang_api_types::Role;
use sanxiang_domain::party::PartyKind;
use sanxiang_domain::review::Circumstance;

const PARTY_KINDS: [PartyKind; 2] = [PartyKind::NaturalPerson, PartyKind::Organisation];
const CIRCUMSTANCES: [Circumstance; 3] = [
    Circumstance::Minor,
    Circumstance::General,
    Circumstance::Serious,
];

/// One fine range being edited (amounts in yuan as typed).
#[derive(Debug, Clone, Copy)]
struct RangeRow {
    id: usize,
    party_kind: RwSignal<String>,
    circumstance: RwSignal<String>,
    min: RwSignal<String>,
    max: RwSignal<String>,
}

impl RangeRow {
    fn new(id: usize, r: Option<&DiscretionRangeDto>) -> Self {
        Self {
            id,
            party_kind: RwSignal::new(wire(&r.map_or(PartyKind::Organisation, |r| r.party_kind))),
            circumstance: RwSignal::new(
                r.and_then(|r| r.circumstance)
                    .map(|c| wire(&c))
                    .unwrap_or_default(),
            ),
            min: RwSignal::new(r.map(|r| fen_to_yuan(r.min_fen)).unwrap_or_default()),
            max: RwSignal::new(r.map(|r| fen_to_yuan(r.max_fen)).unwrap_or_default()),
        }
    }

    fn value(self) -> Option<DiscretionRangeDto> {
        let min_fen = parse_yuan(&self.min.get_untracked())?;
        let max_fen = parse_yuan(&self.max.get_untracked())?;
        (min_fen <= max_fen).then_some(())?;
        Some(DiscretionRangeDto {
            party_kind: from_wire(&self.party_kind.get_untracked())?,
            circumstance: from_wire(&self.circumstance.get_untracked()),
            min_fen,
            max_fen,
        })
    }
}

/// A range in words, e.g. `法人或其他组织，情节一般：5000.00—50000.00 元`.
fn range_text(r: &DiscretionRangeDto) -> String {
    let circumstance = match r.circumstance {
        Some(c) => format!(
            "{}{}",
            t(Key::DiscretionCircumstance),
            t(circumstance_key(c))
        ),
        None => t(Key::DiscretionAllCircumstances).to_owned(),
    };
    format!(
        "{}，{circumstance}：{} — {}",
        t(party_kind_key(r.party_kind)),
        money(r.min_fen),
        money(r.max_fen)
    )
}

fn period_text(s: &DiscretionStandardView) -> String {
    match s.effective_until {
        Some(until) => format!("{} — {}", date_zh(s.effective_from), date_zh(until)),
        None => format!("{} —", date_zh(s.effective_from)),
    }
}

/// One version of a standard as a card body.
fn standard_body(s: &DiscretionStandardView) -> impl IntoView {
    view! {
        <p class="muted small">{t(Key::CataloguePeriod)} " " {period_text(s)}</p>
        <ul class="discretion-ranges">
            {s.ranges.iter().map(|r| view! { <li class="discretion-range">{range_text(r)}</li> }).collect_view()}
        </ul>
        {(!s.legal_basis.is_empty())
            .then(|| view! { <p class="small">{t(Key::DiscretionLegalBasis)} "：" {s.legal_basis.join("；")}</p> })}
        {(!s.text.is_empty()).then(|| view! { <p class="small discretion-text">{s.text.clone()}</p> })}
    }
}

#[component]
pub fn DiscretionPanel() -> impl IntoView {
    let session = Session::use_session();
    let can_edit = session
        .user
        .get_untracked()
        .is_some_and(|u| u.roles.contains(&Role::Approver) || u.roles.contains(&Role::Admin));
    let list = RwSignal::new(None::<Vec<DiscretionStandardView>>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    // The code whose history is open, and its versions.
    let history = RwSignal::new(None::<(String, Vec<DiscretionStandardView>)>);

    let editing = RwSignal::new(false);
    let code_locked = RwSignal::new(false);
    let code = RwSignal::new(String::new());
    let violation_type = RwSignal::new(String::new());
    let effective_from = RwSignal::new(date_value(today().succ_opt().unwrap_or_else(today)));
    let legal_basis = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<RangeRow>::new());
    let next_id = StoredValue::new(0usize);
    let pending = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);

    let load = move || {
        spawn_local(async move {
            match session.discretion_standards().await {
                Ok(l) => {
                    list.try_set(Some(l.items));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    load();

    // Opens the form, blank for a new standard or prefilled from `from` for its next version.
    let open_form = move |from: Option<DiscretionStandardView>| {
        let ranges: Vec<RangeRow> = match &from {
            Some(s) => s
                .ranges
                .iter()
                .enumerate()
                .map(|(i, r)| RangeRow::new(i, Some(r)))
                .collect(),
            None => vec![RangeRow::new(0, None)],
        };
        next_id.set_value(ranges.len());
        rows.set(ranges);
        code_locked.set(from.is_some());
        code.set(from.as_ref().map(|s| s.code.clone()).unwrap_or_default());
        violation_type.set(
            from.as_ref()
                .map(|s| s.violation_type.clone())
                .unwrap_or_default(),
        );
        legal_basis.set(
            from.as_ref()
                .map(|s| s.legal_basis.join("\n"))
                .unwrap_or_default(),
        );
        text.set(from.as_ref().map(|s| s.text.clone()).unwrap_or_default());
        form_error.set(None);
        notice.set(None);
        editing.set(true);
    };

    let toggle_history = move |c: String| {
        if history.with_untracked(|h| h.as_ref().is_some_and(|(open, _)| *open == c)) {
            history.set(None);
            return;
        }
        spawn_local(async move {
            match session.discretion_history(&c).await {
                Ok(h) => {
                    history.try_set(Some((c, h.versions)));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
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
        let code_value = code.get_untracked().trim().to_owned();
        let name = violation_type.get_untracked().trim().to_owned();
        let row_list = rows.get_untracked();
        if code_value.is_empty() || name.is_empty() || row_list.is_empty() {
            form_error.set(Some(t(Key::DiscretionErrRequired).to_owned()));
            return;
        }
        let Some(ranges) = row_list
            .into_iter()
            .map(RangeRow::value)
            .collect::<Option<Vec<_>>>()
        else {
            form_error.set(Some(t(Key::DiscretionErrRange).to_owned()));
            return;
        };
        let body = CreateDiscretionStandard {
            code: code_value,
            violation_type: name,
            effective_from: from,
            legal_basis: legal_basis
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            text: text.get_untracked().trim().to_owned(),
            ranges,
        };
        form_error.set(None);
        pending.set(true);
        spawn_local(async move {
            match session.publish_discretion(&body).await {
                Ok(()) => {
                    pending.try_set(false);
                    editing.try_set(false);
                    history.try_set(None);
                    notice.try_set(Some(t(Key::DiscretionPublished).to_owned()));
                    load();
                }
                Err(err) => {
                    pending.try_set(false);
                    form_error.try_set(Some(err.message()));
                }
            }
        });
    };

    let add_row = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        rows.update(|r| r.push(RangeRow::new(id, None)));
    };

    let standard_card = move |s: DiscretionStandardView| {
        let code_for_history = s.code.clone();
        let code_attr = s.code.clone();
        let for_edit = s.clone();
        let open_code = s.code.clone();
        view! {
            <div class="card discretion-standard" data-code=code_attr data-version=s.version>
                <h3 class="section-title">
                    {format!("{}（{}）", s.violation_type, s.code)} " "
                    <span class="muted small">{t_name(Key::CatalogueVersionN, &s.version.to_string())}</span>
                    {s.in_force.then(|| view! { <span class="badge badge-ok">{t(Key::CatalogueInForce)}</span> })}
                    {(!s.in_force).then(|| view! { <span class="badge">{t(Key::CatalogueUpcoming)}</span> })}
                </h3>
                {standard_body(&s)}
                <div class="form-actions">
                    <button
                        type="button"
                        class="link-button discretion-history-toggle"
                        on:click=move |_| toggle_history(code_for_history.clone())
                    >
                        {
                            let open_code = open_code.clone();
                            move || {
                                if history.with(|h| h.as_ref().is_some_and(|(c, _)| *c == open_code)) {
                                    t(Key::DiscretionHideHistory)
                                } else {
                                    t(Key::DiscretionShowHistory)
                                }
                            }
                        }
                    </button>
                    {can_edit
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-secondary discretion-next-version"
                                    on:click=move |_| open_form(Some(for_edit.clone()))
                                >
                                    {t(Key::DiscretionNewVersion)}
                                </button>
                            }
                        })}
                </div>
                {
                    let code = s.code.clone();
                    move || {
                        history
                            .get()
                            .filter(|(c, _)| *c == code)
                            .map(|(_, versions)| {
                                view! {
                                    <ol class="discretion-history">
                                        {versions
                                            .into_iter()
                                            .rev()
                                            .map(|v| {
                                                view! {
                                                    <li class="discretion-version" data-version=v.version>
                                                        <strong>{t_name(Key::CatalogueVersionN, &v.version.to_string())}</strong>
                                                        {standard_body(&v)}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                }
                            })
                    }
                }
            </div>
        }
    };

    view! {
        <section id="discretion-standards" class="discretion-panel">
            <div class="page-head">
                <h2 class="page-title">{t(Key::DiscretionTitle)}</h2>
                {can_edit
                    .then(|| {
                        view! {
                            <button id="discretion-new" type="button" class="btn btn-primary" on:click=move |_| open_form(None)>
                                {t(Key::DiscretionNew)}
                            </button>
                        }
                    })}
            </div>
            <p class="muted">{t(Key::DiscretionIntro)}</p>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || notice.with(Option::is_some)>
                <p id="discretion-notice" class="ok-text" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || editing.get()>
                <form id="discretion-form" class="card action-form" on:submit=on_submit novalidate=true>
                    <h3 class="form-title">
                        {move || if code_locked.get() { t(Key::DiscretionNewVersion) } else { t(Key::DiscretionNew) }}
                    </h3>
                    <div class="form-grid">
                        <div class="field">
                            <label for="discretion-code">{t(Key::DiscretionCode)}</label>
                            <input
                                id="discretion-code"
                                type="text"
                                maxlength="64"
                                bind:value=code
                                readonly=move || code_locked.get()
                            />
                            <p class="muted small">{t(Key::DiscretionCodeHint)}</p>
                        </div>
                        <div class="field">
                            <label for="discretion-violation-type">{t(Key::DiscretionViolationType)}</label>
                            <input id="discretion-violation-type" type="text" maxlength="200" bind:value=violation_type />
                        </div>
                        <div class="field">
                            <label for="discretion-from">{t(Key::CatalogueEffectiveFrom)}</label>
                            <input id="discretion-from" type="date" bind:value=effective_from />
                        </div>
                    </div>
                    <div class="field">
                        <label for="discretion-basis">{t(Key::DiscretionLegalBasis)}</label>
                        <textarea id="discretion-basis" rows="2" bind:value=legal_basis></textarea>
                    </div>
                    <div class="field">
                        <label for="discretion-text">{t(Key::DiscretionText)}</label>
                        <textarea id="discretion-text" rows="3" bind:value=text></textarea>
                    </div>
                    <h4 class="subsection-title">{t(Key::DiscretionRanges)}</h4>
                    <ol class="discretion-range-rows">
                        <For each=move || rows.get() key=|r| r.id let:row>
                            <li class="discretion-range-row form-grid">
                                <div class="field">
                                    <label>{t(Key::DiscretionPartyKind)}</label>
                                    <select
                                        class="range-party-kind"
                                        prop:value=move || row.party_kind.get()
                                        on:change=move |ev| row.party_kind.set(event_target_value(&ev))
                                    >
                                        {PARTY_KINDS.iter().map(|k| view! { <option value=wire(k)>{t(party_kind_key(*k))}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label>{t(Key::DiscretionCircumstance)}</label>
                                    <select
                                        class="range-circumstance"
                                        prop:value=move || row.circumstance.get()
                                        on:change=move |ev| row.circumstance.set(event_target_value(&ev))
                                    >
                                        <option value="">{t(Key::DiscretionAllCircumstances)}</option>
                                        {CIRCUMSTANCES.iter().map(|c| view! { <option value=wire(c)>{t(circumstance_key(*c))}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label>{t(Key::DiscretionMinYuan)}</label>
                                    <input class="range-min" type="text" inputmode="decimal" bind:value=row.min />
                                </div>
                                <div class="field">
                                    <label>{t(Key::DiscretionMaxYuan)}</label>
                                    <input class="range-max" type="text" inputmode="decimal" bind:value=row.max />
                                </div>
                                <button
                                    type="button"
                                    class="link-button range-remove"
                                    on:click=move |_| rows.update(|r| r.retain(|x| x.id != row.id))
                                >
                                    {t(Key::CatalogueRemove)}
                                </button>
                            </li>
                        </For>
                    </ol>
                    <button id="discretion-add-range" type="button" class="btn btn-secondary" on:click=add_row>
                        {t(Key::DiscretionAddRange)}
                    </button>
                    <Show when=move || form_error.with(Option::is_some)>
                        <p id="discretion-error" class="form-error" role="alert">{move || form_error.get().unwrap_or_default()}</p>
                    </Show>
                    <div class="form-actions">
                        <button id="discretion-publish" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                            {move || if pending.get() { t(Key::Submitting) } else { t(Key::CataloguePublish) }}
                        </button>
                        <button type="button" class="btn btn-secondary" on:click=move |_| editing.set(false)>
                            {t(Key::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            {move || match list.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(items) if items.is_empty() => {
                    view! { <p id="discretion-empty" class="muted">{t(Key::DiscretionEmpty)}</p> }.into_any()
                }
                Some(items) => {
                    view! {
                        <div id="discretion-list">
                            {items.into_iter().map(standard_card).collect_view()}
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
