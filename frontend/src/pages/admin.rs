//! 系统管理 (admin): the agency's document settings (文书设置), and access of portals to the public
//! API — API keys and webhook endpoints.

use crate::components::api_keys_panel::ApiKeysPanel;
use crate::components::document_settings_panel::DocumentSettingsPanel;
use crate::components::webhooks_panel::WebhooksPanel;
use crate::i18n::{t, Key};
use leptos::prelude::*;

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <section id="admin-page" class="page page-wide" data-page="admin">
            <h1 class="page-title">{t(Key::PortalAdminTitle)}</h1>
            <DocumentSettingsPanel />
            <ApiKeysPanel />
            <WebhooksPanel />
        </section>
    }
}
