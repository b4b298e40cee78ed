//! The public check of an enforcement document (what a party, a court or a portal holds): issued
//! by whom and when, unaltered, at which log index — and nothing else (no party, no content).

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::documents::{DocumentCheck, DocumentCheckQuery};
use sanxiang_domain::document::zh_date;
use sanxiang_persistence::{documents, tlog};

type Problem = sanxiang_api_types::problem::Problem;

/// Checks a document by the SHA-256 of the file in hand, or by the number and verification code
/// printed on it (without both, or without the SHA-256, nothing is confirmed). `issued`: "document 桓财罚决〔2026〕1号 issued by … on …, unaltered (log index
/// N)"; `unknown` for any other file (one changed byte is another hash).
#[utoipa::path(tag = "documents", params(DocumentCheckQuery), responses(
    (status = 200, description = "The check", body = DocumentCheck),
    (status = 400, description = "An empty or too long parameter, or a SHA-256 that is not 64 hex digits (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/documents/check")]
pub async fn check_document(
    state: web::Data<AppState>,
    q: web::Query<DocumentCheckQuery>,
) -> Result<web::Json<DocumentCheck>, ApiError> {
    let q = q.into_inner();
    let bad = |v: &Option<String>, max: usize| {
        v.as_deref()
            .is_some_and(|s| s.is_empty() || s.chars().count() > max)
    };
    if bad(&q.sha256, 64) || bad(&q.number, 100) || bad(&q.code, 16) {
        return Err(ApiError::new(
            crate::error::ErrorCode::InvalidQuery,
            "empty or too long parameter",
        ));
    }
    let found = match (&q.sha256, &q.number, &q.code) {
        (Some(sha), _, _) => {
            let sha = sha.trim().to_ascii_lowercase();
            if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ApiError::new(
                    crate::error::ErrorCode::InvalidQuery,
                    "sha256 must be 64 hex digits",
                ));
            }
            documents::find_by_sha256(&state.db, &sha).await?
        }
        (None, Some(number), Some(code)) => {
            documents::find_by_number(&state.db, number, code).await?
        }
        // Nothing that names a document: nothing is confirmed.
        _ => None,
    };
    let Some(d) = found else {
        return Ok(web::Json(DocumentCheck {
            status: "unknown".into(),
            number: None,
            title: None,
            agency: None,
            issued_on: None,
            sha256: None,
            log_index: None,
            message: "未找到该文书：文件不是本系统签发的文书，或已被改动。".into(),
        }));
    };
    let agency = state.agencies.get(&state.db, d.agency_id).await?;
    let log_index = tlog::leaf_indexes(&state.db, &[d.record_id])
        .await?
        .get(&d.record_id)
        .copied();
    let title = d.kind.title_zh().to_owned();
    let message = format!(
        "文书 {} 由{}于{}签发，未被改动{}。",
        d.number,
        agency.name,
        zh_date(d.issued_on),
        log_index
            .map(|i| format!("（日志序号 {i}）"))
            .unwrap_or_default()
    );
    Ok(web::Json(DocumentCheck {
        status: "issued".into(),
        number: Some(d.number),
        title: Some(title),
        agency: Some(agency.name),
        issued_on: Some(d.issued_on),
        sha256: Some(d.sha256),
        log_index,
        message,
    }))
}
