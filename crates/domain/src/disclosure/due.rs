//! The due dates of a disclosure, computed from the dates it holds and the working-day calendar
//! of the day they are read: publication within 7 working days for penalty and licence
//! decisions, 20 for others (国办发〔2018〕118号); withdrawal within 3 working days of the
//! decision being changed or revoked (行政处罚法 art. 48). A period that reaches a year without
//! holiday data is unknown — never a guess — and says which year to load.

use super::publication::{DisclosureSettings, ResourceType};
use crate::calendar::{Calendar, Deadline, DeadlineStatus, OutsideCalendar, Period};
use crate::case::CaseKind;
use chrono::{Datelike, NaiveDate};

/// Which due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    /// Publish the decision (118号).
    Publish,
    /// Withdraw a changed or revoked decision (行政处罚法 art. 48).
    Withdraw,
}

/// A due date counted in working days from `start` (the start day not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDate {
    pub kind: DueKind,
    pub start: NaiveDate,
    /// Working days.
    pub amount: u32,
    /// The last day, or the first date the calendar cannot classify.
    pub due: Result<NaiveDate, OutsideCalendar>,
}

impl DueDate {
    /// The last day, when the calendar knows it.
    pub fn known(&self) -> Option<NaiveDate> {
        self.due.ok()
    }

    /// Why the last day is unknown (shown wherever the date would be).
    pub fn note(&self) -> Option<String> {
        self.due.err().map(unknown_note)
    }

    /// Open (not `completed_on`) and past its known last day on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.known().is_some_and(|d| today > d)
    }

    /// The status on `today`; `None` when the last day is unknown.
    pub fn status(
        &self,
        completed_on: Option<NaiveDate>,
        today: NaiveDate,
        due_soon_days: u32,
    ) -> Option<DeadlineStatus> {
        self.known()
            .map(|d| DeadlineStatus::evaluate(d, completed_on, today, due_soon_days))
    }
}

/// The words shown for a due date the calendar cannot compute.
pub fn unknown_note(gap: OutsideCalendar) -> String {
    format!("未知——请先载入{}年的节假日数据", gap.date.year())
}

/// The last day to publish a decision of `kind` made on `decided_on` (118号).
pub fn publication_due(
    settings: &DisclosureSettings,
    resource: ResourceType,
    kind: CaseKind,
    decided_on: NaiveDate,
    cal: &Calendar,
) -> DueDate {
    let amount = settings.publish_days(resource, kind);
    DueDate {
        kind: DueKind::Publish,
        start: decided_on,
        amount,
        due: Deadline::due(decided_on, Period::working(amount), cal),
    }
}

/// The last day to withdraw after the decision was changed or revoked on `required_on`
/// (行政处罚法 art. 48).
pub fn withdrawal_due(
    settings: &DisclosureSettings,
    required_on: NaiveDate,
    cal: &Calendar,
) -> DueDate {
    DueDate {
        kind: DueKind::Withdraw,
        start: required_on,
        amount: settings.withdrawal_days,
        due: Deadline::due(required_on, Period::working(settings.withdrawal_days), cal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// 国办发〔2018〕118号: 7 working days for penalties and licences, 20 for other decisions;
    /// a year without holiday data is unknown, with the year to load — never 7 calendar days.
    #[test]
    fn publication_due_is_unknown_without_the_calendar_118_hao() {
        let cal = Calendar::shipped().unwrap();
        let st = DisclosureSettings::default();
        let d = publication_due(
            &st,
            ResourceType::Decision,
            CaseKind::Penalty,
            day(2026, 9, 30),
            &cal,
        );
        assert_eq!(d.amount, 7);
        assert_eq!(d.known(), cal.add_working_days(day(2026, 9, 30), 7).ok());
        assert_eq!(d.note(), None);
        let fee = publication_due(
            &st,
            ResourceType::Decision,
            CaseKind::Fee,
            day(2026, 9, 30),
            &cal,
        );
        assert_eq!(fee.amount, 20);
        // Decided 2026-12-28: 7 working days reach into 2027, which the shipped calendar lacks.
        let late = publication_due(
            &st,
            ResourceType::Decision,
            CaseKind::Licence,
            day(2026, 12, 28),
            &cal,
        );
        assert_eq!(late.known(), None);
        assert_eq!(
            late.note().as_deref(),
            Some("未知——请先载入2027年的节假日数据")
        );
        assert!(
            !late.overdue(day(2027, 6, 1)),
            "an unknown date is never overdue"
        );
        assert_eq!(late.status(None, day(2027, 6, 1), 3), None);
    }

    /// 行政处罚法 art. 48: withdrawal within 3 working days of the change.
    #[test]
    fn withdrawal_due_art_48() {
        let cal = Calendar::shipped().unwrap();
        let st = DisclosureSettings::default();
        let w = withdrawal_due(&st, day(2026, 9, 30), &cal);
        assert_eq!(w.amount, 3);
        assert_eq!(w.known(), cal.add_working_days(day(2026, 9, 30), 3).ok());
        assert!(w.overdue(day(2026, 12, 1)));
        let late = withdrawal_due(&st, day(2026, 12, 30), &cal);
        assert_eq!(
            late.note().as_deref(),
            Some("未知——请先载入2027年的节假日数据")
        );
    }
}
