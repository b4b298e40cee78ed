use super::{view, CaseWorker};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use sanxiang_api_types::cases::{CreateRecord, Record};
use sanxiang_domain::calendar::china_date;
use sanxiang_domain::case::{
    gates, CaseAct, GateContext, OfficerId, PersonNamed, RecordKind, RuleViolation, Stage,
};
use sanxiang_persistence::cases::{self, AppendError, AppendJob, AttachmentMeta, NewRecord};
use sanxiang_persistence::{accounts, blob, officers, StoreError};
use uuid::Uuid;

/// Document types only the legal-review and recusal workflows write: the file standard counts
/// them, so a hand-made record must not stand in for a reviewer's opinion, a deliberation or a
/// recusal decision (行政处罚法 art. 43).
const SYSTEM_DOCUMENT_TYPES: [&str; 4] = [
    "legal_review_opinion",
    "deliberation_record",
    "review_flagging",
    "recusal_decision",
];

/// Appends a record (transcript, document, photo, audio, video, note, signature) to the case's
/// file, at its current stage. Records are never changed: a correction is a new record of kind
/// `correction` that names the record it corrects and why.
#[utoipa::path(tag = "cases", security(("bearer" = [])), request_body = CreateRecord,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 201, description = "Recorded", body = Record),
    (status = 403, description = "Only the case's handling officers add to its file", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such case in your agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "The case is archived (`case_archived`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid record (`validation_failed`); a transcript made by fewer than two certified officers (`too_few_officers`, `certificate_invalid`: 行政处罚法 art. 42, 55); an officer present who withdrew from the case (`officer_withdrawn`, art. 43)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/records")]
