use super::{view, CaseWorker};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::routes::review::{gate as review_gate, view as review_view};
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::cases::{CaseDetail, TransitionRequest};
use sanxiang_domain::account::Role;
use sanxiang_domain::case::progress::outcome_code;
use sanxiang_domain::case::{
    case_deadlines, decide, CaseAct, CaseFlags, CaseKind, Command, GateContext, InspectionResult,
    OfficerId, Outcome, Override, RecordKind, Stage,
};
use sanxiang_domain::party::{PartyId, PartyKind};
use sanxiang_persistence::cases::{self, NewRecord, TransitionWrite};
use sanxiang_persistence::review as review_store;
use sanxiang_persistence::{accounts, officers, StoreError};
use uuid::Uuid;

/// The approvals a command claims: agency heads named in `approved_by` and override approvers.
fn approvals(cmd: &Command) -> (Vec<OfficerId>, Vec<&Override>) {
    match cmd {
        Command::PreserveEvidence { approved_by, .. }
        | Command::ExtendReview { approved_by, .. }
        | Command::ApproveMeasure { approved_by, .. }
        | Command::DisapproveMeasure { approved_by, .. }
        | Command::ExtendMeasure { approved_by, .. }
        | Command::ApproveDeferral { approved_by, .. }
        | Command::ApproveInstalments { approved_by, .. } => {
            (approved_by.iter().copied().collect(), vec![])
        }
        Command::File {
            limitation_override,
            ..
        } => (vec![], limitation_override.iter().collect()),
        Command::Archive { file_override } => (vec![], file_override.iter().collect()),
        _ => (vec![], vec![]),
    }
}

/// Moves a case by one command of its stage machine. The domain checks the order and every gate
/// (certified officers, limitation, notice, hearing, simplified-procedure limits, video, …); a
/// refusal names the rule. Optimistic concurrency: a stale `expected_version` is 409
/// `version_conflict`. The new state and its records are written in one transaction.
#[utoipa::path(tag = "cases", security(("bearer" = [])), request_body = TransitionRequest,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Moved", body = CaseDetail),
    (status = 403, description = "Override or approval not in your name", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such case in your agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "The order of the case or the decision gate refused: `invalid_transition`, `version_conflict`, `case_archived`, `extension_exhausted`; deciding without an approving legal review of the current draft `review_required` (行政处罚法 art. 58), a draft changed after approval `review_stale`, no collective deliberation `deliberation_missing` or an incomplete one `deliberation_incomplete` (art. 57); once the agency has document settings (or with `[rules] documents_required = true`), an act whose document was not issued `document_required` (the 告知书, 决定书 or 送达回证: art. 44, 59, 61)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "A gate refused: officers `too_few_officers`, `certificate_invalid`, `officer_withdrawn` (art. 42, 43); filing `limitation_expired`, `override_reason_required` (art. 36); notice `notice_missing`, `heavier_than_noticed`, `statement_period_open` (art. 44, 45, 62); hearing `no_hearing_right`, `hearing_request_late`, `hearing_notice_too_short`, `hearing_presider_conflict`, `hearing_not_scheduled`, `hearing_not_held` (art. 63, 64); decision `already_fined` (art. 29), `party_under_fourteen` (art. 30), `no_penalty_ground_missing` (art. 30, 31, 33, 36), `simplified_amount_exceeded`, `procedure_not_applicable` (art. 51); records `video_required`, `on_site_record_missing`, `approval_required`, `preservation_undecided`, `e_service_consent_missing`, `file_incomplete`; execution and measures `seizure_list_missing`, `on_spot_collection_not_allowed`, `receipt_missing`, `payment_exceeds_outstanding`, `instalments_invalid`, `remedy_period_open`, `correction_items_missing`; values `amount_invalid`, `date_out_of_order`, `calendar_gap`, `validation_failed`", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/transitions")]
