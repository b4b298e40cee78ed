//! The review's commands: request, resubmit, assign, answer, adviser opinion, opinion, extend.

use super::view::{self, catalogue_for, catalogues, current_flagging, draft_of, due_on};
use super::{ReviewOffice, ReviewReader, ReviewSubmitter, Reviewer};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::extract::Valid;
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use actix_web::{get, post, web};
use sanxiang_api_types::review::{
    AdviserOpinionInput, AnswerItems, AssignReviewer, ExtendReview, GiveOpinion, OpinionKind,
    ReviewDetail, SubmitReview,
};
use sanxiang_domain::account::{Role, UserAccount};
use sanxiang_domain::case::{OfficerId, RecordKind};
use sanxiang_domain::review::{
    AdviserOpinion, CaseParticipants, Opinion, Review, ReviewerProfile, Submission,
};
use sanxiang_persistence::cases::{self, NewRecord, StoredCase};
use sanxiang_persistence::review::{self as store, ReviewWrite, StoredReview};
use sanxiang_persistence::{accounts, officers, StoreError};
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

async fn load(
    state: &AppState,
    agency_id: Uuid,
    case_id: Uuid,
) -> Result<(StoredCase, StoredReview), ApiError> {
    let case = cases::get_case(&state.db, &[agency_id], case_id).await?;
    let review = store::get_review(&state.db, case.id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((case, review))
}

fn check_version(s: &StoredReview, expected: Option<i32>) -> Result<(), ApiError> {
    match expected {
        Some(v) if v != s.version => Err(ApiError::new(
            ErrorCode::VersionConflict,
            format!(
                "The review is at version {}, not {v}: reload it.",
                s.version
            ),
        )),
        _ => Ok(()),
    }
}

fn not_archived(case: &StoredCase) -> Result<(), ApiError> {
    if case.state.archived_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::CaseArchived,
            "The case is archived; its file can no longer change.",
        ));
    }
    Ok(())
}

/// Stores a command's result under the review's version and answers the detail.
async fn save(
    state: &AppState,
    case: &StoredCase,
    s: &StoredReview,
    next: Review,
    action: &'static str,
    user: &UserAccount,
    records: Vec<NewRecord>,
) -> Result<web::Json<ReviewDetail>, ApiError> {
    let (_, history) = catalogues(state, case.agency_id).await?;
    let catalogue = catalogue_for(&history, next.catalogue_version)?;
    let cal = case_view::calendar(state).await?;
    let w = ReviewWrite {
        flagging: current_flagging(&next, &catalogue),
        due_on: due_on(&next, &view::settings(state), &cal, state.today()),
        review: next,
        action,
        actor: user.id,
        records,
    };
    let saved = store::update_review(&state.db, s.version, w, state.now()).await?;
    Ok(web::Json(view::detail(state, case, &saved, user).await?))
}

fn submission(
    case: &StoredCase,
    b: &SubmitReview,
    records: &[cases::StoredRecord],
    user: Uuid,
    today: chrono::NaiveDate,
) -> Result<Submission, ApiError> {
    Ok(Submission {
        submitted_by: OfficerId(user),
        submitted_on: b.submitted_on.unwrap_or(today),
        materials: view::materials_of(&b.materials, records)?,
        draft: draft_of(&b.draft, case.party.kind),
    })
}

fn on_case(case: &StoredCase, user: Uuid) -> Result<(), ApiError> {
    if case.officer_ids.contains(&user) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Only an officer of the case submits it for review.",
        ))
    }
}

/// The review of a case with every round, its checklist, opinions and the diff between rounds.
#[utoipa::path(tag = "review", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "The review", body = ReviewDetail),
    (status = 404, description = "No such case, or no review requested", body = Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{id}/review")]
pub async fn get_review(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<ReviewDetail>, ApiError> {
    let (case, s) = load(&state, auth.agency_id(), id.into_inner()).await?;
    Ok(web::Json(
        view::detail(&state, &case, &s, &auth.user).await?,
    ))
}

/// The handling officer's review request (round 1): materials (records of the case) and the
/// draft decision. The draft is flagged against the catalogue version in force today; the
/// result and the version are recorded in the case's log (`review_flagging`).
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = SubmitReview,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 201, description = "Requested", body = ReviewDetail),
    (status = 403, description = "Not an officer of the case", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A review already exists (`conflict`: resubmit instead)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`materials_missing` or invalid input", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/review")]
