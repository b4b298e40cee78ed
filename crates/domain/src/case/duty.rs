//! Who may do what on a case: separation of duties (职责分离), as one table.
//!
//! A case is worked by the officers assigned to it (承办人员); the agency head (机关负责人,
//! role `approver`) examines the result and decides; a legal reviewer (法制审核人员) reviews the
//! draft decision and must stay independent of the file it reviews. Everyone else of the agency
//! reads. The table, per act:
//!
//! | act | handling officer | approver | legal reviewer of the case | other staff |
//! |---|---|---|---|---|
//! | append a record to the file | yes | no | no | no |
//! | `decide`, ordinary procedure | no | yes | no | no |
//! | `decide`, simplified procedure (当场处罚) | yes | no | no | no |
//! | `complete` at 法制审核 / 集体讨论 / 决定 | yes | yes | no | no |
//! | record the collective deliberation (集体讨论记录) | yes | yes | no | no |
//! | approvals and overrides: `file`, `preserve_evidence`, `extend_review`, `approve_measure`, `disapprove_measure`, `extend_measure`, `approve_deferral`, `approve_instalments`, `apply_court_enforcement`, `decide_licence`, `archive` | yes | yes | no | no |
//! | every other action | yes | no | no | no |
//! | record an extension (approved by the head named in it) or a suspension of a deadline | yes | no | no | no |
//!
//! Grounds: 行政处罚法 art. 57 (after the investigation the agency head examines the result and
//! decides), art. 51–52 (the officer decides on the spot in the simplified procedure), art. 58
//! (the legal review is by staff who did not handle the case, so a reviewer neither decides nor
//! adds to what they review), art. 42 (penalties are enforced by the officers who hold the
//! case); art. 57 para. 2 (the agency heads deliberate together: the head, or the officer who
//! handles the case and keeps its file, records it — not another officer, nor the case's legal
//! reviewer). Who named an approver in an approval, and who gives an override, is checked where the
//! command is taken (in the approver's own name).

use super::kind::{Action, Procedure, Stage};
use crate::account::Role;
use std::fmt;

/// An act on a case that changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAct {
    /// Append a record (笔录, 文书, photo, …) to the case file.
    AppendRecord,
    /// Run an action of the stage machine at the case's current stage.
    Run(Action),
    /// Record an extension or a suspension of one of its deadlines (`super::periods`).
    AdjustPeriod,
    /// Record the collective deliberation of the agency heads (行政处罚法 art. 57).
    RecordDeliberation,
}

/// The caller's standing towards one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing<'a> {
    /// The caller's roles.
    pub roles: &'a [Role],
    /// The caller is one of the officers assigned to the case (承办人员).
    pub assigned: bool,
    /// The caller is (or was) the case's legal reviewer.
    pub reviews_case: bool,
}

/// A duty that admits an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// An officer assigned to the case.
    HandlingOfficer,
    /// The agency head (机关负责人).
    Approver,
}

impl Duty {
    fn held_by(self, s: &Standing<'_>) -> bool {
        match self {
            Duty::HandlingOfficer => s.assigned && s.roles.contains(&Role::Officer),
            Duty::Approver => s.roles.contains(&Role::Approver),
        }
    }

    /// The Chinese name of the duty, for refusals.
    pub fn label(self) -> &'static str {
        match self {
            Duty::HandlingOfficer => "本案承办执法人员",
            Duty::Approver => "机关负责人",
        }
    }
}

const OFFICER: &[Duty] = &[Duty::HandlingOfficer];
const APPROVER: &[Duty] = &[Duty::Approver];
const EITHER: &[Duty] = &[Duty::HandlingOfficer, Duty::Approver];

