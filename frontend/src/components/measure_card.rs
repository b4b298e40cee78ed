//! One measure of the supervision dashboard: a table with a row per agency and, under it, the
//! same figures as bars (`BarChart`). On a phone the table stacks (`stack-on-phone`).

use crate::components::bar_chart::{Bar, BarChart};
use crate::i18n::{t, Key};
use leptos::prelude::*;

#[component]
pub fn MeasureCard(
    /// `id` of the section, for tests and links.
    id: &'static str,
    title: Key,
    /// Column headers after the agency's.
    columns: Vec<String>,
    /// Per agency: its name and one cell per column.
    rows: Vec<(String, Vec<String>)>,
    /// The chart under the table (none when empty).
    bars: Vec<Bar>,
    /// The value of a full bar (e.g. 1.0 for shares).
    #[prop(optional)]
    max: Option<f64>,
    /// A note under the title (the rule the measure follows).
    #[prop(optional)]
    note: Option<Key>,
) -> impl IntoView {
    let headers = columns.clone();
    view! {
        <section id=id class="card measure-card">
            <h2>{t(title)}</h2>
            {note.map(|n| view! { <p class="muted small">{t(n)}</p> })}
            {if columns.is_empty() {
                view! { <p class="muted">{t(Key::SupervisionNone)}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table stack-on-phone">
                        <thead>
                            <tr>
                                <th>{t(Key::SupervisionAgency)}</th>
                                {headers.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|(agency, cells)| {
                                    view! {
                                        <tr>
                                            <td class="cell-main" data-label=t(Key::SupervisionAgency)>{agency}</td>
                                            {cells
                                                .into_iter()
                                                .zip(columns.clone())
                                                .map(|(c, h)| view! { <td data-label=h>{c}</td> })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            {(!bars.is_empty()).then(|| {
                let title = t(title).to_owned();
                match max {
                    Some(m) => view! { <BarChart bars=bars max=m title=title /> }.into_any(),
                    None => view! { <BarChart bars=bars title=title /> }.into_any(),
                }
            })}
        </section>
    }
}
