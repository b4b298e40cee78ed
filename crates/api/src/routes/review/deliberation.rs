//! Collective deliberation (集体讨论, 行政处罚法 art. 57), recorded before the decision.

use super::view::{self, day_start};
use super::{DeliberationRecorder, ReviewReader};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{get, post, web};
use sanxiang_api_types::review::{
    DeliberationList, DeliberationOpinionView, DeliberationView, RecordDeliberation, UserRef,
};
use sanxiang_domain::case::{CaseAct, RecordKind};
use sanxiang_persistence::cases::{self, NewRecord};
use sanxiang_persistence::review::{
    self as store, NewDeliberation, StoredDeliberation, StoredOpinion,
};
use sanxiang_persistence::{accounts, StoreError};
use std::collections::HashMap;
use uuid::Uuid;

type Problem = sanxiang_api_types::problem::Problem;

fn to_view(d: &StoredDeliberation, names: &HashMap<Uuid, String>) -> DeliberationView {
    let r = |id: Uuid| UserRef {
        id,
        name: names.get(&id).cloned().unwrap_or_else(|| "—".into()),
    };
    DeliberationView {
        id: d.id,
        case_id: d.case_id,
        held_on: d.held_on,
        attendees: d.attendees.iter().map(|a| r(*a)).collect(),
        opinions: d
            .opinions
            .iter()
            .map(|o| DeliberationOpinionView {
                attendee: r(o.attendee_id),
                opinion: o.opinion.clone(),
            })
            .collect(),
        conclusion: d.conclusion.clone(),
        recorded_by: r(d.recorded_by),
        recorded_at: d.recorded_at,
    }
}

async fn names_of(
    state: &AppState,
    ds: &[StoredDeliberation],
) -> Result<HashMap<Uuid, String>, ApiError> {
    let mut ids: Vec<Uuid> = ds
        .iter()
        .flat_map(|d| d.attendees.iter().copied().chain([d.recorded_by]))
        .collect();
    ids.sort();
    ids.dedup();
    view::user_names(state, &ids).await
}

/// The case's deliberation records, oldest first.
#[utoipa::path(tag = "review", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses((status = 200, description = "Deliberations", body = DeliberationList)))]
#[get("/cases/{id}/deliberation")]
pub async fn list_deliberations(
    auth: Auth<ReviewReader>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<DeliberationList>, ApiError> {
    let case = cases::get_case(&state.db, &[auth.agency_id()], id.into_inner()).await?;
    let ds = store::deliberations(&state.db, case.id).await?;
    let names = names_of(&state, &ds).await?;
    Ok(web::Json(DeliberationList {
        items: ds.iter().map(|d| to_view(d, &names)).collect(),
    }))
}

/// Records a collective deliberation: attendees (users of the agency, at least 3), their
/// opinions and the conclusion. Written to the case file as a `deliberation_record`. Recorded by
/// the agency head or an officer assigned to the case (the duty table,
/// `sanxiang_domain::case::duty`; 行政处罚法 art. 57); anyone else is 403.
#[utoipa::path(tag = "review", security(("bearer" = [])), request_body = RecordDeliberation,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
    (status = 201, description = "Recorded", body = DeliberationView),
    (status = 403, description = "`forbidden`: neither the agency head nor an officer of the case", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`deliberation_incomplete`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown attendee", body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases/{id}/deliberation")]
pub async fn record_deliberation(
    auth: Auth<DeliberationRecorder>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Valid<RecordDeliberation>,
) -> Result<(web::Json<DeliberationView>, actix_web::http::StatusCode), ApiError> {
    let b = body.0;
    let agency_id = auth.agency_id();
    let case = cases::get_case(&state.db, &[agency_id], id.into_inner()).await?;
    crate::routes::cases::duty::require(&state, &auth, &case, CaseAct::RecordDeliberation).await?;
    let mut attendees = b.attendee_ids.clone();
    attendees.sort();
    attendees.dedup();
    for a in attendees
        .iter()
        .chain(b.opinions.iter().map(|o| &o.attendee_id))
    {
        match accounts::get_user(&state.db, *a).await {
            Ok(u) if u.agency_id == agency_id => {}
            Ok(_) | Err(StoreError::NotFound) => {
                return Err(ApiError::field(
                    "attendee_ids",
                    "must be users of your agency",
                ))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let min = view::settings(&state).min_deliberation_attendees;
    if attendees.len() < min || b.conclusion.trim().is_empty() {
        return Err(ApiError::review(
            &sanxiang_domain::review::ReviewViolation::DeliberationIncomplete { required: min },
        ));
    }
    let names = view::user_names(&state, &attendees).await?;
    let who: Vec<String> = attendees
        .iter()
        .map(|a| names.get(a).cloned().unwrap_or_default())
        .collect();
    let record = NewRecord {
        stage: case.state.stage,
        kind: RecordKind::Document,
        action: None,
        document_type: Some("deliberation_record".into()),
        activity: None,
        title: "重大案件集体讨论记录".into(),
        body: format!(
            "参加人员：{}\n讨论意见：{}\n结论：{}",
            who.join("、"),
            b.opinions
                .iter()
                .map(|o| format!(
                    "{}：{}",
                    names.get(&o.attendee_id).cloned().unwrap_or_default(),
                    o.opinion
                ))
                .collect::<Vec<_>>()
                .join("；"),
            b.conclusion
        ),
        officers_present: attendees.clone(),
        occurred_at: day_start(b.held_on),
        place: None,
        corrects: None,
        correction_reason: None,
        attachments: vec![],
        persons_named: vec![],
    };
    let d = store::insert_deliberation(
        &state.db,
        NewDeliberation {
            case_id: case.id,
            agency_id,
            held_on: b.held_on,
            attendees,
            opinions: b
                .opinions
                .iter()
                .map(|o| StoredOpinion {
                    attendee_id: o.attendee_id,
                    opinion: o.opinion.clone(),
                })
                .collect(),
            conclusion: b.conclusion.clone(),
            recorded_by: auth.user.id,
            record,
        },
        state.now(),
    )
    .await?;
    let names = names_of(&state, std::slice::from_ref(&d)).await?;
    Ok((
        web::Json(to_view(&d, &names)),
        actix_web::http::StatusCode::CREATED,
    ))
}
