use super::view;
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::cases::{DeadlineEntry, DeadlineList, DeadlineQuery, DeadlineState};
use sanxiang_domain::case::case_deadlines;
use sanxiang_persistence::cases;

/// Deadlines across the caller's agency: every open one, or those with `status`
/// (e.g. `?status=overdue`), most urgent first.
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(DeadlineQuery), responses(
    (status = 200, description = "Deadlines", body = DeadlineList),
))]
#[get("/deadlines")]
pub async fn deadlines(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    q: web::Query<DeadlineQuery>,
) -> Result<web::Json<DeadlineList>, ApiError> {
    let cal = view::calendar(&state).await?;
    let settings = view::settings(&state);
    let today = view::today();
    let mut items = Vec::new();
    for c in cases::all_cases(&state.db, auth.agency_id(), None, None).await? {
        if c.state.archived_at.is_some() {
            continue;
        }
        for d in case_deadlines(&c.state, &settings, &cal) {
            let info = view::deadline_info(&d, today, &settings);
            let keep = match q.status {
                Some(s) => info.status == s,
                None => info.status != DeadlineState::Met,
            };
            if keep {
                items.push(DeadlineEntry {
                    case_id: c.id,
                    case_number: c.case_number.clone(),
                    title: c.title.clone(),
                    deadline: info,
                });
            }
        }
    }
    items.sort_by_key(|e| (e.deadline.due.is_none(), e.deadline.due));
    Ok(web::Json(DeadlineList { items }))
}
