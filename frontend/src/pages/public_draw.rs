//! Public page `/public/draws/{id}`: a random-inspection draw as published (双随机、一公开), and
//! its re-check in the browser with the same `sanxiang-draw-v1` code the server runs — seed
//! against the commitment, pools against their hash, recomputed result against the published.

use crate::api::inspections::public_draw;
use crate::format::date_zh;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::inspections::PublicDraw;
use sanxiang_domain::inspection::{verify_published, Published, VerifyReport};
use std::collections::HashMap;
use uuid::Uuid;

/// The draw id of the current path, when it is `/public/draws/{id}`.
pub fn current_draw_page() -> Option<Uuid> {
    let path = web_sys::window()?.location().pathname().ok()?;
    let id = path.strip_prefix("/public/draws/")?.trim_matches('/');
    Uuid::parse_str(id).ok()
}

fn check(d: &PublicDraw) -> VerifyReport {
    verify_published(&Published {
        commitment: &d.commitment,
        snapshot_hash: &d.snapshot_hash,
        snapshot: &d.snapshot,
        rules: &d.plan.rules,
        seed: d.seed.as_deref(),
        draw_date: d.draw_date,
        result: d.result.as_ref(),
    })
}

fn mark(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "✔",
        Some(false) => "✘",
        None => "…",
    }
}

#[component]
pub fn PublicDrawPage(id: Uuid) -> impl IntoView {
    let draw = RwSignal::new(None::<PublicDraw>);
    let report = RwSignal::new(None::<VerifyReport>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match public_draw(id).await {
            Ok(d) => draw.set(Some(d)),
            Err(e) => error.set(Some(e.message())),
        }
    });
    let run = move |_| {
        if let Some(d) = draw.get_untracked() {
            report.set(Some(check(&d)));
        }
    };
    view! {
        <div id="public-app" class="public-app">
            <main class="page page-wide" id="public-draw">
                <h1 class="page-title">{t(Key::InspPublicTitle)}</h1>
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                {move || draw.get().map(|d| {
                    let names: HashMap<Uuid, String> = d.snapshot.targets.iter().map(|x| (x.id, x.name.clone())).collect();
                    let inspectors: HashMap<Uuid, String> = d.snapshot.inspectors.iter().map(|x| (x.id, x.name.clone())).collect();
                    let pools = t(Key::InspTargetsCount)
                        .replace("{t}", &d.snapshot.targets.len().to_string())
                        .replace("{i}", &d.snapshot.inspectors.len().to_string())
                        .replace("{c}", &d.snapshot.conflicts.len().to_string());
                    view! {
                        <div class="card">
                            <h2>{format!("{}（{}）", d.plan.name, d.agency_name)}</h2>
                            <dl class="facts">
                                <dt>{t(Key::InspItem)}</dt><dd>{d.plan.item_name.clone()}</dd>
                                <dt>{t(Key::InspPeriod)}</dt><dd>{format!("{} — {}", date_zh(d.plan.period_start), date_zh(d.plan.period_end))}</dd>
                                <dt>{t(Key::InspAlgorithm)}</dt><dd><code>{d.algorithm.clone()}</code></dd>
                                <dt>{t(Key::InspSnapshotHash)}</dt><dd><code>{d.snapshot_hash.clone()}</code></dd>
                                <dt>{t(Key::InspCommitment)}</dt><dd><code id="public-commitment">{d.commitment.clone()}</code></dd>
                                <dt>{t(Key::InspSeed)}</dt><dd><code id="public-seed">{d.seed.clone().unwrap_or_else(|| t(Key::InspNotYet).to_owned())}</code></dd>
                                <dt>{t(Key::InspDrawDate)}</dt><dd>{d.draw_date.map(date_zh).unwrap_or_else(|| "—".into())}</dd>
                            </dl>
                            <p>{pools}</p>
                            {d.cancel_reason.clone().map(|r| view! { <p class="notice">{t(Key::InspCancelled).replace("{reason}", &r)}</p> })}
                        </div>
                        <div class="card" id="verify-box">
                            <button type="button" id="verify-draw" on:click=run>{t(Key::InspVerifyTitle)}</button>
                            {move || report.get().map(|r| view! {
                                <ul id="verify-result" data-ok=r.ok().to_string()>
                                    <li>{mark(r.commitment_ok)}" "{t(Key::InspCheckCommitment)}</li>
                                    <li>{mark(Some(r.snapshot_hash_ok))}" "{t(Key::InspCheckSnapshot)}</li>
                                    <li>{mark(r.result_ok)}" "{t(Key::InspCheckResult)}</li>
                                </ul>
                                <p class=if r.ok() { "notice" } else { "form-error" }>
                                    {if r.ok() { t(Key::InspVerifyOk).to_owned() } else { format!("{}：{}", t(Key::InspVerifyFail), r.first_difference.clone().unwrap_or_default()) }}
                                </p>
                            })}
                        </div>
                        {d.result.clone().map(|res| view! {
                            <div class="card">
                                <h2>{t(Key::InspResultTitle)}</h2>
                                <table class="table" id="public-result">
                                    <thead>
                                        <tr>
                                            <th>{t(Key::InspTarget)}</th>
                                            <th>{t(Key::InspTier)}</th>
                                            <th>{t(Key::InspInspectors)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {res.selections.into_iter().map(|s| view! {
                                            <tr
                                                class="public-selection"
                                                data-target-id=s.target_id.to_string()
                                                data-inspector-ids={s.inspector_ids.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" ")}
                                            >
                                                <td>{names.get(&s.target_id).cloned().unwrap_or_default()}</td>
                                                <td>{s.tier}</td>
                                                <td>{s.inspector_ids.iter().map(|i| inspectors.get(i).cloned().unwrap_or_default()).collect::<Vec<_>>().join("、")}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })}
                    }
                })}
            </main>
        </div>
    }
}
