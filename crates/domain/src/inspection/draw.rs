//! The draw: `sanxiang-draw-v1`, documented in the module above. Pure and deterministic.

use crate::tlog::{canonical_json, CanonicalError};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// The algorithm's name, published with every draw.
pub const ALGORITHM: &str = "sanxiang-draw-v1";
/// The domain-separation tag between the seed and the block counter.
pub const STREAM_TAG: &[u8] = b"sanxiang-draw";
/// Basis points in one whole (100 %).
const WHOLE_BP: u64 = 10_000;

/// A target as the draw sees it: public data only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct TargetSnapshot {
    pub id: Uuid,
    pub name: String,
    /// 统一社会信用代码 (null for a person without one; resident ids are never published).
    pub credit_code: Option<String>,
    /// Credit tier label (e.g. `A`).
    pub tier: String,
    /// The last inspection on file (imported, or an earlier draw of this agency).
    pub last_inspected_on: Option<NaiveDate>,
}

/// A period in which a certificate valid for the item's enforcement category holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ValidPeriod {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// An inspector as the draw sees it: id, name and when they may inspect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct InspectorSnapshot {
    pub id: Uuid,
    pub name: String,
    /// Validity periods of the certificates covering the item's category, sorted.
    pub valid_periods: Vec<ValidPeriod>,
}

impl InspectorSnapshot {
    /// Whether the inspector holds a valid certificate on `date` (行政处罚法 art. 42).
    pub fn eligible_on(&self, date: NaiveDate) -> bool {
        self.valid_periods
            .iter()
            .any(|p| p.from <= date && date <= p.until)
    }
}

/// A declared conflict of interest (回避): this inspector never inspects this target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct ConflictPair {
    pub inspector_id: Uuid,
    pub target_id: Uuid,
}

/// The pools fixed before the draw. [`Snapshot::new`] sorts them, so equal pools hash equally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Snapshot {
    /// Sorted by id.
    pub targets: Vec<TargetSnapshot>,
    /// Sorted by id.
    pub inspectors: Vec<InspectorSnapshot>,
    /// Sorted by (inspector, target); only pairs of ids in the snapshot.
    pub conflicts: Vec<ConflictPair>,
}

impl Snapshot {
    /// Sorts everything into canonical order and drops conflicts naming ids outside the pools.
    pub fn new(
        mut targets: Vec<TargetSnapshot>,
        mut inspectors: Vec<InspectorSnapshot>,
        conflicts: Vec<ConflictPair>,
    ) -> Self {
        targets.sort_by_key(|t| t.id);
        targets.dedup_by_key(|t| t.id);
        inspectors.sort_by_key(|i| i.id);
        inspectors.dedup_by_key(|i| i.id);
        for i in &mut inspectors {
            i.valid_periods.sort();
            i.valid_periods.dedup();
        }
        let tset: HashSet<Uuid> = targets.iter().map(|t| t.id).collect();
        let iset: HashSet<Uuid> = inspectors.iter().map(|i| i.id).collect();
        let mut conflicts: Vec<ConflictPair> = conflicts
            .into_iter()
            .filter(|c| tset.contains(&c.target_id) && iset.contains(&c.inspector_id))
            .collect();
        conflicts.sort();
        conflicts.dedup();
        Self {
            targets,
            inspectors,
            conflicts,
        }
    }

    /// Whether the pools are in canonical order (a published snapshot must be).
    pub fn is_canonical(&self) -> bool {
        self.targets.windows(2).all(|w| w[0].id < w[1].id)
            && self.inspectors.windows(2).all(|w| w[0].id < w[1].id)
            && self.conflicts.windows(2).all(|w| w[0] < w[1])
    }
}

/// How many targets and inspectors a plan draws. Absent members take their defaults (none,
/// empty, 0); `inspectors_per_target` defaults to 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct DrawRules {
    /// Ratio of every tier, in basis points (500 = 5 %), unless the tier has its own.
    pub ratio_bp: Option<u32>,
    /// Ratios per credit tier, in basis points (e.g. A 500, B 1000, C 2000, D 4000).
    pub tier_ratios_bp: BTreeMap<String, u32>,
    /// A fixed number of targets from the whole eligible pool (instead of ratios).
    pub count: Option<u32>,
    /// Skip targets inspected within this many years before the draw date (0: none skipped).
    pub exclude_inspected_within_years: u32,
    /// Inspectors per target; at least 2 (行政处罚法 art. 42, 55).
    pub inspectors_per_target: u32,
}

