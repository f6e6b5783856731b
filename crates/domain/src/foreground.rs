//! Which users have a tab in the foreground right now: the web app tells the
//! gateway when its tab is shown or hidden (`visibility`), and pushes are only
//! sent to users with no tab showing (they see messages arrive already). Each
//! user's visible connections are a sorted set scored by expiry, refreshed by
//! heartbeats, so a gateway that dies leaves nothing behind for long.

use crate::error::Result;
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use std::time::Duration;
use uuid::Uuid;

#[derive(Clone)]
pub struct ForegroundTabs {
    redis: SharedRedis,
    prefix: String,
    ttl: Duration,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl ForegroundTabs {
    /// `ttl`: how long a shown tab counts without a heartbeat.
    pub fn new(redis: SharedRedis, prefix: &str, ttl: Duration) -> Self {
        Self {
            redis,
            prefix: prefix.to_owned(),
            ttl,
        }
    }

    fn key(&self, user: Uuid) -> String {
        format!("{}{{fg:{user}}}", self.prefix)
    }

    /// The connection's tab is showing (said, or still so at a heartbeat).
    pub async fn shown(&self, user: Uuid, connection: Uuid) -> Result<()> {
        let key = self.key(user);
        let expiry = now_ms() + self.ttl.as_millis() as i64;
        let mut conn = self.redis.clone();
        redis::pipe()
            .cmd("ZADD")
            .arg(&key)
            .arg(expiry)
            .arg(connection.to_string())
            .ignore()
            .cmd("ZREMRANGEBYSCORE")
            .arg(&key)
            .arg("-inf")
            .arg(now_ms())
            .ignore()
            .cmd("PEXPIRE")
            .arg(&key)
            .arg(self.ttl.as_millis() as i64)
            .ignore()
            .query_async::<()>(&mut conn)
            .await?;
        Ok(())
    }

    /// The connection's tab is hidden, or the connection closed.
    pub async fn hidden(&self, user: Uuid, connection: Uuid) -> Result<()> {
        let mut conn = self.redis.clone();
        redis::cmd("ZREM")
            .arg(self.key(user))
            .arg(connection.to_string())
            .query_async::<()>(&mut conn)
            .await?;
        Ok(())
    }

    /// Whether any of the user's tabs is showing.
    pub async fn any_shown(&self, user: Uuid) -> Result<bool> {
        let mut conn = self.redis.clone();
        let shown: i64 = redis::cmd("ZCOUNT")
            .arg(self.key(user))
            .arg(now_ms())
            .arg("+inf")
            .query_async(&mut conn)
            .await?;
        Ok(shown > 0)
    }
}
