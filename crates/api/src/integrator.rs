//! The log integrator: a background task that, every [`TICK`], gives pending log entries their
//! leaf indexes and signs a checkpoint when the tree grew (see
//! [`sanxiang_persistence::tlog::integrate`]). Writers never wait for it: they only append
//! entries in their own transactions. With several API nodes on one PostgreSQL database, each
//! runs an integrator and an advisory lock lets one at a time work; on SQLite the single
//! writer serialises them.
//!
//! On SQLite a commit by the integrator between another transaction's first read and its
//! first write makes that transaction fail (`SQLITE_BUSY_SNAPSHOT`: the request code opens
//! deferred transactions that read before they write). So on SQLite the integrator commits only
//! while no mutating request is in flight: [`WriteGate`] is a fair read-write lock that every
//! non-GET request holds shared ([`gate`]) and the integrator holds exclusively for its few
//! milliseconds. SQLite is single-node, so an in-process lock suffices; PostgreSQL needs none.
//!
//! It stops when the database pool is closed, or — at shutdown (`crate::shutdown`) — when told
//! to, after one last round that integrates and signs what the appender wrote before. An integrity failure (the stored log no longer
//! reproduces its signed checkpoint) stops integration — nothing more is signed — and is logged
//! as an error on every attempt, at most once a minute.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use chrono::Utc;
use sanxiang_domain::tlog::SignerKey;
use sanxiang_persistence::tlog::{self, LogError};
use sanxiang_persistence::Db;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{watch, RwLock};

/// Serialises the integrator's commits with mutating requests on SQLite (None on PostgreSQL).
#[derive(Clone, Debug, Default)]
pub struct WriteGate(Option<Arc<RwLock<()>>>);

impl WriteGate {
    /// Holds the gate exclusively (on SQLite) while a background writer commits.
    pub async fn exclusive(&self) -> Option<tokio::sync::RwLockWriteGuard<'_, ()>> {
        match &self.0 {
            Some(l) => Some(l.write().await),
            None => None,
        }
    }

    /// A gate for `db`: active on SQLite only.
    pub fn for_db(db: &Db) -> Self {
        if tlog::single_writer(db) {
            Self(Some(Arc::new(RwLock::new(()))))
        } else {
            Self(None)
        }
    }
}

/// Middleware: a mutating request (anything but GET, HEAD, OPTIONS) holds the gate shared
/// while it runs.
pub async fn gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let lock = match req.method() {
        &Method::GET | &Method::HEAD | &Method::OPTIONS => None,
        _ => req
            .app_data::<web::Data<WriteGate>>()
            .and_then(|g| g.0.clone()),
    };
    let _shared = match &lock {
        Some(l) => Some(l.read().await),
        None => None,
    };
    next.call(req).await
}

/// How often the integrator looks for pending entries.
pub const TICK: Duration = Duration::from_millis(150);
/// The most entries one round integrates (several rounds run back to back when more wait).
pub const BATCH: u64 = 5000;
const ERROR_LOG_INTERVAL: Duration = Duration::from_secs(60);

/// Runs until the database pool is closed, or until `stop` turns true (then after one last
/// round). Spawn it on the server's runtime.
pub async fn run(db: Db, signer: SignerKey, gate: WriteGate, mut stop: watch::Receiver<bool>) {
    match tlog::backfill_unlogged_records(&db).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(records = n, "logged records written before the log existed"),
        Err(e) => tracing::error!("log backfill failed: {e}"),
    }
    let nodes = match &gate.0 {
        Some(lock) => {
            let _exclusive = lock.write().await;
            tlog::backfill_nodes(&db).await
        }
        None => tlog::backfill_nodes(&db).await,
    };
    match nodes {
        Ok(0) => {}
        Ok(n) => tracing::info!(nodes = n, "stored the node hashes of the existing log"),
        Err(e) => tracing::error!("log node backfill failed: {e}"),
    }
    // Wall time, not the server's `Clock`: a checkpoint's time is a claim signed for outside
    // verifiers and witnesses, and integration order is the order entries were queued; a test
    // that moves the server's clock forward must not make the log claim a future time.
    let mut last_error: Option<(String, Instant)> = None;
    let mut orphaned = false;
    loop {
        // Read before the round: a stop asked during the round gets one more.
        let stopping = *stop.borrow_and_update();
        let outcome = match &gate.0 {
            Some(lock) => {
                let _exclusive = lock.write().await;
                tlog::integrate(&db, &signer, BATCH, Utc::now()).await
            }
            None => tlog::integrate(&db, &signer, BATCH, Utc::now()).await,
        };
        match outcome {
            Ok(done) => {
                last_error = None;
                if done.signed {
                    tracing::debug!(
                        integrated = done.integrated,
                        size = done.size,
                        "signed a log checkpoint"
                    );
                }
                if done.integrated >= BATCH {
                    continue;
                }
                if stopping {
                    tracing::info!(
                        size = done.size,
                        "log integrator stopped after its last round"
                    );
                    return;
                }
            }
            Err(e) if e.is_pool_closed() => {
                tracing::debug!("database closed; the log integrator stops");
                return;
            }
            Err(e) => {
                let msg = e.to_string();
                let quiet = last_error
                    .as_ref()
                    .is_some_and(|(m, at)| *m == msg && at.elapsed() < ERROR_LOG_INTERVAL);
                if !quiet {
                    if matches!(e, LogError::Integrity(_)) {
                        tracing::error!("the log integrator refuses to sign: {msg}");
                    } else {
                        tracing::warn!("log integration failed (will retry): {msg}");
                    }
                    last_error = Some((msg, Instant::now()));
                }
                if stopping {
                    return;
                }
            }
        }
        tokio::select! {
            () = actix_web::rt::time::sleep(TICK) => {}
            // Without a sender nobody can ask to stop: only the tick remains.
            r = stop.changed(), if !orphaned => orphaned = r.is_err(),
        }
    }
}
