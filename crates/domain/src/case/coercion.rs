//! Coercive measures taken in an emergency and the seizure list (行政强制法 art. 19, 24).
//!
//! Art. 19: where the situation is urgent, officers take the measure on the spot first, report to
//! the agency head within 24 hours and obtain the approval afterwards; if the head finds the
//! measure should not have been taken, it is released at once. The 24 hours are hours, not days:
//! they run from the server time at which the measure was recorded. Art. 24: a seizure (查封、
//! 扣押) hands its decision and the list of things seized to the party on the spot.

use super::error::RuleViolation;
use super::settings::RuleSettings;
use super::state::SeizureList;
use crate::calendar::china_date;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The list handed over on the spot: at least one item, handed over the day the measure was
/// carried out (art. 24).
pub fn check_seizure_list(
    on: NaiveDate,
    list: Option<SeizureList>,
) -> Result<SeizureList, RuleViolation> {
    match list {
        Some(l) if l.items > 0 && l.handed_over_on == on => Ok(l),
        _ => Err(RuleViolation::SeizureListMissing),
    }
}

/// The instant by which an emergency measure taken at `taken_at` must be approved (art. 19).
pub fn emergency_approval_due_at(
    taken_at: DateTime<Utc>,
    settings: &RuleSettings,
) -> DateTime<Utc> {
    taken_at + Duration::hours(i64::from(settings.emergency_approval_hours))
}

/// The same as a day in China, for the deadline list.
pub fn emergency_approval_due_on(taken_at: DateTime<Utc>, settings: &RuleSettings) -> NaiveDate {
    china_date(emergency_approval_due_at(taken_at, settings))
}

/// How late an approval recorded at `now` is, as text, or `None` when in time.
pub fn emergency_approval_late(
    taken_at: DateTime<Utc>,
    now: DateTime<Utc>,
    settings: &RuleSettings,
) -> Option<String> {
    let due = emergency_approval_due_at(taken_at, settings);
    (now > due).then(|| {
        let late = now - due;
        format!("{}小时{}分钟", late.num_hours(), late.num_minutes() % 60)
    })
}
