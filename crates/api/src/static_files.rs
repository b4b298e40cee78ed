//! Serves the built frontend at `/`, with `index.html` for every client-side route. A missing
//! build is answered with a clear page, never a crash.
//!
//! `cargo xtask` (xtask/src/frontend.rs) writes the wasm, JS and CSS under content-hashed names
//! (`sanxiang-<16 hex digits>.wasm`) with brotli (`.br`) and gzip (`.gz`) variants next to them:
//! an asset is answered with the variant the client accepts (`Content-Encoding`, the original
//! `Content-Type`, `Vary: Accept-Encoding`), and a content-hashed one may be cached for a year
//! (`immutable`), while `index.html`, which names them, is revalidated on every load.

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{fn_service, HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, ContentEncoding, ContentType, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const NOT_BUILT: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>三项</title>\
<body><h1>前端尚未构建</h1><p>The web app has not been built. Run <code>cargo xtask run</code>, \
or set <code>SANXIANG_STATIC_DIR</code> to the built frontend.</p><p>API: <a href=\"/api/docs/\">/api/docs/</a></p></body></html>";

/// A year: content-hashed assets never change under their name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The built frontend's directory.
struct StaticDir(PathBuf);

/// The static-file services: `index.html` at `/` (and for every client-side route), the built
/// assets with their pre-compressed variants, and any other file of the directory.
pub fn service(dir: PathBuf) -> impl HttpServiceFactory {
    let data = web::Data::new(StaticDir(dir.clone()));
    let index = dir.join("index.html");
    (
        web::resource(["/", "/index.html"])
            .app_data(data.clone())
            .route(web::get().to(index_page))
            .route(web::head().to(index_page)),
        web::resource(r"/{name:[A-Za-z0-9_.\-]+\.(?:wasm|js|css)}")
            .app_data(data)
            .route(web::get().to(asset))
            .route(web::head().to(asset)),
        Files::new("/", dir)
            .prefer_utf8(true)
            .default_handler(fn_service(move |req: ServiceRequest| {
                let index = index.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let res = index_response(&req, &index).await;
                    Ok(ServiceResponse::new(req, res))
                }
            })),
    )
}

async fn index_page(req: HttpRequest, dir: web::Data<StaticDir>) -> HttpResponse {
    index_response(&req, &dir.0.join("index.html")).await
}

/// `index.html`, revalidated on every load (`no-cache`): it names the current assets.
async fn index_response(req: &HttpRequest, index: &Path) -> HttpResponse {
    match NamedFile::open_async(index).await {
        Ok(file) => {
            let mut res = file.use_etag(true).into_response(req);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res
        }
        Err(_) => HttpResponse::ServiceUnavailable()
            .content_type(ContentType::html())
            .body(NOT_BUILT),
    }
}

/// A wasm, JS or CSS file of the build: its brotli or gzip variant when the client accepts it
/// and the build wrote one, else the file itself.
async fn asset(
    req: HttpRequest,
    dir: web::Data<StaticDir>,
    name: web::Path<String>,
) -> HttpResponse {
    let name = name.into_inner();
    let path = dir.0.join(&name);
    // A range of a compressed variant is not a range of the file: ranges get the file itself.
    let accept = match req.headers().get(header::RANGE) {
        Some(_) => "",
        None => req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    };
    let variant = [
        ("br", ContentEncoding::Brotli),
        ("gzip", ContentEncoding::Gzip),
    ]
    .into_iter()
    .filter(|(coding, _)| accepts(accept, coding))
    .find_map(|(coding, encoding)| {
        let ext = if coding == "br" { "br" } else { "gz" };
        let file = std::fs::File::open(dir.0.join(format!("{name}.{ext}"))).ok()?;
        // Named after the original file: its Content-Type, not that of a `.br` file.
        NamedFile::from_file(file, &path)
            .ok()
            .map(|f| f.set_content_encoding(encoding))
    });
    let file = match variant {
        Some(f) => f,
        None => match NamedFile::open_async(&path).await {
            Ok(f) => f,
            Err(_) => return HttpResponse::NotFound().finish(),
        },
    };
    let mut res = file.prefer_utf8(true).use_etag(true).into_response(&req);
    let h = res.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if is_content_hashed(&name) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    res
}

/// Whether `Accept-Encoding` (RFC 9110 §12.5.3) admits `coding`: named, or covered by `*`,
/// with a weight above zero; a named coding's weight overrides `*`'s.
fn accepts(accept_encoding: &str, coding: &str) -> bool {
    let weight = |item: &str| -> Option<(String, bool)> {
        let mut parts = item.split(';');
        let name = parts.next()?.trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            let p = p.trim();
            (p.starts_with("q=") || p.starts_with("Q="))
                && p[2..].trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
        });
        (!name.is_empty()).then_some((name, !refused))
    };
    let items: Vec<(String, bool)> = accept_encoding.split(',').filter_map(weight).collect();
    match items.iter().find(|(name, _)| name == coding) {
        Some((_, ok)) => *ok,
        None => items.iter().any(|(name, ok)| name == "*" && *ok),
    }
}

/// `<stem>-<16 lowercase hex digits>.<ext>`: a name cargo xtask gave from the file's content.
fn is_content_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() == 16
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
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

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip, deflate, br", "gzip"));
        assert!(!accepts("gzip, deflate", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("BR ; q=0.5", "br"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("*, gzip;q=0", "gzip"));
        assert!(!accepts("*;q=0", "br"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("identity", "gzip"));
    }

    #[test]
    fn content_hashed_names_are_recognised() {
        assert!(is_content_hashed("sanxiang-0123456789abcdef.wasm"));
        assert!(is_content_hashed("style-0123456789abcdef.css"));
        // The split build's loader and page files (xtask/src/frontend.rs).
        assert!(is_content_hashed("sanxiang_split-0123456789abcdef.js"));
        assert!(is_content_hashed(
            "split_case_detail_1234-0123456789abcdef.wasm"
        ));
        assert!(!is_content_hashed("sanxiang.js"));
        assert!(!is_content_hashed("sanxiang_bg.wasm"));
        assert!(!is_content_hashed("app-0123456789ABCDEF.js"));
        assert!(!is_content_hashed("app-0123.js"));
    }
}
