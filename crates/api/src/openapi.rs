//! The OpenAPI 3.1 document, collected from the handlers' `#[utoipa::path]` annotations by
//! `utoipa-actix-web` (no hand-kept path list).

use crate::routes;
use sanxiang_api_types::problem::{Problem, ProblemCode, PROBLEM_CONTENT_TYPE};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, RefOr, Type};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sanxiang (三项) API",
        description = "REST API for the three systems of administrative law enforcement: disclosure (行政执法公示), whole-process recording (执法全过程记录) and legal review of major decisions (重大执法决定法制审核).\n\nErrors are RFC 9457 `application/problem+json` documents (schema `Problem`) with a stable `code` (schema `ProblemCode`; the table below). An unsupported method on a known path answers 405 `method_not_allowed`. Every response carries an `x-request-id` header.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    components(schemas(Problem, ProblemCode)),
    modifiers(&BearerAuth),
    tags(
        (name = "system", description = "Health and readiness"),
        (name = "auth", description = "Sign-in, token refresh, sign-out"),
        (name = "agencies", description = "Enforcement agencies (执法主体)"),
        (name = "users", description = "User accounts and roles"),
        (name = "officers", description = "Officers (执法人员) and enforcement certificates (行政执法证)"),
        (name = "calendar", description = "Working-day calendar: public holidays and make-up working days"),
        (name = "workbench", description = "The workbench (工作台): what waits for the caller, per role, overdue first"),
        (name = "cases", description = "Cases (案件): stage machines, gates, records, deadlines (执法全过程记录)"),
        (name = "review", description = "Legal review of major decisions (重大执法决定法制审核): catalogue, flagging, reviews, deliberation"),
        (name = "documents", description = "Enforcement documents (执法文书): generated from the case, numbered per agency, type and year, PDF/A-2b with the SHA-256 in the log, the signed paper copies, the case file (电子案卷) as one PDF, and the public check"),
        (name = "supervision", description = "Enforcement supervision (执法监督): the supervisor's read-only dashboard over the agencies granted to them — cases, overdue deadlines, major decisions without legal review, publication punctuality, withdrawals, time per stage — as JSON or CSV; every read recorded"),
        (name = "exchange", description = "Data for other systems, entered once: the national 双公示 templates (行政处罚信息, 行政许可信息) for the provincial credit platform"),
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

/// Adds to every operation the problems it can answer besides those it documents itself (an
/// operation's own entry for a status is kept), and appends the table of codes to the
/// description, both from [`ProblemCode`]: the document cannot list a code the server does not
/// know, nor miss one it answers.
///
/// Which operation gets which status:
/// - 400 when it takes path or query parameters or a body (`invalid_path_parameter`,
///   `invalid_query`, `malformed_json`);
/// - 401 and 403 when it needs a bearer token; 401 also on the public API, where a key that is
///   sent must be valid;
/// - 404 when it has path parameters (no such object, or one of another agency);
/// - 413, 415 and 422 when it takes a body; 422 also when it takes query parameters;
/// - 429 on the public API (per-IP and per-key limits) and on sign-in (lock-out);
/// - 500 everywhere.
struct ProblemResponses;

/// Where an operation is and what it takes, for [`ProblemResponses`].
struct OperationShape {
    public: bool,
    login: bool,
    secured: bool,
    path_params: bool,
    query_params: bool,
    body: bool,
}

impl OperationShape {
    fn of(path: &str, op: &Operation, path_level_params: &[ParameterIn]) -> Self {
        let has = |kind: ParameterIn| {
            path_level_params.contains(&kind)
                || op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == kind)
        };
        let open = SecurityRequirement::default();
        Self {
            public: path.starts_with("/api/public/"),
            login: path.ends_with("/auth/login"),
            secured: op
                .security
                .as_ref()
                .is_some_and(|s| s.iter().any(|r| *r != open)),
            path_params: has(ParameterIn::Path),
            query_params: has(ParameterIn::Query),
            body: op.request_body.is_some(),
        }
    }

    /// The generic statuses this operation can answer with a problem.
    fn statuses(&self) -> Vec<u16> {
        let mut out = Vec::new();
        if self.path_params || self.query_params || self.body {
            out.push(400);
        }
        if self.secured || self.public {
            out.push(401);
        }
        if self.secured {
            out.push(403);
        }
        if self.path_params {
            out.push(404);
        }
        if self.body {
            out.extend([413, 415]);
        }
        if self.body || self.query_params {
            out.push(422);
        }
        if self.public || self.login {
            out.push(429);
        }
        out.push(500);
        out
    }
}

/// The generic codes of a status, as documented on every operation that can answer it; the
/// domain's codes (409, most 422s) are documented by the operations that give them.
fn generic_codes(status: u16) -> Vec<ProblemCode> {
    use ProblemCode as C;
    let generic = [
        C::MalformedJson,
        C::InvalidPathParameter,
        C::InvalidQuery,
        C::Unauthorized,
        C::Forbidden,
        C::NotFound,
        C::PayloadTooLarge,
        C::UnsupportedMediaType,
        C::ValidationFailed,
        C::RateLimited,
        C::InternalError,
    ];
    generic
        .into_iter()
        .filter(|c| c.status() == status)
        .collect()
}

