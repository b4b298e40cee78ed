//! Reads for the supervision dashboard (`crates/api/src/routes/supervision`): the stage changes
//! of an agency's cases and the publication of its decisions, in one query each rather than one
//! per case.

use crate::cases::{enum_str, parse_enum};
use crate::entity::{case_record, disclosure, disclosure_version};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::{RecordKind, Stage};
use sanxiang_domain::disclosure::publication::ResourceType;
use sanxiang_domain::disclosure::workflow::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A step the stage machine recorded in a case (`RecordKind::Transition`): the stage it was
/// taken in, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageStep {
    pub case_id: Uuid,
    /// The stage the case was in when the step was taken.
    pub stage: Stage,
    /// The day the step gives (`occurred_at`), else when it was recorded.
    pub at: DateTime<Utc>,
}

/// The recorded steps of the agency's cases in `case_ids`, per case in record order.
#[tracing::instrument(skip_all, fields(agency_id = %agency_id))]
pub async fn stage_steps(
    db: &Db,
    agency_id: Uuid,
    case_ids: &HashSet<Uuid>,
) -> Result<HashMap<Uuid, Vec<StageStep>>, StoreError> {
    let rows = case_record::Entity::find()
        .filter(case_record::Column::AgencyId.eq(agency_id))
        .filter(case_record::Column::Kind.eq(enum_str(&RecordKind::Transition)))
        .order_by_asc(case_record::Column::CaseId)
        .order_by_asc(case_record::Column::Seq)
        .all(&db.conn())
        .await?;
    let mut out: HashMap<Uuid, Vec<StageStep>> = HashMap::new();
    for r in rows.into_iter().filter(|r| case_ids.contains(&r.case_id)) {
        out.entry(r.case_id).or_default().push(StageStep {
            case_id: r.case_id,
            stage: parse_enum(&r.stage)?,
            at: r.occurred_at.unwrap_or(r.recorded_at),
        });
    }
    Ok(out)
}

/// The publication of one decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionPublication {
    pub case_id: Uuid,
    pub decided_on: NaiveDate,
    /// When version 1 went public; `None` while never published.
    pub first_published_at: Option<DateTime<Utc>>,
    /// Withheld by rule (a minor party, a warning only).
    pub not_published: bool,
    /// Found to need withdrawal (行政处罚法 art. 48).
    pub withdrawal_required: bool,
    pub withdrawn: bool,
}

/// The publication of the agency's decisions made within `from..=to`.
#[tracing::instrument(skip_all, fields(agency_id = %agency_id))]
pub async fn decision_publications(
    db: &Db,
    agency_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DecisionPublication>, StoreError> {
    let rows = disclosure::Entity::find()
        .filter(disclosure::Column::AgencyId.eq(agency_id))
        .filter(disclosure::Column::ResourceType.eq(ResourceType::Decision.as_str()))
        .filter(disclosure::Column::DecidedOn.gte(from))
        .filter(disclosure::Column::DecidedOn.lte(to))
        .order_by_asc(disclosure::Column::DecidedOn)
        .all(&db.conn())
        .await?;
    let published: HashSet<Uuid> = rows
        .iter()
        .filter(|m| m.published_version > 0)
        .map(|m| m.id)
        .collect();
    let mut first: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    if !published.is_empty() {
        for chunk in published.iter().copied().collect::<Vec<_>>().chunks(500) {
            for v in disclosure_version::Entity::find()
                .filter(disclosure_version::Column::DisclosureId.is_in(chunk.to_vec()))
                .filter(disclosure_version::Column::Version.eq(1))
                .all(&db.conn())
                .await?
            {
                first.insert(v.disclosure_id, v.published_at);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|m| DecisionPublication {
            case_id: m.case_id,
            decided_on: m.decided_on,
            first_published_at: first.get(&m.id).copied(),
            not_published: m.status == Status::NotPublished.as_str(),
            withdrawal_required: m.withdrawal_required_on.is_some(),
            withdrawn: m.status == Status::Withdrawn.as_str(),
        })
        .collect())
}
