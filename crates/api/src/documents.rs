//! Enforcement documents: the one typesetting engine, the case facts documents are composed
//! from, and issuing (number → PDF → blob → issuing record, one transaction:
//! `sanxiang_persistence::documents::issue`). The law of it is in
//! `crates/domain/src/document/`; the layout in `crates/documents/templates/`.

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use chrono::{Datelike, NaiveDate};
use rand::Rng;
use sanxiang_api_types::documents::{DocumentView, SignedCopyView};
use sanxiang_documents::{Engine, Template};
use sanxiang_domain::case::{Outcome, RecordKind};
use sanxiang_domain::document::{
    compose, format_number, CaseFacts, DocumentForm, DocumentKind, EvidenceItem, MissingField,
    OfficerFacts, PartyFacts,
};
use sanxiang_domain::party::PartyId;
use sanxiang_persistence::cases::{self, StoredCase};
use sanxiang_persistence::documents::{self, IssueError, IssueInput, Rendered, StoredDocument};
use sanxiang_persistence::officers;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use uuid::Uuid;

/// The engine, loaded once per process (every test app shares it): fonts are memory-mapped and
/// the standard library is built once.
pub fn engine(dirs: &[PathBuf]) -> Option<Arc<Engine>> {
    static ENGINE: OnceLock<Option<Arc<Engine>>> = OnceLock::new();
    ENGINE
        .get_or_init(|| match Engine::load(dirs) {
            Ok(e) => {
                tracing::info!(families = ?e.families(), "document fonts loaded");
                Some(Arc::new(e))
            }
            Err(e) => {
                tracing::error!(error = %e, "enforcement documents cannot be issued");
                None
            }
        })
        .clone()
}

fn engine_of(state: &AppState) -> Result<Arc<Engine>, ApiError> {
    state.documents.clone().ok_or_else(|| {
        ApiError::new(
            ErrorCode::FontsMissing,
            "No CJK font on the server: install Debian's fonts-noto-cjk (or set SANXIANG_FONT_DIRS) and restart.",
        )
    })
}

