//! The verified mark (已核验): the case's records checked in the browser against the
//! tamper-evident log (see `crate::verify`). Runs after the page has shown, off its critical path.

use crate::api::Session;
use crate::i18n::{t, Key};
use crate::verify::{verify_case, LogIndexes, VerifyState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::Record;

#[component]
pub fn VerifiedMark(
    /// The timeline as the server showed it.
    items: Vec<Record>,
    /// Filled with each record's proved log index, when given.
    #[prop(optional)]
    indexes: Option<RwSignal<LogIndexes>>,
) -> impl IntoView {
    let session = Session::use_session();
    let state = RwSignal::new(VerifyState::Running {
        done: 0,
        total: items.len(),
    });
    spawn_local(async move {
        let last = verify_case(
            session,
            items,
            // A disposed signal means the mark is gone (the page moved on): stop.
            move |s| state.try_set(s).is_none(),
            move |id, index| {
                if let Some(ix) = indexes {
                    ix.try_update(|m| {
                        m.insert(id, index);
                    });
                }
            },
        )
        .await;
        state.try_set(last);
    });

    let data_state = move || match state.get() {
        VerifyState::Running { .. } => "running",
        VerifyState::Verified { .. } => "verified",
        VerifyState::Failed { .. } => "failed",
        VerifyState::Pending { .. } => "pending",
        VerifyState::Empty => "empty",
        VerifyState::Error(_) => "error",
    };
    let badge = move || {
        match state.get() {
        VerifyState::Running { done, total } => view! {
            <span class="badge verify-badge verify-running">
                <span class="spinner spinner-small" aria-hidden="true"></span>
                {format!("{} {done}/{total}", t(Key::VerifyRunning))}
            </span>
        }
        .into_any(),
        VerifyState::Verified { .. } => view! {
            <span class="badge badge-ok verify-badge">{format!("✓ {}", t(Key::VerifyOk))}</span>
        }
        .into_any(),
        VerifyState::Failed { .. } => view! {
            <span class="badge badge-danger verify-badge">{format!("✗ {}", t(Key::VerifyFailed))}</span>
        }
        .into_any(),
        VerifyState::Pending { .. } => view! {
            <span class="badge verify-badge">{t(Key::VerifyPending)}</span>
        }
        .into_any(),
        VerifyState::Empty | VerifyState::Error(_) => view! {
            <span class="badge badge-muted verify-badge">{t(Key::VerifyTitle)}</span>
        }
        .into_any(),
    }
    };
    let detail = move || match state.get() {
        VerifyState::Running { .. } => String::new(),
        VerifyState::Verified { count, size } => t(Key::VerifyOkDetail)
            .replace("{count}", &count.to_string())
            .replace("{size}", &size.to_string()),
        VerifyState::Failed { seq, reason } => t(Key::VerifyFailedRecord)
            .replace("{seq}", &seq.to_string())
            .replace("{reason}", t(reason.key())),
        VerifyState::Pending { seq } => {
            t(Key::VerifyPendingDetail).replace("{seq}", &seq.to_string())
        }
        VerifyState::Empty => t(Key::VerifyEmpty).to_owned(),
        VerifyState::Error(msg) => t(Key::VerifyError).replace("{reason}", &msg),
    };
    let checkpoint_size = move || match state.get() {
        VerifyState::Verified { size, .. } => size.to_string(),
        _ => String::new(),
    };
    let failed_seq = move || match state.get() {
        VerifyState::Failed { seq, .. } | VerifyState::Pending { seq } => seq.to_string(),
        _ => String::new(),
    };

    view! {
        <div
            id="verified-mark"
            class="verified-mark"
            data-state=data_state
            data-checkpoint-size=checkpoint_size
            data-seq=failed_seq
            role="status"
            aria-live="polite"
        >
            {badge}
            <span class="verify-detail small">{detail}</span>
        </div>
    }
}
