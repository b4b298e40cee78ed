//! Random inspections (双随机、一公开): target pool, conflicts of interest, plans, draws, tasks,
//! and the public draw that anyone can recompute.

use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_domain::inspection::{
    DrawOutcome, DrawRules, PlanStatus, Snapshot, TargetKind, TargetRejection, TierSummary,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Adds or replaces a target. The credit code is checked by its check character
/// (GB 32100-2015) and required for an organisation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "某某代理记账有限公司", "credit_code": "91350100M000100Y43", "kind": "organisation", "tier": "A", "address": "桓仁县", "tags": ["代理记账"]}))]
pub struct TargetBody {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[serde(default)]
    pub credit_code: Option<String>,
    pub kind: TargetKind,
    /// Credit tier label: 1–16 letters, digits, `-` or `_`.
    #[validate(length(min = 1, max = 16))]
    #[schema(min_length = 1, max_length = 16)]
    pub tier: String,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub address: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub tags: Vec<String>,
    /// The last inspection on file before this system.
    #[serde(default)]
    pub last_inspected_on: Option<NaiveDate>,
}

/// A target of the pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Target {
    pub id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    pub kind: TargetKind,
    pub tier: String,
    pub address: String,
    pub tags: Vec<String>,
    pub last_inspected_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of the target list (keyset pagination by id).
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TargetQuery {
    pub tier: Option<String>,
    /// Part of the name or the credit code.
    pub q: Option<String>,
    /// The `next_after` of the previous page.
    pub after: Option<Uuid>,
    /// 1–1000, default 100.
    #[serde(default, deserialize_with = "crate::query::limit::<_, 1, 1000>")]
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u64>,
}

/// A page of targets, with the pool's size per tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TargetPage {
    pub items: Vec<Target>,
    /// Pass as `after` for the next page; null on the last page.
    pub next_after: Option<Uuid>,
    pub tiers: Vec<TierCount>,
}

/// Targets of one credit tier in the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TierCount {
    pub tier: String,
    pub count: i64,
}

/// A CSV row that was not imported, and every reason why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RejectedRow {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    pub name: String,
    pub credit_code: String,
    pub reasons: Vec<TargetRejection>,
}

/// The report of a CSV import: the valid rows are imported together, the others listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    /// Data rows read (without the header).
    pub rows: u64,
    pub imported: u64,
    pub rejected: Vec<RejectedRow>,
}

/// Declares a conflict of interest (回避) between an officer and a target.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateConflict {
    pub officer_id: Uuid,
    pub target_id: Uuid,
    /// E.g. 近亲属任职.
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// A declared conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Conflict {
    pub id: Uuid,
    pub officer_id: Uuid,
    pub officer_name: String,
    pub target_id: Uuid,
    pub target_name: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// The agency's declared conflicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ConflictList {
    pub items: Vec<Conflict>,
}

/// Creates a draft plan for an item of the published random-inspection list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "2026年代理记账机构双随机抽查", "item_id": "6f1c…", "period_start": "2026-12-01", "period_end": "2026-12-31", "rules": {"tier_ratios_bp": {"A": 500, "B": 1000, "C": 2000, "D": 4000}, "exclude_inspected_within_years": 3, "inspectors_per_target": 2}}))]
pub struct CreatePlan {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// The `inspection_item` register entry (its version in force now is bound to the plan).
    pub item_id: Uuid,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub rules: DrawRules,
}

/// Preview of a plan: what the pools give today.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PreviewQuery {
    /// The enforcement category inspectors' certificates must cover (e.g. 财政).
    pub category: String,
    /// Ratio of every tier in basis points (500 = 5 %).
    pub ratio_bp: Option<u32>,
    /// Per-tier ratios as `A:500,B:1000`.
    pub tier_ratios: Option<String>,
    pub count: Option<u32>,
    pub exclude_inspected_within_years: Option<u32>,
}

/// Pool sizes per tier and the number of eligible inspectors if drawn today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlanPreview {
    pub date: NaiveDate,
    pub tiers: Vec<TierSummary>,
    pub eligible_inspectors: u32,
    pub conflicts: u32,
}

/// Cancels a plan; the reason is published.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CancelPlan {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// A plan as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Plan {
    pub id: Uuid,
    pub name: String,
    pub item_id: Uuid,
    pub item_version: i32,
    pub item_name: String,
    pub category: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub rules: DrawRules,
    pub status: PlanStatus,
    pub status_label: String,
    pub snapshot_hash: Option<String>,
    /// SHA-256 (hex) of the seed, published when the plan is fixed.
    pub commitment: Option<String>,
    /// The seed (hex), published by the draw (or a cancellation after fixing).
    pub seed: Option<String>,
    pub draw_date: Option<NaiveDate>,
    pub result: Option<DrawOutcome>,
    pub cancel_reason: Option<String>,
    pub fixed_at: Option<DateTime<Utc>>,
    pub drawn_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// Where the public can check the draw (null for a draft).
    pub public_url: Option<String>,
}

/// The agency's plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlanList {
    pub items: Vec<Plan>,
}

/// Result of making the tasks of a drawn plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TasksCreated {
    /// Cases opened now.
    pub created: u32,
    /// Targets that already had their case.
    pub existing: u32,
}

/// One drawn target's task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TaskProgress {
    pub target_id: Uuid,
    pub target_name: String,
    pub tier: String,
    pub inspector_ids: Vec<Uuid>,
    pub inspector_names: Vec<String>,
    pub case_id: Option<Uuid>,
    pub case_number: Option<String>,
    /// The case's stage (null before the task's case is opened).
    pub stage: Option<String>,
    pub outcome: Option<String>,
}

/// Tasks of one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StageCount {
    /// A case stage, or `not_started` when no case is open yet.
    pub stage: String,
    pub count: u32,
}

/// Progress of a drawn plan's tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlanProgress {
    pub plan_id: Uuid,
    pub total: u32,
    pub by_stage: Vec<StageCount>,
    pub tasks: Vec<TaskProgress>,
}

/// The plan as published (what the draw depends on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicPlan {
    pub name: String,
    pub item_id: Uuid,
    pub item_version: i32,
    pub item_name: String,
    pub category: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub rules: DrawRules,
}

/// A published draw: enough to recompute it (`sanxiang verify-draw`, `tests/draw/verify_draw.py`
/// or the public page of the app). Check that SHA-256 of the seed is the commitment, that the
/// canonical JSON of `snapshot` hashes to `snapshot_hash`, then rerun `algorithm` with the seed,
/// `draw_date`, `plan.rules` and `snapshot`: it yields `result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicDraw {
    /// `sanxiang-draw-v1`.
    pub algorithm: String,
    pub id: Uuid,
    pub agency_id: Uuid,
    pub agency_name: String,
    pub status: PlanStatus,
    pub plan: PublicPlan,
    pub snapshot_hash: String,
    pub commitment: String,
    pub fixed_at: Option<DateTime<Utc>>,
    /// Public data only: targets (id, name, credit code, tier, last inspection), inspectors (id,
    /// name, certificate validity), declared conflicts.
    pub snapshot: Snapshot,
    pub seed: Option<String>,
    pub draw_date: Option<NaiveDate>,
    pub drawn_at: Option<DateTime<Utc>>,
    pub result: Option<DrawOutcome>,
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
}
