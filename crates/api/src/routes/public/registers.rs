//! Public registers (事前公开): the version in force today of every agency profile, enforcement
//! matter, random-inspection item and service guide; nothing unpublished, withdrawn or no longer
//! in force, and not who wrote or reviewed it.

use crate::error::{ApiError, ErrorCode};
use crate::routes::registers::register_type;
use crate::state::AppState;
use actix_web::{get, web};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sanxiang_api_types::registers::{
    PublicPageQuery, PublicRegisterDetail, PublicRegisterEntry, PublicRegisterPage,
    PublicRegisterVersion, DEFAULT_PAGE, MAX_PAGE,
};
use sanxiang_domain::disclosure::registers::RegisterContent;
use sanxiang_persistence::registers::{self as store, StoredVersion};
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

/// Opaque keyset cursor: the last id of the page.
pub(crate) fn encode_cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(id.as_bytes())
}

pub(crate) fn decode_cursor(s: &str) -> Result<Uuid, ApiError> {
    URL_SAFE_NO_PAD
        .decode(s)
        .ok()
        .and_then(|b| Uuid::from_slice(&b).ok())
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidQuery, "bad cursor"))
}

/// The page size asked for: default 20, 1–500.
pub(crate) fn page_size(limit: Option<u32>) -> Result<u64, ApiError> {
    match limit.unwrap_or(DEFAULT_PAGE) {
        n @ 1..=MAX_PAGE => Ok(u64::from(n)),
        _ => Err(ApiError::new(
            ErrorCode::InvalidQuery,
            format!("limit must be between 1 and {MAX_PAGE}"),
        )),
    }
}

pub(crate) fn public_entry(v: &StoredVersion) -> PublicRegisterEntry {
    let flowchart_url = match &v.content {
        RegisterContent::EnforcementMatter(_) => Some(format!(
            "/api/public/v1/registers/enforcement_matter/{}/flowchart.svg",
            v.entry_id
        )),
        RegisterContent::ServiceGuide(g) => g
            .enforcement_matter_id
            .map(|m| format!("/api/public/v1/registers/enforcement_matter/{m}/flowchart.svg")),
        _ => None,
    };
    PublicRegisterEntry {
        id: v.entry_id,
        register_type: v.register_type,
        agency_id: v.agency_id,
        version: v.version,
        title: v.title.clone(),
        effective_from: v.effective_from,
        effective_until: v.effective_until,
        published_at: v.published_at,
        content: v.content.to_json().unwrap_or_default(),
        flowchart_url,
    }
}

/// The entries of a register in force today, in a stable order, `limit` per page (default 20,
/// at most 500); follow `next` for the next page.
#[utoipa::path(tag = "registers", params(
        ("register_type" = String, Path, description = "`agency_profile`, `enforcement_matter`, `inspection_item` or `service_guide`"),
        PublicPageQuery,
    ),
    responses(
    (status = 200, description = "A page", body = PublicRegisterPage),
    (status = 400, description = "Bad cursor or limit (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Unknown register type", body = Problem, content_type = "application/problem+json"),
))]
#[get("/registers/{register_type}")]
pub async fn public_register(
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<PublicPageQuery>,
) -> Result<web::Json<PublicRegisterPage>, ApiError> {
    let t = register_type(&path)?;
    let limit = page_size(q.limit)?;
    let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
    let mut rows =
        store::public_list(&state.db, t, q.agency_id, after, limit + 1, state.today()).await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|v| encode_cursor(v.entry_id))
    } else {
        None
    };
    Ok(web::Json(PublicRegisterPage {
        items: rows.iter().map(public_entry).collect(),
        next,
    }))
}

/// One entry in the version in force today, with its published versions (the change history).
#[utoipa::path(tag = "registers", params(
        ("register_type" = String, Path, description = "Register type"),
        ("id" = Uuid, Path, description = "Entry id"),
    ),
    responses(
    (status = 200, description = "The entry", body = PublicRegisterDetail),
    (status = 404, description = "No such public entry", body = Problem, content_type = "application/problem+json"),
))]
#[get("/registers/{register_type}/{id}")]
pub async fn public_register_entry(
    state: web::Data<AppState>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<PublicRegisterDetail>, ApiError> {
    let (t, id) = path.into_inner();
    let t = register_type(&t)?;
    let today = state.today();
    let (current, published) = store::public_entry(&state.db, t, id, today).await?;
    let history = published
        .iter()
        // Versions not yet in force stay private until their day.
        .filter(|v| v.effective_from <= today)
        .map(|v| PublicRegisterVersion {
            version: v.version,
            effective_from: v.effective_from,
            effective_until: v.effective_until,
            published_at: v.published_at,
            change_note: v.change_note.clone(),
            withdrawn_reason: v.withdrawn_reason.clone(),
        })
        .collect();
    Ok(web::Json(PublicRegisterDetail {
        entry: public_entry(&current),
        history,
    }))
}
