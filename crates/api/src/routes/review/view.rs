//! Conversions between the review domain, storage and the wire types, and the shared loading.

use crate::error::ApiError;
use crate::routes::cases::view as case_view;
use crate::state::AppState;
use chrono::NaiveDate;
use sanxiang_api_types::cases::DeadlineState;
use sanxiang_api_types::discretion::DiscretionRefDto;
use sanxiang_api_types::review::DiscretionFlagView;
use sanxiang_api_types::review::{
    AdviserOpinionView, CatalogueVersion, ChecklistEntry, CriterionDto, CriterionType,
    DraftDecisionDto, DraftDecisionView, ExtensionView, FlaggingView, MatchedCriterionView,
    MaterialView, OfficerFlagsDto, OpinionKind, OpinionView, ReviewDeadlineView, ReviewDetail,
    ReviewSummary, RoundView, SubmissionDiffView, UserRef,
};
use sanxiang_domain::calendar::Calendar;
use sanxiang_domain::case::{OfficerId, RecordKind, Stage};
use sanxiang_domain::party::PartyKind;
use sanxiang_domain::review::{check_discretion, DiscretionFlag, DiscretionHistory, DiscretionRef};
use sanxiang_domain::review::{
    evaluate, review_deadline, Catalogue, CatalogueHistory, ChecklistItem, Criterion,
    DraftDecision, Flagging, Material, OfficerFlags, Opinion, Review, ReviewSettings, ReviewStatus,
    SubmissionDiff,
};
use sanxiang_persistence::cases::{NewRecord, StoredCase, StoredRecord};
use sanxiang_persistence::review::{self as store, StoredCatalogue, StoredReview};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// Review periods and the deliberation quorum (`[review]` in the configuration; defaults: 5
/// working days, extendable once by 5; 3 attendees).
pub fn settings(state: &AppState) -> ReviewSettings {
    state.config.review.settings.clone()
}

/// Minimum ratio of legal reviewers to enforcement officers (`[review] minimum_reviewer_ratio`,
/// default 5 %).
pub fn minimum_reviewer_ratio(state: &AppState) -> f64 {
    state.config.review.minimum_reviewer_ratio
}

pub fn criterion_dto(c: &Criterion) -> CriterionDto {
    let (kind, person_fen, organisation_fen, key) = match c {
        Criterion::AmountAtLeast {
            person_fen,
            organisation_fen,
        } => (
            CriterionType::AmountAtLeast,
            Some(*person_fen),
            Some(*organisation_fen),
            None,
        ),
        Criterion::LicenceRevocationOrDowngrade => (
            CriterionType::LicenceRevocationOrDowngrade,
            None,
            None,
            None,
        ),
        Criterion::SuspensionOfBusiness => (CriterionType::SuspensionOfBusiness, None, None, None),
        Criterion::Closure => (CriterionType::Closure, None, None, None),
        Criterion::RestrictionOfPractice => {
            (CriterionType::RestrictionOfPractice, None, None, None)
        }
        Criterion::HearingHeld => (CriterionType::HearingHeld, None, None, None),
        Criterion::MajorPublicInterest => (CriterionType::MajorPublicInterest, None, None, None),
        Criterion::ComplexMultipleRelationships => (
            CriterionType::ComplexMultipleRelationships,
            None,
            None,
            None,
        ),
        Criterion::SuspectedCrime => (CriterionType::SuspectedCrime, None, None, None),
        Criterion::Custom { key, .. } => (CriterionType::Custom, None, None, Some(key.clone())),
    };
    CriterionDto {
        kind,
        person_fen,
        organisation_fen,
        key,
        label: Some(c.label_zh()),
    }
}

/// A criterion from the wire; the field it lacks is named.
pub fn criterion_of(d: &CriterionDto, i: usize) -> Result<Criterion, ApiError> {
    Ok(match d.kind {
        CriterionType::AmountAtLeast => match (d.person_fen, d.organisation_fen) {
            (Some(person_fen), Some(organisation_fen)) => Criterion::AmountAtLeast {
                person_fen,
                organisation_fen,
            },
            _ => {
                return Err(ApiError::field(
                    &format!("criteria[{i}]"),
                    "amount_at_least needs person_fen and organisation_fen",
                ))
            }
        },
        CriterionType::LicenceRevocationOrDowngrade => Criterion::LicenceRevocationOrDowngrade,
        CriterionType::SuspensionOfBusiness => Criterion::SuspensionOfBusiness,
        CriterionType::Closure => Criterion::Closure,
        CriterionType::RestrictionOfPractice => Criterion::RestrictionOfPractice,
        CriterionType::HearingHeld => Criterion::HearingHeld,
        CriterionType::MajorPublicInterest => Criterion::MajorPublicInterest,
        CriterionType::ComplexMultipleRelationships => Criterion::ComplexMultipleRelationships,
        CriterionType::SuspectedCrime => Criterion::SuspectedCrime,
        CriterionType::Custom => match (&d.key, &d.label) {
            (Some(key), Some(label)) => Criterion::Custom {
                key: key.clone(),
                label: label.clone(),
            },
            _ => {
                return Err(ApiError::field(
                    &format!("criteria[{i}]"),
                    "a custom criterion needs key and label",
                ))
            }
        },
    })
}