impl Default for DrawRules {
    fn default() -> Self {
        Self {
            ratio_bp: None,
            tier_ratios_bp: BTreeMap::new(),
            count: None,
            exclude_inspected_within_years: 0,
            inspectors_per_target: 2,
        }
    }
}

/// Why a plan or a draw was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    /// Fewer than two inspectors per target (行政处罚法 art. 42: at least two officers).
    #[error("每个检查对象至少须有 2 名执法检查人员 / at least 2 inspectors per target (行政处罚法 art. 42)")]
    TooFewInspectorsPerTarget,
    /// Both a count and ratios, or neither.
    #[error("须且只能指定抽取数量或抽取比例之一 / give either a count or ratios")]
    QuotaAmbiguous,
    /// A ratio above 100 %.
    #[error("抽取比例不能超过 100% / a ratio cannot exceed 100 % ({0} bp)")]
    RatioTooLarge(u32),
    /// A tier label that is not 1–16 characters of letters, digits, `-` or `_`.
    #[error("信用等级“{0}”无效 / invalid credit tier `{0}`")]
    InvalidTier(String),
    /// Not enough eligible, unconflicted inspectors for a target.
    #[error("检查对象 {target_id} 可选执法人员仅 {available} 名，不足 {required} 名 / only {available} eligible inspectors for target {target_id}, {required} required")]
    NotEnoughInspectors {
        target_id: Uuid,
        available: usize,
        required: usize,
    },
    /// The seed is not 32 bytes of hex.
    #[error("随机种子应为 64 位十六进制 / the seed must be 64 hex digits")]
    BadSeed,
    /// The snapshot is not in canonical order (a forged or mangled publication).
    #[error("名录快照未按规范排序 / the snapshot is not in canonical order")]
    SnapshotNotCanonical,
    /// The snapshot has no canonical JSON (cannot happen with valid data).
    #[error("名录快照无法规范化 / the snapshot cannot be canonicalized: {0}")]
    Canonical(String),
}

impl DrawError {
    /// Stable snake_case code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            DrawError::TooFewInspectorsPerTarget => "too_few_inspectors_per_target",
            DrawError::QuotaAmbiguous => "quota_ambiguous",
            DrawError::RatioTooLarge(_) => "ratio_too_large",
            DrawError::InvalidTier(_) => "invalid_tier",
            DrawError::NotEnoughInspectors { .. } => "not_enough_inspectors",
            DrawError::BadSeed => "bad_seed",
            DrawError::SnapshotNotCanonical => "snapshot_not_canonical",
            DrawError::Canonical(_) => "snapshot_not_canonical",
        }
    }
}

impl From<CanonicalError> for DrawError {
    fn from(e: CanonicalError) -> Self {
        DrawError::Canonical(e.0)
    }
}

impl DrawRules {
    /// Checks the rules on their own (before any pool is known).
    pub fn validate(&self) -> Result<(), DrawError> {
        if self.inspectors_per_target < 2 {
            return Err(DrawError::TooFewInspectorsPerTarget);
        }
        let has_ratio = self.ratio_bp.is_some() || !self.tier_ratios_bp.is_empty();
        if has_ratio == self.count.is_some() {
            return Err(DrawError::QuotaAmbiguous);
        }
        for bp in self.ratio_bp.iter().chain(self.tier_ratios_bp.values()) {
            if u64::from(*bp) > WHOLE_BP {
                return Err(DrawError::RatioTooLarge(*bp));
            }
        }
        for tier in self.tier_ratios_bp.keys() {
            super::target::parse_tier(tier).map_err(|_| DrawError::InvalidTier(tier.clone()))?;
        }
        Ok(())
    }

    /// The quota of a tier with `n` eligible targets: `ceil(n × bp / 10000)`.
    fn tier_quota(&self, tier: &str, n: usize) -> usize {
        let bp = self
            .tier_ratios_bp
            .get(tier)
            .copied()
            .or(self.ratio_bp)
            .unwrap_or(0);
        let n64 = n as u64;
        let k = (n64 * u64::from(bp)).div_ceil(WHOLE_BP);
        usize::try_from(k).unwrap_or(n).min(n)
    }
}

