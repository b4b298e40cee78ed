//! The credit push dispatcher: a background task, started with the server when
//! `[credit.push] enabled`, that walks the change feed from its stored cursor and POSTs one JSON
//! document per decision publication, correction and withdrawal to the provincial credit
//! platform (`[credit.push] url`), in feed order.
//!
//! A push is delivered when the platform answers 2xx. Otherwise it is retried with exponential
//! back-off (`retry_base_ms`, doubled per attempt, at most `retry_max_ms`) until it is
//! delivered, and every later push waits behind it, so a correction or withdrawal never
//! reaches the platform before the publication it changes. Every attempt is logged
//! (`credit_push_attempts`, append-only); an admin replays through
//! `POST /api/v1/exchange/credit/push/replay`.
//!
//! With several API nodes, the node holding the connector's lease pushes
//! ([`sanxiang_persistence::credit_push::lease`]), as the webhook dispatcher does per endpoint
//! (`crate::portal::dispatcher`).

use super::{action_of, document, template_word, CreditPushSettings};
use crate::clock::Clock;
use crate::integrator::WriteGate;
use awc::http::header;
use chrono::{DateTime, Utc};
use sanxiang_domain::disclosure::credit::CreditSettings;
use sanxiang_persistence::credit_push::{
    self as store, NewPushDelivery, PushDelivery, PushOutcome,
};
use sanxiang_persistence::portal::is_pool_closed;
use sanxiang_persistence::{Db, StoreError};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Feed entries read per round.
const BATCH: u64 = 500;
/// Pushes per tick at most.
const PUSHES_PER_TICK: usize = 200;
/// Longest error text kept per attempt.
const ERROR_MAX: usize = 500;

/// When to try again after the `attempts`-th failed attempt: `retry_base_ms` doubled per
/// attempt, at most `retry_max_ms`.
pub fn next_retry(attempts: i32, now: DateTime<Utc>, s: &CreditPushSettings) -> DateTime<Utc> {
    let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 40)).unwrap_or(40);
    let delay_ms = s
        .retry_base_ms
        .saturating_mul(2u64.saturating_pow(exp))
        .min(s.retry_max_ms);
    now + chrono::Duration::milliseconds(i64::try_from(delay_ms).unwrap_or(i64::MAX / 2))
}

