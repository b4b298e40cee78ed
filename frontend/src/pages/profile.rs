//! 个人信息: the signed-in user. The default page after login.

use crate::api::Session;
use crate::i18n::{role_key, t, Key};
use leptos::prelude::*;

#[component]
pub fn Profile() -> impl IntoView {
    let session = Session::use_session();
    let me = move || session.user.get();

    view! {
        <section id="profile" class="page">
            <h1 class="page-title">{t(Key::ProfileTitle)}</h1>
            {move || {
                me().map(|me| {
                    let roles = if me.roles.is_empty() {
                        view! { <span class="muted">{t(Key::ProfileNoRoles)}</span> }.into_any()
                    } else {
                        me.roles
                            .iter()
                            .map(|r| {
                                view! {
                                    <li class="tag" data-role=r.as_str()>
                                        {t(role_key(*r))}
                                    </li>
                                }
                            })
                            .collect_view()
                            .into_any()
                    };
                    view! {
                        <div class="card">
                            <dl class="facts">
                                <dt>{t(Key::ProfileDisplayName)}</dt>
                                <dd id="profile-display-name">{me.display_name.clone()}</dd>
                                <dt>{t(Key::ProfileUsername)}</dt>
                                <dd id="profile-username" data-latin-ok="">{me.username.clone()}</dd>
                                <dt>{t(Key::ProfileAgency)}</dt>
                                <dd id="profile-agency">{me.agency.name.clone()}</dd>
                                <dt>{t(Key::ProfileRoles)}</dt>
                                <dd>
                                    <ul id="profile-roles" class="tags">
                                        {roles}
                                    </ul>
                                </dd>
                            </dl>
                        </div>
                    }
                })
            }}
        </section>
    }
}