/// The duties that admit `act` on a case in `procedure` at `stage` (the table above).
pub fn duties(act: CaseAct, procedure: Procedure, stage: Stage) -> &'static [Duty] {
    match act {
        CaseAct::AppendRecord => OFFICER,
        // The file is kept by the officers who hold the case (行政处罚法 art. 42); the head's
        // approval of an extension is named in it and checked as an approval.
        CaseAct::AdjustPeriod => OFFICER,
        CaseAct::RecordDeliberation => EITHER,
        CaseAct::Run(Action::Decide) => match procedure {
            Procedure::Simplified => OFFICER,
            Procedure::Ordinary => APPROVER,
        },
        CaseAct::Run(Action::Complete)
            if matches!(
                stage,
                Stage::LegalReview | Stage::CollectiveDeliberation | Stage::Decision
            ) =>
        {
            EITHER
        }
        CaseAct::Run(
            Action::File
            | Action::PreserveEvidence
            | Action::ExtendReview
            | Action::ApproveMeasure
            | Action::DisapproveMeasure
            | Action::ExtendMeasure
            | Action::ApproveDeferral
            | Action::ApproveInstalments
            | Action::ApplyCourtEnforcement
            | Action::DecideLicence
            | Action::Archive,
        ) => EITHER,
        CaseAct::Run(_) => OFFICER,
    }
}

/// Why an act on a case was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DutyRefusal {
    /// The case's legal reviewer may not change the file it reviews (art. 58).
    ReviewerOfCase,
    /// The caller holds none of the duties that admit the act.
    NotYourDuty(&'static [Duty]),
}

impl DutyRefusal {
    /// Stable code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            DutyRefusal::ReviewerOfCase => "reviewer_may_not_act",
            DutyRefusal::NotYourDuty(_) => "not_your_duty",
        }
    }
}

impl fmt::Display for DutyRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DutyRefusal::ReviewerOfCase => f.write_str(
                "本案的法制审核人员不得办理或决定其审核的案件，也不得向案卷添加记录（行政处罚法第五十八条）。",
            ),
            DutyRefusal::NotYourDuty(duties) => {
                let names: Vec<&str> = duties.iter().map(|d| d.label()).collect();
                write!(f, "此操作只能由{}办理。", names.join("或"))
            }
        }
    }
}

