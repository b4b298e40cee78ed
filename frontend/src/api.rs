//! The API client: the one place that talks to the server.
//!
//! Base path `/api/v1` on the same origin. The access token lives only in memory (a signal in
//! [`Session`]); the refresh token is kept in `localStorage` under [`REFRESH_TOKEN_KEY`] so a
//! reload can restore the session. Authenticated calls send `Authorization: Bearer <access>`;
//! on `401` the client rotates the token pair once through `/auth/refresh` and retries. When the
//! refresh is refused, the tokens are cleared and the signed-in user is dropped, which brings
//! back the login page. Errors arrive as RFC 9457 `application/problem+json` ([`Problem`]).

use crate::i18n::{problem_key, t, Key};
use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::*;
use sanxiang_api_types::auth::{LoginRequest, Me, RefreshRequest, TokenPair};
use sanxiang_api_types::problem::Problem;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub mod disclosure;
pub mod documents;
mod endpoints;
mod files;
pub mod inspections;
mod log;
mod portal;
pub mod registers;
mod review;

pub use files::{fetch_object_url, revoke_object_url, DownloadPhase, UploadProgress};
pub use log::{latest_checkpoint, log_key, proof_path};

/// Base path of every API call.
pub const API_BASE: &str = "/api/v1";

/// Base path of the public (unauthenticated) endpoints, e.g. the log's verifier key.
pub const PUBLIC_API_BASE: &str = "/api/public/v1";

/// `localStorage` key of the refresh token.
pub const REFRESH_TOKEN_KEY: &str = "sanxiang.refresh_token";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem document.
    Problem(Box<Problem>),
    /// The request did not reach the server, or no answer came back.
    Network(String),
    /// The server answered with something that is not what was expected.
    Unexpected(String),
    /// The session has ended (the refresh token was refused); the user must sign in again.
    SessionExpired,
}

impl ApiError {
    /// The problem's stable `code`, if the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Problem(p) => Some(p.code.as_str()),
            _ => None,
        }
    }

    /// Messages per field of a validation failure (`errors`), e.g. `party.id_number`: the
    /// Chinese half of the server's bilingual messages.
    pub fn field_errors(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        match self {
            ApiError::Problem(p) => p
                .errors
                .iter()
                .flatten()
                .map(|(field, messages)| {
                    let zh = messages
                        .iter()
                        .map(|m| crate::format::chinese_part(m))
                        .map(|m| {
                            if m.is_empty() {
                                t(Key::ErrValidationFailed).to_owned()
                            } else {
                                m
                            }
                        })
                        .collect();
                    (field.clone(), zh)
                })
                .collect(),
            _ => Default::default(),
        }
    }

    /// A message for the user: the table's text for well-known codes; for the codes whose
    /// server `detail` names dates, officers or amounts (see [`problem_key`]) the Chinese half of
    /// that bilingual detail, its dates as 2026年12月7日; else the problem's Chinese `title`.
    pub fn message(&self) -> String {
        match self {
            ApiError::Problem(p) => match problem_key(&p.code) {
                Some(key) => t(key).to_owned(),
                None => match p.detail.as_deref().map(crate::format::chinese_part) {
                    Some(detail) if !detail.is_empty() => detail,
                    _ => p.title.clone(),
                },
            },
            ApiError::Network(_) => t(Key::ErrNetwork).to_owned(),
            ApiError::Unexpected(_) => t(Key::ErrUnexpectedResponse).to_owned(),
            ApiError::SessionExpired => t(Key::ErrSessionExpired).to_owned(),
        }
    }
}

