//! Legal review of major decisions: catalogue versions, one review per case, the
//! append-only review events and collective deliberations, and the decision gate's re-read inside
//! the transaction that writes the decision.
//!
//! Review writes lock the case row (PostgreSQL `SELECT … FOR UPDATE`) before changing the review
//! under its optimistic `version`, so a review change and a decision on the same case are
//! serialised; the case records a review write produces (flagging, opinion, deliberation) are
//! appended in the same transaction, with their tamper-evident log entries.

use crate::cases::{append_records_in, NewRecord};
use crate::entity::{case, deliberation, review, review_catalogue, review_event};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::review::{Catalogue, Criterion, Flagging, Review, ReviewStatus};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

fn from_json<T: DeserializeOwned>(v: serde_json::Value, what: &str) -> Result<T, StoreError> {
    serde_json::from_value(v)
        .map_err(|e| StoreError::Db(DbErr::Custom(format!("stored {what}: {e}"))))
}

fn to_json<T: Serialize>(v: &T) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(v).map_err(|e| StoreError::Db(DbErr::Custom(format!("serialise: {e}"))))
}

fn status_str(s: ReviewStatus) -> String {
    crate::cases::enum_str(&s)
}

fn u32_of(v: i32) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

// ------------------------------------------------------------------ catalogue

/// A catalogue version as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCatalogue {
    pub id: Uuid,
    pub catalogue: Catalogue,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

fn to_catalogue(m: review_catalogue::Model) -> Result<StoredCatalogue, StoreError> {
    let criteria: Vec<Criterion> = from_json(m.criteria, "catalogue criteria")?;
    Ok(StoredCatalogue {
        id: m.id,
        catalogue: Catalogue {
            agency_id: m.agency_id,
            version: u32_of(m.version),
            effective_from: m.effective_from,
            effective_until: m.effective_until,
            criteria,
        },
        created_by: m.created_by,
        created_at: m.created_at,
    })
}

/// Every catalogue version of the agency, oldest first.
pub async fn catalogue_versions(
    db: &Db,
    agency_id: Uuid,
) -> Result<Vec<StoredCatalogue>, StoreError> {
    review_catalogue::Entity::find()
        .filter(review_catalogue::Column::AgencyId.eq(agency_id))
        .order_by_asc(review_catalogue::Column::Version)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_catalogue)
        .collect()
}

/// The catalogue versions in force on `day`, of one agency or of all (the public list). Agencies
/// that never read their catalogue have none stored and are not listed.
pub async fn catalogues_in_force(
    db: &Db,
    agency_id: Option<Uuid>,
    day: NaiveDate,
) -> Result<Vec<StoredCatalogue>, StoreError> {
    let mut q = review_catalogue::Entity::find()
        .filter(review_catalogue::Column::EffectiveFrom.lte(day))
        .filter(
            sea_orm::Condition::any()
                .add(review_catalogue::Column::EffectiveUntil.is_null())
                .add(review_catalogue::Column::EffectiveUntil.gte(day)),
        );
    if let Some(a) = agency_id {
        q = q.filter(review_catalogue::Column::AgencyId.eq(a));
    }
    q.order_by_asc(review_catalogue::Column::AgencyId)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_catalogue)
        .collect()
}

