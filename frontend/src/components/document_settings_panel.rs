//! 文书设置 (administrators): what every document of the agency is composed with — header, number
//! prefix and template, the bank account fines are paid to (行政处罚法 art. 67), the reconsideration
//! organ and the court named in decisions (art. 59 (五)), the contact printed on notices and the
//! public check address. Saved as a new version against the version read (409 when someone else
//! saved since).

use crate::api::Session;
use crate::components::field_error::FieldError;
use crate::components::form_error::FormError;
use crate::components::submit_button::SubmitButton;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::documents::{
    BankAccount, DocumentSettings, DocumentSettingsView, SaveDocumentSettings,
};
use std::collections::BTreeMap;

fn some_text(s: String) -> Option<String> {
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// The form's fields, each a signal.
#[derive(Clone, Copy)]
struct Fields {
    header: RwSignal<String>,
    number_prefix: RwSignal<String>,
    number_format: RwSignal<String>,
    bank: RwSignal<String>,
    account_name: RwSignal<String>,
    account_number: RwSignal<String>,
    organ: RwSignal<String>,
    court: RwSignal<String>,
    contact: RwSignal<String>,
    verify_url: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Self {
            header: s(),
            number_prefix: s(),
            number_format: s(),
            bank: s(),
            account_name: s(),
            account_number: s(),
            organ: s(),
            court: s(),
            contact: s(),
            verify_url: s(),
        }
    }

    fn fill(self, s: &DocumentSettings) {
        let v = |o: &Option<String>| o.clone().unwrap_or_default();
        self.header.set(v(&s.header));
        self.number_prefix.set(v(&s.number_prefix));
        self.number_format.set(v(&s.number_format));
        let bank = s.bank_account.as_ref();
        self.bank
            .set(bank.map(|b| b.bank.clone()).unwrap_or_default());
        self.account_name
            .set(bank.map(|b| b.account_name.clone()).unwrap_or_default());
        self.account_number
            .set(bank.map(|b| b.account_number.clone()).unwrap_or_default());
        self.organ.set(v(&s.reconsideration_organ));
        self.court.set(v(&s.court));
        self.contact.set(v(&s.contact));
        self.verify_url.set(v(&s.verify_url));
    }

    /// The settings as entered; `codes` (per-type number codes) are kept as read.
    fn settings(self, read: &DocumentSettings) -> DocumentSettings {
        let g = |s: RwSignal<String>| some_text(s.get_untracked());
        let bank_account = match (g(self.bank), g(self.account_name), g(self.account_number)) {
            (None, None, None) => None,
            (bank, name, number) => Some(BankAccount {
                bank: bank.unwrap_or_default(),
                account_name: name.unwrap_or_default(),
                account_number: number.unwrap_or_default(),
            }),
        };
        DocumentSettings {
            header: g(self.header),
            number_prefix: g(self.number_prefix),
            number_format: g(self.number_format),
            codes: read.codes.clone(),
            bank_account,
            reconsideration_organ: g(self.organ),
            court: g(self.court),
            contact: g(self.contact),
            verify_url: g(self.verify_url),
        }
    }
}

fn field(
    id: &'static str,
    label: Key,
    hint: Option<Key>,
    value: RwSignal<String>,
    errors: RwSignal<BTreeMap<String, Vec<String>>>,
    error_field: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input id=id class="input" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            {hint.map(|h| view! { <p class="muted small">{placeholders_as_code(t(h))}</p> })}
            <FieldError errors=errors field=error_field />
        </div>
    }
}

