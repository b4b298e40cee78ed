//! Connecting, migrating and checking the database.

use sanxiang_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, TransactionTrait,
};
use std::cell::RefCell;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long an SQLite connection waits for another writer before giving up.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A pooled PostgreSQL connection idle this long is checked with a round trip before use.
pub const PG_IDLE_CHECK: Duration = Duration::from_secs(30);

/// The most connections one process opens to PostgreSQL, all its pools together: the shared
/// pool's [`PG_SHARED_CONNECTIONS`] and the rest divided among the request threads' own pools
/// (`sanxiang_api::app`). Three nodes stay under PostgreSQL's default `max_connections` (100).
pub const PG_MAX_CONNECTIONS: u32 = 32;

/// The most connections the shared pool opens: background tasks (the appender, the log
/// integrator, the dispatchers, the sweeper), command-line tools and tests.
pub const PG_SHARED_CONNECTIONS: u32 = 8;

/// The options of every PostgreSQL pool (see [`Db::connect_postgres`]).
fn pg_pool_options(max: u32, min: u32) -> sea_orm::sqlx::postgres::PgPoolOptions {
    use sea_orm::sqlx::Connection as _;
    sea_orm::sqlx::postgres::PgPoolOptions::new()
        .max_connections(max)
        .min_connections(min)
        .acquire_timeout(Duration::from_secs(30))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PG_IDLE_CHECK {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
}

/// Whether a `postgres://` URL leaves `sslmode` to the defaults.
fn pg_url_without_sslmode(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| !u.query_pairs().any(|(k, _)| k == "sslmode"))
        && std::env::var_os("PGSSLMODE").is_none()
}

