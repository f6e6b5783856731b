//! Redis: the pool. Every key starts with the configured `redis.key_prefix`, so
//! a deployment (or a test) can share a Redis with others.

use crate::error::{Error, Result};
use crate::settings::RedisSettings;
use deadpool_redis::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use deadpool_redis::{Config, Pool, Runtime, Timeouts};
use secrecy::ExposeSecret;
use std::time::Duration;

/// Connections for work that would hold up the shared connection's other
/// commands behind it: a resume reads its backlog in large pages (thousands of
/// events), and on the shared connection every heartbeat would wait for those
/// replies. Also the readiness probe.
pub type RedisPool = Pool;

/// Redis for the hot paths (presence on every heartbeat, rate limits on every
/// request, typing, the relay's publishing): one multiplexed connection per
/// process, shared by every task, whose concurrent commands are pipelined on
/// it, and which reconnects by itself. A connection taken from the pool costs
/// one more round trip each time (deadpool-redis checks it with UNWATCH + PING
/// before handing it out), which would double the round trips of a heartbeat.
/// Cloning is cheap.
pub type SharedRedis = ConnectionManager;

/// Connects lazily (on first use), so a process starts while Redis is down and
/// its readiness says so.
pub fn shared(settings: &RedisSettings) -> Result<SharedRedis> {
    let client = deadpool_redis::redis::Client::open(settings.url.expose_secret())
        .map_err(|e| Error::RedisPool(e.to_string()))?;
    let timeout = Duration::from_millis(settings.timeout_ms);
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(timeout))
        .set_response_timeout(Some(timeout))
        // A command waits for at most one reconnection; callers retry or
        // degrade (presence and typing are best effort, the relay backs off).
        .set_number_of_retries(1)
        .set_max_delay(Duration::from_millis(500));
    ConnectionManager::new_lazy_with_config(client, config)
        .map_err(|e| Error::RedisPool(e.to_string()))
}

pub fn pool(settings: &RedisSettings) -> Result<RedisPool> {
    let mut config = Config::from_url(settings.url.expose_secret());
    let timeout = Duration::from_millis(settings.timeout_ms);
    let mut pool_config = deadpool_redis::PoolConfig::new(settings.pool_size);
    pool_config.timeouts = Timeouts {
        wait: Some(timeout),
        create: Some(timeout),
        recycle: Some(timeout),
    };
    config.pool = Some(pool_config);
    config
        .create_pool(Some(Runtime::Tokio1))
        .map_err(|e| Error::RedisPool(e.to_string()))
}

/// A cheap round trip, for readiness checks.
pub async fn ping(pool: &RedisPool) -> Result<()> {
    let mut conn = pool.get().await?;
    let _: String = deadpool_redis::redis::cmd("PING")
        .query_async(&mut conn)
        .await?;
    Ok(())
}
