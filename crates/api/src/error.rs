//! One error type for the whole API, rendered as RFC 9457 `application/problem+json` with a stable
//! snake_case `code` from the table in `sanxiang_api_types::problem` ([`ProblemCode`]: code,
//! status and title in one place). Internal causes are logged with the request id and never
//! returned.

use crate::request_id;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use sanxiang_api_types::problem::{Problem, PROBLEM_CONTENT_TYPE};
use sanxiang_persistence::StoreError;
use std::collections::BTreeMap;
use std::fmt;

pub use sanxiang_api_types::problem::ProblemCode;
/// The name the handlers use for the table's codes.
pub use sanxiang_api_types::problem::ProblemCode as ErrorCode;

/// An API error: a code of the table, what went wrong in this occurrence, and (for 500s) the
/// cause that is logged but never sent.
pub struct ApiError {
    code: ProblemCode,
    detail: Option<String>,
    errors: Option<BTreeMap<String, Vec<String>>>,
    retry_after: Option<u64>,
    cause: Option<anyhow::Error>,
}

impl ApiError {
    pub fn new(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self {
            detail: Some(detail.into()),
            ..Self::bare(code)
        }
    }
    pub fn bare(code: ProblemCode) -> Self {
        Self {
            code,
            detail: None,
            errors: None,
            retry_after: None,
            cause: None,
        }
    }
    /// A refusal by a rule of the case domain (a gate or the stage machine), with its code from
    /// the table (out-of-order actions 409, most rules 422) and the domain's bilingual message.
    pub fn rule(v: &sanxiang_domain::case::RuleViolation) -> Self {
        Self::new(ProblemCode::from(v), v.message())
    }
    /// A refusal to record an extension or suspension of a case's deadline
    /// (`sanxiang_domain::case::periods`), with its code from the table.
    pub fn period(v: &sanxiang_domain::case::PeriodRefusal) -> Self {
        Self::new(ProblemCode::from(v), v.to_string())
    }
    /// A refusal by the legal-review domain. The decision gate's refusals are 409: a required
    /// review without an approving opinion for the current draft is `review_required`, a draft
    /// changed after approval `review_stale`, a missing deliberation `deliberation_missing`;
    /// someone other than the assigned reviewer is 403. The table says which.
    pub fn review(v: &sanxiang_domain::review::ReviewViolation) -> Self {
        Self::new(ProblemCode::from(v), v.message())
    }
    /// A refusal by a random-inspection plan's state machine (e.g. `draw_already_made`, 409).
    pub fn plan(v: &sanxiang_domain::inspection::PlanViolation) -> Self {
        Self::new(ProblemCode::from(v), v.to_string())
    }
    /// A refusal by the draw rules (双随机, 422).
    pub fn draw(v: &sanxiang_domain::inspection::DrawError) -> Self {
        Self::new(ProblemCode::from(v), v.to_string())
    }
    /// A refusal by the random-inspection rules, named by its code. The code must be one of the
    /// table ([`ApiError::plan`] and [`ApiError::draw`] take the domain's errors directly); a code
    /// outside the table is logged and answered as `conflict` or `validation_failed`.
    pub fn inspection(code: &'static str, conflict: bool, detail: impl Into<String>) -> Self {
        let code = ProblemCode::parse(code).unwrap_or_else(|| {
            tracing::error!(code, "problem code missing from the table");
            if conflict {
                ProblemCode::Conflict
            } else {
                ProblemCode::ValidationFailed
            }
        });
        Self::new(code, detail)
    }
    /// 422 with messages per field.
    pub fn validation(errors: BTreeMap<String, Vec<String>>) -> Self {
        Self {
            errors: Some(errors),
            ..Self::new(
                ProblemCode::ValidationFailed,
                "One or more fields are invalid.",
            )
        }
    }
    /// The same error with a message for `field` in `errors`.
    pub fn with_field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.errors
            .get_or_insert_with(BTreeMap::new)
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
        self
    }
    /// 422 for one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut m = BTreeMap::new();
        m.insert(field.to_owned(), vec![message.into()]);
        Self::validation(m)
    }
    pub fn not_found() -> Self {
        Self::bare(ProblemCode::NotFound)
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ProblemCode::Forbidden, detail)
    }
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(ProblemCode::Unauthorized, detail)
    }
    /// 409 `version_conflict`: someone else changed the object since it was read. Every
    /// concurrent edit answers this one code.
    pub fn version_conflict(detail: impl Into<String>) -> Self {
        Self::new(ProblemCode::VersionConflict, detail)
    }
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after: Some(retry_after_secs.max(1)),
            ..Self::new(
                ProblemCode::RateLimited,
                format!("Try again in {} seconds.", retry_after_secs.max(1)),
            )
        }
    }
    /// Sets `Retry-After` (seconds) on the answer.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs.max(1));
        self
    }
    /// 500: the cause is logged, the client sees a generic message.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            cause: Some(cause.into()),
            ..Self::new(
                ProblemCode::InternalError,
                "An internal error occurred; it has been logged.",
            )
        }
    }
    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }
    /// The table entry.
    pub fn problem_code(&self) -> ProblemCode {
        self.code
    }

    /// The problem document.
    pub fn problem(&self) -> Problem {
        Problem {
            kind: self.code.type_uri(),
            title: self.code.title().to_owned(),
            status: self.code.status(),
            detail: self.detail.clone(),
            code: self.code.as_str().to_owned(),
            errors: self.errors.clone(),
            request_id: request_id::current(),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        if let Some(c) = &self.cause {
            write!(f, " ({c:#})")?;
        }
        Ok(())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let (code, status) = (self.code.as_str(), self.code.status());
        if let Some(cause) = &self.cause {
            tracing::error!(code, "internal error: {cause:#}");
        } else if status >= 500 {
            tracing::error!(code, "{self}");
        } else {
            tracing::info!(code, status, "request refused");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE));
        if let Some(secs) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if matches!(
            self.code,
            ProblemCode::Unauthorized | ProblemCode::RefreshTokenReused
        ) {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        match serde_json::to_vec(&self.problem()) {
            Ok(body) => res.body(body),
            Err(_) => res.finish(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Conflict(what) => {
                ApiError::new(ErrorCode::Conflict, format!("`{what}` is already taken."))
            }
            StoreError::Concurrent => ApiError::version_conflict(
                "The object was changed by someone else; reload and try again.",
            ),
            StoreError::Db(e) => ApiError::internal(e),
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errs: validator::ValidationErrors) -> Self {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        collect_validation(&errs, "", &mut out);
        ApiError::validation(out)
    }
}

fn collect_validation(
    errs: &validator::ValidationErrors,
    prefix: &str,
    out: &mut BTreeMap<String, Vec<String>>,
) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errs.errors() {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    out.entry(name.clone()).or_default().push(describe(e));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect_validation(inner, &name, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect_validation(inner, &format!("{name}[{i}]"), out);
                }
            }
        }
    }
}

