//! Which server a lag-tolerant read goes to. A user who wrote in the last
//! `replica_max_lag_ms` reads the primary (read-your-writes, over every API
//! process: the pin is kept in Redis); anyone else reads a replica that is
//! within the bound, or the primary when none is.

use super::{DbConn, DbPool, Replicas};
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct ReadRouting {
    replicas: Arc<Replicas>,
    redis: SharedRedis,
    prefix: String,
}

impl ReadRouting {
    pub fn new(replicas: Arc<Replicas>, redis: SharedRedis, prefix: &str) -> Self {
        Self {
            replicas,
            redis,
            prefix: prefix.to_owned(),
        }
    }

    pub fn spawn_monitor(&self, primary: DbPool) {
        self.replicas.spawn_monitor(primary);
    }

    fn pin_key(&self, user: Uuid) -> String {
        format!("{}{{rw:{user}}}", self.prefix)
    }

    /// The user wrote: their reads go to the primary until every replica
    /// that may be read has their write. Called before the answer is sent.
    pub async fn pin(&self, user: Uuid) {
        let mut conn = self.redis.clone();
        let pinned: redis::RedisResult<()> = redis::cmd("SET")
            .arg(self.pin_key(user))
            .arg(1)
            .arg("PX")
            .arg(self.replicas.max_lag().as_millis() as u64)
            .query_async(&mut conn)
            .await;
        if let Err(e) = pinned {
            // Unpinned, a read may miss the write for up to the lag bound.
            tracing::warn!(error = %e, "read-your-writes pin not recorded");
        }
    }

    /// Whether the user's reads must see their own writes now. If Redis
    /// does not answer: yes (the primary is always right).
    async fn is_pinned(&self, user: Uuid) -> bool {
        let mut conn = self.redis.clone();
        redis::cmd("EXISTS")
            .arg(self.pin_key(user))
            .query_async(&mut conn)
            .await
            .unwrap_or(true)
    }

    /// A replica's connection for `user`'s read, or None for the primary.
    pub async fn replica_for(&self, user: Uuid) -> Option<DbConn> {
        if self.is_pinned(user).await {
            return None;
        }
        self.replicas.conn().await
    }
}
