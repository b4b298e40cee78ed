//! Agencies and user accounts.

use crate::entity::{agency, auditor_grant, refresh_token, user, user_role};
use crate::{Db, StoreError};
use chrono::{DateTime, Utc};
use sanxiang_domain::account::{Agency, Role, UserAccount};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The default case-number template (e.g. 桓财罚〔2026〕12号).
pub const DEFAULT_CASE_NUMBER_TEMPLATE: &str = "{short}{kind}〔{year}〕{seq}号";

/// A new agency.
#[derive(Debug, Clone)]
pub struct NewAgency {
    pub name: String,
    pub short_name: String,
    pub credit_code: Option<String>,
    pub is_platform: bool,
}

fn to_agency(m: agency::Model) -> Agency {
    Agency {
        id: m.id,
        name: m.name,
        short_name: m.short_name,
        credit_code: m.credit_code,
        is_platform: m.is_platform,
        active: m.active,
        created_at: m.created_at,
    }
}

/// Creates an agency. A duplicate name is a conflict.
#[tracing::instrument(skip_all)]
pub async fn create_agency(
    db: &Db,
    new: NewAgency,
    now: DateTime<Utc>,
) -> Result<Agency, StoreError> {
    let m = agency::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(new.name),
        short_name: Set(new.short_name),
        credit_code: Set(new.credit_code),
        is_platform: Set(new.is_platform),
        active: Set(true),
        created_at: Set(now),
        case_number_template: Set(DEFAULT_CASE_NUMBER_TEMPLATE.to_owned()),
    }
    .insert(&db.conn())
    .await
    .map_err(|e| StoreError::unique(e, "name"))?;
    Ok(to_agency(m))
}

/// Every agency, by name.
pub async fn list_agencies(db: &Db) -> Result<Vec<Agency>, StoreError> {
    Ok(agency::Entity::find()
        .order_by_asc(agency::Column::Name)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_agency)
        .collect())
}

/// One agency.
pub async fn get_agency(db: &Db, id: Uuid) -> Result<Agency, StoreError> {
    agency::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .map(to_agency)
        .ok_or(StoreError::NotFound)
}

/// One agency by its exact name.
pub async fn find_agency_by_name(db: &Db, name: &str) -> Result<Option<Agency>, StoreError> {
    Ok(agency::Entity::find()
        .filter(agency::Column::Name.eq(name))
        .one(&db.conn())
        .await?
        .map(to_agency))
}

/// The platform operator's agency, if the instance has been bootstrapped.
pub async fn platform_agency(db: &Db) -> Result<Option<Agency>, StoreError> {
    Ok(agency::Entity::find()
        .filter(agency::Column::IsPlatform.eq(true))
        .one(&db.conn())
        .await?
        .map(to_agency))
}

/// Enables or disables an agency. Disabling revokes every token of its users.
#[tracing::instrument(skip_all, fields(agency_id = %id))]
pub async fn set_agency_active(
    db: &Db,
    id: Uuid,
    active: bool,
    now: DateTime<Utc>,
) -> Result<Agency, StoreError> {
    let tx = db.begin_write().await?;
    let m = agency::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut am: agency::ActiveModel = m.into();
    am.active = Set(active);
    let m = am.update(&tx).await?;
    if !active {
        let ids: Vec<Uuid> = user::Entity::find()
            .filter(user::Column::AgencyId.eq(id))
            .all(&tx)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        for uid in ids {
            invalidate_tokens(&tx, uid, now).await?;
        }
    }
    tx.commit().await?;
    Ok(to_agency(m))
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub agency_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub auditor_agency_ids: Vec<Uuid>,
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub password_hash: Option<String>,
    pub roles: Option<Vec<Role>>,
    pub active: Option<bool>,
    pub auditor_agency_ids: Option<Vec<Uuid>>,
}

async fn load_accounts<C: ConnectionTrait>(
    conn: &C,
    users: Vec<user::Model>,
) -> Result<Vec<UserAccount>, StoreError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let mut roles: HashMap<Uuid, Vec<Role>> = HashMap::new();
    for r in user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(ids))
        .all(conn)
        .await?
    {
        match r.role.parse::<Role>() {
            Ok(role) => roles.entry(r.user_id).or_default().push(role),
            Err(e) => tracing::warn!(user_id = %r.user_id, "ignoring stored role: {e}"),
        }
    }
    let mut grants: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    // Only auditors and supervisors hold grants: skip the query for everyone else (the auth path
    // of every request).
    let auditors: Vec<Uuid> = roles
        .iter()
        .filter(|(_, r)| r.iter().any(|r| r.reads_granted_agencies()))
        .map(|(id, _)| *id)
        .collect();
    if !auditors.is_empty() {
        for g in auditor_grant::Entity::find()
            .filter(auditor_grant::Column::UserId.is_in(auditors))
            .all(conn)
            .await?
        {
            grants.entry(g.user_id).or_default().push(g.agency_id);
        }
    }
    Ok(users
        .into_iter()
        .map(|u| {
            let mut r = roles.remove(&u.id).unwrap_or_default();
            r.sort();
            let mut g = grants.remove(&u.id).unwrap_or_default();
            g.sort();
            UserAccount {
                id: u.id,
                agency_id: u.agency_id,
                username: u.username,
                display_name: u.display_name,
                roles: r,
                active: u.active,
                token_version: u.token_version,
                auditor_agency_ids: g,
                created_at: u.created_at,
            }
        })
        .collect())
}

