//! Rate limits, shared by every API process through Redis: a fixed window per
//! (rule, key), counted with one atomic script call. A refused call learns how
//! long until the window ends (`Retry-After`). If Redis is unreachable the
//! limits let traffic through (logged): they protect the service, they are not
//! worth an outage.

use crate::error::{Error, Result};
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// At most `count` per `window_secs`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Rule {
    pub count: u32,
    pub window_secs: u64,
}

/// Every limit, by what it protects.
#[derive(Debug, Clone, Deserialize)]
pub struct LimitSettings {
    /// Switch every limit off (local load tests).
    pub enabled: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy
    /// that sets it, such as the Nginx site in deploy/).
    pub trust_forwarded_for: bool,
    pub login_per_ip: Rule,
    /// Failed logins per (account, address) before that address is refused for
    /// that account for the rest of the window: the brake on guessing that a
    /// stranger cannot turn against the owner.
    pub login_failures_per_account_ip: Rule,
    /// Failed logins per account from devices it does not know, from anywhere:
    /// the brake on guessing spread over many addresses. Known devices pass.
    pub login_failures_per_account: Rule,
    /// Failed logins from one known device (see api/devices.rs).
    pub login_failures_per_device: Rule,
    pub signup_per_ip: Rule,
    pub refresh_per_ip: Rule,
    pub refresh_per_user: Rule,
    /// Attempts to change the password (each runs a hash).
    pub password_changes_per_user: Rule,
    /// Attempts to delete the account (each runs a hash).
    pub account_deletions_per_user: Rule,
    pub messages_per_user: Rule,
    pub messages_per_ip: Rule,
    pub friend_requests_per_user: Rule,
    pub uploads_per_user: Rule,
    pub uploads_per_ip: Rule,
    /// Searches of message history (each one reads an index).
    pub searches_per_user: Rule,
}

/// INCR the window's counter, start the window on the first hit; answer the
/// count and the milliseconds left.
const HIT: &str = r"
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
";

#[derive(Clone)]
pub struct RateLimiter {
    redis: SharedRedis,
    prefix: Arc<str>,
    settings: Arc<LimitSettings>,
}

fn limited(wait: Duration) -> Error {
    Error::RateLimited {
        retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
    }
}

impl RateLimiter {
    pub fn new(redis: SharedRedis, key_prefix: &str, settings: LimitSettings) -> Self {
        Self {
            redis,
            prefix: format!("{key_prefix}limit:").into(),
            settings: Arc::new(settings),
        }
    }

    pub fn settings(&self) -> &LimitSettings {
        &self.settings
    }

    fn key(&self, name: &str, key: &str) -> String {
        format!("{}{name}:{key}", self.prefix)
    }

    /// Counts one call against `rule` for `key`; refuses it past the limit.
    pub async fn hit(&self, name: &str, rule: Rule, key: &str) -> Result<()> {
        if !self.settings.enabled {
            return Ok(());
        }
        match self.count(name, rule, key).await {
            Ok((n, wait)) if n > u64::from(rule.count) => {
                metrics::counter!("rate_limited_total", "rule" => name.to_owned()).increment(1);
                Err(limited(wait))
            }
            Ok(_) => Ok(()),
            Err(e) => {
                tracing::warn!(error = %e, rule = name, "rate limit not checked");
                Ok(())
            }
        }
    }

    /// Refuses if `key` has used up `rule` already, without counting this call
    /// (failures are counted separately, by [`RateLimiter::hit`]).
    pub async fn check(&self, name: &str, rule: Rule, key: &str) -> Result<()> {
        if !self.settings.enabled {
            return Ok(());
        }
        let peek = async {
            let mut conn = self.redis.clone();
            let (n, ttl): (Option<u64>, i64) = redis::pipe()
                .get(self.key(name, key))
                .cmd("PTTL")
                .arg(self.key(name, key))
                .query_async(&mut conn)
                .await?;
            Ok::<_, Error>((n.unwrap_or(0), ttl))
        };
        match peek.await {
            Ok((n, ttl)) if n >= u64::from(rule.count) && ttl > 0 => {
                metrics::counter!("rate_limited_total", "rule" => name.to_owned()).increment(1);
                Err(limited(Duration::from_millis(ttl as u64)))
            }
            Ok(_) => Ok(()),
            Err(e) => {
                tracing::warn!(error = %e, rule = name, "rate limit not checked");
                Ok(())
            }
        }
    }

    async fn count(&self, name: &str, rule: Rule, key: &str) -> Result<(u64, Duration)> {
        let mut conn = self.redis.clone();
        let window_ms = rule.window_secs.max(1) * 1000;
        // EVAL with the script's text: Redis caches it after the first call.
        let (n, ttl): (u64, i64) = redis::cmd("EVAL")
            .arg(HIT)
            .arg(1)
            .arg(self.key(name, key))
            .arg(window_ms)
            .query_async(&mut conn)
            .await?;
        Ok((n, Duration::from_millis(ttl.max(0) as u64)))
    }
}
