//! Short-lived in-process caches: agencies for the authentication path of every request, and
//! officers' names for record views.
//!
//! Safe across several API nodes: an agency's `is_platform` never changes, and disabling an
//! agency bumps the token version of all its users, so a stale `active` flag never admits anyone.

use sanxiang_domain::account::Agency;
use sanxiang_persistence::{accounts, Db, StoreError};
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};
use uuid::Uuid;

const TTL: Duration = Duration::from_secs(30);

/// Agencies by id, each kept for 30 seconds.
#[derive(Default)]
pub struct AgencyCache(RwLock<HashMap<Uuid, (Agency, Instant)>>);

impl AgencyCache {
    /// The agency, from the cache when fresh, else from the database.
    pub async fn get(&self, db: &Db, id: Uuid) -> Result<Agency, StoreError> {
        if let Ok(map) = self.0.read() {
            if let Some((a, at)) = map.get(&id) {
                if at.elapsed() < TTL {
                    return Ok(a.clone());
                }
            }
        }
        let a = accounts::get_agency(db, id).await?;
        if let Ok(mut map) = self.0.write() {
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert(id, (a.clone(), Instant::now()));
        }
        Ok(a)
    }
}

/// Officers' display names by user id, each kept for 30 seconds (a rename shows on other nodes
/// within that time; on the renaming node at once, see [`NameCache::forget`]).
#[derive(Default)]
pub struct NameCache(RwLock<HashMap<Uuid, (String, Instant)>>);

impl NameCache {
    /// The names of `ids` (a user without one is left out), from the cache when fresh.
    pub async fn get(&self, db: &Db, ids: &[Uuid]) -> Result<HashMap<Uuid, String>, StoreError> {
        let mut out = HashMap::with_capacity(ids.len());
        let mut missing = Vec::new();
        if let Ok(map) = self.0.read() {
            for id in ids {
                match map.get(id) {
                    Some((n, at)) if at.elapsed() < TTL => {
                        out.insert(*id, n.clone());
                    }
                    _ => missing.push(*id),
                }
            }
        } else {
            missing = ids.to_vec();
        }
        if missing.is_empty() {
            return Ok(out);
        }
        let found = sanxiang_persistence::officers::officer_names(db, &missing).await?;
        if let Ok(mut map) = self.0.write() {
            if map.len() > 100_000 {
                map.clear();
            }
            let at = Instant::now();
            for (id, n) in &found {
                map.insert(*id, (n.clone(), at));
            }
        }
        out.extend(found);
        Ok(out)
    }

    /// Forgets every cached name (after a profile changed on this node).
    pub fn forget(&self) {
        if let Ok(mut map) = self.0.write() {
            map.clear();
        }
    }
}
