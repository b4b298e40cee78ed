//! Takes entries down at the end of their publication period (an `expire` tombstone each), and
//! announces register versions approved ahead of their first day once that day has come.
//! Runs on every node every minute; the per-entry transaction makes a double run harmless.

use crate::integrator::WriteGate;
use crate::routes::cases::view as case_view;
use crate::state::now;
use sanxiang_persistence::disclosure::decisions;
use sanxiang_persistence::registers;
use sanxiang_persistence::Db;
use std::time::Duration;

/// Starts the sweeper task.
pub fn spawn(db: Db, gate: WriteGate) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            // On SQLite a background commit must not interleave with request transactions.
            let _exclusive = gate.exclusive().await;
            match decisions::expire_due(&db, case_view::today(), now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "publication periods ended"),
                Err(e) => tracing::warn!(error = %e, "expiry sweep failed"),
            }
            match registers::announce_due(&db, case_view::today(), now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(announced = n, "register versions took effect"),
                Err(e) => tracing::warn!(error = %e, "register announcement sweep failed"),
            }
        }
    });
}
