//! Audio/video recording of the whole process (执法全过程记录, 国办发〔2018〕118号): which activity
//! an action performs, and whether its continuous recording is **required** (a gate:
//! `gates::check_video` refuses the action without it) or **advised** (a prompt the app shows
//! before the action, never a refusal). Both lists are settings (`RuleSettings::video_required_for`,
//! `RuleSettings::video_advised_for`); an activity on both lists counts as required.

use super::kind::{Action, Stage};
use super::settings::{Activity, RuleSettings};
use serde::{Deserialize, Serialize};

/// How strongly a recording is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VideoLevel {
    /// The action is refused without a continuous recording of the activity in this stage.
    Required,
    /// The app reminds the officer; the action is not refused.
    Advised,
}

/// One reminder for an action the caller may take now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct VideoPrompt {
    /// The action that performs the activity.
    pub action: Action,
    /// The activity to film.
    pub activity: Activity,
    /// Required (gate) or advised (prompt).
    pub level: VideoLevel,
    /// Whether an audio/video record of the activity is already on file in this stage.
    pub recorded: bool,
}

/// The activity an action performs at a stage, if it is one that the recording rules name.
/// `record_execution` performs forced execution only when execution is forced; the prompt is
/// shown for it because the app cannot know beforehand.
pub fn activity_of(stage: Stage, action: Action) -> Option<Activity> {
    match (stage, action) {
        (Stage::Investigation, Action::Complete) => Some(Activity::EvidenceCollection),
        (_, Action::PreserveEvidence) => Some(Activity::EvidencePreservation),
        (Stage::OnSiteInspection, Action::Complete) => Some(Activity::OnSiteInspection),
        (_, Action::HoldHearing) => Some(Activity::Hearing),
        (_, Action::RecordService) => Some(Activity::Service),
        (_, Action::RecordExecution) => Some(Activity::ForcedExecution),
        (_, Action::ImplementMeasure) => Some(Activity::Seizure),
        _ => None,
    }
}

/// The recording reminders for `actions` (those the caller may take now) at `stage`, given the
/// activities already filmed in this stage.
pub fn video_prompts(
    stage: Stage,
    actions: &[Action],
    settings: &RuleSettings,
    recorded: &[Activity],
) -> Vec<VideoPrompt> {
    actions
        .iter()
        .filter_map(|&action| {
            let activity = activity_of(stage, action)?;
            let level = if settings.video_required_for.contains(&activity) {
                VideoLevel::Required
            } else if settings.video_advised_for.contains(&activity) {
                VideoLevel::Advised
            } else {
                return None;
            };
            Some(VideoPrompt {
                action,
                activity,
                level,
                recorded: recorded.contains(&activity),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advised_activities_prompt_and_required_ones_are_marked_as_gates() {
        // 国办发〔2018〕118号: continuous recording is required for seizure and forced execution,
        // and advised "according to the circumstances" for on-site checks, evidence collection and
        // preservation, hearings and service.
        let s = RuleSettings::default();
        let at_investigation = video_prompts(
            Stage::Investigation,
            &[Action::PreserveEvidence, Action::Complete],
            &s,
            &[Activity::EvidencePreservation],
        );
        assert_eq!(
            at_investigation,
            vec![
                VideoPrompt {
                    action: Action::PreserveEvidence,
                    activity: Activity::EvidencePreservation,
                    level: VideoLevel::Advised,
                    recorded: true,
                },
                VideoPrompt {
                    action: Action::Complete,
                    activity: Activity::EvidenceCollection,
                    level: VideoLevel::Advised,
                    recorded: false,
                },
            ]
        );
        let seizure = video_prompts(Stage::Implementation, &[Action::ImplementMeasure], &s, &[]);
        assert_eq!(seizure[0].level, VideoLevel::Required);
        assert_eq!(seizure[0].activity, Activity::Seizure);
        for (stage, action, activity) in [
            (
                Stage::OnSiteInspection,
                Action::Complete,
                Activity::OnSiteInspection,
            ),
            (Stage::Hearing, Action::HoldHearing, Activity::Hearing),
            (Stage::Service, Action::RecordService, Activity::Service),
        ] {
            let p = video_prompts(stage, &[action], &s, &[]);
            assert_eq!((p[0].activity, p[0].level), (activity, VideoLevel::Advised));
        }
        // Nothing to film at the decision itself.
        assert!(video_prompts(Stage::Decision, &[Action::Decide], &s, &[]).is_empty());
    }

    #[test]
    fn both_lists_are_settings() {
        // The seed plan's "according to the circumstances": an agency may require what is only
        // advised nationally, or drop a reminder.
        let s = RuleSettings {
            video_required_for: vec![Activity::Hearing],
            video_advised_for: vec![],
            ..RuleSettings::default()
        };
        let p = video_prompts(Stage::Hearing, &[Action::HoldHearing], &s, &[]);
        assert_eq!(p[0].level, VideoLevel::Required);
        assert!(video_prompts(Stage::Service, &[Action::RecordService], &s, &[]).is_empty());
    }
}
