//! Connecting, migrating and checking the database.

use sanxiang_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, TransactionTrait,
};
use std::time::Duration;

/// How long an SQLite connection waits for another writer before giving up.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The database handle shared by every request.
#[derive(Clone, Debug)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
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
            opts.max_connections(32).min_connections(1);
        }
        let conn = Database::connect(opts).await?;
        Ok(Self { conn })
    }

    /// Begins a transaction that is going to write. On SQLite it takes the write lock with its
    /// first statement, as `BEGIN IMMEDIATE` would, waiting for another writer up to the busy
    /// timeout. A plain (deferred) transaction that reads first and writes later cannot wait:
    /// when another connection committed in between, its snapshot is stale and SQLite refuses
    /// the upgrade at once with `SQLITE_BUSY` ("database is locked", sqlite.org/rescode.html
    /// #busy_snapshot). On PostgreSQL this is a plain `BEGIN`.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, sea_orm::DbErr> {
        let tx = self.conn.begin().await?;
        if self.backend() == DatabaseBackend::Sqlite {
            // Deletes nothing; compiling a DELETE begins the write transaction
            // (`sqlite3BeginWriteOperation`) before any row is read.
            tx.execute_unprepared("DELETE FROM seaql_migrations WHERE 0")
                .await?;
        }
        Ok(tx)
    }

    /// Which backend this is.
    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), sea_orm::DbErr> {
        Migrator::up(&self.conn, None).await
    }

    /// Number of migrations not yet applied.
    pub async fn pending_migrations(&self) -> Result<usize, sea_orm::DbErr> {
        Ok(Migrator::get_pending_migrations(&self.conn).await?.len())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        self.conn.ping().await.is_ok()
    }

    /// Closes the pool.
    pub async fn close(self) -> Result<(), sea_orm::DbErr> {
        self.conn.close().await
    }

    /// Raw access for tests that must bypass the repositories (e.g. to prove triggers hold).
    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }
}
