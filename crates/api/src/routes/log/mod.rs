//! `/log`, `/records/{id}/proof`, `/cases/{id}/export`, `/audit/reads`: the tamper-evident log
//! for staff and auditors. Every read of these by a user with the auditor role is
//! recorded in `auditor_reads` before the answer is sent; administrators list them.
//!
//! Log entries of agencies the caller cannot read are served as hashes only (`redacted`), so
//! the whole tree stays checkable without leaking other agencies' records.

mod checkpoints;
mod consistency;
mod entries;
mod export;
mod inclusion;
mod reads;
mod record_proof;

use crate::auth::guard::{Auth, Policy};
use crate::error::{ApiError, ErrorCode};
use crate::request_id;
use crate::state::AppState;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sanxiang_api_types::problem::{Problem, PROBLEM_CONTENT_TYPE};
use sanxiang_domain::tlog::Hash;
use sanxiang_persistence::tlog::{self, LogError, NewAuditorRead};
use std::fmt;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(entries::entries)
        .service(inclusion::inclusion)
        .service(consistency::consistency)
        .service(checkpoints::checkpoints)
        .service(record_proof::record_proof)
        .service(export::export)
        .service(reads::reads);
}

/// The problem code of a record or case not yet covered by a signed checkpoint (409).
pub const NOT_INTEGRATED: &str = ErrorCode::NotIntegrated.as_str();

/// An error of the log endpoints: an [`ApiError`], or "not yet integrated" (409
/// `not_integrated`: the integrator covers new records within a second; retry).
pub enum LogApiError {
    Api(ApiError),
    NotIntegrated,
}

impl From<ApiError> for LogApiError {
    fn from(e: ApiError) -> Self {
        LogApiError::Api(e)
    }
}

/// Maps a log error to an API error; "not integrated" is reported as internal here (use
/// [`LogApiError`] where it can happen).
pub(crate) fn internal(e: LogError) -> ApiError {
    match LogApiError::from(e) {
        LogApiError::Api(a) => a,
        LogApiError::NotIntegrated => ApiError::internal(anyhow::anyhow!("not integrated")),
    }
}

impl From<LogError> for LogApiError {
    fn from(e: LogError) -> Self {
        match e {
            LogError::Store(s) => LogApiError::Api(ApiError::from(s)),
            LogError::NotIntegrated => LogApiError::NotIntegrated,
            LogError::BadRange { field, message } => LogApiError::Api(ApiError::new(
                ErrorCode::InvalidQuery,
                format!("{field}: {message}"),
            )),
            LogError::Integrity(m) => {
                LogApiError::Api(ApiError::internal(anyhow::anyhow!("log integrity: {m}")))
            }
        }
    }
}

impl fmt::Debug for LogApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogApiError::Api(e) => fmt::Debug::fmt(e, f),
            LogApiError::NotIntegrated => f.write_str(NOT_INTEGRATED),
        }
    }
}

impl fmt::Display for LogApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl ResponseError for LogApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            LogApiError::Api(e) => e.status_code(),
            LogApiError::NotIntegrated => StatusCode::CONFLICT,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            LogApiError::Api(e) => e.error_response(),
            LogApiError::NotIntegrated => {
                tracing::info!(code = NOT_INTEGRATED, status = 409, "request refused");
                let p = Problem {
                    kind: ErrorCode::NotIntegrated.type_uri(),
                    title: ErrorCode::NotIntegrated.title().into(),
                    status: ErrorCode::NotIntegrated.status(),
                    detail: Some(
                        "Not yet covered by a signed checkpoint; the log integrates new records within a second. Try again.".into(),
                    ),
                    code: NOT_INTEGRATED.into(),
                    errors: None,
                    request_id: request_id::current(),
                };
                let mut res = HttpResponse::Conflict();
                res.insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE))
                    .insert_header((header::RETRY_AFTER, "1"));
                match serde_json::to_vec(&p) {
                    Ok(body) => res.body(body),
                    Err(_) => res.finish(),
                }
            }
        }
    }
}

/// Base64 of a hash (as in checkpoints and proofs).
pub(crate) fn b64(h: &Hash) -> String {
    STANDARD.encode(h)
}

/// Records the read when the caller is an auditor or supervisor (fails the request if it cannot be
/// recorded: such a read is never unrecorded).
pub(crate) async fn note_auditor_read<P: Policy>(
    state: &AppState,
    auth: &Auth<P>,
    what: &str,
    target: String,
    target_agency_id: Option<Uuid>,
) -> Result<(), ApiError> {
    if !auth.user.is_recorded_reader() {
        return Ok(());
    }
    tlog::record_auditor_read(
        &state.db,
        NewAuditorRead {
            user_id: auth.user.id,
            agency_id: auth.agency_id(),
            target_agency_id,
            what: what.to_owned(),
            target,
            request_id: request_id::current(),
        },
        state.now(),
    )
    .await
    .map_err(internal)
}
