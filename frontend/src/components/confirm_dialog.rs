//! The in-page confirmation of an irreversible act (决定, 归档, 审核通过并公示, 撤回, 抽取): what
//! will be written and published, then 确认 or 取消. Nothing is sent before 确认.
//!
//! A modal `role="dialog"`: focus moves to 取消 when it opens, Tab and Shift+Tab stay on its two
//! buttons, Escape cancels.

use crate::i18n::{t, Key};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the dialog asks: its title, the summary as label/value rows, a warning, and what 确认
/// does.
#[derive(Clone)]
pub struct Confirm {
    pub title: String,
    pub rows: Vec<(String, String)>,
    pub warning: String,
    pub on_confirm: Callback<()>,
}

impl Confirm {
    /// A request titled `title` with the default warning ([`Key::ConfirmIrreversible`]).
    pub fn new(title: impl Into<String>, on_confirm: Callback<()>) -> Self {
        Self {
            title: title.into(),
            rows: Vec::new(),
            warning: t(Key::ConfirmIrreversible).to_owned(),
            on_confirm,
        }
    }

    /// Adds a summary row (skipped when `value` is empty).
    pub fn row(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.is_empty() {
            self.rows.push((label.into(), value));
        }
        self
    }

    /// Replaces the warning.
    pub fn warning(mut self, text: impl Into<String>) -> Self {
        self.warning = text.into();
        self
    }
}

/// Shows `request` while it holds one; 确认 runs its `on_confirm`, both buttons close it.
#[component]
pub fn ConfirmDialog(request: RwSignal<Option<Confirm>>) -> impl IntoView {
    let ok_ref = NodeRef::<leptos::html::Button>::new();
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    // Focus goes into the dialog when it opens (on 取消: the safe choice).
    Effect::new(move |_| {
        if request.with(Option::is_some) {
            request_animation_frame(move || {
                if let Some(el) = cancel_ref.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            request.set(None);
        }
        "Tab" => {
            // Two buttons: Tab and Shift+Tab go from one to the other.
            ev.prevent_default();
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            let on_ok = match (active, ok_ref.get_untracked()) {
                (Some(a), Some(ok)) => a == *ok.unchecked_ref::<web_sys::Element>(),
                _ => false,
            };
            let next = if on_ok { cancel_ref } else { ok_ref };
            if let Some(el) = next.get_untracked() {
                let _ = el.focus();
            }
        }
        _ => {}
    };
    move || {
        request.get().map(|r| {
            let on_confirm = r.on_confirm;
            view! {
                <div class="dialog-backdrop">
                    <div
                        id="confirm-dialog"
                        class="dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="confirm-title"
                        aria-describedby="confirm-warning"
                        on:keydown=on_keydown
                    >
                        <h2 id="confirm-title" class="dialog-title">{r.title.clone()}</h2>
                        <dl id="confirm-summary" class="dialog-summary">
                            {r
                                .rows
                                .into_iter()
                                .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                                .collect_view()}
                        </dl>
                        <p id="confirm-warning" class="dialog-warning">{r.warning.clone()}</p>
                        <div class="form-actions">
                            <button
                                id="confirm-ok"
                                type="button"
                                class="btn btn-primary"
                                node_ref=ok_ref
                                on:click=move |_| {
                                    request.set(None);
                                    on_confirm.run(());
                                }
                            >
                                {t(Key::ConfirmOk)}
                            </button>
                            <button
                                id="confirm-cancel"
                                type="button"
                                class="btn btn-secondary"
                                node_ref=cancel_ref
                                on:click=move |_| request.set(None)
                            >
                                {t(Key::Cancel)}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
