//! The auditor's view of one case: header, verified mark, export, and the timeline with each
//! record's log index and proof.

use crate::api::Session;
use crate::components::audit_record::AuditRecord;
use crate::components::export_button::ExportButton;
use crate::components::verified_mark::VerifiedMark;
use crate::i18n::{kind_key, t, Key};
use crate::verify::LogIndexes;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::{CaseDetail, Record};
use uuid::Uuid;

#[component]
pub fn AuditCase(case_id: Uuid) -> impl IntoView {
    let session = Session::use_session();
    let case = RwSignal::new(None::<CaseDetail>);
    let timeline = RwSignal::new(None::<Vec<Record>>);
    let error = RwSignal::new(None::<String>);
    let indexes = RwSignal::new(LogIndexes::new());

    spawn_local(async move {
        match session.case(case_id).await {
            Ok(c) => {
                case.try_set(Some(c));
            }
            Err(err) => {
                error.try_set(Some(err.message()));
            }
        }
    });
    spawn_local(async move {
        match session.timeline(case_id).await {
            Ok(tl) => {
                timeline.try_set(Some(tl.items));
            }
            Err(err) => {
                error.try_set(Some(err.message()));
            }
        }
    });

    let header = move || {
        case.get().map(|c| {
            let s = c.summary;
            view! {
                <div class="audit-case-head">
                    <h2 class="section-title">
                        <span id="audit-case-number" class="case-number">{s.case_number}</span>
                    </h2>
                    <p class="case-title">
                        <span class="kind-tag">{t(kind_key(s.kind))}</span>
                        {s.title}
                    </p>
                    <dl class="facts facts-compact">
                        <dt>{t(Key::CaseParty)}</dt>
                        <dd>{s.party_name}</dd>
                        <dt>{t(Key::ColStage)}</dt>
                        <dd>{s.stage_label}</dd>
                        <dt>{t(Key::CaseHandler)}</dt>
                        <dd>{s.handling_officer.name}</dd>
                    </dl>
                </div>
            }
        })
    };

    view! {
        <div id="audit-case" class="card audit-case" data-case-id=case_id.to_string()>
            <Show when=move || error.with(Option::is_some)>
                <p id="audit-case-error" class="form-error" role="alert">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            {header}
            <div class="audit-tools">
                {move || timeline.get().map(|items| view! { <VerifiedMark items=items indexes=indexes /> })}
                <ExportButton case_id=case_id />
            </div>
            <h3 class="subsection-title">{t(Key::AuditTimelineTitle)}</h3>
            {move || match timeline.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(items) if items.is_empty() => {
                    view! { <p class="muted">{t(Key::TimelineEmpty)}</p> }.into_any()
                }
                Some(items) => {
                    view! {
                        <table id="audit-timeline" class="data-table stack-on-phone">
                            <thead>
                                <tr>
                                    <th>{t(Key::ColSeq)}</th>
                                    <th>{t(Key::ColLogIndex)}</th>
                                    <th>{t(Key::ColRecord)}</th>
                                    <th>{t(Key::ColRecordedAt)}</th>
                                    <th>{t(Key::ColProof)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {items
                                    .into_iter()
                                    .map(|r| view! { <AuditRecord record=r indexes=indexes /> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
