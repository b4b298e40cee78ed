//! The webhook dispatcher (即时推送): a background task, started with the server, that walks the
//! change feed — the durable outbox written in the same transaction as every publication — once
//! per endpoint (each with its own cursor), and delivers each event in `seq` order, signed per
//! Standard Webhooks.
//!
//! Publishing never waits for it: requests only append to the feed. A failed delivery is retried
//! with exponential backoff (`webhook_retry_base_ms`, doubled per attempt, at most
//! `webhook_retry_max_ms`) until its window (`webhook_retry_window_secs`, 24 hours by default)
//! has passed — the last attempt falls on the window's end — and is then marked failed; the
//! endpoint's later events wait behind it meanwhile, so a portal sees events in order. Each
//! attempt has a timeout, and at most `webhook_concurrency` endpoints are served at once, so a
//! slow or dead portal only delays itself.
//!
//! With several API nodes, an endpoint is served by the node holding its lease
//! ([`sanxiang_persistence::portal::lease_endpoint`]): one node delivers a given event.

use super::signature;
use super::PortalSettings;
use crate::clock::Clock;
use crate::integrator::WriteGate;
use awc::http::header;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use sanxiang_persistence::portal::{self, AttemptOutcome, Delivery, EndpointTarget};
use sanxiang_persistence::{Db, StoreError};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Feed entries turned into deliveries per endpoint and round.
const FAN_OUT_BATCH: u64 = 500;
/// Deliveries per endpoint and tick at most (then others get their turn).
const DELIVERIES_PER_TICK: usize = 200;
/// Longest error text kept per attempt.
const ERROR_MAX: usize = 500;

/// Whether `url` may receive webhooks, by its text: `https` (`http` too in `serve --demo`), a
/// host, no credentials, the host in `webhook_allowed_hosts` when that list is not empty, and
/// an address literal outside the private ranges (see [`refused_range`]) unless
/// `webhook_allow_private_networks`. Names are checked once resolved: [`resolve_checked`].
pub fn check_url(url: &str, s: &PortalSettings) -> Result<url::Url, String> {
    let u = url::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
    match u.scheme() {
        "https" => {}
        "http" if s.webhook_allow_http => {}
        "http" => return Err("webhook URLs must use https".into()),
        _ => return Err("only https URLs can receive webhooks".into()),
    }
    let Some(host) = u.host_str() else {
        return Err("the URL has no host".into());
    };
    if !u.username().is_empty() || u.password().is_some() {
        return Err("credentials in the URL are not allowed".into());
    }
    let allowed = &s.webhook_allowed_hosts;
    if !allowed.is_empty() && !allowed.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return Err(format!(
            "the host `{host}` is not in [portal] webhook_allowed_hosts"
        ));
    }
    let literal = match u.host() {
        Some(url::Host::Ipv4(a)) => Some(IpAddr::V4(a)),
        Some(url::Host::Ipv6(a)) => Some(IpAddr::V6(a)),
        _ => None,
    };
    if let Some(ip) = literal {
        check_ip(ip, s)?;
    }
    Ok(u)
}

fn check_ip(ip: IpAddr, s: &PortalSettings) -> Result<(), String> {
    match refused_range(ip) {
        Some(range) if !s.webhook_allow_private_networks => Err(format!(
            "{ip} is a {range} address; webhooks go to public addresses only \
             ([portal] webhook_allow_private_networks)"
        )),
        _ => Ok(()),
    }
}