pub async fn transition(
    auth: Auth<CaseWorker>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<TransitionRequest>,
) -> Result<web::Json<CaseDetail>, ApiError> {
    let req = body.0;
    let agency_id = auth.agency_id();
    let case = cases::get_case(&state.db, &[agency_id], id.into_inner()).await?;
    super::duty::require(&state, &auth, &case, CaseAct::Run(req.command.action())).await?;
    if case.version != req.expected_version {
        return Err(ApiError::new(
            ErrorCode::VersionConflict,
            format!(
                "The case is at version {}, not {}: reload it.",
                case.version, req.expected_version
            ),
        ));
    }
    // Overrides and approvals are given by an approver, in their own name.
    let (approved_by, overrides) = approvals(&req.command);
    for o in overrides {
        if o.approver.0 != auth.user.id || !auth.user.has_role(Role::Approver) {
            return Err(ApiError::forbidden(
                "Only an approver (机关负责人) can override, in their own name.",
            ));
        }
    }
    for a in approved_by {
        match accounts::get_user(&state.db, a.0).await {
            Ok(u) if u.agency_id == agency_id && u.active && u.has_role(Role::Approver) => {}
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ApiError::field(
                    "command.approved_by",
                    "must be an approver of your agency",
                ))
            }
            Err(e) => return Err(e.into()),
        }
    }
    // A referral links the inspection to an existing penalty case of the agency.
    if let Command::RecordResult {
        result: InspectionResult::ReferToPenalty { penalty_case },
        ..
    } = &req.command
    {
        match cases::get_case(&state.db, &[agency_id], *penalty_case).await {
            Ok(p) if p.kind == CaseKind::Penalty => {}
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ApiError::field(
                    "command.result.penalty_case",
                    "must be a penalty case of your agency",
                ))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let officer_ids = if req.officer_ids.is_empty() {
        case.officer_ids.clone()
    } else {
        req.officer_ids.clone()
    };
    let acting = match officers::acting_officers(&state.db, agency_id, &officer_ids).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => {
            return Err(ApiError::field(
                "officer_ids",
                "every acting officer must be an officer of your agency",
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let cal = view::calendar(&state).await?;
    let settings = view::settings(&state);
    crate::documents::require_documents(&state, &settings, &case, &req.command).await?;
    let records = cases::timeline(&state.db, case.id).await?;
    let on_file = cases::document_types(&state.db, case.id).await?;
    let in_stage: Vec<_> = records
        .iter()
        .filter(|r| r.stage == case.state.stage)
        .collect();
    let mut ctx = GateContext::new(&settings, &cal, case.category.clone());
    ctx.officers = acting;
    ctx.investigators = case.officer_ids.iter().map(|u| OfficerId(*u)).collect();
    // An officer who withdrew from the case (art. 43) investigated it all the same.
    ctx.investigators.extend(
        case.state
            .recusals
            .iter()
            .filter(|r| r.granted)
            .map(|r| r.officer),
    );
    ctx.party_born_on = match (&case.party.kind, &case.party.id) {
        (PartyKind::NaturalPerson, Some(PartyId::ResidentId(id))) => Some(id.birth_date()),
        _ => None,
    };
    ctx.videos = in_stage
        .iter()
        .filter(|r| r.kind == RecordKind::Video)
        .filter_map(|r| r.activity)
        .collect();
    ctx.on_site_record = in_stage.iter().any(|r| r.kind == RecordKind::Transcript);
    // Legal review and deliberation come from their store, not from document types.
    let snap = review_store::gate_snapshot_now(&state.db, case.id).await?;
    let gate_input = review_gate::input(&state, &case).await?;
    let decide_gate = match &req.command {
        Command::Decide { on, outcome } if review_gate::applies(&case, case.state.stage) => {
            // The answer the officer sees; re-checked in the deciding transaction below.
            review_gate::check(&gate_input, &snap, outcome, *on)?;
            Some((outcome.clone(), *on))
        }
        _ => None,
    };
    ctx.legal_review_approved = decide_gate.is_some() || review_gate::review_approved(&snap);
    ctx.deliberation_recorded = snap.deliberation.is_some();
    // One act, one fine (行政处罚法 art. 29): only a fine needs the agency's other fines.
    if let Command::Decide {
        on,
        outcome: Outcome::Penalty { sanction },
    } = &req.command
    {
        if sanction.fine_fen > 0 {
            ctx.act = super::acts::illegal_act(&case, Some(*on));
            if ctx.act.is_some() {
                ctx.fines_decided = super::acts::fines_decided(&state, &case).await?;
            }
        }
    }
    ctx.e_service_consent = on_file.contains("e_service_consent");
    ctx.file_complete = state
        .config
        .file_standard
        .score(&case.state, &on_file)
        .complete;
    let t = state.now();
    let mut decision =
        decide(&case.state, &req.command, &ctx, t).map_err(|v| ApiError::rule(&v))?;
    let reaches_decision = decision.state.stage != case.state.stage
        && matches!(
            decision.state.stage,
            Stage::LegalReview | Stage::CollectiveDeliberation | Stage::Decision
        );
    let mut new_records: Vec<NewRecord> = decision
        .records
        .into_iter()
        .map(|d| NewRecord {
            stage: d.stage,
            kind: d.kind,
            action: Some(d.action),
            document_type: None,
            activity: None,
            title: d.title,
            body: d.text,
            officers_present: officer_ids.clone(),
            occurred_at: d.occurred_on.and_then(super::list::day_start),
            place: None,
            corrects: None,
            correction_reason: None,
            attachments: vec![],
            persons_named: vec![],
        })
        .collect();
    if reaches_decision && case.kind == CaseKind::Penalty {
        // Flagging when the case reaches the decision stages, recorded in the case's log.
        let draft = review_gate::stage_draft(&case, &decision.state, snap.review.as_ref());
        let f = review_gate::flagging(
            &gate_input,
            snap.review.as_ref().map(|s| &s.review),
            snap.review.as_ref().map(|s| &s.flagging),
            &draft,
        );
        // What the flagging requires is the case's requirement from now on: the stage bar
        // shows it as to do (行政处罚法 art. 57, 58).
        decision.state.join_flags(CaseFlags {
            legal_review_required: f.review_required,
            collective_deliberation_required: f.deliberation_required,
        });
        new_records.push(review_view::flagging_record(
            case.state.stage,
            &f,
            "decision_stage",
        ));
    }
    // A decision worth publishing gets its disclosure draft in the same transaction. Its legal
    // basis is the issued 决定书's (行政处罚法 art. 59 (三)): nobody types it again; without one,
    // the reviewed draft's.
    let mut legal_basis =
        review_gate::stage_draft(&case, &decision.state, snap.review.as_ref()).legal_basis;
    if let Some(basis) = crate::documents::decision_basis(&state, &case).await? {
        legal_basis = basis;
    }
    let draft = crate::routes::disclosure::draft::for_transition(
        &state,
        &case,
        &case.state,
        &decision.state,
        legal_basis,
    )
    .await?;
    let deadlines = case_deadlines(&decision.state, &settings, &cal);
    let write = TransitionWrite {
        expected_version: req.expected_version,
        outcome: outcome_code(&decision.state).map(str::to_owned),
        next_due_on: view::next_due(&deadlines),
        state: decision.state,
        records: new_records,
        created_by: auth.user.id,
    };
    let moved = match (decide_gate, draft) {
        (None, None) => cases::transition(&state.db, agency_id, case.id, write, t).await?,
        (gate, draft) => {
            let case_id = case.id;
            cases::transition_checked(&state.db, agency_id, case_id, write, t, move |tx| {
                Box::pin(async move {
                    if let Some((outcome, on)) = gate {
                        // Re-read inside the transaction that writes the decision (case row locked).
                        let snap = review_store::gate_snapshot(tx, case_id).await?;
                        review_gate::check(&gate_input, &snap, &outcome, on)?;
                    }
                    if let Some(d) = draft {
                        sanxiang_persistence::disclosure::decisions::create_draft_in(tx, d, t)
                            .await?;
                    }
                    Ok::<(), ApiError>(())
                })
            })
            .await?
        }
    };
    tracing::info!(case_id = %moved.id, stage = %moved.state.stage, "case moved");
    Ok(web::Json(view::detail_for(&state, &auth, moved).await?))
}
