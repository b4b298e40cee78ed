//! `/registers/{type}/…`: the public registers (事前公开) as staff edit them — agency profiles,
//! enforcement matters, random-inspection items, service guides. Every edit is a version; a second
//! person reviews a submitted version before it is public (118号 审核); publishing and
//! withdrawing go to the change feed in the same transaction.

mod create;
mod get;
mod list;
mod review;
mod save;
mod submit;
mod withdraw;

use crate::auth::guard::Policy;
use crate::error::{ApiError, ErrorCode};
use sanxiang_api_types::registers::{RegisterEventView, RegisterVersionView, SaveRegisterDraft};
use sanxiang_domain::account::Role;
use sanxiang_domain::disclosure::registers::{RegisterContent, RegisterType, RegisterViolation};
use sanxiang_persistence::registers::{DraftInput, RegisterError, StoredEvent, StoredVersion};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_entries)
        .service(create::create_entry)
        .service(get::get_entry)
        .service(save::save_draft)
        .service(submit::submit_version)
        .service(review::review_version)
        .service(withdraw::withdraw_entry);
}

/// Who edits and reviews registers: disclosure editors, approvers and admins.
pub struct RegisterEditor;
impl Policy for RegisterEditor {
    const ROLES: &'static [Role] = &[Role::DisclosureEditor, Role::Approver, Role::Admin];
}

/// The register type named by the path; an unknown one is 404.
pub(crate) fn register_type(s: &str) -> Result<RegisterType, ApiError> {
    s.parse().map_err(|_| ApiError::not_found())
}

pub(crate) fn violation(v: &RegisterViolation) -> ApiError {
    match v {
        RegisterViolation::InvalidField { field, message } => ApiError::field(field, *message),
        RegisterViolation::TypeMismatch => ApiError::field("content", v.to_string()),
        RegisterViolation::SelfReview => ApiError::new(
            ErrorCode::RegisterSelfReview,
            "The author (or anyone who edited or submitted this version) cannot review it; a second person must. / 须由编辑、提交人以外的第二人审核。",
        ),
        RegisterViolation::EffectiveBeforePrevious => ApiError::field(
            "effective_from",
            "must not be before the version in force / 生效日期不得早于现行版本",
        ),
        RegisterViolation::EmptyPeriod => ApiError::field(
            "effective_until",
            "must be after effective_from / 失效日期须晚于生效日期",
        ),
    }
}

impl From<RegisterError> for ApiError {
    fn from(e: RegisterError) -> Self {
        match e {
            RegisterError::Rule(v) => violation(&v),
            RegisterError::WrongStatus(s) => ApiError::new(
                ErrorCode::RegisterWrongStatus,
                format!("The version is {s}."),
            ),
            RegisterError::Pending => ApiError::new(
                ErrorCode::RegisterVersionPending,
                "A version of this entry awaits review; approve or reject it first.",
            ),
            RegisterError::NotPublic => ApiError::new(
                ErrorCode::RegisterNotPublic,
                "Nothing of this entry is public.",
            ),
            RegisterError::Store(s) => s.into(),
        }
    }
}

/// Parses a posted draft for the register of the path.
pub(crate) fn draft_input(
    t: RegisterType,
    b: SaveRegisterDraft,
    today: chrono::NaiveDate,
) -> Result<DraftInput, ApiError> {
    let content = RegisterContent::from_json(t, b.content)
        .map_err(|e| ApiError::field("content", e.to_string()))?;
    Ok(DraftInput {
        content,
        effective_from: b.effective_from.unwrap_or(today),
        effective_until: b.effective_until,
        change_note: b.change_note,
    })
}

pub(crate) fn version_view(v: &StoredVersion, today: chrono::NaiveDate) -> RegisterVersionView {
    RegisterVersionView {
        entry_id: v.entry_id,
        register_type: v.register_type,
        agency_id: v.agency_id,
        version: v.version,
        status: v.status,
        title: v.title.clone(),
        content: v.content.to_json().unwrap_or_default(),
        effective_from: v.effective_from,
        effective_until: v.effective_until,
        change_note: v.change_note.clone(),
        author_id: v.author_id,
        created_at: v.created_at,
        updated_at: v.updated_at,
        submitted_at: v.submitted_at,
        reviewer_id: v.reviewer_id,
        reviewed_at: v.reviewed_at,
        review_comment: v.review_comment.clone(),
        published_at: v.published_at,
        withdrawn_reason: v.withdrawn_reason.clone(),
        in_force: v.in_force_on(today),
    }
}

pub(crate) fn event_view(e: StoredEvent) -> RegisterEventView {
    RegisterEventView {
        version: e.version,
        action: e.action,
        actor_id: e.actor_id,
        comment: e.comment,
        created_at: e.created_at,
    }
}
