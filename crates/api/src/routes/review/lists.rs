//! The reviewer's queue, the review deadlines and the oversight figures.

use super::view;
use super::ReviewReader;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::review::{
    ReviewDeadlineList, ReviewList, ReviewQueueQuery, ReviewStats, ReviewSummary,
};
use sanxiang_domain::account::Role;
use sanxiang_domain::review::{Opinion, ReviewStatus};
use sanxiang_persistence::review as store;
use sanxiang_persistence::{accounts, cases};
use std::collections::HashMap;
use uuid::Uuid;

pub(crate) async fn summaries(
    state: &AppState,
    agency_id: Uuid,
) -> Result<Vec<ReviewSummary>, ApiError> {
    let reviews = store::list_reviews(&state.db, agency_id).await?;
    let cal = case_view::calendar(state).await?;
    let today = state.today();
    let all = cases::all_cases(&state.db, agency_id, None, None).await?;
    let by_id: HashMap<Uuid, _> = all.into_iter().map(|c| (c.id, c)).collect();
    let mut ids: Vec<Uuid> = Vec::new();
    for r in &reviews {
        ids.extend(r.review.reviewer.map(|x| x.0));
        if let Some(c) = by_id.get(&r.review.case_id) {
            ids.push(c.handling_officer_id);
        }
    }
    ids.sort();
    ids.dedup();
    let names = view::user_names(state, &ids).await?;
    let settings = view::settings(state);
    Ok(reviews
        .iter()
        .filter_map(|r| {
            by_id
                .get(&r.review.case_id)
                .map(|c| view::summary(c, r, &names, &settings, &cal, today))
        })
        .collect())
}

/// The review queue of the agency: new (`requested`), in review, `resubmitted`, overdue…
#[utoipa::path(tag = "review", security(("bearer" = [])), params(ReviewQueueQuery), responses(
    (status = 200, description = "Reviews", body = ReviewList),
))]
#[get("/review/queue")]
pub async fn queue(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
    q: web::Query<ReviewQueueQuery>,
) -> Result<web::Json<ReviewList>, ApiError> {
    let items = summaries(&state, auth.agency_id())
        .await?
        .into_iter()
        .filter(|s| q.status.is_none_or(|st| s.status == st))
        .filter(|s| {
            q.reviewer
                .is_none_or(|r| s.reviewer.as_ref().is_some_and(|x| x.id == r))
        })
        .filter(|s| q.overdue.is_none_or(|o| s.overdue == o))
        .collect();
    Ok(web::Json(ReviewList { items }))
}

/// Running reviews with their due dates, overdue first (the review deadlines; the case deadlines
/// list does not include them yet).
#[utoipa::path(operation_id = "review_deadlines", tag = "review", security(("bearer" = [])), responses(
    (status = 200, description = "Review deadlines", body = ReviewDeadlineList),
))]
#[get("/review/deadlines")]
pub async fn deadlines(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
) -> Result<web::Json<ReviewDeadlineList>, ApiError> {
    let mut items: Vec<ReviewSummary> = summaries(&state, auth.agency_id())
        .await?
        .into_iter()
        .filter(|s| matches!(s.status, ReviewStatus::Assigned | ReviewStatus::Resubmitted))
        .collect();
    items.sort_by_key(|s| (!s.overdue, s.due_on));
    Ok(web::Json(ReviewDeadlineList { items }))
}

/// Oversight figures: reviews requested, approved first time, returned, average and longest
/// duration (days from request to approval), overdue; legal reviewers per enforcement officer
/// against the minimum (5 %).
#[utoipa::path(operation_id = "review_stats", tag = "review", security(("bearer" = [])), responses(
    (status = 200, description = "Figures", body = ReviewStats),
))]
#[get("/stats/review")]
pub async fn stats(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
) -> Result<web::Json<ReviewStats>, ApiError> {
    let agency_id = auth.agency_id();
    let reviews = store::list_reviews(&state.db, agency_id).await?;
    let cal = case_view::calendar(&state).await?;
    let today = state.today();
    let mut s = ReviewStats {
        agency_id,
        requested: reviews.len() as u64,
        approved_first_time: 0,
        returned: 0,
        approved: 0,
        average_days: None,
        longest_days: None,
        overdue: 0,
        legal_reviewers: 0,
        enforcement_officers: 0,
        reviewer_ratio: 0.0,
        minimum_ratio: view::minimum_reviewer_ratio(&state),
        below_minimum: false,
    };
    let settings = view::settings(&state);
    let mut durations = Vec::new();
    for r in &reviews {
        let rv = &r.review;
        if rv
            .rounds
            .iter()
            .any(|x| matches!(x.opinion, Some(Opinion::ProblemsFound { .. })))
        {
            s.returned += 1;
        }
        if rv.status == ReviewStatus::Approved {
            s.approved += 1;
            if rv.rounds.len() == 1 {
                s.approved_first_time += 1;
            }
            if let (Some(first), Some(done)) = (
                rv.rounds.first().map(|x| x.submission.submitted_on),
                rv.current().and_then(|x| x.answered_on),
            ) {
                durations.push((done - first).num_days());
            }
        }
        if view::deadline_view(rv, &settings, &cal, today)
            .is_some_and(|d| d.status == sanxiang_api_types::cases::DeadlineState::Overdue)
        {
            s.overdue += 1;
        }
    }
    if !durations.is_empty() {
        let total: i64 = durations.iter().sum();
        s.average_days = Some(total as f64 / durations.len() as f64);
        s.longest_days = durations.iter().max().copied();
    }
    for u in accounts::list_users(&state.db, Some(agency_id)).await? {
        if !u.active {
            continue;
        }
        if u.has_role(Role::LegalReviewer) {
            s.legal_reviewers += 1;
        }
        if u.has_role(Role::Officer) {
            s.enforcement_officers += 1;
        }
    }
    if s.enforcement_officers > 0 {
        s.reviewer_ratio = s.legal_reviewers as f64 / s.enforcement_officers as f64;
    }
    s.below_minimum = s.reviewer_ratio < s.minimum_ratio;
    Ok(web::Json(s))
}
