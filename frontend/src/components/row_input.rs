//! One input of one row of an editable list (citations, questions and answers, listed items):
//! it reads and writes the row in place, so typing never rebuilds the list (focus stays).

use leptos::prelude::*;

/// How a cell reads and writes its row.
pub struct Cell<T> {
    pub get: fn(&T) -> String,
    pub set: fn(&mut T, String),
}

/// An `<input>` (or a `<textarea>` when `multiline`) bound to `cell` of row `i` of `rows`.
pub fn row_input<T: Send + Sync + 'static>(
    rows: RwSignal<Vec<T>>,
    i: usize,
    cell: Cell<T>,
    class: &'static str,
    label: &'static str,
    multiline: bool,
) -> AnyView {
    let Cell { get, set } = cell;
    let value = move || rows.with(|r| r.get(i).map(get).unwrap_or_default());
    let write = move |v: String| {
        rows.update(|r| {
            if let Some(row) = r.get_mut(i) {
                set(row, v);
            }
        })
    };
    if multiline {
        view! {
            <label class=format!("row-cell {class}")>
                <span class="row-cell-label">{label}</span>
                <textarea
                    class="input"
                    rows="2"
                    prop:value=value
                    on:input=move |ev| write(event_target_value(&ev))
                ></textarea>
            </label>
        }
        .into_any()
    } else {
        view! {
            <label class=format!("row-cell {class}")>
                <span class="row-cell-label">{label}</span>
                <input
                    class="input"
                    prop:value=value
                    on:input=move |ev| write(event_target_value(&ev))
                />
            </label>
        }
        .into_any()
    }
}

/// A button that removes row `i`.
pub fn remove_button<T: Send + Sync + 'static>(
    rows: RwSignal<Vec<T>>,
    i: usize,
    label: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="btn btn-light btn-small row-remove"
            on:click=move |_| {
                rows.update(|r| {
                    if i < r.len() {
                        r.remove(i);
                    }
                })
            }
        >
            {label}
        </button>
    }
}

/// A number cell: empty for 0 / none.
pub fn number_text(n: Option<u32>) -> String {
    n.filter(|n| *n > 0)
        .map(|n| n.to_string())
        .unwrap_or_default()
}

/// A typed number: `None` when empty or not a number.
pub fn parse_number(s: &str) -> Option<u32> {
    s.trim().parse().ok()
}
