use super::InspectionManager;
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{post, web};
use futures_util::StreamExt;
use sanxiang_api_types::inspections::{ImportReport, RejectedRow};
use sanxiang_domain::inspection::{NewTarget, TargetInput, TargetRejection};
use sanxiang_persistence::inspections;
use std::collections::{HashMap, HashSet};

/// Largest CSV accepted (a pool of 100,000 rows fits).
const MAX_CSV_BYTES: usize = 32 * 1024 * 1024;

/// The column a header names (English or Chinese).
fn column(header: &str) -> Option<&'static str> {
    Some(match header.trim().trim_start_matches('\u{feff}') {
        "name" | "名称" | "对象名称" => "name",
        "credit_code" | "统一社会信用代码" | "信用代码" => "credit_code",
        "kind" | "type" | "类型" | "对象类型" => "kind",
        "tier" | "credit_tier" | "信用等级" => "tier",
        "address" | "地址" => "address",
        "tags" | "标签" => "tags",
        "last_inspected_on" | "上次检查日期" => "last_inspected_on",
        _ => return None,
    })
}

fn field<'a>(rec: &'a csv::StringRecord, cols: &HashMap<&str, usize>, name: &str) -> &'a str {
    cols.get(name).and_then(|i| rec.get(*i)).unwrap_or("")
}

/// Imports targets from CSV (UTF-8, header row: `name, credit_code, kind, tier, address, tags,
/// last_inspected_on`, or the Chinese 名称, 统一社会信用代码, 类型, 信用等级, 地址, 标签,
/// 上次检查日期). Every valid row is imported in one transaction; every other row is reported with
/// all its reasons: a bad credit-code check character (GB 32100-2015), missing fields, a
/// duplicate in the file or in the pool.
#[utoipa::path(tag = "inspections", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    responses(
        (status = 200, description = "Import report", body = ImportReport),
        (status = 413, description = "File too large", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No header or unknown columns", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/inspections/targets/import")]
pub async fn import_targets(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    mut payload: web::Payload,
) -> Result<web::Json<ImportReport>, ApiError> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::new(ErrorCode::MalformedJson, e.to_string()))?;
        if bytes.len() + chunk.len() > MAX_CSV_BYTES {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("The CSV is larger than {MAX_CSV_BYTES} bytes."),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| ApiError::field("file", "文件须为 UTF-8 编码 / the file must be UTF-8"))?;
    // The same rule as for every JSON string (see `crate::extract`): no NUL or other control
    // characters reach the pool's names.
    if text.chars().any(crate::extract::forbidden_char) {
        return Err(ApiError::field(
            "file",
            "文件含控制字符 / the file contains control characters",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ApiError::field("file", format!("无法读取表头 / unreadable header: {e}")))?
        .clone();
    let mut cols: HashMap<&str, usize> = HashMap::new();
    let mut unknown = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match column(h) {
            Some(c) => {
                cols.insert(c, i);
            }
            None if h.trim().is_empty() => {}
            None => unknown.push(h.to_owned()),
        }
    }
    if !unknown.is_empty() || !cols.contains_key("name") {
        return Err(ApiError::field(
            "file",
            format!(
                "表头须含 name/名称 等列，未知列：{} / the header must name the columns; unknown: {}",
                unknown.join(", "),
                unknown.join(", ")
            ),
        ));
    }
    let agency_id = auth.agency_id();
    let existing = inspections::existing_codes(&state.db, agency_id).await?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut good: Vec<NewTarget> = Vec::new();
    let mut rejected = Vec::new();
    let mut rows = 0u64;
    for (i, rec) in reader.records().enumerate() {
        let line = i as u64 + 2;
        rows += 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                rejected.push(RejectedRow {
                    line,
                    name: String::new(),
                    credit_code: String::new(),
                    reasons: vec![TargetRejection::new(
                        "row",
                        "bad_format",
                        format!("无法读取该行 / unreadable row: {e}"),
                    )],
                });
                continue;
            }
        };
        let input = TargetInput {
            name: field(&rec, &cols, "name").to_owned(),
            credit_code: field(&rec, &cols, "credit_code").to_owned(),
            kind: field(&rec, &cols, "kind").to_owned(),
            tier: field(&rec, &cols, "tier").to_owned(),
            address: field(&rec, &cols, "address").to_owned(),
            tags: field(&rec, &cols, "tags").to_owned(),
            last_inspected_on: field(&rec, &cols, "last_inspected_on").to_owned(),
        };
        let parsed = NewTarget::parse(&input);
        let mut reasons = parsed.as_ref().err().cloned().unwrap_or_default();
        if let Ok(t) = &parsed {
            if let Some(code) = &t.credit_code {
                let code = code.as_str().to_owned();
                if existing.contains(&code) {
                    reasons.push(TargetRejection::new(
                        "credit_code",
                        "duplicate",
                        format!("名录中已有信用代码 {code} / already in the pool"),
                    ));
                } else if !seen.insert(code.clone()) {
                    reasons.push(TargetRejection::new(
                        "credit_code",
                        "duplicate",
                        format!("文件中信用代码 {code} 重复 / duplicate in the file"),
                    ));
                }
            }
        }
        match parsed {
            Ok(t) if reasons.is_empty() => good.push(t),
            _ => rejected.push(RejectedRow {
                line,
                name: input.name,
                credit_code: input.credit_code,
                reasons,
            }),
        }
    }
    let imported = inspections::import_targets(&state.db, agency_id, good, state.now()).await?;
    Ok(web::Json(ImportReport {
        rows,
        imported,
        rejected,
    }))
}
