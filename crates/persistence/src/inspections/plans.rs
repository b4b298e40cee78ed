//! Plans and draws. Each publication is one transaction: the plan row (guarded by its status),
//! the append-only event, the tamper-evident log entry and the change-feed entry.
//!
//! # The log entry of a draw event (version 1; stable)
//!
//! A JSON object, RFC 8785 canonical bytes, leaf hash `SHA-256(0x00 ‖ bytes)`, log kind
//! `inspection_draw`: `type` `"inspection_draw"`, `v` `1`, `event` (`fixed`, `drawn`,
//! `cancelled`), `plan_id`, `agency_id`, `at` (UTC, six fractional digits), and per event:
//! fixed: `algorithm`, `plan` (name, item, period, rules), `snapshot_hash`, `commitment`;
//! drawn: `seed`, `draw_date`, `result_hash` (SHA-256 hex of the canonical JSON of the
//! selections); cancelled: `reason`, `seed` (revealed, or null for a plan never fixed).

use super::targets::to_target;
use crate::disclosure::feed::{append_change_in, ChangeKind, NewChange};
use crate::entity::{
    certificate, inspection_conflict, inspection_draw_event, inspection_plan, inspection_target,
    log_entry, log_pending, user, user_role,
};
use crate::{Db, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::calendar::china_date;
use sanxiang_domain::inspection::{
    commitment, draw, hex, parse_hex_seed, preview, snapshot_hash, ConflictPair, DrawError,
    DrawOutcome, DrawRules, InspectorSnapshot, PlanAction, PlanStatus, PlanViolation, Snapshot,
    TargetSnapshot, TierSummary, ValidPeriod, ALGORITHM,
};
use sanxiang_domain::tlog::{canonical_json, leaf_hash};
use sea_orm::prelude::Json;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The `type` member of a draw event's log entry.
pub const ENTRY_TYPE_DRAW: &str = "inspection_draw";
/// `log_entries.kind` of a draw event.
pub const KIND_DRAW: &str = "inspection_draw";
/// `resource_type` of a draw in the change feed.
const RESOURCE_TYPE: &str = "inspection_draw";

/// Why a plan command failed.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Plan(#[from] PlanViolation),
    #[error(transparent)]
    Draw(#[from] DrawError),
}

impl From<DbErr> for PlanError {
    fn from(e: DbErr) -> Self {
        PlanError::Store(StoreError::Db(e))
    }
}

/// A new plan (draft).
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub agency_id: Uuid,
    pub name: String,
    pub item_id: Uuid,
    pub item_version: i32,
    pub item_name: String,
    /// The enforcement category inspectors' certificates must cover.
    pub category: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub rules: DrawRules,
    pub created_by: Uuid,
}

/// A plan as stored. `seed` is `None` until the draw (or a cancellation) reveals it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    pub item_id: Uuid,
    pub item_version: i32,
    pub item_name: String,
    pub category: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub rules: DrawRules,
    pub status: PlanStatus,
    pub snapshot_hash: Option<String>,
    pub commitment: Option<String>,
    pub seed: Option<String>,
    pub draw_date: Option<NaiveDate>,
    pub result: Option<DrawOutcome>,
    pub cancel_reason: Option<String>,
    pub fixed_at: Option<DateTime<Utc>>,
    pub drawn_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A published draw with what is needed to recompute it.
#[derive(Debug, Clone)]
pub struct PublicDrawRow {
    pub plan: StoredPlan,
    pub agency_name: String,
    pub snapshot: Snapshot,
}

fn bad(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("stored {what}: {e}")))
}

