//! Decision disclosures, loaded and stored (the status machine is
//! `sanxiang_domain::disclosure::workflow`, the second-person rule `second_person`): a draft is
//! made from the case in the transaction that records the decision; an editor checks the masked
//! preview (may mask more, never less), a second person reviews it (审核), and only then is it
//! public. Every step is an event (append-only); every published version is kept (append-only)
//! and goes through the change feed and the log. `public_decisions` holds what is public now and
//! is what the portal API lists.
use super::feed::{self, ChangeKind, NewChange};
use crate::entity::{disclosure, disclosure_event, disclosure_version, public_decision};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::case::CaseKind;
use sanxiang_domain::disclosure::credit::{check_publishable, MissingField};
use sanxiang_domain::disclosure::edit::{apply_edit, SourceEdit};
use sanxiang_domain::disclosure::publication::{
    public_decision, AppliedMask, DecisionSource, DisclosureSettings, EarlyRemovalRefused,
    PublicDecision, PublishContext, ResourceType, Severity,
};
use sanxiang_domain::disclosure::second_person::{
    check_second_person, contributors, HistoryStep, StepKind,
};
use sanxiang_domain::disclosure::workflow::{check, Facts, Step, WorkflowError};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

pub use sanxiang_domain::disclosure::workflow::Status;

/// A stored status.
fn parse_status(s: &str) -> Result<Status, StoreError> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|e| StoreError::Db(DbErr::Custom(format!("stored status `{s}`: {e}"))))
}

/// Whether `step` applies to `d` now (the domain's status machine).
fn allow(step: Step, d: &StoredDisclosure) -> Result<(), StepError> {
    check(
        step,
        &Facts {
            status: d.status,
            published_version: d.published_version,
            withdrawal_required: d.withdrawal_required_on.is_some(),
        },
    )
    .map_err(|e| match e {
        WorkflowError::WrongStatus(s) => StepError::WrongStatus(s),
        WorkflowError::WithdrawalNotRequired => StepError::WithdrawalNotRequired,
    })
}

/// A new draft, computed by the caller from the case.
#[derive(Debug, Clone)]
pub struct NewDraft {
    pub agency_id: Uuid,
    pub case_id: Uuid,
    pub resource_type: ResourceType,
    pub case_kind: CaseKind,
    pub source: DecisionSource,
    pub severity: Severity,
    pub publication_end: Option<NaiveDate>,
    /// Withheld by rule (a minor party, a warning only): the draft starts as not published.
    pub withheld: Option<String>,
}

/// A disclosure as stored.
#[derive(Debug, Clone)]
pub struct StoredDisclosure {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub case_id: Uuid,
    pub resource_type: ResourceType,
    pub case_kind: CaseKind,
    pub status: Status,
    pub source: DecisionSource,
    pub extra_masks: Vec<String>,
    pub not_published_ground: Option<String>,
    pub severity: Severity,
    /// The publication due date counts from it (`sanxiang_domain::disclosure::due`).
    pub decided_on: NaiveDate,
    pub publication_end: Option<NaiveDate>,
    pub published_version: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub editor_id: Option<Uuid>,
    pub submitted_by: Option<Uuid>,
    /// The withdrawal due date counts from it (`sanxiang_domain::disclosure::due`).
    pub withdrawal_required_on: Option<NaiveDate>,
    pub withdrawal_basis: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl StoredDisclosure {
    /// The public field set this disclosure would publish as `version` on `on`, masked by rule.
    pub fn preview(&self, version: i32, on: NaiveDate) -> (PublicDecision, Vec<AppliedMask>) {
        public_decision(
            &self.source,
            &PublishContext {
                id: self.id,
                resource_type: self.resource_type,
                case_kind: self.case_kind,
                agency_id: self.agency_id,
                publication_end: self.publication_end,
                version,
                published_on: on,
                extra_masks: &self.extra_masks,
            },
        )
    }
}

/// One event of a disclosure's history.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub action: String,
    pub actor_id: Option<Uuid>,
    pub detail: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Why a workflow step was refused.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// The step does not apply in the current status.
    #[error("not allowed in status {0:?}")]
    WrongStatus(Status),
    /// The reviewer contributed to the version (edited it, started its correction or submitted
    /// it): a second person must review.
    #[error("same person")]
    SamePerson,
    /// Early removal (credit repair) refused by rule.
    #[error("early removal refused: {0:?}")]
    EarlyRemoval(EarlyRemovalRefused),
    /// Withdrawal without a recorded reason to withdraw (the decision changed, was revoked,
    /// ruled unlawful or void): an editor cannot take a published decision down at will.
    #[error("withdrawal not required")]
    WithdrawalNotRequired,
    /// The edit would bring back masked text in this field: masks only grow.
    #[error("{0} would bring back masked text")]
    MaskRemoved(String),
    /// The 双公示 template requires these columns and the case does not give them.
    #[error("required by the credit template: {0:?}")]
    CreditFieldMissing(Vec<MissingField>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DbErr> for StepError {
    fn from(e: DbErr) -> Self {
        StepError::Store(StoreError::Db(e))
    }
}

fn enum_str<T: Serialize>(v: &T) -> String {
    crate::cases::enum_str(v)
}

fn parse<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(s)
        .map_err(|e| StoreError::Db(DbErr::Custom(format!("stored {what}: {e}"))))
}

fn parse_word<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|e| StoreError::Db(DbErr::Custom(format!("stored value `{s}`: {e}"))))
}

