//! Cases, their officers and their append-only record file.
//!
//! A case row holds the domain `CaseState` (JSON) plus denormalised columns for lists and filters
//! (stage, outcome, next due date). Every transition updates the row under optimistic concurrency
//! (`version`) and appends its records in the same transaction. Records are never updated or
//! deleted; the database refuses it too (triggers).

use crate::entity::{agency, case, case_counter, case_officer, case_record, record_attachment};
use crate::{Db, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, SubsecRound, Utc};
use sanxiang_domain::case::{
    Action, Activity, CaseKind, CaseState, PersonNamed, Procedure, RecordKind, Stage,
};
use sanxiang_domain::party::Party;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The snake_case wire name of a serde enum.
pub(crate) fn enum_str<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(crate) fn parse_enum<T: DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|e| StoreError::Db(DbErr::Custom(format!("stored value `{s}`: {e}"))))
}

fn from_json<T: DeserializeOwned>(v: serde_json::Value, what: &str) -> Result<T, StoreError> {
    serde_json::from_value(v)
        .map_err(|e| StoreError::Db(DbErr::Custom(format!("stored {what}: {e}"))))
}

fn to_json<T: Serialize>(v: &T) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(v).map_err(|e| StoreError::Db(DbErr::Custom(format!("serialise: {e}"))))
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCase {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub kind: CaseKind,
    pub procedure: Procedure,
    pub case_number: String,
    pub year: i32,
    pub category: String,
    pub title: String,
    pub party: Party,
    pub handling_officer_id: Uuid,
    pub officer_ids: Vec<Uuid>,
    pub state: CaseState,
    pub outcome: Option<String>,
    pub next_due_on: Option<NaiveDate>,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A file attached to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// A record to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecord {
    pub stage: Stage,
    pub kind: RecordKind,
    pub action: Option<Action>,
    pub document_type: Option<String>,
    pub activity: Option<Activity>,
    pub title: String,
    pub body: String,
    pub officers_present: Vec<Uuid>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub place: Option<String>,
    pub corrects: Option<Uuid>,
    pub correction_reason: Option<String>,
    pub attachments: Vec<AttachmentMeta>,
    /// Persons the record names besides the party (masked in every publication).
    pub persons_named: Vec<PersonNamed>,
}

impl NewRecord {
    /// The record as stored with its id, number, recording time and author.
    fn stored(
        self,
        id: Uuid,
        case_id: Uuid,
        seq: i32,
        created_by: Uuid,
        recorded_at: DateTime<Utc>,
    ) -> StoredRecord {
        StoredRecord {
            id,
            case_id,
            seq,
            stage: self.stage,
            kind: self.kind,
            action: self.action,
            document_type: self.document_type,
            activity: self.activity,
            title: self.title,
            body: self.body,
            officers_present: self.officers_present,
            occurred_at: self.occurred_at,
            recorded_at,
            place: self.place,
            corrects: self.corrects,
            correction_reason: self.correction_reason,
            created_by,
            attachments: self.attachments,
            persons_named: self.persons_named,
        }
    }
}

/// A record as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub id: Uuid,
    pub case_id: Uuid,
    pub seq: i32,
    pub stage: Stage,
    pub kind: RecordKind,
    pub action: Option<Action>,
    pub document_type: Option<String>,
    pub activity: Option<Activity>,
    pub title: String,
    pub body: String,
    pub officers_present: Vec<Uuid>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub recorded_at: DateTime<Utc>,
    pub place: Option<String>,
    pub corrects: Option<Uuid>,
    pub correction_reason: Option<String>,
    pub created_by: Uuid,
    pub attachments: Vec<AttachmentMeta>,
    pub persons_named: Vec<PersonNamed>,
}

/// A new case with its opening record.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub agency_id: Uuid,
    pub kind: CaseKind,
    pub procedure: Procedure,
    pub title: String,
    pub category: String,
    pub party: Party,
    pub officer_ids: Vec<Uuid>,
    pub handling_officer_id: Uuid,
    pub state: CaseState,
    pub next_due_on: Option<NaiveDate>,
    pub created_by: Uuid,
    pub opening: NewRecord,
}

/// The state change of a transition and the records it writes.
#[derive(Debug, Clone)]
pub struct TransitionWrite {
    pub expected_version: i32,
    pub state: CaseState,
    pub outcome: Option<String>,
    pub next_due_on: Option<NaiveDate>,
    pub records: Vec<NewRecord>,
    pub created_by: Uuid,
}

/// The Chinese character of a kind in case numbers (罚, 许, 检, 费, 强).
pub fn kind_char(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Penalty => "罚",
        CaseKind::Licence => "许",
        CaseKind::Inspection => "检",
        CaseKind::Fee => "费",
        CaseKind::CoerciveMeasure => "强",
    }
}

