//! Takes entries down at the end of their publication period (an `expire` tombstone each), and
//! announces register versions approved ahead of their first day once that day has come.
//! Runs on every node every minute (`sweep_interval_ms`), on the server's clock; the per-entry transaction makes a double run harmless.

use crate::clock::Clock;
use crate::integrator::WriteGate;
use sanxiang_persistence::disclosure::decisions;
use sanxiang_persistence::registers;
use sanxiang_persistence::Db;
use std::time::Duration;

/// Starts the sweeper task.
pub fn spawn(db: Db, gate: WriteGate, clock: Clock, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            // On SQLite a background commit must not interleave with request transactions.
            let _exclusive = gate.exclusive().await;
            match decisions::expire_due(&db, clock.today(), clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "publication periods ended"),
                Err(e) => tracing::warn!(error = %e, "expiry sweep failed"),
            }
            match registers::announce_due(&db, clock.today(), clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(announced = n, "register versions took effect"),
                Err(e) => tracing::warn!(error = %e, "register announcement sweep failed"),
            }
        }
    });
}