fn to_plan(m: inspection_plan::Model) -> Result<StoredPlan, StoreError> {
    let status = PlanStatus::parse(&m.status).ok_or_else(|| bad("plan status", &m.status))?;
    let rules: DrawRules = serde_json::from_value(m.rules).map_err(|e| bad("plan rules", e))?;
    let result: Option<DrawOutcome> = m
        .result
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| bad("draw result", e))?;
    let seed_public = matches!(status, PlanStatus::Drawn | PlanStatus::Cancelled);
    Ok(StoredPlan {
        id: m.id,
        agency_id: m.agency_id,
        name: m.name,
        item_id: m.item_id,
        item_version: m.item_version,
        item_name: m.item_name,
        category: m.category,
        period_start: m.period_start,
        period_end: m.period_end,
        rules,
        status,
        snapshot_hash: m.snapshot_hash,
        commitment: m.commitment,
        seed: m.seed.filter(|_| seed_public),
        draw_date: m.draw_date,
        result,
        cancel_reason: m.cancel_reason,
        fixed_at: m.fixed_at,
        drawn_at: m.drawn_at,
        cancelled_at: m.cancelled_at,
        version: m.version,
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The public URL of a draw.
pub fn public_url(id: Uuid) -> String {
    format!("/api/public/v1/draws/{id}")
}

fn ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Creates a draft plan (the caller has checked the rules and the inspection item).
#[tracing::instrument(skip_all, fields(agency_id = %p.agency_id))]
pub async fn create_plan(
    db: &Db,
    p: NewPlan,
    now: DateTime<Utc>,
) -> Result<StoredPlan, StoreError> {
    let rules = serde_json::to_value(&p.rules).map_err(|e| bad("rules", e))?;
    let m = inspection_plan::ActiveModel {
        id: Set(Uuid::new_v4()),
        agency_id: Set(p.agency_id),
        name: Set(p.name),
        item_id: Set(p.item_id),
        item_version: Set(p.item_version),
        item_name: Set(p.item_name),
        category: Set(p.category),
        period_start: Set(p.period_start),
        period_end: Set(p.period_end),
        rules: Set(rules),
        status: Set(PlanStatus::Draft.as_str().to_owned()),
        snapshot: Set(None),
        snapshot_hash: Set(None),
        commitment: Set(None),
        seed: Set(None),
        draw_date: Set(None),
        result: Set(None),
        cancel_reason: Set(None),
        fixed_at: Set(None),
        drawn_at: Set(None),
        cancelled_at: Set(None),
        version: Set(1),
        created_by: Set(p.created_by),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&db.conn())
    .await?;
    to_plan(m)
}

async fn load<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    id: Uuid,
) -> Result<inspection_plan::Model, StoreError> {
    inspection_plan::Entity::find_by_id(id)
        .filter(inspection_plan::Column::AgencyId.eq(agency_id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// One plan of the agency.
pub async fn get_plan(db: &Db, agency_id: Uuid, id: Uuid) -> Result<StoredPlan, StoreError> {
    to_plan(load(&db.conn(), agency_id, id).await?)
}

/// The agency's plans, newest first.
pub async fn list_plans(db: &Db, agency_id: Uuid) -> Result<Vec<StoredPlan>, StoreError> {
    inspection_plan::Entity::find()
        .filter(inspection_plan::Column::AgencyId.eq(agency_id))
        .order_by_desc(inspection_plan::Column::CreatedAt)
        .all(&db.conn())
        .await?
        .into_iter()
        .map(to_plan)
        .collect()
}

/// The agency's pools as they are now: every target (with the last inspection on file, or the
/// date of the latest draw that picked it), every active officer with the validity periods of
/// their valid certificates covering `category`, and every declared conflict.
async fn build_snapshot<C: ConnectionTrait>(
    conn: &C,
    agency_id: Uuid,
    category: &str,
) -> Result<Snapshot, StoreError> {
    let mut last_drawn: HashMap<Uuid, NaiveDate> = HashMap::new();
    for p in inspection_plan::Entity::find()
        .filter(inspection_plan::Column::AgencyId.eq(agency_id))
        .filter(inspection_plan::Column::Status.eq(PlanStatus::Drawn.as_str()))
        .all(conn)
        .await?
    {
        let (Some(date), Some(result)) = (p.draw_date, p.result) else {
            continue;
        };
        let outcome: DrawOutcome =
            serde_json::from_value(result).map_err(|e| bad("draw result", e))?;
        for s in outcome.selections {
            let e = last_drawn.entry(s.target_id).or_insert(date);
            if *e < date {
                *e = date;
            }
        }
    }
    let targets: Vec<TargetSnapshot> = inspection_target::Entity::find()
        .filter(inspection_target::Column::AgencyId.eq(agency_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            let t = to_target(m)?;
            let last = match (t.last_inspected_on, last_drawn.get(&t.id).copied()) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            Ok(TargetSnapshot {
                id: t.id,
                name: t.name,
                credit_code: t.credit_code,
                tier: t.tier,
                last_inspected_on: last,
            })
        })
        .collect::<Result<_, StoreError>>()?;

    let officer_ids: Vec<Uuid> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq("officer"))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut users: HashMap<Uuid, user::Model> = HashMap::new();
    for chunk in officer_ids.chunks(500) {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.to_vec()))
            .filter(user::Column::AgencyId.eq(agency_id))
            .filter(user::Column::Active.eq(true))
            .all(conn)
            .await?
        {
            users.insert(u.id, u);
        }
    }
    let mut periods: BTreeMap<Uuid, Vec<ValidPeriod>> = BTreeMap::new();
    for c in certificate::Entity::find()
        .filter(certificate::Column::AgencyId.eq(agency_id))
        .filter(certificate::Column::Status.eq("valid"))
        .all(conn)
        .await?
    {
        let covers = matches!(&c.categories, Json::Array(a) if a.iter().any(|v| v.as_str() == Some(category)));
        if covers && users.contains_key(&c.user_id) {
            periods.entry(c.user_id).or_default().push(ValidPeriod {
                from: c.valid_from,
                until: c.valid_until,
            });
        }
    }
    let names = officer_names_in(conn, periods.keys().copied().collect()).await?;
    let inspectors: Vec<InspectorSnapshot> = periods
        .into_iter()
        .map(|(id, valid_periods)| InspectorSnapshot {
            id,
            name: names
                .get(&id)
                .cloned()
                .or_else(|| users.get(&id).map(|u| u.display_name.clone()))
                .unwrap_or_default(),
            valid_periods,
        })
        .collect();
    let conflicts: Vec<ConflictPair> = inspection_conflict::Entity::find()
        .filter(inspection_conflict::Column::AgencyId.eq(agency_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| ConflictPair {
            inspector_id: c.officer_id,
            target_id: c.target_id,
        })
        .collect();
    Ok(Snapshot::new(targets, inspectors, conflicts))
}

/// Profile names of officers (inside a transaction).
async fn officer_names_in<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    use crate::entity::officer_profile;
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        for p in officer_profile::Entity::find()
            .filter(officer_profile::Column::UserId.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            out.insert(p.user_id, p.name);
        }
    }
    Ok(out)
}

