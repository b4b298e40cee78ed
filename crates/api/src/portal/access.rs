//! The middleware around `/api/public/v1`: who is asking (an API key or an IP address), rate
//! limits per client, and HTTP caching.
//!
//! Caching: every public answer is a function of the published data, which changes only through
//! the change feed (expiries write tombstones too), and of the day in China (publication
//! periods end by date). So the strong `ETag` of a GET is SHA-256 over (feed head `seq`, China
//! date, path and query, the key's scope), computed with one indexed read before the handler
//! runs: a matching `If-None-Match` is answered 304 without running the handler.
//! `Last-Modified` is the time of the head change. For the same reason a 200 answer can be kept
//! in memory under its tag and served again while the tag is current (`response_cache_mib`):
//! the tag changes as soon as anything it shows could have changed. The head itself is read at
//! most every `feed_head_ttl_ms` (250 ms) per node: a staff write through this node forgets it
//! at once ([`after_staff_write`]), so only another node's change can take that long to show.
//! Only the routes listed in [`CACHED`], whose
//! content changes through feed entries alone, are tagged; every other public route (the log's
//! checkpoint, certificate checks, discretion standards, the annual report, …) passes through
//! untouched, so a new route is never served stale by default.

use super::keys;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use sanxiang_persistence::{portal, Db};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::RwLock;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Public route prefixes whose content is a function of the change feed and the date only
/// (every change to them is a feed entry: publications, corrections, withdrawals, expiries).
/// Add a route here only when everything that changes its answer writes a feed entry.
pub const CACHED: [&str; 5] = [
    "/api/public/v1/changes",
    "/api/public/v1/decisions",
    "/api/public/v1/registers",
    "/api/public/v1/inspections",
    "/api/public/v1/draws",
];

/// How long a key lookup is trusted on this node (a revocation on another node takes effect
/// here within this time; on the revoking node at once).
const KEY_CACHE_TTL: Duration = Duration::from_secs(10);

/// The largest answer kept in the response cache (a portal catching up with 1,000 changes a
/// page reads each page once: not worth keeping).
const MAX_CACHED_ANSWER: usize = 256 * 1024;

/// A public answer kept under its entity tag.
#[derive(Clone)]
struct CachedAnswer {
    content_type: HeaderValue,
    body: web::Bytes,
}

/// Weighs cached answers by their size in bytes.
#[derive(Clone)]
struct AnswerWeight;

impl quick_cache::Weighter<String, CachedAnswer> for AnswerWeight {
    fn weight(&self, key: &String, val: &CachedAnswer) -> u64 {
        (key.len() + val.body.len() + 64) as u64
    }
}

type AnswerCache = quick_cache::sync::Cache<String, CachedAnswer, AnswerWeight>;

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    Anonymous(IpAddr),
    Key { id: Uuid },
}

impl Client {
    fn scope(self) -> &'static str {
        match self {
            Client::Anonymous(_) => "anonymous",
            Client::Key { .. } => "read",
        }
    }
}

/// The feed head (`seq` and when) as read: `None` before the first change.
type Head = Option<(i64, chrono::DateTime<chrono::Utc>)>;

/// The change feed's head as this node last read it.
struct HeadCache {
    ttl: Duration,
    /// Bumped by every forget: a read that began before it does not store its stale answer.
    generation: std::sync::atomic::AtomicU64,
    value: RwLock<Option<(Head, Instant)>>,
}

impl HeadCache {
    async fn get(&self, db: &Db) -> Result<Head, sanxiang_persistence::StoreError> {
        use std::sync::atomic::Ordering;
        if !self.ttl.is_zero() {
            if let Ok(v) = self.value.read() {
                if let Some((head, at)) = *v {
                    if at.elapsed() < self.ttl {
                        return Ok(head);
                    }
                }
            }
        }
        let generation = self.generation.load(Ordering::Acquire);
        let head = portal::feed_head(db).await?;
        if !self.ttl.is_zero() && self.generation.load(Ordering::Acquire) == generation {
            if let Ok(mut v) = self.value.write() {
                *v = Some((head, Instant::now()));
            }
        }
        Ok(head)
    }

    fn forget(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        if let Ok(mut v) = self.value.write() {
            *v = None;
        }
    }
}

/// Rate limiters and the key cache of one API node.
pub struct PortalAccess {
    anonymous: DefaultKeyedRateLimiter<IpAddr>,
    keyed: DefaultKeyedRateLimiter<Uuid>,
    keys: RwLock<HashMap<String, (Option<Uuid>, Instant)>>,
    trusted_proxies: Vec<IpAddr>,
    max_age: u32,
    last_shrink: std::sync::Mutex<Instant>,
    answers: Option<AnswerCache>,
    head: HeadCache,
}

fn quota(per_minute: u32, burst: u32) -> Quota {
    let per = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per).allow_burst(burst)
}

