//! The demo's webhook receiver: a stand-in for the county website that `serve --demo` starts
//! beside the server, so the demo webhook endpoint's deliveries arrive (and show as delivered)
//! without any outside host. It answers every POST with 204 and logs the event's type.

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use std::net::TcpListener;

/// The receiver's path.
pub const PATH: &str = "/demo-portal/webhook";

/// Starts the receiver on `127.0.0.1:port`; returns the webhook URL. It runs until the server
/// process ends.
pub fn start(port: u16) -> std::io::Result<String> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(|| App::new().route(PATH, web::post().to(receive)))
        .workers(1)
        .disable_signals()
        .listen(listener)?
        .run();
    actix_web::rt::spawn(server);
    Ok(format!("http://127.0.0.1:{port}{PATH}"))
}

async fn receive(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let kind = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["type"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let id = req
        .headers()
        .get("webhook-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info!(event = %kind, webhook_id = %id, "demo portal received a webhook");
    HttpResponse::NoContent().finish()
}