/// 422 `document_incomplete` naming every missing element.
pub fn incomplete(missing: &[MissingField]) -> ApiError {
    let mut e = ApiError::new(
        ErrorCode::DocumentIncomplete,
        format!(
            "文书缺少必备内容：{}",
            missing
                .iter()
                .map(|m| m.label.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ),
    );
    for m in missing {
        e = e.with_field(&m.field, m.label.clone());
    }
    e
}

/// Everything the case holds that documents print.
pub async fn case_facts(
    state: &AppState,
    agency: &sanxiang_domain::account::Agency,
    case: &StoredCase,
    on: NaiveDate,
) -> Result<CaseFacts, ApiError> {
    let (_, settings) = documents::settings(&state.db, case.agency_id).await?;
    let mut ids = vec![case.handling_officer_id];
    ids.extend(
        case.officer_ids
            .iter()
            .copied()
            .filter(|i| *i != case.handling_officer_id),
    );
    let officers = officers::acting_officers(&state.db, case.agency_id, &ids)
        .await?
        .into_iter()
        .filter(|o| !case.state.has_withdrawn(o.id))
        .map(|o| OfficerFacts {
            certificate: o
                .certificates
                .iter()
                .find(|c| c.is_valid_on(on, &case.category))
                .map(|c| c.number.clone()),
            name: o.name,
        })
        .collect();
    let records = cases::timeline(&state.db, case.id).await?;
    let mut evidence = Vec::new();
    let mut review = Vec::new();
    let mut deliberation = Vec::new();
    for r in &records {
        let is_evidence = matches!(
            r.kind,
            RecordKind::Photo | RecordKind::Audio | RecordKind::Video
        ) || r.document_type.as_deref() == Some("evidence");
        if is_evidence {
            for a in &r.attachments {
                evidence.push(EvidenceItem {
                    title: r.title.clone(),
                    file_name: a.file_name.clone(),
                    sha256: a.sha256.clone(),
                    recorded_on: sanxiang_domain::calendar::china_date(r.recorded_at),
                });
            }
        }
        match r.document_type.as_deref() {
            Some("legal_review_opinion") => {
                review = r.body.lines().map(str::to_owned).collect();
            }
            Some("deliberation_record") => {
                deliberation = r.body.lines().map(str::to_owned).collect();
            }
            _ => {}
        }
    }
    let sanction = match case.state.decision.as_ref().map(|d| &d.outcome) {
        Some(Outcome::Penalty { sanction }) => Some(sanction.clone()),
        _ => case.state.notice.as_ref().map(|n| n.proposed.clone()),
    };
    let hearing_right = sanction
        .as_ref()
        .is_some_and(|s| s.gives_hearing_right(case.party.kind, &state.config.rules));
    // A hearing notice issued on `on` (行政处罚法 art. 64 (二), art. 85).
    let cal = crate::routes::cases::view::calendar(state).await?;
    let hearing_earliest = sanxiang_domain::calendar::Deadline::due(
        on,
        state.config.rules.hearing_notice_period,
        &cal,
    )
    .ok()
    .and_then(|last| last.succ_opt());
    Ok(CaseFacts {
        agency_name: agency.name.clone(),
        agency_short_name: agency.short_name.clone(),
        settings,
        case_kind: case.kind,
        case_number: case.case_number.clone(),
        case_title: case.title.clone(),
        party: PartyFacts {
            kind: case.party.kind,
            name: case.party.name.clone(),
            id_number: case.party.id.as_ref().map(|id| match id {
                PartyId::CreditCode(c) => c.to_string(),
                PartyId::ResidentId(r) => r.as_str().to_owned(),
                PartyId::Other { kind, number } => format!("{kind} {number}"),
            }),
            address: case.party.address.clone(),
            contact: case.party.contact.clone(),
        },
        officers,
        state: case.state.clone(),
        evidence,
        hearing_right,
        hearing_earliest,
        review,
        deliberation,
    })
}

/// Where a reader checks a document: the agency's setting, else the app's public check page.
fn verify_base(state: &AppState, facts: &CaseFacts) -> String {
    facts
        .settings
        .verify_url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| format!("{}/public/documents/check", state.config.public_base()))
}

/// The footer line that leads a reader to the public check.
fn verification_line(state: &AppState, facts: &CaseFacts, number: &str, code: &str) -> String {
    format!(
        "文号 {number}　核验码 {code}　核验：{}",
        verify_base(state, facts)
    )
}

/// The QR code (SVG) of the public check of this document, by number and code.
fn verification_qr(
    state: &AppState,
    facts: &CaseFacts,
    number: &str,
    code: &str,
) -> Result<Vec<u8>, ApiError> {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let url = format!(
        "{}?number={}&code={code}",
        verify_base(state, facts),
        utf8_percent_encode(number, NON_ALPHANUMERIC)
    );
    let qr =
        qrcode::QrCode::new(url.as_bytes()).map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    Ok(qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .build()
        .into_bytes())
}

/// A short code printed on the document; with the number it checks the document publicly.
/// Crockford base32 without look-alikes, 8 characters.
fn verification_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// Typesetting is CPU work: at most one render per core at a time (more would not finish sooner,
/// and each holds its layout in memory).
fn render_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

/// Renders on a blocking thread.
pub async fn render(
    engine: Arc<Engine>,
    template: Template,
    data: serde_json::Value,
    on: NaiveDate,
    ident: String,
) -> Result<Vec<u8>, ApiError> {
    render_with(engine, template, data, vec![], on, ident).await
}

