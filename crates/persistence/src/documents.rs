//! Issued enforcement documents, their numbering and the agencies' document settings.
//!
//! Issuing is one transaction: the type's counter row hands out the next number (on PostgreSQL
//! the row stays locked until commit, so concurrent issuers queue and the numbers of a type and
//! year run without gaps; a failed issue rolls its number back), the caller renders and stores
//! the PDF with that number, then the issuing record (the PDF its attachment, so its SHA-256 is
//! in the log entry) and the document row are written.

use crate::blob::catalogue_in;
use crate::cases::{insert_record_in, take_seqs_in, AttachmentMeta, NewRecord};
use crate::entity::{document, document_setting, document_signed_copy};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::RecordKind;
use sanxiang_domain::document::{ComposedDocument, DocumentForm, DocumentKind, DocumentSettings};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, Statement,
};
use std::future::Future;
use uuid::Uuid;

/// A scan of the signed paper that came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCopy {
    pub sha256: String,
    pub record_id: Uuid,
    pub uploaded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// An issued document.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub case_id: Uuid,
    pub kind: DocumentKind,
    pub number: String,
    pub year: i32,
    pub seq: i64,
    pub verification_code: String,
    pub form: DocumentForm,
    pub content: ComposedDocument,
    pub sha256: String,
    pub size: i64,
    pub record_id: Uuid,
    pub issued_on: NaiveDate,
    pub issued_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub signed_copies: Vec<SignedCopy>,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("stored {what}: {e}")))
}

fn from_model(m: document::Model, copies: Vec<SignedCopy>) -> Result<StoredDocument, StoreError> {
    Ok(StoredDocument {
        id: m.id,
        agency_id: m.agency_id,
        case_id: m.case_id,
        kind: DocumentKind::parse(&m.kind).ok_or_else(|| corrupt("document kind", &m.kind))?,
        number: m.number,
        year: m.year,
        seq: m.seq,
        verification_code: m.verification_code,
        form: serde_json::from_value(m.form).map_err(|e| corrupt("document form", e))?,
        content: serde_json::from_value(m.content).map_err(|e| corrupt("document content", e))?,
        sha256: m.sha256,
        size: m.size,
        record_id: m.record_id,
        issued_on: m.issued_on,
        issued_by: m.issued_by,
        created_at: m.created_at,
        signed_copies: copies,
    })
}

async fn copies_of<C: ConnectionTrait>(
    conn: &C,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, SignedCopy)>, StoreError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(document_signed_copy::Entity::find()
        .filter(document_signed_copy::Column::DocumentId.is_in(ids.iter().copied()))
        .order_by_asc(document_signed_copy::Column::CreatedAt)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| {
            (
                c.document_id,
                SignedCopy {
                    sha256: c.sha256,
                    record_id: c.record_id,
                    uploaded_by: c.uploaded_by,
                    created_at: c.created_at,
                },
            )
        })
        .collect())
}

async fn with_copies<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<document::Model>,
) -> Result<Vec<StoredDocument>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut copies = copies_of(conn, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let mine = copies
                .iter()
                .filter(|(d, _)| *d == r.id)
                .map(|(_, c)| c.clone())
                .collect();
            copies.retain(|(d, _)| *d != r.id);
            from_model(r, mine)
        })
        .collect()
}

/// The case's issued documents, in issue order.
#[tracing::instrument(skip_all, fields(case_id = %case_id))]
pub async fn list_for_case(
    db: &Db,
    agency_id: Uuid,
    case_id: Uuid,
) -> Result<Vec<StoredDocument>, StoreError> {
    let rows = document::Entity::find()
        .filter(document::Column::AgencyId.eq(agency_id))
        .filter(document::Column::CaseId.eq(case_id))
        .order_by_asc(document::Column::CreatedAt)
        .order_by_asc(document::Column::Id)
        .all(&db.conn())
        .await?;
    with_copies(&db.conn(), rows).await
}

