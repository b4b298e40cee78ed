//! Random inspections (双随机、一公开): targets and inspectors are both drawn at
//! random from pools, at least two inspectors per target, declared conflicts of interest
//! (回避) excluded, and the draw is published so that anyone can recompute it.
//!
//! # The draw algorithm `sanxiang-draw-v1` (stable: changing it breaks every published draw)
//!
//! Inputs, all published: the 32-byte `seed` (hex; its SHA-256, the *commitment*, is published
//! before the draw), the `draw_date`, the `rules` of the plan and the pool `snapshot`
//! (targets, inspectors, conflicts). The *snapshot hash* is the SHA-256 (hex) of the RFC 8785
//! canonical JSON of the snapshot object, published with the commitment.
//!
//! 1. **Random stream.** Block `i` (i = 0, 1, 2, …) is `SHA-256(seed ‖ "sanxiang-draw" ‖ u64be(i))`;
//!    the blocks are read in order, 8 bytes at a time, each 8 bytes a big-endian `u64`.
//! 2. **Unbiased integers.** `below(n)` (n ≥ 1): let `limit = 2^64 − (2^64 mod n)`; read `u64`s
//!    until one `x < limit`, return `x mod n` (rejection sampling, no modulo bias).
//! 3. **Eligible targets.** Targets sorted by id (lowercase hyphenated UUID, byte order). A
//!    target whose `last_inspected_on` is after `draw_date` minus `exclude_inspected_within_years`
//!    years (29 February becomes 28 February) is excluded (e.g. "no repeat within 3 years");
//!    with 0 years nobody is excluded.
//! 4. **Targets.** With `count`: one group of every eligible target, quota `min(count, n)`.
//!    Otherwise one group per credit tier in byte order of the tier label, quota
//!    `ceil(n × bp / 10000)` where `bp` is the tier's ratio in basis points from
//!    `tier_ratios_bp`, else `ratio_bp`, else 0 ("≥ 5 %" rounds up). In each group, in order, a
//!    partial Fisher–Yates shuffle: for `i` in `0..k`: `j = i + below(n − i)`, swap items `i` and
//!    `j`; the first `k` items are drawn, in that order.
//! 5. **Inspectors.** Eligible inspectors: sorted by id, with a valid period containing
//!    `draw_date` (the snapshot holds only certificates valid for the item's enforcement
//!    category). For each drawn target in draw order: the candidates are the eligible inspectors
//!    without a declared conflict with it (in id order); a partial Fisher–Yates shuffle of a
//!    fresh copy picks `inspectors_per_target` (≥ 2, 行政处罚法 art. 42, 55) of them. Fewer
//!    candidates than that fails the whole draw.
//!
//! The same stream serves steps 4 and 5, in that order.

mod draw;
mod plan;
mod target;
mod verify;

pub use draw::{
    commitment, draw, hex, parse_hex_seed, preview, snapshot_hash, years_before, ConflictPair,
    DrawError, DrawOutcome, DrawRules, DrawnTarget, InspectorSnapshot, Snapshot, Stream,
    TargetSnapshot, TierSummary, ValidPeriod, ALGORITHM, STREAM_TAG,
};
pub use plan::{cancel_reason, PlanAction, PlanStatus, PlanViolation};
pub use target::{parse_tier, NewTarget, TargetInput, TargetKind, TargetRejection};
pub use verify::{verify_published, Published, VerifyReport};

#[cfg(test)]
mod tests;