/// Pool sizes and quotas per tier if the plan were drawn on `date` with the pools as they are
/// now, and how many inspectors would be eligible.
pub async fn preview_plan(
    db: &Db,
    agency_id: Uuid,
    category: &str,
    rules: &DrawRules,
    date: NaiveDate,
) -> Result<(Vec<TierSummary>, u32, u32), StoreError> {
    let snap = build_snapshot(&db.conn(), agency_id, category).await?;
    let eligible = snap
        .inspectors
        .iter()
        .filter(|i| i.eligible_on(date))
        .count();
    Ok((
        preview(date, &snap, rules),
        u32::try_from(eligible).unwrap_or(u32::MAX),
        u32::try_from(snap.conflicts.len()).unwrap_or(u32::MAX),
    ))
}

/// Writes a draw event: the append-only row, its tamper-evident log entry and (for a public
/// plan) the change-feed entry.
#[expect(clippy::too_many_arguments)]
async fn publish_event<C: ConnectionTrait>(
    conn: &C,
    plan: &inspection_plan::Model,
    event: &str,
    mut body: Value,
    version: i32,
    reason: Option<String>,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if let Value::Object(m) = &mut body {
        m.insert("type".into(), json!(ENTRY_TYPE_DRAW));
        m.insert("v".into(), json!(1));
        m.insert("event".into(), json!(event));
        m.insert("plan_id".into(), json!(plan.id.to_string()));
        m.insert("agency_id".into(), json!(plan.agency_id.to_string()));
        m.insert("at".into(), json!(ts(now)));
    }
    let bytes = canonical_json(&body).map_err(|e| bad("draw event", e))?;
    let leaf = leaf_hash(&bytes);
    let canonical = String::from_utf8(bytes).map_err(|e| bad("draw event canonical JSON", e))?;
    inspection_draw_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        plan_id: Set(plan.id),
        agency_id: Set(plan.agency_id),
        kind: Set(event.to_owned()),
        body: Set(canonical.clone()),
        created_by: Set(by),
        created_at: Set(now),
    }
    .insert(conn)
    .await
    .map_err(|e| StoreError::unique(e, "draw_event"))?;
    let entry_id = Uuid::new_v4();
    log_entry::ActiveModel {
        id: Set(entry_id),
        agency_id: Set(plan.agency_id),
        case_id: Set(None),
        record_id: Set(None),
        kind: Set(KIND_DRAW.to_owned()),
        canonical: Set(canonical),
        leaf_hash: Set(hex(&leaf)),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    log_pending::ActiveModel {
        entry_id: Set(entry_id),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    if version > 0 {
        append_change_in(
            conn,
            NewChange {
                agency_id: plan.agency_id,
                resource_type: RESOURCE_TYPE,
                resource_id: plan.id,
                version,
                change: if version == 1 {
                    ChangeKind::Publish
                } else {
                    ChangeKind::Correct
                },
                resource_url: public_url(plan.id),
                body: Some(body),
                reason,
            },
            now,
        )
        .await?;
    }
    Ok(())
}

/// Updates the plan row only if it is still in `from` (another request may have moved it).
async fn guarded_update<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    from: PlanStatus,
    am: inspection_plan::ActiveModel,
) -> Result<(), StoreError> {
    let res = inspection_plan::Entity::update_many()
        .set(am)
        .col_expr(
            inspection_plan::Column::Version,
            Expr::col(inspection_plan::Column::Version).add(1),
        )
        .filter(inspection_plan::Column::Id.eq(id))
        .filter(inspection_plan::Column::Status.eq(from.as_str()))
        .exec(conn)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(StoreError::Concurrent)
    }
}

