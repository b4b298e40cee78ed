//! Audio/video reminders next to the actions: required recordings (the action is refused without
//! one) and advised ones (国办发〔2018〕118号, "according to the circumstances").

use crate::i18n::{action_key, activity_key, t, Key};
use leptos::prelude::*;
use sanxiang_domain::case::{VideoLevel, VideoPrompt};

/// One line per action that performs a filmed activity; nothing when there is none.
#[component]
pub fn VideoPrompts(prompts: Vec<VideoPrompt>) -> impl IntoView {
    if prompts.is_empty() {
        return ().into_any();
    }
    view! {
        <ul id="video-prompts" class="video-prompts">
            {prompts
                .into_iter()
                .map(|p| {
                    let (class, level) = match (p.level, p.recorded) {
                        (_, true) => ("video-prompt ok-text", Key::VideoRecorded),
                        (VideoLevel::Required, false) => ("video-prompt form-error", Key::VideoRequired),
                        (VideoLevel::Advised, false) => ("video-prompt muted", Key::VideoAdvised),
                    };
                    let level_name = match p.level {
                        VideoLevel::Required => "required",
                        VideoLevel::Advised => "advised",
                    };
                    view! {
                        <li class=class data-level=level_name data-recorded=p.recorded.to_string()>
                            {t(action_key(p.action))} "：" {t(activity_key(p.activity))} " — " {t(level)}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
