//! Reads by auditors: every read of the log endpoints and exports by a user with the auditor
//! role is recorded (append-only) and can be listed by an administrator.

use super::LogError;
use crate::entity::auditor_read;
use crate::Db;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use uuid::Uuid;

/// A read to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditorRead {
    pub user_id: Uuid,
    /// The auditor's own agency.
    pub agency_id: Uuid,
    /// The agency whose data was read, when one was.
    pub target_agency_id: Option<Uuid>,
    /// What was read, e.g. `case.export`, `log.entries`.
    pub what: String,
    /// Which object or range, e.g. a case id or `start=0&end=100`.
    pub target: String,
    pub request_id: Option<String>,
}

/// A recorded read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditorRead {
    pub id: Uuid,
    pub user_id: Uuid,
    pub agency_id: Uuid,
    pub target_agency_id: Option<Uuid>,
    pub what: String,
    pub target: String,
    pub at: DateTime<Utc>,
    pub request_id: Option<String>,
}

/// Records a read.
pub async fn record_auditor_read(
    db: &Db,
    r: NewAuditorRead,
    now: DateTime<Utc>,
) -> Result<(), LogError> {
    let mut target = r.target;
    if target.chars().count() > 200 {
        target = target.chars().take(200).collect();
    }
    auditor_read::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(r.user_id),
        agency_id: Set(r.agency_id),
        target_agency_id: Set(r.target_agency_id),
        what: Set(r.what),
        target: Set(target),
        at: Set(now),
        request_id: Set(r.request_id),
    }
    .insert(&db.conn())
    .await?;
    Ok(())
}

/// Recorded reads, newest first: all of them (`agency` None), or those by auditors of
/// `agency` or of data of `agency`.
pub async fn list_auditor_reads(
    db: &Db,
    agency: Option<Uuid>,
    user: Option<Uuid>,
    limit: u64,
) -> Result<Vec<AuditorRead>, LogError> {
    let mut q = auditor_read::Entity::find();
    if let Some(a) = agency {
        q = q.filter(
            Condition::any()
                .add(auditor_read::Column::AgencyId.eq(a))
                .add(auditor_read::Column::TargetAgencyId.eq(a)),
        );
    }
    if let Some(u) = user {
        q = q.filter(auditor_read::Column::UserId.eq(u));
    }
    Ok(q.order_by_desc(auditor_read::Column::At)
        .order_by_desc(auditor_read::Column::Id)
        .limit(limit)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|m| AuditorRead {
            id: m.id,
            user_id: m.user_id,
            agency_id: m.agency_id,
            target_agency_id: m.target_agency_id,
            what: m.what,
            target: m.target,
            at: m.at,
            request_id: m.request_id,
        })
        .collect())
}