fn status_of(m: &inspection_plan::Model) -> Result<PlanStatus, StoreError> {
    PlanStatus::parse(&m.status).ok_or_else(|| bad("plan status", &m.status))
}

fn plan_json(m: &inspection_plan::Model) -> Value {
    json!({
        "name": m.name,
        "item_id": m.item_id.to_string(),
        "item_version": m.item_version,
        "item_name": m.item_name,
        "category": m.category,
        "period_start": m.period_start.to_string(),
        "period_end": m.period_end.to_string(),
        "rules": m.rules,
    })
}

/// Fixes and publishes a draft: takes the pools' snapshot, keeps `seed` secret and publishes
/// its commitment with the snapshot hash.
#[tracing::instrument(skip_all, fields(plan_id = %id))]
pub async fn fix_plan(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    seed: [u8; 32],
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredPlan, PlanError> {
    let tx = db.begin_write().await?;
    let m = load(&tx, agency_id, id).await?;
    status_of(&m)?.after(PlanAction::Fix)?;
    let snap = build_snapshot(&tx, agency_id, &m.category).await?;
    let hash = snapshot_hash(&snap)?;
    let snap_value = serde_json::to_value(&snap).map_err(|e| bad("snapshot", e))?;
    let snap_text = String::from_utf8(canonical_json(&snap_value).map_err(|e| bad("snapshot", e))?)
        .map_err(|e| bad("snapshot", e))?;
    let commit = commitment(&seed);
    guarded_update(
        &tx,
        id,
        PlanStatus::Draft,
        inspection_plan::ActiveModel {
            status: Set(PlanStatus::Fixed.as_str().to_owned()),
            snapshot: Set(Some(snap_text)),
            snapshot_hash: Set(Some(hash.clone())),
            commitment: Set(Some(commit.clone())),
            seed: Set(Some(hex(&seed))),
            fixed_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        },
    )
    .await?;
    let body = json!({
        "algorithm": ALGORITHM,
        "plan": plan_json(&m),
        "snapshot_hash": hash,
        "commitment": commit,
        "targets": snap.targets.len(),
        "inspectors": snap.inspectors.len(),
    });
    publish_event(&tx, &m, "fixed", body, 1, None, by, now).await?;
    let out = load(&tx, agency_id, id).await?;
    tx.commit().await?;
    Ok(to_plan(out)?)
}

/// Draws a fixed plan with its committed seed on today's (Beijing) date and publishes the seed
/// and the result. A plan is drawn once: any later call is refused.
#[tracing::instrument(skip_all, fields(plan_id = %id))]
pub async fn draw_plan(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredPlan, PlanError> {
    let tx = db.begin_write().await?;
    let m = load(&tx, agency_id, id).await?;
    status_of(&m)?.after(PlanAction::Draw)?;
    let snap: Snapshot = serde_json::from_str(m.snapshot.as_deref().unwrap_or_default())
        .map_err(|e| bad("snapshot", e))?;
    let seed_hex = m.seed.clone().unwrap_or_default();
    let seed = parse_hex_seed(&seed_hex)?;
    let rules: DrawRules =
        serde_json::from_value(m.rules.clone()).map_err(|e| bad("plan rules", e))?;
    let date = china_date(now);
    let outcome = draw(&seed, date, &snap, &rules)?;
    let selections = serde_json::to_value(&outcome.selections).map_err(|e| bad("result", e))?;
    let result_hash = hex(&Sha256::digest(
        canonical_json(&selections).map_err(|e| bad("result", e))?,
    ));
    guarded_update(
        &tx,
        id,
        PlanStatus::Fixed,
        inspection_plan::ActiveModel {
            status: Set(PlanStatus::Drawn.as_str().to_owned()),
            draw_date: Set(Some(date)),
            result: Set(Some(
                serde_json::to_value(&outcome).map_err(|e| bad("result", e))?,
            )),
            drawn_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        },
    )
    .await?;
    let body = json!({
        "seed": seed_hex,
        "commitment": m.commitment,
        "draw_date": date.to_string(),
        "result_hash": result_hash,
        "drawn": outcome.selections.len(),
    });
    publish_event(&tx, &m, "drawn", body, 2, None, by, now).await?;
    let out = load(&tx, agency_id, id).await?;
    tx.commit().await?;
    Ok(to_plan(out)?)
}

/// Cancels a plan with a reason, which is published (with the seed, once it was committed).
#[tracing::instrument(skip_all, fields(plan_id = %id))]
pub async fn cancel_plan(
    db: &Db,
    agency_id: Uuid,
    id: Uuid,
    reason: String,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<StoredPlan, PlanError> {
    let tx = db.begin_write().await?;
    let m = load(&tx, agency_id, id).await?;
    let from = status_of(&m)?;
    from.after(PlanAction::Cancel)?;
    guarded_update(
        &tx,
        id,
        from,
        inspection_plan::ActiveModel {
            status: Set(PlanStatus::Cancelled.as_str().to_owned()),
            cancel_reason: Set(Some(reason.clone())),
            cancelled_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        },
    )
    .await?;
    // Version in the feed: fixed = 1, drawn = 2, then the cancellation; a draft was never public.
    let version = match from {
        PlanStatus::Draft => 0,
        PlanStatus::Fixed => 2,
        _ => 3,
    };
    let body = json!({
        "reason": reason,
        "seed": if from == PlanStatus::Draft { Value::Null } else { json!(m.seed) },
        "previous_status": from.as_str(),
    });
    publish_event(&tx, &m, "cancelled", body, version, Some(reason), by, now).await?;
    let out = load(&tx, agency_id, id).await?;
    tx.commit().await?;
    Ok(to_plan(out)?)
}

/// A published draw (fixed, drawn or cancelled after fixing), for anyone. Drafts are not found.
pub async fn public_draw(db: &Db, id: Uuid) -> Result<PublicDrawRow, StoreError> {
    let m = inspection_plan::Entity::find_by_id(id)
        .one(&db.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let Some(text) = m.snapshot.clone() else {
        return Err(StoreError::NotFound);
    };
    let snapshot: Snapshot = serde_json::from_str(&text).map_err(|e| bad("snapshot", e))?;
    let agency_name = crate::entity::agency::Entity::find_by_id(m.agency_id)
        .one(&db.conn())
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    Ok(PublicDrawRow {
        plan: to_plan(m)?,
        agency_name,
        snapshot,
    })
}