/// Whether the caller of `standing` may do `act` on a case in `procedure` at `stage`.
pub fn check_duty(
    standing: &Standing<'_>,
    act: CaseAct,
    procedure: Procedure,
    stage: Stage,
) -> Result<(), DutyRefusal> {
    if standing.reviews_case {
        return Err(DutyRefusal::ReviewerOfCase);
    }
    let admitted = duties(act, procedure, stage);
    if admitted.iter().any(|d| d.held_by(standing)) {
        Ok(())
    } else {
        Err(DutyRefusal::NotYourDuty(admitted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const O: &[Role] = &[Role::Officer];
    const A: &[Role] = &[Role::Approver];
    const R: &[Role] = &[Role::LegalReviewer];
    const RO: &[Role] = &[Role::LegalReviewer, Role::Officer];

    fn st(roles: &[Role], assigned: bool, reviews_case: bool) -> Standing<'_> {
        Standing {
            roles,
            assigned,
            reviews_case,
        }
    }

    fn ok(s: Standing<'_>, act: CaseAct, p: Procedure, stage: Stage) -> bool {
        check_duty(&s, act, p, stage).is_ok()
    }

    /// Roles, assigned, reviewer of the case, act, procedure, stage, admitted, article.
    type Row = (
        &'static [Role],
        bool,
        bool,
        CaseAct,
        Procedure,
        Stage,
        bool,
        &'static str,
    );

    /// Each row: roles, assigned, reviewer of the case, act, procedure, stage, admitted — with
    /// the article it follows.
    #[test]
    fn the_table() {
        use Action::*;
        use CaseAct::*;
        use Procedure::*;
        use Stage::*;
        let rows: &[Row] = &[
            // art. 42: the assigned officers record and act.
            (
                O,
                true,
                false,
                AppendRecord,
                Ordinary,
                Investigation,
                true,
                "art. 42",
            ),
            (
                O,
                false,
                false,
                AppendRecord,
                Ordinary,
                Investigation,
                false,
                "art. 42",
            ),
            (
                O,
                true,
                false,
                Run(IssueNotice),
                Ordinary,
                InvestigationReport,
                true,
                "art. 44",
            ),
            (
                O,
                false,
                false,
                Run(IssueNotice),
                Ordinary,
                InvestigationReport,
                false,
                "art. 42",
            ),
            // art. 57: the agency head decides in the ordinary procedure.
            (
                A,
                false,
                false,
                Run(Decide),
                Ordinary,
                Decision,
                true,
                "art. 57",
            ),
            (
                O,
                true,
                false,
                Run(Decide),
                Ordinary,
                Decision,
                false,
                "art. 57",
            ),
            (
                R,
                false,
                false,
                Run(Decide),
                Ordinary,
                Decision,
                false,
                "art. 57",
            ),
            // art. 51–52: on the spot, the officer decides.
            (
                O,
                true,
                false,
                Run(Decide),
                Simplified,
                OnSite,
                true,
                "art. 52",
            ),
            (
                A,
                false,
                false,
                Run(Decide),
                Simplified,
                OnSite,
                false,
                "art. 52",
            ),
            // art. 58: the case's legal reviewer neither decides nor adds to the file.
            (
                RO,
                true,
                true,
                AppendRecord,
                Ordinary,
                LegalReview,
                false,
                "art. 58",
            ),
            (
                R,
                false,
                true,
                AppendRecord,
                Ordinary,
                LegalReview,
                false,
                "art. 58",
            ),
            (
                R,
                false,
                false,
                AppendRecord,
                Ordinary,
                LegalReview,
                false,
                "art. 58",
            ),
            // Approvers approve: they do not write the file.
            (
                A,
                false,
                false,
                AppendRecord,
                Ordinary,
                Investigation,
                false,
                "art. 57",
            ),
            (
                A,
                false,
                false,
                Run(Complete),
                Ordinary,
                LegalReview,
                true,
                "art. 57",
            ),
            (
                A,
                false,
                false,
                Run(Complete),
                Ordinary,
                Investigation,
                false,
                "art. 42",
            ),
            (
                A,
                false,
                false,
                Run(Action::Archive),
                Ordinary,
                Stage::Archive,
                true,
                "art. 57",
            ),
            // art. 57: the deliberation is recorded by the head or the case's own officer.
            (
                A,
                false,
                false,
                RecordDeliberation,
                Ordinary,
                CollectiveDeliberation,
                true,
                "art. 57",
            ),
            (
                O,
                true,
                false,
                RecordDeliberation,
                Ordinary,
                CollectiveDeliberation,
                true,
                "art. 57",
            ),
            (
                O,
                false,
                false,
                RecordDeliberation,
                Ordinary,
                CollectiveDeliberation,
                false,
                "art. 57",
            ),
            (
                R,
                false,
                true,
                RecordDeliberation,
                Ordinary,
                Decision,
                false,
                "art. 57, 58",
            ),
            (
                O,
                true,
                false,
                Run(Action::Archive),
                Ordinary,
                Stage::Archive,
                true,
                "art. 42",
            ),
            // 行政处罚法 art. 42, 60: the handling officers record an extension (the head's
            // approval is named in it) or a suspension; others do not write the file.
            (
                O,
                true,
                false,
                AdjustPeriod,
                Ordinary,
                Investigation,
                true,
                "art. 42, 60",
            ),
            (
                O,
                false,
                false,
                AdjustPeriod,
                Ordinary,
                Investigation,
                false,
                "art. 42, 60",
            ),
            (
                A,
                false,
                false,
                AdjustPeriod,
                Ordinary,
                Investigation,
                false,
                "art. 42, 60",
            ),
            (
                R,
                false,
                false,
                AdjustPeriod,
                Ordinary,
                Investigation,
                false,
                "art. 58",
            ),
            (
                RO,
                true,
                true,
                AdjustPeriod,
                Ordinary,
                Investigation,
                false,
                "art. 58",
            ),
        ];
        for (i, (roles, assigned, reviews, act, p, stage, want, article)) in rows.iter().enumerate()
        {
            assert_eq!(
                ok(st(roles, *assigned, *reviews), *act, *p, *stage),
                *want,
                "row {i} ({article}): {roles:?} assigned={assigned} reviewer={reviews} {act:?} {p:?} {stage:?}"
            );
        }
    }

    #[test]
    fn a_refusal_names_who_may_act() {
        let e = check_duty(
            &st(O, true, false),
            CaseAct::Run(Action::Decide),
            Procedure::Ordinary,
            Stage::Decision,
        )
        .unwrap_err();
        assert_eq!(e.code(), "not_your_duty");
        assert!(e.to_string().contains("机关负责人"), "{e}");
    }
}
