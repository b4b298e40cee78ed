//! The dashboard's measures, computed from what the cases and disclosures hold: the counting
//! rules are in `sanxiang_domain::supervision`, the overdue deadlines are those of the
//! deadlines list (`crate::routes::cases::agency_deadlines`).

use super::Supervisor;
use crate::auth::Auth;
use crate::error::{ApiError, ErrorCode};
use crate::routes::cases::{agency_deadlines, day_start, view as case_view};
use crate::state::AppState;
use chrono::{Datelike, NaiveDate};
use sanxiang_api_types::cases::DeadlineState;
use sanxiang_api_types::supervision::{
    AgencyMeasures, DashboardQuery, OverdueCount, PublicationMeasures, StageTime,
    SupervisionDashboard, WithdrawalMeasures,
};
use sanxiang_domain::calendar::{china_date, Calendar};
use sanxiang_domain::supervision::{
    decided_without_required_review, share, stage_changes, stage_durations, Punctuality,
};
use sanxiang_persistence::{cases, supervision, StoreError};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// The dashboard of the agencies granted to the caller, each read recorded.
pub(super) async fn dashboard(
    state: &AppState,
    auth: &Auth<Supervisor>,
    q: &DashboardQuery,
) -> Result<SupervisionDashboard, ApiError> {
    let today = state.today();
    let from = q
        .from
        .or_else(|| NaiveDate::from_ymd_opt(today.year(), 1, 1))
        .unwrap_or(today);
    let to =
        q.to.or_else(|| NaiveDate::from_ymd_opt(today.year(), 12, 31))
            .unwrap_or(today);
    if from > to {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "`from` must not be after `to`",
        ));
    }
    let cal = case_view::calendar(state).await?;
    let mut agencies = Vec::new();
    for &agency_id in &auth.user.auditor_agency_ids {
        let agency = match state.agencies.get(&state.db, agency_id).await {
            Ok(a) => a,
            // A grant of an agency that is gone shows nothing.
            Err(StoreError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        crate::routes::log::note_auditor_read(
            state,
            auth,
            "supervision.dashboard",
            agency_id.to_string(),
            Some(agency_id),
        )
        .await?;
        let mut m = agency_measures(state, &cal, agency_id, from, to).await?;
        m.agency_name = agency.name;
        agencies.push(m);
    }
    agencies.sort_by(|a, b| {
        (a.agency_name.as_str(), a.agency_id).cmp(&(b.agency_name.as_str(), b.agency_id))
    });
    Ok(SupervisionDashboard {
        from,
        to,
        as_of: today,
        agencies,
    })
}

async fn agency_measures(
    state: &AppState,
    cal: &Calendar,
    agency_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AgencyMeasures, ApiError> {
    // Cases opened in the period (China days; a bound beyond the representable is no bound).
    let all = cases::all_cases(
        &state.db,
        agency_id,
        day_start(from),
        to.succ_opt().and_then(day_start),
    )
    .await?;
    let ids: HashSet<Uuid> = all.iter().map(|c| c.id).collect();
    let (publication, withdrawals) = publication(state, cal, agency_id, from, to).await?;
    let mut m = AgencyMeasures {
        agency_id,
        agency_name: String::new(),
        cases: all.len() as u64,
        by_kind: BTreeMap::new(),
        by_stage: BTreeMap::new(),
        overdue: Vec::new(),
        major_decisions: 0,
        major_decisions_without_review: 0,
        publication,
        withdrawals,
        stage_days: BTreeMap::new(),
    };
    let steps = supervision::stage_steps(&state.db, agency_id, &ids).await?;
    let mut days: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    for c in &all {
        *m.by_kind.entry(c.kind.to_string()).or_default() += 1;
        *m.by_stage.entry(c.state.stage.to_string()).or_default() += 1;
        if c.state.flags.legal_review_required && c.state.decision.is_some() {
            m.major_decisions += 1;
        }
        if decided_without_required_review(&c.state) {
            m.major_decisions_without_review += 1;
        }
        let case_steps: Vec<_> = steps
            .get(&c.id)
            .map(|s| s.iter().map(|s| (s.stage, china_date(s.at))).collect())
            .unwrap_or_default();
        let changes = stage_changes(&case_steps, c.state.stage);
        for (stage, d) in stage_durations(china_date(c.created_at), &changes) {
            let e = days.entry(stage.to_string()).or_default();
            e.0 += 1;
            e.1 += d;
        }
    }
    m.stage_days = days
        .into_iter()
        .map(|(k, (n, total))| {
            let average_days = if n == 0 { 0.0 } else { total as f64 / n as f64 };
            (
                k,
                StageTime {
                    count: n,
                    average_days,
                },
            )
        })
        .collect();
    for e in agency_deadlines(state, agency_id, Some(DeadlineState::Overdue), false).await? {
        if !e.case_id.is_some_and(|id| ids.contains(&id)) {
            continue;
        }
        let d = e.deadline;
        match m.overdue.iter_mut().find(|o| o.rule == d.kind) {
            Some(o) => o.count += 1,
            None => m.overdue.push(OverdueCount {
                // A review's label names its round (法制审核（第1轮）): the rule is the same.
                label: d.label.split('（').next().unwrap_or_default().to_owned(),
                rule: d.kind,
                article: d.article,
                count: 1,
            }),
        }
    }
    m.overdue
        .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    Ok(m)
}

/// Publication punctuality and withdrawals of the decisions made in the period.
async fn publication(
    state: &AppState,
    cal: &Calendar,
    agency_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(PublicationMeasures, WithdrawalMeasures), ApiError> {
    let rows = supervision::decision_publications(&state.db, agency_id, from, to).await?;
    let p = Punctuality::of(
        rows.iter().filter_map(|r| {
            r.first_published_at
                .map(|at| (r.decided_on, china_date(at)))
        }),
        cal,
    );
    let count = |f: fn(&supervision::DecisionPublication) -> bool| {
        rows.iter().filter(|r| f(r)).count() as u64
    };
    Ok((
        PublicationMeasures {
            published: u64::from(p.published),
            within_7_working_days: u64::from(p.within_short),
            within_20_working_days: u64::from(p.within_long),
            unknown: u64::from(p.unknown),
            share_within_7: share(p.within_short, p.published),
            share_within_20: share(p.within_long, p.published),
            not_published: count(|r| r.not_published),
        },
        WithdrawalMeasures {
            required: count(|r| r.withdrawal_required),
            withdrawn: count(|r| r.withdrawn),
        },
    ))
}