/// The deterministic random stream of step 1.
pub struct Stream {
    seed: Vec<u8>,
    counter: u64,
    block: [u8; 32],
    pos: usize,
}

impl Stream {
    /// A stream over `seed`.
    pub fn new(seed: &[u8]) -> Self {
        Self {
            seed: seed.to_vec(),
            counter: 0,
            block: [0; 32],
            pos: 32,
        }
    }

    /// Block `i` of the stream: `SHA-256(seed ‖ "sanxiang-draw" ‖ u64be(i))`.
    pub fn block(seed: &[u8], i: u64) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(seed);
        h.update(STREAM_TAG);
        h.update(i.to_be_bytes());
        h.finalize().into()
    }

    /// The next 8 bytes as a big-endian `u64`.
    pub fn next_u64(&mut self) -> u64 {
        if self.pos + 8 > self.block.len() {
            self.block = Self::block(&self.seed, self.counter);
            self.counter += 1;
            self.pos = 0;
        }
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.block[self.pos..self.pos + 8]);
        self.pos += 8;
        u64::from_be_bytes(b)
    }

    /// A uniform integer in `0..n` by rejection (step 2). `n` must be at least 1.
    pub fn below(&mut self, n: u64) -> u64 {
        let n = n.max(1);
        // 2^64 mod n, computed without 128-bit arithmetic.
        let rem = (u64::MAX % n + 1) % n;
        loop {
            let x = self.next_u64();
            if rem == 0 || x < 0u64.wrapping_sub(rem) {
                return x % n;
            }
        }
    }

    /// Partial Fisher–Yates: moves `k` uniformly drawn items to the front of `items`, in order.
    fn pick<T>(&mut self, items: &mut [T], k: usize) {
        let n = items.len();
        for i in 0..k.min(n) {
            let j = i + self.below((n - i) as u64) as usize;
            items.swap(i, j);
        }
    }
}

/// One drawn target and its inspectors, in drawing order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct DrawnTarget {
    pub target_id: Uuid,
    pub tier: String,
    pub inspector_ids: Vec<Uuid>,
}

/// Pool sizes and quota of one credit tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct TierSummary {
    pub tier: String,
    /// Targets of the tier in the pool.
    pub pool: u32,
    /// Of which eligible (not recently inspected).
    pub eligible: u32,
    /// How many the rules draw from it (with `count`: how many were drawn).
    pub quota: u32,
}

/// What a draw produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct DrawOutcome {
    pub selections: Vec<DrawnTarget>,
    pub tiers: Vec<TierSummary>,
    /// Inspectors holding a valid certificate on the draw date.
    pub eligible_inspectors: u32,
}

/// `date` minus `years` years; 29 February becomes 28 February.
pub fn years_before(date: NaiveDate, years: u32) -> NaiveDate {
    let y = date.year() - i32::try_from(years).unwrap_or(i32::MAX / 2);
    NaiveDate::from_ymd_opt(y, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, date.month(), 28))
        .unwrap_or(NaiveDate::MIN)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Groups the eligible targets (step 3) by tier with their quotas (step 4), without the seed:
