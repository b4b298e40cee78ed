//! The public side of officers and certificates (行政执法公示: who may enforce; 亮证执法: the
//! certificate check). Only what may be published leaves here: name, unit, post and the
//! certificates — never usernames, phones or resident ids.

use crate::entity::{agency, certificate, officer_profile, user};
use crate::{Db, StoreError};
use chrono::NaiveDate;
use sanxiang_domain::case::CertificateStatus;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A certificate as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicCertificate {
    pub number: String,
    pub issuer: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub categories: Vec<String>,
    pub area: String,
    pub status: CertificateStatus,
}

impl PublicCertificate {
    /// Valid on `day`: status valid and `day` within the dates (行政处罚法 art. 42).
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.status == CertificateStatus::Valid && self.valid_from <= day && day <= self.valid_until
    }
}

/// An officer as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOfficer {
    /// Key of the keyset order (never shown, only encoded into the opaque cursor).
    pub key: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    pub unit: String,
    pub post: String,
    pub certificates: Vec<PublicCertificate>,
}

fn bad(what: &str) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("stored certificate {what}")))
}

fn to_public(m: certificate::Model) -> Result<PublicCertificate, StoreError> {
    let status: CertificateStatus =
        serde_json::from_value(serde_json::Value::String(m.status)).map_err(|_| bad("status"))?;
    let categories: Vec<String> =
        serde_json::from_value(m.categories).map_err(|_| bad("categories"))?;
    Ok(PublicCertificate {
        number: m.number,
        issuer: m.issuer,
        valid_from: m.valid_from,
        valid_until: m.valid_until,
        categories,
        area: m.area,
        status,
    })
}

async fn active_agencies(db: &Db) -> Result<HashSet<Uuid>, StoreError> {
    Ok(agency::Entity::find()
        .filter(agency::Column::Active.eq(true))
        .select_only()
        .column(agency::Column::Id)
        .into_tuple::<Uuid>()
        .all(&db.conn())
        .await?
        .into_iter()
        .collect())
}

/// Officers holding at least one certificate, of active accounts and agencies, in a stable
/// order after `after`, at most `limit`; optionally of one agency.
pub async fn list(
    db: &Db,
    agency_id: Option<Uuid>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<PublicOfficer>, StoreError> {
    let agencies = active_agencies(db).await?;
    let mut out = Vec::new();
    let mut cursor = after;
    // Officers without certificates or of inactive accounts are skipped; read in batches until
    // the page is full.
    loop {
        let mut q = officer_profile::Entity::find().order_by_asc(officer_profile::Column::UserId);
        if let Some(a) = agency_id {
            q = q.filter(officer_profile::Column::AgencyId.eq(a));
        }
        if let Some(c) = cursor {
            q = q.filter(officer_profile::Column::UserId.gt(c));
        }
        let batch = q.limit(limit.max(1) * 2).all(&db.conn()).await?;
        let Some(last) = batch.last().map(|p| p.user_id) else {
            break;
        };
        let ids: Vec<Uuid> = batch.iter().map(|p| p.user_id).collect();
        let active: HashSet<Uuid> = user::Entity::find()
            .filter(user::Column::Id.is_in(ids.clone()))
            .filter(user::Column::Active.eq(true))
            .select_only()
            .column(user::Column::Id)
            .into_tuple::<Uuid>()
            .all(&db.conn())
            .await?
            .into_iter()
            .collect();
        let mut certs: HashMap<Uuid, Vec<PublicCertificate>> = HashMap::new();
        for m in certificate::Entity::find()
            .filter(certificate::Column::UserId.is_in(ids))
            .order_by_asc(certificate::Column::Number)
            .all(&db.conn())
            .await?
        {
            let uid = m.user_id;
            certs.entry(uid).or_default().push(to_public(m)?);
        }
        for p in batch {
            if !active.contains(&p.user_id) || !agencies.contains(&p.agency_id) {
                continue;
            }
            let Some(cs) = certs.remove(&p.user_id) else {
                continue;
            };
            out.push(PublicOfficer {
                key: p.user_id,
                agency_id: p.agency_id,
                name: p.name,
                unit: p.unit,
                post: p.post,
                certificates: cs,
            });
            if out.len() as u64 > limit {
                return Ok(out);
            }
        }
        cursor = Some(last);
    }
    Ok(out)
}

/// The certificate with this number and its holder, for the public check. An officer without a
/// profile, or of an inactive agency, is not found.
pub async fn certificate(
    db: &Db,
    number: &str,
) -> Result<(PublicCertificate, PublicOfficer), StoreError> {
    let m = certificate::Entity::find()
        .filter(certificate::Column::Number.eq(number))
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let profile = officer_profile::Entity::find_by_id(m.user_id)
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    if !active_agencies(db).await?.contains(&profile.agency_id) {
        return Err(StoreError::NotFound);
    }
    let cert = to_public(m)?;
    Ok((
        cert.clone(),
        PublicOfficer {
            key: profile.user_id,
            agency_id: profile.agency_id,
            name: profile.name,
            unit: profile.unit,
            post: profile.post,
            certificates: vec![cert],
        },
    ))
}
