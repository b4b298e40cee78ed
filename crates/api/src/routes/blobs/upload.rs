use super::{media, to_info, Uploaders};
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::{post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use sanxiang_api_types::blobs::BlobInfo;
use sanxiang_persistence::blob;
use serde::Deserialize;
use utoipa::IntoParams;

/// What the uploaded file is called.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The file's name with its extension, e.g. `现场照片.jpg` (1–255 characters). The
    /// extension must match the content.
    #[param(required = true, nullable = false, min_length = 1, max_length = 255)]
    pub file_name: Option<String>,
}

fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "The file is larger than the limit of {limit} bytes ({:.1} MiB).",
            limit as f64 / (1024.0 * 1024.0)
        ),
    )
}

fn interrupted(e: PayloadError, limit: u64) -> ApiError {
    match e {
        PayloadError::Overflow => too_large(limit),
        other => ApiError::new(
            ErrorCode::ValidationFailed,
            format!("The upload was interrupted ({other}); nothing was stored. Try again."),
        ),
    }
}

/// Uploads an evidence file. The raw request body is the file (any `Content-Type`; the type is
/// sniffed from the bytes, must be on the allowlist — PDF, JPEG, PNG, MP4, WebM, MOV, MP3, WAV,
/// M4A, OGG — and must match the extension of `file_name`). The body is streamed to disk while
/// it is hashed, up to the configured size limit (default 2 GiB).
///
/// The answer's `sha256` is the file's address; records attach files by it. Uploading content
/// the agency already holds stores nothing new and answers 200 with the same `sha256` (201 when
/// the content is new to the agency). A refused or interrupted upload leaves nothing behind.
#[utoipa::path(tag = "blobs", security(("bearer" = [])), params(UploadQuery),
    request_body(content = String, content_type = "application/octet-stream", description = "The file's bytes"),
    responses(
    (status = 201, description = "Stored; new to the agency", body = BlobInfo,
        headers(("location" = String, description = "The download URL"))),
    (status = 200, description = "The agency already held this content", body = BlobInfo),
    (status = 401, description = "Not signed in", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 403, description = "Role not allowed to upload", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 413, description = "Larger than the upload limit (`payload_too_large`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 415, description = "Content not accepted or not matching the name (`unsupported_media_type`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Missing or bad `file_name`, empty or interrupted body", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/blobs")]
#[tracing::instrument(skip_all)]
pub async fn upload_blob(
    auth: Auth<Uploaders>,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<UploadQuery>,
    mut body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let file_name = media::parse_file_name(query.file_name.as_deref())?;
    media::check_extension(&file_name)?;
    let limit = state.config.max_upload_bytes;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }

    // Collect the first bytes and sniff them: a refused file never touches the disk.
    let mut received: u64 = 0;
    let mut head: Vec<u8> = Vec::with_capacity(media::SNIFF_LEN);
    let mut spill = None;
    while head.len() < media::SNIFF_LEN {
        let Some(chunk) = body.next().await else {
            break;
        };
        let chunk = chunk.map_err(|e| interrupted(e, limit))?;
        received += chunk.len() as u64;
        if received > limit {
            return Err(too_large(limit));
        }
        let take = (media::SNIFF_LEN - head.len()).min(chunk.len());
        head.extend_from_slice(&chunk[..take]);
        if take < chunk.len() {
            spill = Some(chunk.slice(take..));
        }
    }
    if head.is_empty() {
        return Err(ApiError::field("body", "the file is empty"));
    }
    let content_type = media::classify(&file_name, &head)?;

    // Stream the rest. Returning early (limit, broken connection) drops the upload, which
    // deletes its temporary file.
    let mut upload = state
        .blobs
        .begin_upload()
        .await
        .map_err(ApiError::internal)?;
    upload.write(&head).await.map_err(ApiError::internal)?;
    drop(head);
    if let Some(rest) = spill {
        upload.write(&rest).await.map_err(ApiError::internal)?;
    }
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| interrupted(e, limit))?;
        received += chunk.len() as u64;
        if received > limit {
            return Err(too_large(limit));
        }
        upload.write(&chunk).await.map_err(ApiError::internal)?;
    }
    let stored = upload.commit().await.map_err(ApiError::internal)?;
    let catalogued = blob::catalogue_upload(
        &state.db,
        &stored,
        content_type,
        auth.agency_id(),
        auth.user.id,
        &file_name,
        state.now(),
    )
    .await?;
    tracing::info!(sha256 = %stored.address, size = stored.size, content_type, new = catalogued.newly_owned, "evidence file stored");
    let info = to_info(catalogued.meta, file_name);
    if catalogued.newly_owned {
        Ok(HttpResponse::Created()
            .insert_header((header::LOCATION, info.url.clone()))
            .json(info))
    } else {
        Ok(HttpResponse::Ok().json(info))
    }
}