/// The name of the shared response (`#/components/responses/<name>`) of a generic status.
fn response_name(status: u16) -> String {
    let reason = actix_web::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    reason
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect::<String>()
}

fn problem_response(status: u16) -> utoipa::openapi::Response {
    let codes: Vec<String> = generic_codes(status)
        .iter()
        .map(|c| format!("`{}`", c.as_str()))
        .collect();
    let mut response = ResponseBuilder::new()
        .description(format!("Problem: {}", codes.join(", ")))
        .content(
            PROBLEM_CONTENT_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        );
    if status == 429 {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .minimum(Some(1)),
                )
                .description(Some("Seconds to wait before trying again."))
                .build(),
        );
    }
    if status == 401 {
        response = response.header(
            "WWW-Authenticate",
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("`Bearer` when a token is missing or no longer valid."))
                .build(),
        );
    }
    response.build()
}

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut used = std::collections::BTreeSet::new();
        for (path, item) in openapi.paths.paths.iter_mut() {
            let path_level: Vec<ParameterIn> = item
                .parameters
                .iter()
                .flatten()
                .map(|p| p.parameter_in.clone())
                .collect();
            let ops = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for op in ops.into_iter().flatten() {
                let shape = OperationShape::of(path, op, &path_level);
                for status in shape.statuses() {
                    used.insert(status);
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| {
                            RefOr::Ref(Ref::new(format!(
                                "#/components/responses/{}",
                                response_name(status)
                            )))
                        });
                }
            }
        }
        let components = openapi.components.get_or_insert_with(Default::default);
        for status in used {
            components
                .responses
                .insert(response_name(status), RefOr::T(problem_response(status)));
        }
        let mut table = String::from("\n\n| code | status | title |\n|---|---|---|\n");
        for c in ProblemCode::ALL {
            table.push_str(&format!(
                "| `{}` | {} | {} |\n",
                c.as_str(),
                c.status(),
                c.title()
            ));
        }
        let description = openapi.info.description.get_or_insert_with(String::new);
        description.push_str(table.trim_end());
    }
}

/// The characters the server refuses in text (`crate::extract`): C0 controls other than tab, line
/// feed and carriage return, DEL and the C1 controls, in a path, a query string or a JSON string.
const NO_CONTROL_CHARACTERS: &str =
    "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

/// Says in the document what the server enforces on all text: every free-form string (no
/// `format`, `enum` or `pattern` of its own) of a parameter, a request body or a component gets
/// [`NO_CONTROL_CHARACTERS`] as its `pattern`, and every object's keys (`propertyNames`) too.
struct NoControlCharacters;

fn forbid_controls(schema: &mut RefOr<utoipa::openapi::Schema>) {
    use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema, SchemaType};
    let RefOr::T(schema) = schema else {
        return;
    };
    match schema {
        Schema::Object(o) => {
            let is_string = match &o.schema_type {
                SchemaType::Type(t) => *t == Type::String,
                SchemaType::Array(ts) => ts.contains(&Type::String),
                SchemaType::AnyValue => false,
            };
            if is_string && o.format.is_none() && o.enum_values.is_none() && o.pattern.is_none() {
                o.pattern = Some(NO_CONTROL_CHARACTERS.to_owned());
            }
            let is_object = match &o.schema_type {
                SchemaType::Type(t) => *t == Type::Object,
                SchemaType::Array(ts) => ts.contains(&Type::Object),
                SchemaType::AnyValue => false,
            };
            // Keys are text too (a map's keys, or keys an open object does not declare).
            if is_object && o.property_names.is_none() {
                o.property_names = Some(Box::new(Schema::Object(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some(NO_CONTROL_CHARACTERS))
                        .build(),
                )));
            }
            for p in o.properties.values_mut() {
                forbid_controls(p);
            }
            if let Some(AdditionalProperties::RefOr(r)) = o.additional_properties.as_deref_mut() {
                forbid_controls(r);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                forbid_controls(items);
            }
        }
        Schema::OneOf(c) => c.items.iter_mut().for_each(forbid_controls),
        Schema::AllOf(c) => c.items.iter_mut().for_each(forbid_controls),
        Schema::AnyOf(c) => c.items.iter_mut().for_each(forbid_controls),
        _ => {}
    }
}

impl Modify for NoControlCharacters {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for p in item.parameters.iter_mut().flatten() {
                if let Some(s) = p.schema.as_mut() {
                    forbid_controls(s);
                }
            }
            let ops = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for op in ops.into_iter().flatten() {
                for p in op.parameters.iter_mut().flatten() {
                    if let Some(s) = p.schema.as_mut() {
                        forbid_controls(s);
                    }
                }
                if let Some(body) = op.request_body.as_mut() {
                    for c in body.content.values_mut() {
                        if let Some(s) = c.schema.as_mut() {
                            forbid_controls(s);
                        }
                    }
                }
            }
        }
        if let Some(components) = openapi.components.as_mut() {
            for s in components.schemas.values_mut() {
                forbid_controls(s);
            }
        }
    }
}

