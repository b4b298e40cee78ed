//! Officer profiles (执法人员) and their enforcement certificates (行政执法证).
//!
//! The case engine reads officers through [`acting_officers`], which maps rows to the domain's
//! [`ActingOfficer`] so the gates (行政处罚法 art. 42, 55) see certificates, never rows.

use crate::entity::{certificate, officer_profile, user};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::{ActingOfficer, Certificate, CertificateStatus, OfficerId};
use sea_orm::prelude::Json;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use std::collections::HashMap;
use uuid::Uuid;

/// What an admin sets on a profile.
#[derive(Debug, Clone)]
pub struct ProfileInput {
    pub name: String,
    pub post: String,
    pub unit: String,
    /// Holds the national legal profession qualification (法律职业资格, art. 58).
    pub legal_qualification: bool,
    /// Since when the person has done legal-review work, if recorded (art. 58 para. 2).
    pub review_experience_since: Option<NaiveDate>,
}

/// A stored officer profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerProfile {
    pub user_id: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    pub post: String,
    pub unit: String,
    pub legal_qualification: bool,
    pub review_experience_since: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

/// A stored certificate: the domain [`Certificate`] plus what only the register keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    pub id: Uuid,
    pub user_id: Uuid,
    pub agency_id: Uuid,
    pub issuer: String,
    pub certificate: Certificate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An officer: profile, username and every certificate on file (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerRecord {
    pub profile: OfficerProfile,
    pub username: String,
    pub certificates: Vec<StoredCertificate>,
}

/// A new certificate.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub number: String,
    pub issuer: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub categories: Vec<String>,
    pub area: String,
    pub status: CertificateStatus,
}

/// Changes to a certificate; `None` leaves a field as it is. The number, issuer and start date
/// never change: a new certificate is a new row.
#[derive(Debug, Clone, Default)]
pub struct CertificateChanges {
    pub status: Option<CertificateStatus>,
    pub valid_until: Option<NaiveDate>,
}

fn status_str(s: CertificateStatus) -> &'static str {
    match s {
        CertificateStatus::Valid => "valid",
        CertificateStatus::Suspended => "suspended",
        CertificateStatus::Revoked => "revoked",
    }
}

fn parse_status(s: &str) -> Result<CertificateStatus, StoreError> {
    match s {
        "valid" => Ok(CertificateStatus::Valid),
        "suspended" => Ok(CertificateStatus::Suspended),
        "revoked" => Ok(CertificateStatus::Revoked),
        other => Err(StoreError::Db(DbErr::Custom(format!(
            "unknown certificate status `{other}`"
        )))),
    }
}

fn categories_json(categories: &[String]) -> Json {
    Json::Array(categories.iter().cloned().map(Json::String).collect())
}

fn parse_categories(v: &Json) -> Result<Vec<String>, StoreError> {
    let bad = || StoreError::Db(DbErr::Custom(format!("certificate categories: {v}")));
    match v {
        Json::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned).ok_or_else(bad))
            .collect(),
        _ => Err(bad()),
    }
}

fn to_profile(m: officer_profile::Model) -> OfficerProfile {
    OfficerProfile {
        user_id: m.user_id,
        agency_id: m.agency_id,
        name: m.name,
        post: m.post,
        unit: m.unit,
        legal_qualification: m.legal_qualification,
        review_experience_since: m.review_experience_since,
        updated_at: m.updated_at,
    }
}

