//! The public officers list (执法人员清单) and certificate check (亮证执法): name, unit, post and
//! certificates — never usernames, phones or resident ids.

use crate::error::ApiError;
use crate::routes::public::registers::{decode_cursor, encode_cursor, page_size};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use qrcode::render::svg;
use qrcode::QrCode;
use sanxiang_api_types::registers::{
    CertificateCheck, PublicCertificate, PublicOfficer, PublicOfficerPage, PublicPageQuery,
};
use sanxiang_persistence::public_officers as store;

type Problem = sanxiang_api_types::problem::Problem;

fn cert_view(c: store::PublicCertificate, today: chrono::NaiveDate) -> PublicCertificate {
    PublicCertificate {
        valid_today: c.valid_on(today),
        number: c.number,
        issuer: c.issuer,
        categories: c.categories,
        area: c.area,
        status: c.status,
        valid_from: c.valid_from,
        valid_until: c.valid_until,
    }
}

/// Officers holding an enforcement certificate, in a stable order, `limit` per page (default
/// 20, at most 500).
#[utoipa::path(tag = "registers", params(PublicPageQuery), responses(
    (status = 200, description = "A page", body = PublicOfficerPage),
    (status = 400, description = "Bad cursor or limit (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/officers")]
pub async fn public_officers(
    state: web::Data<AppState>,
    q: web::Query<PublicPageQuery>,
) -> Result<web::Json<PublicOfficerPage>, ApiError> {
    let limit = page_size(q.limit)?;
    let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
    let mut rows = store::list(&state.db, q.agency_id, after, limit).await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|o| encode_cursor(o.key))
    } else {
        None
    };
    let today = state.today();
    Ok(web::Json(PublicOfficerPage {
        items: rows
            .into_iter()
            .map(|o| PublicOfficer {
                name: o.name,
                unit: o.unit,
                post: o.post,
                agency_id: o.agency_id,
                certificates: o
                    .certificates
                    .into_iter()
                    .map(|c| cert_view(c, today))
                    .collect(),
            })
            .collect(),
        next,
    }))
}

/// Checks a certificate by number: valid today (Beijing date) or not — status and validity
/// dates — and whose it is (name, unit, categories, area). An unknown number is 404.
#[utoipa::path(tag = "registers",
    params(("number" = String, Path, description = "Certificate number")),
    responses(
    (status = 200, description = "The check", body = CertificateCheck),
    (status = 404, description = "Unknown certificate", body = Problem, content_type = "application/problem+json"),
))]
#[get("/certificates/{number}")]
pub async fn check_certificate(
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<web::Json<CertificateCheck>, ApiError> {
    let number = number.trim();
    if number.is_empty() || number.len() > 64 {
        return Err(ApiError::not_found());
    }
    let (c, o) = store::certificate(&state.db, number).await?;
    let today = state.today();
    Ok(web::Json(CertificateCheck {
        valid_today: c.valid_on(today),
        checked_on: today,
        number: c.number,
        status: c.status,
        valid_from: c.valid_from,
        valid_until: c.valid_until,
        issuer: c.issuer,
        name: o.name,
        unit: o.unit,
        agency_id: o.agency_id,
        categories: c.categories,
        area: c.area,
    }))
}

fn encode_path_segment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A QR code (SVG) of the certificate's public check page (`<public base>/public/certificates/
/// {number}`), for printing on the certificate or showing on a phone.
#[utoipa::path(tag = "registers",
    params(("number" = String, Path, description = "Certificate number")),
    responses(
    (status = 200, description = "The QR code", body = String, content_type = "image/svg+xml"),
    (status = 404, description = "Unknown certificate", body = Problem, content_type = "application/problem+json"),
))]
#[get("/certificates/{number}/qr.svg")]
pub async fn certificate_qr(
    state: web::Data<AppState>,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (c, _) = store::certificate(&state.db, number.trim()).await?;
    let url = format!(
        "{}/public/certificates/{}",
        state.config.public_base(),
        encode_path_segment(&c.number)
    );
    let code = QrCode::new(url.as_bytes()).map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"))
        .body(image))
}
