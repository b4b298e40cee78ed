//! 执法监督 (supervisors): the measures of every agency granted to the supervisor for a date
//! range — cases by kind and stage, overdue deadlines by rule, major decisions without legal
//! review, publication punctuality, withdrawals, days per stage — each as a table and bars, and
//! the same figures as CSV. Read-only; the server records every read.

use crate::api::Session;
use crate::components::bar_chart::Bar;
use crate::components::measure_card::MeasureCard;
use crate::format::{date_value, from_wire, parse_date, today};
use crate::i18n::{kind_key, stage_key, t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::supervision::{AgencyMeasures, DashboardQuery, SupervisionDashboard};
use sanxiang_domain::case::{CaseKind, Stage};
use std::collections::BTreeSet;

#[component]
pub fn SupervisionPage() -> impl IntoView {
    let session = Session::use_session();
    let year = chrono::Datelike::year(&today());
    let from = RwSignal::new(
        chrono::NaiveDate::from_ymd_opt(year, 1, 1)
            .map(date_value)
            .unwrap_or_default(),
    );
    let to = RwSignal::new(
        chrono::NaiveDate::from_ymd_opt(year, 12, 31)
            .map(date_value)
            .unwrap_or_default(),
    );
    let data = RwSignal::new(None::<SupervisionDashboard>);
    let error = RwSignal::new(None::<String>);
    let csv_status = RwSignal::new(None::<String>);

    let query = move || DashboardQuery {
        from: parse_date(&from.get_untracked()),
        to: parse_date(&to.get_untracked()),
    };
    let load = move || {
        data.set(None);
        error.set(None);
        let q = query();
        spawn_local(async move {
            match session.supervision_dashboard(&q).await {
                Ok(d) => {
                    data.try_set(Some(d));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    };
    load();
    let download = move |_| {
        let q = query();
        csv_status.set(Some(t(Key::SupervisionCsvPreparing).to_owned()));
        spawn_local(async move {
            let r = session.supervision_csv(&q).await;
            csv_status.try_set(Some(match r {
                Ok((name, _)) => t(Key::ExportDone).replace("{name}", &name),
                Err(e) => e.message(),
            }));
        });
    };

    view! {
        <section id="supervision-page" class="page page-wide">
            <h1 class="page-title">{t(Key::SupervisionTitle)}</h1>
            <p class="muted">{t(Key::SupervisionIntro)}</p>
            <form
                id="supervision-range"
                class="card filters"
                on:submit=move |ev| {
                    ev.prevent_default();
                    load();
                }
            >
                <div class="field">
                    <label for="supervision-from">{t(Key::SupervisionFrom)}</label>
                    <input id="supervision-from" type="date" bind:value=from />
                </div>
                <div class="field">
                    <label for="supervision-to">{t(Key::SupervisionTo)}</label>
                    <input id="supervision-to" type="date" bind:value=to />
                </div>
                <div class="filter-buttons">
                    <button id="supervision-apply" type="submit" class="btn btn-primary">
                        {t(Key::SupervisionApply)}
                    </button>
                    <button id="supervision-csv" type="button" class="btn" on:click=download>
                        {t(Key::SupervisionCsv)}
                    </button>
                </div>
                <span id="supervision-csv-status" class="small" role="status" aria-live="polite">
                    {move || csv_status.get().unwrap_or_default()}
                </span>
            </form>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match data.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(d) if d.agencies.is_empty() => {
                    view! { <p id="supervision-empty" class="card muted">{t(Key::SupervisionEmpty)}</p> }
                        .into_any()
                }
                Some(d) => measures(&d.agencies).into_any(),
            }}
        </section>
    }
}

fn kind_label(k: &str) -> String {
    from_wire::<CaseKind>(k).map_or_else(|| k.to_owned(), |k| t(kind_key(k)).to_owned())
}

fn stage_label(k: &str) -> String {
    from_wire::<Stage>(k).map_or_else(|| k.to_owned(), |s| t(stage_key(s)).to_owned())
}

fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), |s| format!("{:.0}%", s * 100.0))
}

/// A table of counts keyed by name (kind, stage, rule), one column per name any agency has.
fn keyed(
    agencies: &[AgencyMeasures],
    keys_of: impl Fn(&AgencyMeasures) -> Vec<(String, String)>,
    label: impl Fn(&str) -> String,
) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let keys: BTreeSet<String> = agencies
        .iter()
        .flat_map(|a| keys_of(a).into_iter().map(|(k, _)| k))
        .collect();
    let columns = keys.iter().map(|k| label(k)).collect();
    let rows = agencies
        .iter()
        .map(|a| {
            let values = keys_of(a);
            let cells = keys
                .iter()
                .map(|k| {
                    values
                        .iter()
                        .find(|(vk, _)| vk == k)
                        .map_or_else(|| "0".to_owned(), |(_, v)| v.clone())
                })
                .collect();
            (a.agency_name.clone(), cells)
        })
        .collect();
    (columns, rows)
}

