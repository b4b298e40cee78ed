//! Building the case views (summary, detail, deadlines, records) from stored cases.

use crate::error::ApiError;
use crate::state::AppState;
use chrono::NaiveDate;
use sanxiang_api_types::cases::{
    Attachment, CaseDetail, CaseFlagsInput, CaseSummary, DeadlineInfo, DeadlineState, OfficerRef,
    PartyIdType, PartyView, Record, StageProgress, StageStep,
};
use sanxiang_api_types::periods::{ExtensionView, SuspensionView};
use sanxiang_domain::calendar::{Calendar, DayUnit, DeadlineStatus};
use sanxiang_domain::case::payment::payment_status;
use sanxiang_domain::case::progress::{stage_bar, Progress};
use sanxiang_domain::case::{
    allowed_actions, case_deadlines_on, video_prompts, CaseDeadline, RecordKind, RuleSettings,
};
use sanxiang_domain::party::PartyId;
use sanxiang_persistence::calendar;
use sanxiang_persistence::cases;
use sanxiang_persistence::cases::{StoredCase, StoredRecord};
use std::collections::HashMap;
use uuid::Uuid;

/// The rule settings in force (configuration, national defaults).
pub fn settings(state: &AppState) -> RuleSettings {
    state.config.rules.clone()
}

pub async fn calendar(state: &AppState) -> Result<Calendar, ApiError> {
    Ok(calendar::load(&state.db).await?)
}

pub async fn names(state: &AppState, ids: &[Uuid]) -> Result<HashMap<Uuid, String>, ApiError> {
    Ok(state.names.get(&state.db, ids).await?)
}

fn officer_ref(names: &HashMap<Uuid, String>, id: Uuid) -> OfficerRef {
    OfficerRef {
        id,
        name: names.get(&id).cloned().unwrap_or_else(|| "—".into()),
    }
}

