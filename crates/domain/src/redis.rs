//! Redis: the pool. Every key starts with the configured `redis.key_prefix`, so
//! a deployment (or a test) can share a Redis with others.

use crate::error::{Error, Result};
use crate::settings::RedisSettings;
use deadpool_redis::{Config, Pool, Runtime, Timeouts};
use secrecy::ExposeSecret;
use std::time::Duration;

pub type RedisPool = Pool;

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
