//! Rate limits, shared by every API process through Redis: a fixed window per
//! (rule, key), counted with one atomic script call. A refused call learns how
//! long until the window ends (`Retry-After`). If Redis is unreachable the
//! limits let traffic through (logged): they protect the service, they are not
//! worth an outage.

use crate::error::{Error, Result};
use crate::redis::SharedRedis;
use crate::settings::{LimitSettings, Rule};
use deadpool_redis::redis;
use std::sync::Arc;
use std::time::Duration;

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
