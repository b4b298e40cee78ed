//! Public page `/public/documents/check`: is this enforcement document genuine? By the number
//! and verification code printed on it (the QR code leads here with both), or by the PDF file
//! itself (hashed in the browser). The answer names the issuing agency and date, never the party.

use crate::api::documents::check_document;
use crate::format::chinese_part;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::documents::DocumentCheck;
use sha2::{Digest, Sha256};
use wasm_bindgen::JsCast;

/// Whether the current path is the public document check.
pub fn is_current() -> bool {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|p| p.trim_end_matches('/') == "/public/documents/check")
}

fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name).filter(|v| !v.is_empty())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[component]
pub fn PublicDocumentCheckPage() -> impl IntoView {
    let number = RwSignal::new(query_param("number").unwrap_or_default());
    let code = RwSignal::new(query_param("code").unwrap_or_default());
    let answer = RwSignal::new(None::<DocumentCheck>);
    let error = RwSignal::new(None::<String>);
    let ask = move |sha: Option<String>| {
        let (n, c) = (number.get_untracked(), code.get_untracked());
        error.set(None);
        spawn_local(async move {
            let r = match sha.as_deref() {
                Some(h) => check_document(Some(h), None, None).await,
                None => check_document(None, Some(n.trim()), Some(c.trim())).await,
            };
            match r {
                Ok(a) => answer.set(Some(a)),
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    if !number.get_untracked().is_empty() && !code.get_untracked().is_empty() {
        ask(None);
    }
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buf) => {
                    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                    ask(Some(hex(&Sha256::digest(&bytes))));
                }
                Err(_) => error.set(Some(t(Key::DocCheckFileUnreadable).to_owned())),
            }
        });
    };
    view! {
        <div id="public-app" class="public-app">
            <main class="page" id="public-document-check">
                <h1 class="page-title">{t(Key::DocCheckTitle)}</h1>
                <p class="muted">{t(Key::DocCheckIntro)}</p>
                <form class="card form" on:submit=move |ev| { ev.prevent_default(); ask(None); }>
                    <label>{t(Key::DocCheckNumber)}
                        <input id="doc-check-number" type="text" prop:value=number on:input=move |ev| number.set(event_target_value(&ev)) />
                    </label>
                    <label>{t(Key::DocCheckCode)}
                        <input id="doc-check-code" type="text" prop:value=code on:input=move |ev| code.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" class="btn btn-primary">{t(Key::DocCheckSubmit)}</button>
                </form>
                <div class="card form">
                    <label>{t(Key::DocCheckFile)}
                        <input id="doc-check-file" type="file" accept="application/pdf" on:change=on_file />
                    </label>
                </div>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                {move || answer.get().map(|a| {
                    let ok = a.status == "issued";
                    view! {
                        <div id="doc-check-answer" class=if ok { "card notice notice-ok" } else { "card notice notice-warn" }>
                            <p><strong>{if ok { t(Key::DocCheckIssued) } else { t(Key::DocCheckUnknown) }}</strong></p>
                            <p>{chinese_part(&a.message)}</p>
                        </div>
                    }
                })}
            </main>
        </div>
    }
}
