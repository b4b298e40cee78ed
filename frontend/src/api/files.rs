//! Evidence files: uploads through `XMLHttpRequest` (the only browser API that reports upload
//! progress) and authenticated downloads turned into object URLs for `<img>` and `<video>`,
//! which cannot send an `Authorization` header themselves; file downloads (case exports,
//! proofs) go the same way and are handed to the browser through an `<a download>` click.

use super::{decode_text, ApiError, Session, API_BASE};
use crate::api::endpoints::encode;
use gloo_net::http::Method;
use sanxiang_api_types::blobs::BlobInfo;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, ProgressEvent, XmlHttpRequest};

/// Bytes sent so far and the total, as the browser reports them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct UploadProgress {
    pub loaded: f64,
    pub total: f64,
}

impl UploadProgress {
    /// 0–100.
    pub fn percent(self) -> f64 {
        if self.total > 0.0 {
            (self.loaded / self.total * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    }
}

impl Session {
    /// Uploads `file` as one evidence blob (`POST /blobs?file_name=…`), calling `on_progress`
    /// as bytes leave. On `401` the token pair is rotated once and the upload starts again.
    pub async fn upload_blob(
        self,
        file: &File,
        on_progress: impl Fn(UploadProgress) + 'static,
    ) -> Result<BlobInfo, ApiError> {
        let on_progress = std::rc::Rc::new(on_progress);
        let token = self.access_token();
        let (status, text) = xhr_upload(file, token.as_deref(), on_progress.clone()).await?;
        let (status, text) = if status == 401 {
            self.refresh_after_401(token).await?;
            let retry = xhr_upload(file, self.access_token().as_deref(), on_progress).await?;
            if retry.0 == 401 {
                self.clear();
                return Err(ApiError::SessionExpired);
            }
            retry
        } else {
            (status, text)
        };
        decode_text(status, &text)
    }
}

async fn xhr_upload(
    file: &File,
    bearer: Option<&str>,
    on_progress: std::rc::Rc<dyn Fn(UploadProgress)>,
) -> Result<(u16, String), ApiError> {
    let net = |e: JsValue| ApiError::Network(format!("{e:?}"));
    let xhr = XmlHttpRequest::new().map_err(net)?;
    let url = format!("{API_BASE}/blobs?file_name={}", encode(&file.name()));
    xhr.open("POST", &url).map_err(net)?;
    xhr.set_request_header("Accept", "application/json, application/problem+json")
        .map_err(net)?;
    let content_type = file.type_();
    let content_type = if content_type.is_empty() {
        "application/octet-stream".to_owned()
    } else {
        content_type
    };
    xhr.set_request_header("Content-Type", &content_type)
        .map_err(net)?;
    if let Some(token) = bearer {
        xhr.set_request_header("Authorization", &format!("Bearer {token}"))
            .map_err(net)?;
    }
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if ev.length_computable() {
            on_progress(UploadProgress {
                loaded: ev.loaded(),
                total: ev.total(),
            });
        }
    });
    let upload = xhr.upload().map_err(net)?;
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));

    // Load settles the promise with the answer; a network failure or abort rejects it.
    let mut start = |resolve: js_sys::Function, reject: js_sys::Function| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
    };
    let done = js_sys::Promise::new(&mut start);
    xhr.send_with_opt_blob(Some(file)).map_err(net)?;
    let outcome = JsFuture::from(done).await;
    upload.set_onprogress(None);
    drop(progress);
    outcome.map_err(net)?;
    let status = xhr.status().map_err(net)?;
    let text = xhr.response_text().map_err(net)?.unwrap_or_default();
    Ok((status, text))
}

