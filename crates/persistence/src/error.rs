use sea_orm::{DbErr, SqlErr};

/// What a repository call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The object does not exist (or belongs to an agency the caller cannot see).
    #[error("not found")]
    NotFound,
    /// A unique constraint was violated: `what` names the field.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A row changed under us (optimistic concurrency).
    #[error("concurrent modification")]
    Concurrent,
    /// Anything else: logged, reported as a generic 500.
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

impl StoreError {
    /// Maps a unique-key violation to [`StoreError::Conflict`], everything else passes through.
    pub(crate) fn unique(err: DbErr, what: &'static str) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Conflict(what),
            _ => StoreError::Db(err),
        }
    }
}
