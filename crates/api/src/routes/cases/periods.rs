//! `POST /cases/{id}/periods`: records an extension or a suspension of one of a case's deadlines.

use super::{view, CaseWorker};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::cases::CaseDetail;
use sanxiang_api_types::periods::PeriodRequest;
use sanxiang_domain::account::Role;
use sanxiang_domain::case::{adjust_period, case_deadlines, CaseAct, PeriodContext, RecordKind};
use sanxiang_persistence::cases::{self, NewRecord, TransitionWrite};
use sanxiang_persistence::{accounts, StoreError};
use uuid::Uuid;

/// Records one adjustment of a running deadline, in the case's file: an extension approved by
/// the agency head named in `approved_by` (行政处罚法 art. 60; 行政许可法 art. 42; 行政强制法
/// art. 25 — which deadlines, how long and how often are settings), or the start or end of a
/// period not counted (hearing, testing, announcement, expert review: 行政许可法 art. 45;
/// 行政强制法 art. 25). The deadline is then shown as base period + extensions + suspensions,
/// each listed. Recorded by the case's handling officers; the new state and its record are
/// written in one transaction.
#[utoipa::path(tag = "cases", security(("bearer" = [])), request_body = PeriodRequest,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Recorded; the case with its adjusted deadlines", body = CaseDetail),
    (status = 403, description = "Not a handling officer of the case (`forbidden`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such case in your agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "`case_archived`, `deadline_not_running`, `extension_exhausted`, `suspension_open`, `no_open_suspension` or `version_conflict`", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "`not_extendable`, `extension_too_long`, `approval_required`, `not_an_approver`, `reason_required`, `not_suspendable`, `date_out_of_order` or `validation_failed`", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/periods")]
#[tracing::instrument(skip_all, fields(case_id = %id))]
pub async fn record_period(
    auth: Auth<CaseWorker>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<PeriodRequest>,
) -> Result<web::Json<CaseDetail>, ApiError> {
    let req = body.0;
    let agency_id = auth.agency_id();
    let case = cases::get_case(&state.db, &[agency_id], id.into_inner()).await?;
    super::duty::require(&state, &auth, &case, CaseAct::AdjustPeriod).await?;
    // The approver is an active agency head (机关负责人) of this agency, as for other approvals.
    let approver_is_approver = match req.approved_by() {
        Some(a) => match accounts::get_user(&state.db, a).await {
            Ok(u) => u.agency_id == agency_id && u.active && u.has_role(Role::Approver),
            Err(StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        },
        None => false,
    };
    let cal = view::calendar(&state).await?;
    let settings = view::settings(&state);
    let ctx = PeriodContext {
        settings: &settings,
        calendar: &cal,
        approver_is_approver,
    };
    let decision =
        adjust_period(&case.state, &req.command(), &ctx).map_err(|v| ApiError::period(&v))?;
    let deadlines = case_deadlines(&decision.state, &settings, &cal);
    let record = NewRecord {
        stage: case.state.stage,
        kind: RecordKind::Note,
        action: None,
        document_type: None,
        activity: None,
        title: decision.title,
        body: decision.text,
        officers_present: vec![auth.user.id],
        occurred_at: super::list::day_start(decision.on),
        place: None,
        corrects: None,
        correction_reason: None,
        attachments: vec![],
        persons_named: vec![],
    };
    let write = TransitionWrite {
        expected_version: case.version,
        outcome: case.outcome.clone(),
        next_due_on: view::next_due(&deadlines),
        state: decision.state,
        records: vec![record],
        created_by: auth.user.id,
    };
    let moved = cases::transition(&state.db, agency_id, case.id, write, state.now()).await?;
    tracing::info!(case_id = %moved.id, "deadline adjusted");
    Ok(web::Json(view::detail_for(&state, &auth, moved).await?))
}
