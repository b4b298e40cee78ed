//! The server's messages for one field of a refused form (`errors[field]` of a 422).

use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn FieldError(
    errors: RwSignal<BTreeMap<String, Vec<String>>>,
    field: &'static str,
) -> impl IntoView {
    let messages = move || errors.with(|e| e.get(field).cloned().unwrap_or_default());
    view! {
        <Show when=move || !messages().is_empty()>
            <p class="field-error" data-field=field role="alert">
                {move || messages().join("；")}
            </p>
        </Show>
    }
}