/// Whether the PostgreSQL host is this machine: the loopback interface or a Unix socket.
fn pg_host_is_local(host: &str) -> bool {
    host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The PostgreSQL advisory lock key of first-start seeding ("sanxseed" in ASCII; the log
/// integrator's is another, `crate::tlog::integrate`).
const FIRST_START_LOCK_KEY: i64 = 0x7361_6e78_7365_6564;

/// Held while a node seeds a new database at start (the shipped calendar, the first admin, the
/// demo users: `sanxiang_api::bootstrap::seed`). On PostgreSQL it is a transaction holding an
/// advisory lock, so nodes started together on an empty database seed it one after the other —
/// the first writes, the others find it written — instead of racing to insert the same rows
/// (which stopped all but one with a unique-key conflict). Nothing is written through it; the
/// seeding writes over the pool's other connections. On SQLite (one node) it holds nothing.
#[must_use = "the lock is held until `release`"]
pub struct FirstStartLock(Option<DatabaseTransaction>);

impl FirstStartLock {
    /// Lets the next node seed (or find the database seeded).
    pub async fn release(self) -> Result<(), sea_orm::DbErr> {
        match self.0 {
            Some(tx) => tx.rollback().await,
            None => Ok(()),
        }
    }
}

/// The database handle shared by every request.
///
/// On PostgreSQL a server's request threads each get a pool of their own
/// ([`Db::use_thread_pool`]): a connection's socket answers to the I/O driver of the runtime
/// that opened it, and every HTTP worker thread runs its own runtime, so a connection opened on
/// one thread and used on another woke a second thread for every query (BENCHMARKS.md, the
/// portal API). Everything else — background tasks, tools, tests — uses the shared pool.
#[derive(Clone, Debug)]
pub struct Db {
    shared: DatabaseConnection,
    threads: Option<Arc<ThreadPools>>,
}

/// What a request thread's own pool is made from, and every such pool (for metrics and close).
#[derive(Debug)]
struct ThreadPools {
    options: sea_orm::sqlx::postgres::PgConnectOptions,
    pools: Mutex<Vec<DatabaseConnection>>,
}

thread_local! {
    /// This thread's own pools, by the address of the [`ThreadPools`] they came from (one
    /// process may hold several databases: the test suite does).
    static THREAD_POOLS: RefCell<Vec<(usize, DatabaseConnection)>> = const { RefCell::new(Vec::new()) };
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`). Every SQLite connection of the pool
    /// runs in WAL mode with foreign keys enforced and waits up to [`SQLITE_BUSY_TIMEOUT`] for
    /// another writer (the pragmas are per connection, so they are set when each one opens).
    pub async fn connect(url: &str) -> Result<Self, sea_orm::DbErr> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30));
        if url.starts_with("sqlite:") {
            // One writer at a time in SQLite; a small pool avoids lock contention.
            opts.max_connections(8)
                .min_connections(1)
                .map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(SqliteJournalMode::Wal)
                        .foreign_keys(true)
                        .busy_timeout(SQLITE_BUSY_TIMEOUT)
                        .synchronous(SqliteSynchronous::Normal)
                });
        } else {
            return Self::connect_postgres(url).await;
        }
        let shared = Database::connect(opts).await?;
        Ok(Self {
            shared,
            threads: None,
        })
    }

    /// The PostgreSQL pool. Two choices differ from the drivers' defaults, both for the cost of
    /// every request (BENCHMARKS.md, the portal API):
    /// - A pooled connection is checked with a round trip only when it has been idle for
    ///   [`PG_IDLE_CHECK`]; sqlx's default pings it before every use, a second round trip to the
    ///   database per query. A connection that broke while in use fails that query, and the pool
    ///   drops it.
    /// - Without `sslmode` in the URL, a database on the loopback interface or a Unix socket is
    ///   reached without TLS (nothing leaves the machine); any other host keeps `prefer`. Set
    ///   `sslmode=verify-full` (and `sslrootcert`) for a database across a network.
    async fn connect_postgres(url: &str) -> Result<Self, sea_orm::DbErr> {
        use sea_orm::sqlx::postgres::{PgConnectOptions, PgSslMode};
        use sea_orm::sqlx::ConnectOptions as _;
        let mut pg: PgConnectOptions = url.parse().map_err(|e: sea_orm::sqlx::Error| {
            sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))
        })?;
        pg = pg.disable_statement_logging();
        if pg_url_without_sslmode(url) && pg_host_is_local(pg.get_host()) {
            pg = pg.ssl_mode(PgSslMode::Disable);
        }
        let pool = pg_pool_options(PG_SHARED_CONNECTIONS, 1)
            .connect_with(pg.clone())
            .await
            .map_err(|e| sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
        Ok(Self {
            shared: sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool),
            threads: Some(Arc::new(ThreadPools {
                options: pg,
                pools: Mutex::new(Vec::new()),
            })),
        })
    }

    /// Gives the calling thread a pool of its own, of at most `max_connections`, opened lazily
    /// on this thread's runtime; from now on this thread's queries go through it. For the
    /// server's request threads (each runs its own single-threaded runtime); nothing on SQLite.
    pub fn use_thread_pool(&self, max_connections: u32) {
        let Some(threads) = &self.threads else {
            return;
        };
        let key = Arc::as_ptr(threads) as usize;
        let pool =
            pg_pool_options(max_connections.max(1), 0).connect_lazy_with(threads.options.clone());
        let conn = sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
        if let Ok(mut pools) = threads.pools.lock() {
            pools.push(conn.clone());
        }
        THREAD_POOLS.with(|t| {
            let mut t = t.borrow_mut();
            t.retain(|(k, _)| *k != key);
            t.push((key, conn));
        });
    }

    /// The connection pool for this thread: its own when it has one, else the shared one.
    pub(crate) fn conn(&self) -> DatabaseConnection {
        if let Some(threads) = &self.threads {
            let key = Arc::as_ptr(threads) as usize;
            let own = THREAD_POOLS.with(|t| {
                t.borrow()
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, c)| c.clone())
            });
            if let Some(c) = own {
                return c;
            }
        }
        self.shared.clone()
    }

    /// Every pool of this database: the shared one first, then the request threads' own.
    pub(crate) fn pools(&self) -> Vec<DatabaseConnection> {
        let mut all = vec![self.shared.clone()];
        if let Some(threads) = &self.threads {
            if let Ok(pools) = threads.pools.lock() {
                all.extend(pools.iter().cloned());
            }
        }
        all
    }

    /// Begins a transaction that is going to write. On SQLite it takes the write lock with its
    /// first statement, as `BEGIN IMMEDIATE` would, waiting for another writer up to the busy
    /// timeout. A plain (deferred) transaction that reads first and writes later cannot wait:
    /// when another connection committed in between, its snapshot is stale and SQLite refuses
    /// the upgrade at once with `SQLITE_BUSY` ("database is locked", sqlite.org/rescode.html
    /// #busy_snapshot). On PostgreSQL this is a plain `BEGIN`.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, sea_orm::DbErr> {
        let tx = self.conn().begin().await?;
        if self.backend() == DatabaseBackend::Sqlite {
            // Deletes nothing; compiling a DELETE begins the write transaction
            // (`sqlite3BeginWriteOperation`) before any row is read.
            tx.execute_unprepared("DELETE FROM seaql_migrations WHERE 0")
                .await?;
        }
        Ok(tx)
    }

    /// Waits until no other node is seeding the database, then holds [`FirstStartLock`].
    pub async fn first_start_lock(&self) -> Result<FirstStartLock, sea_orm::DbErr> {
        if self.backend() != DatabaseBackend::Postgres {
            return Ok(FirstStartLock(None));
        }
        let tx = self.conn().begin().await?;
        tx.execute_unprepared(&format!(
            "SELECT pg_advisory_xact_lock({FIRST_START_LOCK_KEY})"
        ))
        .await?;
        Ok(FirstStartLock(Some(tx)))
    }

    /// Which backend this is.
    pub fn backend(&self) -> DatabaseBackend {
        self.shared.get_database_backend()
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), sea_orm::DbErr> {
        Migrator::up(&self.conn(), None).await
    }

    /// Number of migrations not yet applied.
    pub async fn pending_migrations(&self) -> Result<usize, sea_orm::DbErr> {
        Ok(Migrator::get_pending_migrations(&self.conn()).await?.len())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        self.conn().ping().await.is_ok()
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<(), sea_orm::DbErr> {
        let pools = self.pools();
        for p in pools.into_iter().skip(1) {
            p.close().await?;
        }
        self.shared.close().await
    }

    /// Raw access for tests that must bypass the repositories (e.g. to prove triggers hold).
    pub fn connection(&self) -> &DatabaseConnection {
        &self.shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_database_on_this_machine_goes_without_tls_by_default() {
        for local in [
            "127.0.0.1",
            "localhost",
            "::1",
            "[::1]",
            "/var/run/postgresql",
        ] {
            assert!(pg_host_is_local(local), "{local}");
        }
        for remote in ["db.example.org", "10.0.0.5", "2001:db8::1"] {
            assert!(!pg_host_is_local(remote), "{remote}");
        }
        if std::env::var_os("PGSSLMODE").is_none() {
            assert!(pg_url_without_sslmode("postgres://u@127.0.0.1/db"));
        }
        assert!(!pg_url_without_sslmode(
            "postgres://u@127.0.0.1/db?sslmode=require"
        ));
    }
}
