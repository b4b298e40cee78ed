//! Disclosure deadlines for the deadlines list: publication (118号: 7 / 20 working days) and
//! withdrawal (行政处罚法 art. 48: 3 working days), computed on read
//! (`sanxiang_domain::disclosure::due`): a period reaching a year without holiday data is
//! `unknown` with a note naming the year to load.

use super::view::DueCtx;
use crate::error::ApiError;
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use sanxiang_api_types::cases::{DeadlineEntry, DeadlineInfo, DeadlineState};
use sanxiang_domain::disclosure::due::{DueDate, DueKind};
use sanxiang_persistence::cases;
use sanxiang_persistence::disclosure::decisions::{self, Status};
use uuid::Uuid;

/// The open disclosure deadlines of the agency (filtered like the rest of the list).
pub async fn entries(
    state: &AppState,
    agency: Uuid,
    only: Option<DeadlineState>,
) -> Result<Vec<DeadlineEntry>, ApiError> {
    let due_soon_days = case_view::settings(state).due_soon_days;
    let ctx = DueCtx::load(state).await?;
    let mut out = Vec::new();
    for d in decisions::open_deadlines(&state.db, agency).await? {
        let c = cases::get_case(&state.db, &[agency], d.case_id).await?;
        let mut due_dates: Vec<DueDate> = Vec::new();
        if d.published_version == 0 && matches!(d.status, Status::Draft | Status::PendingReview) {
            due_dates.push(ctx.publication(&d));
        }
        due_dates.extend(ctx.withdrawal(&d));
        for due in due_dates {
            let status = case_view::deadline_state(due.status(None, ctx.today, due_soon_days));
            if only.is_some_and(|s| s != status) {
                continue;
            }
            let (kind, label, article) = match due.kind {
                DueKind::Publish => (
                    "disclosure",
                    "公示决定信息",
                    "国办发〔2018〕118号：处罚、许可决定7个工作日内公示，其他20个工作日",
                ),
                DueKind::Withdraw => (
                    "disclosure_withdrawal",
                    "撤回已公示的决定",
                    "行政处罚法第四十八条：决定变更、撤销、确认违法或无效的，3个工作日内撤回",
                ),
            };
            out.push(DeadlineEntry {
                case_id: Some(c.id),
                case_number: c.case_number.clone(),
                title: c.title.clone(),
                deadline: DeadlineInfo {
                    kind: kind.into(),
                    label: label.into(),
                    article: article.into(),
                    start: due.start,
                    amount: due.amount,
                    unit: "working".into(),
                    due: due.known(),
                    completed_on: None,
                    status,
                    note: due.note(),
                    base_due: None,
                    extensions: Vec::new(),
                    suspensions: Vec::new(),
                },
            });
        }
    }
    Ok(out)
}
