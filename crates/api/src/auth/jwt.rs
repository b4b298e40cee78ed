//! Access tokens: JWT HS256 with `sub`, `iat`, `exp`, `iss`, `aud`, roles, agency and the user's
//! token version. The validator pins the algorithm and requires `exp`, `iss` and `aud`.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use sanxiang_domain::account::{Role, UserAccount};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The `iss` claim.
pub const ISSUER: &str = "sanxiang";
/// The `aud` claim.
pub const AUDIENCE: &str = "sanxiang-api";

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub roles: Vec<Role>,
    pub agency: Uuid,
    /// The user's token version when issued: a password change or disabling bumps it.
    pub ver: i32,
    /// The login (refresh-token family) the token belongs to: logging out, or reusing a spent
    /// refresh token, revokes it and ends the token with it.
    pub sid: Uuid,
}

/// Signing and verification keys.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: u64,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl_secs: u64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        validation.validate_exp = true;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl_secs,
        }
    }

    /// Lifetime of an access token, in seconds.
    pub fn ttl_secs(&self) -> u64 {
        self.ttl_secs
    }

    /// Issues an access token for the user at `now` (unix seconds).
    pub fn issue(
        &self,
        user: &UserAccount,
        sid: Uuid,
        now: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: user.id,
            iat: now,
            exp: now + i64::try_from(self.ttl_secs).unwrap_or(900),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            roles: user.roles.clone(),
            agency: user.agency_id,
            ver: user.token_version,
            sid,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// Verifies signature, algorithm, expiry, issuer and audience, and that the token was not
    /// issued in the future (`iat` after `now`, unix seconds, beyond the leeway).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, jsonwebtoken::errors::Error> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)?;
        let leeway = i64::try_from(self.validation.leeway).unwrap_or(0);
        if claims.iat > now + leeway || claims.iat > claims.exp {
            return Err(jsonwebtoken::errors::ErrorKind::ImmatureSignature.into());
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> UserAccount {
        UserAccount {
            id: Uuid::from_u128(7),
            agency_id: Uuid::from_u128(1),
            username: "u".into(),
            display_name: "U".into(),
            roles: vec![Role::Officer],
            active: true,
            token_version: 3,
            auditor_agency_ids: vec![],
            created_at: chrono::DateTime::<chrono::Utc>::default(),
        }
    }

    #[test]
    fn round_trip_and_expiry() {
        let k = JwtKeys::new(&[7u8; 32], 900);
        let now = chrono::Utc::now().timestamp();
        let t = k.issue(&user(), Uuid::nil(), now).unwrap();
        let c = k.verify(&t, now).unwrap();
        assert_eq!(c.sub, Uuid::from_u128(7));
        assert_eq!(c.ver, 3);
        let old = k.issue(&user(), Uuid::nil(), now - 10_000).unwrap();
        assert!(k.verify(&old, now).is_err());
        let future = k.issue(&user(), Uuid::nil(), now + 600).unwrap();
        assert!(k.verify(&future, now).is_err(), "iat in the future");
        let other = JwtKeys::new(&[8u8; 32], 900);
        assert!(other.verify(&t, now).is_err());
    }
}
