//! Connecting, migrating and checking the database.

use sanxiang_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection};
use std::time::Duration;

/// The database handle shared by every request.
#[derive(Clone, Debug)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`). SQLite runs in WAL mode with foreign
    /// keys enforced.
    pub async fn connect(url: &str) -> Result<Self, sea_orm::DbErr> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(30));
        if url.starts_with("sqlite:") {
            // One writer at a time in SQLite; a small pool avoids lock contention.
            opts.max_connections(8).min_connections(1);
        } else {
            opts.max_connections(32).min_connections(1);
        }
        let conn = Database::connect(opts).await?;
        if conn.get_database_backend() == DatabaseBackend::Sqlite {
            conn.execute_unprepared(
                "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;",
            )
            .await?;
        }
        Ok(Self { conn })
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
