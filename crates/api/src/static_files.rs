//! Serves the built frontend at `/`, with `index.html` for every client-side route. A missing
//! build is answered with a clear page, never a crash.

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::ContentType;
use actix_web::HttpResponse;
use std::path::PathBuf;

const NOT_BUILT: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>三项</title>\
<body><h1>前端尚未构建</h1><p>The web app has not been built. Run <code>cargo xtask run</code>, \
or set <code>SANXIANG_STATIC_DIR</code> to the built frontend.</p><p>API: <a href=\"/api/docs/\">/api/docs/</a></p></body></html>";

/// The static-file service with the SPA fallback.
pub fn service(dir: PathBuf) -> Files {
    let index = dir.join("index.html");
    Files::new("/", dir)
        .index_file("index.html")
        .prefer_utf8(true)
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                match NamedFile::open_async(&index).await {
                    Ok(file) => {
                        let res = file.use_etag(true).into_response(&req);
                        Ok(ServiceResponse::new(req, res))
                    }
                    Err(_) => Ok(ServiceResponse::new(
                        req,
                        HttpResponse::ServiceUnavailable()
                            .content_type(ContentType::html())
                            .body(NOT_BUILT),
                    )),
                }
            }
        }))
}