fn to_text<T: Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Db(DbErr::Custom(e.to_string())))
}

fn to_stored(m: disclosure::Model) -> Result<StoredDisclosure, StoreError> {
    Ok(StoredDisclosure {
        id: m.id,
        agency_id: m.agency_id,
        case_id: m.case_id,
        resource_type: parse_word(&m.resource_type)?,
        case_kind: parse_word(&m.case_kind)?,
        status: parse_status(&m.status)?,
        source: parse(&m.source, "disclosure source")?,
        extra_masks: parse(&m.extra_masks, "masks")?,
        not_published_ground: m.not_published_ground,
        severity: parse_word(&m.severity)?,
        decided_on: m.decided_on,
        publication_end: m.publication_end,
        published_version: m.published_version,
        published_at: m.published_at,
        editor_id: m.editor_id,
        submitted_by: m.submitted_by,
        withdrawal_required_on: m.withdrawal_required_on,
        withdrawal_basis: m.withdrawal_basis,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

async fn event<C: ConnectionTrait>(
    conn: &C,
    d: &StoredDisclosure,
    action: &str,
    actor: Option<Uuid>,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    disclosure_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        disclosure_id: Set(d.id),
        agency_id: Set(d.agency_id),
        action: Set(action.to_owned()),
        actor_id: Set(actor),
        detail: Set(detail.to_string()),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Creates the draft of a decision inside the transaction that records the decision. A case
/// has at most one disclosure per resource type: a second decision event is ignored.
pub async fn create_draft_in<C: ConnectionTrait>(
    conn: &C,
    d: NewDraft,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, StoreError> {
    let exists = disclosure::Entity::find()
        .filter(disclosure::Column::CaseId.eq(d.case_id))
        .filter(disclosure::Column::ResourceType.eq(d.resource_type.as_str()))
        .one(conn)
        .await?;
    if exists.is_some() {
        return Ok(None);
    }
    let id = Uuid::new_v4();
    let status = if d.withheld.is_some() {
        Status::NotPublished
    } else {
        Status::Draft
    };
    let m = disclosure::ActiveModel {
        id: Set(id),
        agency_id: Set(d.agency_id),
        case_id: Set(d.case_id),
        resource_type: Set(d.resource_type.as_str().to_owned()),
        case_kind: Set(enum_str(&d.case_kind)),
        status: Set(status.as_str().to_owned()),
        source: Set(to_text(&d.source)?),
        extra_masks: Set("[]".into()),
        not_published_ground: Set(d.withheld.clone()),
        severity: Set(enum_str(&d.severity)),
        decided_on: Set(d.source.decided_on),
        due_on: Set(None),
        publication_end: Set(d.publication_end),
        published_version: Set(0),
        published_at: Set(None),
        editor_id: Set(None),
        submitted_by: Set(None),
        withdrawal_required_on: Set(None),
        withdrawal_due_on: Set(None),
        withdrawal_basis: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    let stored = to_stored(m)?;
    event(
        conn,
        &stored,
        "created",
        None,
        json!({ "withheld": d.withheld }),
        now,
    )
    .await?;
    Ok(Some(id))
}

/// One disclosure of the agency.
pub async fn get(db: &Db, agency_id: Uuid, id: Uuid) -> Result<StoredDisclosure, StoreError> {
    let m = disclosure::Entity::find_by_id(id)
        .filter(disclosure::Column::AgencyId.eq(agency_id))
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    to_stored(m)
}

/// The disclosure of a case, if any.
pub async fn for_case(
    db: &Db,
    agency_id: Uuid,
    case_id: Uuid,
) -> Result<Vec<StoredDisclosure>, StoreError> {
    disclosure::Entity::find()
        .filter(disclosure::Column::AgencyId.eq(agency_id))
        .filter(disclosure::Column::CaseId.eq(case_id))
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}

/// The agency's disclosures with one of `statuses` (all when empty), oldest decision first
/// (the due date follows the decision day).
pub async fn queue(
    db: &Db,
    agency_id: Uuid,
    statuses: &[Status],
    limit: u64,
) -> Result<Vec<StoredDisclosure>, StoreError> {
    let mut q = disclosure::Entity::find().filter(disclosure::Column::AgencyId.eq(agency_id));
    if !statuses.is_empty() {
        q = q.filter(
            disclosure::Column::Status
                .is_in(statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
        );
    }
    q.order_by_asc(disclosure::Column::DecidedOn)
        .order_by_asc(disclosure::Column::Id)
        .limit(limit)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}

/// Disclosures whose publication or withdrawal is still open (for the deadlines list).
pub async fn open_deadlines(db: &Db, agency_id: Uuid) -> Result<Vec<StoredDisclosure>, StoreError> {
    disclosure::Entity::find()
        .filter(disclosure::Column::AgencyId.eq(agency_id))
        .filter(
            Condition::any()
                .add(
                    disclosure::Column::Status
                        .is_in(["draft", "pending_review"])
                        .and(disclosure::Column::PublishedVersion.eq(0)),
                )
                .add(disclosure::Column::WithdrawalRequiredOn.is_not_null().and(
                    disclosure::Column::Status.is_not_in(["withdrawn", "expired", "not_published"]),
                )),
        )
        .order_by_asc(disclosure::Column::DecidedOn)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}

/// Disclosures of every agency whose publication is still open (a draft or awaiting review,
/// never published): what `GET /metrics` counts as overdue once past its due date.
pub async fn open_publications(db: &Db) -> Result<Vec<StoredDisclosure>, StoreError> {
    disclosure::Entity::find()
        .filter(disclosure::Column::Status.is_in(["draft", "pending_review"]))
        .filter(disclosure::Column::PublishedVersion.eq(0))
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_stored)
        .collect()
}

/// The history of a disclosure.
pub async fn events(db: &Db, id: Uuid) -> Result<Vec<StoredEvent>, StoreError> {
    disclosure_event::Entity::find()
        .filter(disclosure_event::Column::DisclosureId.eq(id))
        .order_by_asc(disclosure_event::Column::CreatedAt)
        .order_by_asc(disclosure_event::Column::Id)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|e| {
            Ok(StoredEvent {
                action: e.action,
                actor_id: e.actor_id,
                detail: parse(&e.detail, "event detail")?,
                created_at: e.created_at,
            })
        })
        .collect()
}

/// The published versions of a disclosure, oldest first (public JSON text).
pub async fn versions(db: &Db, id: Uuid) -> Result<Vec<(i32, DateTime<Utc>, String)>, StoreError> {
    Ok(disclosure_version::Entity::find()
        .filter(disclosure_version::Column::DisclosureId.eq(id))
        .order_by_asc(disclosure_version::Column::Version)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(|v| (v.version, v.published_at, v.body))
        .collect())
}

/// Editor changes to a draft.
#[derive(Debug, Clone, Default)]
pub struct DraftEdit {
    pub facts: Option<String>,
    pub legal_basis: Option<Vec<String>>,
    pub third_persons: Option<Vec<String>>,
    /// Replaces the editor's masks (the rule masks always apply on top).
    pub extra_masks: Option<Vec<String>>,
    /// 法定代表人 when the case lacks it.
    pub legal_representative: Option<String>,
    pub severity: Option<Severity>,
    pub publication_end: Option<Option<NaiveDate>>,
}

/// Runs `f` on the locked disclosure (optimistic `version`) and writes what it returns.
async fn step<F>(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    now: DateTime<Utc>,
    f: F,
) -> Result<StoredDisclosure, StepError>
where
    F: for<'t> FnOnce(
        &'t sea_orm::DatabaseTransaction,
        StoredDisclosure,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<disclosure::ActiveModel, StepError>>
                + Send
                + 't,
        >,
    >,
{
    let tx = db.begin_write().await?;
    let m = disclosure::Entity::find_by_id(id)
        .filter(disclosure::Column::AgencyId.eq(agency_id))
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if m.version != expected_version {
        return Err(StoreError::Concurrent.into());
    }
    let current = to_stored(m)?;
    let mut am = f(&tx, current).await?;
    am.id = Set(id);
    am.version = Set(expected_version + 1);
    am.updated_at = Set(now);
    let res = disclosure::Entity::update_many()
        .set(am)
        .filter(disclosure::Column::Id.eq(id))
        .filter(disclosure::Column::Version.eq(expected_version))
        .exec(&tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(StoreError::Concurrent.into());
    }
    let m = disclosure::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(to_stored(m)?)
}

fn blank() -> disclosure::ActiveModel {
    disclosure::ActiveModel {
        ..Default::default()
    }
}

/// Edits a draft (or a correction in preparation).
pub async fn edit(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    e: DraftEdit,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredDisclosure, StepError> {
    step(db, agency_id, id, expected_version, now, move |tx, d| {
        Box::pin(async move {
            allow(Step::Edit, &d)?;
            // Masks only grow (`sanxiang_domain::disclosure::edit`): text bringing back what
            // was masked is refused; names and masks sent are added.
            let (src, masks) = apply_edit(
                &d.source,
                &d.extra_masks,
                &SourceEdit {
                    facts: e.facts.clone(),
                    legal_basis: e.legal_basis.clone(),
                    third_persons: e.third_persons.clone(),
                    extra_masks: e.extra_masks.clone(),
                    legal_representative: e.legal_representative.clone(),
                },
            )
            .map_err(|m| StepError::MaskRemoved(m.field))?;
            let mut am = blank();
            am.source = Set(to_text(&src)?);
            am.extra_masks = Set(to_text(&masks)?);
            if let Some(s) = e.severity {
                am.severity = Set(enum_str(&s));
            }
            if let Some(p) = e.publication_end {
                am.publication_end = Set(p);
            }
            am.editor_id = Set(Some(actor));
            event(
                tx,
                &d,
                "edited",
                Some(actor),
                json!({
                    "facts": e.facts.is_some(),
                    "legal_basis": e.legal_basis,
                    "third_persons": e.third_persons.as_ref().map(Vec::len),
                    "extra_masks": e.extra_masks.as_ref().map(Vec::len),
                    "severity": e.severity,
                    "publication_end": e.publication_end,
                }),
                now,
            )
            .await?;
            Ok(am)
        })
    })
    .await
}

/// Sends a draft to review.
pub async fn submit(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredDisclosure, StepError> {
    step(db, agency_id, id, expected_version, now, move |tx, d| {
        Box::pin(async move {
            allow(Step::Submit, &d)?;
            let mut am = blank();
            am.status = Set(Status::PendingReview.as_str().into());
            am.submitted_by = Set(Some(actor));
            event(tx, &d, "submitted", Some(actor), json!({}), now).await?;
            Ok(am)
        })
    })
    .await
}

/// Marks a draft not to be published, with its legal ground.
pub async fn withhold(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    ground: String,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredDisclosure, StepError> {
    step(db, agency_id, id, expected_version, now, move |tx, d| {
        Box::pin(async move {
            allow(Step::Withhold, &d)?;
            let mut am = blank();
            am.status = Set(Status::NotPublished.as_str().into());
            am.not_published_ground = Set(Some(ground.clone()));
            event(
                tx,
                &d,
                "withheld",
                Some(actor),
                json!({ "ground": ground }),
                now,
            )
            .await?;
            Ok(am)
        })
    })
    .await
}

/// Reviews a pending disclosure (审核) by a second person: approve publishes it (a first
/// publication or a correction, as a new version), return sends it back to the editor.
#[allow(clippy::too_many_arguments)]
pub async fn review(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    approve: bool,
    comment: String,
    actor: Uuid,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<StoredDisclosure, StepError> {
    step(db, agency_id, id, expected_version, now, move |tx, d| {
        Box::pin(async move {
            allow(Step::Review, &d)?;
            // Everyone who wrote this version (every editor, the submitter) is out
            // (`second_person`): `editor_id` and `submitted_by` are only the last ones, the
            // events (written in each step's transaction) name them all.
            let history: Vec<HistoryStep> = disclosure_event::Entity::find()
                .select_only()
                .column(disclosure_event::Column::Action)
                .column(disclosure_event::Column::ActorId)
                .filter(disclosure_event::Column::DisclosureId.eq(d.id))
                .order_by_asc(disclosure_event::Column::CreatedAt)
                .order_by_asc(disclosure_event::Column::Id)
                .into_tuple::<(String, Option<Uuid>)>()
                .all(tx)
                .await?
                .into_iter()
                .map(|(action, actor)| HistoryStep {
                    kind: StepKind::of_action(&action),
                    actor,
                })
                .collect();
            check_second_person(&contributors(&history), actor)
                .map_err(|_| StepError::SamePerson)?;
            let mut am = blank();
            if !approve {
                am.status = Set(Status::Draft.as_str().into());
                event(
                    tx,
                    &d,
                    "returned",
                    Some(actor),
                    json!({ "comment": comment }),
                    now,
                )
                .await?;
                return Ok(am);
            }
            let version = d.published_version + 1;
            let (public, applied) = d.preview(version, today);
            check_publishable(&public, &d.source).map_err(StepError::CreditFieldMissing)?;
            publish_in(tx, &d, &public, version, actor, now).await?;
            am.status = Set(Status::Published.as_str().into());
            am.published_version = Set(version);
            am.published_at = Set(Some(now));
            event(
                tx,
                &d,
                if version == 1 {
                    "published"
                } else {
                    "corrected"
                },
                Some(actor),
                json!({ "version": version, "comment": comment, "masks": applied }),
                now,
            )
            .await?;
            Ok(am)
        })
    })
    .await
}

fn public_url(resource: ResourceType, id: Uuid) -> String {
    match resource {
        ResourceType::Decision => format!("/api/public/v1/decisions/{id}"),
        ResourceType::InspectionResult => format!("/api/public/v1/inspections/{id}"),
    }
}

/// Writes a published version: the kept version, the public row, the feed entry.
async fn publish_in<C: ConnectionTrait>(
    conn: &C,
    d: &StoredDisclosure,
    public: &PublicDecision,
    version: i32,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let body = to_text(public)?;
    disclosure_version::ActiveModel {
        disclosure_id: Set(d.id),
        version: Set(version),
        body: Set(body.clone()),
        published_by: Set(Some(actor)),
        published_at: Set(now),
    }
    .insert(conn)
    .await?;
    public_decision::Entity::delete_by_id(d.id)
        .exec(conn)
        .await?;
    public_decision::ActiveModel {
        id: Set(d.id),
        agency_id: Set(d.agency_id),
        resource_type: Set(d.resource_type.as_str().into()),
        case_kind: Set(enum_str(&d.case_kind)),
        violation_type: Set(public.violation_type.clone()),
        decided_on: Set(public.decided_on),
        publication_end: Set(public.publication_end),
        search_text: Set(format!(
            "{} {} {} {}",
            public.party_name, public.decision_number, public.violation_type, public.content
        )),
        version: Set(version),
        body: Set(body),
    }
    .insert(conn)
    .await?;
    feed::append_change_in(
        conn,
        NewChange {
            agency_id: d.agency_id,
            resource_type: d.resource_type.as_str(),
            resource_id: d.id,
            version,
            change: if version == 1 {
                ChangeKind::Publish
            } else {
                ChangeKind::Correct
            },
            resource_url: public_url(d.resource_type, d.id),
            body: Some(serde_json::to_value(public).map_err(|e| DbErr::Custom(e.to_string()))?),
            reason: None,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Starts a correction of a published entry: a new draft round; the public keeps the current
/// version until the corrected one is reviewed and published.
pub async fn start_correction(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    reason: String,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredDisclosure, StepError> {
    step(db, agency_id, id, expected_version, now, move |tx, d| {
        Box::pin(async move {
            allow(Step::StartCorrection, &d)?;
            let mut am = blank();
            am.status = Set(Status::Draft.as_str().into());
            am.editor_id = Set(Some(actor));
            event(
                tx,
                &d,
                "correction_started",
                Some(actor),
                json!({ "reason": reason }),
                now,
            )
            .await?;
            Ok(am)
        })
    })
    .await
}

/// Records that the decision was changed, revoked, ruled unlawful or void: the disclosure must
/// be withdrawn within the withdrawal period (行政处罚法 art. 48).
#[allow(clippy::too_many_arguments)]
pub async fn require_withdrawal(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    basis: String,
    on: NaiveDate,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredDisclosure, StepError> {
    step(db, agency_id, id, expected_version, now, move |tx, d| {
        Box::pin(async move {
            allow(Step::RequireWithdrawal, &d)?;
            let mut am = blank();
            am.withdrawal_required_on = Set(Some(on));
            am.withdrawal_basis = Set(Some(basis.clone()));
            event(
                tx,
                &d,
                "withdrawal_required",
                Some(actor),
                json!({ "basis": basis, "on": on }),
                now,
            )
            .await?;
            Ok(am)
        })
    })
    .await
}

/// Withdraws a published entry: it leaves the public lists and a tombstone with the reason is
/// published (never a silent delete).
pub async fn withdraw(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    reason: String,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredDisclosure, StepError> {
    step(db, agency_id, id, expected_version, now, move |tx, d| {
        Box::pin(async move {
            allow(Step::Withdraw, &d)?;
            take_down(
                tx,
                &d,
                ChangeKind::Withdraw,
                Status::Withdrawn,
                "withdrawn",
                reason,
                actor,
                now,
            )
            .await
        })
    })
    .await
}

/// Takes a published penalty down before its publication end after the party's credit repair
/// (信用修复), with the reason: only after the minimum period of its severity and never a serious
/// case ([`DisclosureSettings::early_removal`]). It ends `expired`, with an `expire` tombstone
/// carrying the reason in the feed.
#[allow(clippy::too_many_arguments)]
pub async fn remove_early(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    expected_version: i32,
    reason: String,
    rules: DisclosureSettings,
    today: NaiveDate,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredDisclosure, StepError> {
    step(db, agency_id, id, expected_version, now, move |tx, d| {
        Box::pin(async move {
            allow(Step::RemoveEarly, &d)?;
            rules
                .early_removal(
                    d.resource_type,
                    d.case_kind,
                    d.severity,
                    d.decided_on,
                    today,
                )
                .map_err(StepError::EarlyRemoval)?;
            let reason = format!("信用修复，提前停止公示：{reason}");
            take_down(
                tx,
                &d,
                ChangeKind::Expire,
                Status::Expired,
                "removed_early",
                reason,
                actor,
                now,
            )
            .await
        })
    })
    .await
}

/// Takes a public entry down inside a step: the tombstone with the reason in the feed, the event,
/// and the entry's new status.
#[allow(clippy::too_many_arguments)]
async fn take_down(
    tx: &sea_orm::DatabaseTransaction,
    d: &StoredDisclosure,
    change: ChangeKind,
    status: Status,
    action: &str,
    reason: String,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<disclosure::ActiveModel, StepError> {
    tombstone_in(tx, d, change, Some(reason.clone()), now).await?;
    event(tx, d, action, Some(actor), json!({ "reason": reason }), now).await?;
    let mut am = blank();
    am.status = Set(status.as_str().into());
    Ok(am)
}

async fn tombstone_in<C: ConnectionTrait>(
    conn: &C,
    d: &StoredDisclosure,
    change: ChangeKind,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    public_decision::Entity::delete_by_id(d.id)
        .exec(conn)
        .await?;
    feed::append_change_in(
        conn,
        NewChange {
            agency_id: d.agency_id,
            resource_type: d.resource_type.as_str(),
            resource_id: d.id,
            version: d.published_version,
            change,
            resource_url: public_url(d.resource_type, d.id),
            body: None,
            reason,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Takes down every public entry whose publication end date has passed (`publication_end <
/// today`), each with an `expire` tombstone, one transaction per entry. Returns how many.
pub async fn expire_due(db: &Db, today: NaiveDate, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let ids: Vec<Uuid> = public_decision::Entity::find()
        .select_only()
        .column(public_decision::Column::Id)
        .filter(public_decision::Column::PublicationEnd.lt(today))
        .limit(1000)
        .into_tuple()
        .all(&db.conn())
        .await?;
    let mut n = 0;
    for id in ids {
        let tx = db.begin_write().await?;
        let Some(m) = disclosure::Entity::find_by_id(id).one(&tx).await? else {
            tx.rollback().await?;
            continue;
        };
        let d = to_stored(m)?;
        // still public? (another node may have expired it already)
        if public_decision::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .is_none()
        {
            tx.rollback().await?;
            continue;
        }
        tombstone_in(&tx, &d, ChangeKind::Expire, Some("公示期满".into()), now).await?;
        let stmt = Query::update()
            .table(disclosure::Entity)
            .value(disclosure::Column::Status, Status::Expired.as_str())
            .value(
                disclosure::Column::Version,
                Expr::col(disclosure::Column::Version).add(1),
            )
            .value(disclosure::Column::UpdatedAt, now)
            .and_where(disclosure::Column::Id.eq(id))
            .to_owned();
        tx.execute(tx.get_database_backend().build(&stmt)).await?;
        event(
            &tx,
            &d,
            "expired",
            None,
            json!({ "publication_end": d.publication_end }),
            now,
        )
        .await?;
        tx.commit().await?;
        n += 1;
    }
    Ok(n)
}

/// Filters of the public list.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    pub resource_type: Option<ResourceType>,
    pub agency_id: Option<Uuid>,
    pub case_kind: Option<CaseKind>,
    pub violation_type: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub keyword: Option<String>,
}

/// A page of what is public now, newest decision first; `after` is the last `(decided_on, id)`
/// of the previous page. Returns the JSON bodies as stored.
pub async fn public_page(
    db: &Db,
    f: &PublicFilter,
    after: Option<(NaiveDate, Uuid)>,
    limit: u64,
) -> Result<Vec<(NaiveDate, Uuid, String)>, StoreError> {
    let mut q = public_decision::Entity::find()
        .select_only()
        .column(public_decision::Column::DecidedOn)
        .column(public_decision::Column::Id)
        .column(public_decision::Column::Body);
    if let Some(r) = f.resource_type {
        q = q.filter(public_decision::Column::ResourceType.eq(r.as_str()));
    }
    if let Some(a) = f.agency_id {
        q = q.filter(public_decision::Column::AgencyId.eq(a));
    }
    if let Some(k) = f.case_kind {
        q = q.filter(public_decision::Column::CaseKind.eq(enum_str(&k)));
    }
    if let Some(v) = &f.violation_type {
        q = q.filter(public_decision::Column::ViolationType.eq(v.clone()));
    }
    if let Some(d) = f.from {
        q = q.filter(public_decision::Column::DecidedOn.gte(d));
    }
    if let Some(d) = f.to {
        q = q.filter(public_decision::Column::DecidedOn.lte(d));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(public_decision::Column::SearchText.contains(k.as_str()));
    }
    if let Some((d, id)) = after {
        q = q.filter(
            Condition::any()
                .add(public_decision::Column::DecidedOn.lt(d))
                .add(
                    public_decision::Column::DecidedOn
                        .eq(d)
                        .and(public_decision::Column::Id.lt(id)),
                ),
        );
    }
    // The page size goes into the SQL as a literal, not as a bound value: with `LIMIT $n`
    // PostgreSQL's generic plan of the prepared statement cannot know the page is small, looks
    // costlier than a custom plan, and so every request was planned again (see BENCHMARKS.md,
    // the portal API). `limit` is a number, so the text stays safe.
    let mut stmt = sea_orm::QueryTrait::build(
        &q.order_by_desc(public_decision::Column::DecidedOn)
            .order_by_desc(public_decision::Column::Id),
        db.backend(),
    );
    stmt.sql.push_str(&format!(" LIMIT {limit}"));
    db.conn()
        .query_all(stmt)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get_by_index::<NaiveDate>(0)?,
                r.try_get_by_index::<Uuid>(1)?,
                r.try_get_by_index::<String>(2)?,
            ))
        })
        .collect()
}

/// One public entry (JSON body), if public now.
pub async fn public_one(
    db: &Db,
    resource: ResourceType,
    id: Uuid,
) -> Result<Option<String>, StoreError> {
    Ok(public_decision::Entity::find_by_id(id)
        .filter(public_decision::Column::ResourceType.eq(resource.as_str()))
        .select_only()
        .column(public_decision::Column::Body)
        .into_tuple::<String>()
        .one(&db.conn())
        .await?)
}

/// How many entries are public now.
pub async fn public_count(db: &Db) -> Result<u64, StoreError> {
    use sea_orm::PaginatorTrait;
    Ok(public_decision::Entity::find().count(&db.conn()).await?)
}

/// A decision as reported to the credit platform: its current status, the published version
/// the public saw last, and the source (which holds what is reported but never published).
#[derive(Debug, Clone)]
pub struct CreditEntry {
    pub status: Status,
    pub public: PublicDecision,
    pub source: DecisionSource,
}

/// The agency's decisions of `kind` published at least once, decided within `from..=to`, in
/// decision order, each with the last version published. Staff only: the source carries
/// personal identity numbers.
pub async fn credit_entries(
    db: &Db,
    agency_id: Uuid,
    kind: CaseKind,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<CreditEntry>, StoreError> {
    let mut q = disclosure::Entity::find()
        .filter(disclosure::Column::AgencyId.eq(agency_id))
        .filter(disclosure::Column::ResourceType.eq(ResourceType::Decision.as_str()))
        .filter(disclosure::Column::CaseKind.eq(enum_str(&kind)))
        .filter(disclosure::Column::PublishedVersion.gt(0));
    if let Some(d) = from {
        q = q.filter(disclosure::Column::DecidedOn.gte(d));
    }
    if let Some(d) = to {
        q = q.filter(disclosure::Column::DecidedOn.lte(d));
    }
    let rows = q
        .order_by_asc(disclosure::Column::DecidedOn)
        .order_by_asc(disclosure::Column::Id)
        .all(&db.conn())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let keys: Vec<(Uuid, i32)> = chunk.iter().map(|m| (m.id, m.published_version)).collect();
        let bodies: std::collections::HashMap<(Uuid, i32), String> =
            disclosure_version::Entity::find()
                .filter(disclosure_version::Column::DisclosureId.is_in(keys.iter().map(|k| k.0)))
                .all(&db.conn())
                .await?
                .into_iter()
                .map(|v| ((v.disclosure_id, v.version), v.body))
                .collect();
        for m in chunk {
            let Some(body) = bodies.get(&(m.id, m.published_version)) else {
                continue;
            };
            let public: PublicDecision = parse(body, "published version")?;
            let d = to_stored(m.clone())?;
            out.push(CreditEntry {
                status: d.status,
                public,
                source: d.source,
            });
        }
    }
    Ok(out)
}
