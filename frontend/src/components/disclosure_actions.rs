//! The workflow steps of a disclosure, offered as the server's `allowed_actions` say: submit for
//! review, the second person's review (通过并公示 / 退回), not publishing with a legal ground,
//! correction, recording that the decision was changed or revoked, and withdrawal.

use crate::api::disclosure::DisclosureStep;
use crate::api::Session;
use crate::components::confirm_dialog::{Confirm, ConfirmDialog};
use crate::format::{date_value, date_zh, parse_date, today};
use crate::i18n::{t, Key};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::disclosure::{
    DisclosureDetail, ReasonInput, RequireWithdrawal, ReviewDisclosure, VersionInput,
    WithholdDisclosure,
};
use uuid::Uuid;

/// Runs one step and reports the outcome; `pending` and `error` belong to the form.
fn run(
    session: Session,
    id: Uuid,
    step: DisclosureStep,
    pending: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    on_done: Callback<DisclosureDetail>,
    on_error: Callback<(String, bool)>,
) {
    if pending.get_untracked() {
        return;
    }
    error.set(None);
    pending.set(true);
    spawn_local(async move {
        match session.disclosure_step(id, &step).await {
            Ok(d) => {
                pending.try_set(false);
                on_done.run(d);
            }
            Err(err) => {
                pending.try_set(false);
                let stale = err.code() == Some("version_conflict");
                let msg = match err.field_errors().into_values().flatten().next() {
                    Some(field) => format!("{}（{}）", err.message(), field),
                    None => err.message(),
                };
                error.try_set(Some(msg.clone()));
                on_error.run((msg, stale));
            }
        }
    });
}

/// The confirmation a step asks before sending: its title, its warning and the summary rows.
type AskFirst = (Key, Key, Vec<(String, String)>);

/// Builds a step from the version seen, the text and the date.
type MakeStep = fn(i32, String, Option<NaiveDate>) -> DisclosureStep;

/// A form with one text (reason, ground, basis), optionally a date, and one button.
#[component]
fn TextStepForm(
    id: Uuid,
    version: i32,
    /// Element id prefix, e.g. `disc-withdraw`.
    prefix: &'static str,
    title: Key,
    hint: Option<Key>,
    label: Key,
    #[prop(optional)] placeholder: Option<Key>,
    /// The fewest characters the server accepts.
    min_chars: usize,
    short_error: Key,
    #[prop(optional)] with_date: bool,
    button: Key,
    #[prop(optional)] danger: bool,
    /// Asked once more before sending (撤回): the title and warning of the confirmation, with
    /// the text entered as its reason.
    #[prop(optional)]
    confirm_with: Option<AskFirst>,
    make: MakeStep,
    on_done: Callback<DisclosureDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let text = RwSignal::new(String::new());
    let on = RwSignal::new(date_value(today()));
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(None::<Confirm>);
    let confirm_with = StoredValue::new(confirm_with);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = text.get_untracked().trim().to_owned();
        if value.chars().count() < min_chars {
            error.set(Some(t(short_error).to_owned()));
            return;
        }
        let date = if with_date {
            match parse_date(&on.get_untracked()) {
                Some(d) => Some(d),
                None => {
                    error.set(Some(t(Key::DiscErrDate).to_owned()));
                    return;
                }
            }
        } else {
            None
        };
        let step = make(version, value.clone(), date);
        let send = Callback::new(move |()| {
            run(session, id, step.clone(), pending, error, on_done, on_error);
        });
        match confirm_with.get_value() {
            Some((title, warning, rows)) => confirm.set(Some(
                rows.into_iter()
                    .fold(Confirm::new(t(title), send), |c, (l, v)| c.row(l, v))
                    .row(t(Key::ConfirmReason), value)
                    .warning(t(warning)),
            )),
            None => send.run(()),
        }
    };
    let text_id = format!("{prefix}-text");
    let date_id = format!("{prefix}-on");
    view! {
        <details class="extend-details disclosure-step" id=prefix>
            <summary>{t(title)}</summary>
            <form class="action-form" on:submit=on_submit novalidate=true>
                {hint.map(|h| view! { <p class="muted small">{t(h)}</p> })}
                <div class="field">
                    <label for=text_id.clone()>{t(label)}</label>
                    <textarea id=text_id rows="2" maxlength="2000"
                        placeholder=placeholder.map(t).unwrap_or_default()
                        bind:value=text></textarea>
                </div>
                {with_date.then(|| view! {
                    <div class="field">
                        <label for=date_id.clone()>{t(Key::DiscOn)}</label>
                        <input id=date_id type="date" bind:value=on />
                    </div>
                })}
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <div class="form-actions">
                    <button type="submit" class="btn" class:btn-danger=danger class:btn-secondary=!danger
                        disabled=move || pending.get()>
                        {move || if pending.get() { t(Key::Submitting) } else { t(button) }}
                    </button>
                </div>
            </form>
            <ConfirmDialog request=confirm />
        </details>
    }
}