async fn load_one<C: ConnectionTrait>(conn: &C, u: user::Model) -> Result<UserAccount, StoreError> {
    load_accounts(conn, vec![u])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

async fn write_roles<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    roles: &[Role],
) -> Result<(), StoreError> {
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let mut rs: Vec<Role> = roles.to_vec();
    rs.sort();
    rs.dedup();
    for r in rs {
        user_role::ActiveModel {
            user_id: Set(user_id),
            role: Set(r.as_str().to_owned()),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

async fn write_grants<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    agencies: &[Uuid],
) -> Result<(), StoreError> {
    auditor_grant::Entity::delete_many()
        .filter(auditor_grant::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let mut gs = agencies.to_vec();
    gs.sort();
    gs.dedup();
    for a in gs {
        if agency::Entity::find_by_id(a).one(conn).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        auditor_grant::ActiveModel {
            user_id: Set(user_id),
            agency_id: Set(a),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Revokes every refresh token of the user and bumps their token version, so access tokens
/// issued before now stop working too.
async fn invalidate_tokens<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    user::Entity::update_many()
        .col_expr(
            user::Column::TokenVersion,
            Expr::col(user::Column::TokenVersion).add(1),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Creates a user with roles and grants, in one transaction. A taken username is a conflict.
#[tracing::instrument(skip_all)]
pub async fn create_user(
    db: &Db,
    new: NewUser,
    now: DateTime<Utc>,
) -> Result<UserAccount, StoreError> {
    let tx = db.begin_write().await?;
    if agency::Entity::find_by_id(new.agency_id)
        .one(&tx)
        .await?
        .is_none()
    {
        return Err(StoreError::NotFound);
    }
    let id = Uuid::new_v4();
    let m = user::ActiveModel {
        id: Set(id),
        agency_id: Set(new.agency_id),
        username: Set(new.username),
        display_name: Set(new.display_name),
        password_hash: Set(new.password_hash),
        active: Set(true),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&tx)
    .await
    .map_err(|e| StoreError::unique(e, "username"))?;
    write_roles(&tx, id, &new.roles).await?;
    write_grants(&tx, id, &new.auditor_agency_ids).await?;
    let account = load_one(&tx, m).await?;
    tx.commit().await?;
    Ok(account)
}

/// One user.
pub async fn get_user(db: &Db, id: Uuid) -> Result<UserAccount, StoreError> {
    let m = user::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    load_one(&db.conn(), m).await
}

/// The user behind an access token, with the roles the token carries. Only valid after the
/// caller has checked that the token's version equals the user's: every change of roles or
/// grants bumps the version, so matching tokens carry the current roles. Saves the roles query
/// on the path of every request; auditors' grants are still read.
pub async fn auth_user(db: &Db, id: Uuid, roles: &[Role]) -> Result<UserAccount, StoreError> {
    let u = user::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut auditor_agency_ids = Vec::new();
    if roles.iter().any(|r| r.reads_granted_agencies()) {
        auditor_agency_ids = auditor_grant::Entity::find()
            .filter(auditor_grant::Column::UserId.eq(id))
            .all(&db.conn())
            .await?
            .into_iter()
            .map(|g| g.agency_id)
            .collect();
        auditor_agency_ids.sort();
    }
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    Ok(UserAccount {
        id: u.id,
        agency_id: u.agency_id,
        username: u.username,
        display_name: u.display_name,
        roles,
        active: u.active,
        token_version: u.token_version,
        auditor_agency_ids,
        created_at: u.created_at,
    })
}

/// A user and their password hash, by (lower-case) username.
pub async fn find_credentials(
    db: &Db,
    username: &str,
) -> Result<Option<(UserAccount, String)>, StoreError> {
    let Some(m) = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(&db.conn())
        .await?
    else {
        return Ok(None);
    };
    let hash = m.password_hash.clone();
    Ok(Some((load_one(&db.conn(), m).await?, hash)))
}

/// Users of one agency, or of every agency when `agency_id` is `None`.
pub async fn list_users(db: &Db, agency_id: Option<Uuid>) -> Result<Vec<UserAccount>, StoreError> {
    let mut q = user::Entity::find().order_by_asc(user::Column::Username);
    if let Some(a) = agency_id {
        q = q.filter(user::Column::AgencyId.eq(a));
    }
    let users = q.all(&db.conn()).await?;
    load_accounts(&db.conn(), users).await
}

/// Number of user accounts.
pub async fn count_users(db: &Db) -> Result<u64, StoreError> {
    Ok(user::Entity::find().count(&db.conn()).await?)
}

/// Applies changes to a user in one transaction. A new password or disabling the account
/// invalidates every token the user holds.
#[tracing::instrument(skip_all, fields(user_id = %id))]
pub async fn update_user(
    db: &Db,
    id: Uuid,
    changes: UserChanges,
    now: DateTime<Utc>,
) -> Result<UserAccount, StoreError> {
    let tx = db.begin_write().await?;
    let m = user::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    // Access tokens carry roles: any change of roles or grants signs the user out too.
    let invalidate = changes.password_hash.is_some()
        || changes.active == Some(false)
        || changes.roles.is_some()
        || changes.auditor_agency_ids.is_some();
    let mut am: user::ActiveModel = m.into();
    if let Some(d) = changes.display_name {
        am.display_name = Set(d);
    }
    if let Some(h) = changes.password_hash {
        am.password_hash = Set(h);
    }
    if let Some(a) = changes.active {
        am.active = Set(a);
    }
    am.updated_at = Set(now);
    am.update(&tx).await?;
    if let Some(r) = &changes.roles {
        write_roles(&tx, id, r).await?;
    }
    if let Some(g) = &changes.auditor_agency_ids {
        write_grants(&tx, id, g).await?;
    }
    if invalidate {
        invalidate_tokens(&tx, id, now).await?;
    }
    let m = user::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let account = load_one(&tx, m).await?;
    tx.commit().await?;
    Ok(account)
}
