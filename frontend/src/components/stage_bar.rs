//! The stage bar: every stage of the case's machine, done / current / upcoming / skipped.

use crate::format::wire;
use crate::i18n::{progress_key, t, Key};
use leptos::prelude::*;
use sanxiang_api_types::cases::StageStep;

#[component]
pub fn StageBar(stages: Vec<StageStep>) -> impl IntoView {
    view! {
        <ol id="stage-bar" class="stage-bar" aria-label=t(Key::StagesTitle)>
            {stages
                .into_iter()
                .map(|s| {
                    let progress = wire(&s.progress);
                    let current = progress == "current";
                    view! {
                        <li
                            class=format!("stage stage-{progress}")
                            data-stage=wire(&s.stage)
                            data-progress=progress
                            aria-current=current.then_some("step")
                        >
                            <span class="stage-dot" aria-hidden="true"></span>
                            <span class="stage-label">{s.label}</span>
                            <span class="visually-hidden">{t(progress_key(s.progress))}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