/// The agency's catalogue versions, creating the default version 1 (in force from `from`) when
/// the agency has none yet. Concurrent first reads create it once.
pub async fn ensure_catalogue(
    db: &Db,
    agency_id: Uuid,
    from: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<StoredCatalogue>, StoreError> {
    let existing = catalogue_versions(db, agency_id).await?;
    if !existing.is_empty() {
        return Ok(existing);
    }
    let c = Catalogue::default_for(agency_id, from);
    review_catalogue::Entity::insert(review_catalogue::ActiveModel {
        id: Set(Uuid::new_v4()),
        agency_id: Set(agency_id),
        version: Set(1),
        effective_from: Set(c.effective_from),
        effective_until: Set(None),
        criteria: Set(to_json(&c.criteria)?),
        created_by: Set(None),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            review_catalogue::Column::AgencyId,
            review_catalogue::Column::Version,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&db.conn())
    .await?;
    catalogue_versions(db, agency_id).await
}

/// Stores a new version published by the domain (`CatalogueHistory::publish`), closing the
/// previous one on `closed = (version, until)`, in one transaction. A concurrent publication of
/// the same number is `Conflict("catalogue_version")`.
pub async fn insert_catalogue_version(
    db: &Db,
    next: &Catalogue,
    closed: Option<(u32, Option<NaiveDate>)>,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredCatalogue, StoreError> {
    let tx = db.begin_write().await?;
    if let Some((version, until)) = closed {
        let res = review_catalogue::Entity::update_many()
            .col_expr(review_catalogue::Column::EffectiveUntil, Expr::value(until))
            .filter(review_catalogue::Column::AgencyId.eq(next.agency_id))
            .filter(review_catalogue::Column::Version.eq(i32_of(version)))
            .filter(review_catalogue::Column::EffectiveUntil.is_null())
            .exec(&tx)
            .await?;
        if res.rows_affected != 1 {
            return Err(StoreError::Conflict("catalogue_version"));
        }
    }
    let m = review_catalogue::ActiveModel {
        id: Set(Uuid::new_v4()),
        agency_id: Set(next.agency_id),
        version: Set(i32_of(next.version)),
        effective_from: Set(next.effective_from),
        effective_until: Set(next.effective_until),
        criteria: Set(to_json(&next.criteria)?),
        created_by: Set(Some(created_by)),
        created_at: Set(now),
    }
    .insert(&tx)
    .await
    .map_err(|e| StoreError::unique(e, "catalogue_version"))?;
    tx.commit().await?;
    to_catalogue(m)
}

// ------------------------------------------------------------------ reviews

/// A review as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReview {
    pub review: Review,
    /// Flagging of the current round's draft against the review's catalogue version.
    pub flagging: Flagging,
    pub due_on: Option<NaiveDate>,
    pub version: i32,
    pub requested_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn to_review(m: review::Model) -> Result<StoredReview, StoreError> {
    Ok(StoredReview {
        review: from_json(m.state, "review")?,
        flagging: from_json(m.flagging, "flagging")?,
        due_on: m.due_on,
        version: m.version,
        requested_at: m.requested_at,
        updated_at: m.updated_at,
    })
}

/// A review write: the new state, its flagging and due date, the event and the case records.
#[derive(Debug, Clone)]
pub struct ReviewWrite {
    pub review: Review,
    pub flagging: Flagging,
    pub due_on: Option<NaiveDate>,
    /// `request`, `assign`, `answer`, `adviser_opinion`, `opinion`, `resubmit`, `extend`.
    pub action: &'static str,
    pub actor: Uuid,
    /// Case records written in the same transaction (flagging, opinion).
    pub records: Vec<NewRecord>,
}

/// Locks the case row for the rest of the transaction on PostgreSQL (`SELECT … FOR UPDATE`);
/// SQLite has one writer at a time and needs no row lock.
pub async fn lock_case<C: ConnectionTrait>(conn: &C, case_id: Uuid) -> Result<(), StoreError> {
    if conn.get_database_backend() == DatabaseBackend::Postgres {
        case::Entity::find_by_id(case_id)
            .select_only()
            .column(case::Column::Id)
            .lock_exclusive()
            .into_tuple::<Uuid>()
            .one(conn)
            .await?
            .ok_or(StoreError::NotFound)?;
    }
    Ok(())
}

async fn next_event_seq<C: ConnectionTrait>(conn: &C, case_id: Uuid) -> Result<i32, StoreError> {
    let last = review_event::Entity::find()
        .filter(review_event::Column::CaseId.eq(case_id))
        .order_by_desc(review_event::Column::Seq)
        .one(conn)
        .await?;
    Ok(last.map_or(1, |e| e.seq + 1))
}

async fn insert_event<C: ConnectionTrait>(
    conn: &C,
    w: &ReviewWrite,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let case_id = w.review.case_id;
    let seq = next_event_seq(conn, case_id).await?;
    let stored = review_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        case_id: Set(case_id),
        agency_id: Set(w.review.agency_id),
        seq: Set(seq),
        action: Set(w.action.to_owned()),
        round: Set(i32_of(w.review.current().map_or(0, |r| r.number))),
        actor_id: Set(w.actor),
        state: Set(to_json(&w.review)?),
        created_at: Set(now),
    }
    .insert(conn)
    .await
    .map_err(|e| StoreError::unique(e, "review_event"))?;
    // The event is also a log entry, in this transaction (`tlog::review_entry`).
    crate::tlog::log_review_event(conn, &stored, now).await?;
    Ok(())
}

/// The review of a case, if requested.
pub async fn get_review(db: &Db, case_id: Uuid) -> Result<Option<StoredReview>, StoreError> {
    review::Entity::find_by_id(case_id)
        .one(&db.conn())
        .await?
        .map(to_review)
        .transpose()
}

/// Creates the review of a case (the first request). A second request is
/// `Conflict("review_exists")`.
pub async fn create_review(
    db: &Db,
    w: ReviewWrite,
    now: DateTime<Utc>,
) -> Result<StoredReview, StoreError> {
    let tx = db.begin_write().await?;
    let case_id = w.review.case_id;
    lock_case(&tx, case_id).await?;
    if review::Entity::find_by_id(case_id)
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(StoreError::Conflict("review_exists"));
    }
    let m = review::ActiveModel {
        case_id: Set(case_id),
        agency_id: Set(w.review.agency_id),
        status: Set(status_str(w.review.status)),
        reviewer_id: Set(w.review.reviewer.map(|r| r.0)),
        due_on: Set(w.due_on),
        round: Set(i32_of(w.review.current().map_or(0, |r| r.number))),
        catalogue_version: Set(i32_of(w.review.catalogue_version)),
        state: Set(to_json(&w.review)?),
        flagging: Set(to_json(&w.flagging)?),
        version: Set(1),
        requested_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&tx)
    .await
    .map_err(|e| StoreError::unique(e, "review_exists"))?;
    insert_event(&tx, &w, now).await?;
    append_records_in(&tx, w.review.agency_id, case_id, &w.records, w.actor, now).await?;
    tx.commit().await?;
    to_review(m)
}

/// Writes a review command's result if nobody changed the review since `expected_version`
/// (else [`StoreError::Concurrent`]), with its event and case records, in one transaction.
pub async fn update_review(
    db: &Db,
    expected_version: i32,
    w: ReviewWrite,
    now: DateTime<Utc>,
) -> Result<StoredReview, StoreError> {
    let tx = db.begin_write().await?;
    let case_id = w.review.case_id;
    lock_case(&tx, case_id).await?;
    let res = review::Entity::update_many()
        .col_expr(
            review::Column::Status,
            Expr::value(status_str(w.review.status)),
        )
        .col_expr(
            review::Column::ReviewerId,
            Expr::value(w.review.reviewer.map(|r| r.0)),
        )
        .col_expr(review::Column::DueOn, Expr::value(w.due_on))
        .col_expr(
            review::Column::Round,
            Expr::value(i32_of(w.review.current().map_or(0, |r| r.number))),
        )
        .col_expr(review::Column::State, Expr::value(to_json(&w.review)?))
        .col_expr(review::Column::Flagging, Expr::value(to_json(&w.flagging)?))
        .col_expr(review::Column::Version, Expr::value(expected_version + 1))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::CaseId.eq(case_id))
        .filter(review::Column::Version.eq(expected_version))
        .exec(&tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Concurrent);
    }
    insert_event(&tx, &w, now).await?;
    append_records_in(&tx, w.review.agency_id, case_id, &w.records, w.actor, now).await?;
    let m = review::Entity::find_by_id(case_id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    to_review(m)
}

