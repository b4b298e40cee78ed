//! 导出电子案卷: downloads the case's export (ZIP of manifest, records, attachments, proofs and
//! the checkpoint) with the session's token, showing that it is being prepared.

use crate::api::{DownloadPhase, Session};
use crate::format::file_size;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

#[component]
pub fn ExportButton(case_id: Uuid) -> impl IntoView {
    let session = Session::use_session();
    let phase = RwSignal::new(None::<DownloadPhase>);
    let saved = RwSignal::new(None::<(String, f64)>);
    let error = RwSignal::new(None::<String>);
    let busy = move || {
        matches!(
            phase.get(),
            Some(DownloadPhase::Preparing | DownloadPhase::Receiving { .. })
        )
    };

    let on_click = move |_| {
        if busy() {
            return;
        }
        error.set(None);
        saved.set(None);
        spawn_local(async move {
            let path = format!("/cases/{case_id}/export");
            let fallback = format!("case-{case_id}.zip");
            match session
                .download(&path, &fallback, move |p| {
                    phase.try_set(Some(p));
                })
                .await
            {
                Ok(done) => {
                    saved.try_set(Some(done));
                }
                Err(err) => {
                    phase.try_set(None);
                    error.try_set(Some(err.message()));
                }
            }
        });
    };

    let status = move || match phase.get() {
        Some(DownloadPhase::Preparing) => Some(t(Key::ExportPreparing).to_owned()),
        Some(DownloadPhase::Receiving { total }) => Some(match total {
            Some(n) => format!("{} {}", t(Key::ExportDownloading), file_size(n as i64)),
            None => t(Key::ExportDownloading).to_owned(),
        }),
        Some(DownloadPhase::Done { .. }) => saved.get().map(|(name, bytes)| {
            format!(
                "{}（{}）",
                t(Key::ExportDone).replace("{name}", &name),
                file_size(bytes as i64)
            )
        }),
        None => None,
    };
    let bytes = move || {
        saved
            .get()
            .map(|(_, b)| (b as i64).to_string())
            .unwrap_or_default()
    };

    view! {
        <div class="export-box">
            <button
                id="export-button"
                type="button"
                class="btn btn-primary"
                on:click=on_click
                disabled=busy
                aria-busy=move || busy().to_string()
            >
                {t(Key::ExportButton)}
            </button>
            <span
                id="export-status"
                class="export-status small"
                class:ok-text=move || saved.with(Option::is_some)
                data-bytes=bytes
                role="status"
                aria-live="polite"
            >
                {move || busy().then(|| view! { <span class="spinner spinner-small" aria-hidden="true"></span> })}
                {status}
            </span>
            <Show when=move || error.with(Option::is_some)>
                <p id="export-error" class="form-error" role="alert">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
        </div>
    }
}
