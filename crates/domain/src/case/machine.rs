//! The stage machines: which actions each kind allows at each stage, and `decide`, which applies a
//! command through its gates and answers with the new state and the records to write.
//!
//! Graphs (stage = the step in progress; `→` is the action that finishes it):
//! - penalty, ordinary: filing →file→ investigation (preserve_evidence / decide_preservation inside)
//!   →complete→ investigation_report →issue_notice→ notice →record_statement→ statement /
//!   →request_hearing→ hearing →schedule_hearing, hold_hearing, complete→ [legal_review →complete→]
//!   [collective_deliberation →complete→] decision →decide→ service →record_service→ execution
//!   →record_execution→ closure →close→ archive →archive. A transfer to the judicial organs goes
//!   from decision straight to closure; a no-penalty decision skips execution.
//!   Every penalty decision needs a notice served first (行政处罚法 art. 44): `complete` at
//!   investigation_report goes on without one only towards a decision that is not a penalty;
//!   should a penalty turn out to be due after all, `issue_notice` is offered again from every
//!   later stage up to the decision. A new notice (new facts, a heavier intended penalty)
//!   supersedes the earlier one, restarts the party's rights periods, and the decision is
//!   compared with it (art. 44, 45). `waive_rights` (the party's written waiver of statement,
//!   defence and hearing) exists only once the party has been notified (art. 62).
//!   A hearing is scheduled with a notice to the party 7 working days ahead and a presider who
//!   did not investigate (art. 64 (二), (四)); the party's withdrawal of its request, or its
//!   absence without good reason on the day (art. 64 (六)), ends the hearing with a record of
//!   what happened and the case goes on as after any response, never with a hearing record for
//!   a hearing that did not take place.
//!   A case opened with the review or deliberation flag passes through those stages; the
//!   legal-review flagging on reaching the decision stages may add them
//!   (`CaseState::join_flags`), and they are then recorded while the decision waits — the
//!   decision is refused until they are (art. 57, 58).
//!   An officer who withdrew from the case (art. 43) takes part in no act of it.
//! - penalty, simplified: on_site →decide→ service → execution → closure → archive.
//! - execution of a fine (either procedure, `payment` module): at execution the officers record
//!   payments (`record_fine_payment`, part payments sum up) or collect on the spot
//!   (`collect_on_spot`, art. 68–70; `hand_in_collection` follows, art. 71, also after closure);
//!   the agency head approves a deferral or instalments (art. 66); the party's reconsideration
//!   or lawsuit is recorded (`record_remedy` / `end_remedy`, art. 73); with neither payment nor
//!   remedy, `apply_court_enforcement` once the remedy periods end (行政强制法 art. 53). Fine and
//!   surcharge paid, the case goes on to closure; `record_execution` still ends execution by
//!   other means (forced execution).
//! - inspection: task →complete→ on_site_inspection →complete→ result →record_result→ closure → archive.
//! - licence: application →complete→ acceptance (request_correction once, receive_supplement;
//!   行政许可法 art. 32) →accept→ review (extend_review once) →complete→
//!   decision →decide_licence→ certificate_issued →issue_certificate→ closure → archive; a refusal
//!   or `reject_application` goes to closure.
//! - fee: assessment →assess→ collection →record_payment→ closure → archive.
//! - coercive_measure: approval →approve_measure→ implementation →implement_measure→ in_force
//!   (extend_measure once) →end_measure→ closure → archive. In an emergency `implement_measure`
//!   comes first, from approval, and `approve_measure` within 24 hours follows in in_force, or
//!   `disapprove_measure` releases it at once (行政强制法 art. 19); a seizure hands its decision
//!   and list over on the spot (art. 24).

use super::coercion;
use super::command::{Command, Decision, GateContext, RecordDraft, RecordKind};
use super::deadlines::DeadlineKind;
use super::error::RuleViolation;
use super::gates;
use super::kind::{Action, CaseKind, Procedure, Stage};
use super::payment;
use super::periods;
use super::sanction::{Outcome, ServiceMethod};
use super::settings::Activity;
use super::state::{
    CaseState, DecisionInfo, HearingEnd, HearingInfo, NoticeInfo, Preservation, ServiceInfo,
};
use crate::calendar::china_date;
use chrono::{DateTime, Utc};