fn truncate(mut s: String) -> String {
    if s.len() > ERROR_MAX {
        let mut cut = ERROR_MAX;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

struct Connector {
    db: Db,
    push: CreditPushSettings,
    credit: CreditSettings,
    client: awc::Client,
    node: Uuid,
    /// On SQLite, every write holds the write gate exclusively (see [`crate::integrator`]);
    /// never while waiting for the platform.
    gate: WriteGate,
    clock: Clock,
}

impl Connector {
    fn lease_ttl(&self) -> chrono::Duration {
        chrono::Duration::seconds(i64::try_from(self.push.timeout_secs).unwrap_or(10) * 2 + 30)
    }

    async fn lease(&self) -> Result<Option<i64>, StoreError> {
        let now = self.clock.now();
        let _exclusive = self.gate.exclusive().await;
        store::lease(&self.db, self.node, now, now + self.lease_ttl()).await
    }

    /// Turns the feed entries after `cursor` into deliveries; returns the new cursor and how
    /// many entries were read.
    async fn queue(&self, cursor: i64) -> Result<(i64, usize), StoreError> {
        let changes = store::changes_after(&self.db, cursor, BATCH).await?;
        let Some(last) = changes.last().map(|c| c.seq) else {
            return Ok((cursor, 0));
        };
        let today = self.clock.today();
        let mut rows = Vec::new();
        for c in &changes {
            if c.resource_type != "decision" || action_of(c.change).is_none() {
                continue;
            }
            let Some((public, source)) =
                store::published_decision(&self.db, c.resource_id, c.version).await?
            else {
                tracing::warn!(seq = c.seq, resource_id = %c.resource_id, "credit push: the feed names a decision version that is not stored; passed over");
                continue;
            };
            let Some(doc) = document(c, &public, &source, &self.push, &self.credit, today) else {
                continue;
            };
            rows.push(NewPushDelivery {
                seq: c.seq,
                agency_id: c.agency_id,
                action: doc.action,
                template: template_word(doc.template),
                resource_id: c.resource_id,
                version: c.version,
                idempotency_key: doc.idempotency_key,
                payload: doc.body.to_string(),
            });
        }
        let _exclusive = self.gate.exclusive().await;
        store::enqueue(&self.db, cursor, last, rows, self.clock.now()).await?;
        Ok((last, changes.len()))
    }

    /// Sends one push and reports what happened (never fails: errors are the outcome).
    async fn send(&self, d: &PushDelivery, started_at: DateTime<Utc>) -> PushOutcome {
        let clock = Instant::now();
        let mut req = self
            .client
            .post(&self.push.url)
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .insert_header((header::USER_AGENT, "Sanxiang-CreditPush/1"))
            .insert_header(("idempotency-key", d.idempotency_key.as_str()));
        if let Some(v) = self.push.auth_value() {
            req = req.insert_header((self.push.auth_header.as_str(), v));
        }
        let (status_code, error, delivered) = match req.send_body(d.payload.clone()).await {
            Ok(mut res) => {
                let status = res.status();
                // Read (and drop) a little of the answer so the connection can be reused.
                let _ = res.body().limit(64 * 1024).await;
                let code = i32::from(status.as_u16());
                if status.is_success() {
                    (Some(code), None, true)
                } else {
                    (Some(code), Some(format!("HTTP {status}")), false)
                }
            }
            Err(e) => (None, Some(e.to_string()), false),
        };
        PushOutcome {
            started_at,
            status_code,
            duration_ms: i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX),
            error: error.map(truncate),
            delivered,
            retry_at: started_at,
        }
    }

    async fn tick(&self) -> Result<(), StoreError> {
        // Idle, the connector only reads.
        let head = store::feed_head(&self.db).await?;
        let cursor = store::cursor(&self.db).await?;
        if cursor >= head && store::next_due(&self.db, self.clock.now()).await?.is_none() {
            return Ok(());
        }
        let Some(mut cursor) = self.lease().await? else {
            return Ok(());
        };
        let result = self.serve(&mut cursor).await;
        let _exclusive = self.gate.exclusive().await;
        store::release(&self.db, self.node).await?;
        result
    }

    async fn serve(&self, cursor: &mut i64) -> Result<(), StoreError> {
        loop {
            let (to, read) = self.queue(*cursor).await?;
            *cursor = to;
            if read < usize::try_from(BATCH).unwrap_or(usize::MAX) {
                break;
            }
            if self.lease().await?.is_none() {
                return Ok(());
            }
        }
        for _ in 0..PUSHES_PER_TICK {
            let Some(d) = store::next_due(&self.db, self.clock.now()).await? else {
                break;
            };
            // Renew the lease before each attempt; stop if another node took over.
            if self.lease().await?.is_none() {
                return Ok(());
            }
            let mut o = self.send(&d, self.clock.now()).await;
            let now = self.clock.now();
            let ok = o.delivered;
            if !ok {
                o.retry_at = next_retry(d.attempts.saturating_add(1), now, &self.push);
                tracing::info!(
                    seq = d.seq,
                    attempt = d.attempts + 1,
                    error = o.error.as_deref().unwrap_or(""),
                    "credit push failed; will retry"
                );
            }
            {
                let _exclusive = self.gate.exclusive().await;
                store::record_attempt(&self.db, &d, o, now).await?;
            }
            if !ok {
                break;
            }
        }
        Ok(())
    }
}

/// Runs until the database pool is closed. Spawn it on the server's runtime (awc is
/// single-threaded: it runs on the arbiter it is spawned on).
pub async fn run(
    db: Db,
    gate: WriteGate,
    push: CreditPushSettings,
    credit: CreditSettings,
    clock: Clock,
) {
    let c = Connector {
        client: crate::portal::dispatcher::http_client(Duration::from_secs(push.timeout_secs)),
        db,
        node: Uuid::new_v4(),
        gate,
        push,
        credit,
        clock,
    };
    let tick = Duration::from_millis(c.push.tick_ms);
    loop {
        if let Err(e) = c.tick().await {
            if is_pool_closed(&e) {
                tracing::debug!("database closed; the credit push connector stops");
                return;
            }
            if !matches!(e, StoreError::Concurrent) {
                tracing::warn!("credit push failed (will retry): {e}");
            }
        }
        actix_web::rt::time::sleep(tick).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let s = CreditPushSettings {
            retry_base_ms: 1000,
            retry_max_ms: 5000,
            ..CreditPushSettings::default()
        };
        let t0 = DateTime::parse_from_rfc3339("2026-12-07T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let delays: Vec<i64> = (1..=5)
            .map(|n| (next_retry(n, t0, &s) - t0).num_milliseconds())
            .collect();
        assert_eq!(delays, [1000, 2000, 4000, 5000, 5000]);
        assert_eq!((next_retry(1000, t0, &s) - t0).num_milliseconds(), 5000);
    }
}