pub fn catalogue_view(s: &StoredCatalogue, today: NaiveDate) -> CatalogueVersion {
    let c = &s.catalogue;
    CatalogueVersion {
        agency_id: c.agency_id,
        version: c.version,
        effective_from: c.effective_from,
        effective_until: c.effective_until,
        criteria: c.criteria.iter().map(criterion_dto).collect(),
        in_force: c.in_force_on(today),
        created_by: s.created_by,
        created_at: Some(s.created_at),
    }
}

/// The agency's catalogue versions (the default version 1 is created on first use) and the
/// domain history rebuilt from them.
pub async fn catalogues(
    state: &AppState,
    agency_id: Uuid,
) -> Result<(Vec<StoredCatalogue>, CatalogueHistory), ApiError> {
    // Version 1 is in force from the start of the year, so cases already open are covered.
    let today = state.today();
    let from = NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1).unwrap_or(today);
    let stored = store::ensure_catalogue(&state.db, agency_id, from, state.now()).await?;
    let history = CatalogueHistory::from_versions(stored.iter().map(|s| s.catalogue.clone()))
        .map_err(|v| ApiError::review(&v))?;
    Ok((stored, history))
}

/// The catalogue version a review is judged against.
pub fn catalogue_for(history: &CatalogueHistory, version: u32) -> Result<Catalogue, ApiError> {
    history
        .get(version)
        .cloned()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("catalogue version {version} missing")))
}

pub fn flags_of(d: &OfficerFlagsDto) -> OfficerFlags {
    OfficerFlags {
        major_public_interest: d.major_public_interest,
        complex: d.complex,
        suspected_crime: d.suspected_crime,
        custom: d.custom.iter().cloned().collect(),
    }
}

pub fn flags_dto(f: &OfficerFlags) -> OfficerFlagsDto {
    OfficerFlagsDto {
        major_public_interest: f.major_public_interest,
        complex: f.complex,
        suspected_crime: f.suspected_crime,
        custom: f.custom.iter().cloned().collect(),
    }
}

pub fn draft_of(d: &DraftDecisionDto, party_kind: PartyKind) -> DraftDecision {
    DraftDecision {
        party_kind,
        outcome: d.outcome,
        sanction: if d.outcome == sanxiang_domain::review::OutcomeKind::Penalty {
            d.sanction.clone()
        } else {
            Default::default()
        },
        legal_basis: d
            .legal_basis
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        hearing_held: d.hearing_held,
        flags: flags_of(&d.flags),
        discretion: d.discretion.as_ref().map(|r| DiscretionRef {
            code: r.code.trim().to_owned(),
            circumstance: r.circumstance,
        }),
    }
}

fn draft_view(d: &DraftDecision) -> DraftDecisionView {
    DraftDecisionView {
        party_kind: d.party_kind,
        outcome: d.outcome,
        sanction: d.sanction.clone(),
        legal_basis: d.legal_basis.clone(),
        hearing_held: d.hearing_held,
        flags: flags_dto(&d.flags),
        discretion: d.discretion.as_ref().map(|r| DiscretionRefDto {
            code: r.code.clone(),
            circumstance: r.circumstance,
        }),
    }
}

/// The discretion flag of a draft (行政处罚法 art. 34): its fine against the version of the named
/// standard in force on `on` (the day the round was submitted).
pub async fn discretion_flags(
    state: &AppState,
    agency_id: Uuid,
    draft: &DraftDecision,
    on: NaiveDate,
) -> Result<Vec<DiscretionFlag>, ApiError> {
    let Some(r) = draft.discretion.as_ref() else {
        return Ok(vec![]);
    };
    if draft.outcome != sanxiang_domain::review::OutcomeKind::Penalty {
        return Ok(vec![]);
    }
    let stored =
        sanxiang_persistence::discretion::standard_versions(&state.db, agency_id, &r.code).await?;
    let history = DiscretionHistory::from_versions(stored.into_iter().map(|s| s.standard))
        .map_err(|v| ApiError::review(&v))?;
    Ok(check_discretion(draft, history.in_force_on(on))
        .into_iter()
        .collect())
}

