//! Statutory deadlines of a case, computed from its dates with their unit. Deadlines do not block
//! anything; they raise alerts and count as overdue (行政处罚法, 行政许可法, 行政强制法; the article is on each `DeadlineKind`).

use super::kind::{CaseKind, Procedure, Stage};
use super::periods::{Extension, Suspension};
use super::sanction::Outcome;
use super::settings::RuleSettings;
use super::state::CaseState;
use crate::calendar::{Calendar, Deadline, DeadlineStatus, OutsideCalendar, Period};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which statutory deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Penalty decision within 90 days of filing (行政处罚法 art. 60).
    Decision,
    /// Window for the party to ask for a hearing: 5 working days after notice (art. 64).
    HearingRequest,
    /// Decision on preserved evidence within 7 working days (art. 56).
    PreservationDecision,
    /// Service within 7 working days of the decision (art. 61); an on-the-spot decision is
    /// handed over at once (art. 52).
    Service,
    /// Payment of the fine within 15 days of service (art. 67), or by the deferred date or the
    /// next instalment approved (art. 66).
    Payment,
    /// A fine collected on the spot handed in to the agency within 2 working days (art. 71).
    CollectionHandIn,
    /// Application to the court within 3 months after the remedy periods end, for a party who
    /// neither pays nor seeks a remedy (行政强制法 art. 53).
    CourtEnforcement,
    /// Licence application accepted, refused or everything missing told within 5 working days
    /// (行政许可法 art. 32).
    LicenceAcceptance,
    /// Licence decision within 20 (+10) working days of acceptance (行政许可法 art. 42).
    LicenceDecision,
    /// Licence certificate within 10 working days of the decision (行政许可法 art. 44).
    CertificateIssue,
    /// A measure taken in an emergency approved within 24 hours (行政强制法 art. 19).
    EmergencyApproval,
    /// Seizure ends within 30 (+30) days (行政强制法 art. 25).
    SeizureEnd,
}

impl DeadlineKind {
    /// The legal source, shown next to the deadline.
    pub fn article(self) -> &'static str {
        match self {
            Self::Decision => "行政处罚法第六十条",
            Self::HearingRequest => "行政处罚法第六十四条",
            Self::PreservationDecision => "行政处罚法第五十六条",
            Self::Service => "行政处罚法第六十一条",
            Self::Payment => "行政处罚法第六十七条",
            Self::CollectionHandIn => "行政处罚法第七十一条",
            Self::CourtEnforcement => "行政强制法第五十三条",
            Self::LicenceAcceptance => "行政许可法第三十二条",
            Self::LicenceDecision => "行政许可法第四十二条",
            Self::CertificateIssue => "行政许可法第四十四条",
            Self::EmergencyApproval => "行政强制法第十九条",
            Self::SeizureEnd => "行政强制法第二十五条",
        }
    }
}

/// One deadline of a case. `due` is an error when the count reaches a year without holiday data:
/// the app shows "unknown" rather than a guessed date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDeadline {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// Day the period runs from (not itself counted).
    pub start: NaiveDate,
    /// Length and unit of the base period (before extensions).
    pub period: Period,
    /// Last day in time: the base period plus the extensions plus the suspended days, each in the
    /// period's unit, rolled past rest days at the end. While a suspension is open it counts only
    /// the closed ones (the deadline shows as suspended).
    pub due: Result<NaiveDate, OutsideCalendar>,
    /// Last day of the base period alone.
    pub base_due: Result<NaiveDate, OutsideCalendar>,
    /// Approved extensions of this deadline.
    pub extensions: Vec<Extension>,
    /// Suspensions of this deadline (an open one has no end).
    pub suspensions: Vec<Suspension>,
    /// Day the act was done, if done. For the hearing-request window (a right of the party, not a
    /// duty of the agency) it is the request or waiver day, or the due day once the case has
    /// moved past the response stages without a request.
    pub completed_on: Option<NaiveDate>,
}

