//! A short-lived in-process cache of agencies for the authentication path of every request.
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
