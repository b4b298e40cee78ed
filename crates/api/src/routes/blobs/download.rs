use super::media;
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{get, mime, web, HttpRequest, HttpResponse};
use sanxiang_persistence::blob::{self, BlobAddress};

/// Downloads an evidence file, with HTTP Range support (206 Partial Content) so that video and
/// audio play and seek in the browser. Readable by users of an agency that owns the file and
/// by auditors granted such an agency; for anyone else it does not exist (404).
///
/// Served with the content type sniffed at upload, `Content-Disposition: inline` with the
/// file name given at upload, `X-Content-Type-Options: nosniff`, and a year of private caching
/// (the content at an address never changes).
#[utoipa::path(tag = "blobs", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "The file's SHA-256: 64 lowercase hex digits", pattern = "^[0-9a-f]{64}$")),
    responses(
    (status = 200, description = "The whole file", content_type = "application/octet-stream", body = String),
    (status = 206, description = "The requested range (`Range: bytes=…`)", content_type = "application/octet-stream", body = String),
    (status = 400, description = "Not a SHA-256 (`invalid_path_parameter`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 401, description = "Not signed in", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such file in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 416, description = "Range not satisfiable"),
))]
#[get("/blobs/{sha256}")]
#[tracing::instrument(skip_all, fields(sha256 = %sha256))]
pub async fn download_blob(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    sha256: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let address = BlobAddress::parse(&sha256).ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidPathParameter,
            "`sha256` must be 64 lowercase hexadecimal digits.",
        )
    })?;
    let (meta, owners) = blob::find(&state.db, &address)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let own = auth.agency_id();
    let owner = owners
        .iter()
        .filter(|o| auth.can_read_agency(o.agency_id))
        .min_by_key(|o| (o.agency_id != own, o.created_at))
        .ok_or_else(ApiError::not_found)?;
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "blob.download",
        address.to_string(),
        Some(owner.agency_id),
    )
    .await?;
    let content_type = meta
        .content_type
        .parse::<mime::Mime>()
        .unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let disposition = HeaderValue::from_str(&media::inline_disposition(&owner.file_name))
        .map_err(ApiError::internal)?;
    let mut res = super::serve::stored(&req, &state, &address, content_type).await?;
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}
