//! The penalty fields of a notice or decision: warning, circulated criticism, fine and confiscation in 元, licence
//! measures and other measures. The amounts are sent in fen.

use crate::format::{fen_to_yuan, parse_yuan};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use sanxiang_domain::case::Sanction;

/// The form state of a sanction. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct SanctionInput {
    pub warning: RwSignal<bool>,
    pub criticism: RwSignal<bool>,
    pub fine: RwSignal<String>,
    pub confiscation: RwSignal<String>,
    pub suspension: RwSignal<bool>,
    pub revocation: RwSignal<bool>,
    pub other: RwSignal<String>,
}

impl SanctionInput {
    /// Fields prefilled from `s` (e.g. the notice when deciding).
    pub fn new(s: Option<&Sanction>) -> Self {
        let money = |fen: i64| {
            if fen > 0 {
                fen_to_yuan(fen)
            } else {
                String::new()
            }
        };
        Self {
            warning: RwSignal::new(s.is_some_and(|s| s.warning)),
            criticism: RwSignal::new(s.is_some_and(|s| s.circulated_criticism)),
            fine: RwSignal::new(s.map(|s| money(s.fine_fen)).unwrap_or_default()),
            confiscation: RwSignal::new(s.map(|s| money(s.confiscation_fen)).unwrap_or_default()),
            suspension: RwSignal::new(s.is_some_and(|s| s.licence_suspension)),
            revocation: RwSignal::new(s.is_some_and(|s| s.licence_revocation)),
            other: RwSignal::new(s.map(|s| s.other.join("\n")).unwrap_or_default()),
        }
    }

    /// Sets every field to `s` (e.g. the sanction the issued 告知书 proposes).
    pub fn fill(self, s: &Sanction) {
        let filled = Self::new(Some(s));
        self.warning.set(filled.warning.get_untracked());
        self.criticism.set(filled.criticism.get_untracked());
        self.fine.set(filled.fine.get_untracked());
        self.confiscation.set(filled.confiscation.get_untracked());
        self.suspension.set(filled.suspension.get_untracked());
        self.revocation.set(filled.revocation.get_untracked());
        self.other.set(filled.other.get_untracked());
    }

    /// Whether nothing is entered (no measure, no amount).
    pub fn is_blank(self) -> bool {
        !self.warning.get_untracked()
            && !self.criticism.get_untracked()
            && self.fine.get_untracked().trim().is_empty()
            && self.confiscation.get_untracked().trim().is_empty()
            && !self.suspension.get_untracked()
            && !self.revocation.get_untracked()
            && self.other.get_untracked().trim().is_empty()
    }

    /// The sanction, or `None` when an amount is not a valid number of 元.
    pub fn value(self) -> Option<Sanction> {
        Some(Sanction {
            warning: self.warning.get_untracked(),
            circulated_criticism: self.criticism.get_untracked(),
            fine_fen: parse_yuan(&self.fine.get_untracked())?,
            confiscation_fen: parse_yuan(&self.confiscation.get_untracked())?,
            licence_suspension: self.suspension.get_untracked(),
            licence_revocation: self.revocation.get_untracked(),
            other: self
                .other
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            licence_document: None,
        })
    }
}

/// `prefix` names the inputs (`{prefix}-fine`, …; default `sanction`), so two forms on one page
/// (the decision and the draft sent for legal review) do not share ids.
#[component]
pub fn SanctionFields(
    input: SanctionInput,
    #[prop(optional)] prefix: Option<&'static str>,
) -> impl IntoView {
    let p = prefix.unwrap_or("sanction");
    let id = move |name: &str| format!("{p}-{name}");
    view! {
        <fieldset class="sanction">
            <label class="check">
                <input id=id("warning") type="checkbox" bind:checked=input.warning />
                <span>{t(Key::FieldWarning)}</span>
            </label>
            <label class="check">
                <input id=id("criticism") type="checkbox" bind:checked=input.criticism />
                <span>{t(Key::FieldCirculatedCriticism)}</span>
            </label>
            <div class="field">
                <label for=id("fine")>{t(Key::FieldFineYuan)}</label>
                <input id=id("fine") type="text" inputmode="decimal" bind:value=input.fine />
            </div>
            <div class="field">
                <label for=id("confiscation")>{t(Key::FieldConfiscationYuan)}</label>
                <input
                    id=id("confiscation")
                    type="text"
                    inputmode="decimal"
                    bind:value=input.confiscation
                />
            </div>
            <label class="check">
                <input id=id("suspension") type="checkbox" bind:checked=input.suspension />
                <span>{t(Key::FieldLicenceSuspension)}</span>
            </label>
            <label class="check">
                <input id=id("revocation") type="checkbox" bind:checked=input.revocation />
                <span>{t(Key::FieldLicenceRevocation)}</span>
            </label>
            <div class="field">
                <label for=id("other")>{t(Key::FieldOtherMeasures)}</label>
                <textarea id=id("other") rows="2" bind:value=input.other></textarea>
            </div>
        </fieldset>
    }
}