/// The review by a second person: a comment, then approve (publish) or return.
#[component]
fn ReviewForm(
    id: Uuid,
    version: i32,
    /// What approving publishes (the masked preview), shown in the confirmation.
    published: Vec<(String, String)>,
    on_done: Callback<DisclosureDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let comment = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(None::<Confirm>);
    let published = StoredValue::new(published);
    let decide = move |approve: bool| {
        let c = comment.get_untracked().trim().to_owned();
        if !approve && c.chars().count() < 2 {
            error.set(Some(t(Key::DiscErrReturnComment).to_owned()));
            return;
        }
        let step = DisclosureStep::Review(ReviewDisclosure {
            expected_version: version,
            approve,
            comment: c,
        });
        let send = Callback::new(move |()| {
            run(session, id, step.clone(), pending, error, on_done, on_error);
        });
        if approve {
            // 审核通过并公示 publishes at once: what the public will read, once more.
            confirm.set(Some(
                published
                    .get_value()
                    .into_iter()
                    .fold(
                        Confirm::new(t(Key::ConfirmPublishTitle), send),
                        |c, (l, v)| c.row(l, v),
                    )
                    .warning(t(Key::ConfirmPublishWarning)),
            ));
        } else {
            send.run(());
        }
    };
    view! {
        <div class="card" id="disc-review-card">
            <h2 class="section-title">{t(Key::DiscReviewTitle)}</h2>
            <p class="muted small">{t(Key::DiscReviewHint)}</p>
            <div class="field">
                <label for="disc-review-comment">{t(Key::DiscReviewComment)}</label>
                <textarea id="disc-review-comment" rows="2" maxlength="2000" bind:value=comment></textarea>
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="form-actions">
                <button id="disc-approve" type="button" class="btn btn-primary"
                    disabled=move || pending.get() on:click=move |_| decide(true)>
                    {t(Key::DiscApprove)}
                </button>
                <button id="disc-return" type="button" class="btn btn-secondary"
                    disabled=move || pending.get() on:click=move |_| decide(false)>
                    {t(Key::DiscReturn)}
                </button>
            </div>
            <ConfirmDialog request=confirm />
        </div>
    }
}

