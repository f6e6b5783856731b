//! Which server a lag-tolerant read goes to. A user who wrote in the last
//! `replica_max_lag_ms` reads the primary (read-your-writes, over every API
//! process: the pin is kept in Redis); anyone else reads a replica that is
//! within the bound, or the primary when none is.
//!
//! Redis is asked with a short deadline, and after it fails to answer it is
//! left alone for a second, every read going to the primary meanwhile: a
//! Redis outage costs the replicas' help, never a wait on each write.

use super::{DbConn, DbPool, Replicas};
use crate::redis::SharedRedis;
use deadpool_redis::redis;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a pin or a pin check may wait for Redis (a healthy one answers
/// in well under a millisecond).
const REDIS_WAIT: Duration = Duration::from_millis(250);
/// How long Redis is left alone after it failed to answer.
const REDIS_REST: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct ReadRouting {
    replicas: Arc<Replicas>,
    redis: SharedRedis,
    prefix: String,
    started: Instant,
    /// Milliseconds after `started` until which Redis is not asked.
    redis_resting_until: Arc<AtomicU64>,
    /// Until when every read here goes to the primary: a write whose pin
    /// could not be recorded is then still seen by its writer (on this
    /// process; see docs/operations.md).
    unrecorded_pin_until: Arc<AtomicU64>,
}

impl ReadRouting {
    pub fn new(replicas: Arc<Replicas>, redis: SharedRedis, prefix: &str) -> Self {
        Self {
            replicas,
            redis,
            prefix: prefix.to_owned(),
            started: Instant::now(),
            redis_resting_until: Arc::new(AtomicU64::new(0)),
            unrecorded_pin_until: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn spawn_monitor(&self, primary: DbPool) {
        self.replicas.spawn_monitor(primary);
    }

    fn pin_key(&self, user: Uuid) -> String {
        format!("{}{{rw:{user}}}", self.prefix)
    }

    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// The command's answer, or None when Redis is resting, fails, or is
    /// too slow (then it rests).
    async fn ask<T>(&self, command: impl Future<Output = redis::RedisResult<T>>) -> Option<T> {
        if self.now_ms() < AtomicU64::load(&self.redis_resting_until, Ordering::Relaxed) {
            return None;
        }
        match tokio::time::timeout(REDIS_WAIT, command).await {
            Ok(Ok(answer)) => Some(answer),
            failed => {
                if let Ok(Err(e)) = failed {
                    tracing::warn!(error = %e, "read-your-writes: Redis failed; reads go to the primary");
                }
                let until = self.now_ms() + REDIS_REST.as_millis() as u64;
                self.redis_resting_until.store(until, Ordering::Relaxed);
                None
            }
        }
    }

    /// The user wrote: their reads go to the primary until every replica
    /// that may be read has their write. Called before the answer is sent.
    /// Unrecorded (Redis failing), every read of this process goes to the
    /// primary for as long as the pin would have lasted.
    pub async fn pin(&self, user: Uuid) {
        let mut conn = self.redis.clone();
        let mut set = redis::cmd("SET");
        set.arg(self.pin_key(user))
            .arg(1)
            .arg("PX")
            .arg(self.replicas.max_lag().as_millis() as u64);
        if self.ask(set.query_async::<()>(&mut conn)).await.is_none() {
            let until = self.now_ms() + self.replicas.max_lag().as_millis() as u64;
            self.unrecorded_pin_until
                .fetch_max(until, Ordering::Relaxed);
        }
    }

    /// Whether the user's reads must see their own writes now: yes when the
    /// pin is there, and when Redis cannot say.
    async fn is_pinned(&self, user: Uuid) -> bool {
        if self.now_ms() < AtomicU64::load(&self.unrecorded_pin_until, Ordering::Relaxed) {
            return true;
        }
        let mut conn = self.redis.clone();
        let mut exists = redis::cmd("EXISTS");
        exists.arg(self.pin_key(user));
        self.ask(exists.query_async::<bool>(&mut conn))
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