fn bars(agencies: &[AgencyMeasures], value: impl Fn(&AgencyMeasures) -> (f64, String)) -> Vec<Bar> {
    agencies
        .iter()
        .map(|a| {
            let (value, text) = value(a);
            Bar {
                label: a.agency_name.clone(),
                value,
                text,
            }
        })
        .collect()
}

fn measures(agencies: &[AgencyMeasures]) -> impl IntoView {
    let count = |n: u64| n.to_string();
    let total_rows: Vec<(String, Vec<String>)> = agencies
        .iter()
        .map(|a| (a.agency_name.clone(), vec![count(a.cases)]))
        .collect();
    let (kind_cols, kind_rows) = keyed(
        agencies,
        |a| {
            a.by_kind
                .iter()
                .map(|(k, v)| (k.clone(), count(*v)))
                .collect()
        },
        kind_label,
    );
    let (stage_cols, stage_rows) = keyed(
        agencies,
        |a| {
            a.by_stage
                .iter()
                .map(|(k, v)| (k.clone(), count(*v)))
                .collect()
        },
        stage_label,
    );
    let labels: Vec<(String, String)> = agencies
        .iter()
        .flat_map(|a| a.overdue.iter().map(|o| (o.rule.clone(), o.label.clone())))
        .collect();
    let (overdue_cols, overdue_rows) = keyed(
        agencies,
        |a| {
            a.overdue
                .iter()
                .map(|o| (o.rule.clone(), count(o.count)))
                .collect()
        },
        |k| {
            labels
                .iter()
                .find(|(r, _)| r == k)
                .map_or_else(|| k.to_owned(), |(_, l)| l.clone())
        },
    );
    let overdue_total = |a: &AgencyMeasures| a.overdue.iter().map(|o| o.count).sum::<u64>();
    let major_rows = agencies
        .iter()
        .map(|a| {
            (
                a.agency_name.clone(),
                vec![
                    count(a.major_decisions),
                    count(a.major_decisions_without_review),
                ],
            )
        })
        .collect();
    let publication_rows = agencies
        .iter()
        .map(|a| {
            let p = &a.publication;
            (
                a.agency_name.clone(),
                vec![
                    count(p.published),
                    format!(
                        "{}（{}）",
                        p.within_7_working_days,
                        percent(p.share_within_7)
                    ),
                    format!(
                        "{}（{}）",
                        p.within_20_working_days,
                        percent(p.share_within_20)
                    ),
                    count(p.unknown),
                    count(p.not_published),
                ],
            )
        })
        .collect();
    let withdrawal_rows = agencies
        .iter()
        .map(|a| {
            (
                a.agency_name.clone(),
                vec![
                    count(a.withdrawals.required),
                    count(a.withdrawals.withdrawn),
                ],
            )
        })
        .collect();
    let (stage_day_cols, stage_day_rows) = keyed(
        agencies,
        |a| {
            a.stage_days
                .iter()
                .map(|(k, v)| (k.clone(), format!("{:.1}", v.average_days)))
                .collect()
        },
        stage_label,
    );
    let col = |k: Key| t(k).to_owned();
    view! {
        <div class="measure-grid">
            <MeasureCard
                id="measure-cases"
                title=Key::SupervisionCases
                columns=vec![col(Key::SupervisionTotal)]
                rows=total_rows
                bars=bars(agencies, |a| (a.cases as f64, count(a.cases)))
            />
            <MeasureCard id="measure-kind" title=Key::SupervisionByKind columns=kind_cols rows=kind_rows bars=Vec::new() />
            <MeasureCard id="measure-stage" title=Key::SupervisionByStage columns=stage_cols rows=stage_rows bars=Vec::new() />
            <MeasureCard
                id="measure-overdue"
                title=Key::SupervisionOverdue
                columns=overdue_cols
                rows=overdue_rows
                bars=bars(agencies, |a| (overdue_total(a) as f64, count(overdue_total(a))))
            />
            <MeasureCard
                id="measure-major"
                title=Key::SupervisionMajor
                columns=vec![col(Key::SupervisionMajorTotal), col(Key::SupervisionMajorWithoutReview)]
                rows=major_rows
                bars=Vec::new()
            />
            <MeasureCard
                id="measure-publication"
                title=Key::SupervisionPublication
                note=Key::SupervisionPublicationNote
                columns=vec![
                    col(Key::SupervisionPublished),
                    col(Key::SupervisionWithin7),
                    col(Key::SupervisionWithin20),
                    col(Key::SupervisionUnknown),
                    col(Key::SupervisionNotPublished),
                ]
                rows=publication_rows
                max=1.0
                bars=bars(agencies, |a| {
                    (a.publication.share_within_7.unwrap_or(0.0), percent(a.publication.share_within_7))
                })
            />
            <MeasureCard
                id="measure-withdrawals"
                title=Key::SupervisionWithdrawals
                columns=vec![col(Key::SupervisionWithdrawalRequired), col(Key::SupervisionWithdrawn)]
                rows=withdrawal_rows
                bars=Vec::new()
            />
            <MeasureCard
                id="measure-stage-days"
                title=Key::SupervisionStageDays
                columns=stage_day_cols
                rows=stage_day_rows
                bars=Vec::new()
            />
        </div>
    }
}
