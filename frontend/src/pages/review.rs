//! The review page (法制审核): the case file on one side, the checklist and the opinion on the
//! other. Shows why the case needs review (the catalogue criteria met), the deadline, the
//! materials submitted, what changed since the previous round, the 11 items, the legal adviser's
//! opinion, the written opinion, and earlier rounds.

use crate::api::Session;
use crate::components::adviser_form::AdviserForm;
use crate::components::assign_form::AssignForm;
use crate::components::draft_view::DraftView;
use crate::components::extend_form::ExtendForm;
use crate::components::opinion_form::OpinionForm;
use crate::components::review_checklist::ReviewChecklist;
use crate::components::review_diff::ReviewDiff;
use crate::components::review_opinion::ReviewOpinion;
use crate::components::timeline::Timeline;
use crate::format::{chinese_part, date_zh, wire};
use crate::i18n::{
    criterion_text, deadline_state_key, material_kind_key, review_status_key, t, t_name, Key,
};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseDetail, Record};
use sanxiang_api_types::review::ReviewDetail;
use std::collections::HashMap;
use uuid::Uuid;

#[component]
pub fn ReviewPage(case_id: Uuid) -> impl IntoView {
    let session = Session::use_session();
    let review = RwSignal::new(None::<ReviewDetail>);
    let case = RwSignal::new(None::<CaseDetail>);
    let records = RwSignal::new(None::<Vec<Record>>);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    let load = move || {
        spawn_local(async move {
            match session.review(case_id).await {
                Ok(r) => {
                    review.try_set(Some(r));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    load();
    spawn_local(async move {
        if let Ok(c) = session.case(case_id).await {
            case.try_set(Some(c));
        }
    });
    spawn_local(async move {
        if let Ok(tl) = session.timeline(case_id).await {
            records.try_set(Some(tl.items));
        }
    });

    let on_done = Callback::new(move |detail: ReviewDetail| {
        notice.set(Some(t(Key::Saved).to_owned()));
        error.set(None);
        review.set(Some(detail));
    });
    let on_error = Callback::new(move |(_msg, stale): (String, bool)| {
        notice.set(None);
        if stale {
            notice.set(Some(t(Key::ErrVersionConflict).to_owned()));
            load();
        }
    });
    let on_correct = Callback::new(|_: Record| {});

    let allowed = move |what: &str| {
        review.with(|r| {
            r.as_ref()
                .is_some_and(|r| r.allowed.iter().any(|a| a == what))
        })
    };

    let header = move || {
        review.get().map(|r| {
            let s = r.summary.clone();
            let party = case.with(|c| c.as_ref().map(|c| c.party.name.clone())).unwrap_or(s.party_name.clone());
            view! {
                <header class="case-head card">
                    <h1 class="page-title">
                        {t(Key::ReviewPageTitle)}
                        " "
                        <a id="review-case-number" class="case-number" href=Page::Case(case_id).href()>{s.case_number.clone()}</a>
                    </h1>
                    <p class="case-title">{s.case_title.clone()}</p>
                    <dl class="facts facts-compact">
                        <dt>{t(Key::CaseParty)}</dt>
                        <dd>{party}</dd>
                        <dt>{t(Key::CaseHandler)}</dt>
                        <dd>{s.handling_officer.name.clone()}</dd>
                        <dt>{t(Key::ReviewStatus)}</dt>
                        <dd>
                            <span id="review-status" class=format!("badge review-status-{}", wire(&s.status)) data-status=wire(&s.status)>
                                {t(review_status_key(s.status))}
                            </span>
                            {s.overdue.then(|| view! { <span class="badge badge-danger">{t(Key::OverdueBadge)}</span> })}
                        </dd>
                        <dt>{t(Key::ReviewRound)}</dt>
                        <dd id="review-round">{t_name(Key::ReviewRoundN, &s.round.to_string())}</dd>
                        <dt>{t(Key::ReviewReviewer)}</dt>
                        <dd id="review-reviewer">
                            {s.reviewer.as_ref().map(|u| u.name.clone()).unwrap_or_else(|| t(Key::ReviewUnassigned).to_owned())}
                        </dd>
                        {r.deadline.clone().map(|d| {
                            view! {
                                <dt>{t(Key::ReviewDue)}</dt>
                                <dd>
                                    {d.due.map(date_zh).unwrap_or_else(|| "—".to_owned())}
                                    " "
                                    <span class=format!("badge status-{}", wire(&d.status))>{t(deadline_state_key(d.status))}</span>
                                    {d.extended.then(|| view! { <span class="muted small">" " {t(Key::ReviewExtended)}</span> })}
                                    {d.note.as_deref().map(chinese_part).map(|n| view! { <div class="muted small">{n}</div> })}
                                </dd>
                            }
                        })}
                    </dl>
                </header>
            }
        })
    };

    // Why the case needs review: the catalogue criteria the draft meets.
    let flagging = move || {
        review.get().map(|r| {
            let f = r.flagging.clone();
            view! {
                <div id="review-flagging" class="card">
                    <h2 class="section-title">{t(Key::ReviewWhy)}</h2>
                    <p class="muted small">{t_name(Key::ReviewCatalogueVersion, &f.catalogue_version.to_string())}</p>
                    {if f.matched.is_empty() {
                        view! { <p class="muted">{t(Key::ReviewNoCriterion)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="matched-criteria">
                                {f.matched.into_iter().map(|m| view! {
                                    <li class="matched-criterion">
                                        {criterion_text(&m.criterion)}
                                        <span class="matched-reason muted small">{format!("（{}）", m.reason)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                    {f.deliberation_required.then(|| view! { <p class="warn-text">{t(Key::ReviewDeliberationRequired)}</p> })}
                    {(!r.discretion_flags.is_empty())
                        .then(|| {
                            view! {
                                <h3 class="subsection-title">{t(Key::ReviewDiscretion)}</h3>
                                <ul class="discretion-flags">
                                    {r.discretion_flags.into_iter().map(|d| view! { <li class="warn-text discretion-flag" data-kind=d.kind.clone()>{d.message}</li> }).collect_view()}
                                </ul>
                            }
                        })}
                </div>
            }
        })
    };

    // The case file: the materials submitted this round, then every record.
    let file = move || {
        review.get().and_then(|r| r.rounds.last().cloned()).map(|round| {
            view! {
                <h3 class="subsection-title">{t(Key::ReviewMaterials)}</h3>
                <ul id="review-material-list" class="material-list">
                    {round
                        .submission
                        .materials
                        .iter()
                        .map(|m| {
                            view! {
                                <li class="material" data-record-id=m.record_id.clone() data-kind=wire(&m.kind)>
                                    <span class="tag">{t(material_kind_key(m.kind))}</span>
                                    " "
                                    {m.title.clone().unwrap_or_else(|| m.record_id.clone())}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <h3 class="subsection-title">{t(Key::ReviewDraft)}</h3>
                <DraftView draft=round.submission.draft.clone() />
            }
        })
    };

    let current_round = move || review.get().and_then(|r| r.rounds.last().cloned());

    view! {
        <section id="review-page" class="page page-wide" data-case-id=case_id.to_string()>
            <p class="crumbs">
                <a href=Page::LegalReview.href()>{t(Key::ReviewBackToQueue)}</a>
                " · "
                <a href=Page::Case(case_id).href()>{t(Key::ReviewToCase)}</a>
            </p>
            <Show when=move || error.with(Option::is_some)>
                <p id="review-error" class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show
                when=move || review.with(Option::is_some)
                fallback=move || view! { <p class="muted">{t(Key::Loading)}</p> }
            >
                {header}
                <Show when=move || notice.with(Option::is_some)>
                    <p id="review-page-notice" class="ok-text" role="status">{move || notice.get().unwrap_or_default()}</p>
                </Show>
                <div class="review-grid">
                    <div class="review-file">
                        <div class="card" tabindex="0" role="region" aria-label=t(Key::ReviewCaseFile)>
                            <h2 class="section-title">{t(Key::ReviewCaseFile)}</h2>
                            {file}
                            <h3 class="subsection-title">{t(Key::TimelineTitle)}</h3>
                            {move || {
                                records
                                    .get()
                                    .map(|items| {
                                        view! { <Timeline items=items doc_labels=HashMap::new() on_correct=on_correct read_only=true /> }
                                    })
                            }}
                        </div>
                    </div>
                    <div class="review-work">
                        {flagging}
                        {move || {
                            let r = review.get()?;
                            let v = r.summary.version;
                            Some(view! {
                                <Show when=move || allowed("assign")>
                                    <div class="card" id="assign-card">
                                        <h2 class="section-title">{t(Key::ReviewAssign)}</h2>
                                        <AssignForm case_id=case_id version=v on_done=on_done on_error=on_error />
                                    </div>
                                </Show>
                            })
                        }}
                        {move || {
                            let r = review.get()?;
                            let diff = r.diff_latest.clone()?;
                            let n = r.rounds.len();
                            (n >= 2)
                                .then(|| {
                                    view! {
                                        <div class="card">
                                            <h2 class="section-title">{t(Key::ReviewDiffTitle)}</h2>
                                            <ReviewDiff previous=r.rounds[n - 2].clone() current=r.rounds[n - 1].clone() diff=diff />
                                        </div>
                                    }
                                })
                        }}
                        {move || {
                            let r = review.get()?;
                            let round = current_round()?;
                            let v = r.summary.version;
                            let editable = allowed("answer");
                            Some(view! {
                                <div class="card" id="checklist-card">
                                    <h2 class="section-title">
                                        {t_name(Key::ReviewChecklistTitle, &round.number.to_string())}
                                    </h2>
                                    <ReviewChecklist
                                        case_id=case_id
                                        entries=round.checklist.clone()
                                        editable=editable
                                        version=v
                                        on_done=on_done
                                        on_error=on_error
                                    />
                                    {allowed("attach_adviser_opinion")
                                        .then(|| view! { <AdviserForm case_id=case_id version=v on_done=on_done on_error=on_error /> })}
                                    {allowed("extend")
                                        .then(|| view! { <ExtendForm case_id=case_id version=v on_done=on_done on_error=on_error /> })}
                                </div>
                            })
                        }}
                        {move || {
                            let r = review.get()?;
                            let round = current_round()?;
                            let v = r.summary.version;
                            Some(if allowed("give_opinion") {
                                view! {
                                    <div class="card" id="opinion-card">
                                        <OpinionForm
                                            case_id=case_id
                                            version=v
                                            checklist_complete=round.checklist_complete
                                            on_done=on_done
                                            on_error=on_error
                                        />
                                    </div>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <div class="card" id="opinion-card">
                                        <h2 class="section-title">{t(Key::ReviewOpinionTitle)}</h2>
                                        <ReviewOpinion round=round />
                                    </div>
                                }
                                    .into_any()
                            })
                        }}
                        {move || {
                            let r = review.get()?;
                            let n = r.rounds.len();
                            (n > 1)
                                .then(|| {
                                    view! {
                                        <div class="card" id="earlier-rounds">
                                            <h2 class="section-title">{t(Key::ReviewEarlierRounds)}</h2>
                                            {r.rounds[..n - 1]
                                                .iter()
                                                .rev()
                                                .map(|round| {
                                                    view! {
                                                        <details class="round" data-round=round.number>
                                                            <summary>{t_name(Key::ReviewRoundN, &round.number.to_string())}</summary>
                                                            <DraftView draft=round.submission.draft.clone() />
                                                            <ReviewOpinion round=round.clone() />
                                                        </details>
                                                    }
                                                })
                                                .collect_view()}
                                        </div>
                                    }
                                })
                        }}
                    </div>
                </div>
            </Show>
        </section>
    }
}
