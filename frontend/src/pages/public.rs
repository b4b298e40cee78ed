//! Public pages, no sign-in (行政执法公示): the registers with service guides' flowcharts, the
//! certificate check with its QR code (亮证执法), and the annual report with charts and a
//! printable layout. Reached by path: `/public/registers`, `/public/certificates/{number}`,
//! `/public/reports/annual/{year}`.

use crate::api::registers::{
    certificate_qr_url, check_certificate, public_annual_reports, public_register,
};
use crate::format::{date_zh, money};
use crate::i18n::{cert_status_key, kind_key, register_field_zh, register_type_key, t, Key};
use crate::pages::public_decisions::PublicDecisionsPage;
use crate::pages::registers::{field_text, fields, FieldKind};
use chrono::Datelike;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sanxiang_api_types::registers::{
    AnnualFigures, CertificateCheck, PublicAnnualReports, PublicPageQuery, PublicRegisterPage,
    RegisterType,
};

/// A public page, named by the URL path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicPage {
    Registers(RegisterType),
    Certificate(String),
    AnnualReport(i32),
    /// 行政处罚等决定公示 or 抽查结果公示: the list, or one entry (`/public/decisions/{id}`).
    Decisions(
        sanxiang_api_types::disclosure::ResourceType,
        Option<uuid::Uuid>,
    ),
}

fn last_year() -> i32 {
    crate::format::today().year() - 1
}

impl PublicPage {
    /// The page of a path below `/public/`, if it names one.
    pub fn from_path(path: &str) -> Option<PublicPage> {
        let rest = path.strip_prefix("/public")?.trim_matches('/');
        let decode = |s: &str| {
            js_sys::decode_uri_component(s)
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| s.to_owned())
        };
        let parts: Vec<&str> = rest.split('/').collect();
        if let Some((resource, id)) = crate::pages::public_decisions::parse_path(&parts) {
            return Some(PublicPage::Decisions(resource, id));
        }
        Some(match parts.as_slice() {
            ["certificates", number] => PublicPage::Certificate(decode(number)),
            ["certificates"] => PublicPage::Certificate(String::new()),
            ["reports", "annual", year] => {
                PublicPage::AnnualReport(year.parse().unwrap_or_else(|_| last_year()))
            }
            ["reports", ..] => PublicPage::AnnualReport(last_year()),
            ["registers", rt] => {
                PublicPage::Registers(rt.parse().unwrap_or(RegisterType::EnforcementMatter))
            }
            _ => PublicPage::Registers(RegisterType::EnforcementMatter),
        })
    }
}

/// The public page of the current URL, if the path is below `/public`.
pub fn current_public_page() -> Option<PublicPage> {
    let path = web_sys::window()?.location().pathname().ok()?;
    PublicPage::from_path(&path)
}

#[component]
pub fn PublicApp(page: PublicPage) -> impl IntoView {
    let nav = [
        ("/public/registers", Key::PublicNavRegisters),
        ("/public/decisions", Key::PubNavDecisions),
        ("/public/inspections", Key::PubNavInspections),
        ("/public/certificates", Key::PublicNavCertificate),
        ("/public/reports/annual", Key::PublicNavAnnualReport),
    ];
    view! {
        <div id="public-app" class="public-app">
            <header class="public-header no-print">
                <strong>{t(Key::PublicSiteTitle)}</strong>
                <nav>
                    {nav
                        .into_iter()
                        .map(|(href, key)| view! { <a class="public-nav" href=href>{t(key)}</a> })
                        .collect_view()}
                    <a class="public-nav" href="/">{t(Key::PublicStaffSignIn)}</a>
                </nav>
            </header>
            <main class="page page-wide">
                {match page {
                    PublicPage::Registers(rt) => view! { <PublicRegisters initial=rt /> }.into_any(),
                    PublicPage::Certificate(n) => view! { <PublicCertificate initial=n /> }.into_any(),
                    PublicPage::AnnualReport(y) => view! { <PublicAnnualReport initial=y /> }.into_any(),
                    PublicPage::Decisions(r, id) => view! { <PublicDecisionsPage resource=r id=id /> }.into_any(),
                }}
            </main>
        </div>
    }
}

