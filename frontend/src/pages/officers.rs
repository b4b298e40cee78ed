//! 执法人员 (admin): the agency's officers and their certificates.

use crate::api::Session;
use crate::components::officer_card::OfficerCard;
use crate::components::officer_form::OfficerForm;
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::officers::Officer;
use sanxiang_api_types::org::User;

#[component]
pub fn OfficersPage() -> impl IntoView {
    let session = Session::use_session();
    let officers = RwSignal::new(None::<Vec<Officer>>);
    let users = RwSignal::new(Vec::<User>::new());
    let editing = RwSignal::new(None::<Officer>);
    let error = RwSignal::new(None::<String>);

    let load = move || {
        spawn_local(async move {
            match session.officers().await {
                Ok(list) => {
                    officers.try_set(Some(list.items));
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                }
            }
        });
    };
    load();
    spawn_local(async move {
        if let Ok(list) = session.users().await {
            users.try_set(list.items.into_iter().filter(|u| u.active).collect());
        }
    });

    let on_changed = Callback::new(move |_| load());
    let on_edit = Callback::new(move |o: Officer| {
        editing.set(Some(o));
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("officer-form"))
        {
            el.scroll_into_view();
        }
    });

    view! {
        <section id="officers-page" class="page page-wide">
            <h1 class="page-title">{t(Key::OfficersTitle)}</h1>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match officers.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(list) if list.is_empty() => {
                    view! { <p class="card muted">{t(Key::OfficersEmpty)}</p> }.into_any()
                }
                Some(list) => {
                    view! {
                        <div id="officer-list" class="officer-list">
                            {list
                                .into_iter()
                                .map(|o| view! { <OfficerCard officer=o on_edit=on_edit on_changed=on_changed /> })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }
            }}
            <OfficerForm users=users editing=editing on_saved=on_changed />
        </section>
    }
}
