//! Which parts of the document form each document type uses — read off the composition in
//! `crates/domain/src/document/compose.rs`, so the form shows only what the type prints (the rest
//! of the document comes from the case and the agency's settings).

use crate::i18n::Key;
use sanxiang_domain::document::DocumentKind;

/// The form's parts one document type uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Uses {
    /// 法定代表人（负责人）: printed for an organisation party (行政处罚法 art. 59 (一)).
    pub legal_representative: bool,
    /// The facts, under this label.
    pub facts: Option<Key>,
    /// The provisions violated.
    pub violated: bool,
    /// The provisions the act rests on, under this label.
    pub basis: Option<Key>,
    /// Discretion reasoning (行政处罚法 art. 34).
    pub discretion: bool,
    /// Start time, under this label.
    pub started_at: Option<Key>,
    /// End time (笔录).
    pub ended_at: bool,
    /// Place, under this label.
    pub place: Option<Key>,
    /// Persons present (笔录).
    pub persons_present: bool,
    /// Questions and answers (笔录).
    pub qa: bool,
    /// Findings, under this label.
    pub findings: Option<Key>,
    /// The document's own text, under this label.
    pub text: Option<Key>,
    /// Listed items (goods, materials).
    pub items: bool,
    /// Hearing time and place (行政处罚法 art. 64).
    pub hearing_at: bool,
    pub hearing_place: bool,
    /// The presiding officer of a hearing.
    pub presiding: bool,
    /// Service: `Some(true)` the full receipt (documents, method, date), `Some(false)` the
    /// address confirmation (address, recipient, consented method).
    pub service: Option<bool>,
    /// A period in days (行政强制法 art. 25).
    pub period_days: bool,
    /// The sanction proposed: a 告知书 is issued before the notice it serves (行政处罚法 art. 44),
    /// a renewed one proposes anew (art. 45).
    pub sanction: bool,
}

/// The parts `kind` uses.
pub fn uses(kind: DocumentKind) -> Uses {
    use DocumentKind as K;
    let record = Uses {
        started_at: Some(Key::DocStartedAt),
        ended_at: true,
        place: Some(Key::DocPlace),
        persons_present: true,
        ..Uses::default()
    };
    match kind {
        K::FilingApproval => Uses {
            violated: true,
            text: Some(Key::DocTextFiling),
            ..Uses::default()
        },
        K::InquiryRecord => Uses { qa: true, ..record },
        K::InspectionRecord => Uses {
            findings: Some(Key::DocFindingsInspection),
            ..record
        },
        K::DefenceRecord => Uses {
            qa: true,
            text: Some(Key::DocTextDefence),
            ..record
        },
        K::HearingRecord => Uses {
            qa: true,
            presiding: true,
            ..record
        },
        K::PreservationNotice => Uses {
            items: true,
            place: Some(Key::DocPlacePreservation),
            ..Uses::default()
        },
        K::PreservationDecision => Uses {
            items: true,
            text: Some(Key::DocTextPreservation),
            ..Uses::default()
        },
        K::InvestigationReport => Uses {
            facts: Some(Key::DocFacts),
            violated: true,
            basis: Some(Key::DocBasisPenalty),
            discretion: true,
            text: Some(Key::DocTextReport),
            ..Uses::default()
        },
        K::PenaltyNotice => Uses {
            facts: Some(Key::DocFacts),
            violated: true,
            basis: Some(Key::DocBasisPenalty),
            sanction: true,
            ..Uses::default()
        },
        K::HearingNotice => Uses {
            hearing_at: true,
            hearing_place: true,
            presiding: true,
            ..Uses::default()
        },
        K::HearingReport => Uses {
            hearing_at: true,
            presiding: true,
            text: Some(Key::DocTextHearingReport),
            ..Uses::default()
        },
        K::LegalReviewOpinion | K::DeliberationRecord => Uses::default(),
        K::PenaltyDecision => Uses {
            legal_representative: true,
            facts: Some(Key::DocFacts),
            violated: true,
            basis: Some(Key::DocBasisPenalty),
            discretion: true,
            ..Uses::default()
        },
        K::SummaryPenaltyDecision => Uses {
            legal_representative: true,
            facts: Some(Key::DocFacts),
            violated: true,
            basis: Some(Key::DocBasisPenalty),
            discretion: true,
            place: Some(Key::DocPlaceViolation),
            ..Uses::default()
        },
        K::NoPenaltyDecision => Uses {
            legal_representative: true,
            facts: Some(Key::DocFactsFound),
            text: Some(Key::DocTextNoPenalty),
            ..Uses::default()
        },
        K::ServiceAddressConfirmation => Uses {
            service: Some(false),
            ..Uses::default()
        },
        K::ServiceReceipt => Uses {
            service: Some(true),
            ..Uses::default()
        },
        K::ExecutionRecord => Uses {
            text: Some(Key::DocTextExecution),
            ..Uses::default()
        },
        K::ClosingApproval => Uses {
            text: Some(Key::DocTextClosing),
            ..Uses::default()
        },
        K::InspectionNotice => Uses {
            started_at: Some(Key::DocInspectionAt),
            basis: Some(Key::DocBasisInspection),
            text: Some(Key::DocTextInspectionMatters),
            ..Uses::default()
        },
        K::InspectionResult => Uses {
            findings: Some(Key::DocFindings),
            text: Some(Key::DocTextInspectionResult),
            ..Uses::default()
        },
        K::LicenceAcceptance => Uses {
            text: Some(Key::DocTextLicenceMatter),
            ..Uses::default()
        },
        K::LicenceRejection => Uses {
            text: Some(Key::DocTextLicenceRejection),
            ..Uses::default()
        },
        K::LicenceCorrectionNotice => Uses {
            items: true,
            ..Uses::default()
        },
        K::LicenceGrant => Uses {
            basis: Some(Key::DocBasisLicence),
            text: Some(Key::DocTextLicenceGrant),
            ..Uses::default()
        },
        K::LicenceRefusal => Uses {
            basis: Some(Key::DocBasisLicence),
            text: Some(Key::DocTextLicenceRefusal),
            ..Uses::default()
        },
        K::SeizureDecision => Uses {
            facts: Some(Key::DocFactsSeizure),
            basis: Some(Key::DocBasisSeizure),
            place: Some(Key::DocPlaceSeizure),
            period_days: true,
            items: true,
            ..Uses::default()
        },
        K::SeizureExtension => Uses {
            period_days: true,
            text: Some(Key::DocTextSeizureExtension),
            ..Uses::default()
        },
        K::SeizureRelease => Uses {
            items: true,
            text: Some(Key::DocTextSeizureRelease),
            ..Uses::default()
        },
    }
}

/// Whether nothing of the form is used: the document is composed from the case alone (the
/// legal review's opinion, the deliberation's record).
pub fn from_case_alone(kind: DocumentKind) -> bool {
    uses(kind) == Uses::default()
}
