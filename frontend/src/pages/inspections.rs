//! 双随机抽查: the target pool (监管对象名录) with CSV import and its rejection report, declared
//! conflicts of interest (回避), and the plans with a preview of pool sizes per credit tier.

use crate::api::registers::public_register;
use crate::api::Session;
use crate::format::{chinese_part, date_value, date_zh, parse_date, today};
use crate::i18n::{t, Key};
use crate::route::{set_hash, Page};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::inspections::{
    Conflict, CreateConflict, CreatePlan, ImportReport, Plan, PlanPreview, Target, TargetBody,
    TierCount,
};
use sanxiang_api_types::registers::{PublicPageQuery, RegisterType};
use sanxiang_domain::inspection::{DrawRules, TargetKind};
use std::collections::BTreeMap;
use uuid::Uuid;

#[component]
pub fn InspectionsPage() -> impl IntoView {
    // Bumped when the pool changes (a target added or a CSV imported), so the conflict form
    // offers the new targets too.
    let pool_changed = RwSignal::new(0u32);
    view! {
        <section id="inspections-page" class="page page-wide">
            <h1 class="page-title">{t(Key::InspTitle)}</h1>
            <Plans />
            <Pool changed=pool_changed />
            <Conflicts pool_changed=pool_changed />
        </section>
    }
}

