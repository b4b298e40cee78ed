//! The 双公示 export: the agency's published penalty or licence decisions in the national
//! template (行政处罚信息 / 行政许可信息), the template's exact column names in the province's
//! order, for upload to the provincial credit platform. Unlike every public answer, the rows
//! carry a natural person's identity document (证件类型, 证件号码): the template reports it to
//! the credit platform, which does not publish it (行政处罚法 art. 50).

use super::CreditExporter;
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use sanxiang_api_types::disclosure::{CreditExportFormat, CreditExportQuery};
use sanxiang_domain::case::CaseKind;
use sanxiang_domain::disclosure::credit::{
    licence_status, rendered_row, template_of, CreditSettings, ReportedOnly, TemplateKind,
};
use sanxiang_domain::disclosure::workflow::Status;
use sanxiang_persistence::disclosure::decisions::{self, CreditEntry};

type Problem = sanxiang_api_types::problem::Problem;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The agency's published penalty (`kind=penalty`) or licence (`kind=licence`) decisions of the
/// decision dates `from`–`to` in the national 双公示 template, as CSV (UTF-8 with BOM, the
/// default) or XLSX: one header row with the template's column names, in the order of the
/// province's settings (`[credit]`; the national order by default), one row per decision as
/// last published (a licence withdrawn or past its validity is reported 无效; a penalty
/// withdrawn is left out). Natural persons' identity numbers are included (the template
/// reports them to the credit platform); the public API never carries them.
#[utoipa::path(tag = "exchange", security(("bearer" = [])), params(CreditExportQuery), responses(
    (status = 200, description = "The template, filled", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 400, description = "`invalid_query` (`from` after `to`, unknown `kind` or `format`)", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a disclosure editor or admin", body = Problem, content_type = "application/problem+json"),
))]
#[get("/exchange/credit")]
#[tracing::instrument(skip_all, fields(agency_id = %auth.agency_id()))]
pub async fn export_credit(
    auth: Auth<CreditExporter>,
    state: web::Data<AppState>,
    q: web::Query<CreditExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(ApiError::new(
                ErrorCode::InvalidQuery,
                "`from` must not be after `to`",
            ));
        }
    }
    let case_kind = match q.kind {
        TemplateKind::Penalty => CaseKind::Penalty,
        TemplateKind::Licence => CaseKind::Licence,
    };
    let entries =
        decisions::credit_entries(&state.db, auth.agency_id(), case_kind, q.from, q.to).await?;
    let settings = &state.config.credit.settings;
    let table = table(q.kind, &entries, settings, state.today());
    let (name, body, content_type) = match q.format.unwrap_or_default() {
        CreditExportFormat::Csv => ("csv", csv_bytes(&table)?, "text/csv; charset=utf-8"),
        CreditExportFormat::Xlsx => ("xlsx", xlsx_bytes(q.kind, &table)?, XLSX),
    };
    let file = match q.kind {
        TemplateKind::Penalty => "penalty",
        TemplateKind::Licence => "licence",
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"credit-{file}.{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// The header row and one row per reported decision, rendered as the province writes them.
fn table(
    kind: TemplateKind,
    entries: &[CreditEntry],
    st: &CreditSettings,
    today: chrono::NaiveDate,
) -> Vec<Vec<String>> {
    let columns = st.columns(kind);
    let mut out = vec![columns.iter().map(|c| c.column.to_owned()).collect()];
    for e in entries {
        if template_of(&e.public) != Some(kind) {
            continue;
        }
        let withdrawn = e.status == Status::Withdrawn;
        if kind == TemplateKind::Penalty && withdrawn {
            continue;
        }
        let status = licence_status(&e.public, withdrawn, today);
        let r = rendered_row(kind, &e.public, &ReportedOnly::of(&e.source), status, st);
        out.push(r.into_iter().map(|(_, text)| text).collect());
    }
    out
}

/// A cell a spreadsheet would run as a formula is written as text (a leading apostrophe).
fn defused(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A table as CSV: UTF-8 with a BOM (spreadsheets open it as such), formula-like cells defused.
pub(crate) fn csv_bytes(table: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    let mut buf = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        for r in table {
            w.write_record(r.iter().map(|c| defused(c).into_owned()))
                .map_err(ApiError::internal)?;
        }
        w.flush().map_err(ApiError::internal)?;
    }
    Ok(buf)
}

fn xlsx_bytes(kind: TemplateKind, table: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    use rust_xlsxwriter::Workbook;
    let fail = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(match kind {
            TemplateKind::Penalty => "行政处罚信息",
            TemplateKind::Licence => "行政许可信息",
        })
        .map_err(fail)?;
    for (i, r) in table.iter().enumerate() {
        let i = u32::try_from(i).map_err(ApiError::internal)?;
        for (j, c) in r.iter().enumerate() {
            let j = u16::try_from(j).map_err(ApiError::internal)?;
            // Every cell is text: codes and numbers keep their leading zeros.
            sheet.write_string(i, j, c.as_str()).map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}
