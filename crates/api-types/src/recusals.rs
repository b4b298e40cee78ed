//! Recusal (回避, 行政处罚法 art. 43): an officer of a case withdraws, of their own motion or on
//! the party's request, as the agency head decides.

use chrono::NaiveDate;
use sanxiang_domain::case::{RecusalGround, RecusalSource};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A recusal and its decision. An officer of the case declares their own conflict
/// (`source: officer`, which withdraws them); the party's request (`source: party`) is decided by
/// the agency head (`approver`), who may grant or refuse it. A withdrawn officer leaves the case
/// and can never be assigned to it again.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"expected_version": 3, "officer_id": "0b7f3c1e-8a4d-4e4b-9a59-5f8a2c6d1e01", "source": "party", "ground": "close_relative", "reason": "当事人称该执法人员系其法定代表人之兄", "raised_on": "2026-12-01", "decided_on": "2026-12-02", "granted": true, "replacement_officer_id": null}))]
pub struct RecordRecusal {
    /// The `version` the caller saw; a different current version is 409 `version_conflict`.
    pub expected_version: i32,
    /// The officer concerned: one of the case's officers.
    pub officer_id: Uuid,
    /// Who raised it.
    pub source: RecusalSource,
    /// The ground.
    pub ground: RecusalGround,
    /// The facts and reasons, in words.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// Day raised.
    pub raised_on: NaiveDate,
    /// Day decided.
    pub decided_on: NaiveDate,
    /// Whether the officer withdraws (always `true` for `source: officer`).
    pub granted: bool,
    /// An officer of the agency assigned in the withdrawn one's place (needed when nobody else
    /// would be left on the case).
    #[serde(default)]
    pub replacement_officer_id: Option<Uuid>,
}
