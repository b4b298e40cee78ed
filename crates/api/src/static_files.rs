//! Serves the built frontend at `/`, with `index.html` for every client-side route. A missing
//! build is answered with a clear page, never a crash.

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, ContentType, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

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

/// The browser-facing security headers: a Content-Security-Policy per kind of page (the web
/// app, Swagger UI, API answers), each with `frame-ancestors 'none'` against clickjacking, plus
/// `X-Content-Type-Options`, `Referrer-Policy` and `X-Frame-Options` for older browsers.
pub struct SecurityHeaders {
    app: HeaderValue,
    docs: HeaderValue,
    api: HeaderValue,
}

/// Swagger UI (`utoipa-swagger-ui`, vendored) runs inline scripts and styles: its pages get
/// their own policy, still same-origin only and never framed.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// API answers are data, never a document to render.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

impl SecurityHeaders {
    /// Reads the built `index.html` (if there is one yet) for the hashes of its inline scripts.
    pub fn new(static_dir: &Path) -> Self {
        let html = std::fs::read_to_string(static_dir.join("index.html")).unwrap_or_default();
        let value = |s: &str| {
            HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(API_CSP))
        };
        Self {
            app: value(&app_policy(&html)),
            docs: HeaderValue::from_static(DOCS_CSP),
            api: HeaderValue::from_static(API_CSP),
        }
    }
}

/// The web app's policy. The Leptos app is WebAssembly (`'wasm-unsafe-eval'` compiles it); the
/// module script in `index.html` that starts it is allowed by its hash; Leptos sets `style`
/// attributes (progress bars), hence `'unsafe-inline'` for styles only; evidence previews and
/// downloads use `blob:` URLs.
fn app_policy(index_html: &str) -> String {
    // Browsers hash the script's text after the HTML parser turned CR LF and CR into LF.
    let html = index_html.replace("\r\n", "\n").replace('\r', "\n");
    let hashes: String = inline_scripts(&html)
        .map(|body| {
            format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(body.as_bytes()))
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; \
connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements without `src`, exactly as a browser hashes them.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attrs, rest) = rest.split_once('>')?;
        let (body, _) = rest.split_once("</script>")?;
        (!attrs.contains("src=")).then_some(body)
    })
}

/// Middleware: sets the security headers on every answer that has none of its own.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let policies = req.app_data::<web::Data<SecurityHeaders>>().cloned();
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    if let Some(p) = policies {
        let csp = if path == "/api/docs" || path.starts_with("/api/docs/") {
            p.docs.clone()
        } else if path.starts_with("/api/") {
            p.api.clone()
        } else {
            p.app.clone()
        };
        if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
            h.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_their_hash_only() {
        let html = "<head><script type=\"module\">\n    init();\n</script>\
<script src=\"/x.js\"></script></head>";
        let p = app_policy(html);
        let want = STANDARD.encode(Sha256::digest(b"\n    init();\n"));
        assert!(p.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{want}';"
        )));
        assert_eq!(p.matches("'sha256-").count(), 1);
        // A checkout with CR LF line ends gives the same hash.
        assert_eq!(app_policy(&html.replace('\n', "\r\n")), p);
        assert!(!p.contains("script-src 'self' 'unsafe-inline'"));
        assert!(p.contains("frame-ancestors 'none'"));
    }
}