/// The actions the case's machine allows now. Gates may still refuse one for reasons outside the
/// state (a missing certificate, video or review); the refusal then names what is missing.
pub fn allowed_actions(state: &CaseState) -> Vec<Action> {
    use Action as A;
    if state.archived_at.is_some() {
        return Vec::new();
    }
    match state.stage {
        Stage::Filing => vec![A::File],
        Stage::Investigation if state.preservation_open() => vec![A::DecidePreservation],
        Stage::Investigation => vec![A::PreserveEvidence, A::Complete],
        Stage::InvestigationReport => vec![A::IssueNotice, A::Complete],
        Stage::Notice => vec![
            A::RecordStatement,
            A::RequestHearing,
            A::WaiveRights,
            A::Complete,
            A::IssueNotice,
        ],
        Stage::Statement if state.hearing.is_none() => {
            vec![
                A::RequestHearing,
                A::WaiveRights,
                A::Complete,
                A::IssueNotice,
            ]
        }
        Stage::Statement => vec![A::WaiveRights, A::Complete, A::IssueNotice],
        Stage::Hearing if state.hearing.is_some_and(|h| h.is_over()) => {
            vec![A::Complete, A::IssueNotice]
        }
        Stage::Hearing if state.hearing.is_some_and(|h| h.scheduled_on.is_some()) => vec![
            A::HoldHearing,
            A::RecordHearingNoShow,
            A::WithdrawHearing,
            A::ScheduleHearing,
        ],
        Stage::Hearing => vec![A::ScheduleHearing, A::WithdrawHearing],
        Stage::LegalReview | Stage::CollectiveDeliberation => vec![A::Complete, A::IssueNotice],
        Stage::Decision if state.kind == CaseKind::Licence => vec![A::DecideLicence],
        Stage::Decision if state.kind == CaseKind::Penalty => vec![A::Decide, A::IssueNotice],
        Stage::Decision | Stage::OnSite => vec![A::Decide],
        Stage::Service => vec![A::RecordService],
        Stage::Execution => payment::execution_actions(state),
        // Money collected on the spot is handed in even after the case is closed (art. 71).
        Stage::Closure if state.payment.collection_pending() => {
            vec![A::Close, A::HandInCollection]
        }
        Stage::Closure => vec![A::Close],
        Stage::Archive if state.payment.collection_pending() => {
            vec![A::Archive, A::HandInCollection]
        }
        Stage::Archive => vec![A::Archive],
        Stage::Task | Stage::OnSiteInspection | Stage::Application => vec![A::Complete],
        Stage::Result => vec![A::RecordResult],
        Stage::Acceptance => {
            // 行政许可法 art. 32: everything missing is told at once, so one correction notice.
            let l = &state.licence;
            let mut out = vec![A::Accept, A::RejectApplication];
            match (l.correction_requested_on, l.supplemented_on) {
                (None, _) => out.push(A::RequestCorrection),
                (Some(_), None) => out.push(A::ReceiveSupplement),
                (Some(_), Some(_)) => {}
            }
            out
        }
        Stage::Review if state.licence.extended => vec![A::Complete],
        Stage::Review => vec![A::ExtendReview, A::Complete],
        Stage::CertificateIssued => vec![A::IssueCertificate],
        Stage::Assessment => vec![A::Assess],
        Stage::Collection => vec![A::RecordPayment],
        // 行政强制法 art. 19: in an emergency the measure is taken first, approved after.
        Stage::Approval => vec![A::ApproveMeasure, A::ImplementMeasure],
        Stage::Implementation => vec![A::ImplementMeasure],
        Stage::InForce
            if state.measure.emergency_at.is_some() && state.measure.approved_by.is_none() =>
        {
            vec![A::ApproveMeasure, A::DisapproveMeasure, A::EndMeasure]
        }
        Stage::InForce if state.measure.extended => vec![A::EndMeasure],
        Stage::InForce => vec![A::ExtendMeasure, A::EndMeasure],
    }
}

