//! Signing in with an external OpenID Connect provider: its ID tokens (RS256)
//! are checked against the provider's published keys (JWKS), fetched with
//! reqwest and cached; a token signed by a key we do not know makes us fetch
//! the keys again (the provider rotated them), at most every
//! `oidc.jwks_refresh_min_secs`. Issuer, audience and expiry are checked, and
//! only RS256 is accepted, so a token "signed" with HS256 and the public key
//! as secret, or with `alg: none`, never passes.
//!
//! Every ID token must carry a `nonce` we issued ([`OidcNonces`]) and have not
//! seen used: a captured token cannot be replayed, even within its lifetime.

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::redis::SharedRedis;
use crate::settings::OidcSettings;
use deadpool_redis::redis;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// What we use of an ID token.
#[derive(Debug, Clone, Deserialize)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    pub preferred_username: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Providers send a JSON boolean or the string "true".
    #[serde(default, deserialize_with = "bool_or_string")]
    pub email_verified: bool,
    /// The single-use value we issued for this sign-in.
    pub nonce: Option<String>,
}

fn bool_or_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Flag>::deserialize(d)? {
        Some(Flag::Bool(b)) => b,
        Some(Flag::Text(t)) => t.eq_ignore_ascii_case("true"),
        None => false,
    })
}

/// Single-use nonces for sign-ins with the provider: issued by us, put by the
/// client into its authorization request, echoed in the ID token, spent when
/// the token is used. Kept in Redis so every API process knows them.
#[derive(Clone)]
pub struct OidcNonces {
    redis: SharedRedis,
    prefix: Arc<str>,
}

/// How long an issued nonce waits for its sign-in.
pub const NONCE_TTL_SECS: u64 = 600;

impl OidcNonces {
    pub fn new(redis: SharedRedis, key_prefix: &str) -> Self {
        Self {
            redis,
            prefix: format!("{key_prefix}oidc_nonce:").into(),
        }
    }

    pub async fn issue(&self) -> Result<String> {
        let nonce = hex::encode(rand::random::<[u8; 32]>());
        let mut conn = self.redis.clone();
        let _: () = redis::cmd("SET")
            .arg(format!("{}{nonce}", self.prefix))
            .arg(1)
            .arg("EX")
            .arg(NONCE_TTL_SECS)
            .query_async(&mut conn)
            .await?;
        Ok(nonce)
    }

    /// Spends the token's nonce; refuses a token without one, or with one we
    /// did not issue, that expired, or that was used already.
    pub async fn spend(&self, claims: &IdClaims) -> Result<()> {
        let nonce = claims
            .nonce
            .as_deref()
            .filter(|n| n.len() == 64 && n.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or(invalid(
                "the ID token carries no nonce issued by POST /auth/oidc/nonce",
            ))?;
        let mut conn = self.redis.clone();
        let removed: i64 = redis::cmd("DEL")
            .arg(format!("{}{nonce}", self.prefix))
            .query_async(&mut conn)
            .await?;
        if removed == 1 {
            Ok(())
        } else {
            Err(invalid(
                "the ID token's nonce is unknown, expired or already used",
            ))
        }
    }
}

#[derive(Clone)]
pub struct OidcVerifier {
    settings: Arc<OidcSettings>,
    http: reqwest::Client,
    keys: Arc<RwLock<Keys>>,
}

#[derive(Default)]
struct Keys {
    set: Option<JwkSet>,
    fetched_at: Option<Instant>,
}

fn invalid(message: &'static str) -> Error {
    Error::new(ErrorCode::InvalidIdToken, message)
}

impl OidcVerifier {
    pub fn new(settings: OidcSettings) -> Self {
        Self {
            settings: Arc::new(settings),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()
                .expect("HTTP client"),
            keys: Arc::default(),
        }
    }

    pub fn enabled(&self) -> bool {
        self.settings.enabled
    }

    pub fn require_enabled(&self) -> Result<()> {
        if self.settings.enabled {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::OidcDisabled,
                "signing in with an external provider is not enabled",
            ))
        }
    }

    /// The token's claims, if it is a valid ID token of our provider for us.
    pub async fn verify(&self, token: &str) -> Result<IdClaims> {
        self.require_enabled()?;
        let header = decode_header(token).map_err(|_| invalid("not a JWT"))?;
        if header.alg != Algorithm::RS256 {
            return Err(invalid("ID tokens must be signed with RS256"));
        }
        let kid = header.kid.ok_or(invalid("the token names no key (kid)"))?;
        let key = match self.key(&kid).await {
            Some(key) => key,
            None => {
                self.refresh().await?;
                self.key(&kid)
                    .await
                    .ok_or(invalid("the token is signed by an unknown key"))?
            }
        };
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.settings.issuer]);
        validation.set_audience(&[&self.settings.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        decode::<IdClaims>(token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|e| {
                tracing::info!(error = %e, "ID token refused");
                invalid("the ID token is not valid (signature, issuer, audience or expiry)")
            })
    }

    async fn key(&self, kid: &str) -> Option<DecodingKey> {
        let keys = self.keys.read().await;
        let jwk = keys.set.as_ref()?.find(kid)?;
        DecodingKey::from_jwk(jwk).ok()
    }

    /// Fetches the JWKS again, unless that was done very recently.
    async fn refresh(&self) -> Result<()> {
        let mut keys = self.keys.write().await;
        let min = Duration::from_secs(self.settings.jwks_refresh_min_secs);
        if keys.fetched_at.is_some_and(|at| at.elapsed() < min) {
            return Ok(());
        }
        keys.fetched_at = Some(Instant::now());
        let set: JwkSet = async {
            self.http
                .get(&self.settings.jwks_url)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await
        }
        .await
        .map_err(|e| Error::internal(format!("fetching the provider's keys: {e}")))?;
        keys.set = Some(set);
        Ok(())
    }
}
