use super::view;
use crate::auth::{AnyUser, Auth};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{get, web};
use chrono::{DateTime, NaiveDate, Utc};
use sanxiang_api_types::cases::{CaseList, CaseQuery};
use sanxiang_persistence::cases::{self, CaseFilter};
use uuid::Uuid;

/// Start of a China calendar day, in UTC.
pub(crate) fn day_start(d: NaiveDate) -> Option<DateTime<Utc>> {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(8))
}

/// Lists cases of the caller's agencies (auditors: the granted ones too), newest first, with
/// keyset pagination.
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(CaseQuery), responses(
    (status = 200, description = "A page of cases", body = CaseList),
    (status = 400, description = "Bad filter or cursor (`invalid_query`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/cases")]
pub async fn list_cases(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<CaseQuery>,
) -> Result<web::Json<CaseList>, ApiError> {
    let q = q.into_inner();
    let target = serde_json::to_string(&q).unwrap_or_default();
    crate::routes::log::note_auditor_read(&state, &auth, "case.list", target, None).await?;
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "limit must be between 1 and 200",
        ));
    }
    let after = match q.cursor.as_deref() {
        Some(c) => Some(
            cases::decode_cursor(c)
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidQuery, "bad cursor"))?,
        ),
        None => None,
    };
    let today = state.today();
    let filter = CaseFilter {
        kind: q.kind,
        stage: q.stage,
        officer: q.officer,
        party: q.party,
        from: q.from.and_then(day_start),
        to: q.to.and_then(|d| d.succ_opt()).and_then(day_start),
        overdue: q.overdue,
        today: Some(today),
        outcome: q.outcome,
        after,
    };
    let (items, next) = cases::list_cases(
        &state.db,
        &auth.user.readable_agencies(),
        &filter,
        u64::from(limit),
    )
    .await?;
    let ids: Vec<Uuid> = items.iter().map(|c| c.handling_officer_id).collect();
    let names = view::names(&state, &ids).await?;
    Ok(web::Json(CaseList {
        items: items
            .iter()
            .map(|c| view::summary(c, &names, today))
            .collect(),
        next_cursor: next,
    }))
}
