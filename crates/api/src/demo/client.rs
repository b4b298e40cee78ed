//! The demo seed's HTTP client: it speaks to the server's public API exactly as the web app
//! does (log in, send JSON, upload files), so every demo act goes through the handlers, their
//! gates and the record log.

use anyhow::{anyhow, Context};
use chrono::NaiveDate;
use sanxiang_domain::case::Command;
use serde::Serialize;
use serde_json::{json, Value};
use std::time::Duration;

/// The server the seed talks to.
pub(crate) struct Api {
    client: awc::Client,
    base: String,
}

/// A signed-in demo user.
pub(crate) struct Session<'a> {
    api: &'a Api,
    token: String,
    /// The user's id (`GET /api/v1/me`).
    pub id: String,
}

impl Api {
    pub(crate) fn new(base: &str) -> Self {
        let client = awc::Client::builder()
            .timeout(Duration::from_secs(120))
            .finish();
        Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `POST /api/v1/auth/login`, then `GET /api/v1/me` for the id.
    pub(crate) async fn login(
        &self,
        username: &str,
        password: &str,
    ) -> anyhow::Result<Session<'_>> {
        let res = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .send_json(&json!({"username": username, "password": password}))
            .await;
        let body = answer(res, "/api/v1/auth/login").await?;
        let token = body["access_token"]
            .as_str()
            .ok_or_else(|| anyhow!("login {username}: no access token"))?
            .to_owned();
        let mut s = Session {
            api: self,
            token,
            id: String::new(),
        };
        let me = s.get("/api/v1/me").await?;
        s.id = text(&me, "id")?;
        Ok(s)
    }
}

/// Reads an answer: its JSON body when the status is 2xx, otherwise an error that names the
/// path, the status and the problem document.
async fn answer<S>(
    res: Result<awc::ClientResponse<S>, awc::error::SendRequestError>,
    path: &str,
) -> anyhow::Result<Value>
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, awc::error::PayloadError>> + Unpin,
{
    let mut res = res.map_err(|e| anyhow!("{path}: {e}"))?;
    let status = res.status();
    let raw = res
        .body()
        .limit(16 * 1024 * 1024)
        .await
        .map_err(|e| anyhow!("{path}: {e}"))?;
    let body: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(anyhow!(
            "{path}: {status}: {}",
            String::from_utf8_lossy(&raw)
        ));
    }
    Ok(body)
}

impl Session<'_> {
    pub(crate) async fn get(&self, path: &str) -> anyhow::Result<Value> {
        let res = self
            .api
            .client
            .get(self.api.url(path))
            .bearer_auth(&self.token)
            .send()
            .await;
        answer(res, path).await
    }

    pub(crate) async fn post(&self, path: &str, body: &impl Serialize) -> anyhow::Result<Value> {
        let res = self
            .api
            .client
            .post(self.api.url(path))
            .bearer_auth(&self.token)
            .send_json(body)
            .await;
        answer(res, path).await
    }

    pub(crate) async fn put(&self, path: &str, body: &impl Serialize) -> anyhow::Result<Value> {
        let res = self
            .api
            .client
            .put(self.api.url(path))
            .bearer_auth(&self.token)
            .send_json(body)
            .await;
        answer(res, path).await
    }

    pub(crate) async fn patch(&self, path: &str, body: &impl Serialize) -> anyhow::Result<Value> {
        let res = self
            .api
            .client
            .patch(self.api.url(path))
            .bearer_auth(&self.token)
            .send_json(body)
            .await;
        answer(res, path).await
    }

    /// Uploads an evidence file (`POST /api/v1/blobs`); returns its sha256.
    pub(crate) async fn upload(&self, file_name: &str, bytes: Vec<u8>) -> anyhow::Result<String> {
        let req = self
            .api
            .client
            .post(self.api.url("/api/v1/blobs"))
            .query(&[("file_name", file_name)])
            .map_err(|e| anyhow!("upload {file_name}: {e}"))?
            .insert_header(("content-type", "application/octet-stream"))
            .bearer_auth(&self.token);
        let body = answer(req.send_body(bytes).await, "/api/v1/blobs").await?;
        text(&body, "sha256")
    }

    /// Moves a case (`POST /api/v1/cases/{id}/transitions`) from the version `case` shows;
    /// returns the case as it is afterwards.
    pub(crate) async fn act(&self, case: &Value, command: Command) -> anyhow::Result<Value> {
        let id = text(case, "id")?;
        let action = command.action();
        self.post(
            &format!("/api/v1/cases/{id}/transitions"),
            &json!({"expected_version": case["version"], "command": command}),
        )
        .await
        .with_context(|| format!("{action:?} on case {}", case["case_number"]))
    }

    /// Appends a record to a case's file (`POST /api/v1/cases/{id}/records`).
    pub(crate) async fn record(&self, case: &Value, body: Value) -> anyhow::Result<Value> {
        let id = text(case, "id")?;
        self.post(&format!("/api/v1/cases/{id}/records"), &body)
            .await
    }

    /// The case as it is now (after records were added, its version has moved on).
    pub(crate) async fn reload(&self, case: &Value) -> anyhow::Result<Value> {
        let id = text(case, "id")?;
        self.get(&format!("/api/v1/cases/{id}")).await
    }
}

/// A string field of an answer.
pub(crate) fn text(v: &Value, field: &str) -> anyhow::Result<String> {
    v[field]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("the answer has no `{field}`: {v}"))
}

/// `today` minus `n` days.
pub(crate) fn days_before(today: NaiveDate, n: i64) -> NaiveDate {
    today - chrono::Duration::days(n)
}