/// [`render`] with extra files (the QR code).
pub async fn render_with(
    engine: Arc<Engine>,
    template: Template,
    data: serde_json::Value,
    files: Vec<(&'static str, Vec<u8>)>,
    on: NaiveDate,
    ident: String,
) -> Result<Vec<u8>, ApiError> {
    let _permit = render_permits()
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || {
        let pdf = engine.render_with(template, &data, &files, on, &ident);
        release_freed_memory();
        pdf
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// Gives the memory a render freed back to the system. typst lays pages out on rayon's worker
/// threads and the frames are freed on this one; mimalloc (the server's allocator,
/// crates/api/src/main.rs) reclaims such pages only when their own thread allocates again, so idle
/// workers would keep a case file's layout resident (measured with
/// `crates/documents/examples/memory.rs`: 90 MiB after a 200-page case file, none with this).
fn release_freed_memory() {
    // SAFETY: `mi_collect` only frees what the calling thread's heap no longer uses; it is safe to
    // call on any thread at any time (and a no-op for memory not allocated by mimalloc).
    #[expect(unsafe_code, reason = "mimalloc's collection entry point")]
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

/// Stores bytes in the blob store; answers the address.
pub async fn store(state: &AppState, bytes: &[u8]) -> Result<String, ApiError> {
    let mut up = state
        .blobs
        .begin_upload()
        .await
        .map_err(ApiError::internal)?;
    up.write(bytes).await.map_err(ApiError::internal)?;
    let stored = up.commit().await.map_err(ApiError::internal)?;
    Ok(stored.address.as_str().to_owned())
}

/// [`case_facts`] for a document about to be composed from `form`: a 告知书 proposing its own
/// sanction (issued before the notice it serves, 行政处罚法 art. 44, 45) states the hearing right
/// that sanction gives (art. 63, 64).
async fn form_facts(
    state: &AppState,
    agency: &sanxiang_domain::account::Agency,
    case: &StoredCase,
    today: NaiveDate,
    kind: DocumentKind,
    form: &DocumentForm,
) -> Result<CaseFacts, ApiError> {
    let mut facts = case_facts(state, agency, case, today).await?;
    if let (DocumentKind::PenaltyNotice, Some(s)) = (kind, form.sanction.as_ref()) {
        facts.hearing_right = s.gives_hearing_right(case.party.kind, &state.config.rules);
    }
    Ok(facts)
}

/// Composes, numbers, renders and issues one document.
pub async fn issue(
    state: &AppState,
    agency: &sanxiang_domain::account::Agency,
    case: &StoredCase,
    kind: DocumentKind,
    form: DocumentForm,
    issued_by: Uuid,
) -> Result<StoredDocument, ApiError> {
    let engine = engine_of(state)?;
    let today = state.today();
    let facts = form_facts(state, agency, case, today, kind, &form).await?;
    let composed = compose(kind, &facts, &form, today).map_err(|m| incomplete(&m))?;
    let prefix = facts
        .settings
        .number_prefix
        .clone()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| agency.short_name.clone());
    let code = verification_code();
    let template = facts.settings.number_format().to_owned();
    let kind_code = facts.settings.code(kind).to_owned();
    let year = today.year();
    let input = IssueInput {
        id: Uuid::new_v4(),
        agency_id: case.agency_id,
        case_id: case.id,
        kind,
        year,
        verification_code: code.clone(),
        form,
        content: composed.clone(),
        issued_on: today,
        issued_by,
        now: state.now(),
    };
    let result = documents::issue(&state.db, input, |n| {
        let engine = engine.clone();
        let composed = composed.clone();
        let facts = &facts;
        let prefix = prefix.clone();
        let code = code.clone();
        async move {
            let number = format_number(&template, &prefix, &kind_code, year, n.seq)
                .map_err(|e| ApiError::field("settings.number_format", e.to_string()))?;
            let mut data = composed.template_data(
                Some(&number),
                &verification_line(state, facts, &number, &code),
                false,
            );
            data["qr"] = serde_json::json!("/qr.svg");
            let qr = verification_qr(state, facts, &number, &code)?;
            let pdf = render_with(
                engine,
                Template::Document,
                data,
                vec![("/qr.svg", qr)],
                today,
                number.clone(),
            )
            .await?;
            let sha256 = store(state, &pdf).await?;
            Ok::<_, ApiError>(Rendered {
                file_name: format!("{number}.pdf"),
                number,
                sha256,
                size: i64::try_from(pdf.len()).unwrap_or(i64::MAX),
            })
        }
    })
    .await;
    match result {
        Ok(d) => Ok(d),
        Err(IssueError::Render(e)) => Err(e),
        Err(IssueError::Archived) => Err(ApiError::bare(ErrorCode::CaseArchived)),
        Err(IssueError::Store(e)) => Err(e.into()),
    }
}

/// A preview: the same composition and layout, unnumbered and marked 样稿.
pub async fn preview(
    state: &AppState,
    agency: &sanxiang_domain::account::Agency,
    case: &StoredCase,
    kind: DocumentKind,
    form: &DocumentForm,
) -> Result<Vec<u8>, ApiError> {
    let engine = engine_of(state)?;
    let today = state.today();
    let facts = form_facts(state, agency, case, today, kind, form).await?;
    let composed = compose(kind, &facts, form, today).map_err(|m| incomplete(&m))?;
    let data = composed.template_data(None, "样稿，未签发", true);
    render(
        engine,
        Template::Document,
        data,
        today,
        format!("preview-{}", case.id),
    )
    .await
}

/// The API view of an issued document.
pub fn view(d: &StoredDocument) -> DocumentView {
    DocumentView {
        id: d.id,
        case_id: d.case_id,
        kind: d.kind,
        title: d.kind.title_zh().to_owned(),
        number: d.number.clone(),
        issued_on: d.issued_on,
        sha256: d.sha256.clone(),
        size: d.size,
        record_id: d.record_id,
        verification_code: d.verification_code.clone(),
        pdf_url: format!("/api/v1/documents/{}.pdf", d.id),
        signed_copies: d
            .signed_copies
            .iter()
            .map(|c| SignedCopyView {
                sha256: c.sha256.clone(),
                record_id: c.record_id,
                uploaded_at: c.created_at,
            })
            .collect(),
        form: d.form.clone(),
    }
}

/// The legal basis of the latest issued decision document of the case, as citations in words
/// (what the publication carries); `None` when no decision document was issued.
pub async fn decision_basis(
    state: &AppState,
    case: &StoredCase,
) -> Result<Option<Vec<String>>, ApiError> {
    let docs = documents::list_for_case(&state.db, case.agency_id, case.id).await?;
    Ok(docs
        .iter()
        .rev()
        .find(|d| {
            matches!(
                d.kind,
                DocumentKind::PenaltyDecision
                    | DocumentKind::NoPenaltyDecision
                    | DocumentKind::SummaryPenaltyDecision
                    | DocumentKind::LicenceGrant
                    | DocumentKind::LicenceRefusal
            )
        })
        .map(|d| d.form.basis.iter().map(|c| c.to_zh()).collect::<Vec<_>>())
        .filter(|b| !b.is_empty()))
}

/// 409 `document_required` when the command is an act made by a document not yet issued
/// (crates/domain/src/document/gate.rs).
pub async fn require_documents(
    state: &AppState,
    rules: &sanxiang_domain::case::RuleSettings,
    case: &StoredCase,
    cmd: &sanxiang_domain::case::Command,
) -> Result<(), ApiError> {
    if rules.documents_required == Some(false)
        || sanxiang_domain::document::document_for(cmd, &case.state).is_none()
    {
        return Ok(());
    }
    // Unset: only an agency that can issue the documents (its settings saved) must
    // (crates/domain/src/case/settings.rs, `documents_required`).
    if rules.documents_required.is_none()
        && documents::settings(&state.db, case.agency_id).await?.0 == 0
    {
        return Ok(());
    }
    let issued: Vec<DocumentKind> = documents::list_for_case(&state.db, case.agency_id, case.id)
        .await?
        .iter()
        .map(|d| d.kind)
        .collect();
    sanxiang_domain::document::check_documents(cmd, &case.state, &issued).map_err(|kind| {
        ApiError::new(
            ErrorCode::DocumentRequired,
            format!(
                "须先签发{}（行政处罚法第四十四条、第五十九条、第六十一条）",
                kind.title_zh()
            ),
        )
    })
}