/// Fills a case-number template: `{short}`, `{kind}`, `{year}`, `{seq}`.
pub fn format_case_number(
    template: &str,
    short: &str,
    kind: CaseKind,
    year: i32,
    seq: i64,
) -> String {
    template
        .replace("{short}", short)
        .replace("{kind}", kind_char(kind))
        .replace("{year}", &year.to_string())
        .replace("{seq}", &seq.to_string())
}

async fn next_seq<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    year: i32,
    kind: &str,
) -> Result<i64, StoreError> {
    for _ in 0..8 {
        let row = case_counter::Entity::find_by_id((agency_id, year, kind.to_owned()))
            .one(conn)
            .await?;
        match row {
            None => {
                // ON CONFLICT DO NOTHING: a failed INSERT would abort a PostgreSQL transaction.
                let inserted = case_counter::Entity::insert(case_counter::ActiveModel {
                    agency_id: Set(agency_id),
                    year: Set(year),
                    kind: Set(kind.to_owned()),
                    next: Set(2),
                })
                .on_conflict(
                    OnConflict::columns([
                        case_counter::Column::AgencyId,
                        case_counter::Column::Year,
                        case_counter::Column::Kind,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(conn)
                .await?;
                if inserted == 1 {
                    return Ok(1);
                }
            }
            Some(r) => {
                let res = case_counter::Entity::update_many()
                    .col_expr(case_counter::Column::Next, Expr::value(r.next + 1))
                    .filter(case_counter::Column::AgencyId.eq(agency_id))
                    .filter(case_counter::Column::Year.eq(year))
                    .filter(case_counter::Column::Kind.eq(kind))
                    .filter(case_counter::Column::Next.eq(r.next))
                    .exec(conn)
                    .await?;
                if res.rows_affected == 1 {
                    return Ok(r.next);
                }
            }
        }
    }
    Err(StoreError::Concurrent)
}

pub(crate) async fn insert_record_in<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    case_id: Uuid,
    seq: i32,
    r: &NewRecord,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let id = Uuid::new_v4();
    let row = case_record::ActiveModel::from(record_model(
        id, agency_id, case_id, seq, r, created_by, now,
    )?)
    .insert(conn)
    .await
    .map_err(|e| StoreError::unique(e, "seq"))?;
    let mut attachments = Vec::with_capacity(r.attachments.len());
    for a in attachment_rows(id, &r.attachments) {
        let att = record_attachment::ActiveModel::from(a)
            .insert(conn)
            .await
            .map_err(|e| StoreError::unique(e, "attachment"))?;
        attachments.push(att);
    }
    log_inserted_record(conn, &row, &attachments, now).await?;
    Ok(id)
}

/// Writes the tamper-evident log entry of a record just inserted, in the same transaction, from
/// the rows as the database returned them (see [`crate::tlog`] for the encoding).
async fn log_inserted_record<C: ConnectionTrait>(
    conn: &C,
    row: &case_record::Model,
    attachments: &[record_attachment::Model],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    crate::tlog::log_record(conn, row, attachments, now).await?;
    Ok(())
}

async fn load_officers<C: ConnectionTrait>(
    conn: &C,
    case_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Uuid>>, StoreError> {
    let mut out: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if case_ids.is_empty() {
        return Ok(out);
    }
    for r in case_officer::Entity::find()
        .filter(case_officer::Column::CaseId.is_in(case_ids.to_vec()))
        .all(conn)
        .await?
    {
        out.entry(r.case_id).or_default().push(r.user_id);
    }
    for v in out.values_mut() {
        v.sort();
    }
    Ok(out)
}

fn to_case(m: case::Model, officer_ids: Vec<Uuid>) -> Result<StoredCase, StoreError> {
    Ok(StoredCase {
        id: m.id,
        agency_id: m.agency_id,
        kind: parse_enum(&m.kind)?,
        procedure: parse_enum(&m.procedure)?,
        case_number: m.case_number,
        year: m.year,
        category: m.category,
        title: m.title,
        party: from_json(m.party, "party")?,
        handling_officer_id: m.handling_officer_id,
        officer_ids,
        state: from_json(m.state, "case state")?,
        outcome: m.outcome,
        next_due_on: m.next_due_on,
        version: m.version,
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

pub(crate) async fn to_cases<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<case::Model>,
) -> Result<Vec<StoredCase>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut officers = load_officers(conn, &ids).await?;
    rows.into_iter()
        .map(|m| {
            let o = officers.remove(&m.id).unwrap_or_default();
            to_case(m, o)
        })
        .collect()
}

/// Opens a case: assigns its number from the agency's template, writes the case, its officers and
/// its opening record in one transaction.
#[tracing::instrument(skip_all)]
pub async fn create_case(
    db: &Db,
    new: NewCase,
    now: DateTime<Utc>,
) -> Result<StoredCase, StoreError> {
    let tx = db.begin_write().await?;
    let c = create_case_in(&tx, new, now).await?;
    tx.commit().await?;
    Ok(c)
}

/// [`create_case`] inside the caller's transaction (e.g. the tasks of an inspection plan, opened
/// all together or not at all).
pub(crate) async fn create_case_in<C: ConnectionTrait>(
    tx: &C,
    new: NewCase,
    now: DateTime<Utc>,
) -> Result<StoredCase, StoreError> {
    let ag = agency::Entity::find_by_id(new.agency_id)
        .one(tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let year = sanxiang_domain::calendar::china_date(now).year();
    let kind = enum_str(&new.kind);
    let seq = next_seq(tx, new.agency_id, year, &kind).await?;
    let number = format_case_number(
        &ag.case_number_template,
        &ag.short_name,
        new.kind,
        year,
        seq,
    );
    let id = Uuid::new_v4();
    let m = case::ActiveModel {
        id: Set(id),
        agency_id: Set(new.agency_id),
        kind: Set(kind),
        procedure: Set(enum_str(&new.procedure)),
        case_number: Set(number),
        year: Set(year),
        category: Set(new.category),
        title: Set(new.title),
        party_name: Set(new.party.name.clone()),
        party: Set(to_json(&new.party)?),
        handling_officer_id: Set(new.handling_officer_id),
        stage: Set(enum_str(&new.state.stage)),
        outcome: Set(None),
        state: Set(to_json(&new.state)?),
        next_due_on: Set(new.next_due_on),
        version: Set(1),
        last_seq: Set(1),
        created_by: Set(new.created_by),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(tx)
    .await
    .map_err(|e| StoreError::unique(e, "case_number"))?;
    let mut officer_ids = new.officer_ids.clone();
    if !officer_ids.contains(&new.handling_officer_id) {
        officer_ids.push(new.handling_officer_id);
    }
    officer_ids.sort();
    officer_ids.dedup();
    for uid in &officer_ids {
        case_officer::ActiveModel {
            case_id: Set(id),
            user_id: Set(*uid),
            handling: Set(*uid == new.handling_officer_id),
        }
        .insert(tx)
        .await?;
    }
    insert_record_in(tx, new.agency_id, id, 1, &new.opening, new.created_by, now).await?;
    to_case(m, officer_ids)
}

/// One case of one of the given agencies (others are "not found").
pub async fn get_case(db: &Db, agencies: &[Uuid], id: Uuid) -> Result<StoredCase, StoreError> {
    let m = case::Entity::find_by_id(id)
        .filter(case::Column::AgencyId.is_in(agencies.to_vec()))
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut officers = load_officers(&db.conn(), &[m.id]).await?;
    let o = officers.remove(&m.id).unwrap_or_default();
    to_case(m, o)
}

/// Moves a case: writes the new state if nobody moved it since `expected_version`, and appends
/// the records, in one transaction. A stale version is [`StoreError::Concurrent`].
#[tracing::instrument(skip_all, fields(case_id = %case_id))]
pub async fn transition(
    db: &Db,
    agency_id: Uuid,
    case_id: Uuid,
    w: TransitionWrite,
    now: DateTime<Utc>,
) -> Result<StoredCase, StoreError> {
    let tx = db.begin_write().await?;
    let res = case::Entity::update_many()
        .col_expr(case::Column::State, Expr::value(to_json(&w.state)?))
        .col_expr(case::Column::Stage, Expr::value(enum_str(&w.state.stage)))
        .col_expr(case::Column::Outcome, Expr::value(w.outcome.clone()))
        .col_expr(case::Column::NextDueOn, Expr::value(w.next_due_on))
        .col_expr(case::Column::Version, Expr::value(w.expected_version + 1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::AgencyId.eq(agency_id))
        .filter(case::Column::Version.eq(w.expected_version))
        .exec(&tx)
        .await?;
    if res.rows_affected != 1 {
        let exists = case::Entity::find_by_id(case_id)
            .filter(case::Column::AgencyId.eq(agency_id))
            .one(&tx)
            .await?
            .is_some();
        return Err(if exists {
            StoreError::Concurrent
        } else {
            StoreError::NotFound
        });
    }
    append_records_in(&tx, agency_id, case_id, &w.records, w.created_by, now).await?;
    let m = case::Entity::find_by_id(case_id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut officers = load_officers(&tx, &[case_id]).await?;
    tx.commit().await?;
    to_case(m, officers.remove(&case_id).unwrap_or_default())
}

/// Why an append was refused before anything was written.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// The case is archived: its file can no longer change.
    #[error("case archived")]
    Archived,
    /// The node's append writer has stopped (the server is shutting down).
    #[error("the append writer has stopped")]
    WriterStopped,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for AppendError {
    fn from(e: DbErr) -> Self {
        AppendError::Store(StoreError::Db(e))
    }
}

/// Appends one record to a case (never changes one), at the case's current stage (the `stage`
/// of `r` is replaced by it). One transaction: the case row hands out the record number (which
/// also queues concurrent appends to the same case behind its row lock), then the record, its
/// attachments and its log entry are written. Another agency's case is [`StoreError::NotFound`].
pub async fn append_record(
    db: &Db,
    agency_id: Uuid,
    case_id: Uuid,
    mut r: NewRecord,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredRecord, AppendError> {
    let tx = db.begin_write().await?;
    let (seq, state) = take_seqs_in(&tx, agency_id, case_id, 1)
        .await?
        .ok_or(StoreError::NotFound)?;
    if state.archived_at.is_some() {
        let _ = tx.rollback().await;
        return Err(AppendError::Archived);
    }
    r.stage = state.stage;
    let id = insert_record_in(&tx, agency_id, case_id, seq, &r, created_by, now).await?;
    tx.commit().await?;
    Ok(r.stored(id, case_id, seq, created_by, now))
}

/// One request's append in a batch ([`append_batch`]).
#[derive(Debug, Clone)]
pub struct AppendJob {
    pub agency_id: Uuid,
    pub case_id: Uuid,
    /// Its `stage` is replaced by the case's stage when written.
    pub record: NewRecord,
    pub created_by: Uuid,
}

/// Appends the records of several concurrent requests (write combining): one result per job,
/// in order. Each job is refused or written on its own terms exactly as by [`append_record`]
/// (another agency's case is `NotFound`, an archived case `Archived`); the jobs written share
/// one transaction. On PostgreSQL the whole batch costs four statements: the cases are locked
/// in id order (`SELECT … FOR UPDATE`, so two batches never deadlock each other), then one
/// statement advances their record numbers and inserts every record, attachment, log entry and
/// log queue row. If that transaction fails as a whole, each job is retried alone, so one
/// job never fails another. SQLite (one writer at a time) appends them one by one.
pub async fn append_batch(
    db: &Db,
    jobs: Vec<AppendJob>,
    now: DateTime<Utc>,
) -> Vec<Result<StoredRecord, AppendError>> {
    // What both databases keep (microseconds): the log entry is computed from these values.
    let now = now.trunc_subsecs(6);
    if jobs.len() > 1 && db.conn().get_database_backend() == DatabaseBackend::Postgres {
        match append_batch_pg(db, &jobs, now).await {
            Ok(out) => return out,
            Err(e) => {
                tracing::warn!(error = %e, jobs = jobs.len(), "batched append failed; appending one by one")
            }
        }
    }
    let mut out = Vec::with_capacity(jobs.len());
    for j in jobs {
        out.push(append_record(db, j.agency_id, j.case_id, j.record, j.created_by, now).await);
    }
    out
}

/// Locks the batch's cases in id order and reads their numbering and state.
const LOCK_CASES_SQL: &str = "SELECT id, agency_id, last_seq, state FROM cases \
     WHERE id IN (SELECT value::uuid FROM json_array_elements_text($1::text::json)) \
     ORDER BY id FOR UPDATE";

/// Advances the record numbers and writes every row of the batch (the rows as JSON arrays;
/// `json_populate_recordset` maps members to columns by name).
const WRITE_BATCH_SQL: &str = "WITH u AS (UPDATE cases SET last_seq = v.last_seq \
     FROM json_to_recordset($1::text::json) AS v(id uuid, last_seq int) WHERE cases.id = v.id RETURNING 1), \
     r AS (INSERT INTO case_records SELECT * FROM json_populate_recordset(NULL::case_records, $2::text::json) RETURNING 1), \
     a AS (INSERT INTO record_attachments SELECT * FROM json_populate_recordset(NULL::record_attachments, $3::text::json) RETURNING 1), \
     l AS (INSERT INTO log_entries SELECT * FROM json_populate_recordset(NULL::log_entries, $4::text::json) RETURNING 1), \
     p AS (INSERT INTO log_pending SELECT * FROM json_populate_recordset(NULL::log_pending, $5::text::json) RETURNING 1) \
     SELECT (SELECT count(*) FROM u) AS u, (SELECT count(*) FROM r) AS r, (SELECT count(*) FROM l) AS l";

async fn append_batch_pg(
    db: &Db,
    jobs: &[AppendJob],
    now: DateTime<Utc>,
) -> Result<Vec<Result<StoredRecord, AppendError>>, StoreError> {
    use crate::tlog::entry::{record_log_entry, ts};
    let mut ids: Vec<String> = jobs.iter().map(|j| j.case_id.to_string()).collect();
    ids.sort();
    ids.dedup();
    let tx = db.begin_write().await?;
    let rows = tx
        .query_all(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            LOCK_CASES_SQL,
            [serde_json::to_string(&ids)
                .map_err(|e| DbErr::Custom(e.to_string()))?
                .into()],
        ))
        .await?;
    // id → (agency, last number, state)
    let mut cases: HashMap<Uuid, (Uuid, i32, CaseState, bool)> = HashMap::new();
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let agency: Uuid = row.try_get("", "agency_id")?;
        let last: i32 = row.try_get("", "last_seq")?;
        let state: serde_json::Value = row.try_get("", "state")?;
        cases.insert(id, (agency, last, from_json(state, "case state")?, false));
    }
    let mut out = Vec::with_capacity(jobs.len());
    let (mut records, mut atts, mut entries, mut pending) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for j in jobs {
        let Some((agency, last, state, touched)) = cases.get_mut(&j.case_id) else {
            out.push(Err(AppendError::Store(StoreError::NotFound)));
            continue;
        };
        if *agency != j.agency_id {
            out.push(Err(AppendError::Store(StoreError::NotFound)));
            continue;
        }
        if state.archived_at.is_some() {
            out.push(Err(AppendError::Archived));
            continue;
        }
        *last += 1;
        *touched = true;
        let mut r = j.record.clone();
        r.stage = state.stage;
        let row = record_model(
            Uuid::new_v4(),
            j.agency_id,
            j.case_id,
            *last,
            &r,
            j.created_by,
            now,
        )?;
        let att_rows = attachment_rows(row.id, &r.attachments);
        let entry = record_log_entry(&row, &att_rows, now)?;
        records.push(serde_json::json!({
            "id": row.id, "case_id": row.case_id, "agency_id": row.agency_id, "seq": row.seq,
            "stage": row.stage, "kind": row.kind, "action": row.action,
            "document_type": row.document_type, "activity": row.activity, "title": row.title,
            "body": row.body, "officers_present": row.officers_present,
            "occurred_at": row.occurred_at.map(ts), "recorded_at": ts(row.recorded_at),
            "place": row.place, "corrects_id": row.corrects_id,
            "correction_reason": row.correction_reason, "created_by": row.created_by,
            "persons_named": row.persons_named,
        }));
        for a in &att_rows {
            atts.push(serde_json::json!({
                "record_id": a.record_id, "sha256": a.sha256, "file_name": a.file_name,
                "content_type": a.content_type, "size": a.size,
            }));
        }
        entries.push(serde_json::json!({
            "id": entry.id, "agency_id": entry.agency_id, "case_id": entry.case_id,
            "record_id": entry.record_id, "kind": entry.kind, "canonical": entry.canonical,
            "leaf_hash": entry.leaf_hash, "created_at": ts(entry.created_at),
        }));
        pending.push(serde_json::json!({"entry_id": entry.id, "created_at": ts(now)}));
        out.push(Ok(r.stored(row.id, j.case_id, row.seq, j.created_by, now)));
    }
    if !records.is_empty() {
        let seqs: Vec<serde_json::Value> = cases
            .iter()
            .filter(|(_, c)| c.3)
            .map(|(id, c)| serde_json::json!({"id": id, "last_seq": c.1}))
            .collect();
        let params: Vec<sea_orm::Value> = [seqs, records, atts, entries, pending]
            .into_iter()
            .map(|v| serde_json::Value::Array(v).to_string().into())
            .collect();
        tx.query_one(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            WRITE_BATCH_SQL,
            params,
        ))
        .await
        .map_err(|e| StoreError::unique(e, "seq"))?;
    }
    tx.commit().await?;
    Ok(out)
}

/// The attachment rows of a record about to be inserted.
fn attachment_rows(
    record_id: Uuid,
    attachments: &[AttachmentMeta],
) -> Vec<record_attachment::Model> {
    attachments
        .iter()
        .map(|a| record_attachment::Model {
            record_id,
            sha256: a.sha256.clone(),
            file_name: a.file_name.clone(),
            content_type: a.content_type.clone(),
            size: a.size,
        })
        .collect()
}

/// The row of a record about to be inserted.
fn record_model(
    id: Uuid,
    agency_id: Uuid,
    case_id: Uuid,
    seq: i32,
    r: &NewRecord,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> Result<case_record::Model, StoreError> {
    Ok(case_record::Model {
        id,
        case_id,
        agency_id,
        seq,
        stage: enum_str(&r.stage),
        kind: enum_str(&r.kind),
        action: r.action.map(|a| enum_str(&a)),
        document_type: r.document_type.clone(),
        activity: r.activity.map(|a| enum_str(&a)),
        title: r.title.clone(),
        body: r.body.clone(),
        officers_present: to_json(&r.officers_present)?,
        occurred_at: r.occurred_at,
        recorded_at: now,
        place: r.place.clone(),
        corrects_id: r.corrects,
        correction_reason: r.correction_reason.clone(),
        created_by,
        persons_named: to_json(&r.persons_named)?,
    })
}

/// Hands out `n` record numbers of a case with one `UPDATE … RETURNING` (the row stays locked
/// until the transaction ends): the last number taken and the case state, or `None` when the
/// agency has no such case.
pub(crate) async fn take_seqs_in<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    case_id: Uuid,
    n: i32,
) -> Result<Option<(i32, CaseState)>, StoreError> {
    let stmt = Query::update()
        .table(case::Entity)
        .value(
            case::Column::LastSeq,
            Expr::col(case::Column::LastSeq).add(n),
        )
        .and_where(case::Column::Id.eq(case_id))
        .and_where(case::Column::AgencyId.eq(agency_id))
        .returning(Query::returning().columns([case::Column::LastSeq, case::Column::State]))
        .to_owned();
    let backend = conn.get_database_backend();
    let Some(row) = conn.query_one(backend.build(&stmt)).await? else {
        return Ok(None);
    };
    let last: i32 = row.try_get("", "last_seq")?;
    let state: serde_json::Value = row.try_get("", "state")?;
    Ok(Some((last, from_json(state, "case state")?)))
}

/// Whether `record_id` is a record of the agency's case `case_id`.
pub async fn record_in_case(
    db: &Db,
    agency_id: Uuid,
    case_id: Uuid,
    record_id: Uuid,
) -> Result<bool, StoreError> {
    Ok(case_record::Entity::find_by_id(record_id)
        .filter(case_record::Column::CaseId.eq(case_id))
        .filter(case_record::Column::AgencyId.eq(agency_id))
        .one(&db.conn())
        .await?
        .is_some())
}

/// Every record of a case, in order, with attachments.
pub async fn timeline(db: &Db, case_id: Uuid) -> Result<Vec<StoredRecord>, StoreError> {
    let rows = case_record::Entity::find()
        .filter(case_record::Column::CaseId.eq(case_id))
        .order_by_asc(case_record::Column::Seq)
        .all(&db.conn())
        .await?;
    let mut atts: HashMap<Uuid, Vec<AttachmentMeta>> = HashMap::new();
    if !rows.is_empty() {
        // By case (a subquery), not by a list of every record id.
        for a in record_attachment::Entity::find()
            .filter(
                record_attachment::Column::RecordId.in_subquery(
                    Query::select()
                        .column(case_record::Column::Id)
                        .from(case_record::Entity)
                        .and_where(case_record::Column::CaseId.eq(case_id))
                        .to_owned(),
                ),
            )
            .all(&db.conn())
            .await?
        {
            atts.entry(a.record_id).or_default().push(AttachmentMeta {
                sha256: a.sha256,
                file_name: a.file_name,
                content_type: a.content_type,
                size: a.size,
            });
        }
    }
    rows.into_iter()
        .map(|m| {
            Ok(StoredRecord {
                id: m.id,
                case_id: m.case_id,
                seq: m.seq,
                stage: parse_enum(&m.stage)?,
                kind: parse_enum(&m.kind)?,
                action: m.action.as_deref().map(parse_enum).transpose()?,
                document_type: m.document_type,
                activity: m.activity.as_deref().map(parse_enum).transpose()?,
                title: m.title,
                body: m.body,
                officers_present: from_json(m.officers_present, "officers")?,
                occurred_at: m.occurred_at,
                recorded_at: m.recorded_at,
                place: m.place,
                corrects: m.corrects_id,
                correction_reason: m.correction_reason,
                created_by: m.created_by,
                attachments: atts.remove(&m.id).unwrap_or_default(),
                persons_named: from_json(m.persons_named, "persons named")?,
            })
        })
        .collect()
}

/// Every person the records of a case name, each once, in record order (corrected records
/// still count: a name once on the file stays masked).
pub async fn persons_named(db: &Db, case_id: Uuid) -> Result<Vec<PersonNamed>, StoreError> {
    let rows: Vec<serde_json::Value> = case_record::Entity::find()
        .select_only()
        .column(case_record::Column::PersonsNamed)
        .filter(case_record::Column::CaseId.eq(case_id))
        .order_by_asc(case_record::Column::Seq)
        .into_tuple()
        .all(&db.conn())
        .await?;
    let mut out: Vec<PersonNamed> = Vec::new();
    for v in rows {
        let persons: Vec<PersonNamed> = from_json(v, "persons named")?;
        for p in persons {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// The document types on a case's file (corrected records still count: corrections add).
pub async fn document_types(db: &Db, case_id: Uuid) -> Result<HashSet<String>, StoreError> {
    let rows = case_record::Entity::find()
        .select_only()
        .column(case_record::Column::DocumentType)
        .filter(case_record::Column::CaseId.eq(case_id))
        .filter(case_record::Column::DocumentType.is_not_null())
        .into_tuple::<Option<String>>()
        .all(&db.conn())
        .await?;
    Ok(rows.into_iter().flatten().collect())
}

/// Filters of the case list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub kind: Option<CaseKind>,
    pub stage: Option<Stage>,
    pub officer: Option<Uuid>,
    pub party: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// `Some(true)`: next due date before `today`; `Some(false)`: not overdue.
    pub overdue: Option<bool>,
    pub today: Option<NaiveDate>,
    pub outcome: Option<String>,
    /// Keyset: strictly after this (created_at, id) in descending order.
    pub after: Option<(DateTime<Utc>, Uuid)>,
}

/// Encodes a keyset cursor.
pub fn encode_cursor(created_at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}_{}", created_at.timestamp_micros(), id.simple())
}

/// Decodes a keyset cursor.
pub fn decode_cursor(s: &str) -> Option<(DateTime<Utc>, Uuid)> {
    let (t, id) = s.split_once('_')?;
    let micros: i64 = t.parse().ok()?;
    Some((
        DateTime::<Utc>::from_timestamp_micros(micros)?,
        Uuid::parse_str(id).ok()?,
    ))
}

/// A page of cases of the given agencies, newest first. Returns the cursor of the next page.
pub async fn list_cases(
    db: &Db,
    agencies: &[Uuid],
    f: &CaseFilter,
    limit: u64,
) -> Result<(Vec<StoredCase>, Option<String>), StoreError> {
    let mut q = case::Entity::find().filter(case::Column::AgencyId.is_in(agencies.to_vec()));
    if let Some(k) = f.kind {
        q = q.filter(case::Column::Kind.eq(enum_str(&k)));
    }
    if let Some(s) = f.stage {
        q = q.filter(case::Column::Stage.eq(enum_str(&s)));
    }
    if let Some(o) = f.officer {
        q = q.filter(
            case::Column::Id.in_subquery(
                Query::select()
                    .column(case_officer::Column::CaseId)
                    .from(case_officer::Entity)
                    .and_where(case_officer::Column::UserId.eq(o))
                    .to_owned(),
            ),
        );
    }
    if let Some(p) = f.party.as_deref().filter(|p| !p.is_empty()) {
        let escaped = p
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        q = q.filter(
            Expr::col(case::Column::PartyName)
                .like(sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')),
        );
    }
    if let Some(from) = f.from {
        q = q.filter(case::Column::CreatedAt.gte(from));
    }
    if let Some(to) = f.to {
        q = q.filter(case::Column::CreatedAt.lt(to));
    }
    if let (Some(o), Some(today)) = (f.overdue, f.today) {
        q = if o {
            q.filter(case::Column::NextDueOn.lt(today))
        } else {
            q.filter(
                Condition::any()
                    .add(case::Column::NextDueOn.is_null())
                    .add(case::Column::NextDueOn.gte(today)),
            )
        };
    }
    if let Some(o) = &f.outcome {
        q = q.filter(case::Column::Outcome.eq(o.clone()));
    }
    if let Some((t, id)) = f.after {
        q = q.filter(
            Condition::any().add(case::Column::CreatedAt.lt(t)).add(
                Condition::all()
                    .add(case::Column::CreatedAt.eq(t))
                    .add(case::Column::Id.lt(id)),
            ),
        );
    }
    let rows = q
        .order_by_desc(case::Column::CreatedAt)
        .order_by_desc(case::Column::Id)
        .limit(limit + 1)
        .all(&db.conn())
        .await?;
    let more = rows.len() as u64 > limit;
    let mut cases = to_cases(&db.conn(), rows).await?;
    cases.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = if more {
        cases.last().map(|c| encode_cursor(c.created_at, c.id))
    } else {
        None
    };
    Ok((cases, next))
}

/// Every case of an agency opened in `[from, to)` (for statistics and deadline lists).
pub async fn all_cases(
    db: &Db,
    agency_id: Uuid,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Result<Vec<StoredCase>, StoreError> {
    let mut q = case::Entity::find().filter(case::Column::AgencyId.eq(agency_id));
    if let Some(f) = from {
        q = q.filter(case::Column::CreatedAt.gte(f));
    }
    if let Some(t) = to {
        q = q.filter(case::Column::CreatedAt.lt(t));
    }
    let rows = q
        .order_by_asc(case::Column::CreatedAt)
        .all(&db.conn())
        .await?;
    to_cases(&db.conn(), rows).await
}

/// The agency's penalty cases decided with a penalty, other than `except`: what the one act,
/// one fine check compares a new fine with (行政处罚法 art. 29).
#[tracing::instrument(skip_all, fields(agency_id = %agency_id))]
pub async fn penalised_cases(
    db: &Db,
    agency_id: Uuid,
    except: Uuid,
) -> Result<Vec<StoredCase>, StoreError> {
    let rows = case::Entity::find()
        .filter(case::Column::AgencyId.eq(agency_id))
        .filter(case::Column::Kind.eq(enum_str(&CaseKind::Penalty)))
        .filter(case::Column::Outcome.eq("penalty"))
        .filter(case::Column::Id.ne(except))
        .order_by_asc(case::Column::CreatedAt)
        .all(&db.conn())
        .await?;
    to_cases(&db.conn(), rows).await
}

/// A recusal decided (行政处罚法 art. 43): the new state, who handles the case afterwards and
/// the record, written together.
#[derive(Debug, Clone)]
pub struct RecusalWrite {
    pub expected_version: i32,
    pub state: CaseState,
    /// The officer who withdraws, removed from the case's officers (none when refused).
    pub withdrawn: Option<Uuid>,
    /// An officer assigned in the withdrawn one's place, if any.
    pub replacement: Option<Uuid>,
    /// The handling officer afterwards.
    pub handling_officer_id: Uuid,
    pub record: NewRecord,
    pub created_by: Uuid,
}

/// Writes a recusal decision in one transaction: the state under the optimistic version, the
/// case's officers (the withdrawn one out, a replacement in, the handling officer marked), and
/// the record with its log entry.
#[tracing::instrument(skip_all, fields(case_id = %case_id))]
pub async fn record_recusal(
    db: &Db,
    agency_id: Uuid,
    case_id: Uuid,
    w: RecusalWrite,
    now: DateTime<Utc>,
) -> Result<StoredCase, StoreError> {
    let tx = db.begin_write().await?;
    let res = case::Entity::update_many()
        .col_expr(case::Column::State, Expr::value(to_json(&w.state)?))
        .col_expr(
            case::Column::HandlingOfficerId,
            Expr::value(w.handling_officer_id),
        )
        .col_expr(case::Column::Version, Expr::value(w.expected_version + 1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::AgencyId.eq(agency_id))
        .filter(case::Column::Version.eq(w.expected_version))
        .exec(&tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Concurrent);
    }
    if let Some(out) = w.withdrawn {
        case_officer::Entity::delete_many()
            .filter(case_officer::Column::CaseId.eq(case_id))
            .filter(case_officer::Column::UserId.eq(out))
            .exec(&tx)
            .await?;
    }
    if let Some(new) = w.replacement {
        case_officer::Entity::insert(case_officer::ActiveModel {
            case_id: Set(case_id),
            user_id: Set(new),
            handling: Set(false),
        })
        .on_conflict(
            OnConflict::columns([case_officer::Column::CaseId, case_officer::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec(&tx)
        .await?;
    }
    case_officer::Entity::update_many()
        .col_expr(
            case_officer::Column::Handling,
            Expr::col(case_officer::Column::UserId).eq(w.handling_officer_id),
        )
        .filter(case_officer::Column::CaseId.eq(case_id))
        .exec(&tx)
        .await?;
    append_records_in(
        &tx,
        agency_id,
        case_id,
        std::slice::from_ref(&w.record),
        w.created_by,
        now,
    )
    .await?;
    let m = case::Entity::find_by_id(case_id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut officers = load_officers(&tx, &[case_id]).await?;
    tx.commit().await?;
    to_case(m, officers.remove(&case_id).unwrap_or_default())
}

/// Like [`transition`], with a gate re-checked inside the transaction that writes the new state:
/// the case row is updated first (under the optimistic `version`, which also takes the row's write
/// lock), then `check` runs on the same transaction, and only if it passes are the records
/// appended and the transaction committed. A refusal rolls everything back.
#[tracing::instrument(skip_all, fields(case_id = %case_id))]
pub async fn transition_checked<E, F>(
    db: &Db,
    agency_id: Uuid,
    case_id: Uuid,
    w: TransitionWrite,
    now: DateTime<Utc>,
    check: F,
) -> Result<StoredCase, E>
where
    E: From<StoreError>,
    F: for<'t> FnOnce(
        &'t sea_orm::DatabaseTransaction,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), E>> + Send + 't>,
    >,
{
    let tx = db.begin_write().await.map_err(StoreError::from)?;
    let res = case::Entity::update_many()
        .col_expr(case::Column::State, Expr::value(to_json(&w.state)?))
        .col_expr(case::Column::Stage, Expr::value(enum_str(&w.state.stage)))
        .col_expr(case::Column::Outcome, Expr::value(w.outcome.clone()))
        .col_expr(case::Column::NextDueOn, Expr::value(w.next_due_on))
        .col_expr(case::Column::Version, Expr::value(w.expected_version + 1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::AgencyId.eq(agency_id))
        .filter(case::Column::Version.eq(w.expected_version))
        .exec(&tx)
        .await
        .map_err(StoreError::from)?;
    if res.rows_affected != 1 {
        let exists = case::Entity::find_by_id(case_id)
            .filter(case::Column::AgencyId.eq(agency_id))
            .one(&tx)
            .await
            .map_err(StoreError::from)?
            .is_some();
        return Err(if exists {
            StoreError::Concurrent
        } else {
            StoreError::NotFound
        }
        .into());
    }
    check(&tx).await?;
    append_records_in(&tx, agency_id, case_id, &w.records, w.created_by, now).await?;
    let m = case::Entity::find_by_id(case_id)
        .one(&tx)
        .await
        .map_err(StoreError::from)?
        .ok_or(StoreError::NotFound)?;
    let mut officers = load_officers(&tx, &[case_id]).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(to_case(m, officers.remove(&case_id).unwrap_or_default())?)
}

/// Appends records to a case inside the caller's transaction (with their log entries), for
/// writes of other modules that must land with their own rows (the legal review).
pub(crate) async fn append_records_in<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    case_id: Uuid,
    records: &[NewRecord],
    created_by: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let n = i32::try_from(records.len()).map_err(|_| StoreError::Conflict("records"))?;
    let (last, _) = take_seqs_in(conn, agency_id, case_id, n)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut seq = last - n;
    for r in records {
        seq += 1;
        insert_record_in(conn, agency_id, case_id, seq, r, created_by, now).await?;
    }
    Ok(())
}