/// Checks `url` as [`check_url`] does, resolves its host and checks every address it resolves
/// to. Returns the addresses to connect to: the delivery connects to one of these, never
/// resolving the name again, so a DNS answer that changes after the check cannot redirect it
/// into the private network.
pub async fn resolve_checked(url: &str, s: &PortalSettings) -> Result<Vec<SocketAddr>, String> {
    let u = check_url(url, s)?;
    let host = match u.host() {
        Some(url::Host::Ipv4(a)) => a.to_string(),
        Some(url::Host::Ipv6(a)) => a.to_string(),
        Some(url::Host::Domain(d)) => d.to_owned(),
        None => return Err("the URL has no host".into()),
    };
    let port = u
        .port_or_known_default()
        .ok_or_else(|| "the URL has no port".to_owned())?;
    let lookup = host.clone();
    let addrs: Vec<SocketAddr> =
        actix_web::rt::task::spawn_blocking(move || (lookup.as_str(), port).to_socket_addrs())
            .await
            .map_err(|e| format!("cannot resolve `{host}`: {e}"))?
            .map_err(|e| format!("cannot resolve `{host}`: {e}"))?
            .collect();
    if addrs.is_empty() {
        return Err(format!("`{host}` has no address"));
    }
    for a in &addrs {
        check_ip(a.ip(), s).map_err(|e| format!("`{host}` resolves to {e}"))?;
    }
    Ok(addrs)
}

/// The kind of non-public range `ip` lies in, if any: loopback, private (RFC 1918),
/// link-local (with the metadata address 169.254.169.254), shared (CGNAT, RFC 6598, with
/// 100.100.100.200), unique-local (RFC 4193, with AWS's fd00:ec2::254), multicast,
/// unspecified, broadcast and other reserved ranges. IPv6 forms that carry an IPv4 address
/// (mapped, NAT64, 6to4) are judged by that address.
pub fn refused_range(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(a) => refused_v4(a),
        IpAddr::V6(a) => {
            if let Some(v4) = a.to_ipv4_mapped() {
                return refused_v4(v4);
            }
            let seg = a.segments();
            // NAT64 (64:ff9b::/96, RFC 6052) and 6to4 (2002::/16, RFC 3056).
            if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [a, b, c, d] = a.octets()[12..] else {
                    return Some("reserved");
                };
                return refused_v4(Ipv4Addr::new(a, b, c, d));
            }
            if seg[0] == 0x2002 {
                let [a, b] = seg[1].to_be_bytes();
                let [c, d] = seg[2].to_be_bytes();
                return refused_v4(Ipv4Addr::new(a, b, c, d));
            }
            if a.is_unspecified() {
                Some("unspecified")
            } else if a.is_loopback() {
                Some("loopback")
            } else if a.is_multicast() {
                Some("multicast")
            } else if seg[0] & 0xfe00 == 0xfc00 {
                Some("unique-local")
            } else if seg[0] & 0xffc0 == 0xfe80 || seg[0] & 0xffc0 == 0xfec0 {
                Some("link-local")
            } else if seg[0] == 0 || (seg[0] == 0x2001 && seg[1] == 0x0db8) {
                // ::/16 holds the IPv4-compatible and other reserved forms; 2001:db8::/32 is
                // documentation.
                Some("reserved")
            } else {
                None
            }
        }
    }
}

fn refused_v4(a: Ipv4Addr) -> Option<&'static str> {
    let [o0, o1, o2, _] = a.octets();
    if o0 == 0 {
        Some("unspecified")
    } else if a.is_loopback() {
        Some("loopback")
    } else if a.is_private() {
        Some("private")
    } else if a.is_link_local() {
        Some("link-local")
    } else if o0 == 100 && (64..128).contains(&o1) {
        Some("shared (CGNAT)")
    } else if a.is_multicast() {
        Some("multicast")
    } else if a.is_broadcast() || o0 >= 240 {
        Some("reserved")
    } else if (o0 == 192 && o1 == 0 && o2 == 0) || (o0 == 198 && (18..20).contains(&o1)) {
        // IETF protocol assignments (192.0.0.0/24) and benchmarking (198.18.0.0/15).
        Some("reserved")
    } else if a.is_documentation() {
        Some("documentation")
    } else {
        None
    }
}