impl CaseDeadline {
    pub(super) fn new(
        kind: DeadlineKind,
        start: NaiveDate,
        period: Period,
        completed_on: Option<NaiveDate>,
        cal: &Calendar,
    ) -> Self {
        let due = Deadline::due(start, period, cal);
        Self {
            kind,
            start,
            period,
            due,
            base_due: due,
            extensions: Vec::new(),
            suspensions: Vec::new(),
            completed_on,
        }
    }

    /// The first day of the open suspension, if the deadline is suspended now.
    pub fn suspended_since(&self) -> Option<NaiveDate> {
        self.suspensions
            .iter()
            .find(|x| x.to.is_none())
            .map(|x| x.from)
    }

    /// Applies the recorded extensions and suspensions: base period + extensions + suspended
    /// days, counted in the period's own unit, then the roll-over of `Deadline::due`.
    fn adjust(&mut self, extensions: Vec<Extension>, suspensions: Vec<Suspension>, cal: &Calendar) {
        self.extensions = extensions;
        self.suspensions = suspensions;
        if self.extensions.is_empty() && self.suspensions.is_empty() {
            return;
        }
        let extra: u32 = self
            .extensions
            .iter()
            .fold(0u32, |a, e| a.saturating_add(e.days));
        let suspended = self.suspensions.iter().try_fold(0u32, |a, x| {
            Ok(a.saturating_add(x.excluded(self.period.unit, cal)?))
        });
        self.due = suspended.and_then(|days| {
            Deadline::due(
                self.start,
                self.period.plus(extra.saturating_add(days)),
                cal,
            )
        });
    }

    /// Status as seen on `today`, or the calendar gap that makes it unknown. A deadline whose
    /// suspension is open and whose act is not done is `Suspended`.
    pub fn status(
        &self,
        today: NaiveDate,
        settings: &RuleSettings,
    ) -> Result<DeadlineStatus, OutsideCalendar> {
        if self.completed_on.is_none() && self.suspended_since().is_some() {
            return Ok(DeadlineStatus::Suspended);
        }
        let due = self.due?;
        Ok(DeadlineStatus::evaluate(
            due,
            self.completed_on,
            today,
            settings.due_soon_days,
        ))
    }
}

