//! One record in the auditor's timeline: its place in the case file and in the tamper-evident
//! log, and a link that downloads its proof (C2SP tlog-proof@v1 text).

use crate::api::Session;
use crate::format::{date_time, wire};
use crate::i18n::{record_kind_key, record_title, t, Key};
use crate::verify::LogIndexes;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::cases::Record;

#[component]
pub fn AuditRecord(
    record: Record,
    /// Log indexes proved by the verified mark (for records listed before they were integrated).
    indexes: RwSignal<LogIndexes>,
) -> impl IntoView {
    let session = Session::use_session();
    let id = record.id;
    let shown_index = record.log_index;
    let log_index = move || shown_index.or_else(|| indexes.with(|m| m.get(&id).copied()));
    let proof_url = record.proof_url.clone();
    let seq = record.seq;
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let on_proof = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let proof_url = proof_url.clone();
        spawn_local(async move {
            let path = crate::api::proof_path(id, proof_url.as_deref());
            let name = format!("record-{seq}-proof.txt");
            if let Err(err) = session.download(&path, &name, |_| {}).await {
                error.try_set(Some(err.message()));
            }
            busy.try_set(false);
        });
    };

    view! {
        <tr class="audit-record" data-seq=seq data-record-id=id.to_string() data-kind=wire(&record.kind)>
            <td data-label=t(Key::ColSeq) class="cell-main num">{format!("#{seq}")}</td>
            <td data-label=t(Key::ColLogIndex) class="log-index num">
                {move || match log_index() {
                    Some(i) => view! { <code>{i}</code> }.into_any(),
                    None => view! { <span class="badge">{t(Key::LogIndexPending)}</span> }.into_any(),
                }}
            </td>
            <td data-label=t(Key::ColRecord)>
                <span class="tag">{t(record_kind_key(record.kind))}</span>
                <span class="stage-chip">{record.stage_label.clone()}</span>
                <span class="record-title">{record_title(&record)}</span>
            </td>
            <td data-label=t(Key::ColRecordedAt)>{date_time(record.recorded_at)}</td>
            <td data-label=t(Key::ColProof)>
                <button
                    type="button"
                    class="link-button proof-link"
                    on:click=on_proof
                    disabled=move || busy.get() || log_index().is_none()
                >
                    {t(Key::ProofDownload)}
                </button>
                {move || error.get().map(|e| view! { <span class="form-error small">{e}</span> })}
            </td>
        </tr>
    }
}
