//! The workflow steps of a disclosure. Each is one transaction under optimistic concurrency
//! (`expected_version`), recorded as an event; publishing and taking down also write the change
//! feed (and so the webhooks' outbox) in the same transaction.

use super::view::{detail, step_error};
use super::DisclosureEditor;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{patch, post, web};
use sanxiang_api_types::disclosure::{
    DisclosureDetail, EditDisclosure, ReasonInput, RequireWithdrawal, ReviewDisclosure,
    VersionInput, WithholdDisclosure,
};
use sanxiang_persistence::disclosure::decisions::{self, DraftEdit, StoredDisclosure};
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

async fn answer(
    state: &AppState,
    auth: &Auth<DisclosureEditor>,
    d: StoredDisclosure,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    Ok(web::Json(detail(state, d, auth.user.id, true).await?))
}

fn clean(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = v
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    out.dedup();
    out
}

/// Edits a draft: facts, legal basis, third persons' names (never published), further masks
/// (the rule masks always apply: an editor may mask more, never less), severity and the
/// publication end date (within the period of the severity).
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), request_body = EditDisclosure,
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "Edited", body = DisclosureDetail),
    (status = 409, description = "`disclosure_wrong_status` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`mask_removed` (the text would bring back a masked name or number; `errors` names the field) or `validation_failed`", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/disclosures/{id}")]
pub async fn edit(
    auth: Auth<DisclosureEditor>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<EditDisclosure>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let b = body.0;
    let id = id.into_inner();
    let agency = auth.agency_id();
    if let Some(end) = b.publication_end {
        let d = decisions::get(&state.db, agency, id).await?;
        let severity = b.severity.unwrap_or(d.severity);
        if let Err(bounds) =
            state
                .config
                .disclosure
                .check_publication_end(severity, d.decided_on, end)
        {
            return Err(ApiError::field(
                "publication_end",
                format!(
                    "must lie within the publication period of this severity ({}–{} months after the decision)",
                    bounds.min_months, bounds.max_months
                ),
            ));
        }
    }
    let edit = DraftEdit {
        facts: b.facts,
        legal_basis: b.legal_basis.map(clean),
        third_persons: b.third_persons.map(clean),
        extra_masks: b.extra_masks.map(clean),
        legal_representative: b.legal_representative,
        severity: b.severity,
        publication_end: b.publication_end.map(Some),
    };
    let d = decisions::edit(
        &state.db,
        agency,
        id,
        b.expected_version,
        edit,
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(step_error)?;
    answer(&state, &auth, d).await
}

/// Sends a draft to the second person's review (审核).
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), request_body = VersionInput,
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "Submitted", body = DisclosureDetail),
    (status = 409, description = "`disclosure_wrong_status` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/disclosures/{id}/submission")]
