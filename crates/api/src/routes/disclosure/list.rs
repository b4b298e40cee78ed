//! The disclosure queue and one disclosure.

use super::view::{detail, status_of, summary, DueCtx};
use super::DisclosureReader;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::disclosure::{DisclosureDetail, DisclosureList, DisclosureQuery};
use sanxiang_domain::account::Role;
use sanxiang_persistence::cases;
use sanxiang_persistence::disclosure::decisions;
use std::collections::HashMap;
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

/// The agency's disclosures, most urgent first: drafts due soon or overdue, awaiting review,
/// published, withheld, withdrawn, expired (filter with `status`).
#[utoipa::path(tag = "disclosure", security(("bearer" = [])), params(DisclosureQuery), responses(
    (status = 200, description = "The queue", body = DisclosureList),
))]
#[get("/disclosures")]
pub async fn list(
    auth: Auth<DisclosureReader>,
    state: web::Data<AppState>,
    q: web::Query<DisclosureQuery>,
) -> Result<web::Json<DisclosureList>, ApiError> {
    let agency = auth.agency_id();
    let statuses: Vec<_> = q.status.map(status_of).into_iter().collect();
    let mut items = decisions::queue(&state.db, agency, &statuses, 2000).await?;
    if let Some(c) = q.case_id {
        items.retain(|d| d.case_id == c);
    }
    let mut numbers: HashMap<Uuid, String> = HashMap::new();
    for d in &items {
        if let std::collections::hash_map::Entry::Vacant(e) = numbers.entry(d.case_id) {
            let c = cases::get_case(&state.db, &[agency], d.case_id).await?;
            e.insert(c.case_number);
        }
    }
    let due = DueCtx::load(&state).await?;
    Ok(web::Json(DisclosureList {
        items: items
            .iter()
            .map(|d| {
                summary(
                    d,
                    numbers.get(&d.case_id).cloned().unwrap_or_default(),
                    &due,
                )
            })
            .collect(),
    }))
}

/// One disclosure: the source from the case beside the masked preview, which rules masked
/// what, the history and the published versions.
#[utoipa::path(tag = "disclosure", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Disclosure id")),
    responses(
    (status = 200, description = "The disclosure", body = DisclosureDetail),
    (status = 404, description = "No such disclosure in your agency", body = Problem, content_type = "application/problem+json"),
))]
#[get("/disclosures/{id}")]
pub async fn get_one(
    auth: Auth<DisclosureReader>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<DisclosureDetail>, ApiError> {
    let d = decisions::get(&state.db, auth.agency_id(), id.into_inner()).await?;
    let editor = [Role::DisclosureEditor, Role::Approver, Role::Admin]
        .iter()
        .any(|r| auth.user.has_role(*r));
    Ok(web::Json(detail(&state, d, auth.user.id, editor).await?))
}