/// Every review of an agency, newest request first.
pub async fn list_reviews(db: &Db, agency_id: Uuid) -> Result<Vec<StoredReview>, StoreError> {
    review::Entity::find()
        .filter(review::Column::AgencyId.eq(agency_id))
        .order_by_desc(review::Column::RequestedAt)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_review)
        .collect()
}

// ------------------------------------------------------------------ deliberations

/// One attendee's opinion as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct StoredOpinion {
    pub attendee_id: Uuid,
    pub opinion: String,
}

/// A deliberation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDeliberation {
    pub id: Uuid,
    pub case_id: Uuid,
    pub agency_id: Uuid,
    pub held_on: NaiveDate,
    pub attendees: Vec<Uuid>,
    pub opinions: Vec<StoredOpinion>,
    pub conclusion: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

/// A deliberation to record.
#[derive(Debug, Clone)]
pub struct NewDeliberation {
    pub case_id: Uuid,
    pub agency_id: Uuid,
    pub held_on: NaiveDate,
    pub attendees: Vec<Uuid>,
    pub opinions: Vec<StoredOpinion>,
    pub conclusion: String,
    pub recorded_by: Uuid,
    /// The `deliberation_record` case record.
    pub record: NewRecord,
}

fn to_deliberation(m: deliberation::Model) -> Result<StoredDeliberation, StoreError> {
    Ok(StoredDeliberation {
        id: m.id,
        case_id: m.case_id,
        agency_id: m.agency_id,
        held_on: m.held_on,
        attendees: from_json(m.attendees, "attendees")?,
        opinions: from_json(m.opinions, "opinions")?,
        conclusion: m.conclusion,
        recorded_by: m.recorded_by,
        recorded_at: m.recorded_at,
    })
}

