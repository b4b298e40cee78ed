//! The payment of a fine on the case page: due date, the late surcharge so far, what was paid and
//! is owed, deferral or instalments, the remedy pause and the court application (行政处罚法
//! art. 66–73; 行政强制法 art. 53).

use crate::format::{chinese_part, date_zh, money};
use crate::i18n::{collection_ground_key, remedy_kind_key, remedy_result_key, t, Key};
use leptos::prelude::*;
use sanxiang_domain::case::PaymentStatus;

fn yuan(fen: i64) -> String {
    money(fen)
}

#[component]
pub fn PaymentPanel(payment: PaymentStatus) -> impl IntoView {
    let p = payment;
    let row = |label: Key, value: String, id: &'static str| {
        view! {
            <dt>{t(label)}</dt>
            <dd id=id>{value}</dd>
        }
    };
    let due = match (p.due_on, p.due_unknown.as_deref().map(chinese_part)) {
        (Some(d), _) => date_zh(d),
        (None, Some(why)) => format!("{} {why}", t(Key::DeadlineUnknown)),
        (None, None) => "—".to_owned(),
    };
    let open_remedy = p.remedies.iter().any(|r| r.ended_on.is_none());
    view! {
        <div id="payment" class="card payment-card">
            <h2 class="section-title">{t(Key::PaymentTitle)}</h2>
            <dl class="facts facts-compact">
                {row(Key::PaymentFine, yuan(p.fine_fen), "payment-fine")}
                {row(Key::PaymentDue, due, "payment-due")}
                {row(Key::PaymentPaid, yuan(p.paid_fen), "payment-paid")}
                {row(Key::PaymentSurcharge, yuan(p.surcharge_fen), "payment-surcharge")}
                {row(Key::PaymentDaysLate, p.days_late.to_string(), "payment-days-late")}
                {row(Key::PaymentPausedDays, p.paused_days.to_string(), "payment-paused-days")}
                {row(Key::PaymentOutstanding, yuan(p.outstanding_fen), "payment-outstanding")}
            </dl>
            <p class="muted small">{t(Key::PaymentAsOf)} " " {date_zh(p.as_of)}</p>
            {p.settled_on.map(|d| view! { <p class="badge status-met">{t(Key::PaymentSettled)} " " {date_zh(d)}</p> })}
            {open_remedy.then(|| view! { <p class="badge status-due_soon">{t(Key::PaymentRemedyPause)}</p> })}
            {p.deferral.map(|d| view! {
                <p id="payment-deferral">{t(Key::PaymentDeferral)} " " {date_zh(d.until)}</p>
            })}
            {p.instalments.as_ref().map(|_| view! {
                <div id="payment-instalments">
                    <h3 class="small">{t(Key::PaymentInstalments)}</h3>
                    <ul>
                        {p.schedule.iter().map(|i| view! {
                            <li>{date_zh(i.due_on)} " · " {yuan(i.amount_fen)} " · " {t(Key::PaymentPaid)} " " {yuan(i.paid_fen)}</li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {(!p.remedies.is_empty()).then(|| view! {
                <ul id="payment-remedies" class="small">
                    {p.remedies.iter().map(|r| view! {
                        <li>
                            {t(remedy_kind_key(r.kind))} " " {date_zh(r.filed_on)} " – "
                            {r.ended_on.map(date_zh).unwrap_or_default()} " "
                            {r.result.map(|x| t(remedy_result_key(x))).unwrap_or_default()}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!p.collections.is_empty()).then(|| view! {
                <ul id="payment-collections" class="small">
                    {p.collections.iter().map(|c| view! {
                        <li>
                            {t(Key::ActionCollectOnSpot)} " " {date_zh(c.collected_on)} " · "
                            {t(collection_ground_key(c.ground))} " · " {c.receipt_number.clone()} " · "
                            {yuan(c.amount_fen)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {p.court_application.as_ref().map(|c| view! {
                <p id="payment-court">{t(Key::PaymentCourt)} " " {c.court.clone()} " " {date_zh(c.applied_on)}</p>
            })}
        </div>
    }
}
