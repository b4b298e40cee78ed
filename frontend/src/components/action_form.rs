//! The small form of one allowed action: its fields (dates default to today, money in 元),
//! the officers acting, and the server's refusal message when it says no.

use crate::api::Session;
use crate::components::confirm_dialog::{Confirm, ConfirmDialog};
use crate::components::draft_view::sanction_text;
use crate::components::execution_fields::{ExecutionFields, ExecutionInput};
use crate::components::sanction_fields::{SanctionFields, SanctionInput};
use crate::format::{date_value, date_zh, from_wire, parse_date, today, wire};
use crate::i18n::{action_key, service_method_key, t, t_name, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseDetail, TransitionRequest};
use sanxiang_api_types::officers::Officer;
use sanxiang_api_types::Role;
use sanxiang_domain::case::{
    Action, Command, InspectionResult, NoPenaltyGround, OfficerId, Outcome, Override, Sanction,
    ServiceMethod, Stage,
};
use uuid::Uuid;

/// The grounds of a no-penalty decision (行政处罚法 art. 30, 31, 33, 36), as the select offers
/// them; `other` asks for the words.
const GROUNDS: [(&str, Key); 7] = [
    ("minor_corrected_no_harm", Key::GroundMinorCorrectedNoHarm),
    ("first_minor_violation", Key::GroundFirstMinorViolation),
    ("no_fault", Key::GroundNoFault),
    ("beyond_limitation", Key::GroundBeyondLimitation),
    ("under_fourteen", Key::GroundUnderFourteen),
    ("mental_incapacity", Key::GroundMentalIncapacity),
    ("other", Key::GroundOther),
];

fn ground_of(code: &str, text: String) -> Option<NoPenaltyGround> {
    Some(match code {
        "minor_corrected_no_harm" => NoPenaltyGround::MinorCorrectedNoHarm,
        "first_minor_violation" => NoPenaltyGround::FirstMinorViolation,
        "no_fault" => NoPenaltyGround::NoFault,
        "beyond_limitation" => NoPenaltyGround::BeyondLimitation,
        "under_fourteen" => NoPenaltyGround::UnderFourteen,
        "mental_incapacity" => NoPenaltyGround::MentalIncapacity,
        "other" => NoPenaltyGround::Other { text },
        _ => return None,
    })
}

/// Whether an action names a hearing presider (at scheduling and at the hearing).
fn needs_presider(a: Action) -> bool {
    matches!(a, Action::ScheduleHearing | Action::HoldHearing)
}

const SERVICE_METHODS: [ServiceMethod; 5] = [
    ServiceMethod::Direct,
    ServiceMethod::Leaving,
    ServiceMethod::Post,
    ServiceMethod::Electronic,
    ServiceMethod::Announcement,
];

/// The officer-facing name of an action on this case (`complete` names the stage it finishes).
/// Finishing the investigation report without a notice says what it means: the case goes on
/// towards a decision that is not a penalty (行政处罚法 art. 44 asks a notice before any penalty).
pub fn action_label(action: Action, stage: Stage, stage_label: &str) -> String {
    match (action, stage) {
        (Action::Complete, Stage::InvestigationReport) => {
            t(Key::ActionCompleteWithoutNotice).to_owned()
        }
        (Action::Complete, _) => t_name(Key::ActionCompleteStage, stage_label),
        _ => t(action_key(action)).to_owned(),
    }
}

/// Which fields an action asks for.
fn needs_date(a: Action) -> bool {
    a != Action::Archive
}
fn needs_approver(a: Action) -> bool {
    matches!(
        a,
        Action::PreserveEvidence
            | Action::ExtendReview
            | Action::ApproveMeasure
            | Action::DisapproveMeasure
            | Action::ExtendMeasure
            | Action::ApproveDeferral
            | Action::ApproveInstalments
    )
}
fn needs_override(a: Action) -> bool {
    matches!(a, Action::File | Action::Archive)
}

