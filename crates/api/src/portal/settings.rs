//! `[portal]` in `sanxiang.toml`: rate limits and HTTP caching of `/api/public/v1`, and the
//! webhook dispatcher.

use crate::config::ConfigError;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Settings of the portal API and its push.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PortalSettings {
    /// Requests per minute per client IP without an API key (per API node).
    pub anonymous_per_minute: u32,
    /// How many requests an anonymous client may make at once before the rate applies.
    pub anonymous_burst: u32,
    /// Requests per minute per API key (per API node).
    pub key_per_minute: u32,
    /// Burst per API key.
    pub key_burst: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (the client is the last address
    /// before them); from anyone else the header is ignored.
    pub trusted_proxies: Vec<IpAddr>,
    /// `Cache-Control: public, max-age=…` of public answers, in seconds.
    pub cache_max_age_secs: u32,
    /// Memory for this node's cache of public answers, in MiB (0 turns it off). An answer is
    /// cached under its strong `ETag`, which changes with the feed head and the date, so a
    /// cached answer is never served after the data it shows has changed.
    pub response_cache_mib: u32,
    /// How long this node trusts the change feed's head it last read, in milliseconds (0 reads
    /// it on every public request). A change written through this node's API is seen at once
    /// (a write forgets the head); one written by another node within this time.
    pub feed_head_ttl_ms: u64,
    /// Prefix of `resource_url` in webhook events, e.g. `https://gs.example.gov.cn`; empty
    /// sends the path only.
    pub public_base_url: String,
    /// Whether this node runs the webhook dispatcher.
    pub webhooks_enabled: bool,
    /// How often the dispatcher looks for new changes and due retries, in milliseconds.
    pub webhook_tick_ms: u64,
    /// Timeout of one delivery (connect and answer), in seconds.
    pub webhook_timeout_secs: u64,
    /// First retry delay in milliseconds; doubled per attempt up to `webhook_retry_max_ms`.
    pub webhook_retry_base_ms: u64,
    /// Longest delay between two attempts, in milliseconds.
    pub webhook_retry_max_ms: u64,
    /// How long a delivery is retried before it is marked failed, in seconds (≥ 24 hours in
    /// production).
    pub webhook_retry_window_secs: u64,
    /// Endpoints delivered to at once by one node.
    pub webhook_concurrency: usize,
    /// Host names webhook URLs may point to; empty allows any host.
    pub webhook_allowed_hosts: Vec<String>,
    /// Whether webhook URLs may lead into private networks: loopback, RFC 1918, link-local
    /// (with the cloud metadata address 169.254.169.254), CGNAT (with Alibaba Cloud's metadata
    /// 100.100.100.200), unique-local, multicast, unspecified and reserved addresses. Off by
    /// default, so an agency administrator cannot make the server call into its own network
    /// (SSRF); turn it on only where portals are reached on an internal network.
    pub webhook_allow_private_networks: bool,
    /// Whether plain `http://` webhook URLs are accepted: only in `serve --demo` (set by the
    /// server at start, never from the configuration); otherwise `https://` only.
    #[serde(skip)]
    pub webhook_allow_http: bool,
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            anonymous_per_minute: 120,
            anonymous_burst: 60,
            key_per_minute: 1200,
            key_burst: 300,
            trusted_proxies: Vec::new(),
            cache_max_age_secs: 60,
            response_cache_mib: 64,
            feed_head_ttl_ms: 250,
            public_base_url: String::new(),
            webhooks_enabled: true,
            webhook_tick_ms: 1000,
            webhook_timeout_secs: 10,
            webhook_retry_base_ms: 10_000,
            webhook_retry_max_ms: 3_600_000,
            webhook_retry_window_secs: 86_400,
            webhook_concurrency: 8,
            webhook_allowed_hosts: Vec::new(),
            webhook_allow_private_networks: false,
            webhook_allow_http: false,
        }
    }
}

impl PortalSettings {
    /// Checks values that parse but make no sense.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |k: &str, m: &str| Err(ConfigError(format!("[portal] {k}: {m}")));
        if self.anonymous_per_minute == 0 || self.key_per_minute == 0 {
            return bad(
                "anonymous_per_minute / key_per_minute",
                "must be at least 1",
            );
        }
        if self.anonymous_burst == 0 || self.key_burst == 0 {
            return bad("anonymous_burst / key_burst", "must be at least 1");
        }
        if !(1..=300).contains(&self.webhook_timeout_secs) {
            return bad("webhook_timeout_secs", "must be between 1 and 300");
        }
        if self.webhook_tick_ms < 10 || self.webhook_retry_base_ms < 10 {
            return bad(
                "webhook_tick_ms / webhook_retry_base_ms",
                "must be at least 10",
            );
        }
        if self.webhook_retry_max_ms < self.webhook_retry_base_ms {
            return bad(
                "webhook_retry_max_ms",
                "must not be below webhook_retry_base_ms",
            );
        }
        if self.feed_head_ttl_ms > 60_000 {
            return bad("feed_head_ttl_ms", "must be at most 60000");
        }
        if self.response_cache_mib > 65_536 {
            return bad("response_cache_mib", "must be at most 65536");
        }
        if !(1..=256).contains(&self.webhook_concurrency) {
            return bad("webhook_concurrency", "must be between 1 and 256");
        }
        if !self.public_base_url.is_empty()
            && !self.public_base_url.starts_with("https://")
            && !self.public_base_url.starts_with("http://")
        {
            return bad("public_base_url", "must start with http:// or https://");
        }
        Ok(())
    }
}