/// One document of the agencies given (another agency's is `NotFound`).
#[tracing::instrument(skip_all, fields(document_id = %id))]
pub async fn get(db: &Db, agencies: &[Uuid], id: Uuid) -> Result<StoredDocument, StoreError> {
    let row = document::Entity::find_by_id(id)
        .filter(document::Column::AgencyId.is_in(agencies.iter().copied()))
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    with_copies(&db.conn(), vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// The documents whose PDF has this SHA-256 (the public check).
pub async fn find_by_sha256(db: &Db, sha256: &str) -> Result<Option<StoredDocument>, StoreError> {
    let row = document::Entity::find()
        .filter(document::Column::Sha256.eq(sha256.to_ascii_lowercase()))
        .one(&db.conn())
        .await?;
    match row {
        Some(r) => Ok(with_copies(&db.conn(), vec![r]).await?.pop()),
        None => Ok(None),
    }
}

/// The document with this number and verification code (the public check by what is printed).
pub async fn find_by_number(
    db: &Db,
    number: &str,
    code: &str,
) -> Result<Option<StoredDocument>, StoreError> {
    let row = document::Entity::find()
        .filter(document::Column::Number.eq(number.trim()))
        .filter(document::Column::VerificationCode.eq(code.trim().to_ascii_uppercase()))
        .one(&db.conn())
        .await?;
    match row {
        Some(r) => Ok(with_copies(&db.conn(), vec![r]).await?.pop()),
        None => Ok(None),
    }
}

/// The settings in force and their version (0: never saved, the defaults).
pub async fn settings(db: &Db, agency_id: Uuid) -> Result<(i32, DocumentSettings), StoreError> {
    settings_in(&db.conn(), agency_id).await
}

async fn settings_in<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
) -> Result<(i32, DocumentSettings), StoreError> {
    let row = document_setting::Entity::find()
        .filter(document_setting::Column::AgencyId.eq(agency_id))
        .order_by_desc(document_setting::Column::Version)
        .one(conn)
        .await?;
    match row {
        Some(r) => Ok((
            r.version,
            serde_json::from_value(r.settings).map_err(|e| corrupt("document settings", e))?,
        )),
        None => Ok((0, DocumentSettings::default())),
    }
}

/// Saves a new version; `expected_version` is the version the editor saw (another save since is
/// [`StoreError::Concurrent`]).
pub async fn save_settings(
    db: &Db,
    agency_id: Uuid,
    expected_version: i32,
    settings: &DocumentSettings,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<i32, StoreError> {
    let tx = db.begin_write().await?;
    let (current, _) = settings_in(&tx, agency_id).await?;
    if current != expected_version {
        return Err(StoreError::Concurrent);
    }
    let version = current + 1;
    document_setting::Entity::insert(document_setting::ActiveModel {
        agency_id: Set(agency_id),
        version: Set(version),
        settings: Set(serde_json::to_value(settings).map_err(|e| corrupt("document settings", e))?),
        created_by: Set(by),
        created_at: Set(now),
    })
    .exec_without_returning(&tx)
    .await
    .map_err(|e| match StoreError::unique(e, "version") {
        StoreError::Conflict(_) => StoreError::Concurrent,
        other => other,
    })?;
    tx.commit().await?;
    Ok(version)
}

/// What the issuing transaction hands the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub seq: i64,
}

/// What the renderer gives back: the PDF, already stored at its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub number: String,
    pub sha256: String,
    pub size: i64,
    pub file_name: String,
}

/// A document to issue.
#[derive(Debug, Clone)]
pub struct IssueInput {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub case_id: Uuid,
    pub kind: DocumentKind,
    pub year: i32,
    pub verification_code: String,
    pub form: DocumentForm,
    pub content: ComposedDocument,
    pub issued_on: NaiveDate,
    pub issued_by: Uuid,
    pub now: DateTime<Utc>,
}

/// Why an issue failed.
#[derive(Debug, thiserror::Error)]
pub enum IssueError<E> {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The case is archived: its file takes nothing more.
    #[error("case archived")]
    Archived,
    /// The renderer failed (nothing was written).
    #[error("render failed")]
    Render(E),
}

impl<E> From<DbErr> for IssueError<E> {
    fn from(e: DbErr) -> Self {
        IssueError::Store(StoreError::Db(e))
    }
}

/// Takes the next number of the type and year (the counter row is locked until commit).
async fn next_seq<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    kind: DocumentKind,
    year: i32,
) -> Result<i64, StoreError> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => "INSERT INTO document_counters (agency_id, kind, year, last_seq) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (agency_id, kind, year) DO UPDATE SET last_seq = document_counters.last_seq + 1 RETURNING last_seq",
        _ => "INSERT INTO document_counters (agency_id, kind, year, last_seq) VALUES (?, ?, ?, 1) \
             ON CONFLICT (agency_id, kind, year) DO UPDATE SET last_seq = document_counters.last_seq + 1 RETURNING last_seq",
    };
    let row = conn
        .query_one(Statement::from_sql_and_values(
            backend,
            sql,
            [agency_id.into(), kind.as_str().into(), year.into()],
        ))
        .await?
        .ok_or_else(|| StoreError::Db(DbErr::Custom("counter returned no row".into())))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// Issues a document: number, render (by `render`, which stores the PDF and answers its