impl PortalAccess {
    pub fn new(s: &super::PortalSettings) -> Self {
        Self {
            anonymous: DefaultKeyedRateLimiter::keyed(quota(
                s.anonymous_per_minute,
                s.anonymous_burst,
            )),
            keyed: DefaultKeyedRateLimiter::keyed(quota(s.key_per_minute, s.key_burst)),
            keys: RwLock::new(HashMap::new()),
            trusted_proxies: s.trusted_proxies.clone(),
            max_age: s.cache_max_age_secs,
            last_shrink: std::sync::Mutex::new(Instant::now()),
            answers: (s.response_cache_mib > 0).then(|| {
                let bytes = u64::from(s.response_cache_mib) * 1024 * 1024;
                // quick_cache sizes its tables from an estimate of the entry count.
                let estimated = usize::try_from(bytes / 16_384)
                    .unwrap_or(usize::MAX)
                    .max(64);
                AnswerCache::with_weighter(estimated, bytes, AnswerWeight)
            }),
            head: HeadCache {
                ttl: Duration::from_millis(s.feed_head_ttl_ms),
                generation: Default::default(),
                value: RwLock::new(None),
            },
        }
    }

    /// Forgets cached key lookups (after a revocation).
    pub fn forget_keys(&self) {
        if let Ok(mut m) = self.keys.write() {
            m.clear();
        }
    }

    /// Shrinks at most once a minute (called on the request path; never waits).
    fn maybe_shrink(&self) {
        let due = match self.last_shrink.try_lock() {
            Ok(mut at) if at.elapsed() > Duration::from_secs(60) => {
                *at = Instant::now();
                true
            }
            _ => false,
        };
        if due {
            self.shrink();
        }
    }

    /// Drops the state of clients that are back to a full allowance (bounds memory).
    pub fn shrink(&self) {
        self.anonymous.retain_recent();
        self.keyed.retain_recent();
        self.anonymous.shrink_to_fit();
        self.keyed.shrink_to_fit();
        if let Ok(mut m) = self.keys.write() {
            m.retain(|_, (_, at)| at.elapsed() < KEY_CACHE_TTL);
        }
    }

    /// The client's address: the peer, or behind a trusted proxy the last address in
    /// `X-Forwarded-For` that is not itself a trusted proxy (as sign-in throttling counts it).
    pub fn client_ip(&self, req: &ServiceRequest) -> Option<IpAddr> {
        crate::auth::sessions::client_ip(req.request(), &self.trusted_proxies)
    }

    async fn key_id(&self, db: &Db, key: &str) -> Result<Option<Uuid>, ApiError> {
        let hash = keys::hash_key(key);
        if let Ok(m) = self.keys.read() {
            if let Some((id, at)) = m.get(&hash) {
                if at.elapsed() < KEY_CACHE_TTL {
                    return Ok(*id);
                }
            }
        }
        let found = portal::active_key_by_hash(db, &hash)
            .await?
            .filter(|(_, scope)| scope == "read")
            .map(|(id, _)| id);
        if let Ok(mut m) = self.keys.write() {
            if m.len() > 100_000 {
                m.clear();
            }
            m.insert(hash, (found, Instant::now()));
        }
        Ok(found)
    }

    fn check_ip(&self, ip: IpAddr) -> Result<(), ApiError> {
        self.anonymous
            .check_key(&ip)
            .map_err(|n| retry(n.wait_time_from(DefaultClock::default().now())))
    }
}

fn retry(wait: Duration) -> ApiError {
    ApiError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
}

/// The API key a request presents: `X-Api-Key`, or `Authorization: Bearer sxk_…`. Other bearer
/// tokens (a signed-in user's access token) are ignored here: public reads are anonymous.
fn presented_key(req: &ServiceRequest) -> Result<Option<String>, ApiError> {
    if let Some(v) = req.headers().get("x-api-key") {
        let k = v
            .to_str()
            .map_err(|_| ApiError::unauthorized("Malformed X-Api-Key header."))?;
        return Ok(Some(k.trim().to_owned()));
    }
    let Some(auth) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(None);
    };
    Ok(auth
        .split_once(' ')
        .filter(|(scheme, token)| {
            scheme.eq_ignore_ascii_case("bearer") && token.trim().starts_with(keys::KEY_PREFIX)
        })
        .map(|(_, token)| token.trim().to_owned()))
}