#[component]
pub fn DisclosureActions(
    detail: DisclosureDetail,
    on_done: Callback<DisclosureDetail>,
    on_error: Callback<(String, bool)>,
) -> impl IntoView {
    let session = Session::use_session();
    let id = detail.summary.id;
    let version = detail.summary.version;
    let can = |a: &str| detail.allowed_actions.iter().any(|x| x == a);
    let p = &detail.preview;
    let published = vec![
        (
            t(Key::PdDecisionNumber).to_owned(),
            p.decision_number.clone(),
        ),
        (
            t(Key::ConfirmPartyPublished).to_owned(),
            p.party_name.clone(),
        ),
        (t(Key::ConfirmPublishedAs).to_owned(), p.content.clone()),
        (t(Key::PdDecidedOn).to_owned(), date_zh(p.decided_on)),
        (
            t(Key::DiscFieldPublicationEnd).to_owned(),
            detail.publication_end.map(date_zh).unwrap_or_default(),
        ),
    ];
    let withdrawn = vec![
        (
            t(Key::PdDecisionNumber).to_owned(),
            p.decision_number.clone(),
        ),
        (
            t(Key::ConfirmPartyPublished).to_owned(),
            p.party_name.clone(),
        ),
    ];
    let submit_pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);
    let submit = move |_| {
        let step = DisclosureStep::Submit(VersionInput {
            expected_version: version,
        });
        run(
            session,
            id,
            step,
            submit_pending,
            submit_error,
            on_done,
            on_error,
        );
    };
    let steps = [
        "withhold",
        "correct",
        "require_withdrawal",
        "withdraw",
        "remove_early",
    ]
    .iter()
    .any(|a| can(a));
    view! {
        {can("submit").then(|| view! {
            <div class="card" id="disc-submit-card">
                <h2 class="section-title">{t(Key::DiscSubmitTitle)}</h2>
                <p class="muted small">{t(Key::DiscSubmitHint)}</p>
                <Show when=move || submit_error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || submit_error.get().unwrap_or_default()}</p>
                </Show>
                <div class="form-actions">
                    <button id="disc-submit" type="button" class="btn btn-primary"
                        disabled=move || submit_pending.get() on:click=submit>
                        {move || if submit_pending.get() { t(Key::Submitting) } else { t(Key::DiscSubmit) }}
                    </button>
                </div>
            </div>
        })}
        {can("review").then(|| view! { <ReviewForm id=id version=version published=published.clone() on_done=on_done on_error=on_error /> })}
        {steps.then(|| view! {
            <div class="card" id="disc-other-steps">
                <h2 class="section-title">{t(Key::DiscOtherSteps)}</h2>
                {can("withhold").then(|| view! {
                    <TextStepForm id=id version=version prefix="disc-withhold"
                        title=Key::DiscWithholdTitle hint=Some(Key::DiscWithholdHint)
                        label=Key::DiscLegalGround placeholder=Key::DiscLegalGroundPlaceholder
                        min_chars=4 short_error=Key::DiscErrGroundShort button=Key::DiscWithhold danger=true
                        make=|v, s, _| DisclosureStep::Withhold(WithholdDisclosure { expected_version: v, legal_ground: s })
                        on_done=on_done on_error=on_error />
                })}
                {can("correct").then(|| view! {
                    <TextStepForm id=id version=version prefix="disc-correct"
                        title=Key::DiscCorrectTitle hint=Some(Key::DiscCorrectHint)
                        label=Key::DiscReason min_chars=2 short_error=Key::DiscErrReasonShort
                        button=Key::DiscCorrect
                        make=|v, s, _| DisclosureStep::Correct(ReasonInput { expected_version: v, reason: s })
                        on_done=on_done on_error=on_error />
                })}
                {can("require_withdrawal").then(|| view! {
                    <TextStepForm id=id version=version prefix="disc-require-withdrawal"
                        title=Key::DiscRequireWithdrawalTitle hint=Some(Key::DiscRequireWithdrawalHint)
                        label=Key::DiscBasis placeholder=Key::DiscBasisPlaceholder
                        min_chars=2 short_error=Key::DiscErrReasonShort with_date=true
                        button=Key::DiscRequireWithdrawal
                        make=|v, s, d| DisclosureStep::RequireWithdrawal(RequireWithdrawal {
                            expected_version: v,
                            basis: s,
                            on: d.unwrap_or_else(today),
                        })
                        on_done=on_done on_error=on_error />
                })}
                {can("remove_early").then(|| view! {
                    <TextStepForm id=id version=version prefix="disc-remove-early"
                        title=Key::DiscRemoveEarlyTitle hint=Some(Key::DiscRemoveEarlyHint)
                        label=Key::DiscReason min_chars=2 short_error=Key::DiscErrReasonShort
                        button=Key::DiscRemoveEarly danger=true
                        make=|v, s, _| DisclosureStep::RemoveEarly(ReasonInput { expected_version: v, reason: s })
                        on_done=on_done on_error=on_error />
                })}
                {can("withdraw").then(|| view! {
                    <TextStepForm id=id version=version prefix="disc-withdraw"
                        title=Key::DiscWithdrawTitle hint=Some(Key::DiscWithdrawHint)
                        label=Key::DiscReason min_chars=2 short_error=Key::DiscErrReasonShort
                        button=Key::DiscWithdraw danger=true
                        confirm_with=(Key::ConfirmWithdrawTitle, Key::ConfirmWithdrawWarning, withdrawn.clone())
                        make=|v, s, _| DisclosureStep::Withdraw(ReasonInput { expected_version: v, reason: s })
                        on_done=on_done on_error=on_error />
                })}
            </div>
        })}
    }
}
