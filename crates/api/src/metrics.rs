//! `GET /metrics`: Prometheus text, on its own listener (`SANXIANG_METRICS_BIND`; no listener,
//! so no metrics, when unset), never on the public port.
//!
//! One recorder per server (`metrics-exporter-prometheus`, built, not installed globally), so
//! that several servers in one process (the API test suite) keep their figures apart. Counted as
//! they happen on this node: HTTP requests and their latency by route pattern and status, record
//! appender batch sizes, response-cache hits and misses. Read from the database at scrape time,
//! the same on every node: the connection pool, log entries not yet in a signed checkpoint and
//! the age of the latest one, webhook deliveries and credit pushes by status and their failed
//! attempts, disclosures past their publication due date (国办发〔2018〕118号: 7 / 20 working
//! days).

use crate::routes::disclosure::view::DueCtx;
use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use metrics::{Counter, Gauge, Histogram, Key, KeyName, Label, Level, Metadata, Recorder, Unit};
use metrics_exporter_prometheus::{BuildError, Matcher, PrometheusBuilder, PrometheusRecorder};
use sanxiang_persistence::{credit_push, disclosure::decisions, ops};
use std::time::{Duration, Instant};

const META: Metadata<'static> = Metadata::new("sanxiang", Level::INFO, Some(module_path!()));

const HTTP_REQUESTS: &str = "sanxiang_http_requests_total";
const HTTP_DURATION: &str = "sanxiang_http_request_duration_seconds";
const APPENDER_BATCH: &str = "sanxiang_appender_batch_size";
const CACHE_HITS: &str = "sanxiang_response_cache_hits_total";
const CACHE_MISSES: &str = "sanxiang_response_cache_misses_total";
const CACHE_RATIO: &str = "sanxiang_response_cache_hit_ratio";
const POOL: &str = "sanxiang_db_pool_connections";
const POOL_WAIT: &str = "sanxiang_db_pool_acquire_seconds";
const LOG_UNSIGNED: &str = "sanxiang_log_unsigned_entries";
const LOG_SIZE: &str = "sanxiang_log_checkpoint_size";
const LOG_AGE: &str = "sanxiang_log_seconds_since_checkpoint";
const WEBHOOK_DELIVERIES: &str = "sanxiang_webhook_deliveries";
const WEBHOOK_FAILED: &str = "sanxiang_webhook_failed_attempts_total";
const CREDIT_PUSH: &str = "sanxiang_credit_push_deliveries";
const CREDIT_PUSH_FAILED: &str = "sanxiang_credit_push_failed_attempts_total";
const OVERDUE: &str = "sanxiang_disclosures_overdue";
const DRAINING: &str = "sanxiang_draining";
const SCRAPE_ERRORS: &str = "sanxiang_metrics_scrape_errors_total";

/// The node's metrics (behind `web::Data`).
pub struct Metrics {
    recorder: PrometheusRecorder,
    cache_hits: Counter,
    cache_misses: Counter,
    batch: Histogram,
}

