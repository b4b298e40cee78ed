//! Random inspections (双随机、一公开): the target pool, declared conflicts of interest,
//! plans and their draws, and the inspection tasks (cases) made from a draw.
//!
//! A plan moves `draft → fixed → drawn`, or to `cancelled` (with a reason) from any of them
//! before `drawn` or after. Each publication (`fixed`, `drawn`, `cancelled`) is, in the same
//! transaction as the status change: a row of the append-only `inspection_draw_events` (unique
//! per plan and kind, so a second draw cannot be written), an entry of the tamper-evident log
//! (type `inspection_draw`, see [`plans`]), and a change in the public change feed
//! (`inspection_draw`).

mod conflicts;
mod plans;
mod targets;
mod tasks;

pub use conflicts::{declare_conflict, list_conflicts, StoredConflict};
pub use plans::{
    cancel_plan, create_plan, draw_plan, fix_plan, get_plan, list_plans, preview_plan, public_draw,
    public_url, NewPlan, PlanError, PublicDrawRow, StoredPlan, ENTRY_TYPE_DRAW, KIND_DRAW,
};
pub use targets::{
    create_target, existing_codes, get_target, import_targets, list_targets, tier_counts,
    update_target, StoredTarget, TargetFilter,
};
pub use tasks::{open_tasks, plan_tasks, PlanTask};