pub fn discretion_flag_view(f: &DiscretionFlag) -> DiscretionFlagView {
    let (code, version, circumstance, amounts) = match f {
        DiscretionFlag::BelowRange {
            code,
            version,
            circumstance,
            proposed_fen,
            min_fen,
            max_fen,
        }
        | DiscretionFlag::AboveRange {
            code,
            version,
            circumstance,
            proposed_fen,
            min_fen,
            max_fen,
        } => (
            code,
            Some(*version),
            *circumstance,
            Some((*proposed_fen, *min_fen, *max_fen)),
        ),
        DiscretionFlag::NoRange {
            code,
            version,
            circumstance,
        } => (code, Some(*version), *circumstance, None),
        DiscretionFlag::NoStandard { code } => (code, None, None, None),
    };
    DiscretionFlagView {
        kind: f.kind().to_owned(),
        code: code.clone(),
        standard_version: version,
        circumstance: circumstance.and_then(|c| {
            serde_json::to_value(c)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
        }),
        proposed_fen: amounts.map(|a| a.0),
        min_fen: amounts.map(|a| a.1),
        max_fen: amounts.map(|a| a.2),
        message: f.message_zh(),
    }
}

pub fn flagging_view(f: &Flagging) -> FlaggingView {
    FlaggingView {
        catalogue_version: f.catalogue_version,
        matched: f
            .matched
            .iter()
            .map(|m| MatchedCriterionView {
                criterion: criterion_dto(&m.criterion),
                reason: m.reason.clone(),
            })
            .collect(),
        review_required: f.review_required,
        deliberation_required: f.deliberation_required,
    }
}

