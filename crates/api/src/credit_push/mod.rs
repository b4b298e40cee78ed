//! The credit push connector: every decision publication, correction and withdrawal reaches the
//! provincial credit platform (信用中国 through the provincial platform) once, in its 双公示
//! template, without anyone entering it again. [`dispatcher`] walks the change feed; the
//! document it sends is built here from the same rendered row the export writes
//! (`sanxiang_domain::disclosure::credit::rendered_row`).

pub mod dispatcher;
pub mod settings;

pub use settings::{CreditConfig, CreditPushSettings};

use sanxiang_domain::disclosure::credit::{
    licence_status, rendered_row, template_of, CreditSettings, ReportedOnly, TemplateKind,
    IDENTIFYING_FIELDS,
};
use sanxiang_domain::disclosure::publication::{DecisionSource, PublicDecision};
use sanxiang_persistence::disclosure::feed::{ChangeKind, StoredChange};

/// The document pushed for one feed entry.
#[derive(Debug, Clone, PartialEq)]
pub struct PushDocument {
    pub template: TemplateKind,
    pub action: &'static str,
    pub idempotency_key: String,
    pub body: serde_json::Value,
}

/// The template's word in documents, the log and the API.
pub fn template_word(t: TemplateKind) -> &'static str {
    match t {
        TemplateKind::Penalty => "penalty",
        TemplateKind::Licence => "licence",
    }
}

/// The action of a feed entry the connector pushes, `None` for the rest (an expiry ends the
/// publication, not the credit record).
pub fn action_of(change: ChangeKind) -> Option<&'static str> {
    match change {
        ChangeKind::Publish => Some("publish"),
        ChangeKind::Correct => Some("correct"),
        ChangeKind::Withdraw => Some("withdraw"),
        ChangeKind::Expire => None,
    }
}

/// The idempotency key of a feed entry: the same on every attempt and replay, so the platform
/// can tell a repeat.
pub fn idempotency_key(c: &StoredChange) -> String {
    format!("sanxiang-{}-{}", c.resource_id, c.seq)
}

/// The document for a decision's feed entry, `None` when it is out of scope (not a decision in
/// a pushed template, or an expiry). A publication or correction carries the whole row; a
/// withdrawal the identifying fields and its reason. Keys are the province's
/// ([`CreditPushSettings::key`]).
pub fn document(
    c: &StoredChange,
    public: &PublicDecision,
    source: &DecisionSource,
    push: &CreditPushSettings,
    st: &CreditSettings,
    today: chrono::NaiveDate,
) -> Option<PushDocument> {
    let action = action_of(c.change)?;
    let template = template_of(public)?;
    if !push.kinds.contains(&template) {
        return None;
    }
    let withdrawn = c.change == ChangeKind::Withdraw;
    let status = licence_status(public, withdrawn, today);
    let row = rendered_row(template, public, &ReportedOnly::of(source), status, st);
    let record: serde_json::Map<String, serde_json::Value> = row
        .into_iter()
        .filter(|(f, _)| !withdrawn || IDENTIFYING_FIELDS.contains(&f.id))
        .map(|(f, text)| (push.key(template, f.id, f.column), text.into()))
        .collect();
    let idempotency_key = idempotency_key(c);
    let mut body = serde_json::json!({
        "action": action,
        "seq": c.seq,
        "idempotency_key": idempotency_key,
        "template": template_word(template),
        "record": record,
    });
    if withdrawn {
        body["reason"] = c.reason.clone().unwrap_or_default().into();
    }
    Some(PushDocument {
        template,
        action,
        idempotency_key,
        body,
    })
}
