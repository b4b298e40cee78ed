//! `/inspections/…`: random inspections (双随机、一公开) — the target pool and its CSV
//! import, conflicts of interest, plans, the verifiable draw, tasks and their progress. The
//! public draw is under `/api/public/v1/draws/{id}` (routes::public).

mod cancel;
mod create_conflict;
mod create_plan;
mod create_target;
mod create_tasks;
mod draw;
mod fix;
mod get_plan;
mod import;
mod list_conflicts;
mod list_plans;
mod list_targets;
mod preview;
mod progress;
mod update_target;

use crate::auth::guard::Policy;
use crate::error::ApiError;
use sanxiang_api_types::inspections::{Plan, Target, TargetBody};
use sanxiang_domain::account::Role;
use sanxiang_domain::inspection::{
    NewTarget, PlanStatus, PlanViolation, TargetInput, TargetKind, TargetRejection,
};
use sanxiang_persistence::inspections::{self, PlanError, StoredPlan, StoredTarget};
use std::collections::BTreeMap;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_targets::list_targets)
        .service(create_target::create_target)
        .service(import::import_targets)
        .service(update_target::update_target)
        .service(list_conflicts::list_conflicts)
        .service(create_conflict::create_conflict)
        .service(preview::preview)
        .service(list_plans::list_plans)
        .service(create_plan::create_plan)
        .service(get_plan::get_plan)
        .service(fix::fix_plan)
        .service(draw::draw_plan)
        .service(cancel::cancel_plan)
        .service(create_tasks::create_tasks)
        .service(progress::progress);
}

/// Who manages pools and plans and draws: officers, approvers (the agency head signs the plan)
/// and admins.
pub struct InspectionManager;
impl Policy for InspectionManager {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Approver, Role::Admin];
}

/// Who reads pools, plans and progress: managers and auditors.
pub struct InspectionReader;
impl Policy for InspectionReader {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Approver, Role::Admin, Role::Auditor];
}

pub(crate) fn target_dto(t: StoredTarget) -> Target {
    Target {
        id: t.id,
        name: t.name,
        credit_code: t.credit_code,
        kind: t.kind,
        tier: t.tier,
        address: t.address,
        tags: t.tags,
        last_inspected_on: t.last_inspected_on,
        created_at: t.created_at,
        updated_at: t.updated_at,
    }
}

fn kind_str(k: TargetKind) -> &'static str {
    match k {
        TargetKind::Organisation => "organisation",
        TargetKind::Person => "person",
    }
}

/// Checks a typed target with the same rules as an imported row; problems become field errors.
pub(crate) fn parse_target(b: TargetBody) -> Result<NewTarget, ApiError> {
    let input = TargetInput {
        name: b.name,
        credit_code: b.credit_code.unwrap_or_default(),
        kind: kind_str(b.kind).to_owned(),
        tier: b.tier,
        address: b.address.unwrap_or_default(),
        tags: b.tags.join(";"),
        last_inspected_on: b
            .last_inspected_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
    };
    NewTarget::parse(&input).map_err(|errs: Vec<TargetRejection>| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in errs {
            m.entry(e.field).or_default().push(e.message);
        }
        ApiError::validation(m)
    })
}

pub(crate) fn plan_dto(p: StoredPlan) -> Plan {
    let public = p.status != PlanStatus::Draft && p.commitment.is_some();
    Plan {
        public_url: public.then(|| inspections::public_url(p.id)),
        status_label: p.status.label_zh().to_owned(),
        id: p.id,
        name: p.name,
        item_id: p.item_id,
        item_version: p.item_version,
        item_name: p.item_name,
        category: p.category,
        period_start: p.period_start,
        period_end: p.period_end,
        rules: p.rules,
        status: p.status,
        snapshot_hash: p.snapshot_hash,
        commitment: p.commitment,
        seed: p.seed,
        draw_date: p.draw_date,
        result: p.result,
        cancel_reason: p.cancel_reason,
        fixed_at: p.fixed_at,
        drawn_at: p.drawn_at,
        cancelled_at: p.cancelled_at,
        version: p.version,
        created_at: p.created_at,
    }
}

pub(crate) fn plan_violation(v: &PlanViolation) -> ApiError {
    ApiError::plan(v)
}

/// Maps a plan command's failure: state refusals 409, draw rules 422, a concurrent change 409.
pub(crate) fn plan_error(e: PlanError) -> ApiError {
    match e {
        PlanError::Plan(v) => plan_violation(&v),
        PlanError::Draw(d) => ApiError::draw(&d),
        PlanError::Store(sanxiang_persistence::StoreError::Concurrent) => {
            ApiError::version_conflict(
                "计划已被他人更新，请刷新 / the plan changed meanwhile; reload it",
            )
        }
        PlanError::Store(s) => s.into(),
    }
}