fn to_certificate(m: certificate::Model) -> Result<StoredCertificate, StoreError> {
    Ok(StoredCertificate {
        certificate: Certificate {
            number: m.number,
            valid_from: m.valid_from,
            valid_until: m.valid_until,
            status: parse_status(&m.status)?,
            categories: parse_categories(&m.categories)?,
            area: m.area,
        },
        id: m.id,
        user_id: m.user_id,
        agency_id: m.agency_id,
        issuer: m.issuer,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// Certificates of the given users, grouped by user, oldest first.
async fn certificates_of<C: ConnectionTrait>(
    conn: &C,
    user_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<StoredCertificate>>, StoreError> {
    let mut out: HashMap<Uuid, Vec<StoredCertificate>> = HashMap::new();
    if user_ids.is_empty() {
        return Ok(out);
    }
    for m in certificate::Entity::find()
        .filter(certificate::Column::UserId.is_in(user_ids))
        .order_by_asc(certificate::Column::CreatedAt)
        .order_by_asc(certificate::Column::Number)
        .all(conn)
        .await?
    {
        let c = to_certificate(m)?;
        out.entry(c.user_id).or_default().push(c);
    }
    Ok(out)
}

/// Profiles (with usernames and certificates) of one agency, optionally only one user.
async fn load_officers<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    only: Option<Uuid>,
) -> Result<Vec<OfficerRecord>, StoreError> {
    let mut q = officer_profile::Entity::find()
        .filter(officer_profile::Column::AgencyId.eq(agency_id))
        .order_by_asc(officer_profile::Column::Name);
    if let Some(u) = only {
        q = q.filter(officer_profile::Column::UserId.eq(u));
    }
    let profiles = q.all(conn).await?;
    let ids: Vec<Uuid> = profiles.iter().map(|p| p.user_id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let usernames: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.username))
        .collect();
    let mut certs = certificates_of(conn, ids).await?;
    Ok(profiles
        .into_iter()
        .map(|p| OfficerRecord {
            username: usernames.get(&p.user_id).cloned().unwrap_or_default(),
            certificates: certs.remove(&p.user_id).unwrap_or_default(),
            profile: to_profile(p),
        })
        .collect())
}

/// Sets the profile of a user of `agency_id` (creates or replaces it) in one transaction.
/// A user that does not exist or belongs to another agency is [`StoreError::NotFound`].
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn upsert_profile(
    db: &Db,
    agency_id: Uuid,
    user_id: Uuid,
    input: ProfileInput,
    now: DateTime<Utc>,
) -> Result<OfficerRecord, StoreError> {
    let tx = db.begin_write().await?;
    match user::Entity::find_by_id(user_id).one(&tx).await? {
        Some(u) if u.agency_id == agency_id => {}
        _ => return Err(StoreError::NotFound),
    }
    let existing = officer_profile::Entity::find_by_id(user_id)
        .one(&tx)
        .await?;
    let am = officer_profile::ActiveModel {
        user_id: Set(user_id),
        agency_id: Set(agency_id),
        name: Set(input.name),
        post: Set(input.post),
        unit: Set(input.unit),
        legal_qualification: Set(input.legal_qualification),
        review_experience_since: Set(input.review_experience_since),
        updated_at: Set(now),
    };
    if existing.is_some() {
        am.update(&tx).await?;
    } else {
        am.insert(&tx).await?;
    }
    let record = load_officers(&tx, agency_id, Some(user_id))
        .await?
        .pop()
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(record)
}

/// The officers (users with a profile) of an agency, by name.
pub async fn list_officers(db: &Db, agency_id: Uuid) -> Result<Vec<OfficerRecord>, StoreError> {
    load_officers(&db.conn(), agency_id, None).await
}

/// One officer of an agency; a user without a profile, or of another agency, is not found.
pub async fn get_officer(
    db: &Db,
    agency_id: Uuid,
    user_id: Uuid,
) -> Result<OfficerRecord, StoreError> {
    load_officers(&db.conn(), agency_id, Some(user_id))
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// One certificate, whatever its agency (the caller checks access).
pub async fn get_certificate(db: &Db, id: Uuid) -> Result<StoredCertificate, StoreError> {
    certificate::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(to_certificate)
}

/// Registers a certificate for an officer of `agency_id` (the user must have a profile there).
/// A number already on file is [`StoreError::Conflict`]`("number")`.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn create_certificate(
    db: &Db,
    agency_id: Uuid,
    user_id: Uuid,
    input: NewCertificate,
    now: DateTime<Utc>,
) -> Result<StoredCertificate, StoreError> {
    let tx = db.begin_write().await?;
    match officer_profile::Entity::find_by_id(user_id)
        .one(&tx)
        .await?
    {
        Some(p) if p.agency_id == agency_id => {}
        _ => return Err(StoreError::NotFound),
    }
    let m = certificate::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        agency_id: Set(agency_id),
        number: Set(input.number),
        issuer: Set(input.issuer),
        valid_from: Set(input.valid_from),
        valid_until: Set(input.valid_until),
        categories: Set(categories_json(&input.categories)),
        area: Set(input.area),
        status: Set(status_str(input.status).to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&tx)
    .await
    .map_err(|e| StoreError::unique(e, "number"))?;
    let c = to_certificate(m)?;
    tx.commit().await?;
    Ok(c)
}

/// Changes a certificate's status or end date. A certificate of another agency is not found.
#[tracing::instrument(skip_all, fields(certificate_id = %id))]
pub async fn update_certificate(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    changes: CertificateChanges,
    now: DateTime<Utc>,
) -> Result<StoredCertificate, StoreError> {
    let tx = db.begin_write().await?;
    let m = certificate::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .filter(|m| m.agency_id == agency_id)
        .ok_or(StoreError::NotFound)?;
    let mut am: certificate::ActiveModel = m.into();
    if let Some(s) = changes.status {
        am.status = Set(status_str(s).to_owned());
    }
    if let Some(u) = changes.valid_until {
        am.valid_until = Set(u);
    }
    am.updated_at = Set(now);
    let c = to_certificate(am.update(&tx).await?)?;
    tx.commit().await?;
    Ok(c)
}

/// The officers acting in a case step, as the domain gates see them: the profile's name (or
/// the user's display name when there is no profile) and every certificate on file. Repeated
/// ids count once, so one officer cannot make up the two that art. 42 requires. Any id that is
/// unknown or belongs to another agency makes the whole call [`StoreError::NotFound`].
#[tracing::instrument(skip_all, fields(agency_id = %agency_id))]
pub async fn acting_officers(
    db: &Db,
    agency_id: Uuid,
    user_ids: &[Uuid],
) -> Result<Vec<ActingOfficer>, StoreError> {
    let mut ids: Vec<Uuid> = Vec::with_capacity(user_ids.len());
    for id in user_ids {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .filter(user::Column::AgencyId.eq(agency_id))
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    if users.len() != ids.len() {
        return Err(StoreError::NotFound);
    }
    let profiles: HashMap<Uuid, String> = officer_profile::Entity::find()
        .filter(officer_profile::Column::UserId.is_in(ids.clone()))
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|p| (p.user_id, p.name))
        .collect();
    let mut certs = certificates_of(&db.conn(), ids.clone()).await?;
    ids.into_iter()
        .map(|id| {
            let name = match (profiles.get(&id), users.get(&id)) {
                (Some(n), _) => n.clone(),
                (None, Some(u)) => u.display_name.clone(),
                (None, None) => return Err(StoreError::NotFound),
            };
            Ok(ActingOfficer {
                id: OfficerId(id),
                name,
                certificates: certs
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| c.certificate)
                    .collect(),
            })
        })
        .collect()
}

/// Names to show for users (profile name, else display name). Unknown ids are left out.
/// One query: users left-joined with their officer profiles.
pub async fn officer_names(
    db: &Db,
    user_ids: &[Uuid],
) -> Result<HashMap<Uuid, String>, StoreError> {
    use sea_orm::sea_query::{Alias, Expr, Func, Query};
    use sea_orm::{ConnectionTrait, StatementBuilder};
    if user_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = Query::select()
        .column((user::Entity, user::Column::Id))
        .expr_as(
            Func::coalesce([
                Expr::col((officer_profile::Entity, officer_profile::Column::Name)).into(),
                Expr::col((user::Entity, user::Column::DisplayName)).into(),
            ]),
            Alias::new("name"),
        )
        .from(user::Entity)
        .left_join(
            officer_profile::Entity,
            Expr::col((officer_profile::Entity, officer_profile::Column::UserId))
                .equals((user::Entity, user::Column::Id)),
        )
        .and_where(Expr::col((user::Entity, user::Column::Id)).is_in(user_ids.to_vec()))
        .to_owned();
    let backend = db.conn().get_database_backend();
    let rows = db
        .conn()
        .query_all(StatementBuilder::build(&query, &backend))
        .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let name: String = row.try_get("", "name")?;
        out.insert(id, name);
    }
    Ok(out)
}

/// What the user's profile says for the reviewer gate of art. 58 para. 2: (holds the legal
/// profession qualification, since when they do legal-review work). No profile: (false, None).
pub async fn reviewer_standing(
    db: &Db,
    user_id: Uuid,
) -> Result<(bool, Option<NaiveDate>), StoreError> {
    Ok(officer_profile::Entity::find_by_id(user_id)
        .one(&db.conn())
        .await?
        .map_or((false, None), |p| {
            (p.legal_qualification, p.review_experience_since)
        }))
}