pub async fn request_review(
    auth: Auth<ReviewSubmitter>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<SubmitReview>,
) -> Result<(web::Json<ReviewDetail>, actix_web::http::StatusCode), ApiError> {
    let b = body.0;
    let case = cases::get_case(&state.db, &[auth.agency_id()], id.into_inner()).await?;
    not_archived(&case)?;
    on_case(&case, auth.user.id)?;
    let records = cases::timeline(&state.db, case.id).await?;
    let sub = submission(&case, &b, &records, auth.user.id, state.today())?;
    let discretion =
        view::discretion_flags(&state, case.agency_id, &sub.draft, sub.submitted_on).await?;
    let (_, history) = catalogues(&state, case.agency_id).await?;
    let catalogue = history
        .in_force_on(sub.submitted_on)
        .or_else(|| history.latest())
        .cloned()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no catalogue")))?;
    let review = Review::request(case.id, case.agency_id, catalogue.version, sub)
        .map_err(|v| ApiError::review(&v))?;
    let flagging = current_flagging(&review, &catalogue);
    let cal = case_view::calendar(&state).await?;
    let w = ReviewWrite {
        flagging: flagging.clone(),
        due_on: due_on(&review, &view::settings(&state), &cal, state.today()),
        review,
        action: "request",
        actor: auth.user.id,
        records: vec![view::flagging_record_with(
            case.state.stage,
            &flagging,
            &discretion,
            "review_request",
        )],
    };
    let saved = match store::create_review(&state.db, w, state.now()).await {
        Err(StoreError::Conflict("review_exists")) => {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "A review of this case exists: resubmit it instead.",
            ))
        }
        r => r?,
    };
    Ok((
        web::Json(view::detail(&state, &case, &saved, &auth.user).await?),
        actix_web::http::StatusCode::CREATED,
    ))
}

/// The handling officer's corrected submission after `problems_found` (or a changed draft after
/// approval): a new round, numbered, with its own checklist. Flagging is recorded again.
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = SubmitReview,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Resubmitted", body = ReviewDetail),
    (status = 404, description = "No such case or review", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`invalid_transition` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/review/resubmissions")]
pub async fn resubmit(
    auth: Auth<ReviewSubmitter>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<SubmitReview>,
) -> Result<web::Json<ReviewDetail>, ApiError> {
    let b = body.0;
    let (case, s) = load(&state, auth.agency_id(), id.into_inner()).await?;
    not_archived(&case)?;
    on_case(&case, auth.user.id)?;
    check_version(&s, b.expected_version)?;
    let records = cases::timeline(&state.db, case.id).await?;
    let sub = submission(&case, &b, &records, auth.user.id, state.today())?;
    let discretion =
        view::discretion_flags(&state, case.agency_id, &sub.draft, sub.submitted_on).await?;
    let next = s.review.resubmit(sub).map_err(|v| ApiError::review(&v))?;
    let (_, history) = catalogues(&state, case.agency_id).await?;
    let catalogue = catalogue_for(&history, next.catalogue_version)?;
    let flagging = current_flagging(&next, &catalogue);
    let rec = view::flagging_record_with(
        case.state.stage,
        &flagging,
        &discretion,
        "review_resubmission",
    );
    save(&state, &case, &s, next, "resubmit", &auth.user, vec![rec]).await
}

/// Assigns a legal reviewer: a `legal_reviewer` of the agency who did not handle or investigate
/// the case (`reviewer_conflict`), holding the legal profession qualification if first reviewer
/// (`reviewer_unqualified`). The review clock starts.
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = AssignReviewer,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Assigned", body = ReviewDetail),
    (status = 409, description = "`invalid_transition` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`reviewer_conflict`, `reviewer_unqualified`, `reviewer_not_eligible`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/review/assignment")]
pub async fn assign(
    auth: Auth<ReviewOffice>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<AssignReviewer>,
) -> Result<web::Json<ReviewDetail>, ApiError> {
    let b = body.0;
    let (case, s) = load(&state, auth.agency_id(), id.into_inner()).await?;
    not_archived(&case)?;
    check_version(&s, b.expected_version)?;
    let u = match accounts::get_user(&state.db, b.reviewer_id).await {
        Ok(u) => u,
        Err(StoreError::NotFound) => {
            return Err(ApiError::field("reviewer_id", "no such user"));
        }
        Err(e) => return Err(e.into()),
    };
    let (legal_qualification, since) = officers::reviewer_standing(&state.db, u.id).await?;
    let profile = ReviewerProfile {
        id: OfficerId(u.id),
        agency_id: u.agency_id,
        is_legal_reviewer: u.active && u.has_role(Role::LegalReviewer),
        legal_qualification,
        newly_appointed: sanxiang_domain::review::newly_engaged(since),
    };
    let participants = CaseParticipants {
        handlers: vec![OfficerId(case.handling_officer_id)],
        investigators: case.officer_ids.iter().map(|x| OfficerId(*x)).collect(),
    };
    let next = s
        .review
        .assign(&profile, &participants, state.today())
        .map_err(|v| ApiError::review(&v))?;
    save(&state, &case, &s, next, "assign", &auth.user, vec![]).await
}

/// The assigned reviewer answers checklist items (pass / problem with a comment).
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = AnswerItems,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Answered", body = ReviewDetail),
    (status = 403, description = "`not_assigned_reviewer`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`comment_required`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/review/answers")]