pub async fn create_record(
    auth: Auth<CaseWorker>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<CreateRecord>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let agency_id = auth.agency_id();
    let case_id = id.into_inner();
    let case = cases::get_case(&state.db, &[agency_id], case_id).await?;
    super::duty::require(&state, &auth, &case, CaseAct::AppendRecord).await?;
    if b.document_type
        .as_deref()
        .is_some_and(|d| SYSTEM_DOCUMENT_TYPES.contains(&d.trim()))
    {
        return Err(ApiError::field(
            "document_type",
            "this document is written by the review and deliberation workflow, not by hand",
        ));
    }
    if b.kind == RecordKind::Transition {
        return Err(ApiError::field(
            "kind",
            "transition records are written by the stage machine",
        ));
    }
    match (
        b.kind == RecordKind::Correction,
        b.corrects,
        b.correction_reason.as_deref(),
    ) {
        (true, Some(target), Some(reason)) if !reason.trim().is_empty() => {
            if !cases::record_in_case(&state.db, agency_id, case_id, target).await? {
                return Err(ApiError::field("corrects", "no such record in this case"));
            }
        }
        (true, _, _) => {
            return Err(ApiError::field(
                "corrects",
                "a correction names the record it corrects and the reason",
            ))
        }
        (false, None, None) => {}
        (false, _, _) => {
            return Err(ApiError::field(
                "kind",
                "use kind `correction` to correct a record",
            ))
        }
    }
    if b.activity.is_some() && !matches!(b.kind, RecordKind::Video | RecordKind::Audio) {
        return Err(ApiError::field(
            "activity",
            "only audio and video records film an activity",
        ));
    }
    for uid in &b.officer_ids_present {
        match accounts::get_user(&state.db, *uid).await {
            // 行政处罚法 art. 43: an officer who withdrew takes part in nothing of the case.
            Ok(u) if u.agency_id == agency_id && case.state.has_withdrawn(OfficerId(u.id)) => {
                return Err(ApiError::rule(&RuleViolation::OfficerWithdrawn {
                    officer: OfficerId(u.id),
                    name: u.display_name,
                }))
            }
            Ok(u) if u.agency_id == agency_id => {}
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ApiError::field(
                    "officer_ids_present",
                    "must be users of your agency",
                ))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let shas: Vec<String> = b
        .attachments
        .iter()
        .map(|a| a.sha256.to_ascii_lowercase())
        .collect();
    let owned = blob::owned_blobs(&state.db, agency_id, &shas).await?;
    let mut attachments = Vec::new();
    for (a, sha) in b.attachments.iter().zip(&shas) {
        let meta = owned.get(sha).ok_or_else(|| {
            ApiError::field(
                "attachments",
                format!("unknown file {sha}: upload it first"),
            )
        })?;
        if !attachments
            .iter()
            .any(|x: &AttachmentMeta| &x.sha256 == sha)
        {
            attachments.push(AttachmentMeta {
                sha256: sha.clone(),
                file_name: a.file_name.clone(),
                content_type: meta.content_type.clone(),
                size: meta.size,
            });
        }
    }
    if matches!(
        b.kind,
        RecordKind::Video | RecordKind::Audio | RecordKind::Photo
    ) && !attachments.iter().any(|a| {
        a.content_type.starts_with(match b.kind {
            RecordKind::Video => "video/",
            RecordKind::Audio => "audio/",
            _ => "image/",
        })
    }) {
        return Err(ApiError::field(
            "attachments",
            "a photo, audio or video record needs a file of that type",
        ));
    }
    // Persons named: validated and normalised by the domain (a maskable name, a valid id).
    let persons_named = PersonNamed::parse_all(b.persons_named.clone())
        .map_err(|e| ApiError::field("persons_named", e.to_string()))?;
    let present = officers_present(&state, &case, &b, auth.user.id).await?;
    let r = NewRecord {
        // Replaced by the case's stage inside the appending transaction.
        stage: Stage::Filing,
        kind: b.kind,
        action: None,
        document_type: b.document_type.map(|d| d.trim().to_owned()),
        activity: b.activity,
        title: b.title.trim().to_owned(),
        body: b.text,
        officers_present: present,
        occurred_at: b.occurred_at,
        place: b.place,
        corrects: b.corrects,
        correction_reason: b.correction_reason,
        attachments,
        persons_named,
    };
    let job = AppendJob {
        agency_id,
        case_id,
        record: r,
        created_by: auth.user.id,
    };
    let stored = state.appender.append(job).await.map_err(|e| match e {
        AppendError::Archived => ApiError::new(
            ErrorCode::CaseArchived,
            "The case is archived; its file can no longer change.",
        ),
        AppendError::WriterStopped => ApiError::internal(anyhow::anyhow!("{e}")),
        AppendError::Store(e) => e.into(),
    })?;
    let mut out = view::records(&state, vec![stored], false).await?;
    let rec = out
        .pop()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("record vanished")))?;
    Ok(HttpResponse::Created().json(rec))
}

/// Who was present. A transcript (询问笔录, 现场检查笔录) is made by at least two officers holding
/// a valid enforcement certificate for the case's category on the day (行政处罚法 art. 42, 55;
/// 行政强制法 art. 18; `RuleSettings::min_officers`); without a list, the case's assigned officers
/// are the ones present, as for a transition. Other records name the recording officer by default.
async fn officers_present(
    state: &AppState,
    case: &cases::StoredCase,
    b: &CreateRecord,
    me: Uuid,
) -> Result<Vec<Uuid>, ApiError> {
    if b.kind != RecordKind::Transcript {
        return Ok(if b.officer_ids_present.is_empty() {
            vec![me]
        } else {
            b.officer_ids_present.clone()
        });
    }
    let present = if b.officer_ids_present.is_empty() {
        case.officer_ids.clone()
    } else {
        b.officer_ids_present.clone()
    };
    let acting = match officers::acting_officers(&state.db, case.agency_id, &present).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => {
            return Err(ApiError::field(
                "officer_ids_present",
                "every officer present must be an enforcement officer of your agency",
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let settings = view::settings(state);
    let cal = view::calendar(state).await?;
    let mut ctx = GateContext::new(&settings, &cal, case.category.clone());
    ctx.officers = acting;
    let on = china_date(b.occurred_at.unwrap_or_else(|| state.now()));
    gates::check_officers(&ctx, on).map_err(|v| ApiError::rule(&v))?;
    Ok(present)
}