#[component]
pub fn DocumentSettingsPanel() -> impl IntoView {
    let session = Session::use_session();
    let current = RwSignal::new(None::<DocumentSettingsView>);
    let fields = Fields::new();
    let errors = RwSignal::new(BTreeMap::<String, Vec<String>>::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<i32>);
    let saving = RwSignal::new(false);
    let reload = RwSignal::new(0u32);
    let loaded = LocalResource::new(move || {
        let _ = reload.get();
        async move { session.document_settings().await }
    });
    Effect::new(move |_| match loaded.get() {
        Some(Ok(view)) => {
            fields.fill(&view.settings);
            current.set(Some(view));
        }
        Some(Err(err)) => error.set(Some(err.message())),
        None => {}
    });

    let on_save = Callback::new(move |_| {
        let Some(read) = current.get_untracked() else {
            return;
        };
        saving.set(true);
        error.set(None);
        saved.set(None);
        errors.set(BTreeMap::new());
        let body = SaveDocumentSettings {
            expected_version: read.version,
            settings: fields.settings(&read.settings),
        };
        spawn_local(async move {
            match session.save_document_settings(&body).await {
                Ok(view) => {
                    saved.try_set(Some(view.version));
                    current.try_set(Some(view));
                }
                Err(err) => {
                    if err.code() == Some("version_conflict") {
                        // Someone saved since: show theirs (reloaded) and say so.
                        reload.update(|n| *n += 1);
                    }
                    errors.try_set(err.field_errors());
                    error.try_set(Some(err.message()));
                }
            }
            saving.try_set(false);
        });
    });

    let f = fields;
    view! {
        <section id="document-settings" class="card">
            <h2 class="section-title">{t(Key::DocSettingsTitle)}</h2>
            <p class="muted small">{t(Key::DocSettingsHint)}</p>
            <p class="muted small" id="document-settings-version">
                {move || current.get().map(|c| format!("{}{}", t(Key::DocSettingsVersion), c.version))}
            </p>
            <form class="settings-form" on:submit=|ev| ev.prevent_default()>
                {field("settings-header", Key::DocSettingsHeader, Some(Key::DocSettingsHeaderHint), f.header, errors, "settings.header")}
                {field("settings-number-prefix", Key::DocSettingsPrefix, None, f.number_prefix, errors, "settings.number_prefix")}
                {field("settings-number-format", Key::DocSettingsFormat, Some(Key::DocSettingsFormatHint), f.number_format, errors, "settings.number_format")}
                <fieldset class="field">
                    <legend>{t(Key::DocSettingsBank)}</legend>
                    {field("settings-bank", Key::DocSettingsBankName, None, f.bank, errors, "settings.bank_account.bank")}
                    {field("settings-account-name", Key::DocSettingsAccountName, None, f.account_name, errors, "settings.bank_account.account_name")}
                    {field("settings-account-number", Key::DocSettingsAccountNumber, None, f.account_number, errors, "settings.bank_account.account_number")}
                </fieldset>
                {field("settings-organ", Key::DocSettingsOrgan, None, f.organ, errors, "settings.reconsideration_organ")}
                {field("settings-court", Key::DocSettingsCourt, None, f.court, errors, "settings.court")}
                {field("settings-contact", Key::DocSettingsContact, None, f.contact, errors, "settings.contact")}
                {field("settings-verify-url", Key::DocSettingsVerifyUrl, None, f.verify_url, errors, "settings.verify_url")}
                <FormError error=error id="document-settings-error" />
                <Show when=move || saved.with(Option::is_some)>
                    <p id="document-settings-saved" class="ok-text" role="status">
                        {move || saved.get().map(|v| format!("{}{}", t(Key::DocSettingsSaved), v))}
                    </p>
                </Show>
                <SubmitButton id="document-settings-save" label=t(Key::DocSettingsSave) busy=saving on_click=on_save />
            </form>
        </section>
    }
}

/// A hint whose `{placeholders}` (what the administrator types into the number format) are
/// set as code, the rest as text.
fn placeholders_as_code(text: &'static str) -> impl IntoView {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        parts.push((
            rest[..start].to_owned(),
            Some(rest[start..=start + len].to_owned()),
        ));
        rest = &rest[start + len + 1..];
    }
    parts.push((rest.to_owned(), None));
    parts
        .into_iter()
        .map(|(plain, code)| view! { {plain} {code.map(|c| view! { <code>{c}</code> })} })
        .collect_view()
}