/// address), issuing record, document row — one transaction.
pub async fn issue<E, F, Fut>(
    db: &Db,
    input: IssueInput,
    render: F,
) -> Result<StoredDocument, IssueError<E>>
where
    F: FnOnce(Numbered) -> Fut,
    Fut: Future<Output = Result<Rendered, E>>,
{
    let tx = db.begin_write().await?;
    let seq = next_seq(&tx, input.agency_id, input.kind, input.year).await?;
    let rendered = match render(Numbered { seq }).await {
        Ok(r) => r,
        Err(e) => {
            let _ = tx.rollback().await;
            return Err(IssueError::Render(e));
        }
    };
    let (record_seq, state) = take_seqs_in(&tx, input.agency_id, input.case_id, 1)
        .await?
        .ok_or(StoreError::NotFound)?;
    if state.archived_at.is_some() {
        let _ = tx.rollback().await;
        return Err(IssueError::Archived);
    }
    catalogue_in(
        &tx,
        &rendered.sha256,
        rendered.size,
        "application/pdf",
        input.agency_id,
        input.issued_by,
        &rendered.file_name,
        input.now,
    )
    .await?;
    let record = NewRecord {
        stage: state.stage,
        kind: RecordKind::Document,
        action: None,
        document_type: Some(input.kind.file_type().to_owned()),
        activity: None,
        title: format!("{} {}", input.kind.title_zh(), rendered.number),
        body: format!(
            "签发文书 {}（{}），PDF SHA-256 {}，核验码 {}。",
            rendered.number,
            input.kind.title_zh(),
            rendered.sha256,
            input.verification_code
        ),
        officers_present: vec![],
        occurred_at: None,
        place: None,
        corrects: None,
        correction_reason: None,
        attachments: vec![AttachmentMeta {
            sha256: rendered.sha256.clone(),
            file_name: rendered.file_name.clone(),
            content_type: "application/pdf".into(),
            size: rendered.size,
        }],
        persons_named: vec![],
    };
    let record_id = insert_record_in(
        &tx,
        input.agency_id,
        input.case_id,
        record_seq,
        &record,
        input.issued_by,
        input.now,
    )
    .await?;
    let model = document::ActiveModel {
        id: Set(input.id),
        agency_id: Set(input.agency_id),
        case_id: Set(input.case_id),
        kind: Set(input.kind.as_str().to_owned()),
        number: Set(rendered.number.clone()),
        year: Set(input.year),
        seq: Set(seq),
        verification_code: Set(input.verification_code.clone()),
        form: Set(serde_json::to_value(&input.form).map_err(|e| corrupt("document form", e))?),
        content: Set(
            serde_json::to_value(&input.content).map_err(|e| corrupt("document content", e))?
        ),
        sha256: Set(rendered.sha256.clone()),
        size: Set(rendered.size),
        record_id: Set(record_id),
        issued_on: Set(input.issued_on),
        issued_by: Set(input.issued_by),
        created_at: Set(input.now),
    };
    document::Entity::insert(model)
        .exec_without_returning(&tx)
        .await
        .map_err(|e| StoreError::unique(e, "number"))?;
    tx.commit().await?;
    Ok(StoredDocument {
        id: input.id,
        agency_id: input.agency_id,
        case_id: input.case_id,
        kind: input.kind,
        number: rendered.number,
        year: input.year,
        seq,
        verification_code: input.verification_code,
        form: input.form,
        content: input.content,
        sha256: rendered.sha256,
        size: rendered.size,
        record_id,
        issued_on: input.issued_on,
        issued_by: input.issued_by,
        created_at: input.now,
        signed_copies: vec![],
    })
}

/// Attaches the scan of the signed paper: a record (the scan its attachment) and the copy row,
/// one transaction. The blob must already be owned by the agency (uploaded through the blob API).
pub async fn attach_signed_copy(
    db: &Db,
    doc: &StoredDocument,
    scan: AttachmentMeta,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<SignedCopy, IssueError<std::convert::Infallible>> {
    let tx = db.begin_write().await?;
    let (record_seq, state) = take_seqs_in(&tx, doc.agency_id, doc.case_id, 1)
        .await?
        .ok_or(StoreError::NotFound)?;
    if state.archived_at.is_some() {
        let _ = tx.rollback().await;
        return Err(IssueError::Archived);
    }
    let record = NewRecord {
        stage: state.stage,
        kind: RecordKind::Signature,
        action: None,
        document_type: Some("signed_copy".into()),
        activity: None,
        title: format!("{} {}（签章件）", doc.kind.title_zh(), doc.number),
        body: format!(
            "文书 {} 经签名（盖章）的纸质件扫描件，SHA-256 {}。",
            doc.number, scan.sha256
        ),
        officers_present: vec![],
        occurred_at: None,
        place: None,
        corrects: None,
        correction_reason: None,
        attachments: vec![scan.clone()],
        persons_named: vec![],
    };
    let record_id = insert_record_in(
        &tx,
        doc.agency_id,
        doc.case_id,
        record_seq,
        &record,
        by,
        now,
    )
    .await?;
    document_signed_copy::Entity::insert(document_signed_copy::ActiveModel {
        document_id: Set(doc.id),
        sha256: Set(scan.sha256.clone()),
        record_id: Set(record_id),
        uploaded_by: Set(by),
        created_at: Set(now),
    })
    .exec_without_returning(&tx)
    .await
    .map_err(|e| StoreError::unique(e, "signed_copy"))?;
    tx.commit().await?;
    Ok(SignedCopy {
        sha256: scan.sha256,
        record_id,
        uploaded_by: by,
        created_at: now,
    })
}
