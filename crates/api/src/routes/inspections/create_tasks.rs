use super::{plan_violation, InspectionManager};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{post, web};
use sanxiang_api_types::inspections::TasksCreated;
use sanxiang_domain::case::{CaseFlags, CaseKind, CaseState, Procedure, RecordKind};
use sanxiang_domain::inspection::{PlanAction, TargetKind};
use sanxiang_domain::party::{Party, PartyId, PartyKind};
use sanxiang_persistence::cases::{NewCase, NewRecord};
use sanxiang_persistence::inspections;
use uuid::Uuid;

/// Opens one `inspection` case per drawn target, assigned to the drawn inspectors (the first
/// handles it), with its gates (two certified officers, on-site record: 行政处罚法 art. 42, 55).
/// Idempotent: targets that already have their case are skipped. All cases of one call are opened
/// in one transaction (a concurrent call that linked a target first makes this one 409 with
/// nothing written).
#[utoipa::path(tag = "inspections", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, description = "Tasks opened", body = TasksCreated),
    (status = 404, description = "No such plan in the agency", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not drawn (`plan_not_drawn`, `plan_cancelled`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[post("/inspections/plans/{id}/tasks")]
pub async fn create_tasks(
    auth: Auth<InspectionManager>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<TasksCreated>, ApiError> {
    let agency_id = auth.agency_id();
    let plan = inspections::get_plan(&state.db, agency_id, id.into_inner()).await?;
    plan.status
        .after(PlanAction::CreateTasks)
        .map_err(|v| plan_violation(&v))?;
    let selections = plan.result.map(|r| r.selections).unwrap_or_default();
    let existing = inspections::plan_tasks(&state.db, agency_id, plan.id).await?;
    let url = inspections::public_url(plan.id);
    let mut skipped = 0u32;
    let mut tasks = Vec::new();
    for s in selections {
        if existing.contains_key(&s.target_id) {
            skipped += 1;
            continue;
        }
        let Some(&handling) = s.inspector_ids.first() else {
            continue;
        };
        let t = inspections::get_target(&state.db, agency_id, s.target_id).await?;
        let party = Party {
            kind: match t.kind {
                TargetKind::Organisation => PartyKind::Organisation,
                TargetKind::Person if t.credit_code.is_some() => PartyKind::Organisation,
                TargetKind::Person => PartyKind::NaturalPerson,
            },
            name: t.name.clone(),
            id: t
                .credit_code
                .as_deref()
                .and_then(|c| sanxiang_domain::party::CreditCode::parse(c).ok())
                .map(PartyId::CreditCode),
            address: Some(t.address.clone()).filter(|a| !a.is_empty()),
            contact: None,
            minor: false,
            individual_business: false,
            legal_representative: None,
            codes: Default::default(),
        };
        let st = CaseState::open(
            CaseKind::Inspection,
            Procedure::Ordinary,
            party.kind,
            CaseFlags::default(),
        )
        .map_err(|v| ApiError::rule(&v))?;
        let opening = NewRecord {
            stage: st.stage,
            kind: RecordKind::Note,
            action: None,
            document_type: None,
            activity: None,
            title: "双随机抽查任务".into(),
            body: format!(
                "{}（{}）；检查对象：{}；抽取结果：{url}",
                plan.name, plan.item_name, t.name
            ),
            officers_present: vec![auth.user.id],
            occurred_at: None,
            place: None,
            corrects: None,
            correction_reason: None,
            attachments: vec![],
            persons_named: vec![],
        };
        tasks.push((
            s.target_id,
            NewCase {
                agency_id,
                kind: CaseKind::Inspection,
                procedure: Procedure::Ordinary,
                title: format!("{}：{}", plan.name, t.name),
                category: plan.category.clone(),
                party,
                officer_ids: s.inspector_ids.clone(),
                handling_officer_id: handling,
                state: st,
                next_due_on: None,
                created_by: auth.user.id,
                opening,
            },
        ));
    }
    let created =
        inspections::open_tasks(&state.db, agency_id, plan.id, tasks, state.now()).await?;
    Ok(web::Json(TasksCreated {
        created,
        existing: skipped,
    }))
}