/// Downloads a blob with the session's token and answers with an object URL for it. The caller
/// revokes it with [`revoke_object_url`] when the preview goes away.
pub async fn fetch_object_url(session: Session, url: &str) -> Result<String, ApiError> {
    let path = url.strip_prefix(API_BASE).unwrap_or(url);
    let resp = session.authed(Method::GET, path, None).await?;
    if !resp.ok() {
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        return match decode_text::<serde_json::Value>(status, &text) {
            Err(err) => Err(err),
            Ok(_) => Err(ApiError::Unexpected(format!("status {status}"))),
        };
    }
    let raw: web_sys::Response = resp.into();
    let promise = raw
        .blob()
        .map_err(|e| ApiError::Network(format!("{e:?}")))?;
    let blob: web_sys::Blob = JsFuture::from(promise)
        .await
        .map_err(|e| ApiError::Network(format!("{e:?}")))?
        .unchecked_into();
    web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| ApiError::Unexpected(format!("{e:?}")))
}

/// Frees an object URL made by [`fetch_object_url`].
pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Where a file download stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DownloadPhase {
    /// Asked for; the server is preparing the file.
    Preparing,
    /// The answer has begun; `total` bytes are coming, when the server says.
    Receiving { total: Option<f64> },
    /// Handed to the browser.
    Done { bytes: f64 },
}

impl Session {
    /// Downloads an authenticated file (path below `API_BASE`) and hands it to the browser as a
    /// download, named from the answer's `Content-Disposition` or else `fallback_name`. Calls
    /// `on_phase` as it goes; answers the file name and its size in bytes.
    pub async fn download(
        self,
        path: &str,
        fallback_name: &str,
        on_phase: impl Fn(DownloadPhase),
    ) -> Result<(String, f64), ApiError> {
        on_phase(DownloadPhase::Preparing);
        let resp = self.authed(Method::GET, path, None).await?;
        if !resp.ok() {
            let status = resp.status();
            let text = resp.text().await.unwrap_or_default();
            return match decode_text::<serde_json::Value>(status, &text) {
                Err(err) => Err(err),
                Ok(_) => Err(ApiError::Unexpected(format!("status {status}"))),
            };
        }
        let headers = resp.headers();
        let name = headers
            .get("content-disposition")
            .and_then(|v| disposition_file_name(&v))
            .unwrap_or_else(|| fallback_name.to_owned());
        let total = headers
            .get("content-length")
            .and_then(|v| v.trim().parse::<f64>().ok());
        on_phase(DownloadPhase::Receiving { total });
        let raw: web_sys::Response = resp.into();
        let net = |e: JsValue| ApiError::Network(format!("{e:?}"));
        let promise = raw.blob().map_err(net)?;
        let blob: web_sys::Blob = JsFuture::from(promise).await.map_err(net)?.unchecked_into();
        let bytes = blob.size();
        save_blob(&blob, &name)?;
        on_phase(DownloadPhase::Done { bytes });
        Ok((name, bytes))
    }
}

/// The `filename="…"` of a `Content-Disposition` header.
fn disposition_file_name(value: &str) -> Option<String> {
    value.split(';').find_map(|part| {
        let name = part.trim().strip_prefix("filename=")?;
        let name = name.trim().trim_matches('"');
        (!name.is_empty() && !name.contains(['/', '\\'])).then(|| name.to_owned())
    })
}

/// Offers `blob` as a download named `name`: an object URL behind a clicked `<a download>`,
/// revoked a minute later (revoking at once can cancel the download in some browsers).
fn save_blob(blob: &web_sys::Blob, name: &str) -> Result<(), ApiError> {
    let unexpected = |e: JsValue| ApiError::Unexpected(format!("{e:?}"));
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(unexpected)?;
    let window = web_sys::window().ok_or_else(|| ApiError::Unexpected("no window".into()))?;
    let document = window
        .document()
        .ok_or_else(|| ApiError::Unexpected("no document".into()))?;
    let body = document
        .body()
        .ok_or_else(|| ApiError::Unexpected("no body".into()))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(unexpected)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    body.append_child(&anchor).map_err(unexpected)?;
    anchor.click();
    anchor.remove();
    let revoke = Closure::once_into_js(move || revoke_object_url(&url));
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Ok(())
}
