//! Typed calls of the random-inspection endpoints (双随机、一公开) and of the public draw.

use super::{decode, send_url, ApiError, Session, PUBLIC_API_BASE};
use gloo_net::http::Method;
use sanxiang_api_types::inspections::{
    CancelPlan, Conflict, ConflictList, CreateConflict, CreatePlan, ImportReport, Plan, PlanList,
    PlanPreview, PlanProgress, PublicDraw, Target, TargetBody, TargetPage, TasksCreated,
};
use uuid::Uuid;

/// `GET /api/public/v1/draws/{id}`: a published draw, with everything needed to recompute it.
pub async fn public_draw(id: Uuid) -> Result<PublicDraw, ApiError> {
    let resp = send_url(
        Method::GET,
        &format!("{PUBLIC_API_BASE}/draws/{id}"),
        None,
        None,
    )
    .await?;
    decode(resp).await
}

fn enc(s: &str) -> String {
    js_sys::encode_uri_component(s)
        .as_string()
        .unwrap_or_default()
}

impl Session {
    /// `GET /inspections/targets`.
    pub async fn inspection_targets(
        self,
        tier: Option<String>,
        q: Option<String>,
        after: Option<Uuid>,
    ) -> Result<TargetPage, ApiError> {
        let mut params = vec!["limit=50".to_owned()];
        if let Some(t) = tier.filter(|t| !t.is_empty()) {
            params.push(format!("tier={}", enc(&t)));
        }
        if let Some(q) = q.filter(|q| !q.trim().is_empty()) {
            params.push(format!("q={}", enc(q.trim())));
        }
        if let Some(a) = after {
            params.push(format!("after={a}"));
        }
        self.get(&format!("/inspections/targets?{}", params.join("&")))
            .await
    }

    /// `POST /inspections/targets`.
    pub async fn create_inspection_target(self, body: &TargetBody) -> Result<Target, ApiError> {
        self.post("/inspections/targets", body).await
    }

    /// `POST /inspections/targets/import` with the CSV text.
    pub async fn import_inspection_targets(self, csv: String) -> Result<ImportReport, ApiError> {
        let resp = self
            .authed(Method::POST, "/inspections/targets/import", Some(csv))
            .await?;
        decode(resp).await
    }

    /// `GET /inspections/conflicts`.
    pub async fn inspection_conflicts(self) -> Result<ConflictList, ApiError> {
        self.get("/inspections/conflicts").await
    }

    /// `POST /inspections/conflicts`.
    pub async fn declare_conflict(self, body: &CreateConflict) -> Result<Conflict, ApiError> {
        self.post("/inspections/conflicts", body).await
    }

    /// `GET /inspections/preview`.
    pub async fn inspection_preview(
        self,
        category: &str,
        tier_ratios: &str,
        count: Option<u32>,
        years: u32,
    ) -> Result<PlanPreview, ApiError> {
        let count = count.map(|n| format!("&count={n}")).unwrap_or_default();
        self.get(&format!(
            "/inspections/preview?category={}&tier_ratios={}{count}&exclude_inspected_within_years={years}",
            enc(category),
            enc(tier_ratios)
        ))
        .await
    }

    /// `GET /inspections/plans`.
    pub async fn inspection_plans(self) -> Result<PlanList, ApiError> {
        self.get("/inspections/plans").await
    }

    /// `POST /inspections/plans`.
    pub async fn create_inspection_plan(self, body: &CreatePlan) -> Result<Plan, ApiError> {
        self.post("/inspections/plans", body).await
    }

    /// `GET /inspections/plans/{id}`.
    pub async fn inspection_plan(self, id: Uuid) -> Result<Plan, ApiError> {
        self.get(&format!("/inspections/plans/{id}")).await
    }

    /// `POST /inspections/plans/{id}/{step}` for `fix` and `draw`.
    pub async fn inspection_plan_step(self, id: Uuid, step: &str) -> Result<Plan, ApiError> {
        self.post(
            &format!("/inspections/plans/{id}/{step}"),
            &serde_json::json!({}),
        )
        .await
    }

    /// `POST /inspections/plans/{id}/cancel`.
    pub async fn cancel_inspection_plan(self, id: Uuid, reason: String) -> Result<Plan, ApiError> {
        self.post(
            &format!("/inspections/plans/{id}/cancel"),
            &CancelPlan { reason },
        )
        .await
    }

    /// `POST /inspections/plans/{id}/tasks`.
    pub async fn create_inspection_tasks(self, id: Uuid) -> Result<TasksCreated, ApiError> {
        self.post(
            &format!("/inspections/plans/{id}/tasks"),
            &serde_json::json!({}),
        )
        .await
    }

    /// `GET /inspections/plans/{id}/progress`.
    pub async fn inspection_progress(self, id: Uuid) -> Result<PlanProgress, ApiError> {
        self.get(&format!("/inspections/plans/{id}/progress")).await
    }
}