/// When to try again after a failed attempt, or `None` when the retry window has closed.
pub fn next_retry(
    attempts: i32,
    window_start: DateTime<Utc>,
    now: DateTime<Utc>,
    s: &PortalSettings,
) -> Option<DateTime<Utc>> {
    let window_end = window_start
        + chrono::Duration::seconds(i64::try_from(s.webhook_retry_window_secs).unwrap_or(86_400));
    if now >= window_end {
        return None;
    }
    let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 40)).unwrap_or(40);
    let delay_ms = s
        .webhook_retry_base_ms
        .saturating_mul(2u64.saturating_pow(exp))
        .min(s.webhook_retry_max_ms);
    let at = now + chrono::Duration::milliseconds(i64::try_from(delay_ms).unwrap_or(i64::MAX / 2));
    Some(at.min(window_end))
}

pub(crate) fn http_client(timeout: Duration) -> awc::Client {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let connector = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map(|b| b.with_root_certificates(roots).with_no_client_auth());
    let mut c = awc::Connector::new().timeout(timeout);
    match connector {
        Ok(cfg) => c = c.rustls_0_23(Arc::new(cfg)),
        Err(e) => tracing::error!("webhooks: TLS is unavailable ({e}); https endpoints will fail"),
    }
    awc::Client::builder()
        .connector(c)
        .timeout(timeout)
        .disable_redirects()
        .add_default_header((header::USER_AGENT, "Sanxiang-Webhooks/1"))
        .finish()
}