#[component]
fn Pool(changed: RwSignal<u32>) -> impl IntoView {
    let session = Session::use_session();
    let items = RwSignal::new(Vec::<Target>::new());
    let tiers = RwSignal::new(Vec::<TierCount>::new());
    let next = RwSignal::new(None::<Uuid>);
    let q = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let load = move |after: Option<Uuid>| {
        spawn_local(async move {
            match session
                .inspection_targets(None, Some(q.get_untracked()), after)
                .await
            {
                Ok(page) => {
                    if after.is_some() {
                        items.update(|v| v.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    tiers.set(page.tiers);
                    next.set(page.next_after);
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    load(None);
    let reload = Callback::new(move |_| {
        load(None);
        changed.update(|n| *n += 1);
    });
    view! {
        <section id="inspection-pool" class="card">
            <h2>{t(Key::InspPoolTitle)}</h2>
            <p class="muted">{t(Key::InspPoolHint)}</p>
            <p id="tier-counts">
                {t(Key::InspTierCounts)}"："
                {move || {
                    tiers
                        .get()
                        .into_iter()
                        .map(|c| format!("{} {}", c.tier, c.count))
                        .collect::<Vec<_>>()
                        .join("，")
                }}
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="row">
                <input
                    type="search"
                    placeholder=t(Key::InspSearch)
                    prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev))
                />
                <button type="button" on:click=move |_| load(None)>{t(Key::InspSearch)}</button>
            </div>
            <table class="table" id="target-table">
                <thead>
                    <tr>
                        <th>{t(Key::InspName)}</th>
                        <th>{t(Key::InspCreditCode)}</th>
                        <th>{t(Key::InspTier)}</th>
                        <th>{t(Key::InspLastInspected)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        items
                            .get()
                            .into_iter()
                            .map(|x| {
                                view! {
                                    <tr>
                                        <td>{x.name}</td>
                                        <td>{x.credit_code.unwrap_or_default()}</td>
                                        <td>{x.tier}</td>
                                        <td>{x.last_inspected_on.map(date_zh).unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <Show when=move || next.with(Option::is_some)>
                <button type="button" on:click=move |_| load(next.get_untracked())>
                    {t(Key::InspMore)}
                </button>
            </Show>
            <TargetForm on_saved=reload />
            <ImportForm on_saved=reload />
        </section>
    }
}

#[component]
fn TargetForm(on_saved: Callback<()>) -> impl IntoView {
    let session = Session::use_session();
    let name = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let kind = RwSignal::new("organisation".to_owned());
    let tier = RwSignal::new("A".to_owned());
    let address = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = TargetBody {
            name: name.get_untracked(),
            credit_code: Some(code.get_untracked()).filter(|c| !c.trim().is_empty()),
            kind: if kind.get_untracked() == "person" {
                TargetKind::Person
            } else {
                TargetKind::Organisation
            },
            tier: tier.get_untracked(),
            address: Some(address.get_untracked()),
            tags: vec![],
            last_inspected_on: None,
        };
        spawn_local(async move {
            match session.create_inspection_target(&body).await {
                Ok(_) => {
                    error.set(None);
                    name.set(String::new());
                    code.set(String::new());
                    on_saved.run(());
                }
                Err(e) => {
                    let fields: Vec<String> = e.field_errors().into_values().flatten().collect();
                    error.set(Some(if fields.is_empty() {
                        e.message()
                    } else {
                        fields.join("；")
                    }));
                }
            }
        });
    };
    view! {
        <form id="target-form" class="form-grid" on:submit=submit>
            <h3>{t(Key::InspAddTarget)}</h3>
            <label>{t(Key::InspName)}
                <input required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label>{t(Key::InspCreditCode)}
                <input maxlength="18" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
            </label>
            <label>{t(Key::InspKind)}
                <select on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="organisation">{t(Key::InspKindOrg)}</option>
                    <option value="person">{t(Key::InspKindPerson)}</option>
                </select>
            </label>
            <label>{t(Key::InspTier)}
                <input required maxlength="16" prop:value=move || tier.get() on:input=move |ev| tier.set(event_target_value(&ev)) />
            </label>
            <label>{t(Key::InspAddress)}
                <input prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev)) />
            </label>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <button type="submit">{t(Key::InspAddTarget)}</button>
        </form>
    }
}

#[component]
fn ImportForm(on_saved: Callback<()>) -> impl IntoView {
    let session = Session::use_session();
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match session.import_inspection_targets(text).await {
                Ok(r) => {
                    error.set(None);
                    report.set(Some(r));
                    on_saved.run(());
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <form id="import-form" on:submit=submit>
            <h3>{t(Key::InspImportTitle)}</h3>
            <p class="muted">{t(Key::InspImportHint)}</p>
            <input id="import-file" type="file" aria-label=t(Key::InspImportTitle) accept=".csv,text/csv" node_ref=input />
            <button id="import-submit" type="submit" disabled=move || busy.get()>{t(Key::InspImportButton)}</button>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || {
                report
                    .get()
                    .map(|r| {
                        let rejected_count = r.rejected.len().to_string();
                        let summary = t(Key::InspImportResult)
                            .replace("{rows}", &r.rows.to_string())
                            .replace("{imported}", &r.imported.to_string())
                            .replace("{rejected}", &r.rejected.len().to_string());
                        view! {
                            <div
                                id="import-report"
                                data-rows=r.rows.to_string()
                                data-imported=r.imported.to_string()
                                data-rejected=rejected_count
                            >
                                <p>{summary}</p>
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th>{t(Key::InspRejectLine)}</th>
                                            <th>{t(Key::InspName)}</th>
                                            <th>{t(Key::InspCreditCode)}</th>
                                            <th>{t(Key::InspRejectReasons)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {r
                                            .rejected
                                            .into_iter()
                                            .map(|row| {
                                                let reasons = row
                                                    .reasons
                                                    .iter()
                                                    .map(|x| chinese_part(&x.message))
                                                    .collect::<Vec<_>>()
                                                    .join("；");
                                                let codes = row
                                                    .reasons
                                                    .iter()
                                                    .map(|x| format!("{}:{}", x.field, x.reason))
                                                    .collect::<Vec<_>>()
                                                    .join(" ");
                                                view! {
                                                    <tr class="rejected-row" data-line=row.line.to_string() data-reasons=codes>
                                                        <td>{row.line}</td>
                                                        <td>{row.name}</td>
                                                        <td>{row.credit_code}</td>
                                                        <td>{reasons}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                    })
            }}
        </form>
    }
}

#[component]
fn Conflicts(pool_changed: RwSignal<u32>) -> impl IntoView {
    let session = Session::use_session();
    let items = RwSignal::new(Vec::<Conflict>::new());
    let officers = RwSignal::new(Vec::<(Uuid, String)>::new());
    let targets = RwSignal::new(Vec::<Target>::new());
    let officer = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let target_q = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            if let Ok(list) = session.inspection_conflicts().await {
                items.set(list.items);
            }
        });
    };
    load();
    spawn_local(async move {
        if let Ok(list) = session.officers().await {
            officers.set(
                list.items
                    .into_iter()
                    .map(|o| (o.user_id, o.name))
                    .collect(),
            );
        }
    });
    // The targets offered: the first page of the pool matching the search, reloaded when the
    // pool changes (an import) or the search does.
    Effect::new(move |_| {
        pool_changed.track();
        let q = target_q.get();
        spawn_local(async move {
            if let Ok(page) = session.inspection_targets(None, Some(q), None).await {
                let chosen = target.get_untracked();
                if !page.items.iter().any(|x| x.id.to_string() == chosen) {
                    target.try_set(String::new());
                }
                targets.try_set(page.items);
            }
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(officer_id), Ok(target_id)) = (
            Uuid::parse_str(&officer.get_untracked()),
            Uuid::parse_str(&target.get_untracked()),
        ) else {
            return;
        };
        let body = CreateConflict {
            officer_id,
            target_id,
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match session.declare_conflict(&body).await {
                Ok(_) => {
                    error.set(None);
                    reason.set(String::new());
                    load();
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <section id="inspection-conflicts" class="card">
            <h2>{t(Key::InspConflictsTitle)}</h2>
            <p class="muted">{t(Key::InspConflictsHint)}</p>
            <table class="table" id="conflict-table">
                <thead>
                    <tr>
                        <th>{t(Key::InspOfficer)}</th>
                        <th>{t(Key::InspTarget)}</th>
                        <th>{t(Key::InspReason)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        items
                            .get()
                            .into_iter()
                            .map(|c| view! {
                                <tr class="conflict-row" data-officer-id=c.officer_id.to_string() data-target-id=c.target_id.to_string()>
                                    <td>{c.officer_name}</td>
                                    <td>{c.target_name}</td>
                                    <td>{c.reason}</td>
                                </tr>
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <form id="conflict-form" class="form-grid" on:submit=submit>
                <label>{t(Key::InspOfficer)}
                    <select id="conflict-officer" required on:change=move |ev| officer.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || officers.get().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t(Key::InspSearch)}
                    <input
                        id="conflict-target-q"
                        type="search"
                        prop:value=move || target_q.get()
                        on:change=move |ev| target_q.set(event_target_value(&ev))
                    />
                </label>
                <label>{t(Key::InspTarget)}
                    <select id="conflict-target" required on:change=move |ev| target.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || {
                            let chosen = target.get_untracked();
                            targets
                                .get()
                                .into_iter()
                                .map(|x| {
                                    let id = x.id.to_string();
                                    let selected = id == chosen;
                                    view! { <option value=id selected=selected>{x.name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>{t(Key::InspReason)}
                    <input id="conflict-reason" required prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                <Show when=move || error.with(Option::is_some)>
                    <p id="conflict-error" class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button id="conflict-submit" type="submit">{t(Key::InspDeclare)}</button>
            </form>
        </section>
    }
}

/// Parses `A:500,B:1000` into per-tier ratios (basis points).
fn parse_ratios(s: &str) -> Option<BTreeMap<String, u32>> {
    let mut out = BTreeMap::new();
    for part in s
        .split([',', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (tier, bp) = part.split_once([':', '：'])?;
        out.insert(tier.trim().to_owned(), bp.trim().parse().ok()?);
    }
    Some(out)
}

#[component]
fn Plans() -> impl IntoView {
    let session = Session::use_session();
    let plans = RwSignal::new(Vec::<Plan>::new());
    let name = RwSignal::new(String::new());
    let item = RwSignal::new(String::new());
    let start = RwSignal::new(date_value(today()));
    let end = RwSignal::new(date_value(today() + chrono::Duration::days(30)));
    let ratios = RwSignal::new("A:500,B:1000,C:2000,D:4000".to_owned());
    let count = RwSignal::new(String::new());
    let years = RwSignal::new("3".to_owned());
    let per_target = RwSignal::new("2".to_owned());
    let category = RwSignal::new("财政".to_owned());
    let preview = RwSignal::new(None::<PlanPreview>);
    let error = RwSignal::new(None::<String>);
    // The agency's published random-inspection items (随机抽查事项清单) in force: (id, title,
    // enforcement category).
    let items = RwSignal::new(Vec::<(Uuid, String, String)>::new());
    spawn_local(async move {
        if let Ok(list) = session.inspection_plans().await {
            plans.set(list.items);
        }
    });
    spawn_local(async move {
        let agency_id = session.user.get_untracked().map(|u| u.agency.id);
        let q = PublicPageQuery {
            agency_id,
            cursor: None,
            limit: Some(500),
        };
        match public_register(RegisterType::InspectionItem, &q).await {
            Ok(page) => {
                items.try_set(
                    page.items
                        .into_iter()
                        .map(|e| {
                            let category = e
                                .content
                                .get("enforcement_category")
                                .and_then(|v| v.as_str())
                                .unwrap_or_default()
                                .to_owned();
                            (e.id, e.title, category)
                        })
                        .collect(),
                );
            }
            Err(e) => {
                error.try_set(Some(e.message()));
            }
        }
    });
    let pick_item = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if let Some((_, _, c)) = items
            .get_untracked()
            .into_iter()
            .find(|(i, _, _)| i.to_string() == id)
        {
            if !c.is_empty() {
                category.set(c);
            }
        }
        item.set(id);
    };
    let rules = move || -> Option<DrawRules> {
        let c = count.get_untracked();
        Some(DrawRules {
            ratio_bp: None,
            tier_ratios_bp: if c.trim().is_empty() {
                parse_ratios(&ratios.get_untracked())?
            } else {
                BTreeMap::new()
            },
            count: if c.trim().is_empty() {
                None
            } else {
                Some(c.trim().parse().ok()?)
            },
            exclude_inspected_within_years: years.get_untracked().trim().parse().ok()?,
            inspectors_per_target: per_target.get_untracked().trim().parse().ok()?,
        })
    };
    let do_preview = move |_| {
        let n = count.get_untracked().trim().parse::<u32>().ok();
        // With a fixed count the ratios do not apply.
        let r = if n.is_some() {
            String::new()
        } else {
            ratios.get_untracked()
        };
        let y = years.get_untracked().trim().parse().unwrap_or(0);
        let c = category.get_untracked();
        spawn_local(async move {
            match session.inspection_preview(&c, &r, n, y).await {
                Ok(p) => {
                    error.set(None);
                    preview.set(Some(p));
                }
                Err(e) => {
                    preview.set(None);
                    error.set(Some(e.message()));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(rules), Ok(item_id), Some(period_start), Some(period_end)) = (
            rules(),
            Uuid::parse_str(item.get_untracked().trim()),
            parse_date(&start.get_untracked()),
            parse_date(&end.get_untracked()),
        ) else {
            error.set(Some(t(Key::ErrValidationFailed).to_owned()));
            return;
        };
        let body = CreatePlan {
            name: name.get_untracked(),
            item_id,
            period_start,
            period_end,
            rules,
        };
        spawn_local(async move {
            match session.create_inspection_plan(&body).await {
                Ok(p) => set_hash(Page::InspectionPlan(p.id)),
                Err(e) => {
                    let fields: Vec<String> = e.field_errors().into_values().flatten().collect();
                    error.set(Some(if fields.is_empty() {
                        e.message()
                    } else {
                        fields.join("；")
                    }));
                }
            }
        });
    };
    view! {
        <section id="inspection-plans" class="card">
            <h2>{t(Key::InspPlansTitle)}</h2>
            <table class="table" id="plan-table">
                <thead>
                    <tr>
                        <th>{t(Key::InspPlanName)}</th>
                        <th>{t(Key::InspItem)}</th>
                        <th>{t(Key::InspStatus)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        plans
                            .get()
                            .into_iter()
                            .map(|p| view! {
                                <tr class="plan-row" data-id=p.id.to_string()>
                                    <td>{p.name}</td>
                                    <td>{p.item_name}</td>
                                    <td>{p.status_label}</td>
                                    <td><a href=Page::InspectionPlan(p.id).href()>{t(Key::InspOpen)}</a></td>
                                </tr>
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <form id="plan-form" class="form-grid" on:submit=submit>
                <h3>{t(Key::InspCreatePlan)}</h3>
                <label>{t(Key::InspPlanName)}
                    <input id="plan-name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label>{t(Key::InspItemId)}
                    <select id="plan-item" required on:change=pick_item>
                        <option value="">"—"</option>
                        {move || {
                            let chosen = item.get_untracked();
                            items
                                .get()
                                .into_iter()
                                .map(|(id, title, _)| {
                                    let id = id.to_string();
                                    let selected = id == chosen;
                                    view! { <option value=id selected=selected>{title}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>{t(Key::InspPeriodStart)}
                    <input id="plan-start" type="date" prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev)) />
                </label>
                <label>{t(Key::InspPeriodEnd)}
                    <input id="plan-end" type="date" prop:value=move || end.get() on:input=move |ev| end.set(event_target_value(&ev)) />
                </label>
                <label>{t(Key::InspTierRatios)}
                    <input id="plan-ratios" prop:value=move || ratios.get() on:input=move |ev| ratios.set(event_target_value(&ev)) />
                </label>
                <label>{t(Key::InspCount)}
                    <input id="plan-count" type="number" min="1" prop:value=move || count.get() on:input=move |ev| count.set(event_target_value(&ev)) />
                </label>
                <label>{t(Key::InspExcludeYears)}
                    <input id="plan-years" type="number" min="0" prop:value=move || years.get() on:input=move |ev| years.set(event_target_value(&ev)) />
                </label>
                <label>{t(Key::InspPerTarget)}
                    <input id="plan-per-target" type="number" min="2" prop:value=move || per_target.get() on:input=move |ev| per_target.set(event_target_value(&ev)) />
                </label>
                <label>{t(Key::InspCategory)}
                    <input id="plan-category" prop:value=move || category.get() on:input=move |ev| category.set(event_target_value(&ev)) />
                </label>
                <button id="plan-preview-button" type="button" on:click=do_preview>{t(Key::InspPreview)}</button>
                {move || preview.get().map(|p| view! { <PreviewTable preview=p /> })}
                <Show when=move || error.with(Option::is_some)>
                    <p id="plan-error" class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button id="plan-submit" type="submit">{t(Key::InspCreatePlan)}</button>
            </form>
        </section>
    }
}

#[component]
fn PreviewTable(preview: PlanPreview) -> impl IntoView {
    let inspectors =
        t(Key::InspEligibleInspectors).replace("{n}", &preview.eligible_inspectors.to_string());
    view! {
        <div id="plan-preview" data-eligible-inspectors=preview.eligible_inspectors.to_string()>
            <table class="table">
                <thead>
                    <tr>
                        <th>{t(Key::InspTier)}</th>
                        <th>{t(Key::InspPool)}</th>
                        <th>{t(Key::InspEligible)}</th>
                        <th>{t(Key::InspQuota)}</th>
                    </tr>
                </thead>
                <tbody>
                    {preview
                        .tiers
                        .into_iter()
                        .map(|s| {
                            let tier = s.tier.clone();
                            view! {
                                <tr
                                    class="preview-tier"
                                    data-tier=tier
                                    data-pool=s.pool.to_string()
                                    data-eligible=s.eligible.to_string()
                                    data-quota=s.quota.to_string()
                                >
                                    <td>{s.tier}</td>
                                    <td>{s.pool}</td>
                                    <td>{s.eligible}</td>
                                    <td>{s.quota}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p>{inspectors}</p>
        </div>
    }
}
