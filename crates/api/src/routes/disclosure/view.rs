//! Conversions from the store to the API's disclosure types.

use crate::error::{ApiError, ErrorCode};
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use sanxiang_api_types::disclosure::{
    DisclosureDetail, DisclosureEvent, DisclosureStatus, DisclosureSummary, PublishedVersion,
};
use sanxiang_domain::calendar::Calendar;
use sanxiang_domain::disclosure::due::{publication_due, withdrawal_due, DueDate};
use sanxiang_domain::disclosure::publication::{DisclosureSettings, EarlyRemovalRefused};
use sanxiang_domain::disclosure::second_person::{
    check_second_person, contributors, HistoryStep, StepKind,
};
use sanxiang_domain::disclosure::workflow::{check, Facts, Step};
use sanxiang_persistence::disclosure::decisions::{Status, StepError, StoredDisclosure};
use sanxiang_persistence::{cases, StoreError};
use uuid::Uuid;

pub fn status(s: Status) -> DisclosureStatus {
    match s {
        Status::Draft => DisclosureStatus::Draft,
        Status::PendingReview => DisclosureStatus::PendingReview,
        Status::Published => DisclosureStatus::Published,
        Status::NotPublished => DisclosureStatus::NotPublished,
        Status::Withdrawn => DisclosureStatus::Withdrawn,
        Status::Expired => DisclosureStatus::Expired,
    }
}

pub fn status_of(s: DisclosureStatus) -> Status {
    match s {
        DisclosureStatus::Draft => Status::Draft,
        DisclosureStatus::PendingReview => Status::PendingReview,
        DisclosureStatus::Published => Status::Published,
        DisclosureStatus::NotPublished => Status::NotPublished,
        DisclosureStatus::Withdrawn => Status::Withdrawn,
        DisclosureStatus::Expired => Status::Expired,
    }
}

pub fn status_label(s: Status, correcting: bool) -> &'static str {
    match (s, correcting) {
        (Status::Draft, false) => "待编辑",
        (Status::Draft, true) => "更正中",
        (Status::PendingReview, _) => "待审核",
        (Status::Published, _) => "已公示",
        (Status::NotPublished, _) => "不予公示",
        (Status::Withdrawn, _) => "已撤回",
        (Status::Expired, _) => "公示期满",
    }
}

fn action_label(a: &str) -> &'static str {
    match a {
        "created" => "自动生成公示草稿",
        "edited" => "编辑",
        "submitted" => "提交审核",
        "returned" => "审核退回",
        "published" => "审核通过并公示",
        "corrected" => "更正后重新公示",
        "withheld" => "决定不予公示",
        "correction_started" => "发起更正",
        "withdrawal_required" => "决定已变更或撤销，须撤回",
        "withdrawn" => "撤回公示",
        "expired" => "公示期满下线",
        "removed_early" => "信用修复，提前停止公示",
        _ => "其他",
    }
}

/// What the due dates are computed with: the calendar, the rules and today, read once per
/// request.
pub struct DueCtx {
    pub cal: Calendar,
    pub settings: DisclosureSettings,
    pub today: chrono::NaiveDate,
}

impl DueCtx {
    pub async fn load(state: &AppState) -> Result<Self, ApiError> {
        Ok(Self {
            cal: case_view::calendar(state).await?,
            settings: state.config.disclosure.clone(),
            today: state.today(),
        })
    }

    /// The publication due date of `d` (118号).
    pub fn publication(&self, d: &StoredDisclosure) -> DueDate {
        publication_due(
            &self.settings,
            d.resource_type,
            d.case_kind,
            d.decided_on,
            &self.cal,
        )
    }

    /// The withdrawal due date of `d`, once required (行政处罚法 art. 48).
    pub fn withdrawal(&self, d: &StoredDisclosure) -> Option<DueDate> {
        d.withdrawal_required_on
            .map(|on| withdrawal_due(&self.settings, on, &self.cal))
    }
}

pub fn summary(d: &StoredDisclosure, case_number: String, due: &DueCtx) -> DisclosureSummary {
    let publish = due.publication(d);
    let withdraw = due.withdrawal(d);
    DisclosureSummary {
        id: d.id,
        case_id: d.case_id,
        case_number,
        resource_type: d.resource_type,
        case_kind: d.case_kind,
        status: status(d.status),
        status_label: status_label(d.status, d.published_version > 0).into(),
        party_name: d.source.party_name.clone(),
        decided_on: d.decided_on,
        due_on: publish.known(),
        due_note: publish.note(),
        overdue: d.published_version == 0
            && matches!(d.status, Status::Draft | Status::PendingReview)
            && publish.overdue(due.today),
        published_version: d.published_version,
        withdrawal_required_on: d.withdrawal_required_on,
        withdrawal_due_on: withdraw.and_then(|w| w.known()),
        withdrawal_due_note: withdraw.and_then(|w| w.note()),
        version: d.version,
    }
}