fn truncate(mut s: String) -> String {
    if s.len() > ERROR_MAX {
        let mut cut = ERROR_MAX;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

/// Sends one delivery and reports what happened (never fails: errors are the outcome).
async fn send(
    client: &awc::Client,
    target: &EndpointTarget,
    d: &Delivery,
    s: &PortalSettings,
    started_at: DateTime<Utc>,
) -> AttemptOutcome {
    let clock = Instant::now();
    let outcome = |status_code: Option<i32>, error: Option<String>, succeeded: bool| {
        let duration_ms = i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX);
        AttemptOutcome {
            started_at,
            status_code,
            duration_ms,
            error: error.map(truncate),
            succeeded,
            retry_at: None,
        }
    };
    // Checked again before every attempt (the settings or the name's DNS answer may have
    // changed since registration), and the connection goes to the address just checked.
    let addr = match resolve_checked(&target.endpoint.url, s).await {
        Ok(addrs) => addrs.first().copied(),
        Err(e) => return outcome(None, Some(format!("refused: {e}")), false),
    };
    let Some(addr) = addr else {
        return outcome(None, Some("the host has no address".into()), false);
    };
    let ts = started_at.timestamp();
    let Some(sig) = signature::sign(&target.secret, &d.event_id, ts, &d.payload) else {
        return outcome(
            None,
            Some("the endpoint's secret is malformed".into()),
            false,
        );
    };
    let sent = client
        .post(&target.endpoint.url)
        .address(addr)
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header(("webhook-id", d.event_id.as_str()))
        .insert_header(("webhook-timestamp", ts.to_string()))
        .insert_header(("webhook-signature", sig))
        .send_body(d.payload.clone())
        .await;
    match sent {
        Ok(mut res) => {
            let status = res.status();
            // Read (and drop) a little of the answer so the connection can be reused.
            let _ = res.body().limit(64 * 1024).await;
            let code = i32::from(status.as_u16());
            if status.is_success() {
                outcome(Some(code), None, true)
            } else {
                outcome(Some(code), Some(format!("HTTP {status}")), false)
            }
        }
        Err(e) => outcome(None, Some(e.to_string()), false),
    }
}

/// One node's dispatcher.
struct Dispatcher {
    db: Db,
    settings: PortalSettings,
    client: awc::Client,
    node: Uuid,
    /// On SQLite, every write of the dispatcher holds the write gate exclusively (see
    /// [`crate::integrator`]); never while waiting for a portal.
    gate: WriteGate,
    /// The server's one clock (deliveries are due by the time the feed entry was written on it).
    clock: Clock,
}

impl Dispatcher {
    fn lease_ttl(&self) -> chrono::Duration {
        chrono::Duration::seconds(
            i64::try_from(self.settings.webhook_timeout_secs).unwrap_or(10) * 2 + 30,
        )
    }

    async fn lease(&self, id: Uuid) -> Result<Option<EndpointTarget>, StoreError> {
        let now = self.clock.now();
        let _exclusive = self.gate.exclusive().await;
        portal::lease_endpoint(&self.db, id, self.node, now, now + self.lease_ttl()).await
    }

    /// Queues new feed entries for the endpoint, then delivers its due deliveries in order.
    async fn serve(&self, id: Uuid) -> Result<(), StoreError> {
        let Some(mut target) = self.lease(id).await? else {
            return Ok(());
        };
        loop {
            let read = {
                let _exclusive = self.gate.exclusive().await;
                portal::fan_out(
                    &self.db,
                    &target,
                    &self.settings.public_base_url,
                    FAN_OUT_BATCH,
                    self.clock.now(),
                )
                .await?
            };
            if read == 0 {
                break;
            }
            match self.lease(id).await? {
                Some(t) => target = t,
                None => return Ok(()),
            }
            if read < usize::try_from(FAN_OUT_BATCH).unwrap_or(usize::MAX) {
                break;
            }
        }
        for _ in 0..DELIVERIES_PER_TICK {
            let Some(d) = portal::next_due(&self.db, id, self.clock.now()).await? else {
                break;
            };
            // Renew the lease before each attempt; stop if another node took over.
            match self.lease(id).await? {
                Some(t) => target = t,
                None => return Ok(()),
            }
            let mut o = send(&self.client, &target, &d, &self.settings, self.clock.now()).await;
            let now = self.clock.now();
            let ok = o.succeeded;
            if !ok {
                o.retry_at = next_retry(
                    d.attempts.saturating_add(1),
                    d.window_start,
                    now,
                    &self.settings,
                );
                tracing::info!(
                    endpoint_id = %id,
                    seq = d.seq,
                    attempt = d.attempts + 1,
                    error = o.error.as_deref().unwrap_or(""),
                    retry = o.retry_at.is_some(),
                    "webhook delivery failed"
                );
            }
            {
                let _exclusive = self.gate.exclusive().await;
                portal::record_attempt(&self.db, &d, o, now).await?;
            }
            if !ok {
                break;
            }
        }
        let _exclusive = self.gate.exclusive().await;
        portal::release_endpoint(&self.db, id, self.node).await
    }

    async fn tick(&self) -> Result<(), StoreError> {
        // Only endpoints with work are leased: an idle dispatcher only reads.
        let head = portal::feed_head(&self.db).await?.map_or(0, |h| h.0);
        let now = self.clock.now();
        let mut ids = Vec::new();
        for (id, cursor) in portal::active_endpoint_cursors(&self.db).await? {
            if cursor < head || portal::next_due(&self.db, id, now).await?.is_some() {
                ids.push(id);
            }
        }
        let results: Vec<(Uuid, Result<(), StoreError>)> = futures_util::stream::iter(ids)
            .map(|id| async move { (id, self.serve(id).await) })
            .buffer_unordered(self.settings.webhook_concurrency)
            .collect()
            .await;
        for (id, r) in results {
            match r {
                Ok(()) | Err(StoreError::Concurrent) => {}
                Err(e) if portal::is_pool_closed(&e) => return Err(e),
                Err(e) => tracing::warn!(endpoint_id = %id, "webhook dispatch failed: {e}"),
            }
        }
        Ok(())
    }
}

/// Runs until the database pool is closed. Spawn it on the server's runtime (awc is
/// single-threaded: it runs on the arbiter it is spawned on).
pub async fn run(db: Db, gate: WriteGate, settings: PortalSettings, clock: Clock) {
    let d = Dispatcher {
        client: http_client(Duration::from_secs(settings.webhook_timeout_secs)),
        db,
        node: Uuid::new_v4(),
        gate,
        settings,
        clock,
    };
    let tick = Duration::from_millis(d.settings.webhook_tick_ms);
    loop {
        if let Err(e) = d.tick().await {
            if portal::is_pool_closed(&e) {
                tracing::debug!("database closed; the webhook dispatcher stops");
                return;
            }
            tracing::warn!("webhook dispatch failed (will retry): {e}");
        }
        actix_web::rt::time::sleep(tick).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_https_without_credentials() {
        let s = PortalSettings::default();
        assert!(check_url("https://portal.example.gov.cn/hook", &s).is_ok());
        assert!(check_url("http://portal.example.gov.cn/hook", &s).is_err());
        assert!(check_url("ftp://example.com/x", &s).is_err());
        assert!(check_url("file:///etc/passwd", &s).is_err());
        assert!(check_url("javascript:alert(1)", &s).is_err());
        assert!(check_url("https://user:pw@example.com/", &s).is_err());
        assert!(check_url("not a url", &s).is_err());
        let demo = PortalSettings {
            webhook_allow_http: true,
            ..PortalSettings::default()
        };
        assert!(check_url("http://portal.example.gov.cn/hook", &demo).is_ok());
        let allowed = PortalSettings {
            webhook_allowed_hosts: vec!["portal.example.gov.cn".to_owned()],
            ..PortalSettings::default()
        };
        assert!(check_url("https://portal.example.gov.cn/hook", &allowed).is_ok());
        assert!(check_url("https://evil.example.com/hook", &allowed).is_err());
    }

    #[test]
    fn private_addresses_are_refused_unless_allowed() {
        let s = PortalSettings::default();
        for url in [
            "https://10.0.0.1/x",
            "https://169.254.169.254/latest/meta-data/",
            "https://[::1]:22/",
            "https://127.0.0.1:5432/",
            "https://2130706433/",
            "https://0.0.0.0/",
            "https://100.100.100.200/",
            "https://172.16.0.1/",
            "https://192.168.1.1/",
            "https://224.0.0.1/",
            "https://[fd00:ec2::254]/",
            "https://[fe80::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[64:ff9b::a00:1]/",
            "https://[2002:7f00:1::]/",
            "https://[::]/",
            "https://[ff02::1]/",
        ] {
            assert!(check_url(url, &s).is_err(), "{url}");
        }
        assert!(check_url("https://8.8.8.8/", &s).is_ok());
        assert!(check_url("https://[2400:3200::1]/", &s).is_ok());
        let open = PortalSettings {
            webhook_allow_private_networks: true,
            ..PortalSettings::default()
        };
        assert!(check_url("https://10.0.0.1/x", &open).is_ok());
    }

    #[test]
    fn backoff_doubles_is_capped_and_retries_for_the_whole_window() {
        let s = PortalSettings::default();
        let t0 = DateTime::parse_from_rfc3339("2026-11-29T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let r1 = next_retry(1, t0, t0, &s).unwrap();
        assert_eq!((r1 - t0).num_seconds(), 10);
        let r2 = next_retry(2, t0, t0, &s).unwrap();
        assert_eq!((r2 - t0).num_seconds(), 20);
        let r20 = next_retry(20, t0, t0, &s).unwrap();
        assert_eq!((r20 - t0).num_seconds(), 3600);
        // Walk the schedule: the attempts span the whole 24 hours, then it gives up.
        let (mut now, mut n) = (t0, 1);
        while let Some(at) = next_retry(n, t0, now, &s) {
            now = at;
            n += 1;
        }
        assert_eq!((now - t0).num_hours(), 24);
        assert!(n > 20 && n < 40, "{n} attempts");
    }
}
