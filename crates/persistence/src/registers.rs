//! Public registers: versions of register entries, their review by a second person,
//! publication into the change feed, and the public reads of the version in force.
//!
//! Each state change is one transaction that also appends to the append-only `register_events`
//! history; publishing and withdrawing append to the disclosure change feed
//! ([`crate::disclosure::feed`]) in the same transaction.

use crate::disclosure::feed::{append_change_in, ChangeKind, NewChange};
use crate::entity::{register_event, register_version};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::calendar::china_date;
use sanxiang_domain::case::CaseKind;
use sanxiang_domain::disclosure::registers::{
    check_reviewer, close_previous, Effective, InspectionItem, RegisterContent, RegisterType,
    RegisterViolation, VersionStatus,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The feed's resource type of every register entry.
pub const FEED_RESOURCE_TYPE: &str = "register";

/// What a register write can fail with besides the store: a rule of the domain.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error(transparent)]
    Rule(#[from] RegisterViolation),
    /// The version is not in the state the action needs (e.g. approving a draft).
    #[error("the version is {0}")]
    WrongStatus(&'static str),
    /// An unpublished version is already awaiting review; it must be decided first.
    #[error("a version of this entry is awaiting review")]
    Pending,
    /// Nothing of the entry is public (withdrawing).
    #[error("the entry is not public")]
    NotPublic,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for RegisterError {
    fn from(e: DbErr) -> Self {
        RegisterError::Store(StoreError::Db(e))
    }
}

/// A version as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVersion {
    pub id: Uuid,
    pub entry_id: Uuid,
    pub agency_id: Uuid,
    pub register_type: RegisterType,
    pub version: i32,
    pub status: VersionStatus,
    pub title: String,
    pub content: RegisterContent,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub change_note: String,
    pub author_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewer_id: Option<Uuid>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

impl StoredVersion {
    /// Whether this version is the public one on `day`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.status == VersionStatus::Published
            && Effective {
                from: self.effective_from,
                until: self.effective_until,
            }
            .covers(day)
    }
}

/// One line of an entry's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub version: i32,
    /// `create`, `save`, `submit`, `approve`, `reject`, `withdraw`.
    pub action: String,
    pub actor_id: Uuid,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("stored {what}: {e}")))
}

fn to_version(m: register_version::Model) -> Result<StoredVersion, StoreError> {
    let register_type: RegisterType = m
        .register_type
        .parse()
        .map_err(|e| corrupt("register type", e))?;
    let status: VersionStatus = m.status.parse().map_err(|e| corrupt("status", e))?;
    let content =
        RegisterContent::from_json(register_type, m.content).map_err(|e| corrupt("content", e))?;
    Ok(StoredVersion {
        id: m.id,
        entry_id: m.entry_id,
        agency_id: m.agency_id,
        register_type,
        version: m.version,
        status,
        title: m.title,
        content,
        effective_from: m.effective_from,
        effective_until: m.effective_until,
        change_note: m.change_note,
        author_id: m.author_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
        submitted_at: m.submitted_at,
        reviewer_id: m.reviewer_id,
        reviewed_at: m.reviewed_at,
        review_comment: m.review_comment,
        published_at: m.published_at,
        withdrawn_reason: m.withdrawn_reason,
    })
}

/// A draft as written by staff.
#[derive(Debug, Clone)]
pub struct DraftInput {
    pub content: RegisterContent,
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub change_note: String,
}

