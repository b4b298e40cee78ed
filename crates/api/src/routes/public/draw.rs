use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::inspections::{PublicDraw, PublicPlan};
use sanxiang_domain::inspection::ALGORITHM;
use sanxiang_persistence::inspections;
use uuid::Uuid;

/// A random-inspection draw as published (双随机、一公开): the plan, the pools' snapshot (public
/// data only), its hash, the seed commitment, and after the draw the seed and the result —
/// enough for anyone to recompute it (`sanxiang verify-draw`). Drafts are not found.
#[utoipa::path(tag = "inspections", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The draw", body = PublicDraw),
    (status = 404, description = "No published draw", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[get("/draws/{id}")]
pub async fn draw(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<PublicDraw>, ApiError> {
    let d = inspections::public_draw(&state.db, id.into_inner()).await?;
    let p = d.plan;
    Ok(web::Json(PublicDraw {
        algorithm: ALGORITHM.to_owned(),
        id: p.id,
        agency_id: p.agency_id,
        agency_name: d.agency_name,
        status: p.status,
        plan: PublicPlan {
            name: p.name,
            item_id: p.item_id,
            item_version: p.item_version,
            item_name: p.item_name,
            category: p.category,
            period_start: p.period_start,
            period_end: p.period_end,
            rules: p.rules,
        },
        snapshot_hash: p.snapshot_hash.unwrap_or_default(),
        commitment: p.commitment.unwrap_or_default(),
        fixed_at: p.fixed_at,
        snapshot: d.snapshot,
        seed: p.seed,
        draw_date: p.draw_date,
        drawn_at: p.drawn_at,
        result: p.result,
        cancel_reason: p.cancel_reason,
        cancelled_at: p.cancelled_at,
    }))
}
