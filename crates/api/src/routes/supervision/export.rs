use super::measures;
use super::Supervisor;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use sanxiang_api_types::supervision::{DashboardQuery, SupervisionDashboard};

type Problem = sanxiang_api_types::problem::Problem;

/// The dashboard as CSV (UTF-8 with BOM, as the credit export): one row per agency, measure and
/// item — `机关`, `机关标识`, `指标`, `分项`, `数值`.
#[utoipa::path(tag = "supervision", security(("bearer" = [])), params(DashboardQuery), responses(
    (status = 200, description = "The measures, one row each", content_type = "text/csv", body = String),
    (status = 400, description = "`invalid_query` (`from` after `to`)", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a supervisor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/supervision/dashboard.csv")]
#[tracing::instrument(skip_all, fields(user_id = %auth.user.id))]
pub async fn dashboard_csv(
    auth: Auth<Supervisor>,
    state: web::Data<AppState>,
    q: web::Query<DashboardQuery>,
) -> Result<HttpResponse, ApiError> {
    let d = measures::dashboard(&state, &auth, &q).await?;
    let body = crate::routes::exchange::csv_bytes(&table(&d))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"supervision-{}-{}.csv\"",
                d.from, d.to
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// The header row and one row per agency × measure × item.
fn table(d: &SupervisionDashboard) -> Vec<Vec<String>> {
    let mut out = vec![vec![
        "机关".to_owned(),
        "机关标识".into(),
        "指标".into(),
        "分项".into(),
        "数值".into(),
    ]];
    for a in &d.agencies {
        let mut row = |measure: &str, item: &str, value: String| {
            out.push(vec![
                a.agency_name.clone(),
                a.agency_id.to_string(),
                measure.to_owned(),
                item.to_owned(),
                value,
            ]);
        };
        row("cases", "total", a.cases.to_string());
        for (k, v) in &a.by_kind {
            row("cases_by_kind", k, v.to_string());
        }
        for (k, v) in &a.by_stage {
            row("cases_by_stage", k, v.to_string());
        }
        for o in &a.overdue {
            row("overdue", &o.rule, o.count.to_string());
        }
        row("major_decisions", "total", a.major_decisions.to_string());
        row(
            "major_decisions",
            "without_review",
            a.major_decisions_without_review.to_string(),
        );
        let p = &a.publication;
        row("publication", "published", p.published.to_string());
        row(
            "publication",
            "within_7_working_days",
            p.within_7_working_days.to_string(),
        );
        row(
            "publication",
            "within_20_working_days",
            p.within_20_working_days.to_string(),
        );
        row("publication", "unknown", p.unknown.to_string());
        row("publication", "not_published", p.not_published.to_string());
        let share = |s: Option<f64>| s.map(|s| format!("{s:.4}")).unwrap_or_default();
        row("publication", "share_within_7", share(p.share_within_7));
        row("publication", "share_within_20", share(p.share_within_20));
        row(
            "withdrawals",
            "required",
            a.withdrawals.required.to_string(),
        );
        row(
            "withdrawals",
            "withdrawn",
            a.withdrawals.withdrawn.to_string(),
        );
        for (k, t) in &a.stage_days {
            row("stage_average_days", k, format!("{:.2}", t.average_days));
        }
    }
    out
}