/// The signed-in state, shared through the context. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    access_token: RwSignal<Option<String>>,
    /// The signed-in user; `None` shows the login page.
    pub user: RwSignal<Option<Me>>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    /// A session with nobody signed in.
    pub fn new() -> Self {
        Self {
            access_token: RwSignal::new(None),
            user: RwSignal::new(None),
        }
    }

    /// Provides a new session to the context and returns it.
    pub fn provide() -> Self {
        let session = Self::new();
        provide_context(session);
        session
    }

    /// The session from the context (a fresh, signed-out one if none was provided).
    pub fn use_session() -> Self {
        use_context::<Session>().unwrap_or_default()
    }

    /// Whether a refresh token is stored, i.e. a session may be restorable.
    pub fn has_stored_session() -> bool {
        stored_refresh_token().is_some()
    }

    /// Signs in; on success the user is loaded and set.
    pub async fn login(self, username: String, password: String) -> Result<Me, ApiError> {
        let body = LoginRequest { username, password };
        let resp = send(Method::POST, "/auth/login", Some(to_json(&body)?), None).await?;
        let pair: TokenPair = decode(resp).await?;
        self.store_tokens(pair);
        self.load_me().await
    }

    /// Restores the session from the stored refresh token, if any. Returns whether a user is
    /// now signed in.
    pub async fn restore(self) -> bool {
        if stored_refresh_token().is_none() {
            return false;
        }
        if self.refresh().await.is_err() {
            return false;
        }
        self.load_me().await.is_ok()
    }

    /// Loads the signed-in user (`GET /me`) and sets [`Session::user`].
    pub async fn load_me(self) -> Result<Me, ApiError> {
        let me: Me = self.get("/me").await?;
        self.user.set(Some(me.clone()));
        Ok(me)
    }

    /// Signs out: revokes the refresh token on the server (best effort) and forgets the tokens.
    pub async fn logout(self) {
        if let Some(refresh_token) = stored_refresh_token() {
            let body = RefreshRequest { refresh_token };
            if let Ok(json) = to_json(&body) {
                let access = self.access_token.get_untracked();
                // The outcome does not matter: the tokens are dropped here either way.
                let _ = send(Method::POST, "/auth/logout", Some(json), access.as_deref()).await;
            }
        }
        self.clear();
    }

    /// Forgets the tokens and the user; the login page comes back.
    pub fn clear(self) {
        self.access_token.set(None);
        remove_refresh_token();
        self.user.set(None);
    }

    /// `GET` an authenticated resource.
    pub async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiError> {
        let resp = self.authed(Method::GET, path, None).await?;
        decode(resp).await
    }

    /// `POST` a JSON body to an authenticated endpoint.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send_json(Method::POST, path, body).await
    }

    /// `PUT` a JSON body to an authenticated endpoint.
    pub async fn put<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send_json(Method::PUT, path, body).await
    }

    /// `PATCH` a JSON body to an authenticated endpoint.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send_json(Method::PATCH, path, body).await
    }

    async fn send_json<B: Serialize, T: DeserializeOwned>(
        self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let resp = self.authed(method, path, Some(to_json(body)?)).await?;
        decode(resp).await
    }

    /// The current access token, for requests made outside `fetch` (uploads, media).
    fn access_token(self) -> Option<String> {
        self.access_token.get_untracked()
    }

    /// Sends an authenticated request; on `401` refreshes the tokens once and retries.
    async fn authed(
        self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<Response, ApiError> {
        let sent_with = self.access_token.get_untracked();
        let resp = send(method.clone(), path, body.clone(), sent_with.as_deref()).await?;
        if resp.status() != 401 {
            return Ok(resp);
        }
        self.refresh_after_401(sent_with).await?;
        let access = self.access_token.get_untracked();
        let retry = send(method, path, body, access.as_deref()).await?;
        if retry.status() == 401 {
            self.clear();
            return Err(ApiError::SessionExpired);
        }
        Ok(retry)
    }

    /// After a `401` for a request sent with `sent_with`: rotates the pair, unless another call
    /// already did so while this one was in flight.
    async fn refresh_after_401(self, sent_with: Option<String>) -> Result<(), ApiError> {
        let current = self.access_token.get_untracked();
        if current.is_none() || current == sent_with {
            if let Err(err) = self.refresh().await {
                return Err(match err {
                    ApiError::Network(_) => err,
                    _ => ApiError::SessionExpired,
                });
            }
        }
        Ok(())
    }

    /// Rotates the token pair with the stored refresh token. A refused refresh clears the
    /// session; a network failure leaves the stored token for a later try.
    async fn refresh(self) -> Result<(), ApiError> {
        let Some(refresh_token) = stored_refresh_token() else {
            self.clear();
            return Err(ApiError::SessionExpired);
        };
        let body = to_json(&RefreshRequest { refresh_token })?;
        let result = match send(Method::POST, "/auth/refresh", Some(body), None).await {
            Ok(resp) => decode::<TokenPair>(resp).await,
            Err(err) => return Err(err),
        };
        match result {
            Ok(pair) => {
                self.store_tokens(pair);
                Ok(())
            }
            Err(err) => {
                self.clear();
                Err(err)
            }
        }
    }

    fn store_tokens(self, pair: TokenPair) {
        store_refresh_token(&pair.refresh_token);
        self.access_token.set(Some(pair.access_token));
    }
}