async fn event_in<C: ConnectionTrait>(
    conn: &C,
    v: &register_version::Model,
    action: &str,
    actor: Uuid,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    register_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        entry_id: Set(v.entry_id),
        agency_id: Set(v.agency_id),
        version: Set(v.version),
        action: Set(action.to_owned()),
        actor_id: Set(actor),
        comment: Set(comment),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

fn content_json(c: &RegisterContent) -> Result<serde_json::Value, StoreError> {
    c.to_json().map_err(|e| corrupt("content", e))
}

/// Creates a register entry: version 1, a draft by `author`.
#[tracing::instrument(skip_all, fields(agency_id = %agency_id))]
pub async fn create_entry(
    db: &Db,
    agency_id: Uuid,
    input: DraftInput,
    author: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredVersion, RegisterError> {
    input.content.validate()?;
    Effective::new(input.effective_from, input.effective_until)?;
    let tx = db.begin_write().await?;
    let m = register_version::ActiveModel {
        id: Set(Uuid::new_v4()),
        entry_id: Set(Uuid::new_v4()),
        agency_id: Set(agency_id),
        register_type: Set(input.content.register_type().as_str().to_owned()),
        version: Set(1),
        status: Set(VersionStatus::Draft.as_str().to_owned()),
        title: Set(input.content.title()),
        content: Set(content_json(&input.content)?),
        effective_from: Set(input.effective_from),
        effective_until: Set(input.effective_until),
        change_note: Set(input.change_note),
        author_id: Set(author),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        reviewer_id: Set(None),
        reviewed_at: Set(None),
        review_comment: Set(None),
        published_at: Set(None),
        withdrawn_reason: Set(None),
    }
    .insert(&tx)
    .await?;
    event_in(&tx, &m, "create", author, None, now).await?;
    tx.commit().await?;
    Ok(to_version(m)?)
}

async fn versions_in<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    t: RegisterType,
    entry_id: Uuid,
) -> Result<Vec<register_version::Model>, StoreError> {
    let rows = register_version::Entity::find()
        .filter(register_version::Column::EntryId.eq(entry_id))
        .filter(register_version::Column::AgencyId.eq(agency_id))
        .filter(register_version::Column::RegisterType.eq(t.as_str()))
        .order_by_asc(register_version::Column::Version)
        .all(conn)
        .await?;
    if rows.is_empty() {
        return Err(StoreError::NotFound);
    }
    Ok(rows)
}

/// Locks the entry's rows for the rest of the transaction (PostgreSQL), so two writers of one
/// entry are serialised; SQLite has one writer anyway.
async fn lock_versions<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    t: RegisterType,
    entry_id: Uuid,
) -> Result<Vec<register_version::Model>, StoreError> {
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        let rows = register_version::Entity::find()
            .filter(register_version::Column::EntryId.eq(entry_id))
            .filter(register_version::Column::AgencyId.eq(agency_id))
            .filter(register_version::Column::RegisterType.eq(t.as_str()))
            .order_by_asc(register_version::Column::Version)
            .lock_exclusive()
            .all(conn)
            .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound);
        }
        return Ok(rows);
    }
    versions_in(conn, agency_id, t, entry_id).await
}

