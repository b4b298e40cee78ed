//! Rechecking a published draw from its public data alone (`sanxiang verify-draw`, the public
//! page of the app): the seed matches the commitment published before the draw, the snapshot
//! matches its published hash, and rerunning the algorithm gives the published result.

use super::draw::{
    commitment, draw, parse_hex_seed, snapshot_hash, DrawOutcome, DrawRules, Snapshot,
};
use chrono::NaiveDate;

/// What a check found. `Ok(())` from [`VerifyReport::ok`] means all three held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// SHA-256 of the seed equals the commitment (None: no seed published yet).
    pub commitment_ok: Option<bool>,
    /// The snapshot's canonical hash equals the published hash.
    pub snapshot_hash_ok: bool,
    /// The recomputed selections equal the published ones (None: nothing drawn yet).
    pub result_ok: Option<bool>,
    /// The first difference, in words (Chinese / English).
    pub first_difference: Option<String>,
    /// The recomputed outcome.
    pub recomputed: Option<DrawOutcome>,
}

impl VerifyReport {
    /// Whether every check that applies held.
    pub fn ok(&self) -> bool {
        self.commitment_ok != Some(false) && self.snapshot_hash_ok && self.result_ok != Some(false)
    }
}

/// The published parts of a draw.
pub struct Published<'a> {
    pub commitment: &'a str,
    pub snapshot_hash: &'a str,
    pub snapshot: &'a Snapshot,
    pub rules: &'a DrawRules,
    pub seed: Option<&'a str>,
    pub draw_date: Option<NaiveDate>,
    pub result: Option<&'a DrawOutcome>,
}

/// Rechecks a published draw.
pub fn verify_published(p: &Published<'_>) -> VerifyReport {
    let mut first: Option<String> = None;
    let mut note = |s: String| {
        if first.is_none() {
            first = Some(s);
        }
    };
    let snapshot_hash_ok = match snapshot_hash(p.snapshot) {
        Ok(h) if h == p.snapshot_hash.trim().to_ascii_lowercase() => true,
        Ok(h) => {
            note(format!(
                "名录快照摘要不符：计算得 {h}，公布为 {} / snapshot hash mismatch",
                p.snapshot_hash
            ));
            false
        }
        Err(e) => {
            note(e.to_string());
            false
        }
    };
    let mut commitment_ok = None;
    let mut result_ok = None;
    let mut recomputed = None;
    if let Some(seed_hex) = p.seed {
        match parse_hex_seed(seed_hex) {
            Ok(seed) => {
                let c = commitment(&seed);
                let ok = c == p.commitment.trim().to_ascii_lowercase();
                if !ok {
                    note(format!(
                        "随机种子与事先公布的承诺不符：SHA-256(种子) = {c}，承诺为 {} / the seed does not match the commitment",
                        p.commitment
                    ));
                }
                commitment_ok = Some(ok);
                if let (Some(date), Some(published)) = (p.draw_date, p.result) {
                    match draw(&seed, date, p.snapshot, p.rules) {
                        Ok(out) => {
                            let ok = out.selections == published.selections;
                            if !ok {
                                let i = out
                                    .selections
                                    .iter()
                                    .zip(&published.selections)
                                    .position(|(a, b)| a != b)
                                    .unwrap_or_else(|| {
                                        out.selections.len().min(published.selections.len())
                                    });
                                note(format!(
                                    "抽取结果第 {} 条与重算结果不符 / selection {} differs from the recomputation",
                                    i + 1,
                                    i + 1
                                ));
                            }
                            result_ok = Some(ok);
                            recomputed = Some(out);
                        }
                        Err(e) => {
                            note(format!("重算失败 / recomputation failed: {e}"));
                            result_ok = Some(false);
                        }
                    }
                }
            }
            Err(e) => {
                note(e.to_string());
                commitment_ok = Some(false);
            }
        }
    }
    VerifyReport {
        commitment_ok,
        snapshot_hash_ok,
        result_ok,
        first_difference: first,
        recomputed,
    }
}
