//! The case page: header, stage bar, deadlines, the actions allowed now, the timeline with the
//! record form (uploads with progress, corrections), the verified mark (the records checked in
//! the browser against the tamper-evident log), the enforcement documents (执法文书), and the
//! completeness checklist.

use crate::api::Session;
use crate::components::action_panel::ActionPanel;
use crate::components::case_disclosures::CaseDisclosures;
use crate::components::completeness_panel::CompletenessPanel;
use crate::components::deadline_list::DeadlineList;
use crate::components::deliberation_panel::DeliberationPanel;
use crate::components::documents_panel::DocumentsPanel;
use crate::components::payment_panel::PaymentPanel;
use crate::components::period_form::PeriodForm;
use crate::components::record_form::RecordForm;
use crate::components::review_panel::ReviewPanel;
use crate::components::stage_bar::StageBar;
use crate::components::timeline::Timeline;
use crate::components::verified_mark::VerifiedMark;
use crate::components::video_prompts::VideoPrompts;
use crate::format::date_zh;
use crate::i18n::{id_type_key, kind_key, outcome_text, procedure_key, t, t_name, Key};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseDetail, Completeness, Record};
use sanxiang_domain::case::{CaseKind, Stage};
use std::collections::HashMap;
use uuid::Uuid;

#[component]
pub fn CaseDetailPage(id: Uuid) -> impl IntoView {
    let session = Session::use_session();
    // The case's handling officers record extensions and suspensions of its deadlines.
    let handles = move |c: &CaseDetail| {
        session.user.with_untracked(|u| {
            u.as_ref().is_some_and(|u| {
                c.summary.handling_officer.id == u.id || c.officers.iter().any(|o| o.id == u.id)
            })
        })
    };
    let case = RwSignal::new(None::<CaseDetail>);
    let timeline = RwSignal::new(None::<Vec<Record>>);
    let completeness = RwSignal::new(None::<Completeness>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let correcting = RwSignal::new(None::<Record>);

    let load_case = move || {
        spawn_local(async move {
            match session.case(id).await {
                Ok(c) => {
                    case.try_set(Some(c));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    let load_file = move || {
        spawn_local(async move {
            match session.timeline(id).await {
                Ok(tl) => {
                    timeline.try_set(Some(tl.items));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
        spawn_local(async move {
            if let Ok(c) = session.completeness(id).await {
                completeness.try_set(Some(c));
            }
        });
    };
    load_case();
    load_file();

    let on_done = Callback::new(move |detail: CaseDetail| {
        let done = case
            .get_untracked()
            .map(|c| c.summary.stage_label)
            .unwrap_or_default();
        notice.set(Some(t_name(Key::ActionDone, &done)));
        case.set(Some(detail));
        load_file();
    });
    let on_stale = Callback::new(move |_| {
        notice.set(Some(t(Key::ErrVersionConflict).to_owned()));
        load_case();
        load_file();
    });
    let on_saved = Callback::new(move |_| {
        load_case();
        load_file();
    });
    let on_correct = Callback::new(move |r: Record| {
        correcting.set(Some(r));
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("record-form"))
        {
            el.scroll_into_view();
        }
    });

    let doc_labels = move || -> HashMap<String, String> {
        completeness.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.items
                        .iter()
                        .map(|i| (i.document_type.clone(), i.label.clone()))
                        .collect()
                })
                .unwrap_or_default()
        })
    };

    // The record form is rebuilt only when the case's officers change, not on every move.
    let record_form_input = Memo::new(move |_| {
        case.with(|c| {
            c.as_ref()
                .map(|c| (c.summary.id, c.officers.clone(), c.summary.archived))
        })
    });

    // The documents panel reloads when the case moves (other documents become due); the case's
    // officers issue them.
    let documents_input = Memo::new(move |_| {
        case.with(|c| {
            c.as_ref()
                .map(|c| (c.version, c.summary.archived, handles(c)))
        })
    });
    let on_document = Callback::new(move |_| load_file());

    // The legal review and deliberation cards are rebuilt when the case moves.
    let review_input = Memo::new(move |_| {
        case.with(|c| {
            c.as_ref()
                .filter(|c| c.summary.kind == CaseKind::Penalty)
                .map(|c| (c.version, c.summary.stage))
        })
    });
    // Set by the review card when the draft under review needs a collective deliberation.
    let deliberation_flagged = RwSignal::new(false);
    let deliberation_input = Memo::new(move |_| {
        let flagged = deliberation_flagged.get();
        case.with(|c| {
            c.as_ref()
                .filter(|c| {
                    flagged
                        || c.flags.collective_deliberation_required
                        || c.summary.stage == Stage::CollectiveDeliberation
                })
                .map(|c| {
                    let open = !c.summary.archived
                        && matches!(
                            c.summary.stage,
                            Stage::LegalReview | Stage::CollectiveDeliberation | Stage::Decision
                        );
                    (c.summary.id, open)
                })
        })
    });

    let header = move || {
        case.get().map(|c| {
            let s = &c.summary;
            let party_id = c
                .party
                .id_masked
                .clone()
                .or_else(|| c.party.id_number.clone())
                .map(|n| {
                    let kind = c.party.id_type.map(|k| t(id_type_key(k))).unwrap_or("");
                    format!("{kind} {n}")
                });
            let officers: Vec<String> = c.officers.iter().map(|o| o.name.clone()).collect();
            view! {
                <header class="case-head card">
                    <h1 class="page-title">
                        <span id="case-number" class="case-number">{s.case_number.clone()}</span>
                        {s.overdue.then(|| view! { <span class="badge badge-danger">{t(Key::OverdueBadge)}</span> })}
                        {s.archived.then(|| view! { <span class="badge badge-muted">{t(Key::ArchivedBadge)}</span> })}
                    </h1>
                    <p id="case-title" class="case-title">{s.title.clone()}</p>
                    <dl class="facts facts-compact">
                        <dt>{t(Key::CaseParty)}</dt>
                        <dd id="case-party">
                            {c.party.name.clone()}
                            {party_id.map(|p| view! { <span class="muted small">" " {p}</span> })}
                        </dd>
                        <dt>{t(Key::CaseHandler)}</dt>
                        <dd id="case-handler">{s.handling_officer.name.clone()}</dd>
                        <dt>{t(Key::CaseOfficers)}</dt>
                        <dd>{officers.join("、")}</dd>
                        <dt>{t(Key::CaseKindProcedure)}</dt>
                        <dd>{format!("{} · {}", t(kind_key(s.kind)), t(procedure_key(s.procedure)))}</dd>
                        <dt>{t(Key::CaseCategory)}</dt>
                        <dd>{c.category.clone()}</dd>
                        {s.outcome
                            .clone()
                            .map(|o| {
                                view! {
                                    <dt>{t(Key::CaseOutcome)}</dt>
                                    <dd>{outcome_text(&o)}</dd>
                                }
                            })}
                        {s.next_due_on
                            .map(|d| {
                                view! {
                                    <dt>{t(Key::CaseNextDue)}</dt>
                                    <dd>{date_zh(d)}</dd>
                                }
                            })}
                    </dl>
                </header>
            }
        })
    };

    view! {
        <section id="case-page" class="page page-wide" data-case-id=id.to_string()>
            <p class="crumbs">
                <a href=Page::Cases.href()>{t(Key::CaseBackToList)}</a>
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p id="case-error" class="form-error" role="alert">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <Show
                when=move || case.with(Option::is_some)
                fallback=move || view! { <p class="muted">{t(Key::CaseLoading)}</p> }
            >
                {header}
                <div class="card">
                    <h2 class="section-title">{t(Key::StagesTitle)}</h2>
                    {move || case.get().map(|c| view! { <StageBar stages=c.stages /> })}
                </div>
                <div class="case-grid">
                    <div class="case-main">
                        <div class="card" id="actions-card">
                            <h2 class="section-title">{t(Key::ActionsTitle)}</h2>
                            <Show when=move || notice.with(Option::is_some)>
                                <p id="action-notice" class="ok-text" role="status">
                                    {move || notice.get().unwrap_or_default()}
                                </p>
                            </Show>
                            {move || {
                                case.get()
                                    .map(|c| {
                                        view! { <ActionPanel case=c on_done=on_done on_stale=on_stale /> }
                                    })
                            }}
                            {move || case.get().map(|c| view! { <VideoPrompts prompts=c.video /> })}
                        </div>
                        {move || {
                            review_input
                                .get()
                                .and_then(|_| {
                                    let c = case.get_untracked()?;
                                    Some(view! {
                                        <div class="card review-card">
                                            <h2 class="section-title">{t(Key::ReviewCardTitle)}</h2>
                                            <ReviewPanel case=c records=timeline deliberation_flagged=deliberation_flagged />
                                        </div>
                                    })
                                })
                        }}
                        {move || {
                            deliberation_input
                                .get()
                                .map(|(case_id, editable)| {
                                    view! {
                                        <div class="card deliberation-card">
                                            <h2 class="section-title">{t(Key::DeliberationTitle)}</h2>
                                            <DeliberationPanel case_id=case_id editable=editable />
                                        </div>
                                    }
                                })
                        }}
                        <DocumentsPanel case_id=id case_state=documents_input.into() on_issued=on_document />
                        <div class="card timeline-card">
                            <h2 class="section-title">{t(Key::TimelineTitle)}</h2>
                            {move || timeline.get().map(|items| view! { <VerifiedMark items=items /> })}
                            {move || {
                                timeline
                                    .get()
                                    .map(|items| {
                                        view! { <Timeline items=items doc_labels=doc_labels() on_correct=on_correct /> }
                                    })
                            }}
                        </div>
                        <div class="card record-card">
                            {move || {
                                record_form_input
                                    .get()
                                    .filter(|(_, _, archived)| !archived)
                                    .map(|(case_id, officers, _)| {
                                        view! {
                                            <RecordForm
                                                case_id=case_id
                                                officers=officers
                                                completeness=completeness
                                                correcting=correcting
                                                on_saved=on_saved
                                            />
                                        }
                                    })
                            }}
                        </div>
                    </div>
                    <aside class="case-side">
                        <div class="card deadlines-card">
                            <h2 class="section-title">{t(Key::DeadlinesTitle)}</h2>
                            {move || case.get().map(|c| view! { <DeadlineList deadlines=c.deadlines /> })}
                            {move || {
                                case.get()
                                    .filter(|c| !c.summary.archived && handles(c))
                                    .map(|c| view! { <PeriodForm case=c on_done=on_done /> })
                            }}
                        </div>
                        {move || case.get().and_then(|c| c.payment).map(|p| view! { <PaymentPanel payment=p /> })}
                        <div class="card completeness-card">
                            <h2 class="section-title">{t(Key::CompletenessTitle)}</h2>
                            {move || completeness.get().map(|c| view! { <CompletenessPanel completeness=c /> })}
                        </div>
                        <CaseDisclosures case_id=id />
                    </aside>
                </div>
            </Show>
        </section>
    }
}
