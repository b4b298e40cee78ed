//! One disclosure (公示详情): the masked preview beside the source taken from the case (visible
//! to staff only), which masking rules applied, the editor's form, the workflow steps the server
//! allows now, the history and the versions the public has seen.

use crate::api::Session;
use crate::components::decision_source_view::DecisionSourceView;
use crate::components::disclosure_actions::DisclosureActions;
use crate::components::disclosure_edit_form::DisclosureEditForm;
use crate::components::public_decision_view::PublicDecisionView;
use crate::format::{chinese_part, date_time, date_zh, wire};
use crate::i18n::{kind_key, mask_rule_key, resource_type_key, severity_key, t, t_name, Key};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::disclosure::{DisclosureDetail, DisclosureEvent};
use uuid::Uuid;

/// The words of an event worth showing: its reason, ground, basis or comment.
fn event_note(e: &DisclosureEvent) -> Option<String> {
    ["reason", "ground", "basis", "comment"]
        .iter()
        .filter_map(|k| e.detail.get(*k).and_then(|v| v.as_str()))
        .find(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

#[component]
pub fn DisclosureDetailPage(id: Uuid) -> impl IntoView {
    let session = Session::use_session();
    let detail = RwSignal::new(None::<DisclosureDetail>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    let load = move || {
        spawn_local(async move {
            match session.disclosure(id).await {
                Ok(d) => {
                    error.try_set(None);
                    detail.try_set(Some(d));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    load();

    let on_done = Callback::new(move |d: DisclosureDetail| {
        notice.set(Some(t(Key::Saved).to_owned()));
        detail.set(Some(d));
    });
    let on_error = Callback::new(move |(_msg, stale): (String, bool)| {
        notice.set(None);
        if stale {
            notice.set(Some(t(Key::ErrVersionConflict).to_owned()));
            load();
        }
    });

    let header = move || {
        detail.get().map(|d| {
            let s = d.summary.clone();
            view! {
                <header class="case-head card">
                    <h1 class="page-title">
                        {t(Key::DiscDetailTitle)}
                        " "
                        <a id="disc-case-number" class="case-number" href=Page::Case(s.case_id).href()>{s.case_number.clone()}</a>
                    </h1>
                    <dl class="facts facts-compact">
                        <dt>{t(Key::ColParty)}</dt>
                        <dd>{s.party_name.clone()}</dd>
                        <dt>{t(Key::DiscColType)}</dt>
                        <dd>{t(resource_type_key(s.resource_type))} " · " {t(kind_key(s.case_kind))}</dd>
                        <dt>{t(Key::ColStatus)}</dt>
                        <dd>
                            <span id="disc-status" class=format!("badge disclosure-status-{}", wire(&s.status)) data-status=wire(&s.status)>
                                {s.status_label.clone()}
                            </span>
                            {(s.published_version > 0).then(|| view! {
                                <span class="muted small">" " {t_name(Key::DiscVersionN, &s.published_version.to_string())}</span>
                            })}
                        </dd>
                        <dt>{t(Key::PdDecidedOn)}</dt>
                        <dd>{date_zh(s.decided_on)}</dd>
                        <dt>{t(Key::DiscColDueOn)}</dt>
                        <dd id="disc-due">
                            {s.due_on.map(date_zh).or(s.due_note.as_deref().map(chinese_part)).unwrap_or_else(|| "—".to_owned())}
                            {s.overdue.then(|| view! { " " <span class="badge badge-danger">{t(Key::OverdueBadge)}</span> })}
                        </dd>
                        <dt>{t(Key::DiscFieldSeverity)}</dt>
                        <dd>{t(severity_key(d.severity))}</dd>
                        <dt>{t(Key::DiscFieldPublicationEnd)}</dt>
                        <dd>{d.publication_end.map(date_zh).unwrap_or_else(|| "—".to_owned())}</dd>
                        {s.withdrawal_due_on.map(date_zh).or(s.withdrawal_due_note.as_deref().map(chinese_part)).map(|w| view! {
                            <dt>{t(Key::DiscWithdrawalDue)}</dt>
                            <dd class="warn-text">{w}</dd>
                        })}
                        {d.withdrawal_basis.clone().map(|b| view! {
                            <dt>{t(Key::DiscWithdrawalBasis)}</dt>
                            <dd class="pre-line">{b}</dd>
                        })}
                        {d.not_published_ground.clone().map(|g| view! {
                            <dt>{t(Key::DiscNotPublishedGround)}</dt>
                            <dd id="disc-not-published-ground" class="pre-line">{g}</dd>
                        })}
                    </dl>
                </header>
            }
        })
    };

    let masks = move || {
        detail.get().map(|d| {
            view! {
                <div class="card" id="disc-masks">
                    <h2 class="section-title">{t(Key::DiscMasksTitle)}</h2>
                    {if d.masks_applied.is_empty() {
                        view! { <p class="muted">{t(Key::DiscMasksNone)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="tags">
                                {d.masks_applied.iter().map(|m| view! {
                                    <li class="tag mask-rule" data-rule=m.rule.clone()>
                                        {t(mask_rule_key(&m.rule))} " " {t_name(Key::DiscMaskCount, &m.count.to_string())}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(!d.extra_masks.is_empty()).then(|| view! {
                        <p class="muted small">{t(Key::DiscExtraMasksNow)} {d.extra_masks.join("、")}</p>
                    })}
                </div>
            }
        })
    };

    let history = move || {
        detail.get().map(|d| {
            view! {
                <div class="card" id="disc-events">
                    <h2 class="section-title">{t(Key::DiscEventsTitle)}</h2>
                    <ol class="timeline">
                        {d.events.iter().rev().map(|e| {
                            let note = event_note(e);
                            view! {
                                <li class="record" data-action=e.action.clone()>
                                    <div class="record-head">
                                        <span class="record-title">{e.action_label.clone()}</span>
                                        <span class="muted small">
                                            {date_time(e.at)} " · " {e.actor.clone().unwrap_or_else(|| t(Key::DiscSystem).to_owned())}
                                        </span>
                                    </div>
                                    {note.map(|n| view! { <p class="record-text pre-line">{n}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </div>
                <div class="card" id="disc-versions">
                    <h2 class="section-title">{t(Key::DiscVersionsTitle)}</h2>
                    {if d.versions.is_empty() {
                        view! { <p class="muted">{t(Key::DiscVersionsEmpty)}</p> }.into_any()
                    } else {
                        d.versions.iter().rev().map(|v| view! {
                            <details class="round" data-version=v.version>
                                <summary>
                                    {t_name(Key::DiscVersionN, &v.version.to_string())}
                                    " · " {t(Key::DiscPublishedAt)} " " {date_time(v.published_at)}
                                </summary>
                                <PublicDecisionView decision=v.body.clone() />
                            </details>
                        }).collect_view().into_any()
                    }}
                </div>
            }
        })
    };

    view! {
        <section id="disclosure-detail" class="page page-wide" data-id=id.to_string()>
            <p class="crumbs">
                <a href=Page::Disclosure.href()>{t(Key::DiscBackToQueue)}</a>
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p id="disc-error" class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show
                when=move || detail.with(Option::is_some)
                fallback=move || view! { <p class="muted">{t(Key::Loading)}</p> }
            >
                {header}
                <Show when=move || notice.with(Option::is_some)>
                    <p id="disc-notice" class="ok-text" role="status">{move || notice.get().unwrap_or_default()}</p>
                </Show>
                <div class="review-grid">
                    <div class="review-work">
                        <div class="card" id="disc-preview">
                            <h2 class="section-title">{t(Key::DiscPreviewTitle)}</h2>
                            {move || detail.get().map(|d| view! { <PublicDecisionView decision=d.preview /> })}
                        </div>
                        {masks}
                    </div>
                    <div class="review-work">
                        <div class="card" id="disc-source">
                            <h2 class="section-title">{t(Key::DiscSourceTitle)}</h2>
                            {move || detail.get().map(|d| view! {
                                <DecisionSourceView source=d.source resource=d.summary.resource_type />
                            })}
                        </div>
                    </div>
                </div>
                <div class="review-grid">
                    <div class="review-work">
                        {move || detail.get().map(|d| {
                            let editable = d.allowed_actions.iter().any(|a| a == "edit");
                            view! {
                                {editable.then(|| view! {
                                    <div class="card" id="disc-edit-card">
                                        <h2 class="section-title">{t(Key::DiscEditTitle)}</h2>
                                        <DisclosureEditForm detail=d.clone() on_done=on_done on_error=on_error />
                                    </div>
                                })}
                                <DisclosureActions detail=d on_done=on_done on_error=on_error />
                            }
                        })}
                    </div>
                    <div class="review-work">{history}</div>
                </div>
            </Show>
        </section>
    }
}