pub fn summary(c: &StoredCase, names: &HashMap<Uuid, String>, today: NaiveDate) -> CaseSummary {
    CaseSummary {
        id: c.id,
        agency_id: c.agency_id,
        case_number: c.case_number.clone(),
        kind: c.kind,
        procedure: c.procedure,
        title: c.title.clone(),
        party_name: c.party.name.clone(),
        stage: c.state.stage,
        stage_label: c.state.stage.label_zh().to_owned(),
        outcome: c.outcome.clone(),
        handling_officer: officer_ref(names, c.handling_officer_id),
        next_due_on: c.next_due_on,
        overdue: c.next_due_on.is_some_and(|d| d < today),
        archived: c.state.archived_at.is_some(),
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

/// A deadline status as shown; `None` (a due date the calendar cannot compute) is unknown.
pub fn deadline_state(s: Option<DeadlineStatus>) -> DeadlineState {
    match s {
        Some(DeadlineStatus::Met) => DeadlineState::Met,
        Some(DeadlineStatus::Pending) => DeadlineState::Pending,
        Some(DeadlineStatus::DueSoon) => DeadlineState::DueSoon,
        Some(DeadlineStatus::Overdue) => DeadlineState::Overdue,
        Some(DeadlineStatus::Suspended) => DeadlineState::Suspended,
        None => DeadlineState::Unknown,
    }
}

/// The approvers named in `deadlines`' extensions, for the name lookup.
pub fn approver_ids(deadlines: &[CaseDeadline]) -> Vec<Uuid> {
    deadlines
        .iter()
        .flat_map(|d| d.extensions.iter().filter_map(|e| e.approved_by))
        .map(|o| o.0)
        .collect()
}

/// One deadline as shown: the due date after extensions and suspensions, each listed, and the
/// base period's own due date. An unknown due date carries the calendar note (one message:
/// `OutsideCalendar`); a suspended one says since when.
pub fn deadline_info(
    d: &CaseDeadline,
    today: NaiveDate,
    settings: &RuleSettings,
    cal: &Calendar,
    names: &HashMap<Uuid, String>,
) -> DeadlineInfo {
    let (status, note) = match d.status(today, settings) {
        Ok(s) => (deadline_state(Some(s)), None),
        Err(gap) => (DeadlineState::Unknown, Some(gap.to_string())),
    };
    let suspended = d.completed_on.is_none() && d.suspended_since().is_some();
    let note = note.or_else(|| {
        let open = d.suspensions.iter().find(|x| x.to.is_none())?;
        suspended.then(|| {
            format!(
                "自{}起因{}中止计算期限，恢复计算后重新确定届满日",
                open.from,
                open.ground.label_zh()
            )
        })
    });
    DeadlineInfo {
        kind: d.kind.code().to_owned(),
        label: d.kind.label_zh().to_owned(),
        article: d.kind.article().to_owned(),
        start: d.start,
        amount: d.period.amount,
        unit: match d.period.unit {
            DayUnit::Working => "working",
            DayUnit::Calendar => "calendar",
        }
        .to_owned(),
        due: if suspended { None } else { d.due.ok() },
        completed_on: d.completed_on,
        status,
        note,
        base_due: d.base_due.ok(),
        extensions: d
            .extensions
            .iter()
            .map(|e| ExtensionView {
                days: e.days,
                approved_by: e.approved_by.map(|o| officer_ref(names, o.0)),
                reason: e.reason.clone(),
                on: e.on,
            })
            .collect(),
        suspensions: d
            .suspensions
            .iter()
            .map(|x| SuspensionView {
                ground: x.ground,
                label: x.ground.label_zh().to_owned(),
                from: x.from,
                to: x.to,
                excluded_days: x.to.and_then(|_| x.excluded(d.period.unit, cal).ok()),
            })
            .collect(),
    }
}

/// The earliest due date of a deadline not yet done and not suspended (stored for lists and the
/// overdue filter).
pub fn next_due(deadlines: &[CaseDeadline]) -> Option<NaiveDate> {
    deadlines
        .iter()
        .filter(|d| d.completed_on.is_none() && d.suspended_since().is_none())
        .filter_map(|d| d.due.as_ref().ok().copied())
        .min()
}

pub fn party_view(c: &StoredCase) -> PartyView {
    let p = &c.party;
    let (id_type, id_number) = match &p.id {
        Some(PartyId::CreditCode(cc)) => {
            (Some(PartyIdType::CreditCode), Some(cc.as_str().to_owned()))
        }
        Some(PartyId::ResidentId(r)) => {
            (Some(PartyIdType::ResidentId), Some(r.as_str().to_owned()))
        }
        Some(PartyId::Other { kind, number }) => {
            (Some(PartyIdType::Other), Some(format!("{kind} {number}")))
        }
        None => (None, None),
    };
    PartyView {
        kind: p.kind,
        name: p.name.clone(),
        id_type,
        id_number,
        id_masked: p.id.as_ref().map(PartyId::masked),
        address: p.address.clone(),
        contact: p.contact.clone(),
        minor: p.minor,
        individual_business: p.individual_business,
        legal_representative: p.legal_representative.clone(),
        codes: p.codes.clone(),
    }
}

/// Everything the case page shows.
/// The case as `auth`'s caller sees it: `allowed_actions` keeps only the actions their duty on
/// the case admits (`super::duty`).
pub async fn detail_for<P: crate::auth::guard::Policy>(
    state: &AppState,
    auth: &crate::auth::Auth<P>,
    c: StoredCase,
) -> Result<CaseDetail, ApiError> {
    let mut allowed = allowed_actions(&c.state);
    super::duty::keep_permitted(state, auth, &c, &mut allowed).await?;
    let video = video(state, &c, &allowed).await?;
    let mut d = detail(state, c).await?;
    d.allowed_actions = allowed;
    d.video = video;
    Ok(d)
}

/// The audio/video reminders for `allowed` (国办发〔2018〕118号; `sanxiang_domain::case::video`),
/// against the recordings already on file in the current stage.
async fn video(
    state: &AppState,
    c: &StoredCase,
    allowed: &[sanxiang_domain::case::Action],
) -> Result<Vec<sanxiang_domain::case::VideoPrompt>, ApiError> {
    if allowed.is_empty() {
        return Ok(Vec::new());
    }
    let recorded: Vec<_> = cases::timeline(&state.db, c.id)
        .await?
        .into_iter()
        .filter(|r| r.stage == c.state.stage && r.kind == RecordKind::Video)
        .filter_map(|r| r.activity)
        .collect();
    Ok(video_prompts(
        c.state.stage,
        allowed,
        &settings(state),
        &recorded,
    ))
}

pub async fn detail(state: &AppState, c: StoredCase) -> Result<CaseDetail, ApiError> {
    let cal = calendar(state).await?;
    let settings = settings(state);
    let today = state.today();
    let computed = case_deadlines_on(&c.state, &settings, &cal, today);
    let mut ids = c.officer_ids.clone();
    ids.push(c.handling_officer_id);
    ids.extend(approver_ids(&computed));
    let names = names(state, &ids).await?;
    let deadlines = computed
        .iter()
        .map(|d| deadline_info(d, today, &settings, &cal, &names))
        .collect();
    let allowed = allowed_actions(&c.state);
    let video = video(state, &c, &allowed).await?;
    let stages = stage_bar(&c.state)
        .into_iter()
        .map(|(s, p)| StageStep {
            stage: s,
            label: s.label_zh().to_owned(),
            progress: match p {
                Progress::Done => StageProgress::Done,
                Progress::Current => StageProgress::Current,
                Progress::Upcoming => StageProgress::Upcoming,
                Progress::Skipped => StageProgress::Skipped,
            },
        })
        .collect();
    let review_requested = sanxiang_persistence::review::get_review(&state.db, c.id)
        .await?
        .is_some();
    Ok(CaseDetail {
        summary: summary(&c, &names, today),
        category: c.category.clone(),
        party: party_view(&c),
        officers: c
            .officer_ids
            .iter()
            .map(|id| officer_ref(&names, *id))
            .collect(),
        flags: CaseFlagsInput {
            legal_review_required: c.state.flags.legal_review_required,
            collective_deliberation_required: c.state.flags.collective_deliberation_required,
        },
        version: c.version,
        allowed_actions: allowed,
        review_requested,
        video,
        stages,
        deadlines,
        payment: payment_status(&c.state, &settings, &cal, today),
        state: serde_json::to_value(&c.state).map_err(ApiError::internal)?,
    })
}

/// Records as shown, with names and the corrections pointing back. `with_log` looks up their
/// log indexes (a record just written is never integrated yet: no need to ask).
pub async fn records(
    state: &AppState,
    rs: Vec<StoredRecord>,
    with_log: bool,
) -> Result<Vec<Record>, ApiError> {
    let mut ids: Vec<Uuid> = rs
        .iter()
        .flat_map(|r| r.officers_present.iter().copied().chain([r.created_by]))
        .collect();
    ids.sort();
    ids.dedup();
    let names = names(state, &ids).await?;
    let record_ids: Vec<Uuid> = rs.iter().map(|r| r.id).collect();
    let one_case = rs
        .first()
        .map(|r| r.case_id)
        .filter(|c| rs.iter().all(|r| r.case_id == *c));
    let log = if with_log {
        match one_case {
            Some(c) => sanxiang_persistence::tlog::case_leaf_indexes(&state.db, c).await?,
            None => sanxiang_persistence::tlog::leaf_indexes(&state.db, &record_ids).await?,
        }
    } else {
        HashMap::new()
    };
    let mut corrected_by: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for r in &rs {
        if let Some(c) = r.corrects {
            corrected_by.entry(c).or_default().push(r.id);
        }
    }
    Ok(rs
        .into_iter()
        .map(|r| Record {
            id: r.id,
            case_id: r.case_id,
            seq: r.seq,
            stage: r.stage,
            stage_label: r.stage.label_zh().to_owned(),
            kind: r.kind,
            action: r.action,
            document_type: r.document_type,
            activity: r.activity,
            title: r.title,
            text: r.body,
            officers_present: r
                .officers_present
                .iter()
                .map(|id| officer_ref(&names, *id))
                .collect(),
            occurred_at: r.occurred_at,
            recorded_at: r.recorded_at,
            place: r.place,
            attachments: r
                .attachments
                .into_iter()
                .map(|a| Attachment {
                    url: format!("/api/v1/blobs/{}", a.sha256),
                    sha256: a.sha256,
                    file_name: a.file_name,
                    content_type: a.content_type,
                    size: a.size,
                })
                .collect(),
            corrects: r.corrects,
            correction_reason: r.correction_reason,
            corrected_by: corrected_by.remove(&r.id).unwrap_or_default(),
            persons_named: r.persons_named,
            created_by: officer_ref(&names, r.created_by),
            log_index: log.get(&r.id).copied(),
            proof_url: log
                .contains_key(&r.id)
                .then(|| format!("/api/v1/records/{}/proof", r.id)),
        })
        .collect())
}
