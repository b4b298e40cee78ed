//! Answering a stored blob over HTTP, wherever the store keeps it: a local file through
//! actix-files, an object of a remote store streamed from it — both with HTTP Range
//! (RFC 9110 §14), so video and audio seek without downloading the whole file.

use crate::error::ApiError;
use crate::state::AppState;
use actix_files::{HttpRange, NamedFile};
use actix_web::http::header::{self, HeaderValue};
use actix_web::{mime, HttpRequest, HttpResponse};
use sanxiang_persistence::blob::{BlobAddress, BlobError, BlobSource};

/// The response for the blob at `address` (200, 206, 304 or 416), typed `content_type`; the
/// caller adds its own headers (disposition, caching). A catalogued blob missing from the store
/// is an internal error.
pub async fn stored(
    req: &HttpRequest,
    state: &AppState,
    address: &BlobAddress,
    content_type: mime::Mime,
) -> Result<HttpResponse, ApiError> {
    match state.blobs.open(address).await {
        Ok(BlobSource::File(path)) => Ok(NamedFile::open_async(&path)
            .await
            .map_err(ApiError::internal)?
            .set_content_type(content_type)
            .disable_content_disposition()
            .use_etag(true)
            .use_last_modified(true)
            .into_response(req)),
        Ok(BlobSource::Remote { size }) => remote(req, state, address, content_type, size).await,
        Err(BlobError::NotFound) => Err(ApiError::internal(anyhow::anyhow!(
            "catalogued blob {address} is missing from the store"
        ))),
        Err(e) => Err(ApiError::internal(e)),
    }
}

/// A remote object: its SHA-256 is a strong validator (the content at an address never
/// changes), one range per request as actix-files serves files.
async fn remote(
    req: &HttpRequest,
    state: &AppState,
    address: &BlobAddress,
    content_type: mime::Mime,
    size: u64,
) -> Result<HttpResponse, ApiError> {
    let etag = format!("\"{address}\"");
    let etag_value = HeaderValue::from_str(&etag).map_err(ApiError::internal)?;
    let matches_etag = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches_etag {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag_value))
            .finish());
    }
    let range = match req.headers().get(header::RANGE).map(|v| v.to_str()) {
        None => None,
        Some(Ok(spec)) => match HttpRange::parse(spec, size) {
            Ok(ranges) => ranges.first().map(|r| r.start..r.start + r.length),
            Err(_) => {
                return Ok(HttpResponse::RangeNotSatisfiable()
                    .insert_header((header::CONTENT_RANGE, format!("bytes */{size}")))
                    .insert_header((header::ACCEPT_RANGES, "bytes"))
                    .finish())
            }
        },
        Some(Err(_)) => None,
    };
    let mut res = match &range {
        Some(r) => {
            let mut b = HttpResponse::PartialContent();
            b.insert_header((
                header::CONTENT_RANGE,
                format!("bytes {}-{}/{size}", r.start, r.end.saturating_sub(1)),
            ));
            b
        }
        None => HttpResponse::Ok(),
    };
    let length = range.as_ref().map_or(size, |r| r.end - r.start);
    let body = state
        .blobs
        .read(address, range)
        .await
        .map_err(ApiError::internal)?;
    Ok(res
        .insert_header((header::CONTENT_TYPE, content_type.to_string()))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::ETAG, etag_value))
        .no_chunking(length)
        .streaming(body))
}
