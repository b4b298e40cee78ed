//! Gates: the checks that block an action, each a pure function of its inputs so it can be
//! tested against its article and reused by the API outside a transition (e.g. when a record is
//! added during investigation).

use super::command::{FineDecided, GateContext, IllegalAct, Override};
use super::error::RuleViolation;
use super::sanction::Sanction;
use super::settings::{Activity, RuleSettings};
use crate::calendar::Deadline;
use crate::party::PartyKind;
use chrono::{Months, NaiveDate};

/// At least `min_officers` officers act, each certified for the case's category on `on`
/// (行政处罚法 art. 42, 55, 76; 行政强制法 art. 18). Every acting officer must be certified: an
/// uncertified one is named rather than silently not counted.
pub fn check_officers(ctx: &GateContext<'_>, on: NaiveDate) -> Result<(), RuleViolation> {
    check_officers_at_least(ctx, on, ctx.settings.min_officers)
}

/// Like [`check_officers`], with the number of officers required given.
pub fn check_officers_at_least(
    ctx: &GateContext<'_>,
    on: NaiveDate,
    min_officers: usize,
) -> Result<(), RuleViolation> {
    for o in &ctx.officers {
        if !o.is_certified_on(on, &ctx.category) {
            return Err(RuleViolation::CertificateInvalid {
                officer: o.id,
                name: o.name.clone(),
                on,
            });
        }
    }
    let mut ids: Vec<_> = ctx.officers.iter().map(|o| o.id).collect();
    ids.sort();
    ids.dedup();
    if ids.len() < min_officers {
        return Err(RuleViolation::TooFewOfficers {
            required: min_officers,
            present: ids.len(),
        });
    }
    Ok(())
}

/// The last day on which a violation can still be discovered (行政处罚法 art. 36): 2 years, or 5
/// for life/health or financial safety with harmful consequences, from the day the violation
/// occurred or, if continuing, ended.
pub fn limitation_ends(
    violation_on: NaiveDate,
    grave_harm: bool,
    settings: &RuleSettings,
) -> NaiveDate {
    let years = if grave_harm {
        settings.limitation_years_grave
    } else {
        settings.limitation_years
    };
    violation_on
        .checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

/// Limitation gate at filing (art. 36). Returns the override that was relied on, if any, so the
/// caller records it; an override needs an approver and a non-blank written reason.
pub fn check_limitation<'o>(
    violation_on: NaiveDate,
    discovered_on: NaiveDate,
    grave_harm: bool,
    limitation_override: Option<&'o Override>,
    settings: &RuleSettings,
) -> Result<Option<&'o Override>, RuleViolation> {
    let expired_on = limitation_ends(violation_on, grave_harm, settings);
    if discovered_on <= expired_on {
        return Ok(None);
    }
    match limitation_override {
        Some(o) if !o.reason.trim().is_empty() => Ok(Some(o)),
        Some(_) => Err(RuleViolation::OverrideReasonRequired),
        None => Err(RuleViolation::LimitationExpired { expired_on }),
    }
}

/// Simplified (on-the-spot) procedure only for a warning or a fine up to the party's ceiling
/// (行政处罚法 art. 51: 200 yuan person, 3,000 yuan organisation).
pub fn check_simplified(
    sanction: &Sanction,
    party: PartyKind,
    settings: &RuleSettings,
) -> Result<(), RuleViolation> {
    let limit_fen = match party {
        PartyKind::NaturalPerson => settings.simplified_max_fine_person_fen,
        PartyKind::Organisation => settings.simplified_max_fine_organisation_fen,
    };
    if sanction.is_warning_only()
        || (sanction.is_fine_only() && sanction.fine_fen > 0 && sanction.fine_fen <= limit_fen)
    {
        Ok(())
    } else {
        Err(RuleViolation::SimplifiedAmountExceeded { limit_fen })
    }
}

/// The last day the party may ask for a hearing: 5 working days after the notice was served
/// (行政处罚法 art. 64, counted per art. 85).
pub fn hearing_request_due(
    notice_served_on: NaiveDate,
    ctx: &GateContext<'_>,
) -> Result<NaiveDate, RuleViolation> {
    Ok(Deadline::due(
        notice_served_on,
        ctx.settings.hearing_request_period,
        ctx.calendar,
    )?)
}

/// Hearing request within the window (art. 64).
pub fn check_hearing_request(
    notice_served_on: NaiveDate,
    requested_on: NaiveDate,
    ctx: &GateContext<'_>,
) -> Result<(), RuleViolation> {
    let due = hearing_request_due(notice_served_on, ctx)?;
    if requested_on > due {
        return Err(RuleViolation::HearingRequestLate { due });
    }
    Ok(())
}

