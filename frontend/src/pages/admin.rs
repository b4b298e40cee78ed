//! 系统管理 (admin): access of portals to the public API — API keys and webhook endpoints.

use crate::components::api_keys_panel::ApiKeysPanel;
use crate::components::webhooks_panel::WebhooksPanel;
use crate::i18n::{t, Key};
use leptos::prelude::*;

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <section id="admin-page" class="page page-wide" data-page="admin">
            <h1 class="page-title">{t(Key::PortalAdminTitle)}</h1>
            <ApiKeysPanel />
            <WebhooksPanel />
        </section>
    }
}
