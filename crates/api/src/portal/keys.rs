//! API keys of registered portals: `sxk_` + 32 random bytes (base64url), stored as SHA-256 only.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Every key starts with this, so a bearer token can be told from a user's access token.
pub const KEY_PREFIX: &str = "sxk_";

/// A fresh key and the prefix shown in lists.
pub fn new_key() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let key = format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let shown = key.chars().take(10).collect();
    (key, shown)
}

/// Hex SHA-256 of a key: what the database keeps (the key has 256 bits of entropy, so a plain
/// hash cannot be reversed by guessing).
pub fn hash_key(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_hashed() {
        let (a, pa) = new_key();
        let (b, _) = new_key();
        assert_ne!(a, b);
        assert!(a.starts_with(KEY_PREFIX) && a.len() == 4 + 43);
        assert!(a.starts_with(&pa));
        assert_eq!(hash_key(&a).len(), 64);
        assert_ne!(hash_key(&a), hash_key(&b));
    }
}
