//! What an operator watches, read from the database at scrape time (`GET /metrics`, see
//! `crates/api/src/metrics.rs`): log integration lag, checkpoint age, webhook backlog and
//! failures, the connection pool; and the attachments `sanxiang verify --blobs` checks.
//! Cluster-wide figures come from the database, so every node reports the same.

use crate::entity::{log_checkpoint, log_entry, record_attachment, webhook_delivery};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::time::{Duration, Instant};

/// The log as the integrator left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogLag {
    /// Entries written (`log_entries`), integrated or not.
    pub entries: u64,
    /// Tree size of the latest signed checkpoint.
    pub checkpoint_size: u64,
    /// When the latest checkpoint was signed (`None` before the first).
    pub checkpoint_at: Option<DateTime<Utc>>,
}

impl LogLag {
    /// Entries not yet covered by a signed checkpoint.
    pub fn unsigned(&self) -> u64 {
        self.entries.saturating_sub(self.checkpoint_size)
    }
}

/// Reads [`LogLag`].
pub async fn log_lag(db: &Db) -> Result<LogLag, StoreError> {
    let entries = log_entry::Entity::find().count(&db.conn()).await?;
    let latest = log_checkpoint::Entity::find()
        .order_by_desc(log_checkpoint::Column::Size)
        .one(&db.conn())
        .await?;
    Ok(LogLag {
        entries,
        checkpoint_size: latest
            .as_ref()
            .and_then(|c| u64::try_from(c.size).ok())
            .unwrap_or(0),
        checkpoint_at: latest.map(|c| c.created_at),
    })
}

/// Webhook deliveries by status (`pending`, `succeeded`, `failed`).
pub async fn webhook_deliveries(db: &Db) -> Result<Vec<(String, u64)>, StoreError> {
    let rows: Vec<(String, i64)> = webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Status)
        .column_as(webhook_delivery::Column::Id.count(), "n")
        .group_by(webhook_delivery::Column::Status)
        .into_tuple()
        .all(&db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(s, n)| (s, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// Failed webhook attempts (no answer, or an answer other than 2xx), all time.
pub async fn webhook_failed_attempts(db: &Db) -> Result<u64, StoreError> {
    use crate::entity::webhook_attempt;
    use sea_orm::Condition;
    Ok(webhook_attempt::Entity::find()
        .filter(
            Condition::any()
                .add(webhook_attempt::Column::StatusCode.is_null())
                .add(webhook_attempt::Column::StatusCode.lt(200))
                .add(webhook_attempt::Column::StatusCode.gte(300)),
        )
        .count(&db.conn())
        .await?)
}

/// Every attachment the log names: (sha256, file name, size), one row per distinct file.
pub async fn attachments(db: &Db) -> Result<Vec<(String, String, i64)>, StoreError> {
    let rows: Vec<(String, String, i64)> = record_attachment::Entity::find()
        .select_only()
        .column(record_attachment::Column::Sha256)
        .column(record_attachment::Column::FileName)
        .column(record_attachment::Column::Size)
        .order_by_asc(record_attachment::Column::Sha256)
        .into_tuple()
        .all(&db.conn())
        .await?;
    let mut out: Vec<(String, String, i64)> = Vec::with_capacity(rows.len());
    for r in rows {
        if out.last().is_none_or(|l| l.0 != r.0) {
            out.push(r);
        }
    }
    Ok(out)
}

/// The connection pool as seen now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoolStats {
    /// Connections open (idle or in use).
    pub size: u32,
    /// Connections open and idle.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
    /// How long taking a connection took now (a sample of the wait a request sees).
    pub acquire_wait: Duration,
}

/// One pool's size, idle count and the time one `acquire` takes.
async fn sample<DB: sea_orm::sqlx::Database>(
    pool: &sea_orm::sqlx::Pool<DB>,
) -> Result<PoolStats, StoreError> {
    let started = Instant::now();
    let conn = pool
        .acquire()
        .await
        .map_err(|e| sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
    let acquire_wait = started.elapsed();
    drop(conn);
    Ok(PoolStats {
        size: pool.size(),
        idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
        max: pool.options().get_max_connections(),
        acquire_wait,
    })
}

/// Samples the pools: their size, idle count and most connections summed over the shared pool
/// and the request threads' own ([`Db::use_thread_pool`]), and the time one `acquire` takes on
/// the shared pool (taking one from a thread's own pool here would open it on this thread).
pub async fn pool_stats(db: &Db) -> Result<PoolStats, StoreError> {
    let mut pools = db.pools().into_iter();
    let Some(shared) = pools.next() else {
        return Ok(PoolStats {
            size: 0,
            idle: 0,
            max: 0,
            acquire_wait: Duration::ZERO,
        });
    };
    let mut stats = match (&shared, db.backend()) {
        (DatabaseConnection::SqlxPostgresPoolConnection(_), DatabaseBackend::Postgres) => {
            sample(shared.get_postgres_connection_pool()).await?
        }
        (DatabaseConnection::SqlxSqlitePoolConnection(_), DatabaseBackend::Sqlite) => {
            sample(shared.get_sqlite_connection_pool()).await?
        }
        _ => PoolStats {
            size: 0,
            idle: 0,
            max: 0,
            acquire_wait: Duration::ZERO,
        },
    };
    for p in pools {
        if let DatabaseConnection::SqlxPostgresPoolConnection(_) = &p {
            let pool = p.get_postgres_connection_pool();
            stats.size += pool.size();
            stats.idle += u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
            stats.max += pool.options().get_max_connections();
        }
    }
    Ok(stats)
}
