//! One attached file: name and size, and a preview fetched with the session's token (photos
//! load at once when small; video, audio and documents on request).

use crate::api::{fetch_object_url, revoke_object_url, Session};
use crate::format::file_size;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::Attachment;

/// Photos up to this size are previewed without a tap.
const AUTO_PREVIEW_BYTES: i64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Media {
    Image,
    Video,
    Audio,
    Other,
}

fn media(content_type: &str) -> Media {
    if content_type.starts_with("image/") {
        Media::Image
    } else if content_type.starts_with("video/") {
        Media::Video
    } else if content_type.starts_with("audio/") {
        Media::Audio
    } else {
        Media::Other
    }
}

/// The kind of a file in words (its media type is for machines).
fn media_key(content_type: &str) -> Key {
    match media(content_type) {
        Media::Image => Key::MediaImage,
        Media::Video => Key::MediaVideo,
        Media::Audio => Key::MediaAudio,
        Media::Other if content_type == "application/pdf" => Key::MediaPdf,
        Media::Other => Key::MediaFile,
    }
}

#[component]
pub fn AttachmentView(attachment: Attachment) -> impl IntoView {
    let session = Session::use_session();
    let kind = media(&attachment.content_type);
    let object_url = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let shown = RwSignal::new(false);
    let held = StoredValue::new(None::<String>);
    let url = attachment.url.clone();

    let load = move || {
        if object_url.get_untracked().is_some() || loading.get_untracked() {
            shown.set(true);
            return;
        }
        loading.set(true);
        shown.set(true);
        let url = url.clone();
        spawn_local(async move {
            match fetch_object_url(session, &url).await {
                Ok(u) => {
                    held.set_value(Some(u.clone()));
                    if object_url.try_set(Some(u.clone())).is_some() {
                        // The view went away meanwhile.
                        revoke_object_url(&u);
                    }
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
            loading.try_set(false);
        });
    };
    on_cleanup(move || {
        if let Some(Some(u)) = held.try_get_value() {
            revoke_object_url(&u);
        }
    });
    if kind == Media::Image && attachment.size <= AUTO_PREVIEW_BYTES {
        load();
    }

    let name = attachment.file_name.clone();
    let alt = StoredValue::new(name.clone());
    view! {
        <li class="attachment" data-content-type=attachment.content_type.clone() data-sha256=attachment.sha256.clone()>
            <div class="attachment-head">
                <span class="attachment-name">{name}</span>
                <span class="muted small">
                    {format!("{} · {}", t(media_key(&attachment.content_type)), file_size(attachment.size))}
                </span>
                <button
                    type="button"
                    class="btn btn-small btn-secondary preview-toggle"
                    on:click=move |_| {
                        if shown.get_untracked() { shown.set(false) } else { load() }
                    }
                >
                    {move || if shown.get() { t(Key::HidePreview) } else { t(Key::Preview) }}
                </button>
            </div>
            <Show when=move || shown.get()>
                <div class="preview">
                    {move || {
                        if let Some(e) = error.get() {
                            return view! { <p class="field-error">{e}</p> }.into_any();
                        }
                        let Some(src) = object_url.get() else {
                            return view! { <p class="muted small">{t(Key::PreviewLoading)}</p> }
                                .into_any();
                        };
                        match kind {
                            Media::Image => {
                                view! { <img class="preview-image" src=src alt=alt.get_value() /> }
                                    .into_any()
                            }
                            Media::Video => {
                                view! {
                                    <video class="preview-video" src=src controls=true preload="metadata" playsinline=true></video>
                                }
                                    .into_any()
                            }
                            Media::Audio => {
                                view! { <audio class="preview-audio" src=src controls=true></audio> }
                                    .into_any()
                            }
                            Media::Other => {
                                view! {
                                    <a class="btn btn-small btn-secondary" href=src target="_blank" rel="noopener" download=alt.get_value()>
                                        {t(Key::Preview)}
                                    </a>
                                }
                                    .into_any()
                            }
                        }
                    }}
                </div>
            </Show>
        </li>
    }
}
