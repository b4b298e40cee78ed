//! The OpenAPI 3.1 document, collected from the handlers' `#[utoipa::path]` annotations by
//! `utoipa-actix-web` (no hand-kept path list).

use crate::routes;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sanxiang (三项) API",
        description = "REST API for the three systems of administrative law enforcement: disclosure (行政执法公示), whole-process recording (执法全过程记录) and legal review of major decisions (重大执法决定法制审核).\n\nErrors are RFC 9457 `application/problem+json` documents with a stable `code`: validation_failed, malformed_json, invalid_path_parameter, invalid_query, unauthorized, invalid_credentials, refresh_token_reused, forbidden, not_found, method_not_allowed, conflict, payload_too_large, unsupported_media_type, rate_limited, internal_error, service_unavailable. Every response carries an `x-request-id` header.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    components(schemas(sanxiang_api_types::problem::Problem)),
    modifiers(&BearerAuth),
    tags(
        (name = "system", description = "Health and readiness"),
        (name = "auth", description = "Sign-in, token refresh, sign-out"),
        (name = "agencies", description = "Enforcement agencies (执法主体)"),
        (name = "users", description = "User accounts and roles"),
        (name = "officers", description = "Officers (执法人员) and enforcement certificates (行政执法证)"),
        (name = "calendar", description = "Working-day calendar: public holidays and make-up working days"),
        (name = "cases", description = "Cases (案件): stage machines, gates, records, deadlines (执法全过程记录)"),
        (name = "review", description = "Legal review of major decisions (重大执法决定法制审核): catalogue, flagging, reviews, deliberation"),
        (name = "blobs", description = "Evidence files, content-addressed and never deleted"),
        (name = "registers", description = "Public registers (事前公开): agency profiles, enforcement matters, random-inspection items and service guides — versioned, reviewed by a second person, public in the version in force; flowcharts drawn from the stage machines; the officers list and certificate check (亮证执法) with QR codes; the annual enforcement report (118号)"),
        (name = "portal", description = "Portal access: API keys (send `Authorization: Bearer sxk_…` or `X-Api-Key` to `/api/public/v1` for the higher rate limit; anonymous reads are limited per IP, over the limit 429 `rate_limited` with `Retry-After`) and webhook endpoints (即时推送, Standard Webhooks signatures) with their delivery log. Public GETs carry a strong `ETag`, `Last-Modified` and `Cache-Control`; `If-None-Match` answers 304."),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.bearer_format = Some("JWT".into());
        http.description = Some("Access token from `POST /api/v1/auth/login` (15 minutes).".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// The base OpenAPI document (info, components, tags), before paths are collected.
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The complete document, exactly as served at `/api/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_app, api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(base())
        .service(scope::scope("/api/v1").configure(routes::configure))
        .service(scope::scope("/api/public/v1").configure(routes::public::configure))
        .split_for_parts();
    api
}

/// The document as pretty JSON with a trailing newline (the checked-in form).
pub fn document_json() -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(&document())?;
    s.push('\n');
    Ok(s)
}