/// Saves an edit: a draft is changed in place (it was never public); after a published or
/// rejected version the edit is a new version. A version awaiting review must be decided first.
#[tracing::instrument(skip_all, fields(entry_id = %entry_id))]
pub async fn save_draft(
    db: &Db,
    agency_id: Uuid,
    entry_id: Uuid,
    input: DraftInput,
    author: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredVersion, RegisterError> {
    input.content.validate()?;
    Effective::new(input.effective_from, input.effective_until)?;
    let t = input.content.register_type();
    let tx = db.begin_write().await?;
    let rows = lock_versions(&tx, agency_id, t, entry_id).await?;
    let Some(latest) = rows.last().cloned() else {
        return Err(StoreError::NotFound.into());
    };
    let m = match latest.status.as_str() {
        "submitted" => return Err(RegisterError::Pending),
        "draft" => {
            let mut am: register_version::ActiveModel = latest.into();
            am.title = Set(input.content.title());
            am.content = Set(content_json(&input.content)?);
            am.effective_from = Set(input.effective_from);
            am.effective_until = Set(input.effective_until);
            am.change_note = Set(input.change_note);
            am.author_id = Set(author);
            am.updated_at = Set(now);
            am.update(&tx).await?
        }
        _ => register_version::ActiveModel {
            id: Set(Uuid::new_v4()),
            entry_id: Set(entry_id),
            agency_id: Set(agency_id),
            register_type: Set(t.as_str().to_owned()),
            version: Set(latest.version + 1),
            status: Set(VersionStatus::Draft.as_str().to_owned()),
            title: Set(input.content.title()),
            content: Set(content_json(&input.content)?),
            effective_from: Set(input.effective_from),
            effective_until: Set(input.effective_until),
            change_note: Set(input.change_note),
            author_id: Set(author),
            created_at: Set(now),
            updated_at: Set(now),
            submitted_at: Set(None),
            reviewer_id: Set(None),
            reviewed_at: Set(None),
            review_comment: Set(None),
            published_at: Set(None),
            withdrawn_reason: Set(None),
        }
        .insert(&tx)
        .await
        .map_err(|e| StoreError::unique(e, "register_version"))?,
    };
    event_in(&tx, &m, "save", author, None, now).await?;
    tx.commit().await?;
    Ok(to_version(m)?)
}

fn find_version(
    rows: &[register_version::Model],
    version: i32,
) -> Result<register_version::Model, StoreError> {
    rows.iter()
        .find(|r| r.version == version)
        .cloned()
        .ok_or(StoreError::NotFound)
}

/// Submits a draft for review by a second person.
#[tracing::instrument(skip_all, fields(entry_id = %entry_id, version))]
pub async fn submit(
    db: &Db,
    agency_id: Uuid,
    t: RegisterType,
    entry_id: Uuid,
    version: i32,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredVersion, RegisterError> {
    let tx = db.begin_write().await?;
    let rows = lock_versions(&tx, agency_id, t, entry_id).await?;
    let v = find_version(&rows, version)?;
    if v.status != VersionStatus::Draft.as_str() {
        return Err(RegisterError::WrongStatus("not a draft"));
    }
    let mut am: register_version::ActiveModel = v.into();
    am.status = Set(VersionStatus::Submitted.as_str().to_owned());
    am.submitted_at = Set(Some(now));
    am.updated_at = Set(now);
    let m = am.update(&tx).await?;
    event_in(&tx, &m, "submit", actor, None, now).await?;
    tx.commit().await?;
    Ok(to_version(m)?)
}

/// The public path of a register entry.
pub fn public_url(t: RegisterType, entry_id: Uuid) -> String {
    format!("/api/public/v1/registers/{}/{entry_id}", t.as_str())
}

/// The public representation of a version, as the feed carries it and the public API serves it.
pub fn public_body(v: &StoredVersion) -> Result<serde_json::Value, StoreError> {
    Ok(serde_json::json!({
        "id": v.entry_id,
        "register_type": v.register_type.as_str(),
        "agency_id": v.agency_id,
        "version": v.version,
        "title": v.title,
        "effective_from": v.effective_from,
        "effective_until": v.effective_until,
        "published_at": v.published_at,
        "content": content_json(&v.content)?,
    }))
}

/// Decides on a submitted version. The reviewer must be a second person: nobody who created,
/// edited or submitted this version (118号 审核). Approval publishes it: the previously published
/// version's period is closed where this one starts, and the change goes to the feed
/// (`publish` the first time, `correct` after) in the same transaction — or, when the version
/// takes effect only later, on that day ([`announce_due`]), so that a portal applying the feed
/// always holds what the public registers show.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all, fields(entry_id = %entry_id, version, approve))]
pub async fn review(
    db: &Db,
    agency_id: Uuid,
    t: RegisterType,
    entry_id: Uuid,
    version: i32,
    reviewer: Uuid,
    approve: bool,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> Result<StoredVersion, RegisterError> {
    let tx = db.begin_write().await?;
    let rows = lock_versions(&tx, agency_id, t, entry_id).await?;
    let v = find_version(&rows, version)?;
    if v.status != VersionStatus::Submitted.as_str() {
        return Err(RegisterError::WrongStatus("not submitted"));
    }
    let writers: Vec<Uuid> = register_event::Entity::find()
        .select_only()
        .column(register_event::Column::ActorId)
        .filter(register_event::Column::EntryId.eq(entry_id))
        .filter(register_event::Column::Version.eq(version))
        .filter(register_event::Column::Action.is_in(["create", "save", "submit"]))
        .into_tuple()
        .all(&tx)
        .await?;
    check_reviewer(v.author_id, reviewer)?;
    for w in writers {
        check_reviewer(w, reviewer)?;
    }
    if !approve {
        let mut am: register_version::ActiveModel = v.into();
        am.status = Set(VersionStatus::Rejected.as_str().to_owned());
        am.reviewer_id = Set(Some(reviewer));
        am.reviewed_at = Set(Some(now));
        am.review_comment = Set(comment.clone());
        am.updated_at = Set(now);
        let m = am.update(&tx).await?;
        event_in(&tx, &m, "reject", reviewer, comment, now).await?;
        tx.commit().await?;
        return Ok(to_version(m)?);
    }
    let prev = rows
        .iter()
        .rev()
        .find(|r| r.status == VersionStatus::Published.as_str())
        .cloned();
    let mut change = ChangeKind::Publish;
    if let Some(p) = prev {
        let prev_eff = Effective {
            from: p.effective_from,
            until: p.effective_until,
        };
        let until = close_previous(prev_eff, v.effective_from)?;
        // A withdrawn entry published again is a new publication, not a correction.
        if p.withdrawn_reason.is_none() {
            change = ChangeKind::Correct;
        }
        if until != p.effective_until {
            let mut am: register_version::ActiveModel = p.into();
            am.effective_until = Set(until);
            am.updated_at = Set(now);
            am.update(&tx).await?;
        }
    }
    let mut am: register_version::ActiveModel = v.into();
    am.status = Set(VersionStatus::Published.as_str().to_owned());
    am.reviewer_id = Set(Some(reviewer));
    am.reviewed_at = Set(Some(now));
    am.review_comment = Set(comment.clone());
    am.published_at = Set(Some(now));
    am.updated_at = Set(now);
    let m = am.update(&tx).await?;
    event_in(&tx, &m, "approve", reviewer, comment, now).await?;
    let stored = to_version(m)?;
    if stored.effective_from <= china_date(now) {
        announce_in(&tx, &stored, change, now).await?;
    }
    tx.commit().await?;
    Ok(stored)
}

/// Puts a version that is now in force into the change feed.
async fn announce_in<C: ConnectionTrait>(
    conn: &C,
    v: &StoredVersion,
    change: ChangeKind,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    append_change_in(
        conn,
        NewChange {
            agency_id: v.agency_id,
            resource_type: FEED_RESOURCE_TYPE,
            resource_id: v.entry_id,
            version: v.version,
            change,
            resource_url: public_url(v.register_type, v.entry_id),
            body: Some(public_body(v)?),
            reason: (change == ChangeKind::Correct).then(|| v.change_note.clone()),
        },
        now,
    )
    .await?;
    Ok(())
}

/// Announces in the change feed every approved version that has taken effect by `today` and
/// was not announced yet (approved ahead of its first day); a version withdrawn or superseded
/// before its first day is never announced. One transaction per entry, under the entry's lock,
/// so that two nodes running it at once announce nothing twice. Returns how many it announced.
pub async fn announce_due(
    db: &Db,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    use crate::entity::disclosure_change;
    use sea_orm::sea_query::{Expr, Query, SimpleExpr};
    let announced = |entry: SimpleExpr, version: SimpleExpr| {
        Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(disclosure_change::Entity)
                .and_where(
                    Expr::col((
                        disclosure_change::Entity,
                        disclosure_change::Column::ResourceType,
                    ))
                    .eq(FEED_RESOURCE_TYPE),
                )
                .and_where(
                    Expr::col((
                        disclosure_change::Entity,
                        disclosure_change::Column::ResourceId,
                    ))
                    .eq(entry),
                )
                .and_where(
                    Expr::col((
                        disclosure_change::Entity,
                        disclosure_change::Column::Version,
                    ))
                    .eq(version),
                )
                .to_owned(),
        )
    };
    let due = register_version::Entity::find()
        .filter(register_version::Column::Status.eq(VersionStatus::Published.as_str()))
        .filter(register_version::Column::EffectiveFrom.lte(today))
        .filter(register_version::Column::WithdrawnReason.is_null())
        .filter(
            Condition::any()
                .add(register_version::Column::EffectiveUntil.is_null())
                .add(register_version::Column::EffectiveUntil.gt(today)),
        )
        .filter(
            announced(
                Expr::col((register_version::Entity, register_version::Column::EntryId)).into(),
                Expr::col((register_version::Entity, register_version::Column::Version)).into(),
            )
            .not(),
        )
        .order_by_asc(register_version::Column::EffectiveFrom)
        .limit(1000)
        .all(&db.conn())
        .await?;
    let mut n = 0;
    for v in due {
        let v = to_version(v)?;
        let tx = db.begin_write().await?;
        let rows = lock_versions(&tx, v.agency_id, v.register_type, v.entry_id).await?;
        let again = register_version::Entity::find()
            .filter(register_version::Column::Id.eq(v.id))
            .filter(register_version::Column::WithdrawnReason.is_null())
            .filter(announced(Expr::val(v.entry_id).into(), Expr::val(v.version).into()).not())
            .one(&tx)
            .await?;
        if again.is_none() {
            tx.rollback().await?;
            continue;
        }
        // A correction when an earlier version is public and was not withdrawn.
        let change = match rows
            .iter()
            .rev()
            .find(|r| r.version < v.version && r.status == VersionStatus::Published.as_str())
        {
            Some(p) if p.withdrawn_reason.is_none() => ChangeKind::Correct,
            _ => ChangeKind::Publish,
        };
        announce_in(&tx, &v, change, now).await?;
        tx.commit().await?;
        n += 1;
    }
    Ok(n)
}

/// Withdraws an entry from the public registers from `today` on, with a reason: every published
/// version still covering today or later ends today, and the feed gets a tombstone.
#[tracing::instrument(skip_all, fields(entry_id = %entry_id))]
pub async fn withdraw(
    db: &Db,
    agency_id: Uuid,
    t: RegisterType,
    entry_id: Uuid,
    reason: String,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredVersion, RegisterError> {
    let today = china_date(now);
    let tx = db.begin_write().await?;
    let rows = lock_versions(&tx, agency_id, t, entry_id).await?;
    let live: Vec<register_version::Model> = rows
        .into_iter()
        .filter(|r| {
            r.status == VersionStatus::Published.as_str()
                && r.withdrawn_reason.is_none()
                && r.effective_until.is_none_or(|u| u > today)
        })
        .collect();
    let Some(last) = live.last().cloned() else {
        return Err(RegisterError::NotPublic);
    };
    for r in live {
        let is_last = r.id == last.id;
        let until = r.effective_from.max(today);
        let mut am: register_version::ActiveModel = r.into();
        am.effective_until = Set(Some(until));
        if is_last {
            am.withdrawn_reason = Set(Some(reason.clone()));
        }
        am.updated_at = Set(now);
        am.update(&tx).await?;
    }
    event_in(&tx, &last, "withdraw", actor, Some(reason.clone()), now).await?;
    append_change_in(
        &tx,
        NewChange {
            agency_id,
            resource_type: FEED_RESOURCE_TYPE,
            resource_id: entry_id,
            version: last.version,
            change: ChangeKind::Withdraw,
            resource_url: public_url(t, entry_id),
            body: None,
            reason: Some(reason),
        },
        now,
    )
    .await?;
    let m = register_version::Entity::find_by_id(last.id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(to_version(m)?)
}

// ------------------------------------------------------------------ staff reads

/// Every version of an entry (oldest first) and its history.
pub async fn entry(
    db: &Db,
    agency_id: Uuid,
    t: RegisterType,
    entry_id: Uuid,
) -> Result<(Vec<StoredVersion>, Vec<StoredEvent>), StoreError> {
    let versions = versions_in(&db.conn(), agency_id, t, entry_id)
        .await?
        .into_iter()
        .map(to_version)
        .collect::<Result<Vec<_>, _>>()?;
    let events = register_event::Entity::find()
        .filter(register_event::Column::EntryId.eq(entry_id))
        .order_by_asc(register_event::Column::CreatedAt)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|e| StoredEvent {
            version: e.version,
            action: e.action,
            actor_id: e.actor_id,
            comment: e.comment,
            created_at: e.created_at,
        })
        .collect();
    Ok((versions, events))
}

/// One line of the staff list: the latest version and the one in force today.
#[derive(Debug, Clone)]
pub struct EntrySummary {
    pub latest: StoredVersion,
    pub in_force_version: Option<i32>,
}

/// The agency's entries of a register, newest first by creation.
pub async fn list_entries(
    db: &Db,
    agency_id: Uuid,
    t: RegisterType,
    today: NaiveDate,
) -> Result<Vec<EntrySummary>, StoreError> {
    let rows = register_version::Entity::find()
        .filter(register_version::Column::AgencyId.eq(agency_id))
        .filter(register_version::Column::RegisterType.eq(t.as_str()))
        .order_by_asc(register_version::Column::Version)
        .all(&db.conn())
        .await?;
    let mut by_entry: BTreeMap<Uuid, Vec<StoredVersion>> = BTreeMap::new();
    for r in rows {
        let v = to_version(r)?;
        by_entry.entry(v.entry_id).or_default().push(v);
    }
    let mut out: Vec<(DateTime<Utc>, EntrySummary)> = by_entry
        .into_values()
        .filter_map(|vs| {
            let created = vs.first().map(|v| v.created_at)?;
            let in_force_version = vs.iter().find(|v| v.in_force_on(today)).map(|v| v.version);
            let latest = vs.into_iter().last()?;
            Some((
                created,
                EntrySummary {
                    latest,
                    in_force_version,
                },
            ))
        })
        .collect();
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.latest.entry_id.cmp(&a.1.latest.entry_id))
    });
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

// ------------------------------------------------------------------ public reads

fn in_force_filter(today: NaiveDate) -> Condition {
    Condition::all()
        .add(register_version::Column::Status.eq(VersionStatus::Published.as_str()))
        .add(register_version::Column::EffectiveFrom.lte(today))
        .add(
            Condition::any()
                .add(register_version::Column::EffectiveUntil.is_null())
                .add(register_version::Column::EffectiveUntil.gt(today)),
        )
}

/// The versions in force on `today` of a register, in entry-id order after `after`, at most
/// `limit`; optionally of one agency. Published versions partition time, so each entry appears
/// at most once.
pub async fn public_list(
    db: &Db,
    t: RegisterType,
    agency_id: Option<Uuid>,
    after: Option<Uuid>,
    limit: u64,
    today: NaiveDate,
) -> Result<Vec<StoredVersion>, StoreError> {
    let mut q = register_version::Entity::find()
        .filter(register_version::Column::RegisterType.eq(t.as_str()))
        .filter(in_force_filter(today));
    if let Some(a) = agency_id {
        q = q.filter(register_version::Column::AgencyId.eq(a));
    }
    if let Some(after) = after {
        q = q.filter(register_version::Column::EntryId.gt(after));
    }
    q.order_by_asc(register_version::Column::EntryId)
        .limit(limit)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_version)
        .collect()
}