fn builder() -> Result<PrometheusBuilder, BuildError> {
    PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(HTTP_DURATION.into()),
            &[
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ],
        )?
        .set_buckets_for_metric(
            Matcher::Full(APPENDER_BATCH.into()),
            &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0],
        )
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let recorder = builder()
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let describe = |name: &'static str, unit: Option<Unit>, help: &'static str| {
            recorder.describe_gauge(KeyName::from_const_str(name), unit, help.into());
        };
        recorder.describe_counter(
            KeyName::from_const_str(HTTP_REQUESTS),
            None,
            "HTTP requests answered, by method, route pattern and status".into(),
        );
        recorder.describe_histogram(
            KeyName::from_const_str(HTTP_DURATION),
            Some(Unit::Seconds),
            "HTTP request latency, by method, route pattern and status".into(),
        );
        recorder.describe_histogram(
            KeyName::from_const_str(APPENDER_BATCH),
            Some(Unit::Count),
            "Record appends written per transaction by the appender".into(),
        );
        recorder.describe_counter(
            KeyName::from_const_str(CACHE_HITS),
            None,
            "Public answers served from this node's response cache".into(),
        );
        recorder.describe_counter(
            KeyName::from_const_str(CACHE_MISSES),
            None,
            "Public GET answers the response cache did not hold".into(),
        );
        describe(
            CACHE_RATIO,
            None,
            "Response-cache hits / (hits + misses) since start",
        );
        describe(
            POOL,
            Some(Unit::Count),
            "Database pool connections (open, idle, max)",
        );
        describe(
            POOL_WAIT,
            Some(Unit::Seconds),
            "Time one connection took to acquire at scrape time",
        );
        describe(
            LOG_UNSIGNED,
            Some(Unit::Count),
            "Log entries written but not yet in a signed checkpoint",
        );
        describe(
            LOG_SIZE,
            Some(Unit::Count),
            "Tree size of the latest signed checkpoint",
        );
        describe(
            LOG_AGE,
            Some(Unit::Seconds),
            "Seconds since the latest checkpoint was signed",
        );
        describe(
            WEBHOOK_DELIVERIES,
            Some(Unit::Count),
            "Webhook deliveries by status (pending is the backlog)",
        );
        recorder.describe_counter(
            KeyName::from_const_str(WEBHOOK_FAILED),
            None,
            "Webhook delivery attempts that failed (no answer or not 2xx)".into(),
        );
        describe(
            CREDIT_PUSH,
            Some(Unit::Count),
            "Pushes to the provincial credit platform by status (pending and failed are the backlog)",
        );
        recorder.describe_counter(
            KeyName::from_const_str(CREDIT_PUSH_FAILED),
            None,
            "Credit push attempts that failed (no answer or not 2xx)".into(),
        );
        describe(
            OVERDUE,
            Some(Unit::Count),
            "Disclosures not published by their due date",
        );
        describe(DRAINING, None, "1 while the node shuts down");
        let cache_hits = recorder.register_counter(&Key::from_static_name(CACHE_HITS), &META);
        let cache_misses = recorder.register_counter(&Key::from_static_name(CACHE_MISSES), &META);
        let batch = recorder.register_histogram(&Key::from_static_name(APPENDER_BATCH), &META);
        // Present from the start, so a dashboard shows 0 rather than nothing.
        cache_hits.increment(0);
        cache_misses.increment(0);
        Self {
            recorder,
            cache_hits,
            cache_misses,
            batch,
        }
    }

    fn gauge(&self, name: &'static str, labels: Vec<Label>) -> Gauge {
        self.recorder
            .register_gauge(&Key::from_parts(name, labels), &META)
    }

    /// One answered request.
    pub fn http(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let labels = vec![
            Label::new("method", method.to_owned()),
            Label::new("route", route.to_owned()),
            Label::new("status", status.to_string()),
        ];
        self.recorder
            .register_histogram(&Key::from_parts(HTTP_DURATION, labels.clone()), &META)
            .record(elapsed.as_secs_f64());
        self.recorder
            .register_counter(&Key::from_parts(HTTP_REQUESTS, labels), &META)
            .increment(1);
    }

    /// A public answer served from the response cache.
    pub fn cache_hit(&self) {
        self.cache_hits.increment(1);
    }

    /// A public GET the response cache did not hold.
    pub fn cache_miss(&self) {
        self.cache_misses.increment(1);
    }

    /// A batch of `n` appends written in one transaction.
    pub fn appender_batch(&self, n: usize) {
        self.batch.record(n as f64);
    }

    /// A handle for the appender (cheap to clone).
    pub fn batch_histogram(&self) -> Histogram {
        self.batch.clone()
    }

    /// Reads the database-side figures and renders everything.
    pub async fn render(&self, state: &AppState, draining: bool) -> String {
        let mut errors = 0u64;
        match ops::pool_stats(&state.db).await {
            Ok(p) => {
                for (kind, n) in [("open", p.size), ("idle", p.idle), ("max", p.max)] {
                    self.gauge(POOL, vec![Label::new("state", kind)])
                        .set(f64::from(n));
                }
                self.gauge(POOL_WAIT, vec![])
                    .set(p.acquire_wait.as_secs_f64());
            }
            Err(e) => {
                tracing::warn!("metrics: pool: {e}");
                errors += 1;
            }
        }
        match ops::log_lag(&state.db).await {
            Ok(l) => {
                self.gauge(LOG_UNSIGNED, vec![]).set(l.unsigned() as f64);
                self.gauge(LOG_SIZE, vec![]).set(l.checkpoint_size as f64);
                // The server's one clock (production: wall time, which checkpoints carry).
                let now = state.now();
                let age = l.checkpoint_at.map_or(-1.0, |at| {
                    (now - at).num_milliseconds().max(0) as f64 / 1000.0
                });
                self.gauge(LOG_AGE, vec![]).set(age);
            }
            Err(e) => {
                tracing::warn!("metrics: log: {e}");
                errors += 1;
            }
        }
        match ops::webhook_deliveries(&state.db).await {
            Ok(rows) => {
                for status in ["pending", "succeeded", "failed"] {
                    let n = rows
                        .iter()
                        .find(|(s, _)| s == status)
                        .map_or(0, |(_, n)| *n);
                    self.gauge(WEBHOOK_DELIVERIES, vec![Label::new("status", status)])
                        .set(n as f64);
                }
            }
            Err(e) => {
                tracing::warn!("metrics: webhooks: {e}");
                errors += 1;
            }
        }
        match ops::webhook_failed_attempts(&state.db).await {
            Ok(n) => self
                .recorder
                .register_counter(&Key::from_static_name(WEBHOOK_FAILED), &META)
                .absolute(n),
            Err(e) => {
                tracing::warn!("metrics: webhook attempts: {e}");
                errors += 1;
            }
        }
        match credit_push::status_counts(&state.db).await {
            Ok(rows) => {
                for (status, n) in rows {
                    self.gauge(CREDIT_PUSH, vec![Label::new("status", status.as_str())])
                        .set(n as f64);
                }
            }
            Err(e) => {
                tracing::warn!("metrics: credit push: {e}");
                errors += 1;
            }
        }
        match credit_push::failed_attempts(&state.db).await {
            Ok(n) => self
                .recorder
                .register_counter(&Key::from_static_name(CREDIT_PUSH_FAILED), &META)
                .absolute(n),
            Err(e) => {
                tracing::warn!("metrics: credit push attempts: {e}");
                errors += 1;
            }
        }
        match overdue(state).await {
            Ok(n) => self.gauge(OVERDUE, vec![]).set(n as f64),
            Err(e) => {
                tracing::warn!("metrics: disclosures: {e}");
                errors += 1;
            }
        }
        self.gauge(DRAINING, vec![])
            .set(if draining { 1.0 } else { 0.0 });
        let handle = self.recorder.handle();
        let text = handle.render();
        let (hits, misses) = cache_counts(&text);
        let ratio = if hits + misses > 0.0 {
            hits / (hits + misses)
        } else {
            0.0
        };
        self.gauge(CACHE_RATIO, vec![]).set(ratio);
        self.recorder
            .register_counter(&Key::from_static_name(SCRAPE_ERRORS), &META)
            .increment(errors);
        handle.render()
    }
}

