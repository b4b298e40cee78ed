//! A form's refusal message (the server's problem, in the table's words), said once.

use leptos::prelude::*;

#[component]
pub fn FormError(
    /// The message; nothing is shown while `None`.
    error: RwSignal<Option<String>>,
    /// The element id tests and labels refer to.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    view! {
        <Show when=move || error.with(Option::is_some)>
            <p id=id.clone() class="form-error" role="alert">
                {move || error.get().unwrap_or_default()}
            </p>
        </Show>
    }
}
