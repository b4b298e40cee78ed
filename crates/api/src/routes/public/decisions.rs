//! Published decisions and inspection results for portals: lists with filters and keyset
//! cursors (stable order: newest decision first, then id), and single entries. Only what is
//! public now is reachable: the rows come from `public_decisions`, written when a second person
//! approves a masked version and removed by a withdrawal or at the end of the period.

use crate::error::{ApiError, ErrorCode};
use actix_web::{get, web, HttpResponse};
use base64::Engine;
use chrono::NaiveDate;
use sanxiang_api_types::disclosure::{PublicDecision, PublicDecisionPage, PublicListQuery};
use sanxiang_domain::disclosure::publication::ResourceType;
use sanxiang_persistence::disclosure::decisions::{self, PublicFilter};
use uuid::Uuid;

use crate::state::AppState;

type Problem = sanxiang_api_types::problem::Problem;

const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 500;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

fn encode_cursor(d: NaiveDate, id: Uuid) -> String {
    b64().encode(format!("{d}|{id}"))
}

fn decode_cursor(s: &str) -> Result<(NaiveDate, Uuid), ApiError> {
    let bad = || {
        ApiError::new(
            ErrorCode::InvalidQuery,
            format!("`{}` {}", "cursor", "is not a cursor this API gave out"),
        )
    };
    let raw = b64().decode(s).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (d, id) = text.split_once('|').ok_or_else(bad)?;
    Ok((
        d.parse().map_err(|_| bad())?,
        id.parse().map_err(|_| bad())?,
    ))
}

async fn page(
    state: &AppState,
    resource: ResourceType,
    q: PublicListQuery,
) -> Result<HttpResponse, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            format!("`{}` {}", "limit", "must be between 1 and 500"),
        ));
    }
    let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
    let keyword = q.q.map(|k| k.trim().to_owned()).filter(|k| !k.is_empty());
    if keyword.as_ref().is_some_and(|k| k.chars().count() > 100) {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            format!("`{}` {}", "q", "at most 100 characters"),
        ));
    }
    let filter = PublicFilter {
        resource_type: Some(resource),
        agency_id: q.agency_id,
        case_kind: q.kind,
        violation_type: q.violation_type,
        from: q.from,
        to: q.to,
        keyword,
    };
    let rows = decisions::public_page(&state.db, &filter, after, u64::from(limit) + 1).await?;
    let more = rows.len() > limit as usize;
    let rows = &rows[..rows.len().min(limit as usize)];
    // The bodies are stored as the JSON the public sees: concatenated, never re-encoded.
    let mut body = String::with_capacity(rows.iter().map(|r| r.2.len() + 1).sum::<usize>() + 64);
    body.push_str("{\"items\":[");
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&r.2);
    }
    body.push_str("],\"next\":");
    match rows.last().filter(|_| more) {
        Some((d, id, _)) => {
            body.push('"');
            body.push_str(&encode_cursor(*d, *id));
            body.push('"');
        }
        None => body.push_str("null"),
    }
    body.push('}');
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

async fn one(state: &AppState, resource: ResourceType, id: Uuid) -> Result<HttpResponse, ApiError> {
    let body = decisions::public_one(&state.db, resource, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// Published decisions (penalties, licences, other decisions), newest first. Filters: agency,
/// kind, violation type, decision date range, keyword. Page size 20 by default, at most 500;
/// pass `next` as `cursor` for the following page.
#[utoipa::path(tag = "public", params(PublicListQuery), responses(
    (status = 200, description = "A page", body = PublicDecisionPage),
    (status = 400, description = "Bad filter or cursor", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json"),
))]
#[get("/decisions")]
pub async fn list_decisions(
    state: web::Data<AppState>,
    q: web::Query<PublicListQuery>,
) -> Result<HttpResponse, ApiError> {
    page(&state, ResourceType::Decision, q.into_inner()).await
}

/// One published decision (404 when it is not public: never published, withdrawn or expired).
#[utoipa::path(tag = "public", params(("id" = Uuid, Path, description = "Disclosure id")), responses(
    (status = 200, description = "The decision", body = PublicDecision),
    (status = 404, description = "Not public", body = Problem, content_type = "application/problem+json"),
))]
#[get("/decisions/{id}")]
pub async fn get_decision(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    one(&state, ResourceType::Decision, id.into_inner()).await
}

/// Published inspection results (random inspections included), newest first; same filters and
/// paging as the decisions.
#[utoipa::path(tag = "public", params(PublicListQuery), responses(
    (status = 200, description = "A page", body = PublicDecisionPage),
    (status = 400, description = "Bad filter or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/inspections")]
pub async fn list_inspections(
    state: web::Data<AppState>,
    q: web::Query<PublicListQuery>,
) -> Result<HttpResponse, ApiError> {
    page(&state, ResourceType::InspectionResult, q.into_inner()).await
}

/// One published inspection result.
#[utoipa::path(tag = "public", params(("id" = Uuid, Path, description = "Disclosure id")), responses(
    (status = 200, description = "The result", body = PublicDecision),
    (status = 404, description = "Not public", body = Problem, content_type = "application/problem+json"),
))]
#[get("/inspections/{id}")]
pub async fn get_inspection(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    one(&state, ResourceType::InspectionResult, id.into_inner()).await
}
