//! Horizontal bars drawn as inline SVG, one per labelled value: figures people would rather see
//! than read. Scales to the width of its box, so it fits a phone.

use leptos::prelude::*;

/// One bar: its label, its value (the bar's length) and the text shown after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// Height of one row, in SVG units.
const ROW: f64 = 22.0;
/// Where the bars start (labels to the left) and how long the longest is.
const BAR_X: f64 = 120.0;
const BAR_MAX: f64 = 150.0;

#[component]
pub fn BarChart(
    /// The bars, in the order shown.
    bars: Vec<Bar>,
    /// The value of a full-length bar; the largest value when `None`.
    #[prop(optional)]
    max: Option<f64>,
    /// Accessible name of the chart.
    title: String,
) -> impl IntoView {
    let top = max
        .unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max))
        .max(f64::EPSILON);
    let height = ROW * bars.len().max(1) as f64;
    view! {
        <svg
            class="bar-chart"
            role="img"
            aria-label=title
            width="100%"
            viewBox=format!("0 0 330 {height}")
            preserveAspectRatio="xMinYMin meet"
        >
            {bars
                .into_iter()
                .enumerate()
                .map(|(i, b)| {
                    let y = i as f64 * ROW;
                    let w = (b.value.max(0.0) / top * BAR_MAX).min(BAR_MAX);
                    let label: String = b.label.chars().take(9).collect();
                    view! {
                        <g class="bar">
                            <text x="0" y=y + 15.0 font-size="12">{label}</text>
                            <rect x=BAR_X y=y + 4.0 width=w height="14" rx="2" class="bar-fill"></rect>
                            <text x=BAR_X + w + 4.0 y=y + 15.0 font-size="12">{b.text}</text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}
