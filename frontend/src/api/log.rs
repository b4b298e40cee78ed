//! Typed calls of the tamper-evident log: the verifier key (public), record proofs and the
//! checkpoint history. Proofs and keys are plain text; they are checked in the browser
//! (see `crate::verify`), never trusted as sent.

use super::{decode_plain, send_url, ApiError, Session, API_BASE, PUBLIC_API_BASE};
use crate::api::endpoints::query_string;
use gloo_net::http::Method;
use sanxiang_api_types::log::{CheckpointQuery, Checkpoints};
use uuid::Uuid;

/// `GET /api/public/v1/log/key`: the log's verifier key, `<name>+<key id hex>+<base64>`.
pub async fn log_key() -> Result<String, ApiError> {
    let resp = send_url(
        Method::GET,
        &format!("{PUBLIC_API_BASE}/log/key"),
        None,
        None,
    )
    .await?;
    decode_plain(resp).await
}

/// `GET /api/public/v1/log/checkpoint`: the latest signed checkpoint note.
pub async fn latest_checkpoint() -> Result<String, ApiError> {
    let resp = send_url(
        Method::GET,
        &format!("{PUBLIC_API_BASE}/log/checkpoint"),
        None,
        None,
    )
    .await?;
    decode_plain(resp).await
}

/// The API path of a record's proof: its `proof_url` without the base, or the standard path
/// (the server answers 409 `not_integrated` until the record is in a signed checkpoint).
pub fn proof_path(record_id: Uuid, proof_url: Option<&str>) -> String {
    match proof_url {
        Some(url) => url.strip_prefix(API_BASE).unwrap_or(url).to_owned(),
        None => format!("/records/{record_id}/proof"),
    }
}

impl Session {
    /// `GET` an authenticated plain-text resource (path below [`API_BASE`]).
    pub async fn get_text(self, path: &str) -> Result<String, ApiError> {
        let resp = self.authed(Method::GET, path, None).await?;
        decode_plain(resp).await
    }

    /// `GET /records/{id}/proof`: the record's `c2sp.org/tlog-proof@v1` text.
    pub async fn record_proof(
        self,
        record_id: Uuid,
        proof_url: Option<&str>,
    ) -> Result<String, ApiError> {
        self.get_text(&proof_path(record_id, proof_url)).await
    }

    /// `GET /log/checkpoints`: signed checkpoints, newest first.
    pub async fn checkpoints(self, query: &CheckpointQuery) -> Result<Checkpoints, ApiError> {
        self.get(&format!("/log/checkpoints{}", query_string(query)))
            .await
    }
}