/// this is also the preview of a plan.
fn groups<'a>(
    draw_date: NaiveDate,
    snapshot: &'a Snapshot,
    rules: &DrawRules,
) -> (Vec<TierSummary>, Vec<(Vec<&'a TargetSnapshot>, usize)>) {
    let cutoff = (rules.exclude_inspected_within_years > 0)
        .then(|| years_before(draw_date, rules.exclude_inspected_within_years));
    let eligible = |t: &TargetSnapshot| match (cutoff, t.last_inspected_on) {
        (Some(c), Some(last)) => last <= c,
        _ => true,
    };
    let mut by_tier: BTreeMap<&str, (u32, Vec<&TargetSnapshot>)> = BTreeMap::new();
    for t in &snapshot.targets {
        let e = by_tier.entry(t.tier.as_str()).or_default();
        e.0 += 1;
        if eligible(t) {
            e.1.push(t);
        }
    }
    let mut summaries = Vec::new();
    let mut groups = Vec::new();
    match rules.count {
        Some(count) => {
            let all: Vec<&TargetSnapshot> =
                snapshot.targets.iter().filter(|t| eligible(t)).collect();
            let k = (count as usize).min(all.len());
            for (tier, (pool, list)) in &by_tier {
                summaries.push(TierSummary {
                    tier: (*tier).to_owned(),
                    pool: *pool,
                    eligible: to_u32(list.len()),
                    quota: 0,
                });
            }
            groups.push((all, k));
        }
        None => {
            for (tier, (pool, list)) in by_tier {
                let k = rules.tier_quota(tier, list.len());
                summaries.push(TierSummary {
                    tier: tier.to_owned(),
                    pool,
                    eligible: to_u32(list.len()),
                    quota: to_u32(k),
                });
                groups.push((list, k));
            }
        }
    }
    (summaries, groups)
}

/// Pool sizes and quotas per tier for a plan, before any seed exists.
pub fn preview(draw_date: NaiveDate, snapshot: &Snapshot, rules: &DrawRules) -> Vec<TierSummary> {
    groups(draw_date, snapshot, rules).0
}

/// Runs `sanxiang-draw-v1` (see the module documentation).
pub fn draw(
    seed: &[u8],
    draw_date: NaiveDate,
    snapshot: &Snapshot,
    rules: &DrawRules,
) -> Result<DrawOutcome, DrawError> {
    rules.validate()?;
    if !snapshot.is_canonical() {
        return Err(DrawError::SnapshotNotCanonical);
    }
    let mut stream = Stream::new(seed);
    let (mut tiers, groups) = groups(draw_date, snapshot, rules);
    let mut drawn: Vec<&TargetSnapshot> = Vec::new();
    for (mut list, k) in groups {
        stream.pick(&mut list, k);
        drawn.extend(list.into_iter().take(k));
    }
    if rules.count.is_some() {
        for s in &mut tiers {
            s.quota = to_u32(drawn.iter().filter(|t| t.tier == s.tier).count());
        }
    }
    let inspectors: Vec<Uuid> = snapshot
        .inspectors
        .iter()
        .filter(|i| i.eligible_on(draw_date))
        .map(|i| i.id)
        .collect();
    let conflicts: HashSet<ConflictPair> = snapshot.conflicts.iter().copied().collect();
    let m = rules.inspectors_per_target as usize;
    let mut selections = Vec::with_capacity(drawn.len());
    for t in drawn {
        let mut candidates: Vec<Uuid> = inspectors
            .iter()
            .copied()
            .filter(|i| {
                !conflicts.contains(&ConflictPair {
                    inspector_id: *i,
                    target_id: t.id,
                })
            })
            .collect();
        if candidates.len() < m {
            return Err(DrawError::NotEnoughInspectors {
                target_id: t.id,
                available: candidates.len(),
                required: m,
            });
        }
        stream.pick(&mut candidates, m);
        candidates.truncate(m);
        selections.push(DrawnTarget {
            target_id: t.id,
            tier: t.tier.clone(),
            inspector_ids: candidates,
        });
    }
    Ok(DrawOutcome {
        selections,
        tiers,
        eligible_inspectors: to_u32(inspectors.len()),
    })
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Parses a 64-digit hex seed.
pub fn parse_hex_seed(s: &str) -> Result<[u8; 32], DrawError> {
    let s = s.trim();
    if s.len() != 64 || !s.is_ascii() {
        return Err(DrawError::BadSeed);
    }
    let mut out = [0u8; 32];
    for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
        let pair = std::str::from_utf8(chunk).map_err(|_| DrawError::BadSeed)?;
        out[i] = u8::from_str_radix(pair, 16).map_err(|_| DrawError::BadSeed)?;
    }
    Ok(out)
}

/// The commitment to a seed: SHA-256 of its bytes, hex.
pub fn commitment(seed: &[u8]) -> String {
    hex(&Sha256::digest(seed))
}

/// The snapshot hash: SHA-256 (hex) of the RFC 8785 canonical JSON of the snapshot.
pub fn snapshot_hash(snapshot: &Snapshot) -> Result<String, DrawError> {
    let value = serde_json::to_value(snapshot).map_err(|e| DrawError::Canonical(e.to_string()))?;
    Ok(hex(&Sha256::digest(canonical_json(&value)?)))
}