/// The first day a hearing may be held when the party is notified on `notified_on`: after the
/// whole notice period (行政处罚法 art. 64 (二): "七日前", 7 working days per art. 85) has run.
/// A year without calendar data is the calendar error, never a guess.
pub fn hearing_earliest(
    notified_on: NaiveDate,
    ctx: &GateContext<'_>,
) -> Result<NaiveDate, RuleViolation> {
    let last = Deadline::due(
        notified_on,
        ctx.settings.hearing_notice_period,
        ctx.calendar,
    )?;
    Ok(last.succ_opt().unwrap_or(NaiveDate::MAX))
}

/// The hearing notice reaches the party at least 7 working days before the hearing (art. 64 (二)).
pub fn check_hearing_notice(
    notified_on: NaiveDate,
    hearing_on: NaiveDate,
    ctx: &GateContext<'_>,
) -> Result<(), RuleViolation> {
    let earliest = hearing_earliest(notified_on, ctx)?;
    if hearing_on < earliest {
        return Err(RuleViolation::HearingNoticeTooShort { earliest });
    }
    Ok(())
}

/// Whether two descriptions name the same illegal act: the same party (identifier number), the
/// same violation as written, on the same day (行政处罚法 art. 29).
pub fn same_act(a: &IllegalAct, b: &IllegalAct) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<String>().to_uppercase();
    norm(&a.party_id) == norm(&b.party_id)
        && norm(&a.violation) == norm(&b.violation)
        && a.violation_on == b.violation_on
}

/// One act, one fine (行政处罚法 art. 29): a fine for an act another case of the agency already
/// fined is refused, naming that case. A sanction without a fine, or another act, passes.
pub fn check_one_fine(
    sanction: &Sanction,
    act: Option<&IllegalAct>,
    fines_decided: &[FineDecided],
) -> Result<(), RuleViolation> {
    let Some(act) = act else { return Ok(()) };
    if sanction.fine_fen <= 0 {
        return Ok(());
    }
    match fines_decided.iter().find(|f| same_act(&f.act, act)) {
        Some(f) => Err(RuleViolation::AlreadyFined {
            case_number: f.case_number.clone(),
        }),
        None => Ok(()),
    }
}

/// No officer who withdrew from the case (回避) acts in it or is assigned to it again
/// (行政处罚法 art. 43).
pub fn check_not_withdrawn(
    state: &super::state::CaseState,
    officers: &[super::officer::ActingOfficer],
) -> Result<(), RuleViolation> {
    match officers.iter().find(|o| state.has_withdrawn(o.id)) {
        Some(o) => Err(RuleViolation::OfficerWithdrawn {
            officer: o.id,
            name: o.name.clone(),
        }),
        None => Ok(()),
    }
}

/// The presiding officer did not investigate the case (art. 64 (四)).
pub fn check_presider(
    presider: super::officer::OfficerId,
    ctx: &GateContext<'_>,
) -> Result<(), RuleViolation> {
    if ctx.investigators.contains(&presider) {
        return Err(RuleViolation::HearingPresiderConflict);
    }
    Ok(())
}

/// A continuous video record exists when the activity is on the configured list
/// (国办发〔2018〕118号; default: seizure and forced measures).
pub fn check_video(activity: Activity, ctx: &GateContext<'_>) -> Result<(), RuleViolation> {
    if ctx.settings.video_required_for.contains(&activity) && !ctx.videos.contains(&activity) {
        return Err(RuleViolation::VideoRequired { activity });
    }
    Ok(())
}

/// No decision heavier than the notice (行政处罚法 art. 45: not because the party defended; and a
/// heavier penalty than announced would need a fresh notice under art. 44 anyway).
pub fn check_not_heavier(decided: &Sanction, noticed: &Sanction) -> Result<(), RuleViolation> {
    if decided.is_heavier_than(noticed) {
        return Err(RuleViolation::HeavierThanNoticed);
    }
    Ok(())
}

/// An act needing the agency head's approval names the approver.
pub fn check_approval(approved_by: Option<super::officer::OfficerId>) -> Result<(), RuleViolation> {
    approved_by
        .map(|_| ())
        .ok_or(RuleViolation::ApprovalRequired)
}

/// `on` is not before `after` (an act cannot precede the step it follows).
pub fn check_not_before(on: NaiveDate, after: Option<NaiveDate>) -> Result<(), RuleViolation> {
    match after {
        Some(a) if on < a => Err(RuleViolation::DateOutOfOrder { after: a }),
        _ => Ok(()),
    }
}

/// An override with an approver and a non-blank reason.
pub fn check_override(o: Option<&Override>) -> Result<&Override, RuleViolation> {
    match o {
        Some(o) if !o.reason.trim().is_empty() => Ok(o),
        _ => Err(RuleViolation::OverrideReasonRequired),
    }
}

#[cfg(test)]
#[path = "gates_tests.rs"]
mod tests;