/// The version of an entry in force on `today`, and every published version of it (its public
/// change history, oldest first).
pub async fn public_entry(
    db: &Db,
    t: RegisterType,
    entry_id: Uuid,
    today: NaiveDate,
) -> Result<(StoredVersion, Vec<StoredVersion>), StoreError> {
    let published = register_version::Entity::find()
        .filter(register_version::Column::EntryId.eq(entry_id))
        .filter(register_version::Column::RegisterType.eq(t.as_str()))
        .filter(register_version::Column::Status.eq(VersionStatus::Published.as_str()))
        .order_by_asc(register_version::Column::Version)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_version)
        .collect::<Result<Vec<_>, _>>()?;
    let current = published
        .iter()
        .rev()
        .find(|v| v.in_force_on(today))
        .cloned()
        .ok_or(StoreError::NotFound)?;
    Ok((current, published))
}

/// The inspection item `id` of `agency_id` in force `today` (Beijing date, from the server's
/// clock), as the random-inspection module reads it: `(entry id, version, item)`. Anything else
/// — another agency's, unpublished, withdrawn, not yet or no longer in force — is `NotFound`.
pub async fn published_inspection_item(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    today: NaiveDate,
) -> Result<(Uuid, i32, InspectionItem), StoreError> {
    let (v, _) = public_entry(db, RegisterType::InspectionItem, id, today).await?;
    if v.agency_id != agency_id {
        return Err(StoreError::NotFound);
    }
    match v.content {
        RegisterContent::InspectionItem(item) => Ok((v.entry_id, v.version, item)),
        _ => Err(StoreError::NotFound),
    }
}

/// The kinds of the agency's enforcement matters in force on `day` (its powers, for the annual
/// report's zeros).
pub async fn matter_kinds(
    db: &Db,
    agency_id: Uuid,
    day: NaiveDate,
) -> Result<Vec<CaseKind>, StoreError> {
    let rows = register_version::Entity::find()
        .filter(register_version::Column::AgencyId.eq(agency_id))
        .filter(register_version::Column::RegisterType.eq(RegisterType::EnforcementMatter.as_str()))
        .filter(in_force_filter(day))
        .all(&db.conn())
        .await?;
    let mut kinds = Vec::new();
    for r in rows {
        if let RegisterContent::EnforcementMatter(m) = to_version(r)?.content {
            if !kinds.contains(&m.kind) {
                kinds.push(m.kind);
            }
        }
    }
    kinds.sort();
    Ok(kinds)
}