/// Records a deliberation and its case record in one transaction.
pub async fn insert_deliberation(
    db: &Db,
    d: NewDeliberation,
    now: DateTime<Utc>,
) -> Result<StoredDeliberation, StoreError> {
    let tx = db.begin_write().await?;
    lock_case(&tx, d.case_id).await?;
    let m = deliberation::ActiveModel {
        id: Set(Uuid::new_v4()),
        case_id: Set(d.case_id),
        agency_id: Set(d.agency_id),
        held_on: Set(d.held_on),
        attendees: Set(to_json(&d.attendees)?),
        opinions: Set(to_json(&d.opinions)?),
        conclusion: Set(d.conclusion.clone()),
        recorded_by: Set(d.recorded_by),
        recorded_at: Set(now),
    }
    .insert(&tx)
    .await?;
    append_records_in(
        &tx,
        d.agency_id,
        d.case_id,
        std::slice::from_ref(&d.record),
        d.recorded_by,
        now,
    )
    .await?;
    tx.commit().await?;
    to_deliberation(m)
}

async fn deliberations_on<C: ConnectionTrait>(
    conn: &C,
    case_id: Uuid,
) -> Result<Vec<StoredDeliberation>, StoreError> {
    deliberation::Entity::find()
        .filter(deliberation::Column::CaseId.eq(case_id))
        .order_by_asc(deliberation::Column::RecordedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(to_deliberation)
        .collect()
}

/// Every deliberation of a case, oldest first.
pub async fn deliberations(db: &Db, case_id: Uuid) -> Result<Vec<StoredDeliberation>, StoreError> {
    deliberations_on(&db.conn(), case_id).await
}

// ------------------------------------------------------------------ the gate

/// What the decision gate reads, as of inside the deciding transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct GateSnapshot {
    pub review: Option<StoredReview>,
    /// The latest deliberation.
    pub deliberation: Option<StoredDeliberation>,
}

/// Re-reads the review and the latest deliberation of a case inside `tx` (the transaction that
/// writes the decision), after locking the case row on PostgreSQL, so the gate judges exactly
/// what is committed together with the decision.
pub async fn gate_snapshot<C: ConnectionTrait>(
    tx: &C,
    case_id: Uuid,
) -> Result<GateSnapshot, StoreError> {
    lock_case(tx, case_id).await?;
    let review = review::Entity::find_by_id(case_id)
        .one(tx)
        .await?
        .map(to_review)
        .transpose()?;
    let deliberation = deliberations_on(tx, case_id).await?.pop();
    Ok(GateSnapshot {
        review,
        deliberation,
    })
}

/// The same snapshot read outside a transaction (the pre-check whose answer the officer sees).
pub async fn gate_snapshot_now(db: &Db, case_id: Uuid) -> Result<GateSnapshot, StoreError> {
    let review = get_review(db, case_id).await?;
    let deliberation = deliberations_on(&db.conn(), case_id).await?.pop();
    Ok(GateSnapshot {
        review,
        deliberation,
    })
}
