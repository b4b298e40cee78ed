//! Graceful shutdown. On SIGTERM or SIGINT a node, within `SANXIANG_SHUTDOWN_GRACE_SECS`:
//!
//! 1. answers `/api/v1/ready` with 503 (`shutting_down`) while it still serves everything else,
//!    for `SANXIANG_SHUTDOWN_UNREADY_MS`, so that a load balancer's readiness probe takes it out
//!    of rotation before connections are refused;
//! 2. stops accepting connections and lets the requests in flight finish (actix-web's graceful
//!    stop, bounded by what is left of the grace period);
//! 3. flushes the record appender's queue (`crate::appender`), so that every append already
//!    accepted is committed;
//! 4. lets the log integrator finish its batch and sign a checkpoint over it
//!    (`crate::integrator`);
//! 5. closes the database pool and exits 0.
//!
//! A step that runs past the grace period is abandoned and the process exits anyway (still 0:
//! what was acknowledged was committed in its own transaction before it was acknowledged).

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the node is shutting down (behind `web::Data`, read by `/ready` and `/metrics`).
#[derive(Debug, Default)]
pub struct Lifecycle {
    draining: AtomicBool,
}

impl Lifecycle {
    /// True once a shutdown began.
    pub fn draining(&self) -> bool {
        self.draining.load(Ordering::Acquire)
    }

    /// Marks the node as shutting down: `/ready` answers 503 from now on.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Release);
    }
}

/// Waits for SIGTERM or SIGINT (Ctrl-C); returns the signal's name.
pub async fn signal() -> &'static str {
    #[cfg(unix)]
    {
        use actix_web::rt::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => "SIGTERM",
                    _ = int.recv() => "SIGINT",
                }
            }
            _ => {
                let _ = actix_web::rt::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = actix_web::rt::signal::ctrl_c().await;
        "SIGINT"
    }
}