fn describe(e: &validator::ValidationError) -> String {
    if let Some(m) = &e.message {
        return m.to_string();
    }
    let p = |k: &str| e.params.get(k).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (p("min"), p("max"), p("equal")) {
            (_, _, Some(eq)) => format!("must have exactly {eq} characters"),
            (Some(min), Some(max), _) => format!("must have between {min} and {max} characters"),
            (Some(min), None, _) => format!("must have at least {min} characters"),
            (None, Some(max), _) => format!("must have at most {max} characters"),
            _ => "has an invalid length".into(),
        },
        "range" => "is out of range".into(),
        other => format!("is invalid ({other})"),
    }
}

/// Maps actix's JSON body errors to problems: never a 500.
pub fn json_error(err: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as J;
    match err {
        J::OverflowKnownLength { length, limit } => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The body has {length} bytes; the limit is {limit}."),
        ),
        J::Overflow { limit } => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The body exceeds the limit of {limit} bytes."),
        ),
        J::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the body as application/json.",
        ),
        J::Deserialize(e) if e.is_data() => {
            ApiError::new(ErrorCode::ValidationFailed, e.to_string())
        }
        J::Deserialize(e) => ApiError::new(ErrorCode::MalformedJson, e.to_string()),
        J::Serialize(e) => ApiError::internal(e),
        other => ApiError::new(ErrorCode::MalformedJson, other.to_string()),
    }
}

/// Maps bad path segments (e.g. a malformed id) to a 400 problem.
pub fn path_error(err: actix_web::error::PathError) -> ApiError {
    ApiError::new(ErrorCode::InvalidPathParameter, err.to_string())
}

/// Maps bad query strings to a 400 problem.
pub fn query_error(err: actix_web::error::QueryPayloadError) -> ApiError {
    ApiError::new(ErrorCode::InvalidQuery, err.to_string())
}

/// Default service under `/api`: a 404 problem for unknown endpoints.
pub async fn no_such_endpoint() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::NotFound, "No such endpoint."))
}