/// The content hash of a record as submitted: title, body and attachment hashes.
pub fn record_hash(r: &StoredRecord) -> String {
    let mut h = Sha256::new();
    h.update(r.id.as_bytes());
    h.update(r.title.as_bytes());
    h.update([0]);
    h.update(r.body.as_bytes());
    for a in &r.attachments {
        h.update([0]);
        h.update(a.sha256.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Materials from the wire: each must be a record of the case.
pub fn materials_of(
    input: &[sanxiang_api_types::review::MaterialInput],
    records: &[StoredRecord],
) -> Result<Vec<Material>, ApiError> {
    input
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let r = records
                .iter()
                .find(|r| r.id == m.record_id)
                .ok_or_else(|| {
                    ApiError::field(
                        &format!("materials[{i}].record_id"),
                        "no such record in this case",
                    )
                })?;
            Ok(Material {
                id: m.record_id.to_string(),
                kind: m.kind,
                sha256: record_hash(r),
            })
        })
        .collect()
}

/// The `review_flagging` note written to the case's log.
pub fn flagging_record(stage: Stage, f: &Flagging, why: &str) -> NewRecord {
    flagging_record_with(stage, f, &[], why)
}

/// The `review_flagging` note with the discretion-standard flags of the draft.
pub fn flagging_record_with(
    stage: Stage,
    f: &Flagging,
    discretion: &[DiscretionFlag],
    why: &str,
) -> NewRecord {
    let matched: Vec<String> = f
        .matched
        .iter()
        .map(|m| format!("{}（{}）", m.criterion.label_zh(), m.reason))
        .collect();
    let body = serde_json::json!({
        "catalogue_version": f.catalogue_version,
        "review_required": f.review_required,
        "deliberation_required": f.deliberation_required,
        "matched": f.matched.iter().map(|m| serde_json::json!({"criterion": m.criterion.key(), "reason": m.reason})).collect::<Vec<_>>(),
        "summary": if matched.is_empty() { "未命中目录清单标准".to_owned() } else { matched.join("；") },
        "occasion": why,
        "discretion": discretion.iter().map(|d| serde_json::json!({"type": d.kind(), "message": d.message_zh()})).collect::<Vec<_>>(),
    });
    NewRecord {
        stage,
        kind: RecordKind::Note,
        action: None,
        document_type: Some("review_flagging".into()),
        activity: None,
        title: format!(
            "重大执法决定目录清单比对（第{}版）：{}",
            f.catalogue_version,
            if f.review_required {
                "须法制审核"
            } else {
                "无须法制审核"
            }
        ),
        body: body.to_string(),
        officers_present: vec![],
        occurred_at: None,
        place: None,
        corrects: None,
        correction_reason: None,
        attachments: vec![],
        persons_named: vec![],
    }
}

/// The stored flagging of the current round.
pub fn current_flagging(review: &Review, catalogue: &Catalogue) -> Flagging {
    match review.current() {
        Some(r) => evaluate(&r.submission.draft, catalogue),
        None => Flagging {
            catalogue_version: catalogue.version,
            matched: vec![],
            review_required: false,
            deliberation_required: false,
        },
    }
}

pub fn deadline_view(
    review: &Review,
    settings: &ReviewSettings,
    cal: &Calendar,
    today: NaiveDate,
) -> Option<ReviewDeadlineView> {
    review_deadline(review, settings, cal, today).map(|d| ReviewDeadlineView {
        round: d.round,
        start: d.start,
        extended: d.extended,
        due: d.due.as_ref().ok().copied(),
        completed_on: d.completed_on,
        status: crate::routes::cases::view::deadline_state(d.status),
        note: d.due.as_ref().err().map(ToString::to_string),
    })
}

/// The due date stored for lists: the open round's due date.
pub fn due_on(
    review: &Review,
    settings: &ReviewSettings,
    cal: &Calendar,
    today: NaiveDate,
) -> Option<NaiveDate> {
    review_deadline(review, settings, cal, today)
        .filter(|d| d.completed_on.is_none())
        .and_then(|d| d.due.ok())
}

fn user_ref(names: &HashMap<Uuid, String>, id: Uuid) -> UserRef {
    UserRef {
        id,
        name: names.get(&id).cloned().unwrap_or_else(|| "—".into()),
    }
}

/// Names of everyone a review mentions.
pub async fn review_names(
    state: &AppState,
    case: &StoredCase,
    review: &Review,
) -> Result<HashMap<Uuid, String>, ApiError> {
    let mut ids = vec![case.handling_officer_id];
    ids.extend(review.reviewer.map(|r| r.0));
    ids.extend(review.rounds.iter().map(|r| r.submission.submitted_by.0));
    ids.sort();
    ids.dedup();
    user_names(state, &ids).await
}

/// Names of users: officer profiles first, then display names of accounts.
pub async fn user_names(state: &AppState, ids: &[Uuid]) -> Result<HashMap<Uuid, String>, ApiError> {
    let mut names = case_view::names(state, ids).await?;
    for id in ids {
        if !names.contains_key(id) {
            if let Ok(u) = sanxiang_persistence::accounts::get_user(&state.db, *id).await {
                names.insert(*id, u.display_name.clone());
            }
        }
    }
    Ok(names)
}

pub fn summary(
    case: &StoredCase,
    s: &StoredReview,
    names: &HashMap<Uuid, String>,
    settings: &ReviewSettings,
    cal: &Calendar,
    today: NaiveDate,
) -> ReviewSummary {
    let r = &s.review;
    let d = deadline_view(r, settings, cal, today);
    let deadline_status = d.as_ref().map(|d| d.status);
    ReviewSummary {
        case_id: case.id,
        case_number: case.case_number.clone(),
        case_title: case.title.clone(),
        party_name: case.party.name.clone(),
        handling_officer: user_ref(names, case.handling_officer_id),
        status: r.status,
        status_label: r.status.label_zh().to_owned(),
        round: r.current().map_or(0, |x| x.number),
        reviewer: r.reviewer.map(|id| user_ref(names, id.0)),
        due_on: d.as_ref().and_then(|d| d.due),
        overdue: deadline_status == Some(DeadlineState::Overdue),
        deadline_status,
        requested_at: s.requested_at,
        updated_at: s.updated_at,
        version: s.version,
    }
}

fn diff_view(d: SubmissionDiff) -> SubmissionDiffView {
    SubmissionDiffView {
        added: d.added,
        removed: d.removed,
        changed: d.changed,
        draft: d.draft,
    }
}

/// What `user` may do on the review now.
fn allowed(
    r: &Review,
    user: Uuid,
    roles: &[sanxiang_domain::account::Role],
    case: &StoredCase,
) -> Vec<String> {
    use sanxiang_domain::account::Role;
    let mut out = Vec::new();
    let reviewing = matches!(r.status, ReviewStatus::Assigned | ReviewStatus::Resubmitted);
    let office = roles.contains(&Role::LegalReviewer) || roles.contains(&Role::Approver);
    if office && (r.status == ReviewStatus::Requested || reviewing) {
        out.push("assign".to_owned());
    }
    if reviewing && r.reviewer == Some(OfficerId(user)) {
        out.extend(["answer", "attach_adviser_opinion", "give_opinion"].map(str::to_owned));
    }
    if office && reviewing && r.current().is_some_and(|x| x.extension.is_none()) {
        out.push("extend".to_owned());
    }
    if matches!(r.status, ReviewStatus::Returned | ReviewStatus::Approved)
        && roles.contains(&Role::Officer)
        && case.officer_ids.contains(&user)
    {
        out.push("resubmit".to_owned());
    }
    out
}

/// The full review view.
pub async fn detail(
    state: &AppState,
    case: &StoredCase,
    s: &StoredReview,
    user: &sanxiang_domain::account::UserAccount,
) -> Result<ReviewDetail, ApiError> {
    let r = &s.review;
    let (_, history) = catalogues(state, case.agency_id).await?;
    let catalogue = catalogue_for(&history, r.catalogue_version)?;
    let cal = case_view::calendar(state).await?;
    let today = state.today();
    let names = review_names(state, case, r).await?;
    let records = sanxiang_persistence::cases::timeline(&state.db, case.id).await?;
    let by_id: HashMap<String, &StoredRecord> =
        records.iter().map(|x| (x.id.to_string(), x)).collect();
    let mut rounds = Vec::with_capacity(r.rounds.len());
    let mut prev: Option<&sanxiang_domain::review::Submission> = None;
    for round in &r.rounds {
        let sub = &round.submission;
        rounds.push(RoundView {
            number: round.number,
            submission: sanxiang_api_types::review::SubmissionView {
                submitted_by: user_ref(&names, sub.submitted_by.0),
                submitted_on: sub.submitted_on,
                materials: sub
                    .materials
                    .iter()
                    .map(|m| MaterialView {
                        record_id: m.id.clone(),
                        kind: m.kind,
                        sha256: m.sha256.clone(),
                        title: by_id.get(&m.id).map(|x| x.title.clone()),
                        record_kind: by_id.get(&m.id).map(|x| x.kind),
                    })
                    .collect(),
                draft: draft_view(&sub.draft),
            },
            started_on: round.started_on,
            extension: round.extension.as_ref().map(|e| ExtensionView {
                granted_on: e.granted_on,
                reason: e.reason.clone(),
            }),
            checklist: ChecklistItem::ALL
                .iter()
                .map(|i| {
                    let a = round.checklist.get(*i);
                    ChecklistEntry {
                        item: *i,
                        number: i.number(),
                        label: i.label_zh().to_owned(),
                        finding: a.map(|a| a.finding),
                        comment: a.map(|a| a.comment.clone()),
                    }
                })
                .collect(),
            checklist_complete: round.checklist.is_complete(),
            adviser_opinion: round.adviser_opinion.as_ref().map(|a| AdviserOpinionView {
                adviser: a.adviser.clone(),
                text: a.text.clone(),
                material_id: a.material_id.clone(),
            }),
            opinion: round.opinion.as_ref().map(|o| match o {
                Opinion::Approve => OpinionView {
                    opinion: OpinionKind::Approve,
                    must_change: vec![],
                    answered_on: round.answered_on,
                },
                Opinion::ProblemsFound { must_change } => OpinionView {
                    opinion: OpinionKind::ProblemsFound,
                    must_change: must_change.clone(),
                    answered_on: round.answered_on,
                },
            }),
            diff: prev.map(|p| diff_view(sanxiang_domain::review::diff(p, sub))),
            flagging: flagging_view(&evaluate(&sub.draft, &catalogue)),
        });
        prev = Some(sub);
    }
    let review_settings = settings(state);
    let discretion = match r.current() {
        Some(c) => {
            discretion_flags(
                state,
                case.agency_id,
                &c.submission.draft,
                c.submission.submitted_on,
            )
            .await?
        }
        None => vec![],
    };
    Ok(ReviewDetail {
        summary: summary(case, s, &names, &review_settings, &cal, today),
        catalogue_version: r.catalogue_version,
        flagging: flagging_view(&s.flagging),
        discretion_flags: discretion.iter().map(discretion_flag_view).collect(),
        rounds,
        diff_latest: r.diff_latest().map(diff_view),
        deadline: deadline_view(r, &review_settings, &cal, today),
        approved: r.status == ReviewStatus::Approved,
        allowed: allowed(r, user.id, &user.roles, case),
    })
}

/// Start of a China calendar day, in UTC.
pub fn day_start(d: NaiveDate) -> Option<chrono::DateTime<chrono::Utc>> {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(8))
}
