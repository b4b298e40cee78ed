//! The actions the server allows now (`allowed_actions`), each opening its small form.

use crate::components::action_form::{action_label, ActionForm};
use crate::format::wire;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use sanxiang_api_types::cases::CaseDetail;
use sanxiang_domain::case::Action;

#[component]
pub fn ActionPanel(
    case: CaseDetail,
    on_done: Callback<CaseDetail>,
    on_stale: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(None::<Action>);
    // With a single action, its form is open right away: one tap less in the field.
    if case.allowed_actions.len() == 1 {
        open.set(case.allowed_actions.first().copied());
    }
    if case.summary.archived {
        return view! { <p id="case-archived" class="muted">{t(Key::CaseArchivedNote)}</p> }
            .into_any();
    }
    if case.allowed_actions.is_empty() {
        return view! { <p class="muted">{t(Key::NoActions)}</p> }.into_any();
    }
    let stage_label = case.summary.stage_label.clone();
    let stage = case.summary.stage;
    let actions = case.allowed_actions.clone();
    let form_case = StoredValue::new(case);
    view! {
        <div id="actions" class="actions">
            <div class="action-buttons">
                {actions
                    .into_iter()
                    .map(|a| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-action"
                                class:selected=move || open.get() == Some(a)
                                data-action=wire(&a)
                                on:click=move |_| open.set(Some(a))
                            >
                                {action_label(a, stage, &stage_label)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || {
                open.get()
                    .map(|a| {
                        view! {
                            <ActionForm
                                case=form_case.get_value()
                                action=a
                                on_done=on_done
                                on_cancel=Callback::new(move |_| open.set(None))
                                on_stale=on_stale
                            />
                        }
                    })
            }}
        </div>
    }
    .into_any()
}