/// Every deadline that has started for the case, in the order of the procedure.
pub fn case_deadlines(s: &CaseState, settings: &RuleSettings, cal: &Calendar) -> Vec<CaseDeadline> {
    let mut out = Vec::new();
    let decided_on = s.decision.as_ref().map(|d| d.decided_on);
    if s.kind == CaseKind::Penalty {
        if let (Procedure::Ordinary, Some(filed)) = (s.procedure, s.filed_on) {
            out.push(CaseDeadline::new(
                DeadlineKind::Decision,
                filed,
                settings.decision_period,
                decided_on,
                cal,
            ));
        }
        if let Some(p) = s.preservation {
            out.push(CaseDeadline::new(
                DeadlineKind::PreservationDecision,
                p.started_on,
                settings.preservation_decision_period,
                p.decided_on,
                cal,
            ));
        }
        if let Some(n) = &s.notice {
            let mut d = CaseDeadline::new(
                DeadlineKind::HearingRequest,
                n.served_on,
                settings.hearing_request_period,
                None,
                cal,
            );
            let answered = s.hearing.map(|h| h.requested_on).or(s.rights_waived_on);
            let moved_on = !matches!(s.stage, Stage::Notice | Stage::Statement);
            d.completed_on = answered.or(if moved_on { d.due.ok() } else { None });
            out.push(d);
        }
        if let Some(dec) = &s.decision {
            if !matches!(dec.outcome, Outcome::TransferToJudicial) {
                let served = s.service.map(|x| x.served_on);
                if s.procedure == Procedure::Simplified {
                    // Art. 52: the on-the-spot decision is handed over at once, the same day.
                    out.push(CaseDeadline {
                        kind: DeadlineKind::Service,
                        start: dec.decided_on,
                        period: Period::calendar(0),
                        due: Ok(dec.decided_on),
                        base_due: Ok(dec.decided_on),
                        extensions: Vec::new(),
                        suspensions: Vec::new(),
                        completed_on: served,
                    });
                } else {
                    out.push(CaseDeadline::new(
                        DeadlineKind::Service,
                        dec.decided_on,
                        settings.service_period,
                        served,
                        cal,
                    ));
                }
            }
            out.extend(payment_deadlines(s, settings, cal));
        }
    }
    if let Some(received) = s.licence.received_on {
        // 行政许可法 art. 32: the supplement restarts the count; the correction notice answers
        // the application it followed.
        let start = s.licence.supplemented_on.unwrap_or(received);
        let corrected = s
            .licence
            .correction_requested_on
            .filter(|_| s.licence.supplemented_on.is_none());
        out.push(CaseDeadline::new(
            DeadlineKind::LicenceAcceptance,
            start,
            settings.licence_acceptance_period,
            s.licence
                .accepted_on
                .or(s.licence.rejected_on)
                .or(corrected),
            cal,
        ));
    }
    if let Some(acc) = s.licence.accepted_on {
        out.push(CaseDeadline::new(
            DeadlineKind::LicenceDecision,
            acc,
            settings.licence_decision_period,
            s.licence.decided_on,
            cal,
        ));
    }
    if let (Some(dec), Some(true)) = (s.licence.decided_on, s.licence.granted) {
        out.push(CaseDeadline::new(
            DeadlineKind::CertificateIssue,
            dec,
            settings.certificate_issue_period,
            s.licence.certificate_issued_on,
            cal,
        ));
    }
    if let Some(taken) = s.measure.emergency_at {
        // 行政强制法 art. 19: 24 hours from the record, shown as the day they end in China.
        let mut d = CaseDeadline::new(
            DeadlineKind::EmergencyApproval,
            crate::calendar::china_date(taken),
            Period::calendar(1),
            s.measure.approved_on.or(s.measure.ended_on),
            cal,
        );
        d.due = Ok(super::coercion::emergency_approval_due_on(taken, settings));
        out.push(d);
    }
    if let Some(start) = s.measure.started_on {
        out.push(CaseDeadline::new(
            DeadlineKind::SeizureEnd,
            start,
            settings.seizure_period,
            s.measure.ended_on,
            cal,
        ));
    }
    for d in &mut out {
        let (ext, sus) = adjustments(s, d, settings);
        d.adjust(ext, sus, cal);
    }
    out
}

/// The deadlines shown on `today`: [`case_deadlines`], with the application to the court (行政强制法
/// art. 53) only once the payment is overdue — before that the party may still pay in time.
pub fn case_deadlines_on(
    s: &CaseState,
    settings: &RuleSettings,
    cal: &Calendar,
    today: NaiveDate,
) -> Vec<CaseDeadline> {
    let mut out = case_deadlines(s, settings, cal);
    let overdue = out.iter().any(|d| {
        d.kind == DeadlineKind::Payment
            && d.completed_on.is_none()
            && d.due.as_ref().is_ok_and(|due| today > *due)
    });
    if !overdue {
        out.retain(|d| d.kind != DeadlineKind::CourtEnforcement);
    }
    out
}

