//! `GET /exchange/credit/push/deliveries`: the agency's pushes to the provincial credit platform.

use super::CreditExporter;
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{get, web};
use sanxiang_api_types::credit_push::{
    PushAction, PushDelivery, PushDeliveryList, PushDeliveryQuery, PushStatus,
};
use sanxiang_domain::disclosure::credit::TemplateKind;
use sanxiang_persistence::credit_push::{self as store, PushStatus as S};

type Problem = sanxiang_api_types::problem::Problem;

/// The agency's pushes to the provincial credit platform (`[credit.push]`), newest feed entry
/// first: action, status, attempts (replays included), the platform's last HTTP status and
/// error. The documents themselves are not listed: they carry identity numbers.
#[utoipa::path(tag = "exchange", security(("bearer" = [])), params(PushDeliveryQuery), responses(
    (status = 200, description = "Pushes", body = PushDeliveryList),
    (status = 400, description = "`invalid_query` (unknown `status`, `limit` out of range)", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a disclosure editor or admin", body = Problem, content_type = "application/problem+json"),
))]
#[get("/exchange/credit/push/deliveries")]
#[tracing::instrument(skip_all, fields(agency_id = %auth.agency_id()))]
pub async fn list_push_deliveries(
    auth: Auth<CreditExporter>,
    state: web::Data<AppState>,
    q: web::Query<PushDeliveryQuery>,
) -> Result<web::Json<PushDeliveryList>, ApiError> {
    let q = q.into_inner();
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "`limit` must be between 1 and 200.",
        ));
    }
    let status = q.status.map(|s| match s {
        PushStatus::Pending => S::Pending,
        PushStatus::Delivered => S::Delivered,
        PushStatus::Failed => S::Failed,
    });
    let rows =
        store::list_deliveries(&state.db, auth.agency_id(), status, q.before, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    let items: Vec<PushDelivery> = rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(200))
        .map(dto)
        .collect();
    let next = if more {
        items.last().map(|d| d.seq)
    } else {
        None
    };
    Ok(web::Json(PushDeliveryList { items, next }))
}

pub(super) fn dto(d: store::PushDelivery) -> PushDelivery {
    PushDelivery {
        id: d.id,
        seq: d.seq,
        action: match d.action.as_str() {
            "correct" => PushAction::Correct,
            "withdraw" => PushAction::Withdraw,
            _ => PushAction::Publish,
        },
        template: if d.template == "licence" {
            TemplateKind::Licence
        } else {
            TemplateKind::Penalty
        },
        resource_id: d.resource_id,
        version: d.version,
        idempotency_key: d.idempotency_key,
        status: match d.status {
            S::Pending => PushStatus::Pending,
            S::Delivered => PushStatus::Delivered,
            S::Failed => PushStatus::Failed,
        },
        attempts: d.attempts,
        next_attempt_at: d.next_attempt_at,
        last_status_code: d.last_status_code,
        last_error: d.last_error,
        created_at: d.created_at,
        updated_at: d.updated_at,
        delivered_at: d.delivered_at,
    }
}