/// Applies `cmd` to `state`: checks the action is allowed now, runs its gates, and answers with the
/// new state plus the records to write in the same transaction (a `transition` record always, a
/// `note` for every override relied on). `now` is the server time of recording.
pub fn decide(
    state: &CaseState,
    cmd: &Command,
    ctx: &GateContext<'_>,
    now: DateTime<Utc>,
) -> Result<Decision, RuleViolation> {
    let action = cmd.action();
    if !allowed_actions(state).contains(&action) {
        return Err(RuleViolation::InvalidTransition {
            stage: state.stage,
            action,
        });
    }
    // 行政处罚法 art. 43: a withdrawn officer takes part in no act of the case.
    gates::check_not_withdrawn(state, &ctx.officers)?;
    let mut next = state.clone();
    let mut notes: Vec<(String, String)> = Vec::new();
    let on = apply(&mut next, cmd, ctx, now, &mut notes)?;
    let from = state.stage;
    let title = if next.stage == from {
        format!("{}：{action}", from.label_zh())
    } else {
        format!("{} → {}", from.label_zh(), next.stage.label_zh())
    };
    let mut records = vec![RecordDraft {
        kind: RecordKind::Transition,
        stage: from,
        action,
        title,
        text: format!("{action}: {from} → {}", next.stage),
        occurred_on: on,
        recorded_at: now,
    }];
    records.extend(notes.into_iter().map(|(title, text)| RecordDraft {
        kind: RecordKind::Note,
        stage: from,
        action,
        title,
        text,
        occurred_on: on,
        recorded_at: now,
    }));
    Ok(Decision {
        state: next,
        records,
    })
}

/// Where the case goes once the party's response is over: review, deliberation, or decision.
fn after_response(s: &CaseState) -> Stage {
    if s.flags.legal_review_required {
        Stage::LegalReview
    } else {
        after_review(s)
    }
}

fn after_review(s: &CaseState) -> Stage {
    if s.flags.collective_deliberation_required {
        Stage::CollectiveDeliberation
    } else {
        Stage::Decision
    }
}

/// Moving on from notice or statement needs the response window closed or a written waiver.
fn check_response_over(
    s: &CaseState,
    ctx: &GateContext<'_>,
    today: chrono::NaiveDate,
) -> Result<(), RuleViolation> {
    if s.rights_waived_on.is_some() {
        return Ok(());
    }
    if let Some(n) = &s.notice {
        let until = gates::hearing_request_due(n.served_on, ctx)?;
        if today <= until {
            return Err(RuleViolation::StatementPeriodOpen { until });
        }
    }
    Ok(())
}

