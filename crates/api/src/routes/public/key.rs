use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};

/// The log's verifier key in the signed-note form `<name>+<key id hex>+<base64 of 0x01 ‖ Ed25519
/// public key>`: what `sanxiang verify --key` and any C2SP client check checkpoints with.
#[utoipa::path(tag = "log", responses(
    (status = 200, description = "The verifier key", body = String, content_type = "text/plain",
        example = json!("sanxiang.local/log+1a2b3c4d+AR…")),
))]
#[get("/log/key")]
pub async fn key(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .body(state.log_signer.verifier().to_string())
}
