//! One error type for the whole API, rendered as RFC 9457 `application/problem+json` with a stable
//! snake_case `code` from [`ErrorCode`]. Internal causes are logged with the request id and never
//! returned.

use crate::request_id;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use sanxiang_api_types::problem::{Problem, PROBLEM_CONTENT_TYPE};
use sanxiang_persistence::StoreError;
use std::collections::BTreeMap;
use std::fmt;

/// The table of error codes: each with its HTTP status and Chinese title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    ValidationFailed,
    MalformedJson,
    InvalidPathParameter,
    InvalidQuery,
    Unauthorized,
    InvalidCredentials,
    RefreshTokenReused,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    InternalError,
    ServiceUnavailable,
    VersionConflict,
    CaseArchived,
    RegisterSelfReview,
    RegisterWrongStatus,
    RegisterVersionPending,
    RegisterNotPublic,
    AnnualReportNotReady,
    DisclosureWrongStatus,
    DisclosureSelfReview,
    EarlyRemovalRefused,
    WithdrawalNotRequired,
}

impl ErrorCode {
    /// Every code, for documentation.
    pub const ALL: [ErrorCode; 27] = [
        ErrorCode::ValidationFailed,
        ErrorCode::MalformedJson,
        ErrorCode::InvalidPathParameter,
        ErrorCode::InvalidQuery,
        ErrorCode::Unauthorized,
        ErrorCode::InvalidCredentials,
        ErrorCode::RefreshTokenReused,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::RateLimited,
        ErrorCode::InternalError,
        ErrorCode::ServiceUnavailable,
        ErrorCode::VersionConflict,
        ErrorCode::CaseArchived,
        ErrorCode::RegisterSelfReview,
        ErrorCode::RegisterWrongStatus,
        ErrorCode::RegisterVersionPending,
        ErrorCode::RegisterNotPublic,
        ErrorCode::AnnualReportNotReady,
        ErrorCode::DisclosureWrongStatus,
        ErrorCode::DisclosureSelfReview,
        ErrorCode::EarlyRemovalRefused,
        ErrorCode::WithdrawalNotRequired,
    ];

    /// (code, status, title)
    const fn row(self) -> (&'static str, u16, &'static str) {
        match self {
            ErrorCode::ValidationFailed => ("validation_failed", 422, "输入有误"),
            ErrorCode::MalformedJson => ("malformed_json", 400, "请求格式错误"),
            ErrorCode::InvalidPathParameter => ("invalid_path_parameter", 400, "路径参数无效"),
            ErrorCode::InvalidQuery => ("invalid_query", 400, "查询参数无效"),
            ErrorCode::Unauthorized => ("unauthorized", 401, "未登录或登录已失效"),
            ErrorCode::InvalidCredentials => ("invalid_credentials", 401, "用户名或密码错误"),
            ErrorCode::RefreshTokenReused => {
                ("refresh_token_reused", 401, "登录凭据已被使用，请重新登录")
            }
            ErrorCode::Forbidden => ("forbidden", 403, "无权执行此操作"),
            ErrorCode::NotFound => ("not_found", 404, "未找到"),
            ErrorCode::MethodNotAllowed => ("method_not_allowed", 405, "不支持的请求方法"),
            ErrorCode::Conflict => ("conflict", 409, "与现有数据冲突"),
            ErrorCode::PayloadTooLarge => ("payload_too_large", 413, "请求内容过大"),
            ErrorCode::UnsupportedMediaType => ("unsupported_media_type", 415, "不支持的内容类型"),
            ErrorCode::RateLimited => ("rate_limited", 429, "尝试次数过多，请稍后再试"),
            ErrorCode::InternalError => ("internal_error", 500, "服务器内部错误"),
            ErrorCode::ServiceUnavailable => ("service_unavailable", 503, "服务暂不可用"),
            ErrorCode::VersionConflict => {
                ("version_conflict", 409, "案件已被他人更新，请刷新后重试")
            }
            ErrorCode::CaseArchived => ("case_archived", 409, "案件已归档，不能再变更"),
            ErrorCode::RegisterSelfReview => {
                ("register_self_review", 403, "不能审核本人编辑或提交的版本")
            }
            ErrorCode::RegisterWrongStatus => {
                ("register_wrong_status", 409, "该版本当前状态不允许此操作")
            }
            ErrorCode::RegisterVersionPending => (
                "register_version_pending",
                409,
                "已有版本待审核，请先完成审核",
            ),
            ErrorCode::RegisterNotPublic => ("register_not_public", 409, "该条目未公开"),
            ErrorCode::AnnualReportNotReady => {
                ("annual_report_not_ready", 409, "年度报告尚未到可发布时间")
            }
            ErrorCode::DisclosureWrongStatus => {
                ("disclosure_wrong_status", 409, "该公示当前状态不允许此操作")
            }
            ErrorCode::DisclosureSelfReview => (
                "disclosure_self_review",
                403,
                "公示须由编辑、提交人以外的另一人审核",
            ),
            ErrorCode::EarlyRemovalRefused => (
                "early_removal_refused",
                409,
                "不符合信用修复提前停止公示的条件",
            ),
            ErrorCode::WithdrawalNotRequired => {
                ("withdrawal_not_required", 409, "尚未登记须撤回公示的事由")
            }
        }
    }

