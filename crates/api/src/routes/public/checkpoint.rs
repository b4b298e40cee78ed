use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use sanxiang_persistence::tlog;

/// The latest signed checkpoint of the tamper-evident log, a C2SP `tlog-checkpoint` signed
/// note (origin, tree size, base64 root, then the Ed25519 signature line).
#[utoipa::path(tag = "log", responses(
    (status = 200, description = "The signed checkpoint", body = String, content_type = "text/plain",
        example = json!("sanxiang.local/log\n3\nBase64RootHash=\n\n— sanxiang.local/log AbCdEf…\n")),
    (status = 503, description = "No checkpoint signed yet (first seconds after the first start)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/log/checkpoint")]
pub async fn checkpoint(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let cp = tlog::latest_checkpoint(&state.db)
        .await
        .map_err(super::super::log::internal)?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::ServiceUnavailable,
                "No checkpoint has been signed yet; try again in a second.",
            )
        })?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(cp.note))
}