pub async fn submit(
    auth: Auth<DisclosureEditor>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<VersionInput>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let d = decisions::submit(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        body.0.expected_version,
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(step_error)?;
    answer(&state, &auth, d).await
}

/// The review by a second person: `approve` publishes (only a penalty or licence decision
/// that gives every field the national 双公示 template requires, 422 `credit_field_missing`
/// otherwise) (or publishes the correction as a new
/// version); otherwise it goes back to the editor with the comment. The editor or submitter
/// cannot review (403 `disclosure_self_review`).
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), request_body = ReviewDisclosure,
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "Reviewed", body = DisclosureDetail),
    (status = 403, description = "`disclosure_self_review`", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`disclosure_wrong_status` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`credit_field_missing`: the penalty or licence decision lacks a field the national 双公示 template requires (`errors` names each by its field id, e.g. `legal_representative` for an organisation)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/disclosures/{id}/review")]
pub async fn review(
    auth: Auth<DisclosureEditor>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<ReviewDisclosure>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let b = body.0;
    let d = decisions::review(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        b.expected_version,
        b.approve,
        b.comment,
        auth.user.id,
        state.now(),
        state.today(),
    )
    .await
    .map_err(step_error)?;
    answer(&state, &auth, d).await
}

/// Decides not to publish, with the legal ground (recorded; the entry never becomes public).
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), request_body = WithholdDisclosure,
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "Withheld", body = DisclosureDetail),
    (status = 409, description = "`disclosure_wrong_status` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No legal ground", body = Problem, content_type = "application/problem+json"),
))]
#[post("/disclosures/{id}/withholding")]
pub async fn withhold(
    auth: Auth<DisclosureEditor>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<WithholdDisclosure>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let b = body.0;
    let ground = b.legal_ground.trim().to_owned();
    if ground.chars().count() < 4 {
        return Err(ApiError::field("legal_ground", "state the legal ground"));
    }
    let d = decisions::withhold(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        b.expected_version,
        ground,
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(step_error)?;
    answer(&state, &auth, d).await
}

/// Starts a correction of a published entry found wrong: the public keeps the current version
/// until the corrected one passes review; then it is published as a new version (the change
/// feed shows `correct`).
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), request_body = ReasonInput,
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "Correction started", body = DisclosureDetail),
    (status = 409, description = "`disclosure_wrong_status` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/disclosures/{id}/correction")]
pub async fn correct(
    auth: Auth<DisclosureEditor>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<ReasonInput>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let b = body.0;
    let d = decisions::start_correction(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        b.expected_version,
        b.reason.trim().to_owned(),
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(step_error)?;
    answer(&state, &auth, d).await
}

/// Records that the decision was changed, revoked, ruled unlawful or void: the disclosure must
/// be withdrawn within 3 working days (行政处罚法 art. 48); until then it is in the deadlines list.
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), request_body = RequireWithdrawal,
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "Recorded", body = DisclosureDetail),
    (status = 409, description = "`disclosure_wrong_status` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/disclosures/{id}/withdrawal-requirement")]
pub async fn require_withdrawal(
    auth: Auth<DisclosureEditor>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<RequireWithdrawal>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let b = body.0;
    // The 3 working days (行政处罚法 art. 48) count from `on` and are computed on read: a year
    // without holiday data shows the due date as unknown, never refuses the record.
    let d = decisions::require_withdrawal(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        b.expected_version,
        b.basis.trim().to_owned(),
        b.on,
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(step_error)?;
    answer(&state, &auth, d).await
}

/// Withdraws a published entry with the reason, after its reason to withdraw was recorded
/// (`withdrawal-requirement`): it leaves the public lists and a tombstone with the reason is
/// published in the change feed (never a silent delete).
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), request_body = ReasonInput,
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "Withdrawn", body = DisclosureDetail),
    (status = 409, description = "`withdrawal_not_required` (record the reason to withdraw first), `disclosure_wrong_status` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/disclosures/{id}/withdrawal")]
pub async fn withdraw(
    auth: Auth<DisclosureEditor>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<ReasonInput>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let b = body.0;
    let d = decisions::withdraw(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        b.expected_version,
        b.reason.trim().to_owned(),
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(step_error)?;
    answer(&state, &auth, d).await
}

/// Takes a published penalty down before its publication end after the party's credit repair
/// (信用修复), with the reason: only after the minimum period of its severity and never a
/// serious case (national credit rules). The feed gets an `expire` tombstone
/// carrying the reason.
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), request_body = ReasonInput,
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "Taken down", body = DisclosureDetail),
    (status = 409, description = "`early_removal_refused`, `disclosure_wrong_status` or `version_conflict`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/disclosures/{id}/early-removal")]
pub async fn remove_early(
    auth: Auth<DisclosureEditor>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<ReasonInput>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let b = body.0;
    let d = decisions::remove_early(
        &state.db,
        auth.agency_id(),
        id.into_inner(),
        b.expected_version,
        b.reason.trim().to_owned(),
        state.config.disclosure.clone(),
        state.today(),
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(step_error)?;
    answer(&state, &auth, d).await
}
