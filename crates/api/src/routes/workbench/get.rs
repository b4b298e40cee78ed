use super::sections::{self, Ctx};
use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::workbench::Workbench;
use sanxiang_domain::account::Role;

/// What waits for the caller today, per role, in the caller's agency: an officer's open cases
/// with the next lawful actions and the most urgent deadline (overdue first, with the article),
/// a legal reviewer's reviews, a disclosure editor's and approver's disclosures with their due
/// dates, plans waiting for their draw, enforcement certificates about to expire, and the
/// agency's overdue figures for approvers. Sections of roles the caller lacks are `null`.
#[utoipa::path(tag = "workbench", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's workbench", body = Workbench),
    (status = 401, description = "Not signed in", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/workbench")]
#[tracing::instrument(skip_all)]
pub async fn get_workbench(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
) -> Result<web::Json<Workbench>, ApiError> {
    let has = |roles: &[Role]| roles.iter().any(|r| auth.user.has_role(*r));
    let ctx = Ctx::load(&state).await?;
    let cases = match has(&[Role::Officer]) {
        true => Some(sections::cases(&state, &auth, &ctx).await?),
        false => None,
    };
    let reviews = match has(&[Role::LegalReviewer]) {
        true => Some(sections::reviews(&state, &auth).await?),
        false => None,
    };
    let disclosures = match has(&[Role::DisclosureEditor, Role::Approver]) {
        true => Some(sections::disclosures(&state, &auth).await?),
        false => None,
    };
    let draws = match has(&[Role::Officer, Role::Approver, Role::Admin]) {
        true => Some(sections::draws(&state, &auth, &ctx).await?),
        false => None,
    };
    let certificates = match has(&[
        Role::Officer,
        Role::LegalReviewer,
        Role::Approver,
        Role::Admin,
    ]) {
        true => Some(sections::certificates(&state, &auth, &ctx).await?),
        false => None,
    };
    let agency_overdue = match has(&[Role::Approver]) {
        true => Some(sections::agency_overdue(&state, &auth, &ctx).await?),
        false => None,
    };
    Ok(web::Json(Workbench {
        today: ctx.today,
        cases,
        reviews,
        disclosures,
        draws,
        certificates,
        agency_overdue,
    }))
}