/// The request types of the case machine refuse fields they do not know
/// (`#[serde(deny_unknown_fields)]` in `sanxiang_domain::case`), which utoipa does not carry into
/// the variants of an internally tagged enum: the document says so, so no client (nor a
/// property-based test) takes them for open objects.
struct ClosedCaseCommands;

const CLOSED_SCHEMAS: [&str; 16] = [
    "PersonNamed",
    "DocumentForm",
    "LegalCitation",
    "QaPair",
    "ListedItem",
    "ServiceForm",
    "DocumentSettings",
    "BankAccount",
    "Command",
    "PeriodRequest",
    "Outcome",
    "InspectionResult",
    "Sanction",
    "Override",
    "Instalment",
    "SeizureList",
];

fn close_objects(schema: &mut RefOr<utoipa::openapi::Schema>) {
    use utoipa::openapi::schema::{AdditionalProperties, Schema};
    let RefOr::T(schema) = schema else {
        return;
    };
    match schema {
        Schema::Object(o) if !o.properties.is_empty() => {
            o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
        }
        Schema::OneOf(c) => c.items.iter_mut().for_each(close_objects),
        Schema::AllOf(c) => c.items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

impl Modify for ClosedCaseCommands {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            for name in CLOSED_SCHEMAS {
                if let Some(s) = components.schemas.get_mut(name) {
                    close_objects(s);
                }
            }
        }
    }
}

/// The complete document, exactly as served at `/api/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_app, mut api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(base())
        .service(scope::scope("/api/v1").configure(routes::configure))
        .service(scope::scope("/api/public/v1").configure(routes::public::configure))
        .split_for_parts();
    ProblemResponses.modify(&mut api);
    NoControlCharacters.modify(&mut api);
    ClosedCaseCommands.modify(&mut api);
    api
}

/// The document as pretty JSON with a trailing newline (the checked-in form).
pub fn document_json() -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(&document())?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_documents_its_generic_problems() {
        let doc = serde_json::to_value(document()).unwrap();
        let codes = doc["components"]["schemas"]["ProblemCode"]["enum"]
            .as_array()
            .unwrap();
        assert_eq!(codes.len(), ProblemCode::ALL.len());
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let responses = op["responses"].as_object().unwrap();
                let has = |s: &str| responses.contains_key(s);
                assert!(has("500"), "{method} {path}: no 500");
                if op.get("requestBody").is_some() {
                    for s in ["400", "413", "415", "422"] {
                        assert!(has(s), "{method} {path}: no {s}");
                    }
                }
                if path.starts_with("/api/public/") || path.ends_with("/auth/login") {
                    assert!(has("429"), "{method} {path}: no 429");
                }
                if op
                    .get("security")
                    .is_some_and(|s| s != &serde_json::json!([]))
                {
                    assert!(has("401") && has("403"), "{method} {path}: no 401/403");
                }
            }
        }
    }

    /// The transition operation names every refusal a command can meet, with its status from
    /// the table (the decision gate's 409s among them).
    #[test]
    fn the_transition_documents_its_refusals() {
        let doc = serde_json::to_value(document()).unwrap();
        let op = &doc["paths"]["/api/v1/cases/{id}/transitions"]["post"]["responses"];
        for code in [
            ProblemCode::InvalidTransition,
            ProblemCode::VersionConflict,
            ProblemCode::CaseArchived,
            ProblemCode::ReviewRequired,
            ProblemCode::ReviewStale,
            ProblemCode::DeliberationMissing,
            ProblemCode::DeliberationIncomplete,
            ProblemCode::NoticeMissing,
            ProblemCode::HeavierThanNoticed,
            ProblemCode::StatementPeriodOpen,
            ProblemCode::NoHearingRight,
            ProblemCode::HearingRequestLate,
            ProblemCode::HearingNoticeTooShort,
            ProblemCode::HearingPresiderConflict,
            ProblemCode::HearingNotScheduled,
            ProblemCode::HearingNotHeld,
            ProblemCode::AlreadyFined,
            ProblemCode::NoPenaltyGroundMissing,
            ProblemCode::OfficerWithdrawn,
            ProblemCode::PartyUnderFourteen,
            ProblemCode::SimplifiedAmountExceeded,
            ProblemCode::CalendarGap,
        ] {
            let status = code.status().to_string();
            let text = op[&status]["description"].as_str().unwrap_or_default();
            assert!(
                text.contains(&format!("`{}`", code.as_str())),
                "{} missing from the {status} of the transition: {text}",
                code.as_str()
            );
        }
    }

    #[test]
    fn free_text_says_control_characters_are_refused() {
        let doc = serde_json::to_value(document()).unwrap();
        let username = &doc["components"]["schemas"]["LoginRequest"]["properties"]["username"];
        assert_eq!(username["pattern"], NO_CONTROL_CHARACTERS);
        // A string with a format of its own (a UUID) keeps only that.
        let id = &doc["components"]["schemas"]["Agency"]["properties"]["id"];
        assert!(id.get("pattern").is_none());
    }
}