pub async fn answer(
    auth: Auth<Reviewer>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<AnswerItems>,
) -> Result<web::Json<ReviewDetail>, ApiError> {
    let b = body.0;
    let (case, s) = load(&state, auth.agency_id(), id.into_inner()).await?;
    not_archived(&case)?;
    check_version(&s, b.expected_version)?;
    let mut next = s.review.clone();
    for a in &b.answers {
        next = next
            .answer_item(
                OfficerId(auth.user.id),
                a.item,
                a.finding,
                a.comment.clone(),
            )
            .map_err(|v| ApiError::review(&v))?;
    }
    save(&state, &case, &s, next, "answer", &auth.user, vec![]).await
}

/// The assigned reviewer attaches a legal adviser's written opinion.
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = AdviserOpinionInput,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Attached", body = ReviewDetail),
    (status = 403, description = "`not_assigned_reviewer`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/review/adviser-opinion")]
pub async fn adviser_opinion(
    auth: Auth<Reviewer>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<AdviserOpinionInput>,
) -> Result<web::Json<ReviewDetail>, ApiError> {
    let b = body.0;
    let (case, s) = load(&state, auth.agency_id(), id.into_inner()).await?;
    not_archived(&case)?;
    check_version(&s, b.expected_version)?;
    let next = s
        .review
        .attach_adviser_opinion(
            OfficerId(auth.user.id),
            AdviserOpinion {
                adviser: b.adviser,
                text: b.text,
                material_id: b.material_id.map(|m| m.to_string()),
            },
        )
        .map_err(|v| ApiError::review(&v))?;
    save(
        &state,
        &case,
        &s,
        next,
        "adviser_opinion",
        &auth.user,
        vec![],
    )
    .await
}

/// The written opinion: `approve` (同意) or `problems_found` (存在问题) with what must change.
/// All 11 items must be answered (`checklist_incomplete`). An approval is recorded on the case
/// file as a `legal_review_opinion`; a return as a note.
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = GiveOpinion,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Given", body = ReviewDetail),
    (status = 403, description = "`not_assigned_reviewer`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`checklist_incomplete`, `changes_required`, `approval_with_problems`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/review/opinion")]
pub async fn give_opinion(
    auth: Auth<Reviewer>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<GiveOpinion>,
) -> Result<web::Json<ReviewDetail>, ApiError> {
    let b = body.0;
    let (case, s) = load(&state, auth.agency_id(), id.into_inner()).await?;
    not_archived(&case)?;
    check_version(&s, b.expected_version)?;
    let opinion = match b.opinion {
        OpinionKind::Approve => Opinion::Approve,
        OpinionKind::ProblemsFound => Opinion::ProblemsFound {
            must_change: b.must_change.clone(),
        },
    };
    let on = b.on.unwrap_or_else(|| state.today());
    let next = s
        .review
        .give_opinion(OfficerId(auth.user.id), opinion.clone(), on)
        .map_err(|v| ApiError::review(&v))?;
    let round = next.current().map_or(0, |r| r.number);
    let (title, doc, text) = match &opinion {
        Opinion::Approve => (
            format!("法制审核意见书（第{round}轮）：同意"),
            Some("legal_review_opinion".to_owned()),
            "审核意见：同意".to_owned(),
        ),
        Opinion::ProblemsFound { must_change } => (
            format!("法制审核意见（第{round}轮）：存在问题，退回承办人员"),
            None,
            format!("需要纠正：{}", must_change.join("；")),
        ),
    };
    let rec = NewRecord {
        stage: case.state.stage,
        kind: if doc.is_some() {
            RecordKind::Document
        } else {
            RecordKind::Note
        },
        action: None,
        document_type: doc,
        activity: None,
        title,
        body: text,
        officers_present: vec![auth.user.id],
        occurred_at: view::day_start(on),
        place: None,
        corrects: None,
        correction_reason: None,
        attachments: vec![],
        persons_named: vec![],
    };
    save(&state, &case, &s, next, "opinion", &auth.user, vec![rec]).await
}

/// Extends the current round's review period once (5 working days by default), with a reason.
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = ExtendReview,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 200, description = "Extended", body = ReviewDetail),
    (status = 409, description = "`extension_exhausted` or `invalid_transition`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/review/extension")]
pub async fn extend(
    auth: Auth<ReviewOffice>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<ExtendReview>,
) -> Result<web::Json<ReviewDetail>, ApiError> {
    let b = body.0;
    let (case, s) = load(&state, auth.agency_id(), id.into_inner()).await?;
    not_archived(&case)?;
    check_version(&s, b.expected_version)?;
    let next = s
        .review
        .extend(b.reason, state.today())
        .map_err(|v| ApiError::review(&v))?;
    save(&state, &case, &s, next, "extend", &auth.user, vec![]).await
}