async fn identify(
    access: &PortalAccess,
    db: &Db,
    req: &ServiceRequest,
) -> Result<Client, ApiError> {
    access.maybe_shrink();
    let ip = access
        .client_ip(req)
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let Some(key) = presented_key(req)? else {
        access.check_ip(ip)?;
        return Ok(Client::Anonymous(ip));
    };
    match access.key_id(db, &key).await? {
        Some(id) => {
            access
                .keyed
                .check_key(&id)
                .map_err(|n| retry(n.wait_time_from(DefaultClock::default().now())))?;
            Ok(Client::Key { id })
        }
        None => {
            // Unknown keys count against the address (its later anonymous reads are limited),
            // but the answer stays 401: a client whose key is wrong must learn that, not be
            // told to wait.
            let _ = access.check_ip(ip);
            Err(ApiError::unauthorized(
                "Unknown or revoked API key; omit it to read anonymously.",
            ))
        }
    }
}

/// The strong entity tag of a cacheable GET.
pub fn entity_tag(head_seq: i64, china_date: &str, path_and_query: &str, scope: &str) -> String {
    let mut h = Sha256::new();
    for part in [
        head_seq.to_string().as_str(),
        china_date,
        "GET",
        path_and_query,
        scope,
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    let d = h.finalize();
    let hex: String = d[..20].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `If-None-Match` matches `etag` (weak comparison, RFC 9110 §13.1.2).
fn none_match(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
}

fn cacheable(path: &str) -> bool {
    CACHED.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The middleware: identify the client, apply its rate limit, then answer from the cache
/// validators or run the handler and attach them.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let (Some(access), Some(state)) = (
        req.app_data::<web::Data<PortalAccess>>().cloned(),
        req.app_data::<web::Data<AppState>>().cloned(),
    ) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let client = match identify(&access, &state.db, &req).await {
        Ok(c) => c,
        Err(e) => return Ok(req.into_response(e.error_response()).map_into_right_body()),
    };
    let read = req.method() == Method::GET || req.method() == Method::HEAD;
    if !read || !cacheable(req.path()) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let head = match access.head.get(&state.db).await {
        Ok(h) => h,
        Err(e) => {
            let e = ApiError::from(e);
            return Ok(req.into_response(e.error_response()).map_into_right_body());
        }
    };
    let date = sanxiang_domain::calendar::china_date(state.now()).to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or(req.path(), |p| p.as_str())
        .to_owned();
    let etag = entity_tag(
        head.map_or(0, |h| h.0),
        &date,
        &path_and_query,
        client.scope(),
    );
    let last_modified =
        head.map(|(_, at)| header::HttpDate::from(std::time::SystemTime::from(at)).to_string());
    let cache_control = format!("public, max-age={}", access.max_age);
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| none_match(v, &etag));
    if matches {
        let mut res = HttpResponse::NotModified();
        tag(&mut res, &etag, &cache_control, last_modified.as_deref());
        return Ok(req.into_response(res.finish()).map_into_right_body());
    }
    let get = req.method() == Method::GET;
    if get {
        let metrics = req.app_data::<web::Data<crate::metrics::Metrics>>();
        let hit = access.answers.as_ref().and_then(|c| c.get(&etag));
        if let (Some(m), Some(_)) = (metrics, &access.answers) {
            if hit.is_some() {
                m.cache_hit();
            } else {
                m.cache_miss();
            }
        }
        if let Some(hit) = hit {
            let mut res = HttpResponse::Ok();
            res.insert_header((header::CONTENT_TYPE, hit.content_type));
            tag(&mut res, &etag, &cache_control, last_modified.as_deref());
            return Ok(req.into_response(res.body(hit.body)).map_into_right_body());
        }
    }
    let mut res = next.call(req).await?;
    if res.status() != StatusCode::OK {
        return Ok(res.map_into_left_body());
    }
    let keep = get
        && access.answers.is_some()
        // Only plain answers: nothing but a content type set by the handler.
        && res.headers().len() == 1
        && res.headers().contains_key(header::CONTENT_TYPE);
    if keep {
        let (req, res) = res.into_parts();
        let content_type = res
            .headers()
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("application/json"));
        let body = match actix_web::body::to_bytes(res.into_body()).await {
            Ok(b) => b,
            Err(e) => {
                let e =
                    ApiError::internal(anyhow::anyhow!("reading a public answer: {}", e.into()));
                return Ok(ServiceResponse::new(req, e.error_response()).map_into_right_body());
            }
        };
        if let Some(cache) = access
            .answers
            .as_ref()
            .filter(|_| body.len() <= MAX_CACHED_ANSWER)
        {
            cache.insert(
                etag.clone(),
                CachedAnswer {
                    content_type: content_type.clone(),
                    body: body.clone(),
                },
            );
        }
        let mut out = HttpResponse::Ok();
        out.insert_header((header::CONTENT_TYPE, content_type));
        tag(&mut out, &etag, &cache_control, last_modified.as_deref());
        return Ok(ServiceResponse::new(req, out.body(body)).map_into_right_body());
    }
    let h = res.headers_mut();
    // A handler that says `no-store` shows something that may change before the feed head does
    // (a change not yet in a signed checkpoint, `routes/public/changes.rs`): never tagged.
    let no_store = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if !h.contains_key(header::ETAG) && !no_store {
        if let Ok(v) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, v);
        }
        if let Some(v) = last_modified.and_then(|lm| HeaderValue::from_str(&lm).ok()) {
            h.insert(header::LAST_MODIFIED, v);
        }
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        if let Ok(v) = HeaderValue::from_str(&cache_control) {
            h.insert(header::CACHE_CONTROL, v);
        }
    }
    h.insert(
        header::VARY,
        HeaderValue::from_static("Authorization, X-Api-Key"),
    );
    Ok(res.map_into_left_body())
}

