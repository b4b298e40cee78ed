use crate::auth::{AnyUser, Auth};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::cases::{Completeness, CompletenessItem};
use sanxiang_persistence::cases;
use uuid::Uuid;

/// Scores the case file against the file standard (案卷标准) and names what is missing.
#[utoipa::path(tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path, description = "Case id")), responses(
    (status = 200, description = "The checklist", body = Completeness),
    (status = 404, description = "No such case in your agencies", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{id}/completeness")]
pub async fn completeness(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Completeness>, ApiError> {
    let c = cases::get_case(&state.db, &auth.user.readable_agencies(), id.into_inner()).await?;
    crate::routes::log::note_auditor_read(
        &state,
        &auth,
        "case.completeness",
        c.id.to_string(),
        Some(c.agency_id),
    )
    .await?;
    let on_file = cases::document_types(&state.db, c.id).await?;
    let score = state.config.file_standard.score(&c.state, &on_file);
    let missing = score
        .items
        .iter()
        .filter(|i| !i.present)
        .map(|i| i.label.clone())
        .collect();
    Ok(web::Json(Completeness {
        case_id: c.id,
        score: score.percent,
        complete: score.complete,
        items: score
            .items
            .into_iter()
            .map(|i| CompletenessItem {
                stage: i.stage,
                document_type: i.document_type,
                label: i.label,
                present: i.present,
            })
            .collect(),
        missing,
    }))
}
