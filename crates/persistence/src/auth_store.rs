//! Refresh tokens (stored as hashes only), login throttling and the authentication event log.

use crate::entity::{auth_event, login_throttle, refresh_token};
use crate::{Db, StoreError};
use chrono::{DateTime, Duration, Utc};
use sanxiang_domain::account::LockoutPolicy;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};
use std::fmt::Write;
use uuid::Uuid;

/// Hex SHA-256 of a refresh token: what the database keeps instead of the token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Stores a new refresh token (by hash) in a login family.
pub async fn insert_refresh(
    db: &Db,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: String,
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<(), StoreError> {
    insert_refresh_in(&db.conn(), user_id, family_id, token_hash, now, ttl).await
}

async fn insert_refresh_in<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: String,
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<(), StoreError> {
    refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(token_hash),
        issued_at: Set(now),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(())
}

async fn revoke_family<C: ConnectionTrait>(
    conn: &C,
    family_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RotateOutcome {
    /// The token was valid; it is now spent and `new_hash` replaces it in the same family.
    Rotated { user_id: Uuid, family_id: Uuid },
    /// The token was already used or revoked: the whole family is now revoked.
    Reused { family_id: Uuid },
    /// The token is past its expiry.
    Expired,
    /// No such token.
    Unknown,
}

/// Spends a refresh token and stores its successor, in one transaction. Presenting a spent
/// token again revokes every token descended from the same login (reuse detection).
#[tracing::instrument(skip_all)]
pub async fn rotate_refresh(
    db: &Db,
    old_hash: &str,
    new_hash: String,
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<RotateOutcome, StoreError> {
    let tx = db.begin_write().await?;
    let Some(tok) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(old_hash))
        .one(&tx)
        .await?
    else {
        return Ok(RotateOutcome::Unknown);
    };
    if tok.used_at.is_some() || tok.revoked_at.is_some() {
        revoke_family(&tx, tok.family_id, now).await?;
        tx.commit().await?;
        return Ok(RotateOutcome::Reused {
            family_id: tok.family_id,
        });
    }
    if tok.expires_at <= now {
        return Ok(RotateOutcome::Expired);
    }
    // Spend it only if nobody else did in the meantime.
    let res = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(tok.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&tx)
        .await?;
    if res.rows_affected != 1 {
        revoke_family(&tx, tok.family_id, now).await?;
        tx.commit().await?;
        return Ok(RotateOutcome::Reused {
            family_id: tok.family_id,
        });
    }
    insert_refresh_in(&tx, tok.user_id, tok.family_id, new_hash, now, ttl).await?;
    tx.commit().await?;
    Ok(RotateOutcome::Rotated {
        user_id: tok.user_id,
        family_id: tok.family_id,
    })
}

/// Revokes the login family the token belongs to (logout) and names it. Unknown tokens are
/// ignored.
pub async fn revoke_by_token(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, StoreError> {
    let Some(tok) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash))
        .one(&db.conn())
        .await?
    else {
        return Ok(None);
    };
    revoke_family(&db.conn(), tok.family_id, now).await?;
    Ok(Some(tok.family_id))
}

/// Whether the login family was revoked (logout, reuse of a refresh token). Access tokens name
/// their family, so this ends them too.
pub async fn family_revoked(db: &Db, family_id: Uuid) -> Result<bool, StoreError> {
    let n = refresh_token::Entity::find()
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_not_null())
        .count(&db.conn())
        .await?;
    Ok(n > 0)
}

/// Until when the username is locked out, if it is.
pub async fn locked_until(
    db: &Db,
    username: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(login_throttle::Entity::find_by_id(username.to_owned())
        .one(&db.conn())
        .await?
        .and_then(|t| t.locked_until)
        .filter(|until| *until > now))
}

/// Counts a failed login; returns the lock's end when this failure locks the account.
#[tracing::instrument(skip_all)]
pub async fn record_failure(
    db: &Db,
    username: &str,
    now: DateTime<Utc>,
    policy: LockoutPolicy,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let tx = db.begin_write().await?;
    let existing = login_throttle::Entity::find_by_id(username.to_owned())
        .one(&tx)
        .await?;
    let failures = existing
        .as_ref()
        .map_or(0, |t| t.failures)
        .saturating_add(1);
    let lock = policy
        .locks_after(u32::try_from(failures).unwrap_or(u32::MAX))
        .then(|| now + policy.lock_for);
    let am = login_throttle::ActiveModel {
        username: Set(username.to_owned()),
        failures: Set(if lock.is_some() { 0 } else { failures }),
        locked_until: Set(lock),
        updated_at: Set(now),
    };
    if existing.is_some() {
        am.update(&tx).await?;
    } else {
        am.insert(&tx)
            .await
            .map_err(|e| StoreError::unique(e, "username"))?;
    }
    tx.commit().await?;
    Ok(lock)
}

/// Forgets failures after a successful login.
pub async fn clear_failures(db: &Db, username: &str) -> Result<(), StoreError> {
    login_throttle::Entity::delete_by_id(username.to_owned())
        .exec(&db.conn())
        .await?;
    Ok(())
}

/// Appends one authentication event (login success or failure, refresh reuse, …), with its log
/// entry in the same transaction (see `tlog::auth_entry`), so that `sanxiang verify` names an
/// event later edited or deleted.
pub async fn record_auth_event(
    db: &Db,
    username: &str,
    user_id: Option<Uuid>,
    outcome: &str,
    request_id: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let event = auth_event::Model {
        id: Uuid::new_v4(),
        at: now,
        username: username.chars().take(64).collect(),
        user_id,
        outcome: outcome.to_owned(),
        request_id,
    };
    crate::tlog::write_auth_event(db, &event).await
}