fn to_json<B: Serialize + ?Sized>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Unexpected(e.to_string()))
}

/// Sends one request to `API_BASE + path`.
async fn send(
    method: Method,
    path: &str,
    body: Option<String>,
    bearer: Option<&str>,
) -> Result<Response, ApiError> {
    send_url(method, &format!("{API_BASE}{path}"), body, bearer).await
}

/// Sends one request to `url` (a same-origin path).
async fn send_url(
    method: Method,
    url: &str,
    body: Option<String>,
    bearer: Option<&str>,
) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .header("Accept", "application/json, application/problem+json");
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Unexpected(e.to_string()))?;
    request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// Decodes a success body as `T`, or an error body as a [`Problem`].
async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    let status = resp.status();
    let text = resp
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    decode_text(status, &text)
}

/// Reads a plain-text success body, or decodes an error body as a [`Problem`].
async fn decode_plain(resp: Response) -> Result<String, ApiError> {
    let status = resp.status();
    let text = resp
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        return Ok(text);
    }
    match decode_text::<serde_json::Value>(status, &text) {
        Err(err) => Err(err),
        Ok(_) => Err(ApiError::Unexpected(format!("status {status}"))),
    }
}

/// Decodes a body already read: `T` on success, else a [`Problem`].
fn decode_text<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        let text = if text.is_empty() { "null" } else { text };
        return serde_json::from_str(text).map_err(|e| ApiError::Unexpected(e.to_string()));
    }
    match serde_json::from_str::<Problem>(text) {
        Ok(problem) => Err(ApiError::Problem(Box::new(problem))),
        Err(_) => Err(ApiError::Problem(Box::new(Problem {
            kind: "about:blank".to_owned(),
            title: status_title(status).to_owned(),
            status,
            detail: None,
            code: status_code(status).to_owned(),
            errors: None,
            request_id: None,
        }))),
    }
}

/// The table message for a bare HTTP status (used when the body is not a problem document).
fn status_title(status: u16) -> &'static str {
    t(problem_key(status_code(status)).unwrap_or(Key::ErrUnexpectedResponse))
}

fn status_code(status: u16) -> &'static str {
    match status {
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        422 => "validation_failed",
        429 => "rate_limited",
        503 => "service_unavailable",
        500..=599 => "internal_error",
        _ => "unexpected",
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored_refresh_token() -> Option<String> {
    storage()?
        .get_item(REFRESH_TOKEN_KEY)
        .ok()?
        .filter(|t| !t.is_empty())
}

fn store_refresh_token(token: &str) {
    if let Some(s) = storage() {
        // Without storage (private mode) the session still works until the page is reloaded.
        let _ = s.set_item(REFRESH_TOKEN_KEY, token);
    }
}

fn remove_refresh_token() {
    if let Some(s) = storage() {
        let _ = s.remove_item(REFRESH_TOKEN_KEY);
    }
}