    pub const fn as_str(self) -> &'static str {
        self.row().0
    }
    pub const fn status(self) -> u16 {
        self.row().1
    }
    pub const fn title(self) -> &'static str {
        self.row().2
    }
}

/// An API error.
pub struct ApiError {
    code: &'static str,
    status: u16,
    title: &'static str,
    detail: Option<String>,
    errors: Option<BTreeMap<String, Vec<String>>>,
    retry_after: Option<u64>,
    cause: Option<anyhow::Error>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            detail: Some(detail.into()),
            ..Self::bare(code)
        }
    }
    pub fn bare(code: ErrorCode) -> Self {
        Self {
            code: code.as_str(),
            status: code.status(),
            title: code.title(),
            detail: None,
            errors: None,
            retry_after: None,
            cause: None,
        }
    }
    /// A refusal by a rule of the domain (a gate or the stage machine), with the domain's stable
    /// code and its bilingual message. Out-of-order actions are 409, every other rule 422.
    pub fn rule(v: &sanxiang_domain::case::RuleViolation) -> Self {
        let code = v.code();
        Self {
            code,
            status: if code == "invalid_transition" {
                409
            } else {
                422
            },
            title: "不符合执法程序规定",
            detail: Some(v.message()),
            errors: None,
            retry_after: None,
            cause: None,
        }
    }
    /// A refusal by the legal-review domain. The decision gate's refusals are 409: a required
    /// review without an approving opinion for the current draft is `review_required` (the
    /// domain's `legal_review_missing` / `legal_review_not_approved`), a draft changed after
    /// approval `review_stale`, a missing deliberation `deliberation_missing`. Out-of-order review
    /// commands are 409, someone other than the assigned reviewer 403, every other rule 422.
    pub fn review(v: &sanxiang_domain::review::ReviewViolation) -> Self {
        use sanxiang_domain::review::ReviewViolation as V;
        let (code, status) = match v {
            V::LegalReviewMissing | V::LegalReviewNotApproved => ("review_required", 409),
            V::ReviewStale
            | V::DeliberationMissing
            | V::DeliberationIncomplete { .. }
            | V::InvalidTransition { .. }
            | V::ExtensionExhausted => (v.code(), 409),
            V::NotAssignedReviewer => (v.code(), 403),
            _ => (v.code(), 422),
        };
        Self {
            code,
            status,
            title: "不符合法制审核规定",
            detail: Some(v.message()),
            errors: None,
            retry_after: None,
            cause: None,
        }
    }
    /// A refusal by the random-inspection rules (双随机、一公开) with the domain's stable code:
    /// a plan command that does not fit the plan's state (e.g. `draw_already_made`) is 409,
    /// every other rule 422.
    pub fn inspection(code: &'static str, conflict: bool, detail: impl Into<String>) -> Self {
        Self {
            code,
            status: if conflict { 409 } else { 422 },
            title: "不符合双随机抽查规定",
            detail: Some(detail.into()),
            errors: None,
            retry_after: None,
            cause: None,
        }
    }
    /// 422 with messages per field.
    pub fn validation(errors: BTreeMap<String, Vec<String>>) -> Self {
        Self {
            errors: Some(errors),
            ..Self::new(
                ErrorCode::ValidationFailed,
                "One or more fields are invalid.",
            )
        }
    }
    /// 422 for one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut m = BTreeMap::new();
        m.insert(field.to_owned(), vec![message.into()]);
        Self::validation(m)
    }
    pub fn not_found() -> Self {
        Self::bare(ErrorCode::NotFound)
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, detail)
    }
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, detail)
    }
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after: Some(retry_after_secs.max(1)),
            ..Self::new(
                ErrorCode::RateLimited,
                format!("Try again in {} seconds.", retry_after_secs.max(1)),
            )
        }
    }
    /// 500: the cause is logged, the client sees a generic message.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            cause: Some(cause.into()),
            ..Self::new(
                ErrorCode::InternalError,
                "An internal error occurred; it has been logged.",
            )
        }
    }
    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The problem document.
    pub fn problem(&self) -> Problem {
        Problem {
            kind: format!("urn:sanxiang:problem:{}", self.code),
            title: self.title.to_owned(),
            status: self.status,
            detail: self.detail.clone(),
            code: self.code.to_owned(),
            errors: self.errors.clone(),
            request_id: request_id::current(),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
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
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            tracing::error!(code = self.code, "internal error: {cause:#}");
        } else if self.status >= 500 {
            tracing::error!(code = self.code, "{self}");
        } else {
            tracing::info!(code = self.code, status = self.status, "request refused");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE));
        if let Some(secs) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if self.code == ErrorCode::Unauthorized.as_str()
            || self.code == ErrorCode::RefreshTokenReused.as_str()
        {
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
            StoreError::Concurrent => ApiError::new(
                ErrorCode::Conflict,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {}", c.as_str());
            assert!(c
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!((400..600).contains(&c.status()));
        }
    }
}
