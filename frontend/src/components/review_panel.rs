//! The legal review on the case page (法制审核), for the handling officer: whether the case needs
//! one, its status and deadline, the reviewer's latest opinion with what must be corrected, and
//! the request (or corrected resubmission) with the materials and the draft decision.

use crate::api::Session;
use crate::components::review_opinion::ReviewOpinion;
use crate::components::review_request_form::ReviewRequestForm;
use crate::format::{date_zh, wire};
use crate::i18n::{deadline_state_key, review_status_key, t, t_name, Key};
use crate::route::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseDetail, Record};
use sanxiang_api_types::review::ReviewDetail;
use sanxiang_domain::case::Sanction;

/// What the panel knows about the review.
#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    /// No review was requested (404).
    None,
    Review(Box<ReviewDetail>),
    Failed(String),
}

#[component]
pub fn ReviewPanel(
    case: CaseDetail,
    /// The case file, offered as materials.
    records: RwSignal<Option<Vec<Record>>>,
    /// Set when the draft under review needs a collective deliberation (art. 57).
    deliberation_flagged: RwSignal<bool>,
) -> impl IntoView {
    let session = Session::use_session();
    let case_id = case.summary.id;
    let required = case.flags.legal_review_required;
    let archived = case.summary.archived;
    let is_handler = session
        .user
        .get_untracked()
        .is_some_and(|u| case.officers.iter().any(|o| o.id == u.id));
    let noticed: Option<Sanction> = case
        .state
        .get("notice")
        .and_then(|n| n.get("proposed"))
        .and_then(|p| serde_json::from_value(p.clone()).ok());
    let noticed = StoredValue::new(noticed);

    let loaded = RwSignal::new(Loaded::Loading);
    let form_open = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);

    // The case says whether a review exists: without one there is nothing to ask for (the
    // address would answer 404).
    let review_requested = case.review_requested;
    let load = move || {
        if !review_requested {
            loaded.set(Loaded::None);
            return;
        }
        spawn_local(async move {
            let next = match session.review(case_id).await {
                Ok(r) => {
                    if r.flagging.deliberation_required {
                        deliberation_flagged.try_set(true);
                    }
                    Loaded::Review(Box::new(r))
                }
                Err(err) if err.code() == Some("not_found") => Loaded::None,
                Err(err) => Loaded::Failed(err.message()),
            };
            loaded.try_set(next);
        });
    };
    load();

    let on_done = Callback::new(move |detail: ReviewDetail| {
        form_open.set(false);
        notice.set(Some(t(Key::ReviewSubmitted).to_owned()));
        if detail.flagging.deliberation_required {
            deliberation_flagged.set(true);
        }
        loaded.set(Loaded::Review(Box::new(detail)));
    });
    let on_cancel = Callback::new(move |_| form_open.set(false));

    let can_submit = move || {
        !archived
            && is_handler
            && loaded.with(|l| match l {
                Loaded::None => true,
                Loaded::Review(r) => r.allowed.iter().any(|a| a == "resubmit"),
                _ => false,
            })
    };

    let status_block = move || loaded.get().into_view_block(required);

    view! {
        <div
            id="review-panel"
            data-status=move || {
                loaded.with(|l| match l {
                    Loaded::Review(r) => wire(&r.summary.status),
                    Loaded::None => "none".to_owned(),
                    _ => String::new(),
                })
            }
        >
            {status_block}
            <Show when=move || notice.with(Option::is_some)>
                <p id="review-notice" class="ok-text" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || can_submit() && !form_open.get()>
                <button id="review-open" type="button" class="btn btn-action" on:click=move |_| {
                    notice.set(None);
                    form_open.set(true);
                }>
                    {move || {
                        if loaded.with(|l| matches!(l, Loaded::Review(_))) {
                            t(Key::ReviewResubmit)
                        } else {
                            t(Key::ReviewSubmit)
                        }
                    }}
                </button>
            </Show>
            {move || {
                (form_open.get() && can_submit())
                    .then(|| {
                        let review = loaded.with_untracked(|l| match l {
                            Loaded::Review(r) => Some((**r).clone()),
                            _ => None,
                        });
                        view! {
                            <ReviewRequestForm
                                case_id=case_id
                                records=records.get_untracked().unwrap_or_default()
                                review=review
                                noticed=noticed.get_value()
                                on_done=on_done
                                on_cancel=on_cancel
                            />
                        }
                    })
            }}
            <p class="small">
                <a id="review-link" href=Page::Review(case_id).href()>{t(Key::ReviewOpenPage)}</a>
            </p>
        </div>
    }
}

impl Loaded {
    /// The status, deadline and latest opinion.
    fn into_view_block(self, required: bool) -> AnyView {
        match self {
            Loaded::Loading => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
            Loaded::Failed(msg) => {
                view! { <p class="form-error" role="alert">{msg}</p> }.into_any()
            }
            Loaded::None => {
                let key = if required {
                    Key::ReviewRequiredNote
                } else {
                    Key::ReviewMaybeNote
                };
                view! { <p id="review-none" class="muted">{t(key)}</p> }.into_any()
            }
            Loaded::Review(r) => {
                let s = &r.summary;
                let latest = r.rounds.last().cloned();
                let returned = latest.as_ref().is_some_and(|l| l.opinion.is_some());
                view! {
                    <dl class="facts facts-compact">
                        <dt>{t(Key::ReviewStatus)}</dt>
                        <dd>
                            <span id="review-status" class=format!("badge review-status-{}", wire(&s.status))>
                                {t(review_status_key(s.status))}
                            </span>
                            {s.overdue.then(|| view! { <span class="badge badge-danger">{t(Key::OverdueBadge)}</span> })}
                        </dd>
                        <dt>{t(Key::ReviewRound)}</dt>
                        <dd id="review-round">{t_name(Key::ReviewRoundN, &s.round.to_string())}</dd>
                        <dt>{t(Key::ReviewReviewer)}</dt>
                        <dd>{s.reviewer.as_ref().map(|u| u.name.clone()).unwrap_or_else(|| t(Key::ReviewUnassigned).to_owned())}</dd>
                        {r.deadline.clone().map(|d| {
                            view! {
                                <dt>{t(Key::ReviewDue)}</dt>
                                <dd>
                                    {d.due.map(date_zh).unwrap_or_else(|| "—".to_owned())}
                                    " "
                                    <span class=format!("badge status-{}", wire(&d.status))>{t(deadline_state_key(d.status))}</span>
                                </dd>
                            }
                        })}
                    </dl>
                    {(returned)
                        .then(|| {
                            latest.map(|round| {
                                view! {
                                    <div id="review-latest-opinion" class="notice">
                                        <h3 class="subsection-title">{t(Key::ReviewLatestOpinion)}</h3>
                                        <ReviewOpinion round=round />
                                    </div>
                                }
                            })
                        })}
                }
                    .into_any()
            }
        }
    }
}