/// What the caller may do now (editors only; the reviewer must be none of the version's
/// `contributors`, `second_person`). Early removal after credit repair is offered only when the
/// rule admits it today.
pub fn allowed(
    d: &StoredDisclosure,
    user: Uuid,
    contributors: &[Uuid],
    editor: bool,
    rules: &sanxiang_domain::disclosure::publication::DisclosureSettings,
    today: chrono::NaiveDate,
) -> Vec<String> {
    if !editor {
        return vec![];
    }
    let facts = Facts {
        status: d.status,
        published_version: d.published_version,
        withdrawal_required: d.withdrawal_required_on.is_some(),
    };
    let can = |step| check(step, &facts).is_ok();
    let mut a: Vec<&str> = Vec::new();
    if can(Step::Edit) {
        a.push("edit");
    }
    if can(Step::Submit) {
        a.push("submit");
    }
    if can(Step::Withhold) {
        a.push("withhold");
    }
    if can(Step::Review) && check_second_person(contributors, user).is_ok() {
        a.push("review");
    }
    if can(Step::StartCorrection) {
        a.push("correct");
    }
    if can(Step::RemoveEarly)
        && rules
            .early_removal(
                d.resource_type,
                d.case_kind,
                d.severity,
                d.decided_on,
                today,
            )
            .is_ok()
    {
        a.push("remove_early");
    }
    // Offered once: a second requirement would only move the due date.
    if can(Step::RequireWithdrawal) && d.withdrawal_required_on.is_none() {
        a.push("require_withdrawal");
    }
    // Withdrawal follows a recorded reason to withdraw (行政处罚法 art. 48); not offered while a
    // correction waits for review.
    if can(Step::Withdraw) && matches!(d.status, Status::Published | Status::Draft) {
        a.push("withdraw");
    }
    a.into_iter().map(str::to_owned).collect()
}

pub async fn detail(
    state: &AppState,
    d: StoredDisclosure,
    user: Uuid,
    editor: bool,
) -> Result<DisclosureDetail, ApiError> {
    let case = cases::get_case(&state.db, &[d.agency_id], d.case_id).await?;
    let events = sanxiang_persistence::disclosure::decisions::events(&state.db, d.id).await?;
    let history: Vec<HistoryStep> = events
        .iter()
        .map(|e| HistoryStep {
            kind: StepKind::of_action(&e.action),
            actor: e.actor_id,
        })
        .collect();
    let contributors = contributors(&history);
    let mut ids: Vec<Uuid> = events.iter().filter_map(|e| e.actor_id).collect();
    ids.sort();
    ids.dedup();
    let names = case_view::names(state, &ids).await?;
    let versions = sanxiang_persistence::disclosure::decisions::versions(&state.db, d.id)
        .await?
        .into_iter()
        .map(|(version, published_at, body)| {
            serde_json::from_str(&body)
                .map(|body| PublishedVersion {
                    version,
                    published_at,
                    body,
                })
                .map_err(|e| ApiError::internal(anyhow::anyhow!("stored version: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let next = if d.status == Status::Published {
        d.published_version
    } else {
        d.published_version + 1
    };
    let (preview, masks_applied) = d.preview(next, state.today());
    let due = DueCtx::load(state).await?;
    Ok(DisclosureDetail {
        summary: summary(&d, case.case_number.clone(), &due),
        allowed_actions: allowed(
            &d,
            user,
            &contributors,
            editor,
            &state.config.disclosure,
            state.today(),
        ),
        source: d.source.clone(),
        preview,
        masks_applied,
        extra_masks: d.extra_masks.clone(),
        severity: d.severity,
        publication_end: d.publication_end,
        not_published_ground: d.not_published_ground.clone(),
        withdrawal_basis: d.withdrawal_basis.clone(),
        events: events
            .into_iter()
            .map(|e| DisclosureEvent {
                action_label: action_label(&e.action).into(),
                action: e.action,
                actor: e
                    .actor_id
                    .map(|id| names.get(&id).cloned().unwrap_or_else(|| "—".into())),
                detail: e.detail,
                at: e.created_at,
            })
            .collect(),
        versions,
    })
}

pub fn step_error(e: StepError) -> ApiError {
    match e {
        StepError::WrongStatus(s) => ApiError::new(
            ErrorCode::DisclosureWrongStatus,
            format!(
                "该公示当前为「{}」，不能执行此操作。",
                status_label(s, false)
            ),
        ),
        StepError::WithdrawalNotRequired => ApiError::new(
            ErrorCode::WithdrawalNotRequired,
            "须先登记决定被变更、撤销、确认违法或无效的事由（须撤回），才能撤回公示。",
        ),
        StepError::SamePerson => ApiError::new(
            ErrorCode::DisclosureSelfReview,
            "公示须由编辑、提交人以外的另一人审核。",
        ),
        StepError::EarlyRemoval(r) => ApiError::new(
            ErrorCode::EarlyRemovalRefused,
            match r {
                EarlyRemovalRefused::NotAPenalty => {
                    "信用修复提前停止公示仅适用于行政处罚决定。".to_owned()
                }
                EarlyRemovalRefused::Serious => {
                    "严重失信行为的处罚信息不得提前停止公示。".to_owned()
                }
                EarlyRemovalRefused::BeforeMinimum(from) => {
                    format!("最短公示期未满，{from}起方可因信用修复提前停止公示。")
                }
            },
        ),
        StepError::MaskRemoved(field) => ApiError::new(
            ErrorCode::MaskRemoved,
            "修改内容中含有已遮蔽的姓名或号码：可增加遮蔽，不得去除（《行政处罚法》第五十条）。",
        )
        .with_field(
            &field,
            "contains a name or number that is masked; masks may be added, never removed",
        ),
        StepError::CreditFieldMissing(gaps) => {
            let columns: Vec<&str> = gaps.iter().map(|g| g.column).collect();
            let mut e = ApiError::new(
                ErrorCode::CreditFieldMissing,
                format!(
                    "双公示数据模板要求填写：{}；请在案件中补充后再发布。",
                    columns.join("、")
                ),
            );
            for g in &gaps {
                e = e.with_field(
                    g.id,
                    format!("{} is required by the national template", g.column),
                );
            }
            e
        }
        StepError::Store(StoreError::Concurrent) => ApiError::new(
            ErrorCode::VersionConflict,
            "该公示已被他人更新，请刷新后重试。",
        ),
        StepError::Store(e) => e.into(),
    }
}
