//! `POST /exchange/credit/push/replay`: send pushes to the provincial credit platform again.

use super::CreditExporter;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::credit_push::{PushReplay, PushReplayed};
use sanxiang_persistence::credit_push::{self as store, Replay};

type Problem = sanxiang_api_types::problem::Problem;

/// Sends again one of the agency's pushes (`delivery_id`) or all of them from a feed position
/// on (`from_seq`), e.g. after the platform lost data: they become pending, due now, and go out
/// in feed order with their original idempotency keys. Earlier attempts stay in the log; the
/// new ones are added to it.
#[utoipa::path(tag = "exchange", security(("bearer" = [])), request_body = PushReplay, responses(
    (status = 200, description = "Queued again", body = PushReplayed),
    (status = 422, description = "`validation_failed` (neither or both of `delivery_id` and `from_seq`, a negative `from_seq`)", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a disclosure editor or admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such delivery (or another agency's)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/exchange/credit/push/replay")]
#[tracing::instrument(skip_all, fields(agency_id = %auth.agency_id()))]
pub async fn replay_push(
    auth: Auth<CreditExporter>,
    state: web::Data<AppState>,
    Valid(body): Valid<PushReplay>,
) -> Result<web::Json<PushReplayed>, ApiError> {
    let what = match body {
        PushReplay::Delivery(d) => Replay::Delivery(d.delivery_id),
        PushReplay::FromSeq(f) if f.from_seq >= 0 => Replay::FromSeq(f.from_seq),
        PushReplay::FromSeq(_) => {
            return Err(ApiError::field("from_seq", "must not be negative"));
        }
    };
    let queued = store::replay(&state.db, auth.agency_id(), what, state.now()).await?;
    tracing::info!(queued, "credit pushes replayed");
    Ok(web::Json(PushReplayed { queued }))
}