/// The payment deadline (art. 67, or the approved deferral or next instalment, art. 66), the
/// hand-in of fines collected on the spot (art. 71) and, while the party has neither paid nor
/// sought a remedy, the application to the court (行政强制法 art. 53).
fn payment_deadlines(s: &CaseState, settings: &RuleSettings, cal: &Calendar) -> Vec<CaseDeadline> {
    use super::payment as p;
    let mut out = Vec::new();
    let Some((_, served_on)) = p::served_fine(s) else {
        return out;
    };
    let mut pay = CaseDeadline::new(
        DeadlineKind::Payment,
        served_on,
        settings.payment_period,
        s.executed_on,
        cal,
    );
    let info = &s.payment;
    let approved_due = match (&info.instalments, info.deferral) {
        (Some(plan), _) => {
            // The next instalment not yet paid off, else the last.
            let status = p::payment_status(s, settings, cal, served_on);
            let paid_off = |i: usize| {
                status
                    .as_ref()
                    .and_then(|st| st.schedule.get(i))
                    .is_some_and(|x| x.paid_fen >= x.amount_fen)
            };
            let next = (0..plan.instalments.len()).find(|i| !paid_off(*i));
            next.or(plan.instalments.len().checked_sub(1))
                .and_then(|i| plan.instalments.get(i))
                .map(|i| i.due_on)
        }
        (None, Some(d)) => Some(d.until),
        (None, None) => None,
    };
    if let Some(due) = approved_due {
        pay.due = Ok(due);
        let days = (due - served_on).num_days().max(0);
        pay.period = Period::calendar(u32::try_from(days).unwrap_or(u32::MAX));
    }
    out.push(pay);
    for c in &info.collections {
        out.push(CaseDeadline::new(
            DeadlineKind::CollectionHandIn,
            c.hand_in_from(),
            settings.collection_hand_in_period,
            c.handed_in_on,
            cal,
        ));
    }
    let unpaid = s.executed_on.is_none();
    if unpaid && info.remedies.is_empty() {
        let start = p::remedy_periods_end(served_on, settings, cal);
        let due = p::court_application_due(served_on, settings, cal);
        let mut d = CaseDeadline::new(
            DeadlineKind::CourtEnforcement,
            *start.as_ref().unwrap_or(&served_on),
            Period::calendar(0),
            info.court_application.as_ref().map(|c| c.applied_on),
            cal,
        );
        if let (Ok(a), Ok(b)) = (start, due) {
            let days = (b - a).num_days().max(0);
            d.period = Period::calendar(u32::try_from(days).unwrap_or(u32::MAX));
        }
        d.due = due;
        out.push(d);
    }
    out
}

/// The extensions and suspensions recorded for `d`. A case stored before extensions were kept
/// with their approval has only the `extended` flag of its licence or measure: it shows as one
/// extension of the allowed length, approver not recorded.
fn adjustments(
    s: &CaseState,
    d: &CaseDeadline,
    settings: &RuleSettings,
) -> (Vec<Extension>, Vec<Suspension>) {
    let mut ext: Vec<Extension> = s
        .periods
        .extensions
        .iter()
        .filter(|e| e.deadline == d.kind)
        .cloned()
        .collect();
    let legacy = match d.kind {
        DeadlineKind::LicenceDecision => s.licence.extended,
        DeadlineKind::SeizureEnd => s.measure.extended,
        _ => false,
    };
    if legacy && ext.is_empty() {
        if let Ok(rule) = super::periods::extension_rule(settings, d.kind) {
            ext.push(Extension {
                deadline: d.kind,
                days: rule.max_days,
                approved_by: None,
                reason: "经批准延长（批准记录早于本功能）".into(),
                on: d.start,
            });
        }
    }
    let sus = s
        .periods
        .suspensions
        .iter()
        .filter(|x| x.deadline == d.kind)
        .cloned()
        .collect();
    (ext, sus)
}

/// Late-payment surcharge (行政处罚法 art. 72): each day after `due` until `paid_or_today`, the
/// configured share of the fine (3 % = 300 basis points), never more than the fine itself.
/// Integer fen, rounded down.
pub fn late_surcharge_fen(
    fine_fen: i64,
    due: NaiveDate,
    paid_or_today: NaiveDate,
    settings: &RuleSettings,
) -> i64 {
    let days = (paid_or_today - due).num_days().max(0);
    let raw = i128::from(fine_fen.max(0))
        * i128::from(settings.late_surcharge_basis_points_per_day)
        * i128::from(days)
        / 10_000;
    i64::try_from(raw.min(i128::from(fine_fen.max(0)))).unwrap_or(fine_fen)
}
