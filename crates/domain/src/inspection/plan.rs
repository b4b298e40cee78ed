//! The life of a random-inspection plan: `draft → fixed → drawn`, and `cancelled` (with a
//! reason) from any state but `cancelled`. Fixing publishes the pools' snapshot hash and the
//! seed commitment; drawing publishes the seed and the result, once: a draw is never rerun.

use serde::{Deserialize, Serialize};

/// Where a plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Being prepared; nothing is public.
    Draft,
    /// Plan, snapshot hash and seed commitment published; waiting for the draw.
    Fixed,
    /// Seed and result published. Final: never redrawn, never altered.
    Drawn,
    /// Cancelled with a published reason.
    Cancelled,
}

/// What is asked of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanAction {
    Fix,
    Draw,
    Cancel,
    CreateTasks,
}

/// Why a plan action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanViolation {
    /// Drawing twice (双随机 results are final once drawn).
    #[error("该计划已抽取，抽取结果不能重新生成或更改 / the plan was already drawn; a draw is never rerun")]
    AlreadyDrawn,
    /// The plan was cancelled.
    #[error("该计划已取消 / the plan is cancelled")]
    Cancelled,
    /// Drawing before the plan, the snapshot hash and the commitment were published.
    #[error("须先固定并公布计划、名录快照摘要和随机种子承诺 / fix and publish the plan first")]
    NotFixed,
    /// Fixing twice.
    #[error("该计划已固定 / the plan is already fixed")]
    AlreadyFixed,
    /// Tasks before the draw.
    #[error("尚未抽取 / not drawn yet")]
    NotDrawn,
    /// Cancelling without a reason (the cancellation is published with it).
    #[error("取消须说明理由 / a cancellation needs a reason")]
    ReasonRequired,
}

impl PlanViolation {
    /// Stable snake_case code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            PlanViolation::AlreadyDrawn => "draw_already_made",
            PlanViolation::Cancelled => "plan_cancelled",
            PlanViolation::NotFixed => "plan_not_fixed",
            PlanViolation::AlreadyFixed => "plan_already_fixed",
            PlanViolation::NotDrawn => "plan_not_drawn",
            PlanViolation::ReasonRequired => "reason_required",
        }
    }
}

impl PlanStatus {
    /// The status after `action`, or why it is refused.
    pub fn after(self, action: PlanAction) -> Result<PlanStatus, PlanViolation> {
        use PlanAction as A;
        use PlanStatus as S;
        match (self, action) {
            (S::Cancelled, _) => Err(PlanViolation::Cancelled),
            (S::Draft, A::Fix) => Ok(S::Fixed),
            (_, A::Fix) => Err(PlanViolation::AlreadyFixed),
            (S::Fixed, A::Draw) => Ok(S::Drawn),
            (S::Drawn, A::Draw) => Err(PlanViolation::AlreadyDrawn),
            (S::Draft, A::Draw) => Err(PlanViolation::NotFixed),
            (_, A::Cancel) => Ok(S::Cancelled),
            (S::Drawn, A::CreateTasks) => Ok(S::Drawn),
            (_, A::CreateTasks) => Err(PlanViolation::NotDrawn),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Fixed => "fixed",
            PlanStatus::Drawn => "drawn",
            PlanStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "draft" => PlanStatus::Draft,
            "fixed" => PlanStatus::Fixed,
            "drawn" => PlanStatus::Drawn,
            "cancelled" => PlanStatus::Cancelled,
            _ => return None,
        })
    }

    /// The Chinese label shown in the app.
    pub fn label_zh(self) -> &'static str {
        match self {
            PlanStatus::Draft => "草稿",
            PlanStatus::Fixed => "已固定待抽取",
            PlanStatus::Drawn => "已抽取",
            PlanStatus::Cancelled => "已取消",
        }
    }
}

/// A cancellation reason, trimmed; empty is refused.
pub fn cancel_reason(s: &str) -> Result<String, PlanViolation> {
    let r = s.trim();
    if r.is_empty() {
        Err(PlanViolation::ReasonRequired)
    } else {
        Ok(r.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draw_is_made_once() {
        // 双随机: the result is final once drawn; cancelling is the only way out, with a reason.
        use PlanAction as A;
        use PlanStatus as S;
        assert_eq!(S::Draft.after(A::Fix), Ok(S::Fixed));
        assert_eq!(S::Draft.after(A::Draw), Err(PlanViolation::NotFixed));
        assert_eq!(S::Fixed.after(A::Draw), Ok(S::Drawn));
        assert_eq!(S::Drawn.after(A::Draw), Err(PlanViolation::AlreadyDrawn));
        assert_eq!(S::Drawn.after(A::Fix), Err(PlanViolation::AlreadyFixed));
        assert_eq!(S::Drawn.after(A::Cancel), Ok(S::Cancelled));
        assert_eq!(S::Cancelled.after(A::Draw), Err(PlanViolation::Cancelled));
        assert_eq!(S::Cancelled.after(A::Cancel), Err(PlanViolation::Cancelled));
        assert_eq!(S::Fixed.after(A::CreateTasks), Err(PlanViolation::NotDrawn));
        assert_eq!(cancel_reason("  "), Err(PlanViolation::ReasonRequired));
        assert_eq!(cancel_reason(" 名录有误 ").unwrap(), "名录有误");
    }
}
