//! Per-node state of sign-ins: which logins (refresh-token families) are revoked, and how many
//! failed sign-ins each client address made lately.
//!
//! An access token names its login (`sid`). Logging out, or presenting a spent refresh token
//! again, revokes the login in the database; every node checks that on each request, trusting
//! an answer of "still valid" for `VALID_TTL` (a revoked login is never valid again, so that
//! answer is kept). The node that revoked it knows at once.

use sanxiang_persistence::{auth_store, Db, StoreError};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a node trusts that a login is not revoked.
const VALID_TTL: Duration = Duration::from_secs(3);
/// Above this many remembered logins the cache forgets the stale ones.
const MAX_ENTRIES: usize = 50_000;

/// Failed sign-ins allowed per client address within `THROTTLE_WINDOW`, besides the lockout
/// of each account: a password sprayed over many usernames from one address is slowed down.
pub const FAILURES_PER_ADDRESS: u32 = 20;
/// The window of the per-address count.
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(300);

#[derive(Default)]
pub struct Sessions {
    /// Login id → (revoked, when checked).
    logins: Mutex<HashMap<Uuid, (bool, Instant)>>,
    /// Client address → (failures, start of the window).
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl Sessions {
    /// Whether the login `sid` was revoked (logout, reuse of a refresh token).
    pub async fn is_revoked(&self, db: &Db, sid: Uuid) -> Result<bool, StoreError> {
        if let Ok(map) = self.logins.lock() {
            if let Some((revoked, at)) = map.get(&sid) {
                if *revoked || at.elapsed() < VALID_TTL {
                    return Ok(*revoked);
                }
            }
        }
        let revoked = auth_store::family_revoked(db, sid).await?;
        self.remember(sid, revoked);
        Ok(revoked)
    }

    /// Notes that this node revoked the login `sid`.
    pub fn revoked(&self, sid: Uuid) {
        self.remember(sid, true);
    }

    fn remember(&self, sid: Uuid, revoked: bool) {
        if let Ok(mut map) = self.logins.lock() {
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (r, at)| *r || at.elapsed() < VALID_TTL);
            }
            map.insert(sid, (revoked, Instant::now()));
        }
    }

    /// Seconds until `ip` may try to sign in again, when it failed too often lately.
    pub fn throttled(&self, ip: IpAddr) -> Option<u64> {
        let map = self.failures.lock().ok()?;
        let (n, start) = map.get(&ip)?;
        let elapsed = start.elapsed();
        if *n >= FAILURES_PER_ADDRESS && elapsed < THROTTLE_WINDOW {
            Some((THROTTLE_WINDOW - elapsed).as_secs().max(1))
        } else {
            None
        }
    }

    /// Counts a failed sign-in from `ip`.
    pub fn failed(&self, ip: IpAddr) {
        if let Ok(mut map) = self.failures.lock() {
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (_, start)| start.elapsed() < THROTTLE_WINDOW);
            }
            let e = map.entry(ip).or_insert((0, Instant::now()));
            if e.1.elapsed() >= THROTTLE_WINDOW {
                *e = (0, Instant::now());
            }
            e.0 += 1;
        }
    }
}

/// The client's address: the peer, or behind a trusted proxy the last address in
/// `X-Forwarded-For` that is not itself a trusted proxy. Sign-in throttling and the portal API's
/// rate limits (`crate::portal::access`) count clients by it.
pub fn client_ip(req: &actix_web::HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip())?;
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in forwarded.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted_proxies.contains(&ip) => continue,
            Ok(ip) => return Some(ip),
            Err(_) => return Some(peer),
        }
    }
    Some(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_throttled_after_its_failures() {
        let s = Sessions::default();
        let ip = IpAddr::from([10, 0, 0, 7]);
        for _ in 0..FAILURES_PER_ADDRESS - 1 {
            s.failed(ip);
        }
        assert_eq!(s.throttled(ip), None);
        s.failed(ip);
        assert!(s.throttled(ip).is_some());
        assert_eq!(s.throttled(IpAddr::from([10, 0, 0, 8])), None);
    }
}