fn apply(
    s: &mut CaseState,
    cmd: &Command,
    ctx: &GateContext<'_>,
    now: DateTime<Utc>,
    notes: &mut Vec<(String, String)>,
) -> Result<Option<chrono::NaiveDate>, RuleViolation> {
    use Command as C;
    let today = china_date(now);
    let decided_on = s.decision.as_ref().map(|d| d.decided_on);
    match cmd {
        C::File {
            on,
            violation_on,
            discovered_on,
            grave_harm,
            limitation_override,
        } => {
            if let Some(o) = gates::check_limitation(
                *violation_on,
                *discovered_on,
                *grave_harm,
                limitation_override.as_ref(),
                ctx.settings,
            )? {
                s.limitation_overridden = true;
                notes.push((
                    "超过追责时效经批准立案 / filed past limitation on approval".into(),
                    o.reason.clone(),
                ));
            }
            gates::check_officers(ctx, *on)?;
            s.filed_on = Some(*on);
            s.violation_on = Some(*violation_on);
            s.stage = Stage::Investigation;
            Ok(Some(*on))
        }
        C::PreserveEvidence { on, approved_by } => {
            gates::check_approval(*approved_by)?;
            gates::check_officers(ctx, *on)?;
            gates::check_video(Activity::EvidencePreservation, ctx)?;
            s.preservation = Some(Preservation {
                started_on: *on,
                decided_on: None,
            });
            Ok(Some(*on))
        }
        C::DecidePreservation { on } => {
            if let Some(p) = s.preservation.as_mut() {
                gates::check_not_before(*on, Some(p.started_on))?;
                p.decided_on = Some(*on);
            }
            Ok(Some(*on))
        }
        C::IssueNotice {
            served_on,
            proposed,
        } => {
            gates::check_not_before(*served_on, s.filed_on)?;
            if proposed.fine_fen < 0 || proposed.confiscation_fen < 0 {
                return Err(RuleViolation::AmountInvalid);
            }
            if let Some(earlier) = s.notice.take() {
                // A new notice supersedes the earlier one: the party's rights to state, defend
                // and ask for a hearing run afresh from it (art. 44, 45, 64).
                gates::check_not_before(*served_on, Some(earlier.served_on))?;
                notes.push((
                    "重新告知 / a new notice supersedes the earlier one".into(),
                    format!(
                        "原告知书送达于{}，拟处罚内容已变更；当事人的陈述、申辩和听证权利自新告知书送达之日起重新计算。",
                        earlier.served_on
                    ),
                ));
                s.earlier_notices.push(earlier);
                s.rights_waived_on = None;
                s.hearing = None;
                s.legal_review_done_on = None;
                s.deliberation_done_on = None;
            }
            // What the notice must tell the party (art. 44, 63, 64).
            let rights = if proposed.gives_hearing_right(s.party_kind, ctx.settings) {
                "拟作出的行政处罚属于听证范围：告知书应当告知当事人有权在收到告知书之日起五个工作日内要求听证（行政处罚法第六十三条、第六十四条），以及陈述、申辩的权利。"
            } else {
                "拟作出的行政处罚不属于听证范围：告知书应当告知当事人陈述、申辩的权利（行政处罚法第四十四条、第四十五条）。"
            };
            notes.push(("告知的权利 / rights to notify".into(), rights.into()));
            s.notice = Some(NoticeInfo {
                served_on: *served_on,
                proposed: proposed.clone(),
            });
            s.stage = Stage::Notice;
            Ok(Some(*served_on))
        }
        C::RecordStatement { on } => {
            s.defended = true;
            s.stage = Stage::Statement;
            Ok(Some(*on))
        }
        C::RequestHearing { on } => {
            if let Some(n) = &s.notice {
                // Art. 63: only the heavier penalties give the right to a hearing.
                if !n.proposed.gives_hearing_right(s.party_kind, ctx.settings) {
                    return Err(RuleViolation::NoHearingRight);
                }
                gates::check_hearing_request(n.served_on, *on, ctx)?;
            }
            s.hearing = Some(HearingInfo::requested(*on));
            s.stage = Stage::Hearing;
            Ok(Some(*on))
        }
        C::ScheduleHearing {
            notified_on,
            hearing_on,
            presider,
        } => {
            let h = s.hearing.as_mut().ok_or(RuleViolation::InvalidTransition {
                stage: Stage::Hearing,
                action: Action::ScheduleHearing,
            })?;
            gates::check_not_before(*notified_on, Some(h.requested_on))?;
            // Art. 64 (二), (四): notified 7 working days ahead; presided by a non-investigator.
            gates::check_hearing_notice(*notified_on, *hearing_on, ctx)?;
            gates::check_presider(*presider, ctx)?;
            let again = h.scheduled_on.replace(*hearing_on);
            h.notified_on = Some(*notified_on);
            h.presider = Some(*presider);
            let text = match again {
                Some(before) => format!(
                    "原定于{before}举行的听证改期。已于{notified_on}通知当事人于{hearing_on}举行听证（行政处罚法第六十四条第二项）。"
                ),
                None => format!(
                    "已于{notified_on}通知当事人于{hearing_on}举行听证的时间、地点（行政处罚法第六十四条第二项）；听证主持人由非本案调查人员担任。"
                ),
            };
            notes.push(("听证通知 / hearing notice".into(), text));
            Ok(Some(*notified_on))
        }
        C::HoldHearing { on, presider } => {
            let h = s
                .hearing
                .as_mut()
                .ok_or(RuleViolation::HearingNotScheduled)?;
            let scheduled_on = h.scheduled_on.ok_or(RuleViolation::HearingNotScheduled)?;
            gates::check_presider(*presider, ctx)?;
            gates::check_video(Activity::Hearing, ctx)?;
            gates::check_not_before(*on, Some(scheduled_on))?;
            h.held_on = Some(*on);
            h.presider = Some(*presider);
            s.defended = true;
            Ok(Some(*on))
        }
        C::WithdrawHearing { on } => {
            let h = s
                .hearing
                .as_mut()
                .ok_or(RuleViolation::HearingNotScheduled)?;
            gates::check_not_before(*on, Some(h.requested_on))?;
            h.ended = Some(HearingEnd::Withdrawn { on: *on });
            notes.push((
                "当事人撤回听证申请 / the party withdrew its hearing request".into(),
                format!("当事人于{on}撤回听证申请，听证程序终结，未举行听证。"),
            ));
            s.stage = after_response(s);
            Ok(Some(*on))
        }
        C::RecordHearingNoShow { on } => {
            let h = s
                .hearing
                .as_mut()
                .ok_or(RuleViolation::HearingNotScheduled)?;
            let scheduled_on = h.scheduled_on.ok_or(RuleViolation::HearingNotScheduled)?;
            gates::check_not_before(*on, Some(scheduled_on))?;
            h.ended = Some(HearingEnd::NoShow { on: *on });
            notes.push((
                "当事人无正当理由拒不出席听证 / the party did not appear".into(),
                format!("当事人经依法通知，无正当理由于{on}拒不出席听证或者未经许可中途退出听证，视为放弃听证权利，行政机关终止听证（行政处罚法第六十四条第六项）。"),
            ));
            s.stage = after_response(s);
            Ok(Some(*on))
        }
        C::WaiveRights { on } => {
            // Only a party that has been notified can give up its rights (art. 62).
            let Some(n) = &s.notice else {
                return Err(RuleViolation::NoticeMissing);
            };
            gates::check_not_before(*on, Some(n.served_on))?;
            s.rights_waived_on = Some(*on);
            s.stage = after_response(s);
            Ok(Some(*on))
        }
        C::Complete { on } => complete(s, ctx, today, *on),
        C::Decide { on, outcome } => {
            gates::check_not_before(*on, s.filed_on)?;
            if let (Outcome::Penalty { .. }, Some(born)) = (outcome, ctx.party_born_on) {
                // Art. 30: judged on the day of the act (on the spot: the decision day).
                let age = crate::party::age_on(born, s.violation_on.unwrap_or(*on));
                if age < 14 {
                    return Err(RuleViolation::PartyUnderFourteen { age });
                }
                if age < 18 {
                    notes.push((
                        "未成年人从轻或者减轻处罚 / a minor: lighter penalty".into(),
                        format!("当事人违法行为发生时{age}周岁，已满十四周岁不满十八周岁，应当从轻或者减轻行政处罚（行政处罚法第三十条）；决定不予公开。"),
                    ));
                }
            }
            if let Outcome::Penalty { sanction } = outcome {
                // Art. 29: one illegal act is fined once, across the agency's cases.
                gates::check_one_fine(sanction, ctx.act.as_ref(), &ctx.fines_decided)?;
            }
            if s.procedure == Procedure::Simplified {
                let Outcome::Penalty { sanction } = outcome else {
                    return Err(RuleViolation::ProcedureNotApplicable);
                };
                gates::check_simplified(sanction, s.party_kind, ctx.settings)?;
                // Art. 42, 52: certified officers show their certificates, two unless a law
                // provides otherwise, and report the decision to their agency for the record.
                gates::check_officers_at_least(ctx, *on, ctx.settings.simplified_min_officers)?;
                notes.push((
                    "当场处罚决定报所属行政机关备案 / on-the-spot decision filed with the agency".into(),
                    "执法人员当场作出的行政处罚决定，已报所属行政机关备案（行政处罚法第五十二条）；决定书已当场交付当事人。".into(),
                ));
                s.filed_on.get_or_insert(*on);
            } else {
                if s.flags.legal_review_required && !ctx.legal_review_approved {
                    return Err(RuleViolation::LegalReviewMissing);
                }
                if s.flags.collective_deliberation_required
                    && s.deliberation_done_on.is_none()
                    && !ctx.deliberation_recorded
                {
                    return Err(RuleViolation::DeliberationMissing);
                }
                if let Outcome::NoPenalty { ground } = outcome {
                    // Art. 30, 31, 33, 36: no penalty only on a statutory ground, stated.
                    let ground = ground
                        .as_ref()
                        .filter(|g| g.is_stated())
                        .ok_or(RuleViolation::NoPenaltyGroundMissing)?;
                    notes.push((
                        "不予行政处罚的理由 / ground for no penalty".into(),
                        format!("不予行政处罚。理由：{}。依法对当事人进行教育（行政处罚法第三十三条第三款）。", ground.label_zh()),
                    ));
                }
                if let Outcome::Penalty { sanction } = outcome {
                    // A waiver never stands in for the notice (art. 44, 62).
                    match &s.notice {
                        Some(n) => gates::check_not_heavier(sanction, &n.proposed)?,
                        None => return Err(RuleViolation::NoticeMissing),
                    }
                }
            }
            s.stage = match outcome {
                Outcome::TransferToJudicial => Stage::Closure,
                _ => Stage::Service,
            };
            s.decision = Some(DecisionInfo {
                decided_on: *on,
                outcome: outcome.clone(),
            });
            Ok(Some(*on))
        }
        C::RecordService { on, method } => {
            gates::check_not_before(*on, decided_on)?;
            if *method == ServiceMethod::Electronic && !ctx.e_service_consent {
                return Err(RuleViolation::EServiceConsentMissing);
            }
            if matches!(method, ServiceMethod::Leaving | ServiceMethod::Announcement) {
                gates::check_video(Activity::Service, ctx)?;
            }
            s.service = Some(ServiceInfo {
                served_on: *on,
                method: *method,
            });
            let penalty = matches!(
                s.decision.as_ref().map(|d| &d.outcome),
                Some(Outcome::Penalty { .. })
            );
            s.stage = if penalty {
                Stage::Execution
            } else {
                Stage::Closure
            };
            Ok(Some(*on))
        }
        C::RecordExecution { on, forced } => {
            gates::check_not_before(*on, decided_on)?;
            if *forced {
                gates::check_video(Activity::ForcedExecution, ctx)?;
            }
            s.executed_on = Some(*on);
            s.stage = Stage::Closure;
            Ok(Some(*on))
        }
        C::RecordFinePayment { on, amount_fen } => {
            payment::record_payment(s, *on, *amount_fen, ctx)?;
            Ok(Some(*on))
        }
        C::CollectOnSpot {
            on,
            ground,
            receipt_number,
            amount_fen,
            party_requested,
            landed_on,
        } => {
            payment::collect_on_spot(
                s,
                *on,
                *ground,
                receipt_number,
                *amount_fen,
                *landed_on,
                *party_requested,
                ctx,
            )?;
            notes.push((
                "当场收缴罚款 / fine collected on the spot".into(),
                format!(
                    "当场收缴罚款{amount_fen}分，出具专用票据{}号（行政处罚法第七十条）；执法人员应当自收缴之日（水上自抵岸之日）起二日内交至行政机关（第七十一条）。",
                    receipt_number.trim()
                ),
            ));
            Ok(Some(*on))
        }
        C::HandInCollection { on } => {
            payment::hand_in(s, *on)?;
            Ok(Some(*on))
        }
        C::ApproveDeferral {
            on,
            approved_by,
            until,
        } => {
            payment::approve_deferral(s, *on, *approved_by, *until)?;
            Ok(Some(*on))
        }
        C::ApproveInstalments {
            on,
            approved_by,
            instalments,
        } => {
            payment::approve_instalments(s, *on, *approved_by, instalments)?;
            Ok(Some(*on))
        }
        C::RecordRemedy { on, kind } => {
            payment::record_remedy(s, *on, *kind)?;
            Ok(Some(*on))
        }
        C::EndRemedy { on, result } => {
            payment::end_remedy(s, *on, *result)?;
            Ok(Some(*on))
        }
        C::ApplyCourtEnforcement { on, court } => {
            if let Some(due) = payment::apply_court(s, *on, court, ctx)? {
                notes.push((
                    "逾期申请强制执行 / court application after the period".into(),
                    format!("申请人民法院强制执行的期限已于{due}届满（行政强制法第五十三条）。"),
                ));
            }
            Ok(Some(*on))
        }
        C::RecordResult { on, result } => {
            s.inspection_result = Some(*result);
            s.stage = Stage::Closure;
            Ok(Some(*on))
        }
        C::Accept { on } => {
            gates::check_not_before(*on, s.licence.received_on)?;
            s.licence.accepted_on = Some(*on);
            s.stage = Stage::Review;
            Ok(Some(*on))
        }
        C::RejectApplication { on } => {
            gates::check_not_before(*on, s.licence.received_on)?;
            s.licence.rejected_on = Some(*on);
            s.licence.granted = Some(false);
            s.stage = Stage::Closure;
            Ok(Some(*on))
        }
        C::RequestCorrection { on, missing } => {
            // 行政许可法 art. 32 (四): everything missing, at once.
            let items: Vec<&str> = missing
                .iter()
                .map(|m| m.trim())
                .filter(|m| !m.is_empty())
                .collect();
            if items.is_empty() {
                return Err(RuleViolation::CorrectionItemsMissing);
            }
            gates::check_not_before(*on, s.licence.received_on)?;
            s.licence.correction_requested_on = Some(*on);
            notes.push((
                "一次性告知补正 / everything missing told at once".into(),
                format!(
                    "需要补正的全部内容：{}（行政许可法第三十二条）。",
                    items.join("；")
                ),
            ));
            Ok(Some(*on))
        }
        C::ReceiveSupplement { on } => {
            gates::check_not_before(*on, s.licence.correction_requested_on)?;
            s.licence.supplemented_on = Some(*on);
            Ok(Some(*on))
        }
        C::ExtendReview { on, approved_by } => {
            gates::check_approval(*approved_by)?;
            // 行政许可法 art. 42: listed with the deadline as an extension, like any other.
            extend(
                s,
                DeadlineKind::LicenceDecision,
                *approved_by,
                "行政许可法第四十二条：二十日内不能作出决定，经本行政机关负责人批准延长",
                *on,
                ctx,
            )?;
            Ok(Some(*on))
        }
        C::DecideLicence { on, granted, terms } => {
            gates::check_not_before(*on, s.licence.accepted_on)?;
            s.licence.decided_on = Some(*on);
            s.licence.granted = Some(*granted);
            s.licence_terms = terms.clone().filter(|_| *granted);
            s.stage = if *granted {
                Stage::CertificateIssued
            } else {
                Stage::Closure
            };
            Ok(Some(*on))
        }
        C::IssueCertificate { on } => {
            gates::check_not_before(*on, s.licence.decided_on)?;
            s.licence.certificate_issued_on = Some(*on);
            s.stage = Stage::Closure;
            Ok(Some(*on))
        }
        C::Assess { on, amount_fen } => {
            if *amount_fen <= 0 {
                return Err(RuleViolation::AmountInvalid);
            }
            s.fee.assessed_on = Some(*on);
            s.fee.amount_fen = *amount_fen;
            s.stage = Stage::Collection;
            Ok(Some(*on))
        }
        C::RecordPayment { on } => {
            gates::check_not_before(*on, s.fee.assessed_on)?;
            s.fee.paid_on = Some(*on);
            s.stage = Stage::Closure;
            Ok(Some(*on))
        }
        C::ApproveMeasure { on, approved_by } => {
            gates::check_approval(*approved_by)?;
            s.measure.approved_by = *approved_by;
            s.measure.approved_on = Some(*on);
            match s.measure.emergency_at {
                // 行政强制法 art. 19: reported and approved after the fact, within 24 hours.
                Some(taken) => {
                    gates::check_not_before(*on, s.measure.started_on)?;
                    if let Some(late) = coercion::emergency_approval_late(taken, now, ctx.settings)
                    {
                        notes.push((
                            "超过24小时补办批准手续 / approved after the 24 hours".into(),
                            format!("紧急情况下当场实施的行政强制措施，应当在二十四小时内报告并补办批准手续（行政强制法第十九条）；本次批准超过时限{late}。"),
                        ));
                    }
                }
                None => s.stage = Stage::Implementation,
            }
            Ok(Some(*on))
        }
        C::ImplementMeasure {
            on,
            emergency,
            seizure_list,
        } => {
            let first = s.stage == Stage::Approval;
            if first && !emergency {
                return Err(RuleViolation::ApprovalRequired);
            }
            gates::check_officers(ctx, *on)?;
            if !ctx.on_site_record {
                return Err(RuleViolation::OnSiteRecordMissing);
            }
            gates::check_video(Activity::Seizure, ctx)?;
            s.measure.seizure_list = Some(coercion::check_seizure_list(*on, *seizure_list)?);
            if first {
                s.measure.emergency_at = Some(now);
                notes.push((
                    "紧急情况当场实施 / taken first in an emergency".into(),
                    "情况紧急，当场实施行政强制措施；应当在二十四小时内向行政机关负责人报告，并补办批准手续；负责人认为不应当采取的，应当立即解除（行政强制法第十九条）。".into(),
                ));
            }
            s.measure.started_on = Some(*on);
            s.stage = Stage::InForce;
            Ok(Some(*on))
        }
        C::DisapproveMeasure { on, approved_by } => {
            gates::check_approval(*approved_by)?;
            gates::check_not_before(*on, s.measure.started_on)?;
            s.measure.disapproved = true;
            s.measure.ended_on = Some(*on);
            notes.push((
                "不予批准，立即解除 / not approved: released at once".into(),
                "行政机关负责人认为不应当采取该行政强制措施，已立即解除（行政强制法第十九条）。"
                    .into(),
            ));
            s.stage = Stage::Closure;
            Ok(Some(*on))
        }
        C::ExtendMeasure { on, approved_by } => {
            gates::check_approval(*approved_by)?;
            // 行政强制法 art. 25: listed with the deadline as an extension, like any other.
            extend(
                s,
                DeadlineKind::SeizureEnd,
                *approved_by,
                "行政强制法第二十五条：情况复杂，经行政机关负责人批准延长查封、扣押期限",
                *on,
                ctx,
            )?;
            Ok(Some(*on))
        }
        C::EndMeasure { on } => {
            gates::check_not_before(*on, s.measure.started_on)?;
            s.measure.ended_on = Some(*on);
            s.stage = Stage::Closure;
            Ok(Some(*on))
        }
        C::Close { on } => {
            s.closed_on = Some(*on);
            s.stage = Stage::Archive;
            Ok(Some(*on))
        }
        C::Archive { file_override } => {
            if !ctx.file_complete {
                let o = gates::check_override(file_override.as_ref())
                    .map_err(|_| RuleViolation::FileIncomplete)?;
                notes.push((
                    "案卷不完整经批准归档 / archived incomplete on approval".into(),
                    o.reason.clone(),
                ));
            }
            s.archived_at = Some(now);
            Ok(None)
        }
    }
}

