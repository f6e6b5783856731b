//! Access tokens: short-lived JWTs, HS256 only, signed with the configured key.
//! Both the API and the gateway verify them without a database round trip.

use super::access_tokens::Grant;
use crate::error::ErrorCode;
use crate::error::{Error, Result};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use uuid::Uuid;

const ISSUER: &str = "confab";
const AUDIENCE: &str = "confab";
/// Tolerated clock skew between the processes that sign and verify.
const LEEWAY_SECS: u64 = 5;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// The login (session) the token belongs to.
    pub sid: Uuid,
    /// The username, so the gateway can greet the user without a lookup.
    pub name: String,
    pub iat: u64,
    pub exp: u64,
    pub iss: String,
    pub aud: String,
}

/// Who is calling, as proven by a valid access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub user_id: Uuid,
    /// The login, or the access token, it is proven by.
    pub session_id: Uuid,
    pub username: String,
    /// A login may do anything; an access token what its scopes say.
    pub grant: Grant,
}

/// A device that logged in to an account before (the `confab_device` cookie):
/// such a device's right password is never refused by the account's lockout.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeviceClaims {
    /// The user the device logged in as.
    pub sub: Uuid,
    /// The username then, lower-case: the lockout is checked before the lookup.
    pub name: String,
    /// This device's id: its own failures are counted under it.
    pub jti: Uuid,
    pub iat: u64,
    pub exp: u64,
    pub iss: String,
    pub aud: String,
}

const DEVICE_AUDIENCE: &str = "confab-device";
/// Tokens that read media only (the `confab_media` cookie): never access tokens.
const MEDIA_AUDIENCE: &str = "confab-media";
/// How long a media cookie lives; the SPA renews it well before.
pub const MEDIA_TTL_SECS: u64 = 3600;
/// How long a device stays known after its last login.
pub const DEVICE_TTL_SECS: u64 = 365 * 24 * 3600;

#[derive(Clone)]
pub struct TokenKeys {
    inner: Arc<Keys>,
}

struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    device_validation: Validation,
    media_validation: Validation,
    ttl_secs: u64,
}

impl TokenKeys {
    pub fn new(secret: &SecretString, ttl_secs: u64) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        // The algorithm is pinned: a token whose header names any other (`none`,
        // RS256 with our secret as a "public key", ...) is rejected.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        // A device cookie is not an access token, nor the other way round: the
        // audiences differ.
        let mut device_validation = validation.clone();
        device_validation.set_audience(&[DEVICE_AUDIENCE]);
        let mut media_validation = validation.clone();
        media_validation.set_audience(&[MEDIA_AUDIENCE]);
        Self {
            inner: Arc::new(Keys {
                encoding: EncodingKey::from_secret(bytes),
                decoding: DecodingKey::from_secret(bytes),
                validation,
                device_validation,
                media_validation,
                ttl_secs,
            }),
        }
    }

    pub fn ttl_secs(&self) -> u64 {
        self.inner.ttl_secs
    }

    pub fn issue(&self, user_id: Uuid, session_id: Uuid, username: &str) -> Result<String> {
        let now = now_secs();
        self.sign(&Claims {
            sub: user_id,
            sid: session_id,
            name: username.to_owned(),
            iat: now,
            exp: now + self.inner.ttl_secs,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        })
    }

    /// Signs arbitrary claims; `issue` is what the services use.
    pub fn sign(&self, claims: &Claims) -> Result<String> {
        encode(&Header::new(Algorithm::HS256), claims, &self.inner.encoding)
            .map_err(|e| Error::internal(format!("signing failed: {e}")))
    }

    pub fn verify(&self, token: &str) -> Result<Identity> {
        let data =
            decode::<Claims>(token, &self.inner.decoding, &self.inner.validation).map_err(|e| {
                use jsonwebtoken::errors::ErrorKind;
                match e.kind() {
                    ErrorKind::ExpiredSignature => {
                        Error::new(ErrorCode::TokenExpired, "the access token has expired")
                    }
                    _ => Error::new(ErrorCode::InvalidToken, "the access token is not valid"),
                }
            })?;
        Ok(Identity {
            user_id: data.claims.sub,
            session_id: data.claims.sid,
            username: data.claims.name,
            grant: Grant::Login,
        })
    }
}

