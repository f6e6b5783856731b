//! WebAuthn ceremonies between their two calls: webauthn-rs's state, kept in
//! Redis for a few minutes under a random id and taken out once (so a
//! ceremony's answer is accepted at most once).

use crate::error::ErrorCode;
use crate::error::{Error, Result};
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use uuid::Uuid;

/// How long a ceremony may take (the authenticator's own timeout is 5 min).
const CEREMONY_TTL_SECS: u64 = 300;

#[derive(Clone)]
pub struct Ceremonies {
    redis: SharedRedis,
    prefix: Arc<str>,
}

impl Ceremonies {
    pub fn new(redis: SharedRedis, key_prefix: &str) -> Self {
        Self {
            redis,
            prefix: format!("{key_prefix}webauthn:").into(),
        }
    }

    fn key(&self, kind: &str, id: Uuid) -> String {
        format!("{}{kind}:{}", self.prefix, id.simple())
    }

    /// Keeps `state` for a ceremony of `kind`; returns its id.
    pub async fn keep<T: Serialize>(&self, kind: &str, state: &T) -> Result<Uuid> {
        let id = Uuid::new_v4();
        let json = serde_json::to_string(state).map_err(Error::internal)?;
        let mut conn = self.redis.clone();
        redis::cmd("SET")
            .arg(self.key(kind, id))
            .arg(json)
            .arg("EX")
            .arg(CEREMONY_TTL_SECS)
            .query_async::<()>(&mut conn)
            .await?;
        Ok(id)
    }

    /// Takes a ceremony's state out (once): 400 `invalid_ceremony` when it is
    /// unknown, expired or already finished.
    pub async fn take<T: DeserializeOwned>(&self, kind: &str, id: Uuid) -> Result<T> {
        let mut conn = self.redis.clone();
        let json: Option<String> = redis::cmd("GETDEL")
            .arg(self.key(kind, id))
            .query_async(&mut conn)
            .await?;
        let json = json.ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidCeremony,
                "this passkey prompt expired or was already answered; start again",
            )
        })?;
        serde_json::from_str(&json).map_err(Error::internal)
    }
}
