use super::{managed_user_agency, officer_dto};
use crate::auth::{Admin, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{put, web};
use sanxiang_api_types::officers::{Officer, UpsertOfficer};
use sanxiang_persistence::officers::{self, ProfileInput};
use uuid::Uuid;

/// Sets the officer profile of a user the admin manages (name, post, unit, legal qualification).
#[utoipa::path(tag = "officers", security(("bearer" = [])), request_body = UpsertOfficer,
    params(("user_id" = Uuid, Path, description = "User id")),
    responses(
    (status = 200, description = "The officer", body = Officer),
    (status = 403, description = "Not an admin", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such user in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid body", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[put("/officers/{user_id}")]
#[tracing::instrument(skip_all, fields(user_id, officer_id = %user_id))]
pub async fn upsert_officer(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    user_id: web::Path<Uuid>,
    body: Valid<UpsertOfficer>,
) -> Result<web::Json<Officer>, ApiError> {
    let user_id = user_id.into_inner();
    let agency_id = managed_user_agency(&auth, &state.db, user_id).await?;
    let b = body.0;
    let input = ProfileInput {
        name: b.name.trim().to_owned(),
        post: b.post.trim().to_owned(),
        unit: b.unit.trim().to_owned(),
        legal_qualification: b.legal_qualification,
        review_experience_since: b.review_experience_since,
    };
    let o = officers::upsert_profile(&state.db, agency_id, user_id, input, state.now()).await?;
    state.names.forget();
    Ok(web::Json(officer_dto(o, state.today())))
}
