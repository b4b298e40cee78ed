//! Password hashing with argon2id (PHC string format), off the async executor.

use crate::error::ApiError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Hashes a password with argon2id and the crate's recommended parameters (19 MiB, t=2, p=1).
pub fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the PHC hash.
pub fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// At most this many argon2 computations at once (each takes 19 MiB and a core for ~50 ms):
/// bounds memory and keeps a burst of logins from starving every other request.
static PERMITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

async fn permit() -> Result<tokio::sync::SemaphorePermit<'static>, ApiError> {
    PERMITS.acquire().await.map_err(ApiError::internal)
}

/// Hashes on the blocking pool.
pub async fn hash(password: String) -> Result<String, ApiError> {
    let _permit = permit().await?;
    actix_web::web::block(move || hash_blocking(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(anyhow::anyhow!("password hashing failed: {e}")))
}

/// Verifies on the blocking pool.
pub async fn verify(password: String, hash: String) -> Result<bool, ApiError> {
    let _permit = permit().await?;
    actix_web::web::block(move || verify_blocking(&password, &hash))
        .await
        .map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash_blocking("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_blocking("correct horse battery", &h));
        assert!(!verify_blocking("wrong horse battery", &h));
        assert!(!verify_blocking("x", "not a hash"));
    }
}
