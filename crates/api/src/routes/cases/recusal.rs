//! `POST /cases/{id}/recusals`: an officer withdraws from a case (回避, 行政处罚法 art. 43).

use super::{view, CaseWorker};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::cases::CaseDetail;
use sanxiang_api_types::recusals::RecordRecusal;
use sanxiang_domain::account::Role;
use sanxiang_domain::case::{decide_recusal, gates, OfficerId, RecordKind, Recusal, RecusalSource};
use sanxiang_persistence::cases::{self, NewRecord, RecusalWrite};
use sanxiang_persistence::{officers, StoreError};
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

/// Records a recusal: an officer of the case declaring their own conflict withdraws; the party's
/// request is decided by the agency head. A withdrawn officer is taken off the case (the
/// handling officer passes to the replacement or to another officer of the case) and can never
/// act in it or be assigned to it again (`officer_withdrawn`). One transaction with its record.
#[utoipa::path(tag = "cases", security(("bearer" = [])), request_body = RecordRecusal,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Recorded", body = CaseDetail),
    (status = 403, description = "`forbidden`: the party's request is decided by the agency head; an officer declares only their own conflict", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such case in your agency", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`version_conflict` or `case_archived`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`officer_withdrawn` (already withdrawn, or named as replacement), `reason_required`, `date_out_of_order`, `validation_failed`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/recusals")]
pub async fn record_recusal(
    auth: Auth<CaseWorker>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<RecordRecusal>,
) -> Result<web::Json<CaseDetail>, ApiError> {
    let b = body.0;
    let agency_id = auth.agency_id();
    let case = cases::get_case(&state.db, &[agency_id], id.into_inner()).await?;
    if case.state.archived_at.is_some() {
        return Err(ApiError::bare(ErrorCode::CaseArchived));
    }
    if case.version != b.expected_version {
        return Err(ApiError::version_conflict(format!(
            "The case is at version {}, not {}: reload it.",
            case.version, b.expected_version
        )));
    }
    // Art. 43: the officer withdraws of their own motion; the party's request is the head's.
    let me = auth.user.id;
    let own = b.source == RecusalSource::Officer && b.officer_id == me;
    if !own && !auth.user.has_role(Role::Approver) {
        return Err(ApiError::forbidden(
            "当事人申请回避的，由行政机关负责人决定；执法人员只能就本人申请回避（行政处罚法第四十三条）。",
        ));
    }
    if own && !b.granted {
        return Err(ApiError::field(
            "granted",
            "an officer's own recusal withdraws them",
        ));
    }
    if !case.officer_ids.contains(&b.officer_id) {
        return Err(ApiError::field(
            "officer_id",
            "must be an officer of this case",
        ));
    }
    let named: Vec<Uuid> = std::iter::once(b.officer_id)
        .chain(b.replacement_officer_id)
        .collect();
    let found = match officers::acting_officers(&state.db, agency_id, &named).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => {
            return Err(ApiError::field(
                "replacement_officer_id",
                "must be an officer of your agency",
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let Some(officer) = found.iter().find(|o| o.id.0 == b.officer_id) else {
        return Err(ApiError::field(
            "officer_id",
            "must be an officer of your agency",
        ));
    };
    let recusal = Recusal {
        officer: OfficerId(b.officer_id),
        source: b.source,
        ground: b.ground,
        reason: b.reason.clone(),
        raised_on: b.raised_on,
        decided_by: OfficerId(me),
        decided_on: b.decided_on,
        granted: b.granted,
    };
    let (next, text) =
        decide_recusal(&case.state, officer, recusal).map_err(|v| ApiError::rule(&v))?;
    // The assignment of a replacement: never an officer who withdrew from this case.
    let replacement: Vec<_> = found
        .iter()
        .filter(|o| Some(o.id.0) == b.replacement_officer_id)
        .cloned()
        .collect();
    gates::check_not_withdrawn(&next, &replacement).map_err(|v| ApiError::rule(&v))?;
    let handling = if b.granted && case.handling_officer_id == b.officer_id {
        b.replacement_officer_id
            .or_else(|| {
                case.officer_ids
                    .iter()
                    .copied()
                    .find(|o| *o != b.officer_id)
            })
            .ok_or_else(|| {
                ApiError::field(
                    "replacement_officer_id",
                    "name the officer who takes over the case",
                )
            })?
    } else {
        case.handling_officer_id
    };
    let write = RecusalWrite {
        expected_version: b.expected_version,
        state: next,
        withdrawn: b.granted.then_some(b.officer_id),
        replacement: b.replacement_officer_id.filter(|_| b.granted),
        handling_officer_id: handling,
        record: NewRecord {
            stage: case.state.stage,
            kind: RecordKind::Document,
            action: None,
            document_type: Some("recusal_decision".into()),
            activity: None,
            title: "回避决定".into(),
            body: text,
            officers_present: vec![me],
            occurred_at: super::list::day_start(b.decided_on),
            place: None,
            corrects: None,
            correction_reason: None,
            attachments: vec![],
            persons_named: vec![],
        },
        created_by: me,
    };
    let moved = cases::record_recusal(&state.db, agency_id, case.id, write, state.now()).await?;
    tracing::info!(case_id = %moved.id, "recusal recorded");
    Ok(web::Json(view::detail_for(&state, &auth, moved).await?))
}
