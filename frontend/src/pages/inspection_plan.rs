//! One random-inspection plan: fix and publish (snapshot hash, seed commitment), draw (seed and
//! result published, once), cancel with a published reason, tasks and their progress.

use crate::api::Session;
use crate::components::confirm_dialog::{Confirm, ConfirmDialog};
use crate::format::{date_zh, from_wire};
use crate::i18n::{outcome_text, stage_key, t, Key};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::inspections::{Plan, PlanProgress};
use sanxiang_domain::case::Stage;
use sanxiang_domain::inspection::PlanStatus;
use uuid::Uuid;

/// The Chinese name of a task's stage as the progress spells it (a case stage, or
/// `not_started`).
fn stage_text(stage: &str) -> String {
    if stage == "not_started" {
        return t(Key::InspNotStarted).to_owned();
    }
    from_wire::<Stage>(stage)
        .map(|s| t(stage_key(s)).to_owned())
        .unwrap_or_else(|| stage.to_owned())
}

#[component]
pub fn InspectionPlanPage(id: Uuid) -> impl IntoView {
    let session = Session::use_session();
    let plan = RwSignal::new(None::<Plan>);
    let progress = RwSignal::new(None::<PlanProgress>);
    let error = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Confirm>);
    let load = move || {
        spawn_local(async move {
            match session.inspection_plan(id).await {
                Ok(p) => {
                    let drawn = p.status == PlanStatus::Drawn;
                    plan.set(Some(p));
                    if drawn {
                        if let Ok(pr) = session.inspection_progress(id).await {
                            progress.set(Some(pr));
                        }
                    }
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    load();
    let step = move |s: &'static str| {
        busy.set(true);
        spawn_local(async move {
            match session.inspection_plan_step(id, s).await {
                Ok(_) => {
                    error.set(None);
                    load();
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    // 抽取 is once only and published at once: the plan, its item and period, asked once more.
    let ask_draw = move |_| {
        let Some(p) = plan.get_untracked() else {
            return;
        };
        confirm.set(Some(
            Confirm::new(
                t(Key::ConfirmDrawTitle),
                Callback::new(move |()| step("draw")),
            )
            .row(t(Key::ConfirmPlan), p.name.clone())
            .row(t(Key::InspItem), p.item_name.clone())
            .row(
                t(Key::InspPeriod),
                format!("{} — {}", date_zh(p.period_start), date_zh(p.period_end)),
            )
            .warning(t(Key::ConfirmDrawWarning)),
        ));
    };
    let tasks = move |_| {
        busy.set(true);
        spawn_local(async move {
            match session.create_inspection_tasks(id).await {
                Ok(r) => {
                    note.set(Some(
                        t(Key::InspTasksDone)
                            .replace("{created}", &r.created.to_string())
                            .replace("{existing}", &r.existing.to_string()),
                    ));
                    load();
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked();
        spawn_local(async move {
            match session.cancel_inspection_plan(id, r).await {
                Ok(_) => load(),
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <section id="inspection-plan-page" class="page page-wide">
            <p><a href=Page::Inspections.href()>{t(Key::InspTitle)}</a></p>
            <h1 class="page-title">{t(Key::InspPlanTitle)}</h1>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || note.with(Option::is_some)>
                <p class="notice" role="status">{move || note.get().unwrap_or_default()}</p>
            </Show>
            {move || plan.get().map(|p| {
                let status = p.status;
                let rules = serde_json::to_string(&p.rules).unwrap_or_default();
                view! {
                    <div class="card" id="plan-summary" data-status=p.status_label.clone()>
                        <h2>{p.name.clone()}</h2>
                        <dl class="facts">
                            <dt>{t(Key::InspStatus)}</dt><dd id="plan-status">{p.status_label.clone()}</dd>
                            <dt>{t(Key::InspItem)}</dt><dd>{format!("{}（第{}版，{}）", p.item_name, p.item_version, p.category)}</dd>
                            <dt>{t(Key::InspPeriod)}</dt><dd>{format!("{} — {}", date_zh(p.period_start), date_zh(p.period_end))}</dd>
                            <dt>{t(Key::InspRules)}</dt><dd><code>{rules}</code></dd>
                            <dt>{t(Key::InspSnapshotHash)}</dt><dd><code id="snapshot-hash">{p.snapshot_hash.clone().unwrap_or_else(|| "—".into())}</code></dd>
                            <dt>{t(Key::InspCommitment)}</dt><dd><code id="commitment">{p.commitment.clone().unwrap_or_else(|| "—".into())}</code></dd>
                            <dt>{t(Key::InspSeed)}</dt><dd><code id="seed">{p.seed.clone().unwrap_or_else(|| t(Key::InspNotYet).to_owned())}</code></dd>
                            <dt>{t(Key::InspDrawDate)}</dt><dd>{p.draw_date.map(date_zh).unwrap_or_else(|| "—".into())}</dd>
                        </dl>
                        {p.cancel_reason.clone().map(|r| view! { <p class="notice">{t(Key::InspCancelled).replace("{reason}", &r)}</p> })}
                        {p.public_url.clone().map(|_| view! {
                            <p><a id="public-draw-link" href=format!("/public/draws/{}", p.id)>{t(Key::InspPublicLink)}</a></p>
                        })}
                        <div class="actions">
                            <Show when=move || status == PlanStatus::Draft>
                                <p class="muted">{t(Key::InspFixHint)}</p>
                                <button type="button" id="fix-plan" disabled=move || busy.get() on:click=move |_| step("fix")>{t(Key::InspFix)}</button>
                            </Show>
                            <Show when=move || status == PlanStatus::Fixed>
                                <button type="button" id="draw-plan" disabled=move || busy.get() on:click=ask_draw>{t(Key::InspDraw)}</button>
                            </Show>
                            <Show when=move || status == PlanStatus::Drawn>
                                <button type="button" id="create-tasks" disabled=move || busy.get() on:click=tasks>{t(Key::InspTasks)}</button>
                            </Show>
                        </div>
                        <Show when=move || status != PlanStatus::Cancelled>
                            <form id="cancel-plan" on:submit=cancel>
                                <label>{t(Key::InspCancelReason)}
                                    <input required prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                                </label>
                                <button type="submit">{t(Key::InspCancel)}</button>
                            </form>
                        </Show>
                    </div>
                }
            })}
            {move || progress.get().map(|pr| view! {
                <div class="card" id="plan-progress" data-total=pr.total.to_string()>
                    <h2>{t(Key::InspProgressTitle)}</h2>
                    <p id="progress-summary">
                        {pr.by_stage
                            .iter()
                            .enumerate()
                            .map(|(i, s)| view! {
                                {(i > 0).then_some("，")}
                                <span class="stage-count" data-stage=s.stage.clone() data-count=s.count.to_string()>
                                    {format!("{}：{}", stage_text(&s.stage), s.count)}
                                </span>
                            })
                            .collect_view()}
                    </p>
                    <table class="table" id="draw-result">
                        <thead>
                            <tr>
                                <th>{t(Key::InspTarget)}</th>
                                <th>{t(Key::InspTier)}</th>
                                <th>{t(Key::InspInspectors)}</th>
                                <th>{t(Key::InspCase)}</th>
                                <th>{t(Key::InspStage)}</th>
                                <th>{t(Key::FieldResult)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {pr.tasks
                                .into_iter()
                                .map(|x| view! {
                                    <tr
                                        class="task-row"
                                        data-target-id=x.target_id.to_string()
                                        data-inspector-ids={x.inspector_ids.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" ")}
                                        data-case-id=x.case_id.map(|c| c.to_string()).unwrap_or_default()
                                        data-stage=x.stage.clone().unwrap_or_default()
                                        data-outcome=x.outcome.clone().unwrap_or_default()
                                    >
                                        <td class="task-target">{x.target_name}</td>
                                        <td>{x.tier}</td>
                                        <td class="task-inspectors">{x.inspector_names.join("、")}</td>
                                        <td>{match (x.case_id, x.case_number) {
                                            (Some(c), Some(n)) => view! { <a href=Page::Case(c).href()>{n}</a> }.into_any(),
                                            _ => view! { <span class="muted">{t(Key::InspNotStarted)}</span> }.into_any(),
                                        }}</td>
                                        <td class="task-stage">{x.stage.as_deref().map(stage_text).unwrap_or_default()}</td>
                                        <td class="task-outcome">{x.outcome.as_deref().map(outcome_text).unwrap_or_default()}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <ConfirmDialog request=confirm />
        </section>
    }
}
