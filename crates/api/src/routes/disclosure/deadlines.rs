//! Disclosure deadlines for the deadlines list: publication (118号: 7 / 20 working days) and
//! withdrawal (行政处罚法 art. 48: 3 working days).

use crate::error::ApiError;
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use sanxiang_api_types::cases::{DeadlineEntry, DeadlineInfo, DeadlineState};
use sanxiang_domain::calendar::DeadlineStatus;
use sanxiang_persistence::cases;
use sanxiang_persistence::disclosure::decisions::{self, Status};
use uuid::Uuid;

/// The open disclosure deadlines of the agency (filtered like the rest of the list).
pub async fn entries(
    state: &AppState,
    agency: Uuid,
    only: Option<DeadlineState>,
) -> Result<Vec<DeadlineEntry>, ApiError> {
    let today = case_view::today();
    let settings = case_view::settings(state);
    let st = &state.config.disclosure;
    let mut out = Vec::new();
    for d in decisions::open_deadlines(&state.db, agency).await? {
        let c = cases::get_case(&state.db, &[agency], d.case_id).await?;
        let mut push = |kind: &str, label: String, article: &str, start, amount, due| {
            let status = case_view::deadline_state(Some(DeadlineStatus::evaluate(
                due,
                None,
                today,
                settings.due_soon_days,
            )));
            if only.is_none_or(|s| s == status) {
                out.push(DeadlineEntry {
                    case_id: Some(c.id),
                    case_number: c.case_number.clone(),
                    title: c.title.clone(),
                    deadline: DeadlineInfo {
                        kind: kind.into(),
                        label,
                        article: article.into(),
                        start,
                        amount,
                        unit: "working".into(),
                        due: Some(due),
                        completed_on: None,
                        status,
                        note: None,
                        base_due: None,
                        extensions: Vec::new(),
                        suspensions: Vec::new(),
                    },
                });
            }
        };
        if d.published_version == 0 && matches!(d.status, Status::Draft | Status::PendingReview) {
            let days = if d.resource_type.as_str() == "inspection_result" {
                st.inspection_days
            } else if matches!(
                d.case_kind,
                sanxiang_domain::case::CaseKind::Penalty | sanxiang_domain::case::CaseKind::Licence
            ) {
                st.penalty_licence_days
            } else {
                st.other_days
            };
            push(
                "disclosure",
                "公示决定信息".into(),
                "国办发〔2018〕118号：处罚、许可决定7个工作日内公示，其他20个工作日",
                d.decided_on,
                days,
                d.due_on,
            );
        }
        if let (Some(on), Some(due)) = (d.withdrawal_required_on, d.withdrawal_due_on) {
            push(
                "disclosure_withdrawal",
                "撤回已公示的决定".into(),
                "行政处罚法第四十八条：决定变更、撤销、确认违法或无效的，3个工作日内撤回",
                on,
                st.withdrawal_days,
                due,
            );
        }
    }
    Ok(out)
}
