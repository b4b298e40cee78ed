//! The demo's publications and portal access: last year's annual report (国办发〔2018〕118号:
//! published by 31 January), an API key for the province's portal and a webhook endpoint that
//! receives every public change.

use super::client::Session;
use super::Demo;
use chrono::Datelike;
use serde_json::json;

/// The editor looks at last year's report; the approver publishes it.
pub(crate) async fn annual_report(d: &Demo<'_>) -> anyhow::Result<()> {
    let last = d.today.year() - 1;
    d.editor
        .get(&format!("/api/v1/reports/annual/{last}"))
        .await?;
    d.head
        .post(
            &format!("/api/v1/reports/annual/{last}/publish"),
            &json!({}),
        )
        .await?;
    Ok(())
}

/// As the administrator: a read key for the provincial portal and, when `webhook_url` is
/// given, a webhook endpoint for the county's website.
pub(crate) async fn keys_and_hooks(
    admin: &Session<'_>,
    webhook_url: Option<&str>,
) -> anyhow::Result<()> {
    admin
        .post(
            "/api/v1/portal/api-keys",
            &json!({"name": "【演示】省级平台同步", "portal": "辽宁省行政执法公示平台（演示）"}),
        )
        .await?;
    if let Some(url) = webhook_url {
        admin
            .post(
                "/api/v1/portal/webhooks",
                &json!({"url": url, "description": "【演示】县政府门户网站"}),
            )
            .await?;
    }
    Ok(())
}