#[component]
fn PublicRegisters(initial: RegisterType) -> impl IntoView {
    let register = RwSignal::new(initial);
    let page = RwSignal::new(None::<PublicRegisterPage>);
    let error = RwSignal::new(None::<String>);
    let cursor = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let rt = register.get();
        let q = PublicPageQuery {
            cursor: cursor.get(),
            ..Default::default()
        };
        spawn_local(async move {
            match public_register(rt, &q).await {
                Ok(p) => {
                    page.try_set(Some(p));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                }
            }
        });
    });
    view! {
        <section id="public-registers">
            <h1 class="page-title">{t(Key::PublicRegistersTitle)}</h1>
            <div class="tabs" role="group">
                {RegisterType::ALL
                    .into_iter()
                    .map(|rt| view! {
                        <button type="button" class="tab" id=format!("public-register-tab-{}", rt.as_str())
                            class:active=move || register.get() == rt
                            on:click=move |_| { cursor.set(None); register.set(rt); }>
                            {t(register_type_key(rt))}
                        </button>
                    })
                    .collect_view()}
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || match page.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(p) if p.items.is_empty() => view! { <p class="card muted">{t(Key::RegisterEmpty)}</p> }.into_any(),
                Some(p) => {
                    let next = p.next.clone();
                    view! {
                        {p.items
                            .into_iter()
                            .map(|e| {
                                let obj = e.content.as_object().cloned().unwrap_or_default();
                                view! {
                                    <article class="card public-entry" data-id=e.id.to_string() data-register-type=e.register_type.as_str()>
                                        <h2>{e.title.clone()}</h2>
                                        <p class="muted small">
                                            {format!("{} v{} · {} {}", t(Key::RegisterVersion), e.version, t(Key::RegisterEffectiveFrom), date_zh(e.effective_from))}
                                        </p>
                                        <dl class="public-fields">
                                            {fields(e.register_type)
                                                .iter()
                                                .filter(|(_, kind)| *kind != FieldKind::OptId)
                                                .map(|(k, kind)| {
                                                    let text = match (*kind, obj.get(*k)) {
                                                        (FieldKind::CaseKind, Some(v)) => v
                                                            .as_str()
                                                            .and_then(|s| serde_json::from_value(serde_json::Value::String(s.to_owned())).ok())
                                                            .map(|k| t(kind_key(k)).to_owned())
                                                            .unwrap_or_default(),
                                                        (kind, v) => field_text(kind, v),
                                                    };
                                                    view! { <dt>{register_field_zh(k)}</dt><dd class="pre-line">{text}</dd> }
                                                })
                                                .collect_view()}
                                        </dl>
                                        {e.flowchart_url.clone().map(|u| view! {
                                            <figure class="flowchart">
                                                <img src=u alt=t(Key::PublicFlowchart) />
                                                <figcaption>{t(Key::PublicFlowchart)}</figcaption>
                                            </figure>
                                        })}
                                    </article>
                                }
                            })
                            .collect_view()}
                        {next.map(|n| view! {
                            <button type="button" class="btn" on:click=move |_| cursor.set(Some(n.clone()))>{t(Key::PublicNextPage)}</button>
                        })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn PublicCertificate(initial: String) -> impl IntoView {
    let number = RwSignal::new(initial.clone());
    let result = RwSignal::new(None::<Result<CertificateCheck, String>>);
    let check = move || {
        let n = number.get_untracked();
        if n.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            let r = check_certificate(&n).await.map_err(|e| e.message());
            result.try_set(Some(r));
        });
    };
    if !initial.is_empty() {
        check();
    }
    view! {
        <section id="public-certificate">
            <h1 class="page-title">{t(Key::PublicCertificateTitle)}</h1>
            <form class="card form" on:submit=move |ev| { ev.prevent_default(); check(); }>
                <label class="field">
                    <span>{t(Key::PublicCertificateNumber)}</span>
                    <input id="certificate-number" type="text" prop:value=move || number.get()
                        on:input=move |ev| number.set(event_target_value(&ev)) />
                </label>
                <button id="certificate-check" type="submit" class="btn btn-primary">{t(Key::PublicCertificateCheck)}</button>
            </form>
            {move || result.get().map(|r| match r {
                Err(msg) => view! { <p id="certificate-result" class="card form-error">{msg}</p> }.into_any(),
                Ok(c) => {
                    let qr = certificate_qr_url(&c.number);
                    view! {
                        <div id="certificate-result" class="card" class:valid=c.valid_today data-valid=c.valid_today.to_string()>
                            <p class="certificate-verdict">
                                <strong>{if c.valid_today { t(Key::PublicCertificateValid) } else { t(Key::PublicCertificateInvalid) }}</strong>
                                " （" {date_zh(c.checked_on)} "）"
                            </p>
                            <dl class="public-fields">
                                <dt>{t(Key::PublicCertificateNumber)}</dt><dd>{c.number.clone()}</dd>
                                <dt>{t(Key::PublicHolder)}</dt><dd>{c.name.clone()}</dd>
                                <dt>{t(Key::PublicUnit)}</dt><dd>{c.unit.clone()}</dd>
                                <dt>{t(Key::ColStatus)}</dt><dd>{t(cert_status_key(c.status))}</dd>
                                <dt>{t(Key::PublicValidity)}</dt><dd>{format!("{} — {}", date_zh(c.valid_from), date_zh(c.valid_until))}</dd>
                                <dt>{t(Key::PublicCategories)}</dt><dd>{c.categories.join("、")}</dd>
                                <dt>{t(Key::PublicArea)}</dt><dd>{c.area.clone()}</dd>
                                <dt>{t(Key::PublicIssuer)}</dt><dd>{c.issuer.clone()}</dd>
                            </dl>
                            <figure class="qr">
                                <img src=qr alt=t(Key::PublicQr) width="160" height="160" />
                                <figcaption>{t(Key::PublicQr)}</figcaption>
                            </figure>
                        </div>
                    }
                    .into_any()
                }
            })}
        </section>
    }
}

/// Horizontal bars as inline SVG: one row per (label, value).
fn bars(rows: Vec<(String, u64)>) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let h = rows.len() * 26 + 4;
    // The chart's figures in words for a screen reader (the table below has them too).
    let label = rows
        .iter()
        .map(|(name, value)| format!("{name}：{value}"))
        .collect::<Vec<_>>()
        .join("；");
    view! {
        <svg class="bar-chart" width="100%" height=h.to_string() viewBox=format!("0 0 400 {h}") role="img" aria-label=label>
            {rows
                .into_iter()
                .enumerate()
                .map(|(i, (label, v))| {
                    let y = i * 26 + 2;
                    let w = (v as f64 / max as f64 * 220.0).max(if v > 0 { 2.0 } else { 0.0 });
                    view! {
                        <g>
                            <text x="0" y=(y + 16).to_string() font-size="12">{label}</text>
                            <rect x="130" y=y.to_string() width=format!("{w:.1}") height="20" fill="#2f6fad" />
                            <text x=format!("{:.1}", 136.0 + w) y=(y + 15).to_string() font-size="12">{v}</text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}

fn figures_view(f: AnnualFigures) -> impl IntoView {
    let kinds: Vec<(String, u64)> = f
        .by_kind
        .iter()
        .map(|k| (t(kind_key(k.kind)).to_owned(), k.count))
        .collect();
    let p = &f.penalties;
    let penalties = vec![
        (t(Key::ReportWarning).to_owned(), p.warning),
        (t(Key::ReportFine).to_owned(), p.fine),
        (t(Key::ReportConfiscation).to_owned(), p.confiscation),
        (
            t(Key::ReportLicenceSuspension).to_owned(),
            p.licence_suspension,
        ),
        (
            t(Key::ReportLicenceRevocation).to_owned(),
            p.licence_revocation,
        ),
        (t(Key::ReportOther).to_owned(), p.other),
        (t(Key::ReportNoPenalty).to_owned(), p.no_penalty),
        (
            t(Key::ReportTransferred).to_owned(),
            p.transferred_to_judicial,
        ),
    ];
    let table = vec![
        (t(Key::ReportLicences), f.licences.decisions.to_string()),
        (
            t(Key::ReportInspections),
            f.inspections.inspections.to_string(),
        ),
        (t(Key::ReportCoercive), f.coercive_measures.to_string()),
        (t(Key::ReportFees), f.fees.to_string()),
        (t(Key::ReportFinesTotal), money(p.fines_total_fen)),
        (t(Key::ReportLegalReviews), f.legal_reviews.to_string()),
        (
            t(Key::ReportDeliberations),
            f.collective_deliberations.to_string(),
        ),
    ];
    view! {
        <h3>{t(Key::ReportByKind)}</h3>
        {bars(kinds)}
        <h3>{t(Key::ReportPenaltiesByType)}</h3>
        {bars(penalties)}
        <table class="data-table report-table">
            <tbody>
                {table.into_iter().map(|(k, v)| view! { <tr><th>{k}</th><td>{v}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn PublicAnnualReport(initial: i32) -> impl IntoView {
    let year = RwSignal::new(initial);
    let data = RwSignal::new(None::<Result<PublicAnnualReports, String>>);
    Effect::new(move |_| {
        let y = year.get();
        spawn_local(async move {
            let r = public_annual_reports(y).await.map_err(|e| e.message());
            data.try_set(Some(r));
        });
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section id="public-annual-report" class="printable">
            <h1 class="page-title">{move || t(Key::PublicAnnualTitle).replace("{name}", &year.get().to_string())}</h1>
            <div class="no-print button-row">
                <label class="field">
                    <span>{t(Key::PublicYear)}</span>
                    <input id="report-year" type="number" prop:value=move || year.get().to_string()
                        on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) } />
                </label>
                <button id="report-print" type="button" class="btn" on:click=print>{t(Key::PublicPrint)}</button>
            </div>
            {move || match data.get() {
                None => view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <p class="form-error">{msg}</p> }.into_any(),
                Some(Ok(r)) if r.reports.is_empty() => view! { <p class="card muted">{t(Key::PublicAnnualEmpty)}</p> }.into_any(),
                Some(Ok(r)) => r
                    .reports
                    .into_iter()
                    .map(|rep| view! {
                        <article class="card report">
                            <h2>{rep.agency_name.clone()}</h2>
                            <p class="muted small">{format!("v{} · {}", rep.version, rep.published_at.format("%Y-%m-%d"))}</p>
                            {figures_view(rep.figures)}
                        </article>
                    })
                    .collect_view()
                    .into_any(),
            }}
        </section>
    }
}
