//! A form's button that shows the request in flight (disabled, with a spinner) and cannot be
//! pressed twice.

use leptos::prelude::*;

#[component]
pub fn SubmitButton(
    #[prop(into)] id: String,
    /// Text of the button.
    label: &'static str,
    /// A request is in flight.
    #[prop(into)]
    busy: Signal<bool>,
    /// `btn-primary` unless told.
    #[prop(optional)]
    secondary: bool,
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            id=id
            type="button"
            class="btn"
            class:btn-primary=!secondary
            class:btn-secondary=secondary
            disabled=move || busy.get()
            aria-busy=move || busy.get().to_string()
            on:click=move |_| {
                if !busy.get_untracked() {
                    on_click.run(());
                }
            }
        >
            {move || busy.get().then(|| view! { <span class="spinner spinner-small" aria-hidden="true"></span> })}
            {label}
        </button>
    }
}