/// The stage machine's own extension (`extend_review`, `extend_measure`): the full length the
/// settings allow for `deadline`, recorded as a `periods::Extension` with its approver.
fn extend(
    s: &mut CaseState,
    deadline: DeadlineKind,
    approved_by: Option<super::officer::OfficerId>,
    reason: &str,
    on: chrono::NaiveDate,
    ctx: &GateContext<'_>,
) -> Result<(), RuleViolation> {
    let exhausted = |_| RuleViolation::ExtensionExhausted;
    let rule = periods::extension_rule(ctx.settings, deadline).map_err(exhausted)?;
    let days = periods::check_extension(s, rule, rule.max_days).map_err(exhausted)?;
    periods::record_extension(
        s,
        periods::Extension {
            deadline,
            days,
            approved_by,
            reason: reason.to_owned(),
            on,
        },
        rule,
    );
    Ok(())
}

/// `complete` at each stage that has it.
fn complete(
    s: &mut CaseState,
    ctx: &GateContext<'_>,
    today: chrono::NaiveDate,
    on: chrono::NaiveDate,
) -> Result<Option<chrono::NaiveDate>, RuleViolation> {
    s.stage = match s.stage {
        Stage::Investigation => Stage::InvestigationReport,
        Stage::InvestigationReport => after_response(s),
        Stage::Notice | Stage::Statement => {
            check_response_over(s, ctx, today)?;
            after_response(s)
        }
        Stage::Hearing => after_response(s),
        Stage::LegalReview => {
            if !ctx.legal_review_approved {
                return Err(RuleViolation::LegalReviewMissing);
            }
            s.legal_review_done_on = Some(on);
            after_review(s)
        }
        Stage::CollectiveDeliberation => {
            if !ctx.deliberation_recorded {
                return Err(RuleViolation::DeliberationMissing);
            }
            s.deliberation_done_on = Some(on);
            Stage::Decision
        }
        Stage::Task => Stage::OnSiteInspection,
        Stage::OnSiteInspection => {
            gates::check_officers(ctx, on)?;
            // The inspection is written up (检查笔录) before the stage ends (行政处罚法 art. 55).
            if !ctx.on_site_record {
                return Err(RuleViolation::OnSiteRecordMissing);
            }
            gates::check_video(Activity::OnSiteInspection, ctx)?;
            s.inspected_on = Some(on);
            Stage::Result
        }
        Stage::Application => {
            // The application is received: the acceptance period runs (行政许可法 art. 32).
            s.licence.received_on = Some(on);
            Stage::Acceptance
        }
        Stage::Review => Stage::Decision,
        other => {
            return Err(RuleViolation::InvalidTransition {
                stage: other,
                action: Action::Complete,
            })
        }
    };
    Ok(Some(on))
}