impl TokenKeys {
    /// A device cookie for `user` (a new device id unless `device` is given).
    pub fn issue_device(&self, user: Uuid, username: &str, device: Option<Uuid>) -> Result<String> {
        let now = now_secs();
        let claims = DeviceClaims {
            sub: user,
            name: username.to_lowercase(),
            jti: device.unwrap_or_else(Uuid::now_v7),
            iat: now,
            exp: now + DEVICE_TTL_SECS,
            iss: ISSUER.into(),
            aud: DEVICE_AUDIENCE.into(),
        };
        encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.inner.encoding,
        )
        .map_err(|e| Error::internal(format!("signing failed: {e}")))
    }

    /// A token that reads media only, for the same login as `who`.
    pub fn issue_media(&self, who: &Identity) -> Result<String> {
        let now = now_secs();
        self.sign(&Claims {
            sub: who.user_id,
            sid: who.session_id,
            name: who.username.clone(),
            iat: now,
            exp: now + MEDIA_TTL_SECS,
            iss: ISSUER.into(),
            aud: MEDIA_AUDIENCE.into(),
        })
    }

    /// Who a media token was issued to (the login is checked by the caller).
    pub fn verify_media(&self, token: &str) -> Result<Identity> {
        decode::<Claims>(token, &self.inner.decoding, &self.inner.media_validation)
            .map(|data| Identity {
                user_id: data.claims.sub,
                session_id: data.claims.sid,
                username: data.claims.name,
                grant: Grant::Login,
            })
            .map_err(|_| {
                Error::new(
                    ErrorCode::InvalidToken,
                    "the media token is not valid; renew it with POST /api/v1/media/session",
                )
            })
    }

    /// The device a cookie proves, if it is ours and current.
    pub fn verify_device(&self, cookie: &str) -> Option<DeviceClaims> {
        decode::<DeviceClaims>(cookie, &self.inner.decoding, &self.inner.device_validation)
            .ok()
            .map(|d| d.claims)
    }
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str) -> TokenKeys {
        TokenKeys::new(&SecretString::from(secret.to_string()), 900)
    }

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn issued_tokens_verify() {
        let k = keys(SECRET);
        let (user, session) = (Uuid::now_v7(), Uuid::now_v7());
        let token = k.issue(user, session, "ann").unwrap();
        let id = k.verify(&token).unwrap();
        assert_eq!(
            id,
            Identity {
                user_id: user,
                session_id: session,
                username: "ann".into(),
                grant: Grant::Login,
            }
        );
    }

    #[test]
    fn device_cookies_and_access_tokens_are_not_interchangeable() {
        let k = keys(SECRET);
        let user = Uuid::now_v7();
        let cookie = k.issue_device(user, "Ann", None).unwrap();
        let device = k.verify_device(&cookie).unwrap();
        assert_eq!((device.sub, device.name.as_str()), (user, "ann"));
        assert!(
            k.verify(&cookie).is_err(),
            "a device cookie is no access token"
        );
        let access = k.issue(user, Uuid::now_v7(), "ann").unwrap();
        assert!(k.verify_device(&access).is_none());
        assert!(
            keys("another-secret-of-enough-length!!")
                .verify_device(&cookie)
                .is_none()
        );
    }

    #[test]
    fn wrong_key_expired_tampered_and_unsigned_tokens_fail() {
        let k = keys(SECRET);
        let token = k.issue(Uuid::now_v7(), Uuid::now_v7(), "ann").unwrap();

        let other = keys("another-secret-of-enough-length!!");
        assert_eq!(other.verify(&token).unwrap_err().code(), "invalid_token");

        let mut tampered = token.clone();
        tampered.replace_range(tampered.len() - 3.., "AAA");
        assert_eq!(k.verify(&tampered).unwrap_err().code(), "invalid_token");

        let now = now_secs();
        let expired = k
            .sign(&Claims {
                sub: Uuid::now_v7(),
                sid: Uuid::now_v7(),
                name: "ann".into(),
                iat: now - 3600,
                exp: now - 600,
                iss: ISSUER.into(),
                aud: AUDIENCE.into(),
            })
            .unwrap();
        assert_eq!(k.verify(&expired).unwrap_err().code(), "token_expired");

        // alg: none, with the same claims and no signature.
        let payload = token.split('.').nth(1).unwrap();
        let unsigned = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
        assert_eq!(k.verify(&unsigned).unwrap_err().code(), "invalid_token");
    }
}