/// The cache counters as last rendered (the recorder offers no read-back of a counter).
fn cache_counts(text: &str) -> (f64, f64) {
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
            .unwrap_or(0.0)
    };
    (value(CACHE_HITS), value(CACHE_MISSES))
}

/// Disclosures of every agency past their publication due date and still unpublished.
async fn overdue(state: &AppState) -> Result<u64, String> {
    let due = DueCtx::load(state).await.map_err(|e| e.to_string())?;
    let open = decisions::open_publications(&state.db)
        .await
        .map_err(|e| e.to_string())?;
    Ok(open
        .iter()
        .filter(|d| due.publication(d).overdue(due.today))
        .count() as u64)
}

/// Middleware: counts every answer by method, route *pattern* (`/api/v1/cases/{id}`, so that
/// ids never become labels) and status. Requests that matched no route count as `unmatched`.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let started = Instant::now();
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let method = req.method().as_str().to_owned();
    let res = next.call(req).await?;
    if let Some(m) = metrics {
        let route = res
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        m.http(&method, &route, res.status().as_u16(), started.elapsed());
    }
    Ok(res)
}

/// `GET /metrics` on the metrics listener.
pub async fn scrape(
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
    lifecycle: web::Data<crate::shutdown::Lifecycle>,
) -> HttpResponse {
    let text = metrics.render(&state, lifecycle.draining()).await;
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text)
}