#[component]
pub fn ActionForm(
    case: CaseDetail,
    action: Action,
    on_done: Callback<CaseDetail>,
    on_cancel: Callback<()>,
    on_stale: Callback<()>,
) -> impl IntoView {
    let session = Session::use_session();
    let me = session.user.get_untracked();
    let me_id = me.as_ref().map(|u| u.id);
    let is_approver = me
        .as_ref()
        .is_some_and(|u| u.roles.contains(&Role::Approver));

    let case_id = case.summary.id;
    let version = case.version;
    let today_s = date_value(today());
    let on = RwSignal::new(today_s.clone());
    let violation_on = RwSignal::new(String::new());
    let discovered_on = RwSignal::new(today_s);
    let grave_harm = RwSignal::new(false);
    let use_override = RwSignal::new(false);
    let override_reason = RwSignal::new(String::new());
    let noticed: Option<Sanction> = case
        .state
        .get("notice")
        .and_then(|n| n.get("proposed"))
        .and_then(|p| serde_json::from_value(p.clone()).ok());
    let sanction = SanctionInput::new(noticed.as_ref());
    let exec = ExecutionInput::new(case.payment.as_ref().map(|p| p.outstanding_fen));
    let outcome = RwSignal::new("penalty".to_owned());
    let ground = RwSignal::new(String::new());
    let ground_text = RwSignal::new(String::new());
    let hearing_on = RwSignal::new(String::new());
    let method = RwSignal::new(wire(&ServiceMethod::Direct));
    let forced = RwSignal::new(false);
    let result = RwSignal::new("no_problem".to_owned());
    let penalty_case = RwSignal::new(String::new());
    let granted = RwSignal::new("true".to_owned());
    let amount = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let case_officers = case.officers.clone();
    let acting = RwSignal::new(case_officers.iter().map(|o| o.id).collect::<Vec<Uuid>>());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let confirm = RwSignal::new(None::<Confirm>);
    let party = case.party.clone();
    let case_number = case.summary.case_number.clone();

    // People to pick as approver or hearing presider: the agency's officers, plus oneself when
    // one is an approver.
    let people = RwSignal::new(Vec::<(Uuid, String)>::new());
    // Entered once: the notice proposes what its issued 告知书 says (行政处罚法 art. 44).
    if action == Action::IssueNotice {
        spawn_local(async move {
            if let Ok(docs) = session.case_documents(case_id).await {
                // The latest 告知书 (the list is in issue order).
                let proposed = docs
                    .issued
                    .iter()
                    .rev()
                    .find(|d| d.kind == sanxiang_api_types::documents::DocumentKind::PenaltyNotice)
                    .and_then(|d| d.form.sanction.clone());
                if let Some(s) = proposed {
                    sanction.fill(&s);
                }
            }
        });
    }
    if needs_approver(action) || needs_presider(action) {
        let me_entry = me
            .as_ref()
            .filter(|_| is_approver)
            .map(|u| (u.id, u.display_name.clone()));
        if let Some((id, _)) = &me_entry {
            if needs_approver(action) {
                person.set(id.to_string());
            }
        }
        spawn_local(async move {
            let mut list: Vec<(Uuid, String)> = me_entry.into_iter().collect();
            if let Ok(officers) = session.officers().await {
                let officers: Vec<Officer> = officers.items;
                list.extend(
                    officers
                        .into_iter()
                        .filter(|o| !list.iter().any(|(id, _)| *id == o.user_id))
                        .map(|o| (o.user_id, o.name))
                        .collect::<Vec<_>>(),
                );
            }
            people.try_set(list);
        });
    }

    let build = move || -> Result<Command, Key> {
        let date = || parse_date(&on.get_untracked()).ok_or(Key::ErrDateRequired);
        let pick = || {
            Uuid::parse_str(&person.get_untracked())
                .map(OfficerId)
                .map_err(|_| Key::ErrPickOfficer)
        };
        let approver = || Uuid::parse_str(&person.get_untracked()).ok().map(OfficerId);
        let overridden = || -> Result<Option<Override>, Key> {
            if !use_override.get_untracked() {
                return Ok(None);
            }
            let reason = override_reason.get_untracked().trim().to_owned();
            match (me_id, reason.is_empty()) {
                (_, true) => Err(Key::ErrReasonRequired),
                (None, _) => Err(Key::ErrPickOfficer),
                (Some(id), false) => Ok(Some(Override {
                    approver: OfficerId(id),
                    reason,
                })),
            }
        };
        let sanction_value = || sanction.value().ok_or(Key::ErrMoneyInvalid);
        Ok(match action {
            Action::Complete => Command::Complete { on: date()? },
            Action::File => Command::File {
                on: date()?,
                violation_on: parse_date(&violation_on.get_untracked())
                    .ok_or(Key::ErrDateRequired)?,
                discovered_on: parse_date(&discovered_on.get_untracked())
                    .ok_or(Key::ErrDateRequired)?,
                grave_harm: grave_harm.get_untracked(),
                limitation_override: overridden()?,
            },
            Action::PreserveEvidence => Command::PreserveEvidence {
                on: date()?,
                approved_by: approver(),
            },
            Action::DecidePreservation => Command::DecidePreservation { on: date()? },
            Action::IssueNotice => Command::IssueNotice {
                served_on: date()?,
                proposed: sanction_value()?,
            },
            Action::RecordStatement => Command::RecordStatement { on: date()? },
            Action::RequestHearing => Command::RequestHearing { on: date()? },
            Action::ScheduleHearing => Command::ScheduleHearing {
                notified_on: date()?,
                hearing_on: parse_date(&hearing_on.get_untracked()).ok_or(Key::ErrDateRequired)?,
                presider: pick()?,
            },
            Action::HoldHearing => Command::HoldHearing {
                on: date()?,
                presider: pick()?,
            },
            Action::WithdrawHearing => Command::WithdrawHearing { on: date()? },
            Action::RecordHearingNoShow => Command::RecordHearingNoShow { on: date()? },
            Action::WaiveRights => Command::WaiveRights { on: date()? },
            Action::Decide => Command::Decide {
                on: date()?,
                outcome: match outcome.get_untracked().as_str() {
                    "no_penalty" => Outcome::NoPenalty {
                        ground: Some(
                            ground_of(&ground.get_untracked(), ground_text.get_untracked())
                                .ok_or(Key::ErrNoPenaltyGroundMissing)?,
                        ),
                    },
                    "transfer_to_judicial" => Outcome::TransferToJudicial,
                    _ => Outcome::Penalty {
                        sanction: sanction_value()?,
                    },
                },
            },
            Action::RecordService => Command::RecordService {
                on: date()?,
                method: from_wire(&method.get_untracked()).unwrap_or(ServiceMethod::Direct),
            },
            Action::RecordExecution => Command::RecordExecution {
                on: date()?,
                forced: forced.get_untracked(),
            },
            Action::RecordResult => Command::RecordResult {
                on: date()?,
                result: match result.get_untracked().as_str() {
                    "rectification_order" => InspectionResult::RectificationOrder,
                    "refer_to_penalty" => InspectionResult::ReferToPenalty {
                        penalty_case: Uuid::parse_str(penalty_case.get_untracked().trim())
                            .map_err(|_| Key::ErrCaseIdInvalid)?,
                    },
                    _ => InspectionResult::NoProblem,
                },
            },
            Action::Accept => Command::Accept { on: date()? },
            Action::RejectApplication => Command::RejectApplication { on: date()? },
            Action::ExtendReview => Command::ExtendReview {
                on: date()?,
                approved_by: approver(),
            },
            Action::DecideLicence => Command::DecideLicence {
                on: date()?,
                granted: granted.get_untracked() == "true",
                terms: None,
            },
            Action::IssueCertificate => Command::IssueCertificate { on: date()? },
            Action::Assess => Command::Assess {
                on: date()?,
                amount_fen: crate::format::parse_yuan(&amount.get_untracked())
                    .filter(|f| *f > 0)
                    .ok_or(Key::ErrMoneyInvalid)?,
            },
            Action::RecordPayment => Command::RecordPayment { on: date()? },
            Action::ApproveMeasure => Command::ApproveMeasure {
                on: date()?,
                approved_by: approver(),
            },
            Action::RecordFinePayment
            | Action::CollectOnSpot
            | Action::HandInCollection
            | Action::ApproveDeferral
            | Action::ApproveInstalments
            | Action::RecordRemedy
            | Action::EndRemedy
            | Action::ApplyCourtEnforcement
            | Action::RequestCorrection
            | Action::ReceiveSupplement
            | Action::ImplementMeasure
            | Action::DisapproveMeasure => exec.command(action, date()?, approver())?,
            Action::ExtendMeasure => Command::ExtendMeasure {
                on: date()?,
                approved_by: approver(),
            },
            Action::EndMeasure => Command::EndMeasure { on: date()? },
            Action::Close => Command::Close { on: date()? },
            Action::Archive => Command::Archive {
                file_override: overridden()?,
            },
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let command = match build() {
            Ok(c) => c,
            Err(key) => {
                error.set(Some(t(key).to_owned()));
                return;
            }
        };
        let summary = confirmation(action, &command, &case_number, &party);
        let body = TransitionRequest {
            expected_version: version,
            officer_ids: acting.get_untracked(),
            command,
        };
        error.set(None);
        let send = Callback::new(move |()| {
            let body = body.clone();
            pending.set(true);
            spawn_local(async move {
                match session.transition(case_id, &body).await {
                    Ok(detail) => on_done.run(detail),
                    Err(err) => {
                        let stale = err.code() == Some("version_conflict");
                        error.try_set(Some(err.message()));
                        pending.try_set(false);
                        if stale {
                            on_stale.run(());
                        }
                    }
                }
            });
        });
        // 决定 and 归档 cannot be undone: asked once more, with what will be written.
        match summary {
            Some(c) => confirm.set(Some(c(send))),
            None => send.run(()),
        }
    };

    let title = action_label(action, case.summary.stage, &case.summary.stage_label);
    let date_label = match action {
        Action::IssueNotice => t(Key::FieldServedOn),
        Action::ScheduleHearing => t(Key::FieldNotifiedOn),
        _ => t(Key::FieldOn),
    };

    view! {
        <form id="action-form" class="action-form" data-action=wire(&action) on:submit=on_submit novalidate=true>
            <h3 class="form-title">{title.clone()}</h3>
            <Show when=move || needs_date(action)>
                <div class="field">
                    <label for="action-on">{date_label}</label>
                    <input id="action-on" type="date" bind:value=on />
                </div>
            </Show>
            <Show when=move || action == Action::File>
                <div class="field">
                    <label for="action-violation-on">{t(Key::FieldViolationOn)}</label>
                    <input id="action-violation-on" type="date" bind:value=violation_on />
                </div>
                <div class="field">
                    <label for="action-discovered-on">{t(Key::FieldDiscoveredOn)}</label>
                    <input id="action-discovered-on" type="date" bind:value=discovered_on />
                </div>
                <label class="check">
                    <input id="action-grave-harm" type="checkbox" bind:checked=grave_harm />
                    <span>{t(Key::FieldGraveHarm)}</span>
                </label>
            </Show>
            <Show when=move || action == Action::IssueNotice>
                <SanctionFields input=sanction />
            </Show>
            <Show when=move || action == Action::ScheduleHearing>
                <div class="field">
                    <label for="action-hearing-on">{t(Key::FieldHearingOn)}</label>
                    <input id="action-hearing-on" type="date" bind:value=hearing_on />
                </div>
            </Show>
            <Show when=move || action == Action::Decide>
                <div class="field">
                    <label for="action-outcome">{t(Key::FieldOutcome)}</label>
                    <select
                        id="action-outcome"
                        prop:value=move || outcome.get()
                        on:change=move |ev| outcome.set(event_target_value(&ev))
                    >
                        <option value="penalty">{t(Key::OutcomePenalty)}</option>
                        <option value="no_penalty">{t(Key::OutcomeNoPenalty)}</option>
                        <option value="transfer_to_judicial">{t(Key::OutcomeTransfer)}</option>
                    </select>
                </div>
                <Show when=move || outcome.get() == "penalty">
                    <SanctionFields input=sanction />
                </Show>
                <Show when=move || outcome.get() == "no_penalty">
                    <div class="field">
                        <label for="action-ground">{t(Key::FieldNoPenaltyGround)}</label>
                        <select
                            id="action-ground"
                            prop:value=move || ground.get()
                            on:change=move |ev| ground.set(event_target_value(&ev))
                        >
                            <option value="">{t(Key::FieldPickOfficer)}</option>
                            {GROUNDS
                                .iter()
                                .map(|(code, key)| view! { <option value=*code>{t(*key)}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <Show when=move || ground.get() == "other">
                        <div class="field">
                            <label for="action-ground-text">{t(Key::FieldGroundText)}</label>
                            <textarea id="action-ground-text" rows="2" bind:value=ground_text></textarea>
                        </div>
                    </Show>
                </Show>
            </Show>
            <Show when=move || action == Action::RecordService>
                <div class="field">
                    <label for="action-method">{t(Key::FieldServiceMethod)}</label>
                    <select
                        id="action-method"
                        prop:value=move || method.get()
                        on:change=move |ev| method.set(event_target_value(&ev))
                    >
                        {SERVICE_METHODS
                            .iter()
                            .map(|m| view! { <option value=wire(m)>{t(service_method_key(*m))}</option> })
                            .collect_view()}
                    </select>
                </div>
            </Show>
            <Show when=move || action == Action::RecordExecution>
                <label class="check">
                    <input id="action-forced" type="checkbox" bind:checked=forced />
                    <span>{t(Key::FieldForced)}</span>
                </label>
            </Show>
            <ExecutionFields input=exec action=action />
            <Show when=move || action == Action::RecordResult>
                <div class="field">
                    <label for="action-result">{t(Key::FieldResult)}</label>
                    <select
                        id="action-result"
                        prop:value=move || result.get()
                        on:change=move |ev| result.set(event_target_value(&ev))
                    >
                        <option value="no_problem">{t(Key::OutcomeNoProblem)}</option>
                        <option value="rectification_order">{t(Key::OutcomeRectification)}</option>
                        <option value="refer_to_penalty">{t(Key::OutcomeRefer)}</option>
                    </select>
                </div>
                <Show when=move || result.get() == "refer_to_penalty">
                    <div class="field">
                        <label for="action-penalty-case">{t(Key::FieldPenaltyCase)}</label>
                        <input id="action-penalty-case" type="text" bind:value=penalty_case />
                    </div>
                </Show>
            </Show>
            <Show when=move || action == Action::DecideLicence>
                <div class="field">
                    <label for="action-granted">{t(Key::FieldGranted)}</label>
                    <select
                        id="action-granted"
                        prop:value=move || granted.get()
                        on:change=move |ev| granted.set(event_target_value(&ev))
                    >
                        <option value="true">{t(Key::OutcomeGranted)}</option>
                        <option value="false">{t(Key::OutcomeRefused)}</option>
                    </select>
                </div>
            </Show>
            <Show when=move || action == Action::Assess>
                <div class="field">
                    <label for="action-amount">{t(Key::FieldAmountYuan)}</label>
                    <input id="action-amount" type="text" inputmode="decimal" bind:value=amount />
                </div>
            </Show>
            <Show when=move || needs_approver(action) || needs_presider(action)>
                <div class="field">
                    <label for="action-person">
                        {if needs_presider(action) {
                            t(Key::FieldPresider)
                        } else {
                            t(Key::FieldApprovedBy)
                        }}
                    </label>
                    <select
                        id="action-person"
                        prop:value=move || person.get()
                        on:change=move |ev| person.set(event_target_value(&ev))
                    >
                        <option value="">{t(Key::FieldPickOfficer)}</option>
                        {move || {
                            people
                                .get()
                                .into_iter()
                                .map(|(id, name)| {
                                    let id = id.to_string();
                                    let sel = person.get_untracked() == id;
                                    view! { <option value=id selected=sel>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </Show>
            <Show when=move || needs_override(action) && is_approver>
                <label class="check">
                    <input id="action-override" type="checkbox" bind:checked=use_override />
                    <span>{t(Key::FieldOverride)}</span>
                </label>
                <Show when=move || use_override.get()>
                    <div class="field">
                        <label for="action-override-reason">{t(Key::FieldOverrideReason)}</label>
                        <textarea id="action-override-reason" rows="2" bind:value=override_reason></textarea>
                    </div>
                </Show>
            </Show>
            <details class="acting">
                <summary>{t(Key::FieldActingOfficers)}</summary>
                {case_officers
                    .into_iter()
                    .map(|o| {
                        let id = o.id;
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || acting.with(|v| v.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        acting
                                            .update(|v| {
                                                v.retain(|x| *x != id);
                                                if on {
                                                    v.push(id);
                                                }
                                            });
                                    }
                                />
                                <span>{o.name}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </details>
            <Show when=move || error.with(Option::is_some)>
                <div id="action-error" class="form-error" role="alert">
                    <strong>{t(Key::ActionRefused)}</strong>
                    " "
                    {move || error.get().unwrap_or_default()}
                </div>
            </Show>
            <div class="form-actions">
                <button id="action-submit" type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t(Key::Submitting).to_owned() } else { title.clone() }}
                </button>
                <button type="button" class="btn btn-secondary" on:click=move |_| on_cancel.run(())>
                    {t(Key::Cancel)}
                </button>
            </div>
            <ConfirmDialog request=confirm />
        </form>
    }
}

/// The confirmation of an irreversible action (决定, 归档): what will be written and, for a
/// decision, published (行政处罚法 art. 48); `None` for the others.
fn confirmation(
    action: Action,
    command: &Command,
    case_number: &str,
    party: &sanxiang_api_types::cases::PartyView,
) -> Option<impl FnOnce(Callback<()>) -> Confirm> {
    let mut rows: Vec<(String, String)> =
        vec![(t(Key::ConfirmCase).to_owned(), case_number.to_owned())];
    let title = match (action, command) {
        (Action::Decide, Command::Decide { on, outcome }) => {
            let published_party = match &party.id_masked {
                Some(id) if party.kind == sanxiang_domain::party::PartyKind::NaturalPerson => {
                    format!("{}（{id}）", party.name)
                }
                _ => party.name.clone(),
            };
            rows.push((t(Key::ConfirmPartyPublished).to_owned(), published_party));
            let (result, content) = match outcome {
                Outcome::Penalty { sanction } => (t(Key::OutcomePenalty), sanction_text(sanction)),
                Outcome::NoPenalty { ground } => (
                    t(Key::OutcomeNoPenalty),
                    ground.as_ref().map(|g| g.label_zh()).unwrap_or_default(),
                ),
                Outcome::TransferToJudicial => (t(Key::OutcomeTransfer), String::new()),
            };
            rows.push((t(Key::FieldOutcome).to_owned(), result.to_owned()));
            rows.push((t(Key::ConfirmContent).to_owned(), content));
            rows.push((t(Key::ConfirmDecidedOn).to_owned(), date_zh(*on)));
            t(Key::ConfirmDecideTitle)
        }
        (Action::Archive, _) => t(Key::ConfirmArchiveTitle),
        _ => return None,
    };
    let warning = match action {
        Action::Decide => t(Key::ConfirmDecideWarning),
        _ => t(Key::ConfirmArchiveWarning),
    };
    Some(move |send: Callback<()>| {
        rows.into_iter()
            .fold(Confirm::new(title, send), |c, (l, v)| c.row(l, v))
            .warning(warning)
    })
}
