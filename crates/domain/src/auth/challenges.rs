//! The step between a right password and a login when the account has a
//! second factor: a random token, kept in Redis (as its SHA-256) for a few
//! minutes, naming whose login it is. Spent when the login opens.

use super::refresh;
use crate::error::Result;
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use std::sync::Arc;
use uuid::Uuid;

/// How long the second step may take.
pub const CHALLENGE_TTL_SECS: u64 = 300;

#[derive(Clone)]
pub struct SecondFactorChallenges {
    redis: SharedRedis,
    prefix: Arc<str>,
}

impl SecondFactorChallenges {
    pub fn new(redis: SharedRedis, key_prefix: &str) -> Self {
        Self {
            redis,
            prefix: format!("{key_prefix}second-factor:").into(),
        }
    }

    fn key(&self, token: &str) -> String {
        format!("{}{}", self.prefix, hex::encode(refresh::hash(token)))
    }

    /// A new challenge for `user`'s login.
    pub async fn issue(&self, user: Uuid) -> Result<String> {
        let (token, _) = refresh::generate();
        let mut conn = self.redis.clone();
        redis::cmd("SET")
            .arg(self.key(&token))
            .arg(user.to_string())
            .arg("EX")
            .arg(CHALLENGE_TTL_SECS)
            .query_async::<()>(&mut conn)
            .await?;
        Ok(token)
    }

    /// Whose login the challenge is for, if it is live.
    pub async fn user(&self, token: &str) -> Result<Option<Uuid>> {
        let mut conn = self.redis.clone();
        let user: Option<String> = redis::cmd("GET")
            .arg(self.key(token))
            .query_async(&mut conn)
            .await?;
        Ok(user.and_then(|u| u.parse().ok()))
    }

    /// Spends the challenge; false if it was spent (or expired) meanwhile, so
    /// two right answers raced for one challenge open one login.
    pub async fn spend(&self, token: &str) -> Result<bool> {
        let mut conn = self.redis.clone();
        let user: Option<String> = redis::cmd("GETDEL")
            .arg(self.key(token))
            .query_async(&mut conn)
            .await?;
        Ok(user.is_some())
    }
}