/// Around the staff API: once a request that may have changed something has been answered, this
/// node forgets the feed head it read, so its public answers show the change at once.
pub async fn after_staff_write(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !never_publishes(req.path());
    let access = write
        .then(|| req.app_data::<web::Data<PortalAccess>>().cloned())
        .flatten();
    let res = next.call(req).await;
    if let Some(access) = access {
        access.head.forget();
    }
    res
}

/// Staff writes that never touch the change feed and come in bulk (record appends, evidence
/// uploads, sign-ins): they keep the node's feed head. Any other write forgets it, which at worst
/// costs one read.
fn never_publishes(path: &str) -> bool {
    path.starts_with("/api/v1/blobs")
        || path.starts_with("/api/v1/auth/")
        || (path.starts_with("/api/v1/cases/") && path.ends_with("/records"))
}

/// The cache validators of a public answer.
fn tag(
    res: &mut actix_web::HttpResponseBuilder,
    etag: &str,
    cache_control: &str,
    last_modified: Option<&str>,
) {
    res.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::VARY, "Authorization, X-Api-Key"));
    if let Some(lm) = last_modified {
        res.insert_header((header::LAST_MODIFIED, lm));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_change_with_every_input() {
        let base = entity_tag(5, "2026-11-29", "/api/public/v1/decisions", "anonymous");
        assert!(base.starts_with('"') && base.ends_with('"') && base.len() == 42);
        assert_eq!(
            base,
            entity_tag(5, "2026-11-29", "/api/public/v1/decisions", "anonymous")
        );
        for other in [
            entity_tag(6, "2026-11-29", "/api/public/v1/decisions", "anonymous"),
            entity_tag(5, "2026-11-30", "/api/public/v1/decisions", "anonymous"),
            entity_tag(5, "2026-11-29", "/api/public/v1/decisions?x=1", "anonymous"),
            entity_tag(5, "2026-11-29", "/api/public/v1/decisions", "read"),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        use actix_web::test::TestRequest;
        let a = PortalAccess::new(&super::super::PortalSettings {
            trusted_proxies: vec![IpAddr::from([10, 0, 0, 1])],
            ..Default::default()
        });
        let direct = TestRequest::default()
            .peer_addr("192.0.2.7:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "203.0.113.1"))
            .to_srv_request();
        assert_eq!(a.client_ip(&direct), Some(IpAddr::from([192, 0, 2, 7])));
        let proxied = TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "198.51.100.1, 203.0.113.1, 10.0.0.1"))
            .to_srv_request();
        assert_eq!(a.client_ip(&proxied), Some(IpAddr::from([203, 0, 113, 1])));
        let spoofed = TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "nonsense"))
            .to_srv_request();
        assert_eq!(a.client_ip(&spoofed), Some(IpAddr::from([10, 0, 0, 1])));
    }

    #[test]
    fn bulk_staff_writes_keep_the_feed_head() {
        assert!(never_publishes("/api/v1/cases/0b7c/records"));
        assert!(never_publishes("/api/v1/blobs"));
        assert!(never_publishes("/api/v1/auth/login"));
        assert!(!never_publishes("/api/v1/cases/0b7c/transitions"));
        assert!(!never_publishes("/api/v1/disclosures/0b7c/review"));
        assert!(!never_publishes(
            "/api/v1/registers/service_guide/0b7c/review"
        ));
    }

    #[test]
    fn only_feed_driven_routes_are_cached() {
        assert!(cacheable("/api/public/v1/changes"));
        assert!(cacheable("/api/public/v1/decisions/0b7c"));
        assert!(cacheable("/api/public/v1/registers/enforcement_matter"));
        assert!(!cacheable("/api/public/v1/changesets"));
        assert!(!cacheable("/api/public/v1/log/checkpoint"));
        assert!(!cacheable("/api/public/v1/certificates/X"));
        assert!(!cacheable("/api/public/v1/discretion-standards"));
    }

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        assert!(none_match("\"a\"", "\"a\""));
        assert!(none_match("\"b\", W/\"a\"", "\"a\""));
        assert!(none_match("*", "\"a\""));
        assert!(!none_match("\"b\"", "\"a\""));
    }
}
